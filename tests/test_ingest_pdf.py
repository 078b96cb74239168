"""PDF reader: the rendered report read back, running heads, split tables, scans."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from govtext.errors import NeedsOCR, UnreadableInput
from govtext.ingest import read
from govtext.model import RawDocument, Table
from govtext.synth.render import render


def _report() -> RawDocument:
    blocks = json.loads((FIXTURES / "formats" / "report_2021.json").read_text("utf-8"))
    return RawDocument("report_2021", "txt", [b if isinstance(b, str) else Table(b["rows"]) for b in blocks])


def _canvas_pdf(draw, **kwargs) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kwargs)
    draw(c)
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "r.pdf"
    path.write_bytes(render(_report(), "pdf"))
    return path


def test_rendered_report_reads_back_identically(report_pdf: Path) -> None:
    got = read(report_pdf)
    assert got.format == "pdf" and got.warnings == []
    assert got.blocks == _report().blocks


def test_table_split_by_a_page_break_is_joined(report_pdf: Path) -> None:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(report_pdf))
    try:                                                   # the break is real: 表三 ends on page 2
        assert len(pdf) >= 2
        page1 = pdf[0].get_textpage().get_text_range()
        page2 = pdf[1].get_textpage().get_text_range()
        assert "本年新收" in page1 and "结转下年度" in page2 and "结转下年度" not in page1
    finally:
        pdf.close()
    t3 = [b for b in read(report_pdf).blocks if isinstance(b, Table)][1]
    assert len(t3.rows) == 28 and t3.rows[-1][:4] == ["四、结转下年度继续办理", "", "", "2"]


def test_long_document_headers_footers_and_wrapped_paragraphs(tmp_path: Path) -> None:
    para = "全年共收到政府信息公开申请6件，" + "按照条例规定依法依规办理并按时答复申请人，" * 12 + "无逾期答复。"
    doc = RawDocument("long", "txt", ["某局2022年政府信息公开工作年度报告"]
                      + [f"（{i}）{para}" for i in range(12)])
    path = tmp_path / "long.pdf"
    path.write_bytes(render(doc, "pdf"))
    got = read(path)
    assert len(got.blocks) == 13
    assert got.blocks == doc.blocks                    # unwrapped across lines and pages


def test_ruleless_table_lines_keep_cells_apart(tmp_path: Path) -> None:
    def draw(c) -> None:
        c.setFont("STSong-Light", 11)
        c.drawString(72, 760, "二、主动公开政府信息情况")
        for i, row in enumerate([["信息内容", "本年制发件数", "本年废止件数"], ["规章", "0", "0"],
                                 ["行政规范性文件", "2", "1"]]):
            for j, cell in enumerate(row):
                c.drawString(72 + 160 * j, 730 - 20 * i, cell)
    path = tmp_path / "ruleless.pdf"
    path.write_bytes(_canvas_pdf(draw))
    assert read(path).blocks == ["二、主动公开政府信息情况", "信息内容\t本年制发件数\t本年废止件数",
                                 "规章\t0\t0", "行政规范性文件\t2\t1"]


def test_scan_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = ImageReader(Image.new("L", (200, 100), 255))
    path = tmp_path / "scan.pdf"
    path.write_bytes(_canvas_pdf(lambda c: c.drawImage(image, 50, 500, 400, 200)))
    with pytest.raises(NeedsOCR, match="scan.pdf: has no text layer; it needs OCR"):
        read(path)


def test_encrypted_pdf_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_canvas_pdf(lambda c: c.drawString(72, 700, "secret"), encrypt="pw"))
    with pytest.raises(UnreadableInput, match="locked.pdf: PDF is encrypted"):
        read(path)


def test_truncated_pdf_is_read_or_refused_clearly(report_pdf: Path, tmp_path: Path) -> None:
    data = report_pdf.read_bytes()
    for cut in (40, len(data) // 3):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(data[:cut])
        try:
            doc = read(path)
        except UnreadableInput as exc:
            assert str(exc).startswith(str(path))
        else:
            assert doc.blocks


def test_boxed_one_column_note_is_text(tmp_path: Path) -> None:
    notes = ["注：本表数据统计期限为2021年全年。", "数据来源：本机关统计。", "金额单位：万元。", "以上数据均已核对。"]

    def draw(c) -> None:
        c.setFont("STSong-Light", 11)
        c.drawString(72, 760, "一、总体情况")
        for i, note in enumerate(notes):
            c.rect(70, 700 - 40 * i, 300, 40)
            c.drawString(80, 715 - 40 * i, note)
    path = tmp_path / "box.pdf"
    path.write_bytes(_canvas_pdf(draw))
    assert read(path).blocks == ["一、总体情况", *notes]


def test_scanned_page_among_text_pages_is_a_warning(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(c) -> None:
        c.setFont("STSong-Light", 11)
        c.drawString(72, 760, "一、总体情况")
        c.showPage()
        c.drawImage(ImageReader(Image.new("L", (200, 100), 255)), 50, 500, 400, 200)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_canvas_pdf(draw))
    doc = read(path)
    assert doc.blocks == ["一、总体情况"]
    assert doc.warnings == ["PDF page(s) 2 have no text layer (scanned?); their content is missing"]


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice (soffice) is not installed; apt install libreoffice-writer-nogui")
def test_word_style_pdf_with_rows_broken_across_pages(tmp_path: Path) -> None:
    """A PDF as Word/LibreOffice export it: cell borders as filled hairlines, extra
    spaces beside Chinese text, and 表三 rows split by page breaks."""
    import subprocess

    from govtext.pipeline import parse_document, parse_file

    doc = _report()
    (tmp_path / "r.docx").write_bytes(render(doc, "docx"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "r.docx")],
                   check=True, capture_output=True, timeout=120)
    got = read(tmp_path / "r.pdf")
    t3 = [b for b in got.blocks if isinstance(b, Table)][1]
    assert t3.rows[2][4:8] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构"]
    assert len(t3.rows) == 28
    key = lambda r: sorted((c.table, c.metric, c.column, c.value) for c in r.cells)  # noqa: E731
    assert key(parse_file(tmp_path / "r.pdf")) == key(parse_document(doc))


def test_dense_line_art_is_bounded(tmp_path: Path) -> None:
    """A mesh is read as its text and no table; past the point cap the grid search
    does no work at all (its speed is measured by scripts/bench_pdf.py, not here)."""
    from govtext.ingest import _pdfgrid

    def draw(c) -> None:
        c.setFont("STSong-Light", 11)
        c.drawString(72, 800, "附图")
        c.setLineWidth(0.2)
        for i in range(180):                     # a 180 x 180 mesh: 32,400 crossings
            c.line(40 + 3 * i, 40, 40 + 3 * i, 580)
            c.line(40, 40 + 3 * i, 580, 40 + 3 * i)
    path = tmp_path / "mesh.pdf"
    path.write_bytes(_canvas_pdf(draw))
    assert read(path).blocks == ["附图"]
    crowd = {(float(i), 0.0): ({0}, {i}) for i in range(_pdfgrid.MAX_POINTS + 1)}
    assert _pdfgrid.points_to_cells(crowd) == []


def test_header_rows_repeated_on_each_page_are_read_once(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus import Table as RLTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rows = [["信息内容", "本年新制作数量", "本年新公开数量"]] + [[f"第{i}类信息", str(i), str(2 * i)] for i in range(60)]
    buf = io.BytesIO()
    table = RLTable(rows, repeatRows=1, style=[("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                                ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")])
    SimpleDocTemplate(buf, pagesize=(A4[0], 400)).build([table])
    path = tmp_path / "repeat.pdf"
    path.write_bytes(buf.getvalue())
    import pypdfium2
    assert len(pypdfium2.PdfDocument(buf.getvalue())) >= 3
    [got] = read(path).blocks
    assert got.rows == rows

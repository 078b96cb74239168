"""DOCX reader: body order, merged cells, list numbering, hostile packages."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from conftest import FIXTURES
from govtext.errors import UnreadableInput
from govtext.ingest import read
from govtext.model import RawDocument, Table
from govtext.synth.render import render


def _report() -> RawDocument:
    blocks = json.loads((FIXTURES / "formats" / "report_2021.json").read_text("utf-8"))
    return RawDocument("report_2021", "txt", [b if isinstance(b, str) else Table(b["rows"]) for b in blocks])


def _save(d, path: Path) -> Path:
    d.save(str(path))
    return path


def test_rendered_report_reads_back_identically(tmp_path: Path) -> None:
    doc = _report()
    path = tmp_path / "r.docx"
    path.write_bytes(render(doc, "docx"))
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode()
    assert "w:gridSpan" in xml and 'w:vMerge w:val="restart"' in xml    # really merged
    got = read(path)
    assert got.format == "docx"
    assert got.blocks == doc.blocks


def test_merged_cells_leave_covered_slots_empty(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("表三")
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(1, 1)).text = "项目"          # 2x2
    t.cell(0, 2).merge(t.cell(0, 3)).text = "申请人情况"     # across
    t.cell(1, 2).text, t.cell(1, 3).text = "自然人", "总计"
    t.cell(2, 0).merge(t.cell(2, 1)).text = "一、本年新收"
    t.cell(2, 2).text, t.cell(2, 3).text = "5", "5"
    d.add_paragraph("表后文字")
    got = read(_save(d, tmp_path / "m.docx")).blocks
    assert got == ["表三", Table([["项目", "", "申请人情况", ""], ["", "", "自然人", "总计"],
                                 ["一、本年新收", "", "5", "5"]]), "表后文字"]


def test_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "说明"
    inner = t.cell(0, 1).add_table(rows=2, cols=2)
    for r, row in enumerate([["规章", "0"], ["规范性文件", "3"]]):
        for c, v in enumerate(row):
            inner.cell(r, c).text = v
    grid = read(_save(d, tmp_path / "n.docx")).blocks[0]
    assert grid.rows == [["说明", "规章 0\n规范性文件 3"]]


def test_automatic_list_numbers_are_put_back(tmp_path: Path) -> None:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [("总体情况", 0), ("主动公开", 1), ("依申请公开", 1), ("主动公开政府信息情况", 0)]:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    got = read(_save(d, tmp_path / "num.docx")).blocks
    assert got == ["一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况"]


def _docx_bytes(**parts: bytes) -> bytes:
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("正文")
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            zf.writestr(item, parts.pop(item.filename, src.read(item.filename)))
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_bytes(**{"word/media/pad.bin": b"\0" * (20 * 2**20)}))
    assert path.stat().st_size < 2**20
    with pytest.raises(UnreadableInput, match="bomb.docx: part word/media/pad.bin is compressed .*zip bomb"):
        read(path)


def test_unpacked_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govtext.ingest import docx as reader
    monkeypatch.setattr(reader, "MAX_UNPACKED", 20_000)
    path = tmp_path / "big.docx"
    path.write_bytes(_docx_bytes(**{"word/media/a.bin": bytes(range(256)) * 100}))
    with pytest.raises(UnreadableInput, match="over the 0 MB limit"):
        read(path)


def test_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    body = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE w:document [{entities}]>'
            f'<w:document {nsdecls("w")}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "lol.docx"
    path.write_bytes(_docx_bytes(**{"word/document.xml": body.encode()}))
    with pytest.raises(UnreadableInput, match="entit"):
        read(path)


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableInput, match="not a Word document"):
        read(path)


def test_truncated_docx(tmp_path: Path) -> None:
    data = render(_report(), "docx")
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableInput, match="cut.docx"):
        read(path)


def test_corrupt_part_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(_docx_bytes(**{"word/document.xml": b"<w:document><unclosed>"}))
    with pytest.raises(UnreadableInput, match="bad.docx"):
        read(path)


def test_style_numbered_headings_and_text_box_read_once(tmp_path: Path) -> None:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    d.styles["Heading 1"].element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="91"/></w:numPr>'))
    d.add_heading("总体情况", level=1)
    p = d.add_paragraph("正文")
    box = ('<w:p><w:r><w:t>框内文字</w:t></w:r></w:p>')
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>{box}</w:txbxContent></mc:Choice>'
        f'<mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent></w:pict></mc:Fallback>'
        "</mc:AlternateContent></w:r>"))
    d.add_heading("主动公开政府信息情况", level=1)
    got = read(_save(d, tmp_path / "styled.docx")).blocks
    assert got == ["一、总体情况", "正文框内文字", "二、主动公开政府信息情况"]

"""Render a :class:`~govtext.model.RawDocument` as an HTML page, a DOCX or a PDF.

The renderings are what real reports look like when published: an HTML article inside
site chrome (some pages GBK-encoded), Word tables with real merged header cells, a PDF
with ruled tables that break across pages, a running header and page numbers.  Reading
a rendering back must give the same grids, so a covered slot of a merge is always a
cell the grid holds as ''.
"""
from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

from .. import data
from ..model import RawDocument, Table

FORMATS = ("html", "docx", "pdf")
_NUMBER_START = re.compile(r"^\s*[-+]?[\d.,%]*\d")


def render(doc: RawDocument, fmt: str, *, variant: int = 0) -> bytes:
    """The bytes of ``doc`` rendered as ``fmt`` ("html", "docx" or "pdf").

    ``variant`` picks among realistic presentations (HTML chrome and encoding).
    """
    renderers = {"html": _html, "docx": _docx, "pdf": _pdf}
    if fmt not in renderers:
        raise ValueError(f"cannot render format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt](doc, variant)


def write(doc: RawDocument, path: str | os.PathLike[str], *, variant: int = 0) -> Path:
    """Render ``doc`` into ``path``, the format taken from its suffix."""
    p = Path(path)
    p.write_bytes(render(doc, p.suffix.lower().lstrip("."), variant=variant))
    return p


def merges(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged cells as published: ``{(row, col): (rowspan, colspan)}``.

    A label cell spans the empty slots to its right, then down while the whole width
    below it is empty, which gives the official 表三/表四 headers ("申请人情况" over its
    columns, "三、本年度办理结果" down its rows).  Only empty slots are ever covered.
    """
    height, width = len(rows), _width(rows)

    def cell(r: int, c: int) -> str:
        return rows[r][c] if c < len(rows[r]) else ""

    taken: set[tuple[int, int]] = set()
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(height):
        for c in range(width):
            text = cell(r, c)
            if (r, c) in taken or not text.strip() or _NUMBER_START.match(text):
                continue
            cs = 1
            while c + cs < width and not cell(r, c + cs).strip() and (r, c + cs) not in taken:
                cs += 1
            rs = 1
            while r + rs < height and all(not cell(r + rs, c + k).strip()
                                          and (r + rs, c + k) not in taken for k in range(cs)):
                rs += 1
            if rs > 1 or cs > 1:
                out[(r, c)] = (rs, cs)
                taken.update((r + i, c + k) for i in range(rs) for k in range(cs))
    return out


def _lines(doc: RawDocument) -> list[str | Table]:
    """Blocks with multi-line paragraphs split into one paragraph per line."""
    out: list[str | Table] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            out.append(block)
        else:
            out.extend(line.strip() for line in block.split("\n") if line.strip())
    return out


def _width(rows: list[list[str]]) -> int:
    return max((len(r) for r in rows), default=0)


# ------------------------------------------------------------------ HTML

def _html(doc: RawDocument, variant: int) -> bytes:
    """A portal page: nav, breadcrumb, metadata box, the article, related links, footer."""
    blocks = _lines(doc)
    title = blocks[0] if blocks and isinstance(blocks[0], str) else ""
    body = blocks[1:] if title else blocks
    gbk = variant % 2 == 1
    conf = data.load("formats")["render"]
    esc = html.escape
    labels = data.load("formats")["html"]["meta_labels"][:4]
    meta = "".join(f"<tr><td>{esc(label)}:</td><td>{i + 1:04d}</td></tr>" for i, label in enumerate(labels))
    nav = "".join(f'<li><a href="/n{i}/">{esc(t)}</a></li>' for i, t in enumerate(conf["nav"]))
    here, *trail = conf["breadcrumb"]
    crumbs = esc(here) + " &gt; ".join(f'<a href="/c{i}/">{esc(t)}</a>' for i, t in enumerate(trail))
    related = "".join(f'<a href="/r{i}">{esc(t)}</a>' for i, t in enumerate(conf["related"]))
    article = "\n".join(_html_table(b.rows) if isinstance(b, Table) else f"<p>{esc(b)}</p>" for b in body)
    box = conf["containers"][variant % len(conf["containers"])]
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={'gb2312' if gbk else 'utf-8'}">
<title>{esc(title)}_{esc(conf['site_name'])}</title>
<style>td {{ border: 1px solid #999; }}</style><script>var site = "{esc(conf['site_name'])}";</script></head>
<body><div class="header"><ul class="nav">{nav}</ul></div>
<div class="position">{crumbs}</div>
<div class="main"><table class="xxgk_table">{meta}</table>
<h1>{esc(title)}</h1><div class="info">{esc(conf['info'])}</div>
<div id="{box}" class="{box}">
{article}
</div>
<div class="related">{related}</div></div>
<div class="footer">{esc(conf['footer'])} <a href="/map">{esc(conf['footer_link'])}</a></div>
</body></html>
"""
    return page.encode("gb18030" if gbk else "utf-8")


def _html_table(rows: list[list[str]]) -> str:
    spans = merges(rows)
    covered = {(r + i, c + k) for (r, c), (rs, cs) in spans.items()
               for i in range(rs) for k in range(cs)} - set(spans)
    out = ['<table border="1" cellspacing="0">']
    for r, row in enumerate(rows):
        cells = []
        for c in range(_width(rows)):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            text = html.escape(row[c] if c < len(row) else "").replace("\n", "<br>")
            cells.append(f"<td{attrs}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


# ------------------------------------------------------------------ DOCX

def _docx(doc: RawDocument, variant: int) -> bytes:
    """A Word document: paragraphs, and tables whose header cells are really merged."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    grid_style = d.styles["Table Grid"].style_id      # looked up once: python-docx is slow at it
    for i, block in enumerate(_lines(doc)):
        if isinstance(block, Table):
            _docx_table(d, block.rows, grid_style)
        elif i == 0:
            d.add_heading(block, level=1)
        else:
            d.add_paragraph(block).paragraph_format.first_line_indent = Pt(21)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _docx_table(d, rows: list[list[str]], style_id: str) -> None:
    from docx.table import _Cell

    width = _width(rows)
    if not width:
        return
    table = d.add_table(rows=len(rows), cols=width)
    table._tbl.tblPr.style = style_id
    # Cell objects taken once: python-docx recomputes the whole grid on every cell() call.
    tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                _Cell(tcs[r][c], table).text = text
    for (r, c), (rs, cs) in merges(rows).items():
        _Cell(tcs[r][c], table).merge(_Cell(tcs[r + rs - 1][c + cs - 1], table))
    d.add_paragraph("")


# ------------------------------------------------------------------ PDF

_FONT = "STSong-Light"


def _pdf(doc: RawDocument, variant: int) -> bytes:
    """An A4 PDF in the built-in CID font: ruled tables, running header, page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    text_style = ParagraphStyle("body", fontName=_FONT, fontSize=11, leading=17,
                                firstLineIndent=22, wordWrap="CJK", spaceAfter=4)
    title_style = ParagraphStyle("title", parent=text_style, fontSize=16, leading=24,
                                 firstLineIndent=0, alignment=1, spaceAfter=10)
    cell_style = ParagraphStyle("cell", fontName=_FONT, fontSize=8, leading=10, wordWrap="CJK")
    blocks = _lines(doc)
    running = blocks[0] if blocks and isinstance(blocks[0], str) else ""
    frame_width = A4[0] - 4 * cm

    story = []
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            rows = [r + [""] * (_width(block.rows) - len(r)) for r in block.rows]
            if not rows or not rows[0]:
                continue
            cells = [[Paragraph(html.escape(t).replace("\n", "<br/>"), cell_style) for t in r] for r in rows]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            style += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for (r, c), (rs, cs) in merges(rows).items()]
            table = RLTable(cells, colWidths=_col_widths(rows, frame_width), style=TableStyle(style))
            story += [table, Spacer(1, 8)]
        else:
            story.append(Paragraph(html.escape(block), title_style if i == 0 else text_style))

    def decorate(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, running)
        canvas.line(2 * cm, A4[1] - 1.35 * cm, A4[0] - 2 * cm, A4[1] - 1.35 * cm)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"- {document.page} -")
        canvas.restoreState()

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm, title=running,
                      invariant=1).build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def _col_widths(rows: list[list[str]], total: float) -> list[float]:
    """Column widths by the longest text each column holds outside merged cells."""
    spans = merges(rows)
    width = _width(rows)
    need = [3.0] * width
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if spans.get((r, c), (1, 1))[1] == 1:
                need[c] = max(need[c], min(len(text) + 1, 10))
    scale = total / sum(need)
    return [n * scale for n in need]

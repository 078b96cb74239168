"""PDF: text lines and ruled tables from pypdfium2, in reading order.

PDFium gives each page's text segments with their boxes and its drawn objects; lines
are rebuilt from the segments, and tables from the ruling lines (``_pdfgrid``), the
text of each cell read from its box.  Lines are put back into paragraphs (a line
reaching the right margin continues on the next one), running headers, footers and
page numbers are dropped, and a table cut by a page break is joined back, its columns
aligned by their x positions so the grid matches the one the report was drawn from.
A PDF without a text layer raises :class:`~govtext.errors.NeedsOCR`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import data
from ..errors import NeedsOCR, UnreadableInput
from ..model import Block, RawDocument, Table
from . import _pdfgrid as _grid

#: Documents with more pages than this are refused.
MAX_PAGES = 2000
#: Spaces PDF producers put beside Chinese characters ("2021 年", "培训 ，"): not text.
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")
_LATIN_RUN = re.compile(r"[A-Za-z0-9.,%]+")
_NUMBER = re.compile(r"^[\d.,%\s-]+$")
#: Edges closer than this (points) are the same column edge.
_EDGE_TOL = 3.0


@dataclass(slots=True)
class Line:
    """One line of text on a page, in PDF points with y growing upwards."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(slots=True)
class _Grid:
    """A table found on one page: its box (PDF points) and cells with their x edges."""
    x0: float
    x1: float
    top: float
    bottom: float
    rows: list[list[tuple[float, float, str]]]   # per row: (x0, x1, text) of its real cells
    edges: list[float] = field(default_factory=list)


@cache
def _conf() -> dict:
    conf = data.load("formats")["pdf"]
    return {**conf, "page_number": [re.compile(p) for p in conf["page_number_patterns"]]}


def read_pdf(path: Path, raw: bytes) -> RawDocument:
    """The paragraphs and tables of a PDF in reading order."""
    import pypdfium2 as pdfium

    source = str(path)
    pdf = _open(pdfium, source, raw)
    try:
        n = len(pdf)
        if n == 0:
            raise UnreadableInput(source, "PDF has no pages")
        if n > MAX_PAGES:
            raise UnreadableInput(source, f"PDF has {n} pages, over the {MAX_PAGES}-page limit")
        pages, grids, blank = [], {}, []
        for i in range(n):
            page = pdf[i]
            tp = page.get_textpage()
            lines = _page_lines(tp)
            pages.append(lines)
            if lines:
                grids[i] = _page_tables(pdfium.raw, page, tp)
            else:
                blank.append(i)
            tp.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise UnreadableInput(source, f"PDF is damaged ({exc})") from None
    finally:
        pdf.close()
    if len(blank) == n:
        raise NeedsOCR(source, "has no text layer; it needs OCR (e.g. tesseract-ocr-chi-sim)")
    warnings = [f"PDF page(s) {', '.join(str(i + 1) for i in blank)} have no text layer "
                "(scanned?); their content is missing"] if blank else []
    blocks = _blocks(_drop_running(pages), grids)
    return RawDocument(source=source, format="pdf", blocks=blocks, warnings=warnings)


def _open(pdfium, source: str, raw: bytes):
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise UnreadableInput(source, "PDF is encrypted with a password; decrypt it first "
                                  "(e.g. qpdf --decrypt)") from None
        raise UnreadableInput(source, f"is not a readable PDF ({msg})") from None


# ------------------------------------------------------------------ lines

def _page_lines(tp) -> list[Line]:
    """The page's text lines top to bottom; segments of a line joined left to right,
    a wide gap between them kept as a TAB (a table without ruling lines)."""
    segs = []
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        text = tp.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", " ")
        text = _CJK_SPACE.sub("", text)
        if text.strip():
            segs.append(Line(text.strip(), left, right, top, bottom))
    segs.sort(key=lambda s: -s.top)
    rows: list[list[Line]] = []
    for seg in segs:
        mid = (seg.top + seg.bottom) / 2
        if rows and rows[-1][0].bottom <= mid <= rows[-1][0].top:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return [_join_segments(sorted(r, key=lambda s: s.x0)) for r in rows]


def _join_segments(segs: list[Line]) -> Line:
    height = max(s.top - s.bottom for s in segs) or 10.0
    parts = [segs[0].text]
    for prev, seg in zip(segs, segs[1:]):
        gap = seg.x0 - prev.x1
        spaced = gap > 0.25 * height and _word(prev.text[-1]) and _word(seg.text[0])
        parts.append("\t" if gap > 1.5 * height else (" " if spaced else ""))
        parts.append(seg.text)
    return Line("".join(parts), segs[0].x0, max(s.x1 for s in segs),
                max(s.top for s in segs), min(s.bottom for s in segs))


def _drop_running(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without running headers, footers and page numbers.

    A page number is recognised by its pattern among the two top or bottom lines of a
    page; a running header or footer by the same outermost line (digits masked) on
    most pages.
    """
    conf = _conf()
    n = len(pages)
    need = max(2, int(conf["repeat_share"] * n + 0.999))

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    drop: set[tuple[int, int]] = set()
    for pos in (0, 1, -1, -2):
        keys = [key(p[pos]) if len(p) >= (pos + 1 if pos >= 0 else -pos) else None for p in pages]
        for i, k in enumerate(keys):
            if k is None:
                continue
            j = pos % len(pages[i])
            page_no = any(p.match(k.replace("#", "1")) for p in conf["page_number"])
            outermost = pos in (0, -1)
            if page_no or (outermost and n >= conf["repeat_min_pages"] and keys.count(k) >= need):
                drop.add((i, j))
    return [[line for j, line in enumerate(p) if (i, j) not in drop] for i, p in enumerate(pages)]


# ------------------------------------------------------------------ tables

def _page_tables(raw, page, tp) -> list[_Grid]:
    """The page's ruled tables as grids of (x0, x1, text) rows, cell text read by PDFium."""
    cells = _grid.points_to_cells(_grid.edges_to_points(_grid.page_to_edges(raw, page)))
    out = []
    for table in _grid.cells_to_tables(cells):
        x0, x1 = min(c.x0 for c in table), max(c.x1 for c in table)
        top, bottom = max(c.top for c in table), min(c.bottom for c in table)
        # A lone box (a frame, a stamp) or a mesh without text (a chart) is no table.
        if len(table) < 2 or not tp.get_text_bounded(x0, bottom, x1, top).strip():
            continue
        rows: dict[float, list[tuple[float, float, str]]] = {}
        for c in sorted(table, key=lambda c: c.x0):
            text = _cell_text(tp.get_text_bounded(c.x0, c.bottom, c.x1, c.top))
            rows.setdefault(c.top, []).append((c.x0, c.x1, text))
        edges = sorted({c.x0 for c in table} | {c.x1 for c in table})
        out.append(_Grid(x0, x1, top, bottom, [rows[t] for t in sorted(rows, reverse=True)], edges))
    return out


def _cell_text(text: str) -> str:
    """A cell's wrapped lines joined back into one string."""
    return _unwrap(_CJK_SPACE.sub("", text.replace("\r", "")).split("\n"))


def _unwrap(lines: list[str]) -> str:
    """Wrapped lines joined: a space only between two Latin words, since Chinese text
    and numbers ("1" + "0" of a narrow cell) wrap without one."""
    out = ""
    for line in (s.strip() for s in lines):
        if out and line and _word(out[-1]) and _word(line[0]) \
                and not (out[-1].isdigit() and line[0].isdigit()):
            out += " "
        out += line
    return out


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _merge_edges(edges: list[float]) -> list[float]:
    out: list[float] = []
    for e in sorted(edges):
        if not out or e - out[-1] > _EDGE_TOL:
            out.append(e)
    return out


def _to_table(parts: list[_Grid]) -> Table:
    """Table parts (one per page) as one grid over the union of their column edges,
    a row that the page break cut in two put back together."""
    edges = _merge_edges([e for p in parts for e in p.edges])[:-1] or [0.0]
    rows: list[list[str]] = []
    for k, part in enumerate(parts):
        cells_rows = part.rows[_repeated_header(parts[0].rows, part.rows):] if k else part.rows
        if k and cells_rows and _continues_row(parts[k - 1].rows[-1], cells_rows[0]):
            for x0, _, text in cells_rows[0]:
                col = _column(edges, x0)
                rows[-1][col] = _unwrap([rows[-1][col], text])
            cells_rows = cells_rows[1:]
        for cells in cells_rows:
            row = [""] * len(edges)
            for x0, _, text in cells:
                col = _column(edges, x0)
                row[col] = f"{row[col]} {text}".strip() if row[col] else text
            if any(row):
                rows.append(row)
    return Table(rows=rows or [[""]])


def _column(edges: list[float], x: float) -> int:
    return min(bisect_left(edges, x - _EDGE_TOL), len(edges) - 1)


def _repeated_header(first: list, rows: list) -> int:
    """How many leading rows of a continuation repeat the table's header rows (Word's
    "repeat as header row at the top of each page")."""
    def key(row: list[tuple[float, float, str]]) -> list[tuple[int, str]]:
        return [(round(x0), t) for x0, _, t in row]

    def heading(row: list[tuple[float, float, str]]) -> bool:
        return any(t and not _NUMBER.match(t) for *_, t in row)

    n = 0
    while n < min(len(first) - 1, len(rows) - 1) and heading(rows[n]) and key(rows[n]) == key(first[n]):
        n += 1
    return n


def _continues_row(last: list[tuple[float, float, str]], first: list[tuple[float, float, str]]) -> bool:
    """True when a part's first row is the rest of the previous part's last row (Word
    lets a row break across pages): its text sits only in cells drawn exactly like
    text cells of that last row, and it has no figures of its own."""
    above = {(round(x0), round(x1)): t for x0, x1, t in last}
    texts = [(x0, x1, t) for x0, x1, t in first if t]
    return bool(texts) and all(
        not _NUMBER.match(t) and any(abs(x0 - a0) <= _EDGE_TOL and abs(x1 - a1) <= _EDGE_TOL
                                     and prev and not _NUMBER.match(prev)
                                     for (a0, a1), prev in above.items())
        for x0, x1, t in texts)


# ------------------------------------------------------------------ blocks

def _blocks(pages: list[list[Line]], grids: dict[int, list[_Grid]]) -> list[Block]:
    """Lines and tables in reading order, paragraphs unwrapped, split tables joined."""
    items: list[tuple[str, object]] = []           # ("line", Line) | ("table", _Grid) | ("page", None)
    prose: list[Line] = []
    for i, lines in enumerate(pages):
        tables = sorted(grids.get(i, []), key=lambda g: -g.top)
        free = [ln for ln in lines if not any(_inside(ln, g) for g in tables)]
        prose += free
        merged = sorted([(ln.top, "line", ln) for ln in free] + [(g.top, "table", g) for g in tables],
                        key=lambda t: -t[0])
        items.append(("page", None))
        items.extend((kind, obj) for _, kind, obj in merged)
    return _assemble(items, _Layout.of(prose))


def _inside(line: Line, g: _Grid) -> bool:
    mid_y = (line.top + line.bottom) / 2
    return g.bottom - 1 <= mid_y <= g.top + 1 and line.x1 > g.x0 and line.x0 < g.x1


@dataclass(slots=True)
class _Layout:
    """The prose block's margins, line height, and whether paragraphs are indented."""
    left: float
    right: float
    height: float
    indents: bool

    @classmethod
    def of(cls, lines: list[Line]) -> "_Layout":
        if not lines:
            return cls(0.0, 0.0, 10.0, False)
        lefts = sorted(ln.x0 for ln in lines)
        rights = sorted(ln.x1 for ln in lines)
        height = sorted(ln.top - ln.bottom for ln in lines)[len(lines) // 2] or 10.0
        left = lefts[len(lefts) // 10]
        indented = sum(1 for ln in lines if left + 0.8 * height < ln.x0 < left + 4 * height)
        return cls(left, rights[len(rights) * 9 // 10], height, indented >= 0.1 * len(lines))

    def full(self, line: Line, carried: str = "") -> bool:
        """True when ``line`` reaches the right margin, or stops short of it by the room
        the unbreakable Latin/number run ``carried`` to the next line would need."""
        return line.x1 >= self.right - (1.5 + 0.6 * len(carried)) * self.height

    def indented(self, line: Line) -> bool:
        return line.x0 > self.left + 0.8 * self.height

    def continues(self, last: Line, line: Line) -> bool:
        """True when ``line`` goes on with the paragraph ``last`` ended on.

        ``last`` must reach the right margin and ``line`` must not be indented.  After
        a sentence end (。) that is all a document without first-line indents tells,
        so the paragraph ends; with indents, it goes on when ``line`` is prose too
        (full, or ending with punctuation) rather than a short flush heading.
        """
        carried = _LATIN_RUN.match(line.text)
        if "\t" in last.text or "\t" in line.text or self.indented(line) \
                or not self.full(last, carried.group() if carried else ""):
            return False
        if not last.text.endswith(tuple(_conf()["paragraph_end"])):
            return True
        return self.indents and (self.full(line) or line.text.endswith(tuple(_conf()["prose_end"])))


def _assemble(items: list[tuple[str, object]], layout: _Layout) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    open_table: list[_Grid] = []
    last: Line | None = None                      # the previous line, while a paragraph is open
    after_page = False

    def close_para() -> None:
        nonlocal last
        if para:
            blocks.append(_unwrap(para))
            para.clear()
        last = None

    def close_table() -> None:
        if open_table:
            table = _to_table(open_table)
            # A framed box of one column (a boxed note or title) is text, not a table.
            blocks.extend([table] if len(table.rows[0]) > 1 else [r[0] for r in table.rows if r[0]])
            open_table.clear()

    for kind, obj in items:
        if kind == "page":
            after_page = True
            continue
        if kind == "table":
            g = obj
            continues = (after_page and open_table and abs(open_table[-1].x0 - g.x0) <= _EDGE_TOL
                         and abs(open_table[-1].x1 - g.x1) <= _EDGE_TOL)
            close_para()
            if not continues:
                close_table()
            open_table.append(g)
        else:
            close_table()
            ln = obj
            if last is None or not layout.continues(last, ln):
                close_para()
            para.append(ln.text)
            last = ln
        after_page = False
    close_para()
    close_table()
    return blocks

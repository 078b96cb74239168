"""Lay a composed report out as text, in the layouts published reports come in.

Every layout records where each paragraph and each annotated table cell starts in the
text it writes (``anchors``), so ground truth can point into it.  ``canonical`` is the
layout :func:`govtext.normalize.document_to_text` gives for the same document (what an
HTML, DOCX or PDF rendering reads back as); the others imitate text files seen in the
wild:

- ``cells``: one cell per line after a TAB, rows between blank lines (copied Word tables)
- ``tabs``: one row per line, cells by TAB
- ``pipe_cells``: one cell per line ending in ``|`` (or ``\\|``), with ``|||`` residue
  lines or residue after a row's last cell
- ``pipe_rows``: ``cell | cell |`` rows on one line
- ``markdown``: ``#`` headings at random levels and markdown pipe tables
- ``pdf``: text extracted from a PDF: paragraphs hard-wrapped mid-sentence, spaces
  around numbers ("2020 年"), table rows as ``label 0 0 0``, 表四's header stacked
  character by character, page numbers and running headers between pages (r040, r071)
- ``oneline``: the body on one line, headings inside it (r014, r024, r043)

Any layout may come out in Traditional characters, as mirror sites copy pages (r005,
r020): narrative-only pages often, pages with tables now and then (normalization folds
Traditional labels back, so the tables still read).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from functools import cache

import regex

from .. import data
from .compose import Block, Grid, Para

LAYOUTS = ("cells", "tabs", "pipe_cells", "pipe_rows", "markdown", "pdf", "oneline")
#: Share of narrative-only reports written in Traditional characters.
TRADITIONAL_RATE = 0.15
#: The same for reports with tables.
TRADITIONAL_TABLE_RATE = 0.04
_ASCII_PUNCT = str.maketrans("，（）：；！？", ",():;!?")
_WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(slots=True)
class Rendered:
    text: str
    layout: str
    #: block index → offset of a paragraph's text; (block, row, col) → a cell's text;
    #: (block, row) → the start of a table row
    anchors: dict = field(default_factory=dict)
    cut: int | None = None
    #: block index → (offset in the paragraph, length) of text a layout put inside it
    #: (line breaks, page furniture, spaces around numbers)
    shifts: dict = field(default_factory=dict)
    traditional: bool = False

    def at(self, b: int, offset: int, end: bool = False) -> int:
        """The text offset of ``offset`` into paragraph ``b``: after what a layout
        inserted there for a start, before it for an end."""
        shift = sum(n for p, n in self.shifts.get(b, ()) if p < offset or (p == offset and not end))
        return self.anchors[b] + offset + shift


class _Out:
    """A growing text that knows its length."""
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0

    def add(self, s: str) -> int:
        start = self.n
        self.parts.append(s)
        self.n += len(s)
        return start


def lay_out_canonical(blocks: list[Block]) -> Rendered:
    """The text :func:`govtext.normalize.document_to_text` makes of these blocks."""
    out, anchors = _Out(), {}
    first = True
    for b, block in enumerate(blocks):
        if isinstance(block, Para):
            if not first:
                out.add("\n")
            anchors[b] = out.add(block.text)
        else:
            out.add("" if first else "\n")
            for r, row in enumerate(block.rows):
                out.add("\n")
                anchors[(b, r)] = out.n
                for c, cell in enumerate(row):
                    if c:
                        out.add("\t")
                    anchors[(b, r, c)] = out.add(" ".join(cell.replace("|", " ").replace("\t", " ").split()))
            out.add("\n")
        first = False
    return Rendered("".join(out.parts), "canonical", anchors)


def lay_out(blocks: list[Block], layout: str, rng: random.Random) -> Rendered:
    """The report as a text file in ``layout``."""
    style = _Style(rng, layout)
    out, anchors, shifts = _Out(), {}, {}
    prev: Block | None = None
    for b, block in enumerate(blocks):
        if isinstance(block, Para):
            if b:
                out.add(style.sep(prev, block))
            out.add(style.prefix(block))
            text, inserted = style.body(block)
            anchors[b] = out.add(text)
            if inserted:
                shifts[b] = inserted
            out.add(style.suffix(block))
        else:
            out.add(style.table_lead)
            style.table(block)
            _TABLES[layout](block, b, out, anchors, style)
        prev = block
    if rng.random() < 0.5:
        out.add("\n")
    return Rendered("".join(out.parts), layout, anchors, shifts=shifts)


def mirrored(rendered: Rendered, blocks: list[Block], rng: random.Random) -> Rendered:
    """``rendered`` as a mirror site may copy it: now and then in Traditional characters
    (one for one, so every offset stays)."""
    rate = TRADITIONAL_TABLE_RATE if any(isinstance(x, Grid) for x in blocks) else TRADITIONAL_RATE
    if rng.random() >= rate:
        return rendered
    return replace(rendered, text=to_traditional(rendered.text), traditional=True)


@cache
def _traditional() -> dict[int, int]:
    """Simplified → Traditional characters (one for one, so offsets stay)."""
    t = data.load("synth")["traditional"]
    return str.maketrans(t["simplified"], t["traditional"])


def to_traditional(text: str) -> str:
    """``text`` as a mirror site's converter writes it."""
    return text.translate(_traditional())


def truncate(rendered: Rendered, blocks: list[Block], rng: random.Random) -> Rendered:
    """Cut the text as a page excerpt ends: mostly inside 表三's rows, sometimes in
    表二 or in the prose before the tables."""
    grids = {g.table: b for b, g in enumerate(blocks) if isinstance(g, Grid)}
    where = rng.choices(("t3", "t2", "prose"), weights=(75, 12, 13))[0]
    if where in grids:
        b = grids[where]
        row = rng.randint(5 if where == "t3" else 2, len(blocks[b].rows) - 2)
        cut = rendered.anchors[(b, row)] + rng.randint(1, 5)
    else:
        paras = [b for b, p in enumerate(blocks[:min(grids.values(), default=len(blocks))])
                 if isinstance(p, Para) and p.role == "body" and len(p.text) > 40]
        b = rng.choice(paras[len(paras) // 2:] or paras)
        cut = rendered.at(b, rng.randint(10, len(blocks[b].text) - 5))
    return Rendered(rendered.text[:cut], rendered.layout, rendered.anchors, cut,
                    rendered.shifts, rendered.traditional)


_HAN = regex.compile(r"\p{Han}")
_NUMBER = regex.compile(r"\d+(?:\.\d+)?%?")
#: Characters a line may not start with (CJK line breaking).
_NO_LINE_START = set("，。、；：！？）》”’,.;:!?)%")
_NO_LINE_END = set("（《“‘(")
#: A table cell holding a figure (the cells a page's alignment pads), not a label.
_FIGURE = regex.compile(r"[+-]?\d+(?:\.\d+)?(?: ?万元?)?")
#: The paddings a report's table columns draw from.
_PAD_PALETTES = (("\u3000", "\u3000\u3000", "\u00a0", ""), ("\u3000", "\u3000\u3000"),
                 (" ", "  ", ""), ("\u00a0", " "))


class _Style:
    """The per-report habits of a text file: separators, indentation, punctuation."""
    def __init__(self, rng: random.Random, layout: str):
        self.rng, self.layout = rng, layout
        pdf = layout == "pdf"
        self.para_sep = "\n\n" if layout in ("cells", "markdown") or (not pdf and rng.random() < 0.4) else "\n"
        self.indent = "" if pdf or layout == "oneline" else rng.choice(("", "", "", "\u3000\u3000", "    "))
        self.ascii = rng.random() < (0.8 if pdf else 0.4)
        self.wide_digits = not pdf and rng.random() < 0.1
        self.pad = rng.random() < 0.5 and layout == "cells"
        #: the padding a report's tables put before figures: ideographic spaces and
        #: no-break spaces (seeds 000, 001) or ASCII spaces (r061, r080)
        self.pad_palette = rng.choice(_PAD_PALETTES)
        self.pads: dict[int, tuple[str, str]] = {}
        self.drop_covered = rng.random() < 0.5
        self.table_lead = "\n\n" if layout == "cells" else "\n"
        self.pipe_end = rng.choice((" |", "|", " \\|"))
        self.bold = rng.random() < 0.5
        self.short_heads = rng.random() < 0.4
        self.glue_residue = rng.random() < 0.4
        # pdf: line width, spaces around numbers, page furniture, wrapped table labels
        self.width = rng.randint(26, 36)
        self.spaced = rng.random() < 0.6
        self.page_lines = rng.randint(30, 44)
        self.lines = 0
        self.page = rng.randint(1, 3)
        pages = data.load("synth")["pdf"]
        self.footer = rng.choice(pages["footers"])
        self.header = rng.choice(pages["headers"]) if rng.random() < 0.4 else None
        self.label_width = rng.randint(12, 18) if rng.random() < 0.5 else 0
        self.label_line = rng.choice((0, 1))
        self.stack = rng.choice((1, 2))
        # oneline: is the title on the body's line too (r014) or above it (r024)
        self.title_inline = rng.random() < 0.4

    def sep(self, prev: Block | None, p: Para) -> str:
        """What goes between the previous block and paragraph ``p``."""
        if self.layout == "oneline" and isinstance(prev, Para) and p.role != "chrome" and (
                prev.role in ("body", "heading", "sub") or (prev.role == "title" and self.title_inline)):
            return " "
        if self.layout == "pdf":
            return self.newline()
        return self.para_sep

    def newline(self) -> str:
        """A line break in a PDF text; at a page's end, with its furniture."""
        self.lines += 1
        if self.lines < self.page_lines:
            return "\n"
        self.lines = 0
        self.page += 1
        out = "\n" + self.footer.format(p=self.page - 1) + "\n"
        if self.header:
            out += self.header.format(p=self.page) + "\n"
        return out

    def prefix(self, p: Para) -> str:
        if self.layout == "markdown" and p.role == "sub" and self.bold:
            return "**"
        if self.layout == "markdown" and p.role in ("heading", "sub", "title"):
            level = {"title": 1, "heading": self.rng.choice((2, 2, 3, 4)), "sub": self.rng.choice((3, 4))}[p.role]
            return "#" * level + " "
        return self.indent if p.role == "body" else ""

    def suffix(self, p: Para) -> str:
        return "**" if self.layout == "markdown" and p.role == "sub" and self.bold else ""

    def prose(self, text: str) -> str:
        if self.ascii:
            text = text.translate(_ASCII_PUNCT)
        if self.wide_digits:
            text = text.translate(_WIDE_DIGITS)
        return text

    def body(self, p: Para) -> tuple[str, list[tuple[int, int]]]:
        """A paragraph's text and what the layout inserted into it, (offset, length)."""
        text = self.prose(p.text)
        if self.layout != "pdf" or p.role in ("heading", "title", "sub", "chrome"):
            return text, []
        inserts: dict[int, str] = {}
        if self.spaced:
            for m in _NUMBER.finditer(text):
                for at, near in ((m.start(), m.start() - 1), (m.end(), m.end())):
                    if 0 <= near < len(text) and _HAN.match(text[near]):
                        inserts[at] = " "
        start = 0
        while len(text) - start > self.width:
            cut = start + self.width
            while cut > start + 1 and (text[cut] in _NO_LINE_START or text[cut - 1] in _NO_LINE_END or
                                       (text[cut].isdigit() and text[cut - 1] in "0123456789.")):
                cut -= 1
            inserts[cut] = self.newline()
            start = cut
        out, shifts, pos = [], [], 0
        for at in sorted(inserts):
            out.append(text[pos:at] + inserts[at])
            shifts.append((at, len(inserts[at])))
            pos = at
        out.append(text[pos:])
        return "".join(out), shifts

    def table(self, grid: Grid) -> None:
        """Draw a table's padding: one (before, after) per column, kept by every row,
        as a page's cell alignment pads a whole column alike."""
        if not self.pad:
            return
        after = self.rng.choice(("", "", " "))
        self.pads = {c: (self.rng.choice(self.pad_palette), after)
                     for c in range(max(len(row) for row in grid.rows))}

    def cell(self, text: str, col: int = 0) -> tuple[str, str, str]:
        """(before, text, after) for one cell: its column's padding before a figure,
        punctuation."""
        text = self.prose(text)
        if self.pad and _FIGURE.fullmatch(text):
            before, after = self.pads.get(col, ("", ""))
            return before, text, after
        return "", text, ""


def _slots(grid: Grid, r: int, style: _Style) -> list[int]:
    """The columns of row ``r`` a layout writes (covered slots may be dropped)."""
    row = grid.rows[r]
    return [c for c in range(len(row)) if not (style.drop_covered and grid.covered[r][c])]


def _cells(grid: Grid, b: int, out: _Out, anchors: dict, style: _Style) -> None:
    for r in range(len(grid.rows)):
        anchors[(b, r)] = out.n
        for c in _slots(grid, r, style):
            before, text, after = style.cell(grid.rows[r][c], c)
            out.add("\t" + before)
            anchors[(b, r, c)] = out.add(text)
            out.add(after + "\n")
        out.add("\n")


def _tabs(grid: Grid, b: int, out: _Out, anchors: dict, style: _Style) -> None:
    for r in range(len(grid.rows)):
        anchors[(b, r)] = out.n
        slots = _slots(grid, r, style)
        for k, c in enumerate(slots):
            if k:
                out.add("\t")
            anchors[(b, r, c)] = out.add(style.cell(grid.rows[r][c].replace("\n", ""))[1])
        out.add("\n")


def _pipe_cells(grid: Grid, b: int, out: _Out, anchors: dict, style: _Style) -> None:
    """One cell per line ending in a pipe; the pipes of merged-away cells follow on a
    line of their own (seed 004) or on the row's last line ("0 | ||", r088)."""
    bar = "\\|" if style.pipe_end.endswith("\\|") else "|"
    for r in range(len(grid.rows)):
        anchors[(b, r)] = out.n
        shown = [c for c in range(len(grid.rows[r])) if not grid.covered[r][c]]
        residue = bar * (len(grid.rows[r]) - len(shown))
        for k, c in enumerate(shown):
            text = grid.rows[r][c]
            if style.short_heads and "\n" in text:     # a split header losing its second line
                text = text.split("\n")[0]
            anchors[(b, r, c)] = out.add(style.cell(text)[1])
            glued = residue and style.glue_residue and k == len(shown) - 1
            out.add(style.pipe_end + (" " + residue if glued else "") + "\n")
        if residue and not style.glue_residue:
            out.add(residue + "\n")


def _pipe_rows(grid: Grid, b: int, out: _Out, anchors: dict, style: _Style) -> None:
    for r in range(len(grid.rows)):
        anchors[(b, r)] = out.n
        for c in _slots(grid, r, style):
            anchors[(b, r, c)] = out.add(style.cell(grid.rows[r][c].replace("\n", " "))[1])
            out.add(style.pipe_end + " ")
        out.add("\n")


def _markdown(grid: Grid, b: int, out: _Out, anchors: dict, style: _Style) -> None:
    for r in range(len(grid.rows)):
        anchors[(b, r)] = out.n
        out.add("|")
        for c in range(len(grid.rows[r])):
            out.add(" ")
            anchors[(b, r, c)] = out.add(style.cell(grid.rows[r][c].replace("\n", ""))[1])
            out.add(" |")
        out.add("\n")
        if r == 0:
            out.add("|" + " --- |" * len(grid.rows[r]) + "\n")
    out.add("\n")


def _pdf(grid: Grid, b: int, out: _Out, anchors: dict, style: _Style) -> None:
    """Rows as a PDF's text layer gives them: cells by spaces, a long row label wrapped
    around the row's other cells, split headers on two lines, 表四's header stacked."""
    for r, row in enumerate(grid.rows):
        if grid.table == "t4" and r in (1, 2):
            continue
        if r:
            out.add(style.newline())
        anchors[(b, r)] = out.n
        if grid.table == "t4" and r == 0:
            out.add(_stacked_t4(grid, style))
            continue
        slots = [c for c in range(len(row)) if row[c] and not grid.covered[r][c]]
        if any("\n" in row[c] for c in slots):         # a split header: two lines
            out.add(" ".join(row[c].split("\n")[0] for c in slots) + style.newline()
                    + " ".join(row[c].split("\n")[-1] for c in slots if "\n" in row[c]))
            continue
        head = slots[0] if slots and (r, slots[0]) not in grid.cells else None
        label = style.prose(row[head]) if head is not None else ""
        wrap = style.label_width and len(slots) > 1 and len(label) > style.label_width
        lines = _chunks(label, style.label_width) if wrap else [label]
        at = min(style.label_line, len(lines) - 1)
        for i, line in enumerate(lines):
            if i:
                out.add(style.newline())
            out.add(line)
            if i != at:
                continue
            for c in slots:
                if c == head:
                    continue
                out.add(" " if out.n != anchors[(b, r)] else "")
                text = row[c] if (r, c) in grid.cells else style.prose(row[c])
                anchors[(b, r, c)] = out.add(text)


def _stacked_t4(grid: Grid, style: _Style) -> str:
    """表四's header as a PDF prints it: group names, then the five result labels of
    each group written downwards, a character (or two) per line (r071, r099)."""
    groups = [t for t in grid.rows[0] + grid.rows[1] if t and t not in grid.rows[2]]
    heads = grid.rows[1][:5] * 3
    lines = [f"{groups[0]} {groups[1]}", f"{groups[2]} {groups[3]}", *_stack(heads, style.stack)]
    return "\n".join(lines)


def _stack(labels: list[str], step: int = 1) -> list[str]:
    rows = max(len(t) for t in labels)
    return [" ".join(t[i:i + step] for t in labels if t[i:i + step]) for i in range(0, rows, step)]


def _chunks(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


_TABLES = {"cells": _cells, "tabs": _tabs, "pipe_cells": _pipe_cells, "pipe_rows": _pipe_rows,
           "markdown": _markdown, "pdf": _pdf,
           "oneline": _tabs}      # a one-line page keeps its (rare) tables as TAB rows

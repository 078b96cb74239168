"""Lay a composed report out as text, in the layouts published reports come in.

Every layout records where each paragraph and each annotated table cell starts in the
text it writes (``anchors``), so ground truth can point into it.  ``canonical`` is the
layout :func:`govtext.normalize.document_to_text` gives for the same document (what an
HTML, DOCX or PDF rendering reads back as); the others imitate text files seen in the
wild:

- ``cells``: one cell per line after a TAB, rows between blank lines (copied Word tables)
- ``tabs``: one row per line, cells by TAB
- ``pipe_cells``: one cell per line ending in ``|``, with ``|||`` residue lines
- ``pipe_rows``: ``cell | cell |`` rows on one line
- ``markdown``: ``#`` headings at random levels and markdown pipe tables
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .compose import Block, Grid, Para

LAYOUTS = ("cells", "tabs", "pipe_cells", "pipe_rows", "markdown")
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
    out, anchors = _Out(), {}
    for b, block in enumerate(blocks):
        if isinstance(block, Para):
            if b:
                out.add(style.para_sep)
            out.add(style.prefix(block))
            anchors[b] = out.add(style.prose(block.text))
            out.add(style.suffix(block))
        else:
            out.add(style.table_lead)
            _TABLES[layout](block, b, out, anchors, style)
    if rng.random() < 0.5:
        out.add("\n")
    return Rendered("".join(out.parts), layout, anchors)


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
        cut = rendered.anchors[b] + rng.randint(10, len(blocks[b].text) - 5)
    return Rendered(rendered.text[:cut], rendered.layout, rendered.anchors, cut)


class _Style:
    """The per-report habits of a text file: separators, indentation, punctuation."""
    def __init__(self, rng: random.Random, layout: str):
        self.rng, self.layout = rng, layout
        self.para_sep = "\n\n" if layout in ("cells", "markdown") or rng.random() < 0.4 else "\n"
        self.indent = rng.choice(("", "", "", "\u3000\u3000", "    "))
        self.ascii = rng.random() < 0.4
        self.wide_digits = rng.random() < 0.1
        self.pad = rng.random() < 0.5 and layout == "cells"
        self.drop_covered = rng.random() < 0.5
        self.table_lead = "\n\n" if layout == "cells" else "\n"
        self.pipe_end = rng.choice((" |", "|", " \\|"))
        self.bold = rng.random() < 0.5
        self.short_heads = rng.random() < 0.4

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

    def cell(self, text: str) -> tuple[str, str, str]:
        """(before, text, after) for one cell: padding around numbers, punctuation."""
        text = self.prose(text)
        if self.pad and text[:1].isdigit():
            return self.rng.choice(("\u3000\u3000", " ", "\u3000", "")), text, self.rng.choice(("", " "))
        return "", text, ""


def _slots(grid: Grid, r: int, style: _Style) -> list[int]:
    """The columns of row ``r`` a layout writes (covered slots may be dropped)."""
    row = grid.rows[r]
    return [c for c in range(len(row)) if not (style.drop_covered and grid.covered[r][c])]


def _cells(grid: Grid, b: int, out: _Out, anchors: dict, style: _Style) -> None:
    for r in range(len(grid.rows)):
        anchors[(b, r)] = out.n
        for c in _slots(grid, r, style):
            before, text, after = style.cell(grid.rows[r][c])
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
    for r in range(len(grid.rows)):
        anchors[(b, r)] = out.n
        dropped = 0
        for c in range(len(grid.rows[r])):
            if grid.covered[r][c]:
                dropped += 1
                continue
            text = grid.rows[r][c]
            if style.short_heads and "\n" in text:     # a split header losing its second line
                text = text.split("\n")[0]
            anchors[(b, r, c)] = out.add(style.cell(text)[1])
            out.add(style.pipe_end + "\n")
        if dropped:
            out.add("|" * dropped + "\n")


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


_TABLES = {"cells": _cells, "tabs": _tabs, "pipe_cells": _pipe_cells, "pipe_rows": _pipe_rows,
           "markdown": _markdown}

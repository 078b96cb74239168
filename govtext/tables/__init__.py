"""Standard tables → cells: 表二, 表三, 表四 and indicator tables (统计表).

Three small steps, each keeping its intermediate: the normalized text becomes a stream
of cells (:func:`~._stream.text_to_tokens`), the stream is cut into table regions made
of labelled rows (:func:`_tokens_to_regions`), and each region's rows become
:class:`~govtext.model.Cell` s (:func:`_region_to_cells`).  Which label means which
metric is data (``govtext/data/tables.toml``).

Values are never guessed: a row whose values cannot be placed in their columns (fewer
values than columns and no empty cells in the layout to tell which are missing) gives a
warning and no cells, and a table cut short gives a warning naming its missing rows.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import regex

from .. import data
from ..model import Cell, Report
from ._stream import Token, cell_value, text_to_tokens
from ._vocab import Label, expected_rows, is_label, label_key, lookup, short_name

__all__ = ["annotate", "parse_tables"]

TEMPLATES = ("2019", "2021")
#: How many names a warning lists before "and N more".
_LIST_LIMIT = 8


def annotate(report: Report) -> Report:
    """Append the cells of every standard table in ``report.text``, with warnings and
    the tables' spans."""
    hint = report.template if report.template in TEMPLATES else None
    cells, warnings, spans = _read(report.text, hint)
    report.cells.extend(cells)
    report.warnings.extend(warnings)
    report.table_spans.extend(spans)
    absent = [_name(t) for t in ("t2", "t3", "t4") if t not in {s[0] for s in spans}]
    if hint and absent:
        report.warnings.append(f"{'、'.join(absent)} not found in this {hint}-template report.")
    return report


def parse_tables(text: str, *, template: str | None = None) -> tuple[list[Cell], list[str]]:
    """The cells of every standard table in normalized ``text``, and warnings.

    ``template`` ("2019"/"2021") is used only when the tables themselves do not show
    which template's columns they have.
    """
    cells, warnings, _ = _read(text, template)
    return cells, warnings


@dataclass(slots=True)
class _Row:
    label: Label
    token: Token
    slots: list[Token] = field(default_factory=list)
    open: bool = True
    #: True when the text ends inside this row (an excerpt cut mid-row).
    cut: bool = False

    @property
    def values(self) -> list[Token]:
        return [t for t in self.slots if t.kind == "value"]


@dataclass(slots=True)
class _Region:
    table: str
    start: int
    end: int
    rows: list[_Row] = field(default_factory=list)
    headers: list[Label] = field(default_factory=list)
    group: str | None = None
    labels_seen: int = 0

    @property
    def keeps_empties(self) -> bool:
        """True when the layout shows empty cells (so a missing value is visible)."""
        return any(t.kind == "empty" for row in self.rows for t in row.slots)

    @property
    def open_row(self) -> _Row | None:
        return self.rows[-1] if self.rows and self.rows[-1].open else None


def _read(text: str, hint: str | None) -> tuple[list[Cell], list[str], list[tuple[str, int, int]]]:
    cells: list[Cell] = []
    warnings: list[str] = []
    spans: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    for region in _tokens_to_regions(text_to_tokens(text)):
        found, notes = _region_to_cells(region, hint)
        for cell in found:
            if cell.key in seen:
                notes.append(f"{_name(region.table)}: {cell.metric} appears twice; "
                             "the second value is ignored.")
                continue
            seen.add(cell.key)
            cells.append(cell)
        warnings.extend(dict.fromkeys(notes))
        spans.append((region.table, region.start, region.end))
    return cells, warnings, spans


# ---------------------------------------------------------------- cells → regions

def _tokens_to_regions(tokens: list[Token]) -> list[_Region]:
    """Cut the cell stream into table regions of labelled rows."""
    regions: list[_Region] = []
    cur: _Region | None = None
    for tok in (part for t in tokens for part in (_label_parts(t) if t.kind == "text" else (t,))):
        if tok.kind != "text":
            row = cur.open_row if cur else None
            if row is not None:
                row.slots.append(tok)
                cur.end = tok.end
            continue
        key, numbered = label_key(tok.text)
        labels = lookup(key)
        if cur is not None and _take(cur, tok, labels, numbered):
            continue
        if cur is not None:
            regions.append(cur)
            cur = None
        opener = _opener(labels)
        if opener is not None:
            cur = _Region(opener.table, tok.start, tok.end)
            _take(cur, tok, labels, numbered)
    if cur is not None:
        if cur.open_row is not None:
            cur.open_row.cut = True
        regions.append(cur)
    return [r for r in regions if r.labels_seen >= 3 or any(row.values for row in r.rows)]


def _label_parts(tok: Token) -> tuple[Token, ...]:
    """A text cell that holds a group label and its first sub-row's label, as two cells.

    PDF text puts a merged group cell on its first sub-row's line ("三、本年度办理结果
    (一)予以公开 0 0 0", "(三)不予公开1.属于国家秘密 0 0"): the cell is split where an
    inner numbering starts when the whole is no label as printed and both parts are
    rows or headers (the whole may still match the sub-row's label fuzzily, losing the
    group that the rows after it need).
    """
    if tok.kind != "text" or is_label(label_key(tok.text)[0]):
        return (tok,)
    for m in _inner_numbering().finditer(tok.text, 1):
        head, tail = tok.text[:m.start()].rstrip(), tok.text[m.start():].lstrip()
        if head and _names_cell(head) and _names_cell(tail):
            cut = tok.start + len(tok.text) - len(tail)
            return (Token("text", head, tok.start, tok.start + len(head), tok.line),
                    Token("text", tail, cut, tok.end, tok.line))
    return (tok,)


def _names_cell(text: str) -> bool:
    return any(lab.kind != "unit" for lab in lookup(label_key(text)[0]))


@cache
def _inner_numbering() -> regex.Pattern[str]:
    return regex.compile(data.load("tables")["text"]["inner_numbering"])


@cache
def _table_end() -> regex.Pattern[str]:
    return regex.compile(data.load("tables")["text"]["table_end"])


def _opener(labels: tuple[Label, ...]) -> Label | None:
    return next((lab for lab in labels if lab.opens), None)


def _take(cur: _Region, tok: Token, labels: tuple[Label, ...], numbered: bool) -> bool:
    """Take a text cell into the current region; False when it ends the region."""
    kind, lab = _resolve(cur, labels, numbered)
    if kind is not None:
        return _apply(cur, kind, lab, tok)
    if _opener(labels) or _table_end().search(tok.text):
        return False
    return _unknown(cur, tok)


def _resolve(cur: _Region, labels: tuple[Label, ...], numbered: bool
             ) -> tuple[str | None, Label | None]:
    """What a known label is inside the current table: a row, a header or a unit.

    A label that is both ("总计" heads a column, "(七)总计" is a row) is a row only
    when numbered; a row meant only under a group ("3.其他" under (六)其他处理) needs it.
    """
    own = [lab for lab in labels if lab.table == cur.table]
    rows = sorted((lab for lab in own if lab.kind == "row" and lab.under in (None, cur.group)),
                  key=lambda lab: lab.under is None)
    heads = [lab for lab in own if lab.kind != "row"]
    if rows and (numbered or not heads):
        return "row", rows[0]
    if heads:
        return heads[0].kind, heads[0]
    return None, None


def _apply(cur: _Region, kind: str, lab: Label, tok: Token) -> bool:
    """Take a known label into the region; False when it ends the region."""
    row = cur.open_row
    if kind == "unit":
        return True
    if cur.table == "t4":
        # 表四 is one row of values under a header of many cells.
        if row is not None and row.values:
            return False
        if row is None:
            cur.rows.append(_Row(lab, tok))
        else:
            row.slots.clear()
    elif kind == "row":
        if row is not None:
            row.open = False
        cur.rows.append(_Row(lab, tok))
        cur.group = lab.group or cur.group
    else:
        if row is not None:
            row.open = False
        cur.headers.append(lab)
    cur.labels_seen += 1
    cur.end = tok.end
    return True


def _unknown(cur: _Region, tok: Token) -> bool:
    """Take a text cell no vocabulary knows; False when it ends the region.

    Before a row's first value it continues the label (a wrapped label, an
    explanation, a header split over lines); after values it ends the row.  In 表三,
    whose rows all hold several values, one value alone on its line before more of
    the label is a page number a PDF's page break left inside the label: dropped.
    """
    row = cur.open_row
    if row is None or not row.values:
        if cur.table == "t4" and row is not None:
            row.slots.clear()
        return True
    if cur.table == "t4":
        return False
    if cur.table == "t3" and _page_number(row, tok):
        row.slots.clear()
        return True
    row.open = False
    return True


def _page_number(row: _Row, tok: Token) -> bool:
    """True when the row's only cell is one value on a line of its own between the
    row's label and the text ``tok`` continuing it."""
    return (len(row.slots) == 1 and row.slots[0].kind == "value"
            and row.token.line < row.slots[0].line < tok.line)


# ---------------------------------------------------------------- regions → cells

def _region_to_cells(region: _Region, hint: str | None) -> tuple[list[Cell], list[str]]:
    return _READERS[region.table](region, hint)


def _t2_cells(region: _Region, hint: str | None) -> tuple[list[Cell], list[str]]:
    name = _name("t2")
    template = _t2_template(region, hint)
    if template is None:
        return [], [f"{name}: its columns fit neither the 2019 nor the 2021 template; "
                    "no cells were read."]
    cells: list[Cell] = []
    notes: list[str] = []
    empty: list[Label] = []
    for row in region.rows:
        ids = row.label.metrics_for(template)
        if row.label.skip:
            continue
        if ids is None:
            if row.values:
                notes.append(f"{name} row {row.label.name} is not a row of the {template} "
                             "template; its values were not read.")
            continue
        _row_to_cells(region, row, [(m, None) for m in ids], cells, notes, empty)
    notes.extend(_missing("t2", region, template, lambda lab: _first(lab, template)))
    notes.extend(_empty_rows("t2", empty))
    return cells, notes


def _t2_template(region: _Region, hint: str | None) -> str | None:
    """Which template's columns 表二 has: voted by its headers, its rows and their
    value counts."""
    votes = Counter(h.template for h in region.headers if h.template)
    for row in region.rows:
        fits = [t for t in TEMPLATES if row.label.metrics_for(t) is not None]
        if len(fits) == 1:
            votes[fits[0]] += 1
        n = len(row.values)
        fits = [t for t in fits if len(row.label.metrics_for(t) or ()) == n]
        if n and len(fits) == 1:
            votes[fits[0]] += 1
    if not votes:
        return hint
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return hint if hint in votes else None
    return ranked[0][0]


def _t3_cells(region: _Region, hint: str | None) -> tuple[list[Cell], list[str]]:
    columns = data.t3_columns()
    cells: list[Cell] = []
    notes: list[str] = []
    empty: list[Label] = []
    for row in region.rows:
        if row.label.group and not row.values:
            continue                # a group's heading row ("(六)其他处理" in 2021)
        if row.label.metric is None:
            if row.values:
                notes.append(f"{_name('t3')} row {short_name(row.label)}: "
                             f"{len(row.values)} values under a heading row (its sub-row "
                             "labels are missing); they were not read.")
            continue
        _row_to_cells(region, row, [(row.label.metric, c) for c in columns], cells, notes, empty)
    printed = {r.label.template for r in region.rows if r.values} - {None}
    template = max(printed) if printed else hint
    notes.extend(_missing("t3", region, template, lambda lab: lab.metric))
    notes.extend(_empty_rows("t3", empty))
    return cells, notes


def _t4_cells(region: _Region, hint: str | None) -> tuple[list[Cell], list[str]]:
    ids = data.load("tables")["t4"]["metrics"]
    row = region.rows[0] if region.rows else None
    if row is None or not row.values:
        return [], [f"{_name('t4')} cut short: no values after its header."]
    cells: list[Cell] = []
    notes: list[str] = []
    _row_to_cells(region, row, [(m, None) for m in ids], cells, notes, [])
    return cells, notes


def _stats_cells(region: _Region, hint: str | None) -> tuple[list[Cell], list[str]]:
    cells: list[Cell] = []
    notes: list[str] = []
    empty: list[Label] = []
    for row in region.rows:
        if row.label.metric is None or row.label.skip:
            continue
        _row_to_cells(region, row, [(row.label.metric, None)], cells, notes, empty)
    notes.extend(_empty_rows("stats", empty))
    return cells, notes


_READERS = {"t2": _t2_cells, "t3": _t3_cells, "t4": _t4_cells, "stats": _stats_cells}


def _row_to_cells(region: _Region, row: _Row, targets: list[tuple[str, str | None]],
                  cells: list[Cell], notes: list[str], empty: list[Label]) -> None:
    """Place a row's values in its columns, or say why they cannot be placed.

    A row the text ends in is read left to right when the table's layout shows its
    empty cells (so no cell before the cut can have been dropped).
    """
    if not row.values:
        empty.append(row.label)
        return
    table = region.table
    placed = _align(row.slots, len(targets))
    if placed is None and row.cut and len(row.slots) < len(targets) and region.keeps_empties:
        placed = [t if t.kind == "value" else None for t in row.slots]
        notes.append(f"{_name(table)} cut short inside row {short_name(row.label)}: "
                     f"{len(placed)} of {len(targets)} columns read.")
    elif placed is None:
        notes.append(f"{_name(table)} row {short_name(row.label)}: {len(row.values)} values "
                     f"for {len(targets)} columns, not aligned; the row was not read.")
        return
    units = data.metrics()
    for (metric, column), tok in zip(targets, placed):
        if tok is not None:
            cells.append(Cell(table, metric, column, cell_value(tok.text, units[metric].unit),
                              tok.text))


def _align(slots: list[Token], n: int) -> list[Token | None] | None:
    """The value (or None for an empty cell) of each of ``n`` columns, left to right.

    Exactly ``n`` values fill the columns in order, whatever empty cells lie between
    (merged label cells leave some).  Fewer values are placed only when the layout
    shows the empty cells: extra empty cells at the ends (row residue, a label spanning
    two columns) are dropped, and the rest must be exactly ``n`` cells.
    """
    values = [t for t in slots if t.kind == "value"]
    if len(values) == n:
        return list(values)
    if len(values) > n:
        return _one_line(values, n)
    cells = list(slots)
    while len(cells) > n and cells[-1].kind == "empty":
        cells.pop()
    while len(cells) > n and cells[0].kind == "empty":
        cells.pop(0)
    if len(cells) != n:
        return None
    return [t if t.kind == "value" else None for t in cells]


def _one_line(values: list[Token], n: int) -> list[Token | None] | None:
    """The ``n`` values of a row when exactly one of its lines holds ``n`` of them and
    the rest are strays on lines of their own (a PDF's page number after a row)."""
    lines: dict[int, list[Token]] = {}
    for t in values:
        lines.setdefault(t.line, []).append(t)
    full = [vs for vs in lines.values() if len(vs) == n]
    strays = all(len(vs) == 1 for vs in lines.values() if len(vs) != n)
    return list(full[0]) if len(full) == 1 and strays and n > 1 else None


def _missing(table: str, region: _Region, template: str | None,
             row_id: Callable[[Label], str | None]) -> list[str]:
    """'cut short' when the rows after the last one found are missing, else
    'incomplete'."""
    expected = expected_rows(table, template)
    found = {row_id(r.label) for r in region.rows}
    absent = [i for i, lab in enumerate(expected) if row_id(lab) not in found]
    if not absent:
        return []
    names = _names([expected[i] for i in absent])
    last_found = max((i for i, lab in enumerate(expected) if row_id(lab) in found), default=-1)
    how = "cut short" if absent[0] > last_found else "incomplete"
    return [f"{_name(table)} {how}: missing rows {names}."]


def _empty_rows(table: str, empty: list[Label]) -> list[str]:
    if not empty:
        return []
    return [f"{_name(table)} rows with empty cells only (no value read): {_names(empty)}."]


def _first(lab: Label, template: str) -> str | None:
    ids = lab.metrics_for(template)
    return ids[0] if ids else None


def _name(table: str) -> str:
    return data.load("tables")[table]["name"]


def _names(labels: list[Label]) -> str:
    shown = "、".join(short_name(lab) for lab in labels[:_LIST_LIMIT])
    more = len(labels) - _LIST_LIMIT
    return f"{shown} and {more} more" if more > 0 else shown

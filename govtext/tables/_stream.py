"""Normalized text → a stream of table cells, whatever the layout.

Every layout govtext meets becomes one stream of tokens: ``text`` cells, ``value``
cells and ``empty`` cells.  An ``empty`` token is only made where the layout itself
shows an empty cell (an empty field of a TAB row, a line holding one lone TAB — a lone
``|`` before normalization — or a placeholder such as "—"); a blank line is never an
empty cell, because many layouts put blank lines between cells and rows.

- one cell per line, blank lines between rows (``\\t规章`` / ``\\t0``)
- TAB-separated rows (``规章\\t0\\t0\\t0``, pipe rows ``|规章|0|0|0|``)
- one cell per line ending in a pipe, with residue lines of only pipes
- PDF text rows ``label 0 0 0 0 0 0 0`` and lines of space-separated values
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
import re
from functools import cache, lru_cache

from .. import data
from ..model import Number


@dataclass(slots=True)
class Token:
    kind: str          # "text" | "value" | "empty"
    text: str
    start: int
    end: int
    #: The line of the text the cell is on (PDF text tells rows apart by lines).
    line: int = 0


@cache
def _patterns() -> tuple[re.Pattern[str], frozenset[str]]:
    cfg = data.load("tables")["values"]
    signs = "|".join(re.escape(s) for s in (*cfg["plus"], *cfg["minus"]))
    units = "|".join(re.escape(u) for u in sorted(cfg["units"], key=len, reverse=True))
    value = rf"(?P<sign>{signs})?(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)(?:\s*(?P<unit>{units}))?"
    return re.compile(value), frozenset(cfg["placeholders"])


_WORD = re.compile(r"\S+")
_HAN = re.compile(r"[\u3400-\u9fff]")


#: A cell of one line: kind, text, and its start and end in the line.
_LineCell = tuple[str, str, int, int]


def text_to_tokens(text: str) -> list[Token]:
    """The cell stream of ``text``; offsets are into ``text``."""
    out: list[Token] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        if line:
            out.extend(Token(kind, cell, pos + s, pos + e, i) for kind, cell, s, e in _line_cells(line))
        pos += len(line) + 1
    return out


@lru_cache(maxsize=16384)
def _line_cells(line: str) -> tuple[_LineCell, ...]:
    """The cells of one line.  Cached: reports repeat the same table rows and labels."""
    out: list[_LineCell] = []
    inner = line.strip("\t")
    if "\t" not in inner:                     # one cell, maybe between pipes
        if inner.strip():
            _part_to_cells(inner, len(line) - len(line.lstrip("\t")), out)
        elif line.count("\t") == 1:           # one lone TAB: an empty cell
            out.append(("empty", "", line.index("\t"), len(line)))
        return tuple(out)                     # else TAB residue of a pipe row
    parts = line.split("\t")
    first = 1 if not parts[0].strip() else 0  # "|a|b|": the borders are no cells
    last = len(parts) - 1 if first and not parts[-1].strip() else len(parts)
    start = sum(len(p) + 1 for p in parts[:first])
    for part in parts[first:last]:
        if part.strip():
            _part_to_cells(part, start, out)
        else:
            out.append(("empty", "", start, start + len(part)))
        start += len(part) + 1
    return tuple(out)


def _part_to_cells(part: str, pos: int, out: list[_LineCell]) -> None:
    value, placeholders = _patterns()
    cell = part.strip()
    start = pos + len(part) - len(part.lstrip())
    if cell in placeholders:
        out.append(("empty", cell, start, start + len(cell)))
    elif value.fullmatch(cell):
        out.append(("value", cell, start, start + len(cell)))
    elif " " in cell and value.fullmatch(cell.rsplit(" ", 1)[1]):
        _spaced_to_cells(cell, start, out)
    else:
        out.append(("text", cell, start, start + len(cell)))


def _spaced_to_cells(cell: str, start: int, out: list[_LineCell]) -> None:
    """PDF text: values separated by spaces ("0 0 0"), maybe after a label holding Han
    ("四、结转下年度继续办理 0 0 0 0 0 0 0")."""
    value = _patterns()[0]
    words = list(_WORD.finditer(cell))
    k = len(words)
    while k and value.fullmatch(words[k - 1][0]):
        k -= 1
    label = cell[:words[k - 1].end()] if k else ""
    if label and not _HAN.search(label):
        out.append(("text", cell, start, start + len(cell)))
        return
    if label:
        out.append(("text", label, start, start + len(label)))
    out.extend(("value", w[0], start + w.start(), start + w.end()) for w in words[k:])


@lru_cache(maxsize=4096)
def cell_value(raw: str, unit: str | None) -> Number:
    """The number a value cell holds, in ``unit`` (the metric's unit, e.g. 万元).

    "443.6万" in a 万元 column is 443.6; "1.2万" in a count column is 12000;
    "减4" is -4.
    """
    cfg = data.load("tables")["values"]
    m = _patterns()[0].fullmatch(raw)
    if m is None:
        raise ValueError(f"not a table value: {raw!r}")
    num = Decimal(m["num"].replace(",", ""))
    if m["sign"] in cfg["minus"]:
        num = -num
    if m["unit"]:
        scale = cfg["scale"]
        num = num * Decimal(scale.get(m["unit"], 1)) / Decimal(scale.get(unit, 1))
    return int(num) if num == num.to_integral_value() else float(num)

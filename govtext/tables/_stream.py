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


def text_to_tokens(text: str) -> list[Token]:
    """The cell stream of ``text``; offsets are into ``text``."""
    out: list[Token] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        if line:
            _line_to_tokens(line, pos, i, out)
        pos += len(line) + 1
    return out


def _line_to_tokens(line: str, pos: int, i: int, out: list[Token]) -> None:
    inner = line.strip("\t")
    if "\t" not in inner:                     # one cell, maybe between pipes
        if inner.strip():
            _part_to_tokens(inner, pos + len(line) - len(line.lstrip("\t")), i, out)
        elif line.count("\t") == 1:           # one lone TAB: an empty cell
            out.append(Token("empty", "", pos + line.index("\t"), pos + len(line), i))
        return                                # else TAB residue of a pipe row
    parts = line.split("\t")
    first = 1 if not parts[0].strip() else 0  # "|a|b|": the borders are no cells
    last = len(parts) - 1 if first and not parts[-1].strip() else len(parts)
    start = pos + sum(len(p) + 1 for p in parts[:first])
    for part in parts[first:last]:
        if part.strip():
            _part_to_tokens(part, start, i, out)
        else:
            out.append(Token("empty", "", start, start + len(part), i))
        start += len(part) + 1


def _part_to_tokens(part: str, pos: int, i: int, out: list[Token]) -> None:
    cell = part.strip()
    start = pos + len(part) - len(part.lstrip())
    kind = _cell_kind(cell)
    if kind == "spaced":
        _spaced_to_tokens(cell, start, i, out)
    else:
        out.append(Token(kind, cell, start, start + len(cell), i))


@lru_cache(maxsize=16384)
def _cell_kind(cell: str) -> str:
    """``empty`` (a placeholder), ``value``, ``spaced`` (values after spaces, PDF text)
    or ``text``; cached, as tables repeat the same labels and figures report after report."""
    value, placeholders = _patterns()
    if cell in placeholders:
        return "empty"
    if value.fullmatch(cell):
        return "value"
    if " " in cell and value.fullmatch(cell.rsplit(" ", 1)[1]):
        return "spaced"
    return "text"


def _spaced_to_tokens(cell: str, start: int, i: int, out: list[Token]) -> None:
    """PDF text: values separated by spaces ("0 0 0"), maybe after a label holding Han
    ("四、结转下年度继续办理 0 0 0 0 0 0 0")."""
    value = _patterns()[0]
    words = list(_WORD.finditer(cell))
    k = len(words)
    while k and value.fullmatch(words[k - 1][0]):
        k -= 1
    label = cell[:words[k - 1].end()] if k else ""
    if label and not _HAN.search(label):
        out.append(Token("text", cell, start, start + len(cell), i))
        return
    if label:
        out.append(Token("text", label, start, start + len(label), i))
    out.extend(Token("value", w[0], start + w.start(), start + w.end(), i) for w in words[k:])


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

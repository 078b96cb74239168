"""The number grammar: every figure of a text with its value, qualifier and unit.

No library reads 千余篇, 约2000 or 3-4篇 with their qualifiers, and tokenizers split
decimals, so this is a regex grammar over the raw text.  A candidate is dropped when
it overlaps a span that holds numerals but is no figure (a date, a document or article
number, an ordinal, a phone number, a fixed phrase such as 最多跑一次) or a table row;
the vocabulary of both lives in ``data/facts.toml``.  Chinese numerals count only with a
unit ("三件", not "三公").
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import regex

from .. import data
from ..model import Number, whole

_HAN = regex.compile(r"\p{Han}")
_CELLS = regex.compile(r"[^\s][ ]*\t[\t ]*[^\s]")  # two non-empty cells
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of the text: ``start``/``end`` cover qualifier, number and unit."""
    start: int
    end: int
    value: Number
    qualifier: str
    unit: str | None
    kind: str  # "count", "money", "percent" or "bare" (no unit)


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _grammar() -> tuple[regex.Pattern, regex.Pattern]:
    cfg = data.load("facts")
    num = cfg["numerals"]
    cn_chars = "".join([*num["digits"], *num["small_units"], *num["big_units"]])
    cn = f"[{cn_chars}]+(?:{num['point']}[{''.join(num['digits'])}]+)?"
    q = cfg["qualifiers"]
    u = cfg["units"]
    units = _alt([*u["money"], *u["count"], *u["percent"]])
    joiners = _alt(q["range_joiners"])
    figure = regex.compile(
        rf"(?P<pre>{_alt(q['before'])})?"
        rf"(?:(?P<pct>{regex.escape(num['percent_prefix'])})(?P<pnum>{_ARABIC}|{cn})"
        rf"|(?P<num>{_ARABIC}|{cn}(?=(?:{joiners})?[{cn_chars}]*(?:{_alt(q['inner'])})?(?:{units})))"
        rf"(?:(?:{joiners})(?P<num2>{_ARABIC}|{cn}))?"
        rf"(?P<inner>{_alt(q['inner'])})?(?P<mult>[{''.join(u['multipliers'])}](?!元))?"
        rf"(?P<unit>{units})?(?:\((?:{_alt(u['count'])})\))?)"
        rf"(?P<post>{_alt(q['after'])})?")
    n = rf"(?:\d+(?:\.\d+)?|[{cn_chars}]+)"
    noise = regex.compile(f"(?={cfg['noise']['starts']})(?:"
                          + "|".join(f"(?:{p.replace('{N}', n)})" for p in cfg["noise"]["patterns"])
                          + ")")
    return figure, noise


def chinese_value(s: str) -> Number:
    """The value of a Chinese numeral: 十二, 一百零五, 两, 二〇一九, 九十八点五, 千."""
    num = data.load("facts")["numerals"]
    digits, small, big = num["digits"], num["small_units"], num["big_units"]
    if num["point"] in s:
        head, tail = s.split(num["point"], 1)
        frac = "".join(str(digits[c]) for c in tail)
        return whole(float(f"{chinese_value(head) if head else 0}.{frac}"))
    if len(s) > 1 and all(c in digits for c in s):
        return int("".join(str(digits[c]) for c in s))
    total = section = cur = 0
    for c in s:
        if c in digits:
            cur = digits[c]
        elif c in small:
            section += (cur or 1) * small[c]
            cur = 0
        else:
            section += cur
            total = (total + (section or 1)) * big[c]
            section = cur = 0
    return total + section + cur


def _value(s: str) -> Number:
    if s[0].isdigit():
        return whole(float(s.replace(",", "")))
    return chinese_value(s)


def _is_chinese(s: str) -> bool:
    return not s[0].isdigit()


def _qualifier(m: regex.Match) -> str:
    q = data.load("facts")["qualifiers"]
    if m["num2"]:
        return "at_least"
    for group, table in (("pre", q["before"]), ("inner", q["inner"]), ("post", q["after"])):
        if m[group]:
            return table[m[group]]
    return "exact"


def _kind(unit: str | None) -> str:
    u = data.load("facts")["units"]
    if unit is None:
        return "bare"
    if unit in u["percent"]:
        return "percent"
    return "money" if unit in u["money"] else "count"


def _accept(m: regex.Match, text: str) -> bool:
    """Chinese numerals are figures only with a unit, a lone 一 only with a few; a bare
    number glued to a word ("61省道", "110报警") is a name, not a figure."""
    if m["pct"]:
        return True
    s = m["num"]
    if not s:
        return False
    if not _is_chinese(s):
        glued = m.end() < len(text) and _HAN.match(text, m.end())
        return bool(m["unit"] or m["inner"] or m["mult"] or m["post"] or not glued)
    if not m["unit"] and not m["inner"]:
        return False
    nums = data.load("facts")["numerals"]
    if not any(c in nums["digits"] for c in s) and not m["inner"] and s != "十":
        return False  # 万家, 百姓 …
    return not (s == "一" and m["unit"] not in data.load("facts")["units"]["lone_one"])


def _table_rows(text: str) -> list[tuple[int, int]]:
    """Spans of table rows: normalization turns every table layout into tab-separated
    cells, so a short line holding a tab, or a line of two or more cells, is not prose."""
    out, pos = [], 0
    for line in text.split("\n"):
        if "\t" in line and (len(line.strip()) <= 40 or _CELLS.search(line)):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same characters."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def find_figures(text: str) -> list[Figure]:
    """Every figure of ``text`` in order, skipping noise spans (dates, ordinals …) and
    table rows.  Noise is looked for only around candidates: figures are sparse in prose."""
    figure, noise = _grammar()
    candidates = [m for m in figure.finditer(text) if _accept(m, text)]
    around = _merge([(max(0, m.start() - _REACH), m.end() + _REACH) for m in candidates])
    masked = _merge([*(_table_rows(text) if "\t" in text else ()),
                     *(n.span() for lo, hi in around for n in noise.finditer(text, lo, hi))])
    starts = [a for a, _ in masked]
    out: list[Figure] = []
    for m in candidates:
        core = "pnum" if m["pct"] else "num"
        cs, ce = m.span(core)
        i = bisect.bisect_left(starts, ce) - 1
        if i >= 0 and masked[i][1] > cs:
            continue
        value = _value(m[core])
        if m["mult"]:
            value = whole(value * data.load("facts")["units"]["multipliers"][m["mult"]])
        unit = "%" if m["pct"] else m["unit"]
        if unit == "％":
            unit = "%"
        out.append(Figure(m.start(), m.end(), value, _qualifier(m), unit, _kind(unit)))
    return out


#: How far around a candidate numeral noise spans (a URL, a document number) are sought.
_REACH = 48

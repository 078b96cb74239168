"""The number grammar: every figure of a text with its value, qualifier and unit.

No library reads 千余篇, 约2000 or 3-4篇 with their qualifiers, and tokenizers split
decimals, so this is a regex grammar over the raw text.  A candidate is dropped when
it overlaps a span that holds numerals but is no figure (a date, a document or article
number, an ordinal, a phone number, a fixed phrase such as 最多跑一次), a table row or a
line of page chrome ("浏览次数:12", "首页 > 年报 > 2021"); a bare 2021 is a year.  The
vocabulary of all of them lives in ``data/facts.toml``.  Chinese numerals count only with a
unit ("三件", not "三公").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import regex

from .. import data
from ..model import Number, whole

_HAN = regex.compile(r"\p{Han}")
_CELLS = regex.compile(r"[^\s][ ]*\t[\t ]*[^\s]")  # two non-empty cells
_SPACED_ROW = re.compile(r"[ \t]\d+(?:\.\d+)?[ \t]+\d+(?:\.\d+)?[ \t]*$", re.M)
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
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _grammar() -> tuple[re.Pattern, re.Pattern]:
    """The figure and the noise patterns.  Both are compiled with the standard ``re``,
    which scans them 1.5-2.5 times faster than ``regex``; the figure pattern opens with a
    one-character look-ahead so that most positions fail at once."""
    cfg = data.load("facts")
    num = cfg["numerals"]
    cn_chars = "".join([*num["digits"], *num["small_units"], *num["big_units"]])
    cn = f"[{cn_chars}]+(?:{num['point']}[{''.join(num['digits'])}]+)?"
    q = cfg["qualifiers"]
    u = cfg["units"]
    units = _alt([*u["money"], *u["count"], *u["percent"]])
    joiners = _alt(q["range_joiners"])
    firsts = {num["percent_prefix"][0], *cn_chars, *(w[0] for w in q["before"])}
    figure = re.compile(
        rf"(?=[\d{''.join(sorted(firsts))}])"
        rf"(?P<pre>{_alt(q['before'])})?"
        rf"(?:(?P<pct>{re.escape(num['percent_prefix'])})(?P<pnum>{_ARABIC}|{cn})"
        rf"|(?P<num>{_ARABIC}|{cn}(?=(?:{joiners})?[{cn_chars}]*(?:{_alt(q['inner'])})?(?:{units})))"
        rf"(?:(?:{joiners})(?P<num2>{_ARABIC}|{cn}))?"
        rf"(?P<inner>{_alt(q['inner'])})?(?P<mult>[{''.join(u['multipliers'])}](?!元))?"
        rf"(?P<unit>{units})?(?:\((?:{_alt(u['count'])})\))?)"
        rf"(?P<post>{_alt(q['after'])})?")
    n = rf"(?:\d+(?:\.\d+)?|[{cn_chars}]+)"
    noise = re.compile(f"(?={cfg['noise']['starts']})(?:"
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
    if any(c in big for c in s):        # split at the largest: 一亿|五千万, 一万|二千
        unit = max((c for c in s if c in big), key=big.__getitem__)
        head, _, tail = s.partition(unit)
        return (chinese_value(head) if head else 1) * big[unit] + (chinese_value(tail) if tail else 0)
    total = cur = 0
    for c in s:
        if c in digits:
            cur = digits[c]
        else:
            total += (cur or 1) * small[c]
            cur = 0
    return total + cur


def _value(s: str) -> Number:
    if s[0].isdigit():
        return whole(float(s.replace(",", "")))
    return chinese_value(s)


@dataclass(frozen=True, slots=True)
class _Vocab:
    """The vocabulary the grammar's matches are read with, looked up once."""
    digits: frozenset[str]
    lone_one: frozenset[str]
    qualifiers: tuple[tuple[str, dict[str, str]], ...]
    multipliers: dict[str, int]
    percent: frozenset[str]
    money: frozenset[str]
    years: tuple[int, int]
    chrome: regex.Pattern
    chrome_line: int
    sentence_marks: frozenset[str]


@cache
def _vocab() -> _Vocab:
    cfg = data.load("facts")
    q, u, c = cfg["qualifiers"], cfg["units"], cfg["chrome"]
    lo, hi = cfg["numerals"]["years"]
    return _Vocab(frozenset(cfg["numerals"]["digits"]), frozenset(u["lone_one"]),
                  (("pre", q["before"]), ("inner", q["inner"]), ("post", q["after"])),
                  u["multipliers"], frozenset(u["percent"]), frozenset(u["money"]),
                  (lo, hi), regex.compile("|".join(f"(?:{p})" for p in c["patterns"])),
                  c["max_line"], frozenset(c["sentence_marks"]))


def _qualifier(m: re.Match, v: _Vocab) -> str:
    if m["num2"]:
        return "at_least"
    for group, table in v.qualifiers:
        if m[group]:
            return table[m[group]]
    return "exact"


def _kind(unit: str | None, v: _Vocab) -> str:
    if unit is None:
        return "bare"
    if unit in v.percent:
        return "percent"
    return "money" if unit in v.money else "count"


def _accept(m: re.Match, text: str, v: _Vocab) -> bool:
    """Chinese numerals are figures only with a unit, a lone 一 only with a few; a bare
    number glued to a word ("61省道", "110报警") is a name, not a figure."""
    if m["pct"]:
        return True
    s = m["num"]
    if not s:
        return False
    if s[0].isdigit():
        if m["unit"] or m["inner"] or m["mult"] or m["post"]:
            return True
        return not (m.end() < len(text) and _HAN.match(text, m.end()))
    if not m["unit"] and not m["inner"]:
        return False
    if not m["inner"] and s != "十" and v.digits.isdisjoint(s):
        return False  # 万家, 百姓 …
    return not (s == "一" and m["unit"] not in v.lone_one)


def _year(m: re.Match, v: _Vocab) -> bool:
    """A bare four-digit number of the years' range, with no unit or qualifier."""
    s = m["num"]
    return (s is not None and len(s) == 4 and s.isdigit() and v.years[0] <= int(s) <= v.years[1]
            and not any(m[g] for g in ("num2", "pre", "inner", "mult", "unit", "post")))


def _chrome(text: str, pos: int, v: _Vocab, seen: dict[int, bool]) -> bool:
    """True when ``pos`` lies on a short line of page chrome (metadata, breadcrumb,
    print links), not of sentences; ``seen`` keeps the answer for each line start."""
    start, end = _line(text, pos)
    if start not in seen:
        line = text[start:end]
        seen[start] = (len(line) <= v.chrome_line and v.sentence_marks.isdisjoint(line)
                       and v.chrome.search(line) is not None)
    return seen[start]


def _table_rows(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of the table rows in ``text[lo:hi]``.  Normalization turns most table
    layouts into tab-separated cells, so a short line holding a tab, or a line of two or
    more cells, is not prose; nor is a line ending in two numbers apart ("予以公开 0 0 0"),
    as a PDF's text layer gives a row."""
    out = []
    tab = text.find("\t", lo, hi)
    while tab >= 0:
        start, end = _line(text, tab)
        if len(text[start:end].strip()) <= 40 or _CELLS.search(text, start, end):
            out.append((start, end))
        tab = text.find("\t", end, hi)
    out.extend(_line(text, m.start()) for m in _SPACED_ROW.finditer(text, lo, hi))
    return out


def _line(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same characters."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _gaps(n: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of a text of length ``n`` outside sorted, disjoint ``spans``."""
    out, pos = [], 0
    for a, b in spans:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    return out + [(pos, n)] if pos < n else out


def _overlaps(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """True when [a, b) overlaps one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_left(starts, b) - 1
    return i >= 0 and spans[i][1] > a


def find_figures(text: str, tables: list[tuple[int, int]] = ()) -> list[Figure]:
    """Every figure of ``text`` in order outside table rows, the ``tables`` spans (table
    regions the tables stage found) and noise spans (dates, ordinals …).  Only the prose
    between tables is scanned, and noise only around the figures found there: figures
    are sparse in prose, and a figure never runs across a line break."""
    figure, noise = _grammar()
    v = _vocab()
    prose = _gaps(len(text), _merge(tables))
    rows = [r for lo, hi in prose for r in _table_rows(text, lo, hi)]
    chrome: dict[int, bool] = {}
    candidates = [m for lo, hi in _gaps(len(text), _merge([*rows, *tables]))
                  for m in figure.finditer(text, lo, hi)
                  if _accept(m, text, v) and not _year(m, v)
                  and not _chrome(text, m.start(), v, chrome)]
    around = _merge([(max(0, m.start() - _REACH), m.end() + _REACH) for m in candidates])
    masked = _merge([n.span() for lo, hi in around for n in noise.finditer(text, lo, hi)])
    starts = [a for a, _ in masked]
    out: list[Figure] = []
    for m in candidates:
        core = "pnum" if m["pct"] else "num"
        if masked and _overlaps(masked, starts, *m.span(core)):
            continue
        value = _value(m[core])
        if m["mult"]:
            value = whole(value * v.multipliers[m["mult"]])
        unit = "%" if m["pct"] or m["unit"] == "％" else m["unit"]
        out.append(Figure(m.start(), m.end(), value, _qualifier(m, v), unit, _kind(unit, v)))
    return out


#: How far around a candidate numeral noise spans (a URL, a document number) are sought.
_REACH = 48

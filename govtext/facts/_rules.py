"""The rule layer: cue phrases of ``data/facts.toml`` that name a figure's metric.

Rules are tried in the file's order, most specific first; the first whose cue matches
decides.  What they cannot decide is left to the classifier (:mod:`._model`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .. import data


#: Dictionary labels shorter than this ("其他", "总计") are too common to be cues.
_MIN_LABEL = 5


@dataclass(frozen=True, slots=True)
class Rule:
    metric: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    units: frozenset[str] | None


@cache
def rules() -> tuple[Rule, ...]:
    """The metric cues in their order of precedence: first the 表三 row labels of the
    metric dictionary that prose quotes verbatim ("属于三类内部事务信息1件") for metrics
    facts.toml has no cue for, then the cues of facts.toml."""
    cued = data.load("facts")["metric"]
    out = [Rule(mid, (f"{regex.escape(m.name)}[^,，]{{0,6}}",), (), None)
           for mid, m in data.metrics().items()
           if m.has_columns and len(m.name) >= _MIN_LABEL and mid not in cued]
    for mid, r in cued.items():
        if mid not in data.metrics():
            raise ValueError(f"facts.toml: unknown metric id {mid!r}")
        out.append(Rule(mid, tuple(r.get("before", ())), tuple(r.get("after", ())),
                        frozenset(r["units"]) if "units" in r else None))
    return tuple(out)


@cache
def _count_units() -> frozenset[str]:
    return frozenset(data.load("facts")["units"]["count"])


def _unit_fits(rule: Rule, unit: str | None) -> bool:
    if rule.units is not None:
        return unit is None and not (rule.units & {"元", "万元"}) or unit in rule.units
    return unit is None or unit in _count_units()


@cache
def _compiled(unit: str | None) -> tuple[regex.Pattern, regex.Pattern]:
    """All cues a figure with ``unit`` may take, as one reverse-anchored alternation for
    the words before it and one for the words after it; the group ``r<i>`` is rule i, and
    alternatives are tried in rule order, so the first rule listed wins."""
    before, after = [], []
    for i, rule in enumerate(rules()):
        if not _unit_fits(rule, unit):
            continue
        if rule.before:
            before.append(f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in rule.before)})")
        if rule.after:
            after.append(f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in rule.after)})")
    never = "(?!)"
    return (regex.compile(f"(?r)(?:{'|'.join(before) or never})$"),
            regex.compile("|".join(after) or never))


def match(left: str, right: str, unit: str | None) -> tuple[str, int] | None:
    """The metric the cues give a figure, and how far the deciding cue reaches into
    ``right`` (0 for a cue before the figure); None when no cue applies."""
    before, after = _compiled(unit)
    b = before.search(left)
    a = after.match(right)
    ib = int(b.lastgroup[1:]) if b else len(rules())
    ia = int(a.lastgroup[1:]) if a else len(rules())
    if b is None and a is None:
        return None
    if ib <= ia:
        return rules()[ib].metric, 0
    return rules()[ia].metric, a.end()


@cache
def _items() -> tuple[tuple[str, regex.Pattern], ...]:
    out = []
    for mid, r in data.load("facts")["metric"].items():
        if "items" in r:
            out.append((mid, regex.compile("|".join(r["items"]))))
    return tuple(out)


def respectively(head: str, n: int) -> list[str] | None:
    """The metrics of the ``n`` items listed in ``head`` (the words before 分别), in
    order, when exactly ``n`` distinct items are named; else None."""
    found: list[tuple[int, str]] = []
    for mid, pat in _items():
        for m in pat.finditer(head):
            if not any(mid == f for _, f in found):
                found.append((m.start(), mid))
    if len(found) != n:
        return None
    return [mid for _, mid in sorted(found)]


@cache
def _columns() -> regex.Pattern:
    cols = data.load("facts")["columns"]
    return regex.compile("|".join(f"(?P<{c}>{'|'.join(map(regex.escape, words))})"
                                  for c, words in cols.items()))


def column(clause: str) -> str | None:
    """The 表三 applicant column a clause restricts its figure to, if any."""
    m = _columns().search(clause)
    return m.lastgroup if m else None


@cache
def _zero() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, list[str]]:
    z = data.load("facts")["zero"]
    negation = regex.compile(f"(?:{z['negations']})")
    targets = regex.compile("|".join(f"(?P<t{i}>{p})" for i, (_, p) in enumerate(z["targets"])))
    joiner = regex.compile(f".{{0,2}}?(?:{z['joiners']})")
    return negation, targets, joiner, [m for m, _ in z["targets"]]


def negations(text: str) -> list[int]:
    """Where each negation word of ``text`` starts."""
    return [m.start() for m in _zero()[0].finditer(text)]


def zero_statements(clause: str) -> list[tuple[str, int, int]]:
    """(metric, start, end) of each "未收到申请 / 无行政复议、行政诉讼" statement in a
    clause that holds no figure; offsets are relative to the clause."""
    negation, targets, joiner, metrics = _zero()
    reach = data.load("facts")["zero"]["reach"]
    out: list[tuple[str, int, int]] = []
    pos = 0
    while (neg := negation.search(clause, pos)) is not None:
        start, pos = neg.start(), neg.end()
        while (t := targets.search(clause, pos, min(len(clause), pos + reach))) is not None:
            mid = metrics[int(t.lastgroup[1:])]
            if all(mid != o[0] for o in out):
                out.append((mid, start, t.end()))
            pos = t.end()
            j = joiner.match(clause, pos)
            if j is None:
                break
            pos = j.end()
    return out

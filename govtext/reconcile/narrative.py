"""narrative_vs_table: a figure in the prose against the table cell of the same metric.

A fact is compared with the printed cell of its metric (rule ``prose.table``), with the
sum of the printed rows of an aggregate ("不予处理1件" against the five 不予处理 rows,
``prose.table_sum``), or with the cell of the metric the dictionary says means the same
in the other template ("不属于本行政机关公开数" against 本机关不掌握相关政府信息,
``prose.table_alias``).  The qualifier decides what agrees (see :mod:`.bounds`); the
severity is ``error`` only when the contradiction holds on the strict reading of an
exact-meaning metric.  A figure about another year or a wider area than the issuer's is
not compared.  A figure stated twice the same way is one finding.
"""
from __future__ import annotations

from functools import cache

import regex

from ..data import column_label, load, metrics, same_meaning
from ..model import Evidence, Fact, Finding, Report, whole
from . import bounds
from .lookup import COLUMNED, CellIndex, Value
from .rules import finding, name

#: Where a prose figure is looked up first: 表三/表四 before 表二 and the 统计表.
TABLE_ORDER = ("t3", "t4", "t2", "stats")

#: (rule, table, column, table value, alias metric) of the value a fact is compared with.
Match = tuple[str, str, str | None, Value, str | None]


@cache
def _prose() -> dict:
    return load("reconcile")["prose"]


def check_prose(report: Report, index: CellIndex) -> list[Finding]:
    """One finding per (metric, column, stated figure) that the tables contradict."""
    grouped: dict[tuple, list[Fact]] = {}
    matches: dict[tuple, Match] = {}
    for fact in report.facts:
        if not _countable(fact):
            continue
        match = _lookup(index, fact)
        if match is None or _agrees(fact, match[3]) or not _in_scope(report, fact):
            continue
        key = (fact.metric, match[2], fact.value, fact.qualifier)
        grouped.setdefault(key, []).append(fact)
        matches.setdefault(key, match)
    return [_finding(report.source, facts, matches[key]) for key, facts in grouped.items()]


def _column(fact: Fact, metric: str) -> str | None:
    """The 表三 column a fact about ``metric`` refers to: its own, else 总计."""
    m = metrics().get(metric)
    return (fact.column or "total") if m is not None and m.has_columns else None


def _lookup(index: CellIndex, fact: Fact) -> Match | None:
    """(rule, table, column, value, alias metric) of the table value to compare with."""
    candidates = ((fact.metric, None), *((a, a) for a in same_meaning(fact.metric)))
    for metric, alias in candidates:
        column = _column(fact, metric)
        for table in TABLE_ORDER:
            if table != COLUMNED and column not in (None, "total"):
                continue
            v = index.get(table, metric, column)
            if v is not None:
                rule = ("prose.table_alias" if alias else
                        "prose.table" if v.printed else "prose.table_sum")
                return rule, table, column, v, alias
    return None


def _agrees(fact: Fact, v: Value) -> bool:
    point = bounds.Interval(v.value, v.value)
    return bounds.loose(fact.value, fact.qualifier).meets(point, bounds.slack(fact.value, v.value))


def _severity(fact: Fact, rule: str, v: Value) -> str:
    """error: the strict reading of an exact-meaning metric is contradicted."""
    if rule == "prose.table_alias" or fact.metric in _prose()["loose"]:
        return "warning"
    point = bounds.Interval(v.value, v.value)
    held = bounds.strict(fact.value, fact.qualifier).meets(point, bounds.slack(fact.value, v.value))
    return "warning" if held else "error"


def _finding(source: str, facts: list[Fact], match: Match) -> Finding:
    rule, _, column, v, alias = match
    fact = facts[0]
    evidence = [Evidence.of_fact(f) for f in facts]
    evidence += [Evidence.of_cell(c) for c in [c for c in v.cells if c.value] or v.cells]
    where = f" ({column_label(column)})" if column and column != "total" else ""
    return finding(rule, source, _severity(fact, rule, v),
                   metrics=[fact.metric] + ([alias] if alias else []), column=column,
                   expected=v.value, observed=fact.value, evidence=evidence,
                   text=fact.text, stated=_stated(fact), name=name(fact.metric), where=where,
                   alias=name(alias) if alias else "")


def _stated(fact: Fact) -> str:
    words = {"at_least": "at least ", "at_most": "at most ", "approx": "about "}
    return f"{words.get(fact.qualifier, '')}{whole(fact.value)}"


def _countable(fact: Fact) -> bool:
    """A figure with a metric and a unit that fits it: a bare "粉丝约2000" counts no items
    (a zero in words needs no unit), "关注人数18605人" counts people, not 政务微信 items."""
    if fact.metric is None or fact.unit == "%" or fact.metric not in metrics():
        return False
    p = _prose()
    if fact.unit in p["people_units"] and fact.metric not in p["people_metrics"]:
        return False
    return fact.unit is not None or fact.value == 0


@cache
def _year() -> regex.Pattern:
    return regex.compile(_prose()["year"])


def _in_scope(report: Report, fact: Fact) -> bool:
    """About the report's year (the last year named before the figure in its sentence)
    and the issuer's own area (no wider area named in its clause)."""
    text, p = report.text, _prose()
    sentence = text[_after_last(p["sentence_break"], text, fact.start):fact.end]
    years = _year().findall(sentence)
    if years and report.year is not None and int(years[-1]) != report.year:
        return False
    clause = text[_after_last(p["clause_break"], text, fact.start):fact.end]
    for cue, own in p["wider_scope"].items():
        if cue in clause and not (report.issuer and report.issuer.endswith(tuple(own))):
            return False
    return True


def _after_last(chars: str, text: str, pos: int) -> int:
    """The offset just after the last of ``chars`` before ``pos`` (0 if none)."""
    return max(text.rfind(ch, 0, pos) for ch in chars) + 1

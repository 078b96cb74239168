"""narrative_sum: the prose against itself, from the facts stage's groups.

- ``prose.sum``: a stated total and its listed parts, only when the list covers the
  total (a 其中 list of overlapping channels may sum to anything); see :func:`_partition`.
- ``prose.share``: a percentage against the count and the whole it describes: it must
  be less than one unit of its last printed digit away (1/3 printed as 34% agrees,
  1/10 printed as 11% does not).
- ``prose.share_total``: the shares of an exhaustive split sum to 100 within rounding.
"""
from __future__ import annotations

from functools import cache

from ..data import load, metric_parts, metric_within, same_meaning
from ..model import Evidence, Fact, Finding, Group, Report, whole
from . import bounds
from .rules import finding


@cache
def _shares() -> dict:
    return load("reconcile")["shares"]


def check_groups(report: Report) -> list[Finding]:
    """Every group whose figures contradict each other."""
    found: list[Finding] = []
    for g in report.groups:
        parts, exhaustive = _partition(g) if g.total is not None else (g.parts, g.exhaustive)
        if exhaustive:
            found += _check_sum(report.source, g.total, parts)
        shares = _check_shares(report.source, g)
        found += shares or (_check_share_total(report.source, g) if exhaustive else [])
    return found


def _covers(metric: str, listed: set[str]) -> bool:
    """True when every required part of ``metric`` is listed, itself or inside."""
    parts, optional = metric_parts(metric)
    return all(p in optional or any(m == p or m in same_meaning(p) or metric_within(m, p) for m in listed)
               for p in parts)


def _partition(g: Group) -> tuple[list[Fact], bool]:
    """The listed parts that split the total, and whether they cover it.

    With the total's metric known, a part of another metric is no part of it (结转下年度 in
    a list of 办理结果) and a part inside a listed part is counted once.  When every part's
    metric is known, the dictionary decides whether the list covers the total (a list
    ending with 其他处理 may still leave out 无法提供); else the wording does
    (``Group.exhaustive``).  Parts by applicant type ("其中自然人8件") are a split of
    their own and are never mixed with parts by outcome.
    """
    total = g.total
    parts = [p for p in g.parts if p is not total and p.unit != "%"
             and (p.unit == total.unit or not p.unit or not total.unit)]
    if total.metric is None:
        return parts, g.exhaustive
    by_column = [p for p in parts if p.metric == total.metric and p.column not in (None, total.column)]
    known = [p for p in parts if p.metric is not None and metric_within(p.metric, total.metric)]
    unknown = [p for p in parts if p.metric is None]
    if by_column:
        return (by_column, g.exhaustive) if not (known or unknown) else ([], False)
    if unknown or not known:
        return known + unknown, g.exhaustive
    known = [p for p in known if not any(metric_within(p.metric, q.metric) for q in known)]
    return known, _covers(total.metric, {p.metric for p in known})


def _check_sum(source: str, total: Fact | None, parts: list[Fact]) -> list[Finding]:
    """The stated total against the sum of a list that covers it."""
    if total is None or len(parts) < 2:
        return []
    stated = bounds.loose(total.value, total.qualifier)
    summed = sum((bounds.loose(p.value, p.qualifier) for p in parts), bounds.Interval(0, 0))
    eps = bounds.slack(total.value, *(p.value for p in parts))
    if stated.meets(summed, eps):
        return []
    strict = bounds.strict(total.value, total.qualifier)
    strict_sum = sum((bounds.strict(p.value, p.qualifier) for p in parts), bounds.Interval(0, 0))
    severity = "warning" if strict.meets(strict_sum, eps) else "error"
    observed = sum(p.value for p in parts)
    return [finding("prose.sum", source, severity, metrics=_metrics([total, *parts]),
                    column=total.column, expected=total.value, observed=observed,
                    evidence=[Evidence.of_fact(f) for f in (total, *parts)],
                    text=total.text, count=len(parts))]


def _unit(pct: float) -> float:
    return 10.0 ** -bounds.decimals(pct)


def _check_shares(source: str, g: Group) -> list[Finding]:
    """Each exact percentage against its exact count over the exact whole."""
    base = g.total
    if base is None or base.qualifier != "exact" or not base.value:
        return []
    found = []
    for count, pct in g.shares:
        if count is None or count.qualifier != "exact" or pct.qualifier != "exact":
            continue
        actual = count.value / base.value * 100
        if abs(actual - pct.value) < _shares()["min_units"] * _unit(pct.value) - 1e-9:
            continue
        found.append(finding(
            "prose.share", source, "error", metrics=_metrics([base, count]),
            column=base.column, expected=whole(round(actual, bounds.decimals(pct.value))),
            observed=pct.value, evidence=[Evidence.of_fact(f) for f in (count, pct, base)],
            count=count.value, whole=base.value, text=f"{count.text}…{pct.text}"))
    return found


def _check_share_total(source: str, g: Group) -> list[Finding]:
    """The shares of an exhaustive split, each given, sum to 100 within rounding."""
    pcts = [p for _, p in g.shares]
    if len(pcts) < 2 or (g.parts and len(pcts) != len(g.parts)):
        return []
    if any(p.qualifier != "exact" for p in pcts):
        return []
    unit = max(_unit(p.value) for p in pcts)
    cfg = _shares()
    tol = min(max(len(pcts) * unit / 2, cfg["min_units"] * unit), cfg["max_units"] * unit)
    total = sum(p.value for p in pcts)
    if abs(total - 100) <= tol + 1e-9:
        return []
    figures = [f for f in (g.total, *g.parts) if f is not None]
    return [finding("prose.share_total", source, "error", metrics=_metrics(figures), column=None,
                    expected=100, observed=round(total, 4),
                    evidence=[Evidence.of_fact(p) for p in pcts],
                    text=f"{pcts[0].text}…{pcts[-1].text}", count=len(pcts))]


def _metrics(facts: list[Fact]) -> list[str]:
    return list(dict.fromkeys(f.metric for f in facts if f.metric))

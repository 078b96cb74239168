"""Prose facts: the figures of a report's narrative, each named by a metric id.

``extract_facts("全年共收到依申请公开6件")`` gives one :class:`~govtext.model.Fact`
(apply.new, total, 6, exact, 件).  The stage runs in four steps:

1. :mod:`._numbers` finds every figure (Arabic, Chinese, mixed, percentages, ranges,
   qualifiers) and skips dates, document and article numbers, ordinals and phones;
2. :mod:`._context` cuts the text into clauses, so a figure takes its meaning only from
   the words between it and its neighbours;
3. :mod:`._rules` names the metric from cue phrases of ``data/facts.toml`` (and reads
   分别 lists, "这6件都是自然人" and zero statements such as 无行政复议); figures the cues
   cannot name go to the classifier of :mod:`._model`; a figure about a whole
   city/county/district (全市…) that is not the issuer's own keeps metric null;
4. :mod:`._groups` ties stated wholes to their listed parts and shares, for the
   reconcile stage's narrative_sum checks.

A range "3-4篇" is one fact: its lower bound, qualifier ``at_least``.  Amounts keep the
unit they are written in, except that a metric with a unit of its own (万元 for
procurement.amount and fees.amount, 元 for fees.collected) gets its value converted.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cache

import regex

from .. import data
from ..model import Fact, Group, Report, whole
from . import _model, _rules
from ._context import Context, Layout
from ._groups import groups_of
from ._numbers import Figure, find_figures

__all__ = ["annotate", "extract_facts", "extract_groups"]


def annotate(report: Report) -> Report:
    """Pipeline component: fill ``report.facts`` and ``report.groups`` from the prose
    (table regions found by the tables stage are skipped)."""
    report.facts, report.groups = _extract(report.text, report)
    for f in report.facts:
        s = report.section_at(f.start)
        f.section = s.kind if s else None
    return report


def extract_facts(text_or_report: str | Report) -> list[Fact]:
    """The facts of a text (all of it but its tab-separated table rows) or of a
    report's prose (its tables, as the tables stage found them, left out)."""
    if isinstance(text_or_report, Report):
        return annotate(text_or_report).facts
    return _extract(_checked(text_or_report), None)[0]


def extract_groups(text_or_report: str | Report) -> list[Group]:
    """Stated wholes with their listed parts and shares (see :class:`~govtext.model.Group`)."""
    if isinstance(text_or_report, Report):
        return annotate(text_or_report).groups
    return _extract(_checked(text_or_report), None)[1]


# ----------------------------------------------------------------------------- internals

def _checked(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"extract_facts expects a str or a Report, not {type(text).__name__}")
    return text


def _subsets_unnamed(groups: list[Group]) -> list[Group]:
    """A listed part named like its whole is a subset ("举办191场发布会…其中疫情防控发布会
    151场"), not the metric itself: it keeps its figure but loses the metric.  A part by
    applicant type ("其中自然人提出申请17件") has a column of its own and keeps it."""
    for g in groups:
        for p in g.parts:
            if p.metric is not None and (p.metric, p.column) == (g.total.metric, g.total.column):
                p.metric, p.column = None, None
    return groups


@cache
def _cfg() -> dict:
    return data.load("facts")["context"]


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    c = _cfg()
    return (regex.compile(c["anaphora"]), regex.compile(c["scope"]),
            regex.compile(c["respectively"]), regex.compile(c["kinds"]))


def _foreign_scope(sentence_head: str, issuer: str | None) -> bool:
    """True when the words before a figure put it under a whole city/county/district
    that is not the issuer itself."""
    m = _patterns()[1].search(sentence_head)
    if m is None:
        return False
    level = m.groupdict().get("level")
    own = _cfg()["own_scope"].replace("{level}", regex.escape(level or ""))
    return not (level and issuer and regex.search(own, issuer))


def _convert(value, unit: str | None, metric: str | None):
    """A money figure in the unit its metric is kept in (worths in facts.toml)."""
    target = data.metrics()[metric].unit if metric else None
    worth = data.load("facts")["units"]["money"]
    if target and unit and unit != target and unit in worth and target in worth:
        return whole(round(value * worth[unit] / worth[target], 6)), target
    return value, unit


def _fact(text: str, f: Figure, ctx: Context, metric: str | None, column: str | None,
          extra: int, left_start: int | None = None) -> Fact:
    start = max(ctx.left_start if left_start is None else left_start, f.start - _cfg()["max_left"])
    while start < f.start and text[start].isspace():
        start += 1
    end = f.end + extra
    if metric and data.metrics()[metric].has_columns:
        column = column or "total"
    else:
        column = None
    value, unit = _convert(f.value, f.unit, metric)
    return Fact(metric, column, value, f.qualifier, unit, text[start:end], start, end)


def _respectively(text: str, figures: list[Figure], ctxs: list[Context]) -> dict[int, str]:
    """Metrics of the figures of "政务微信、微博分别公开信息136条和1250条" lists."""
    out: dict[int, str] = {}
    marker = _patterns()[2]
    k = 0
    while k < len(figures):
        c = ctxs[k]
        m = marker.search(text, c.clause_start, figures[k].start)
        if m is None:
            k += 1
            continue
        same = [j for j in range(k, len(figures)) if ctxs[j].clause_start == c.clause_start]
        metrics = _rules.respectively(text[c.clause_start:m.start()], len(same))
        if metrics:
            out.update(zip(same, metrics))
        k = same[-1] + 1
    return out


#: How far before and after a figure its cues are looked for, and how far back in its
#: sentence a 全市/全区 scope word reaches.
_LEFT, _RIGHT, _SCOPE = 80, 30, 80


def _sides(text: str, f: Figure, c: Context) -> tuple[str, str]:
    """The words a figure's cues are looked for in: before it, and after its unit."""
    return (text[max(c.left_start, f.start - _LEFT):f.start],
            text[f.end:min(c.right_end, f.end + _RIGHT)])


def figure_contexts(text: str) -> list[tuple[Figure, str]]:
    """Every figure of ``text`` with what the classifier reads of it (for training)."""
    figures = find_figures(text)
    out = []
    for f, c in zip(figures, Layout(text).contexts(figures)):
        left, right = _sides(text, f, c)
        out.append((f, _model.context_text(left, f.unit, right)))
    return out


def _extract(text: str, report: Report | None) -> tuple[list[Fact], list[Group]]:
    figures = find_figures(text, [(s, e) for _, s, e in report.table_spans] if report else ())
    layout = Layout(text)
    ctxs = layout.contexts(figures)
    listed = _respectively(text, figures, ctxs)
    issuer = report.issuer if report is not None else None
    anaphora, kinds = _patterns()[0], _patterns()[3]
    older = data.load("facts")["template_ids"].get(report.template if report else "", {})
    facts: list[Fact] = []
    undecided: dict[int, str] = {}
    for k, (f, c) in enumerate(zip(figures, ctxs)):
        left, right = _sides(text, f, c)
        metric, extra = listed.get(k), 0
        if metric is None and f.kind != "percent" and not kinds.match(right) and not _foreign_scope(
                text[max(c.sentence_start, f.start - _SCOPE):f.start], issuer):
            hit = _rules.match(left, right, f.unit)
            if hit:
                metric, extra = hit
            elif anaphora.search(left):
                metric = next((p.metric for p in reversed(facts)
                               if p.value == f.value and p.unit == f.unit and p.metric), None)
            elif f.kind == "count":
                undecided[k] = _model.context_text(left, f.unit, right)
        metric = older.get(metric, metric)
        col = _rules.column(text[c.clause_start:c.clause_end])
        if col and metric and not extra and _rules.column(right):
            extra = len(right)  # "这6件都是自然人": the evidence names the applicants
        facts.append(_fact(text, f, ctxs[k], metric, col, extra,
                           c.clause_start if k in listed else None))
    for k, metric in zip(undecided, _model.decide(list(undecided.values()))):
        if metric is not None:
            col = _rules.column(text[ctxs[k].clause_start:ctxs[k].clause_end])
            facts[k] = _fact(text, figures[k], ctxs[k], older.get(metric, metric), col, 0)
    facts.extend(_zeros(text, layout, figures, report))
    facts.sort(key=lambda x: x.start)
    return facts, _subsets_unnamed(groups_of(text, facts, layout))


def _zeros(text: str, layout: Layout, figures: list[Figure], report: Report | None) -> list[Fact]:
    """Zero stated in words: "未收到政府信息公开申请" → apply.new 0 (only in clauses that
    hold no figure)."""
    out: list[Fact] = []
    starts = [f.start for f in figures]
    seen: set[int] = set()
    for neg in _rules.negations(text):
        lo, hi = layout.clause(neg, neg + 1)
        if lo in seen:
            continue
        seen.add(lo)
        i = bisect_left(starts, lo)
        if i < len(starts) and starts[i] < hi:
            continue
        if report is not None and report.table_spans and report.in_table(lo):
            continue
        for metric, s, e in _rules.zero_statements(text[lo:hi]):
            m = data.metrics()[metric]
            out.append(Fact(metric, "total" if m.has_columns else None, 0, "exact", m.unit,
                            text[lo + s:lo + e], lo + s, lo + e))
    return out

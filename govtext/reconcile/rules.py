"""The registry of reconcile rules: every stable rule id, its finding kind and message.

Rule ids are public (tests, notebooks and the corpus tables match on them, never on
the sentence): an id is never renamed, and never reused for another check.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..data import metrics
from ..model import Evidence, Finding, Number, quote, whole


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    #: ``str.format`` template of the one-sentence message.
    template: str


_RULES = (
    Rule("t3.balance", "table_identity",
         "{table}{where}: {total} = {observed}, but {parts} = {expected}."),
    Rule("t3.outcome_sum", "table_identity",
         "{table}{where}: {total} = {observed}, but the outcome rows {parts} sum to {expected}."),
    Rule("t3.row_sum", "table_identity",
         "{table}: in {count} row(s) the {total_column} column differs from the sum of the six applicant "
         "columns, first {total}: {observed} vs {expected}."),
    Rule("t4.group_sum", "table_identity",
         "{table}: {total} = {observed}, but {parts} = {expected}."),
    Rule("stats.part_sum", "table_identity",
         "{table}: {total} = {observed}, but its items {parts} sum to {expected}."),
    Rule("prose.table", "narrative_vs_table",
         "Prose {text} states {stated} for {name}{where}, the table has {expected}."),
    Rule("prose.table_sum", "narrative_vs_table",
         "Prose {text} states {stated} for {name}{where}, the table's rows sum to {expected}."),
    Rule("prose.table_alias", "narrative_vs_table",
         "Prose {text} states {stated} for {name}{where}, the table's {alias} has {expected}."),
    Rule("prose.sum", "narrative_sum",
         "Prose {text} states a total of {expected}, but its {count} listed parts sum to {observed}."),
    Rule("prose.share", "narrative_sum",
         "Prose {text} states {observed}% for {count} of {whole}, which is {expected}%."),
    Rule("prose.share_total", "narrative_sum",
         "Prose {text} splits a whole into {count} shares summing to {observed}%, not 100%."),
)

RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def name(metric: str) -> str:
    """A metric's Chinese name for messages."""
    m = metrics().get(metric)
    return m.name if m else metric


def finding(rule_id: str, source: str, severity: str, *, metrics: list[str],
            column: str | None, expected: Number | None, observed: Number | None,
            evidence: list[Evidence], **fields: object) -> Finding:
    """A finding of a registered rule, its message filled from ``fields``."""
    rule = RULES[rule_id]
    values = {k: _fmt(v) for k, v in fields.items()}
    if "text" in values:
        values["text"] = quote(values["text"])
    message = rule.template.format(expected=_fmt(expected), observed=_fmt(observed), **values)
    return Finding(source=source, kind=rule.kind, severity=severity, rule=rule.id,
                   message=message, metrics=metrics, column=column, expected=expected,
                   observed=observed, evidence=evidence)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        v = whole(round(v, 4))
    return str(v)

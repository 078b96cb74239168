"""table_identity: a table against its own printed arithmetic.

The identities are data (``govtext/data/reconcile.toml``); a check runs only when every
cell it needs is printed, so a cut or partly parsed table yields no finding.  One wrong
cell is reported once per identity and column, never once per row it touches.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..data import column_label, load, metrics, t3_columns
from ..model import Evidence, Finding, Report
from .lookup import COLUMNED, CellIndex, Value
from .rules import finding, name


@dataclass(frozen=True, slots=True)
class Identity:
    rule: str
    table: str
    total: tuple[str, ...]
    parts: tuple[str, ...]
    optional: tuple[str, ...]
    #: how a message names the parts when it does not list them ("(一)…(六)")
    label: str | None = None


@cache
def identities() -> tuple[Identity, ...]:
    """The table identities of reconcile.toml, parts filled from the metric dictionary."""
    out = []
    for d in load("reconcile")["identity"]:
        total = tuple(d["total"])
        parts = tuple(d.get("parts") or metrics()[total[0]].parts)
        out.append(Identity(d["rule"], d["table"], total, parts, tuple(d.get("optional", ())),
                            d.get("label")))
    return tuple(out)


def check_tables(report: Report, index: CellIndex) -> list[Finding]:
    """Every identity that fails, once per (identity, column), then 表三's row sums."""
    found: list[Finding] = []
    for ident in identities():
        if ident.table not in index.tables:
            continue
        columns = t3_columns() if ident.table == COLUMNED else (None,)
        for col in columns:
            f = _check(report.source, index, ident, col)
            if f is not None:
                found.append(f)
    row_sums = _check_row_sums(report.source, index)
    return found + ([row_sums] if row_sums else [])


def _check(source: str, index: CellIndex, ident: Identity, column: str | None) -> Finding | None:
    total = index.total(ident.table, ident.total, column)
    if total is None:
        return None
    parts = index.total(ident.table, ident.parts, column, ident.optional)
    if parts is None or _same(total.value, parts.value):
        return None
    return finding(
        ident.rule, source, "error", metrics=list(ident.total + ident.parts), column=column,
        expected=parts.value, observed=total.value,
        evidence=_evidence(total, parts), table=_table_name(ident.table),
        where=_where(column), total=_names(ident.total), parts=ident.label or _names(ident.parts))


def _check_row_sums(source: str, index: CellIndex) -> Finding | None:
    """In every 表三 row, 总计 = the six applicant columns; failing rows in one finding."""
    if COLUMNED not in index.tables:
        return None
    *applicants, total_col = t3_columns()
    failing: list[tuple[str, Value, Value]] = []
    for metric in index.rows(COLUMNED):
        total = index.get(COLUMNED, metric, total_col)
        cells = [index.get(COLUMNED, metric, c) for c in applicants]
        if total is None or not total.printed or any(c is None or not c.printed for c in cells):
            continue
        parts = Value(sum(c.value for c in cells), tuple(c.cells[0] for c in cells), False)
        if not _same(total.value, parts.value):
            failing.append((metric, total, parts))
    if not failing:
        return None
    metric, total, parts = failing[0]
    evidence: list[Evidence] = []
    for _, t, p in failing:
        evidence.extend(_evidence(t, p))
    return finding("t3.row_sum", source, "error", metrics=[m for m, _, _ in failing],
                   column=total_col, expected=parts.value, observed=total.value,
                   evidence=evidence, count=len(failing), total=name(metric),
                   table=_table_name(COLUMNED), total_column=column_label(total_col))


def _evidence(total: Value, parts: Value) -> list[Evidence]:
    """The total side's cells, then the parts' non-zero cells (zeros add nothing to the
    sum a reader checks, and 表三 has dozens)."""
    keep = [c for c in parts.cells if c.value != 0]
    return [Evidence.of_cell(c) for c in (*total.cells, *keep)]


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6 * max(1.0, abs(a), abs(b))


def _where(column: str | None) -> str:
    return f" ({column_label(column)}{load('reconcile')['words']['column']})" if column else ""


def _table_name(table: str) -> str:
    """表三 for t3: the table's own name, as tables.toml spells it."""
    return load("tables")[table]["name"]


def _names(ids: tuple[str, ...]) -> str:
    return " + ".join(name(m) for m in ids)

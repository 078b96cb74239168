"""Reconciliation across reports: one issuer's consecutive years must agree.

- ``cross.carry_over`` (error): 表三 四、结转下年度继续办理 of year y, column by column,
  is 二、上年结转 of year y+1.
- ``cross.prev_items`` (warning): in the 2019 template's 表二, 上一年项目数量 of y+1 is
  上一年项目数量 + 本年增/减 of y (a warning: 本年增/减 is sometimes filled in as the
  items added, not the net change).
- ``cross.copied_figures`` (warning): every non-zero table figure of y+1 repeats y's,
  the sign of a report copied forward without new figures.

Works on the ``reports`` and ``cells`` tables (DataFrames) with vectorised joins, over
a small digest of the cells (:class:`Digest`).  Evidence cells are prefixed with their
report's source: ``r1.txt#t3/apply.carried_forward/total``.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Callable, Iterable

import pandas as pd

from ..data import load, metrics, t3_columns
from ..model import Evidence, Finding

KIND = "cross_report"
CARRY_FORWARD, CARRY_OVER = "apply.carried_forward", "apply.carried_over"
#: A copied report must repeat at least this many non-zero figures to be flagged.
MIN_COPIED_CELLS = 5
#: More reports than this under one issuer key and year (a generic name, or one report
#: copied many times) are not paired: the key does not identify one body.
MAX_SAME_YEAR = 3
#: How many cells of each report a copied_figures finding shows as evidence.
COPIED_EVIDENCE = 3


@cache
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    conf = load("corpus")["issuer"]
    by_length = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return by_length(conf["strip_prefixes"]), by_length(conf["strip_suffixes"])


def normalise_issuer(name: str) -> str:
    """The key one issuer's reports share whatever name variant each one prints."""
    key = "".join(unicodedata.normalize("NFKC", name).split())
    prefixes, suffixes = _affixes()
    for p in prefixes:
        if key.startswith(p) and len(key) > len(p):
            key = key[len(p):]
    while (s := next((s for s in suffixes if key.endswith(s)), None)) and len(key) > len(s):
        key = key[:-len(s)]  # the longest suffix first: 人民政府 stays whole, never 人民
    return key


@cache
def prev_item_groups() -> tuple[str, ...]:
    """The 表二 rows that have both 上一年项目数量 and 本年增/减 (2019 template)."""
    ids = metrics()
    return tuple(m[:-len(".prev_items")] for m in ids
                 if m.endswith(".prev_items") and m[:-len(".prev_items")] + ".change" in ids)


def cross_metrics() -> tuple[str, ...]:
    """The metrics the year-to-year identities read (beside every non-zero cell)."""
    return (CARRY_FORWARD, CARRY_OVER) + tuple(
        f"{g}.{col}" for g in prev_item_groups() for col in ("prev_items", "change"))


def cross_reconcile(reports: pd.DataFrame, cells: pd.DataFrame) -> list[Finding]:
    """Findings of kind ``cross_report`` between consecutive years of each issuer.

    ``reports`` needs ``source``, ``issuer``, ``year`` (and ``status``, if present, is
    used to keep only parsed reports); ``cells`` needs ``source``, ``table``,
    ``metric``, ``column``, ``value``.  Each finding's source is the later report.
    """
    return reconcile_digest(reports, digest(cells), lambda sources: cells[cells["source"].isin(sources)])


@dataclass(slots=True)
class Digest:
    """The little the checks need of a corpus's cells: per report (index: source) the
    figures the identities read, one column per ``metric/column``, and a signature of
    its non-zero figures.  Digests of parts concatenate, so a corpus is digested one
    part at a time and memory grows by one short row per report."""
    figures: pd.DataFrame
    signatures: pd.DataFrame

    @classmethod
    def concat(cls, digests: Iterable["Digest"]) -> "Digest":
        parts = list(digests) or [digest(pd.DataFrame(columns=CELL_COLUMNS))]
        return cls(pd.concat([d.figures for d in parts]), pd.concat([d.signatures for d in parts]))


#: The columns of ``cells`` the checks read.
CELL_COLUMNS = ["source", "table", "metric", "column", "value"]


def digest(cells: pd.DataFrame) -> Digest:
    return Digest(_figures(cells), _signatures(cells[cells["value"] != 0]))


def reconcile_digest(reports: pd.DataFrame, digested: Digest,
                     cells_of: Callable[[set[str]], pd.DataFrame]) -> list[Finding]:
    """:func:`cross_reconcile` over a digest; ``cells_of(sources)`` gives those reports'
    cells, read only for the few reports a copied_figures finding cites."""
    pairs = consecutive_pairs(reports)
    if pairs.empty:
        return []
    both = (pairs.merge(digested.figures.add_prefix("prev:"), left_on="source_prev", right_index=True)
                 .merge(digested.figures.add_prefix("next:"), left_on="source_next", right_index=True))
    found = (_carry_over(both) + _prev_items(both)
             + _copied(pairs, digested.signatures, cells_of))
    return sorted(found, key=lambda f: (f.source, f.rule, f.column or "", f.metrics))


def consecutive_pairs(reports: pd.DataFrame) -> pd.DataFrame:
    """(source_prev, source_next, issuer key, year) for each issuer's years y and y+1.

    A report in two formats (HTML and PDF) pairs with each of the other year's."""
    r = reports
    if "status" in r:
        r = r[r["status"].astype(str) == "ok"]
    r = r[r["issuer"].notna() & r["year"].notna()]
    r = pd.DataFrame({"source": r["source"].astype(str).to_numpy(),
                      "key": [normalise_issuer(str(x)) for x in r["issuer"]],
                      "year": r["year"].astype(int).to_numpy()})
    size = r.groupby(["key", "year"])["source"].transform("size")
    r = r[size <= MAX_SAME_YEAR]  # a name many reports share does not identify one body
    later = r.assign(year=r["year"] - 1)
    pairs = r.merge(later, on=["key", "year"], suffixes=("_prev", "_next"))
    return pairs.sort_values(["key", "year", "source_prev", "source_next"], ignore_index=True)


def _figures(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per report of the figures the identities read, keyed ``metric/column``."""
    sel = cells[cells["metric"].isin(cross_metrics()) & cells["table"].isin(("t2", "t3"))]
    key = sel["metric"].astype(str) + ("/" + sel["column"].astype(str)).where(sel["column"].notna(), "")
    wide = (pd.DataFrame({"source": sel["source"].astype(str).to_numpy(), "key": key.to_numpy(),
                          "value": sel["value"].astype(float).to_numpy()})
            .drop_duplicates(["source", "key"])
            .pivot(index="source", columns="key", values="value"))
    wide.columns.name = None
    return wide


def _plain(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells with plain string keys (categories of different parts do not join)."""
    out = cells[CELL_COLUMNS].copy()
    for c in CELL_COLUMNS[:-1]:
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    out["value"] = out["value"].astype(float)
    return out


def _cell(source: str, table: str, metric: str, column: str | None, value: float) -> Evidence:
    key = f"{table}/{metric}/{column}" if column else f"{table}/{metric}"
    return Evidence(cell=f"{source}#{key}", value=value)


def _paired(both: pd.DataFrame, prev_key: str, next_key: str) -> pd.DataFrame:
    """Pairs where the earlier report has ``prev_key`` and the later ``next_key``."""
    earlier, later = f"prev:{prev_key}", f"next:{next_key}"
    if earlier not in both or later not in both:
        return both.iloc[:0].assign(a=0.0, b=0.0)
    # Columns from the filtered frame: a Series assigned to a frame of no rows would
    # bring its own rows back, as NaN.
    return (both[both[earlier].notna() & both[later].notna()]
            .assign(a=lambda d: d[earlier], b=lambda d: d[later]))


def _carry_over(both: pd.DataFrame) -> list[Finding]:
    found = []
    for col in t3_columns():
        m = _paired(both, f"{CARRY_FORWARD}/{col}", f"{CARRY_OVER}/{col}")
        found += [Finding(
            source=r.source_next, kind=KIND, severity="error", rule="cross.carry_over",
            message=(f"表三 of {r.year + 1} carries over {r.b:g} application(s) ({col}), "
                     f"but the {r.year} report carried forward {r.a:g}."),
            metrics=[CARRY_FORWARD, CARRY_OVER], column=col, expected=r.a, observed=r.b,
            evidence=[_cell(r.source_prev, "t3", CARRY_FORWARD, col, r.a),
                      _cell(r.source_next, "t3", CARRY_OVER, col, r.b)])
            for r in m[m["a"] != m["b"]].itertuples()]
    return found


def _prev_items(both: pd.DataFrame) -> list[Finding]:
    found = []
    for g in prev_item_groups():
        prev_m, change_m = f"{g}.prev_items", f"{g}.change"
        m = _paired(both, prev_m, prev_m)
        change = f"prev:{change_m}"
        if change not in m:
            continue
        m = m[m[change].notna()].assign(c=lambda d: d[change])
        found += [Finding(
            source=r.source_next, kind=KIND, severity="warning", rule="cross.prev_items",
            message=(f"表二 of {r.year + 1} gives {r.b:g} items the year before for {g}, "
                     f"but the {r.year} report's {r.a:g} and change {r.c:+g} make {r.a + r.c:g}."),
            metrics=[prev_m, change_m], column=None, expected=r.a + r.c, observed=r.b,
            evidence=[_cell(r.source_prev, "t2", prev_m, None, r.a),
                      _cell(r.source_prev, "t2", change_m, None, r.c),
                      _cell(r.source_next, "t2", prev_m, None, r.b)])
            for r in m[m["a"] + m["c"] != m["b"]].itertuples()]
    return found


def _copied(pairs: pd.DataFrame, sig: pd.DataFrame,
            cells_of: Callable[[set[str]], pd.DataFrame]) -> list[Finding]:
    m = (pairs.merge(sig.add_suffix("_prev"), left_on="source_prev", right_index=True)
              .merge(sig.add_suffix("_next"), left_on="source_next", right_index=True))
    same = m[(m["n_prev"] == m["n_next"]) & (m["lo_prev"] == m["lo_next"])
             & (m["hi_prev"] == m["hi_next"]) & (m["n_prev"] >= MIN_COPIED_CELLS)]
    if same.empty:
        return []
    cited = _plain(cells_of(set(same.source_prev) | set(same.source_next)))
    shown = (cited[cited["value"] != 0]
             .sort_values(["source", "table", "metric", "column"], na_position="first")
             .groupby("source").head(COPIED_EVIDENCE))
    by_source = {s: list(g.itertuples()) for s, g in shown.groupby("source")}
    return [Finding(
        source=r.source_next, kind=KIND, severity="warning", rule="cross.copied_figures",
        message=(f"All {r.n_next} non-zero table figures of the {r.year + 1} report repeat "
                 f"those of the {r.year} report, as if it was copied forward."),
        metrics=[], column=None, expected=None, observed=None,
        evidence=[_cell(c.source, c.table, c.metric, c.column, c.value)
                  for s in (r.source_prev, r.source_next) for c in by_source.get(s, [])])
        for r in same.itertuples()]


def _signatures(cells: pd.DataFrame) -> pd.DataFrame:
    """Per source: the number of non-zero cells and an order-free hash of their set."""
    h = pd.util.hash_pandas_object(cells[["table", "metric", "column", "value"]], index=False)
    h = h.to_numpy()
    frame = pd.DataFrame({"source": cells["source"].to_numpy(),
                          "lo": (h & 0xFFFFFFFF).astype("int64"), "hi": (h >> 32).astype("int64")})
    sig = frame.groupby("source", observed=True).agg(n=("lo", "size"), lo=("lo", "sum"),
                                                      hi=("hi", "sum"))
    sig.index = sig.index.astype(str)
    return sig

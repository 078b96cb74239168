"""Ground truth for a rendered report, in the contract's JSON shape.

Offsets point into the *normalized* text (``govtext parse``'s ``"text"``), so gold and
a parse of the same file compare directly.  Only what the text shows counts: a report
cut inside 表三 has gold cells for the rows before the cut, and no sections or facts
after it.

Findings are not copied from what was planted: they are recomputed from the gold cells
and facts by plain arithmetic (the table identities, prose against cells with the
figure's qualifier, totals against exhaustive parts, shares against counts), so the gold
holds every contradiction the text contains and none it does not.
"""
from __future__ import annotations

from typing import Any

from .. import data
from ..data import t3_columns
from ..model import whole
from ..normalize import normalize_text
from .compose import Block, Para
from .content import Profile
from .layout import Rendered, to_traditional


def gold_of(blocks: list[Block], rendered: Rendered, profile: Profile) -> dict[str, Any]:
    """The gold record of one rendering of ``blocks``."""
    norm = normalize_text(rendered.text)
    text = norm.text
    to_norm = _raw_to_norm(norm, len(text))
    limit = len(rendered.text) if rendered.cut is None else rendered.cut
    sections, cells, facts, groups = [], [], [], []
    for b, block in enumerate(blocks):
        if isinstance(block, Para):
            start = rendered.anchors[b]
            if block.role == "heading" and start < limit:
                s = to_norm(start)
                title = text[s:to_norm(rendered.at(b, len(block.text), end=True))].strip()
                if sections:
                    sections[-1]["end"] = s
                sections.append({"kind": block.kind, "title": title, "start": s, "end": len(text)})
            index = {}
            for i, f in enumerate(block.figures):
                end = rendered.at(b, f["end"], end=True)
                if end > limit:
                    continue
                s, e = to_norm(rendered.at(b, f["start"])), to_norm(end)
                index[i] = len(facts)
                facts.append({**f, "value": whole(f["value"]), "text": text[s:e], "start": s,
                              "end": e, "section": sections[-1]["kind"] if sections else None})
            for g in block.groups:
                needed = [g["total"], *g["parts"], *(x for pair in g["shares"] for x in pair)]
                if all(i in index for i in needed):
                    groups.append({"total": index[g["total"]], "parts": [index[i] for i in g["parts"]],
                                   "exhaustive": g["exhaustive"],
                                   "shares": [[index[c], index[p]] for c, p in g["shares"]]})
        else:
            for (r, c), cell in block.cells.items():
                start = rendered.anchors[(b, r, c)]
                if start + len(cell["raw"]) > limit:
                    continue
                s, e = to_norm(start), to_norm(start + len(cell["raw"]))
                cells.append({**cell, "value": whole(cell["value"]), "raw": text[s:e]})
    title = "".join(bl.text for bl in blocks if isinstance(bl, Para) and bl.role == "title")
    issuer = profile.full if profile.full in title else profile.name if profile.name in title else profile.full
    if rendered.traditional:
        issuer = to_traditional(issuer)
    return {
        "template": profile.template, "year": profile.year, "issuer": issuer,
        "issuer_kind": profile.kind, "layout": rendered.layout, "traditional": rendered.traditional,
        "truncated": rendered.cut is not None, "chars": len(text),
        "sections": sections, "cells": cells, "facts": facts, "groups": groups,
        "findings": findings(cells, facts, groups),
    }


def _raw_to_norm(norm, n_len: int):
    """Map raw offsets to normalized ones: the first normalized offset at or after.

    Offsets are asked for roughly in reading order, so each search gallops from the
    previous answer instead of bisecting the whole text."""
    last = [0]

    def to_norm(raw: int) -> int:
        lo = last[0] if norm.to_raw(last[0]) < raw else 0
        step, hi = 1, lo
        while hi < n_len and norm.to_raw(hi) < raw:
            lo, hi, step = hi + 1, min(n_len, hi + step), step * 2
        while lo < hi:
            mid = (lo + hi) // 2
            if norm.to_raw(mid) < raw:
                lo = mid + 1
            else:
                hi = mid
        last[0] = lo
        return lo
    return to_norm


# ------------------------------------------------------------------ reference arithmetic

def findings(cells: list[dict], facts: list[dict], groups: list[dict]) -> list[dict[str, Any]]:
    """Every contradiction among ``cells`` and ``facts``: kind, metrics, column,
    expected, observed and severity (no rule ids: gold is rule-agnostic)."""
    table = {(c["table"], c["metric"], c["column"]): c["value"] for c in cells}
    out = _table3(table) + _declared(table, "t4") + _declared(table, "stats")
    out += _prose_vs_table(table, facts) + _sums(facts, groups)
    return out


def _finding(kind: str, metrics: list[str], column: str | None, expected, observed,
             severity: str = "error") -> dict[str, Any]:
    return {"kind": kind, "severity": severity, "metrics": metrics, "column": column,
            "expected": whole(round(expected, 4)), "observed": whole(round(observed, 4))}


def _t3_value(table: dict, metric: str, column: str) -> float | None:
    """A 表三 figure: the printed row, or the sum of the rows an aggregate stands for."""
    v = table.get(("t3", metric, column))
    if v is not None:
        return v
    parts = data.metrics()[metric].parts if metric in data.metrics() else ()
    if not parts or not data.metrics()[metric].parts_computed:
        return None
    values = [_t3_value(table, p, column) for p in parts]
    return None if not any(x is not None for x in values) or None in values else sum(values)


def _table3(table: dict) -> list[dict]:
    if not any(k[0] == "t3" for k in table):
        return []
    out = []
    cols = t3_columns()
    handled_parts = data.metrics()["apply.total_handled"].parts
    for col in cols:
        v = {m: _t3_value(table, m, col) for m in ("apply.new", "apply.carried_over",
                                                   "apply.total_handled", "apply.carried_forward")}
        if None not in v.values():
            left = v["apply.new"] + v["apply.carried_over"]
            right = v["apply.total_handled"] + v["apply.carried_forward"]
            if left != right:
                out.append(_finding("table_identity", list(v), col, left, right))
        parts = [_t3_value(table, m, col) for m in handled_parts]
        if v["apply.total_handled"] is not None and None not in parts and sum(parts) != v["apply.total_handled"]:
            out.append(_finding("table_identity", ["apply.total_handled", *handled_parts], col,
                                sum(parts), v["apply.total_handled"]))
    for metric in sorted({k[1] for k in table if k[0] == "t3"}):
        values = [table.get(("t3", metric, c)) for c in cols]
        if None not in values and sum(values[:-1]) != values[-1]:
            out.append(_finding("table_identity", [metric], "total", sum(values[:-1]), values[-1]))
    return out


def _declared(table: dict, tid: str) -> list[dict]:
    """Printed totals that must equal their printed parts: the identities the forms
    print (``reconcile.toml``'s ``[[identity]]`` list, the form's arithmetic as data),
    checked only when every part that is not optional is shown."""
    out = []
    for ident in data.load("reconcile")["identity"]:
        if ident["table"] != tid:
            continue
        totals = ident["total"]
        parts = ident.get("parts") or data.metrics()[totals[0]].parts
        optional = set(ident.get("optional", ()))
        total = [table.get((tid, m, None)) for m in totals]
        values = [table.get((tid, p, None), 0 if p in optional else None) for p in parts]
        if None in total or None in values or sum(values) == sum(total):
            continue
        out.append(_finding("table_identity", [*totals, *parts], None, sum(values), sum(total)))
    return out


def _cell_for(table: dict, metric: str, column: str | None) -> float | None:
    """The table figure a prose figure is compared with."""
    if column is not None:
        v = _t3_value(table, metric, column)
        if v is not None:
            return v
    for tid in ("t4", "t2", "stats"):
        v = table.get((tid, metric, None))
        if v is not None:
            return v
    if metric == "litigation.total":
        d, a = table.get(("t4", "litigation.direct.total", None)), table.get(("t4", "litigation.after_review.total", None))
        return None if d is None or a is None else d + a
    return None


def _agrees(stated: float, actual: float, qualifier: str) -> bool:
    if qualifier == "exact":
        return stated == actual
    if qualifier == "at_least":
        return actual >= stated
    if qualifier == "at_most":
        return actual <= stated
    return abs(actual - stated) <= max(1, 0.1 * stated)


def _prose_vs_table(table: dict, facts: list[dict]) -> list[dict]:
    out, seen = [], set()
    for f in facts:
        if f["metric"] is None:
            continue
        actual = _cell_for(table, f["metric"], f["column"])
        key = (f["metric"], f["column"], f["value"])
        if actual is None or key in seen or _agrees(f["value"], actual, f["qualifier"]):
            continue
        seen.add(key)
        out.append(_finding("narrative_vs_table", [f["metric"]], f["column"], actual, f["value"],
                            "error" if f["qualifier"] == "exact" else "warning"))
    return out


def _sums(facts: list[dict], groups: list[dict]) -> list[dict]:
    out = []
    for g in groups:
        total = facts[g["total"]]
        parts = [facts[i] for i in g["parts"]]
        metrics = sorted({f["metric"] for f in [total, *parts] if f["metric"]})
        column = total["column"]
        if g["exhaustive"] and sum(p["value"] for p in parts) != total["value"]:
            out.append(_finding("narrative_sum", metrics, column, total["value"],
                                sum(p["value"] for p in parts)))
        for ci, pi in g["shares"]:
            count, pct = facts[ci], facts[pi]
            if total["value"] and abs(100 * count["value"] / total["value"] - pct["value"]) >= 1:
                ms = sorted({m for m in (count["metric"], total["metric"]) if m})
                out.append(_finding("narrative_sum", ms, column,
                                    round(100 * count["value"] / total["value"]), pct["value"]))
    return out

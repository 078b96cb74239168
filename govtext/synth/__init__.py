"""Realistic reports with ground truth: ``govtext synth`` and the corpus behind ``govtext eval``.

A report is drawn in three steps: a profile and consistent figures
(:mod:`~govtext.synth.content`), a contradiction planted at ``error_rate``, and the
wording (:mod:`~govtext.synth.compose`).  The composed report is a
:class:`~govtext.model.RawDocument` of paragraphs and table grids; a text layout
(:mod:`~govtext.synth.layout`) writes it as a file, and :mod:`~govtext.synth.gold`
records what the file shows.  Everything follows from ``(seed, index)``: the same pair
gives the same bytes on every run.
"""
from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any, Iterable

import orjson

from ..model import RawDocument, Table
from .compose import Grid, Plan, compose
from .content import Truth, make_profile, make_truth
from .gold import gold_of
from .layout import LAYOUTS, lay_out, lay_out_canonical, mirrored, truncate

__all__ = ["generate", "make_report", "make_document", "write_report", "LAYOUTS"]

#: Share of text files cut inside 表三, as page excerpts are.
CUT_RATE = 0.12


def _rng(seed: int, index: int, stream: str = "") -> random.Random:
    """The random stream of one report; the layout draws from a stream of its own, so
    a report's document is the same whichever way it is written out (save what a
    layout cannot show: blank cells in a PDF's text, the 统计表 of a one-line page)."""
    return random.Random(f"govtext-synth{stream}:{seed}:{index}")


def name_of(seed: int, index: int) -> str:
    return f"s{seed}-{index:05d}"


def _plan(rng: random.Random, error_rate: float) -> tuple[Plan, list[dict[str, Any]]]:
    """Profile, figures, and at most one planted contradiction (what and where)."""
    profile = make_profile(rng)
    truth = make_truth(rng, profile)
    plan = Plan(profile, said=Truth(dict(truth.values)), shown=Truth(dict(truth.values)))
    old = profile.template == "pre2019"
    plan.stats_table = not old or rng.random() < 0.7
    planted: list[dict[str, Any]] = []
    if rng.random() < error_rate:
        kinds = ["table_identity", "narrative_vs_table", "narrative_sum"]
        kind = rng.choice(kinds)
        if kind != "narrative_sum":
            plan.stats_table = True
        planted.append(_PLANTS[kind](rng, plan))
    elif not old and rng.random() < 0.08:
        plan.blank_zeros = True
    return plan, planted


def _off(rng: random.Random, v: float) -> int:
    """A wrong figure near ``v``."""
    d = rng.randint(1, max(1, int(v) // 5))
    return int(v) + d if v < 1 or rng.random() < 0.6 else max(0, int(v) - d) if v - d >= 0 else int(v) + d


def _plant_table(rng: random.Random, plan: Plan) -> dict[str, Any]:
    """A table breaks its own arithmetic: one 表三 cell (its row total and a column
    identity break), a 表三 cell and its row total together (only the column identity
    breaks), a 表四 result, or a 统计表 sub-item (办结, 人员, 申请方式, 答复, 复议结果)."""
    t = plan.shown.values
    if plan.profile.template == "pre2019":
        rows = ["apply.concluded_on_time", "apply.concluded_extended", "staff.fulltime",
                "apply.channel.online", "apply.channel.in_person", "apply.already_public",
                "apply.not_this_agency"] + (["review.upheld", "review.other"] if t[("review.total", None)] else [])
        keys = [(rng.choice(rows), None)]
    elif rng.random() < 0.7:
        rows = sorted({m for m, c in t if c == "natural" and m not in ("apply.denied", "apply.unable",
                                                                        "apply.not_processed")})
        rows = [m for m in rows if not (m == "apply.other" and plan.profile.template == "2021")]
        m, c = rng.choice(rows), rng.choice(("natural", "commercial", "legal"))
        keys = [(m, c), (m, "total")] if rng.random() < 0.4 else [(m, rng.choice((c, "total")))]
    else:
        prefix = rng.choice(("review", "litigation.direct", "litigation.after_review"))
        keys = [(f"{prefix}.{rng.choice(('upheld', 'corrected', 'other', 'pending'))}", None)]
    before = t[keys[0]]
    delta = _off(rng, before) - before
    for key in keys:
        t[key] += delta
    return {"kind": "table_identity", "metric": keys[0][0], "columns": [k[1] for k in keys],
            "delta": delta}


def _plant_prose(rng: random.Random, plan: Plan) -> dict[str, Any]:
    """Prose states another figure than the table: a row, an aggregate of rows (不予处理,
    行政诉讼), or an old-wording reply (同意公开) against the 统计表."""
    applied = plan.said.get("apply.new", "total" if plan.profile.template != "pre2019" else None)
    if plan.profile.template == "pre2019":
        keys = [("apply.new", None), ("training.sessions", None), ("review.total", None)]
        keys += [("apply.granted", None), ("apply.not_this_agency", None)] if applied else []
    else:
        keys = [("apply.new", "total"), ("review.total", None), ("litigation.total", None)]
        keys += [(m, "total") for m in ("apply.granted", "apply.unable", "apply.not_processed")] if applied else []
    key = rng.choice(keys)
    before = plan.said.values[key]
    plan.said.values[key] = _off(rng, before)
    plan.forced = key[0]
    return {"kind": "narrative_vs_table", "metric": key[0], "column": key[1],
            "said": plan.said.values[key], "was": before}


def _plant_sum(rng: random.Random, plan: Plan) -> dict[str, Any]:
    share = plan.profile.template == "pre2019" and plan.said.get("apply.new") and rng.random() < 0.5
    plan.sum_plant = "share" if share else "parts"
    return {"kind": "narrative_sum", "form": plan.sum_plant}


_PLANTS = {"table_identity": _plant_table, "narrative_vs_table": _plant_prose,
           "narrative_sum": _plant_sum}


def _document(blocks, source: str) -> RawDocument:
    return RawDocument(source=source, format="txt",
                       blocks=[Table([list(r) for r in b.rows]) if isinstance(b, Grid) else b.text
                               for b in blocks])


def make_document(seed: int, index: int, *, error_rate: float = 0.3) -> tuple[RawDocument, dict[str, Any]]:
    """Report ``index`` of corpus ``seed`` as a document of paragraphs and grids, with the
    gold of its canonical text (what reading an HTML, DOCX or PDF rendering gives)."""
    rng = _rng(seed, index)
    plan, planted = _plan(rng, error_rate)
    blocks = compose(rng, plan)
    name = name_of(seed, index)
    gold = gold_of(blocks, lay_out_canonical(blocks), plan.profile)
    return _document(blocks, name), {"name": name, **gold, "planted": planted}


def make_report(seed: int, index: int, *, error_rate: float = 0.3,
                layouts: Iterable[str] | None = None) -> tuple[str, dict[str, Any]]:
    """Report ``index`` of corpus ``seed`` as a text file, with its gold."""
    allowed = _layouts(layouts)
    rng, page = _rng(seed, index), _rng(seed, index, "-layout")
    plan, planted = _plan(rng, error_rate)
    layout = page.choice(allowed)
    plan.blank_zeros &= layout != "pdf"      # a PDF's text layer drops blank cells unseen
    if layout == "oneline" and not any(p["kind"] != "narrative_sum" for p in planted):
        plan.stats_table = False             # one-line pages are narrative-only (r014, r024)
    blocks = compose(rng, plan)
    if layout == "oneline" and any(isinstance(b, Grid) for b in blocks):
        # pages with their body on one line are narrative-only (r014, r024, r043)
        layout = page.choice([x for x in allowed if x not in ("oneline", "pdf")] or ["oneline"])
    rendered = lay_out(blocks, layout, page)
    if plan.profile.template != "pre2019" and page.random() < CUT_RATE:
        rendered = truncate(rendered, blocks, page)
    rendered = mirrored(rendered, blocks, page)
    gold = gold_of(blocks, rendered, plan.profile)
    return rendered.text, {"name": name_of(seed, index), **gold, "planted": planted}


def _layouts(layouts: Iterable[str] | None) -> tuple[str, ...]:
    """The layouts to draw from (default all), every one checked."""
    chosen = tuple(layouts) if layouts else LAYOUTS
    unknown = sorted(set(chosen) - set(LAYOUTS))
    if unknown:
        raise ValueError(f"unknown layout {', '.join(unknown)}; choose from {', '.join(LAYOUTS)}")
    return chosen


def write_report(out: str | os.PathLike[str], report: str | RawDocument, gold: dict[str, Any],
                 fmt: str = "txt") -> Path:
    """Write one report to ``out/<name>.<fmt>`` and its gold to ``out/gold/<name>.json``:
    a text as it is, a document rendered as HTML, DOCX or PDF."""
    root = Path(out)
    (root / "gold").mkdir(parents=True, exist_ok=True)
    path = root / f"{gold['name']}.{fmt}"
    if isinstance(report, str):
        path.write_text(report, encoding="utf-8")
    else:
        from .render import write
        write(report, path, variant=int(gold["name"].rsplit("-", 1)[1]))
    (root / "gold" / f"{gold['name']}.json").write_text(_gold_json({**gold, "source": path.name}),
                                                        encoding="utf-8")
    return path


def _gold_json(gold: dict[str, Any]) -> str:
    """Gold as JSON with one list item per line: compact, and diffs stay readable."""
    dump = lambda x: orjson.dumps(x, option=orjson.OPT_SORT_KEYS).decode()  # noqa: E731
    lines = []
    for key in sorted(gold):
        value = gold[key]
        if isinstance(value, list) and value:
            items = ",\n    ".join(dump(x) for x in value)
            lines.append(f'  "{key}": [\n    {items}\n  ]')
        else:
            lines.append(f'  "{key}": {dump(value)}')
    return "{\n" + ",\n".join(lines) + "\n}\n"


def generate(n: int, seed: int, out: str | os.PathLike[str], *, error_rate: float = 0.3,
             layouts: Iterable[str] | None = None, fmt: str = "txt") -> list[str]:
    """Write ``n`` reports to ``out/<name>.<fmt>`` and their gold to ``out/gold/<name>.json``.

    ``fmt`` "txt" writes text files in the ``layouts``; "html", "docx" or "pdf" renders
    each report's document (gold then points into its canonical text).  Returns the
    names written.  The same ``seed`` gives the same reports.
    """
    if not 0 <= error_rate <= 1:
        raise ValueError(f"error rate must be between 0 and 1, not {error_rate}")
    if fmt not in ("txt", "html", "docx", "pdf"):
        raise ValueError(f"cannot write format {fmt!r}; choose txt, html, docx or pdf")
    layouts = _layouts(layouts)
    names = []
    for i in range(n):
        if fmt == "txt":
            report, gold = make_report(seed, i, error_rate=error_rate, layouts=layouts)
        else:
            report, gold = make_document(seed, i, error_rate=error_rate)
        write_report(out, report, gold, fmt)
        names.append(gold["name"])
    return names

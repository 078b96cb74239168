"""The review page: findings in context, for the people who check them.

``write_html(reports, out)`` writes ONE self-contained HTML file (inline CSS, JS and
SVG; nothing is fetched from the network) that opens on a corpus summary — charts of
findings by kind, rule, year and template, the share of reports with an error, and a
sortable list of reports — and shows any report on demand: its text with the facts
highlighted, its tables drawn as the official grids, and its findings, each linked to
the sentence and the cells it contradicts.

Why one file with lazy detail: a researcher mails or archives one file, and the page
must stay fast at 10,000 reports.  So each report is embedded as compact JSON in its
own inert ``<script type="application/json">`` block, placed *after* the page's code:
the browser draws the summary from a small index (a few numbers per report and per
finding) as soon as it reaches the code, and reads the report blocks behind it while
the summary is already on screen; a block's JSON is parsed only when its report is
opened.  Reports are spooled to a temporary file one at a time, so memory does not
grow with the corpus.
"""
from __future__ import annotations

import html
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from ..data import column_label, load, metrics, t3_columns
from ..model import FINDING_KINDS, SEVERITIES, Report, whole

__all__ = ["write_html", "review_paths", "ReviewRun", "table_layouts"]


@dataclass(slots=True)
class ReviewRun:
    """What ``review_paths`` did: the page written, how many reports, which files failed."""
    out: Path
    read: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def write_html(reports: Iterable[Report], out: str | os.PathLike[str], *,
               errors: Iterable[tuple[str, str]] = (), title: str | None = None) -> Path:
    """Write the review page for ``reports`` to ``out`` and return its path.

    ``errors`` are ``(path, message)`` pairs of files that could not be read; they are
    listed on the page.  It is consumed after ``reports``, so a generator that fills it
    while parsing works.
    """
    out = Path(out)
    head, rest = _asset("page.html").split("{{index}}")
    code, tail = rest.split("{{reports}}")
    index = _Index()
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out.parent, prefix=".govtext-") as spool:
        for report in reports:
            spool.write(_data_block(f"gt-r{index.size}", _report_payload(report)))
            index.add(report)
        with out.open("w", encoding="utf-8") as fh:
            fh.write(head.replace("{{title}}", html.escape(title or "govtext review"))
                     .replace("{{css}}", _asset("review.css")))
            fh.write(_data_block("gt-index", index.payload(list(errors), title)))
            fh.write(code.replace("{{js}}", _asset("review.js")))
            spool.seek(0)
            shutil.copyfileobj(spool, fh)
            fh.write(tail)
    return out


def review_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
                 out: str | os.PathLike[str], *, title: str | None = None,
                 progress: bool = True) -> ReviewRun:
    """Parse every file named by ``paths`` (files, folders, globs) and write their review
    page to ``out``.

    Files that cannot be read are listed on the page (and in ``ReviewRun.errors``).  With
    ``progress`` and many files, a progress bar is drawn on stderr when it is a terminal.
    """
    from ..pipeline import iter_reports
    run = ReviewRun(out=Path(out))
    items = iter_reports(paths, progress="review" if progress else None)
    write_html(_reports(items, run), out, errors=run.errors, title=title)
    return run


def _reports(items: Iterable[tuple[Path, Report | Exception]], run: ReviewRun) -> Iterator[Report]:
    """The reports of ``iter_reports``; the files it could not read go to ``run.errors``."""
    for path, result in items:
        if isinstance(result, Report):
            run.read += 1
            yield result
        else:
            run.errors.append((str(path), str(result)))


# ------------------------------------------------------------------ page assembly

@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _json(obj: Any) -> str:
    """JSON safe inside a <script> element: '</' cannot close it."""
    return orjson.dumps(obj).decode().replace("</", "<\\/")


def _data_block(element_id: str, obj: Any) -> str:
    return f'<script type="application/json" id="{element_id}">{_json(obj)}</script>\n'


def _report_payload(r: Report) -> dict[str, Any]:
    """One report, compact: rows as arrays, nothing the page does not show."""
    return {
        "source": r.source, "format": r.format, "template": r.template, "year": r.year,
        "issuer": r.issuer, "text": r.text, "warnings": r.warnings,
        "sections": [[s.kind, s.title, s.start, s.end] for s in r.sections],
        "cells": [[c.table, c.metric, c.column, whole(c.value), c.raw] for c in r.cells],
        "facts": [[f.metric, f.column, whole(f.value), f.qualifier, f.unit, f.start, f.end]
                  for f in r.facts],
        "findings": [{k: v for k, v in f.to_dict().items() if k != "source"} for f in r.findings],
    }


class _Index:
    """What the summary needs, a few numbers per report and per finding."""

    def __init__(self) -> None:
        self.reports: list[list[Any]] = []
        self.findings: list[list[int]] = []
        self._codes: dict[str, dict[str, int]] = {
            "kinds": {k: i for i, k in enumerate(FINDING_KINDS)}, "rules": {},
            "severities": {s: i for i, s in enumerate(SEVERITIES)}}

    @property
    def size(self) -> int:
        return len(self.reports)

    def add(self, r: Report) -> None:
        self.reports.append([r.source, r.issuer, r.year, r.template, r.format,
                             len(r.facts), len(r.cells), len(r.warnings)])
        for f in r.findings:
            self.findings.append([self.size - 1, self._code("kinds", f.kind),
                                  self._code("rules", f.rule), self._code("severities", f.severity)])

    def _code(self, table: str, value: str) -> int:
        """Kinds, rules and severities are sent once, findings refer to them by number."""
        return self._codes[table].setdefault(value, len(self._codes[table]))

    def payload(self, errors: list[tuple[str, str]], title: str | None) -> dict[str, Any]:
        return {"title": title or "govtext review", "reports": self.reports,
                "findings": self.findings, "errors": [list(e) for e in errors],
                **{k: list(v) for k, v in self._codes.items()},
                "layout": table_layouts(), "labels": _labels()}


# ------------------------------------------------------------------ table layouts

@cache
def table_layouts() -> dict[str, Any]:
    """How to draw each table as its official grid.

    Rows and their printed labels come from the table layouts (``tables.toml``), cell
    names from the metric dictionary.  ``t3``: the applicant columns, and the rows in
    template order as ``[metric, label, depth, template, heading]``: a heading
    (三、本年度办理结果, (三)不予公开) carries the aggregate it stands for, if any, and
    ``template`` names the only template whose table prints the row's values.
    ``t4``: three groups (复议, 直接起诉, 复议后起诉) × five result columns, each group
    with the heading above it (行政诉讼).  ``t2``: blocks of items that share their
    columns.  ``stats``: the indicator rows in order, ``[metric, label]``, a heading
    when ``metric`` is None.  ``names``: each table's own name (表三).
    """
    tables = load("tables")
    return {"t3": {"columns": [[c, column_label(c)] for c in t3_columns()],
                   "rows": _t3_rows(tables["t3"]["row"])},
            "t4": _t4_layout(), "t2": _t2_layout(),
            "stats": [[r.get("metric"), r["label"]] for r in tables["stats"]["row"] if not r.get("skip")],
            "names": {t: tables[t]["name"] for t in ("t2", "t3", "t4", "stats")}}


def _t3_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """表三's rows; a heading without a metric gets the aggregate of the rows below it."""
    ms = metrics()
    out = []
    for i, row in enumerate(rows):
        metric = row.get("metric")
        if metric is None:
            below = next((r["metric"] for r in rows[i + 1:] if r.get("metric")), None)
            metric = next((m.id for m in ms.values() if m.is_aggregate and below in m.parts), None)
        depth = metric.count(".") - 1 if metric else 0
        out.append([metric, row["label"], depth, row.get("template"),
                    "metric" not in row or "group" in row])
    return out


def _split(name: str) -> tuple[str, str]:
    """'行政复议 结果维持' → ('行政复议', '结果维持'): the dictionary names a table cell
    of 表二/表四 by its row (or group) and its column, separated by a space."""
    row, _, col = name.partition(" ")
    return row, col


def _t4_layout() -> dict[str, Any]:
    ms = metrics()
    groups: dict[str, dict[str, Any]] = {}
    columns: dict[str, str] = {}
    for m in ms.values():
        if "t4" not in m.tables:
            continue
        prefix, suffix = m.id.rsplit(".", 1)
        label, col = _split(m.name)
        parent = ms.get(prefix.rsplit(".", 1)[0] + ".total") if "." in prefix else None
        groups.setdefault(prefix, {"prefix": prefix, "label": label,
                                   "parent": parent.name if parent else None})
        columns.setdefault(suffix, col)
    return {"groups": list(groups.values()), "columns": list(columns.items())}


def _t2_layout() -> list[dict[str, Any]]:
    """Items in dictionary order; consecutive items with the same columns form a block."""
    items: list[dict[str, Any]] = []
    for m in metrics().values():
        if "t2" not in m.tables:
            continue
        prefix, suffix = m.id.rsplit(".", 1)
        label, col = _split(m.name)
        if not items or items[-1]["prefix"] != prefix:
            items.append({"prefix": prefix, "label": label, "columns": []})
        items[-1]["columns"].append([suffix, col])
    blocks: list[dict[str, Any]] = []
    for item in items:
        if blocks and blocks[-1]["columns"] == item["columns"]:
            blocks[-1]["items"].append([item["prefix"], item["label"]])
        else:
            blocks.append({"columns": item["columns"], "items": [[item["prefix"], item["label"]]]})
    return blocks


@cache
def _labels() -> dict[str, Any]:
    """Chinese names of metric ids and of 表三's columns, as the page shows them."""
    return {"metrics": {mid: m.name for mid, m in metrics().items()},
            "columns": {c: column_label(c) for c in t3_columns()}}

"""The corpus tables: one explicit Arrow schema each, and a report turned into rows.

Every table carries ``source`` (the path as the corpus walk found it), so tables join
on it.  Low-cardinality text is dictionary-encoded (a pandas ``category``); in the
child tables ``source`` is too, because it repeats on every row of a report.

``index`` is a row's position in its report (the order of the JSON lists).

========  ==================================================================
reports   one row per input file: ``status`` is ``ok`` or ``error``; the counts
          are 0 and the metadata null for a file that failed
sections  top-level sections with offsets into the report's normalized text
cells     every table cell (``t2``/``t3``/``t4``/``stats``); ``value`` is float64
facts     numeric facts of the prose
findings  per-report findings, and the corpus-wide ``cross_report`` findings;
          ``metrics`` comma-joined, ``evidence`` a JSON list, as in the CSV output;
          ``index`` counts a report's own findings, or the corpus's cross-report ones
errors    one row per file that could not be parsed: exception type and message
========  ==================================================================
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..model import Report
from ..outputs import finding_row

_CAT = pa.dictionary(pa.int32(), pa.string())
_INT = pa.int32()

SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema([
        ("source", pa.string()), ("format", _CAT), ("status", _CAT), ("template", _CAT),
        ("year", pa.int16()), ("issuer", pa.string()), ("chars", _INT),
        ("n_sections", _INT), ("n_cells", _INT), ("n_facts", _INT),
        ("n_findings", _INT), ("n_warnings", _INT), ("warnings", pa.list_(pa.string())),
    ]),
    "sections": pa.schema([
        ("source", _CAT), ("index", _INT), ("kind", _CAT), ("title", pa.string()),
        ("start", _INT), ("end", _INT),
    ]),
    "cells": pa.schema([
        ("source", _CAT), ("index", _INT), ("table", _CAT), ("metric", _CAT),
        ("column", _CAT), ("value", pa.float64()), ("raw", pa.string()),
    ]),
    "facts": pa.schema([
        ("source", _CAT), ("index", _INT), ("metric", _CAT), ("column", _CAT),
        ("value", pa.float64()), ("qualifier", _CAT), ("unit", _CAT), ("text", pa.string()),
        ("start", _INT), ("end", _INT), ("section", _CAT),
    ]),
    "findings": pa.schema([
        ("source", _CAT), ("index", _INT), ("kind", _CAT), ("severity", _CAT),
        ("rule", _CAT), ("message", pa.string()), ("metrics", pa.string()),
        ("column", _CAT), ("expected", pa.float64()), ("observed", pa.float64()),
        ("evidence", pa.string()),
    ]),
    "errors": pa.schema([
        ("source", pa.string()), ("error", _CAT), ("message", pa.string()),
    ]),
}

TABLES = tuple(SCHEMAS)

Rows = dict[str, list[dict[str, Any]]]


def empty_rows() -> Rows:
    return {name: [] for name in TABLES}


def report_to_rows(report: Report, source: str, rows: Rows) -> None:
    """Append the rows of one parsed report to ``rows``, table by table."""
    rows["reports"].append({
        "source": source, "format": report.format, "status": "ok",
        "template": report.template, "year": report.year, "issuer": report.issuer,
        "chars": len(report.text), "n_sections": len(report.sections),
        "n_cells": len(report.cells), "n_facts": len(report.facts),
        "n_findings": len(report.findings), "n_warnings": len(report.warnings),
        "warnings": list(report.warnings)})
    for i, s in enumerate(report.sections):
        rows["sections"].append({"source": source, "index": i, **s.to_dict()})
    for i, c in enumerate(report.cells):
        rows["cells"].append({"source": source, "index": i, **c.to_dict()})
    for i, f in enumerate(report.facts):
        rows["facts"].append({"source": source, "index": i, **f.to_dict()})
    rows["findings"].extend(findings_to_rows(report.findings, source))


def findings_to_rows(findings, source: str | None = None) -> list[dict[str, Any]]:
    """Findings as ``findings`` rows; ``source`` overrides each finding's own."""
    return [{**finding_row(f), "source": source or f.source, "index": i}
            for i, f in enumerate(findings)]


def error_to_rows(source: str, error: str, message: str, rows: Rows) -> None:
    """Append the rows of a file that could not be parsed (its format stays null)."""
    rows["reports"].append({
        "source": source, "format": None, "status": "error", "template": None, "year": None,
        "issuer": None, "chars": 0, "n_sections": 0, "n_cells": 0, "n_facts": 0,
        "n_findings": 0, "n_warnings": 0, "warnings": []})
    rows["errors"].append({"source": source, "error": error, "message": message})


def rows_to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])

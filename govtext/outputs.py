"""Writing results: findings and facts as JSON, JSONL, CSV, a terminal table or a DataFrame."""
from __future__ import annotations

import csv
from typing import IO, Any, Iterable

import orjson

from .model import Fact, Finding, Report, quote

FINDING_COLUMNS = ("source", "kind", "severity", "rule", "message", "metrics", "column",
                   "expected", "observed", "evidence")


def _dumps(obj: Any) -> str:
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()


def finding_row(f: Finding) -> dict[str, Any]:
    """A flat row: metrics joined by ',' and evidence as a JSON string."""
    d = f.to_dict()
    d["metrics"] = ",".join(d["metrics"])
    d["evidence"] = _dumps(d["evidence"])
    return d


def findings_frame(findings: Iterable[Finding]):
    """Findings as a pandas DataFrame, one row per finding (for notebooks)."""
    import pandas as pd
    return pd.DataFrame([finding_row(f) for f in findings], columns=list(FINDING_COLUMNS))


def write_findings(findings: Iterable[Finding], fmt: str, out: IO[str]) -> int:
    """Write findings in ``fmt`` (json, jsonl, csv, table); returns how many."""
    items = list(findings)
    if fmt == "json":
        out.write(orjson.dumps([f.to_dict() for f in items], option=orjson.OPT_INDENT_2).decode())
        out.write("\n")
    elif fmt == "jsonl":
        for f in items:
            out.write(_dumps(f.to_dict()) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=FINDING_COLUMNS)
        w.writeheader()
        for f in items:
            w.writerow(finding_row(f))
    elif fmt == "table":
        _findings_table(items, out)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return len(items)


def _evidence_words(f: Finding) -> str:
    parts = []
    for e in f.evidence:
        parts.append(f"{e.cell}={e.value}" if e.cell else f"{quote(e.text)}@{e.start}")
    return "; ".join(parts)


#: Terminal colour of each severity in ``--format table``.
_SEVERITY_STYLE = {"error": "red", "warning": "yellow"}


def _findings_table(items: list[Finding], out: IO[str]) -> None:
    """One row per finding, grouped by file; the sentence and its evidence side by side."""
    from rich.console import Console
    from rich.table import Table
    console = Console(file=out, width=_width(), soft_wrap=False)
    if not items:
        console.print("no findings")
        return
    table = Table(show_lines=True, expand=False)
    for col in ("file", "severity", "rule", "column", "expected", "observed", "message",
                "evidence"):
        table.add_column(col, overflow="fold")
    for f in items:
        table.add_row(f.source.rsplit("/", 1)[-1], f.severity, f.rule, f.column or "",
                      _value(f.expected), _value(f.observed), f.message, _evidence_words(f),
                      style=_SEVERITY_STYLE.get(f.severity))
    console.print(table)
    errors = sum(f.severity == "error" for f in items)
    files = len({f.source for f in items})
    console.print(f"{len(items)} finding(s) in {files} file(s): {errors} error(s), "
                  f"{len(items) - errors} warning(s)")


def _value(v) -> str:
    return "" if v is None else str(v)


def write_facts(facts: Iterable[Fact], fmt: str, out: IO[str]) -> None:
    """Write facts as json, jsonl or a terminal table."""
    items = list(facts)
    if fmt == "json":
        out.write(orjson.dumps([f.to_dict() for f in items], option=orjson.OPT_INDENT_2).decode() + "\n")
    elif fmt == "jsonl":
        for f in items:
            out.write(_dumps(f.to_dict()) + "\n")
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table
        table = Table()
        for col in ("metric", "column", "value", "qualifier", "unit", "section", "text"):
            table.add_column(col, overflow="fold")
        for f in items:
            table.add_row(f.metric or "", f.column or "", str(f.value), f.qualifier,
                          f.unit or "", f.section or "", f.text)
        Console(file=out, width=_width()).print(table)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def report_json(report_dict: dict[str, Any]) -> str:
    """A report (or any contract object) as indented JSON, non-ASCII kept readable."""
    return orjson.dumps(report_dict, option=orjson.OPT_INDENT_2).decode()


def write_report_summary(report: Report, out: IO[str]) -> None:
    """A human summary of one parsed report: metadata, sections, cells per table, findings."""
    from collections import Counter
    from rich.console import Console
    console = Console(file=out, width=_width())
    console.print(f"[bold]{report.source}[/bold]  format={report.format} template={report.template} "
                  f"year={report.year} issuer={report.issuer}")
    for s in report.sections:
        console.print(f"  {s.kind:<18} {s.title[:40]}  [{s.start}:{s.end}]")
    counts = Counter(c.table for c in report.cells)
    console.print("  cells: " + (", ".join(f"{t}={n}" for t, n in sorted(counts.items())) or "none"))
    console.print(f"  facts: {len(report.facts)}  findings: {len(report.findings)}")
    for w in report.warnings:
        console.print(f"  [yellow]warning[/yellow]: {w}")
    if report.findings:
        _findings_table(report.findings, out)


def _width() -> int:
    """The terminal's width (or $COLUMNS); 160 when writing to a file or a pipe."""
    import shutil
    return shutil.get_terminal_size((160, 24)).columns

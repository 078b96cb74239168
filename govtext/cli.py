"""The ``govtext`` command.  Each command is a thin layer over one documented function:
it parses options, calls the function, and formats what comes back.  Errors in the
input are one line on stderr, never a traceback."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .errors import GovtextError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Structured data and contradictions from Chinese government "
                       "information-disclosure annual reports.")


class ReportFormat(str, Enum):
    json = "json"
    table = "table"


class FactsFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


class FindingsFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"govtext: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def parse(file: Path = typer.Argument(..., help="A report: txt, md, html, docx, doc or pdf."),
          format: ReportFormat = typer.Option(ReportFormat.json, "--format", "-f", help="json (the contract's shape) or table (a summary).")) -> None:
    """Parse one report into sections, table cells, facts and findings (govtext.parse)."""
    from .outputs import report_json, write_report_summary
    from .pipeline import parse_file
    try:
        report = parse_file(file)
    except GovtextError as exc:
        _fail(str(exc))
    if format is ReportFormat.json:
        typer.echo(report_json(report.to_dict()))
    else:
        write_report_summary(report, sys.stdout)


@app.command()
def facts(file: Path = typer.Argument(..., help="A report file."),
          format: FactsFormat = typer.Option(FactsFormat.table, "--format", "-f")) -> None:
    """Extract the numeric facts of a report's prose, each with its evidence (govtext.extract_facts)."""
    from .outputs import write_facts
    from .pipeline import parse_file
    try:
        report = parse_file(file, until="facts")
    except GovtextError as exc:
        _fail(str(exc))
    write_facts(report.facts, format.value, sys.stdout)


@app.command()
def reconcile(paths: List[str] = typer.Argument(..., help="Files, folders or globs."),
              format: FindingsFormat = typer.Option(FindingsFormat.table, "--format", "-f"),
              progress: bool = typer.Option(True, help="Show a progress bar on stderr for many files.")) -> None:
    """Report where each report contradicts itself, with evidence (govtext.reconcile)."""
    from .outputs import write_findings
    from .reconcile import reconcile_paths
    run = reconcile_paths(paths, progress=progress)
    write_findings(run.findings, format.value, sys.stdout)
    for path, exc in run.errors:
        typer.echo(f"govtext: {exc}", err=True)
    if run.read == 0:
        _fail("no input could be read" if run.errors else "no report files found", 2)


def main() -> None:  # pragma: no cover - console entry point
    app()

"""The ``govtext`` command.  Each command is a thin layer over one documented function:
it parses options, calls the function, and formats what comes back.  Errors in the
input are one line on stderr, never a traceback."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, NoReturn, Optional

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


def _fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr and an exit code: 1 when the input could not be read, 2 for
    misuse (typer uses 2 for its own usage errors)."""
    typer.echo(f"govtext: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def parse(file: Path = typer.Argument(..., help="A report: txt, md, html, docx, doc or pdf."),
          format: ReportFormat = typer.Option(ReportFormat.json, "--format", "-f", help="json (the contract's shape) or table (a summary).")) -> None:
    """Parse one report into sections, table cells, facts and findings (govtext.parse)."""
    from .outputs import report_json, write_report_summary
    from .pipeline import parse_or_error
    report = parse_or_error(file)
    if isinstance(report, GovtextError):
        _fail(str(report))
    if format is ReportFormat.json:
        typer.echo(report_json(report.to_dict()))
    else:
        write_report_summary(report, sys.stdout)


@app.command()
def facts(file: Path = typer.Argument(..., help="A report file."),
          format: FactsFormat = typer.Option(FactsFormat.table, "--format", "-f")) -> None:
    """Extract the numeric facts of a report's prose, each with its evidence (govtext.extract_facts)."""
    from .outputs import write_facts
    from .pipeline import parse_or_error
    report = parse_or_error(file, until="facts")
    if isinstance(report, GovtextError):
        _fail(str(report))
    write_facts(report.facts, format.value, sys.stdout)


@app.command()
def reconcile(paths: List[str] = typer.Argument(..., help="Files, folders or globs."),
              format: FindingsFormat = typer.Option(FindingsFormat.table, "--format", "-f"),
              progress: bool = typer.Option(True, help="Show a progress bar on stderr for many files.")) -> None:
    """Report where each report contradicts itself, with evidence (govtext.reconcile)."""
    from .outputs import write_findings
    from .reconcile import reconcile_paths
    run = reconcile_paths(paths, progress=progress)
    for path, exc in run.errors:
        typer.echo(f"govtext: {exc}", err=True)
    if run.read == 0:
        _fail("no input could be read" if run.errors else "no report files found")
    write_findings(run.findings, format.value, sys.stdout)


@app.command()
def corpus(inputs: List[str] = typer.Argument(..., help="Files, folders or globs."),
           out: Path = typer.Option(..., "--out", "-o", help="Output folder of Parquet tables."),
           workers: Optional[int] = typer.Option(None, help="Worker processes (default: all cores)."),
           resume: bool = typer.Option(False, help="Continue a stopped run in --out, skipping finished files."),
           engine: str = typer.Option("local", help="local (worker processes) or dask (a dask.distributed cluster)."),
           scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster)."),
           timeout: float = typer.Option(60.0, help="Seconds one file may take before it becomes an error row."),
           progress: bool = typer.Option(True, help="Show a progress bar on stderr.")) -> None:
    """Parse a corpus into Parquet tables: reports, sections, cells, facts, findings, errors (govtext.corpus.run)."""
    from .corpus import run
    try:
        s = run(inputs, out, workers=workers, resume=resume, engine=engine,
                scheduler=scheduler, timeout=timeout, progress=progress)
    except GovtextError as exc:
        _fail(str(exc))
    typer.echo(f"{s.files} file(s) parsed ({s.ok} ok, {s.errors} error(s)), {s.skipped} already done; "
               f"{s.rate:.1f} files/s on {s.workers} worker(s); {s.cross_findings} cross-report "
               f"finding(s); tables in {s.out}", err=True)
    if s.files + s.skipped == 0:
        _fail("no report files found")
    if s.ok == 0 and s.skipped == 0:
        from .corpus import read_corpus
        for row in read_corpus(out)["errors"].head(3).itertuples():
            typer.echo(f"govtext: {row.message}", err=True)
        _fail("no input could be read")


@app.command()
def report(paths: List[str] = typer.Argument(..., help="Files, folders or globs."),
           html: Path = typer.Option(..., "--html", help="The page to write: one self-contained HTML file."),
           title: Optional[str] = typer.Option(None, help="The page's title."),
           progress: bool = typer.Option(True, help="Show a progress bar on stderr for many files.")) -> None:
    """Write a review page: each report's text with its facts, its tables as grids, and its
    findings linked to their evidence; for a corpus, charts and a list (govtext.review.write_html)."""
    from .review import review_paths
    try:
        run = review_paths(paths, html, title=title, progress=progress)
    except OSError as exc:
        _fail(f"{html}: cannot write the page ({exc.strerror or exc})")
    for path, message in run.errors:
        typer.echo(f"govtext: {message}", err=True)
    if run.read == 0:
        _fail("no input could be read" if run.errors else "no report files found")
    typer.echo(f"wrote {run.out} ({run.read} report(s), {len(run.errors)} not read)", err=True)


@app.command()
def synth(out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for <name>.txt reports; gold goes to OUT/gold/. Default: synth-<seed>."),
          n: int = typer.Option(100, "--n", help="How many reports."),
          seed: int = typer.Option(1, "--seed", help="Corpus seed: the same seed gives the same bytes."),
          error_rate: float = typer.Option(0.3, "--error-rate", help="Share of reports with a planted contradiction."),
          layout: Optional[List[str]] = typer.Option(None, "--layout", help="Text layouts to draw from (repeatable); default all."),
          fmt: str = typer.Option("txt", "--format", "-f", help="txt, or html/docx/pdf renderings.")) -> None:
    """Write realistic reports with their ground truth (govtext.synth.generate)."""
    from .synth import generate
    out = out or Path(f"synth-{seed}")
    try:
        names = generate(n, seed, out, error_rate=error_rate, layouts=layout, fmt=fmt)
    except ValueError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        _fail(f"{exc.filename or out}: cannot write ({exc.strerror or exc})")
    typer.echo(f"wrote {len(names)} reports to {out} and their gold to {out / 'gold'}", err=True)


@app.command(name="eval")
def eval_(gold_dir: Path = typer.Argument(..., help="Folder of gold JSON files (e.g. corpora/sample/gold)."),
          paths: Optional[List[str]] = typer.Argument(None, help="Reports to score; default: the gold folder's parent, matched by name."),
          format: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", help="table or json.")) -> None:
    """Score parsing and reconciliation against ground truth (govtext.evaluate.evaluate)."""
    from .evaluate import evaluate
    from .outputs import report_json
    try:
        scores = evaluate(gold_dir, paths or None)
    except GovtextError as exc:
        _fail(str(exc))
    if scores.reports == 0:
        _fail(f"no report in {' '.join(paths) if paths else gold_dir.parent} matches a gold file "
              f"in {gold_dir}")
    if format is ReportFormat.json:
        typer.echo(report_json(scores.to_dict()))
    else:
        width = max(len(k) for k, _ in scores.rows())
        for key, value in scores.rows():
            typer.echo(f"{key:<{width}}  {value}")

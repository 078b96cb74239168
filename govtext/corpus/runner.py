"""``run``: a corpus of report files to Parquet tables, in parallel and resumable."""
from __future__ import annotations

import os
import resource
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow.dataset as ds

from ..errors import GovtextError
from ..ingest import expand_paths
from ..pipeline import parse_or_error
from .cross import CELL_COLUMNS, Digest, digest, reconcile_digest
from .engines import ENGINES, Engine, dask_engine, local_engine
from .schema import SCHEMAS, findings_to_rows, rows_to_table
from .store import (CROSS_PART, PartNames, append_manifest, locked, part_files, prepare,
                    read_table, write_summary, write_table)
from .worker import BatchDone, FileTimeout, process_batch, time_limit

#: Per-file time limit, in seconds.
TIMEOUT = 60.0
#: Files per batch at most; smaller corpora get smaller batches so every worker has work.
MAX_BATCH = 128
#: Batches in flight per worker: enough to keep workers busy, few enough to stay bounded.
IN_FLIGHT = 2
#: Parts of ``cells`` digested together for the cross-report checks (about 1,000 reports).
DIGEST_PARTS = 8


@dataclass(slots=True)
class RunSummary:
    """What a run did.  Rates count the files parsed in this run (not resumed ones)."""
    out: str
    engine: str
    workers: int
    files: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    parts: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    cross_findings: int = 0
    seconds: float = 0.0
    #: Per format (``error`` for files that failed): files, and the CPU seconds parsing
    #: them took summed over workers (``files / seconds`` is the rate per core).
    by_format: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Peak resident memory of this process and of the largest local worker process
    #: (MB; None on the dask engine, whose workers live elsewhere).
    peak_rss_mb: float = 0.0
    worker_peak_rss_mb: float | None = None

    @property
    def rate(self) -> float:
        """Files per second, wall clock."""
        return self.files / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "rate": self.rate}


def run(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *,
        workers: int | None = None, resume: bool = False, engine: str = "local",
        scheduler: str | None = None, timeout: float = TIMEOUT,
        progress: bool = True) -> RunSummary:
    """Parse every report file under ``inputs`` into Parquet tables under ``out``.

    ``workers`` defaults to all cores.  ``resume`` continues a run that was stopped,
    skipping the files it finished.  ``engine="dask"`` runs the batches on the
    dask.distributed cluster at ``scheduler`` (a local cluster when None); the output
    folder must then be shared storage every worker can write.  One file's failure or
    a file over ``timeout`` seconds becomes a row of ``errors``; the run goes on.
    Afterwards, the corpus-wide cross-report findings are added to ``findings``.

    A local dask cluster spawns its workers, re-importing ``__main__``: a script that
    uses it must guard its entry point with ``if __name__ == "__main__":``.
    """
    if engine not in ENGINES:
        raise GovtextError(None, f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers is not None and workers < 1 or timeout <= 0:
        raise GovtextError(None, "workers must be at least 1 and the timeout more than 0 seconds")
    inputs = [str(p) for p in inputs]
    out_dir = Path(out).resolve()
    with locked(out_dir):
        summary = _run(inputs, out_dir, workers or os.cpu_count() or 1, resume, engine,
                       scheduler, timeout, progress)
        write_summary(out_dir, summary.to_dict())
    return summary


def _run(inputs: list[str], out: Path, workers: int, resume: bool, engine: str,
         scheduler: str | None, timeout: float, progress: bool) -> RunSummary:
    done, names = prepare(out, resume)
    summary = RunSummary(out=str(out), engine=engine, workers=workers, skipped=len(done))
    todo, first = _count(inputs, done)
    t0 = time.perf_counter()
    if todo:
        if engine == "local":
            _warm(first, timeout)
        context = local_engine(workers) if engine == "local" else dask_engine(scheduler, workers)
        with context as eng, _progress(todo, progress) as advance:
            summary.workers = eng.workers
            size = max(1, min(MAX_BATCH, todo // (eng.workers * 8)))
            batches = _batches(expand_paths(inputs), done, size, names)
            for result in _stream(eng, batches, str(out), timeout):
                append_manifest(out, result.part, result.sources)
                _tally(summary, result)
                advance(len(result.sources))
    summary.seconds = time.perf_counter() - t0
    summary.cross_findings = _cross(out)
    summary.peak_rss_mb = _peak_mb(resource.RUSAGE_SELF)
    if engine == "local":
        summary.worker_peak_rss_mb = _peak_mb(resource.RUSAGE_CHILDREN)
    return summary


def _count(inputs: list[str], done: set[str]) -> tuple[int, str | None]:
    """How many files are left to parse (for the progress bar), and the first of them."""
    left = {str(p) for p in expand_paths(inputs)} - done
    return len(left), min(left, default=None)


def _batches(paths: Iterator[Path], done: set[str], size: int,
             names: PartNames) -> Iterator[tuple[str, list[str]]]:
    """Named batches of files not yet done; a file named twice is parsed once."""
    batch: list[str] = []
    for p in paths:
        s = str(p)
        if s in done:
            continue
        done.add(s)
        batch.append(s)
        if len(batch) == size:
            yield names(), batch
            batch = []
    if batch:
        yield names(), batch


def _stream(eng: Engine, batches: Iterator[tuple[str, list[str]]], out: str,
            timeout: float) -> Iterator[BatchDone]:
    """Finished batches as they come, with at most ``IN_FLIGHT`` per worker submitted."""
    pending: set = set()
    limit = IN_FLIGHT * eng.workers
    for part, paths in batches:
        if len(pending) >= limit:
            finished, pending = eng.wait_first(pending)
            yield from (_result(f, out) for f in finished)
        pending.add(eng.submit(process_batch, out, part, paths, timeout))
    while pending:
        finished, pending = eng.wait_first(pending)
        yield from (_result(f, out) for f in finished)


def _result(future, out: str) -> BatchDone:
    """A batch's receipt; a worker that died (killed, out of memory) stops the run with
    a sentence, keeping every batch finished so far for ``--resume``."""
    try:
        return future.result()
    except Exception as exc:
        raise GovtextError(out, f"a worker failed ({type(exc).__name__}: {exc}); the batches "
                                "finished so far are kept: run again with --resume") from exc


def _warm(first: str | None, timeout: float) -> None:
    """Load what the pipeline loads lazily (dictionaries, models, jieba) before forking,
    so forked workers share it instead of each loading its own copy."""
    if first is not None:
        try:
            with time_limit(timeout):
                parse_or_error(first)
        except FileTimeout:  # the worker records this file's failure
            pass
    if "jieba" in sys.modules:
        sys.modules["jieba"].initialize()


def _tally(summary: RunSummary, result: BatchDone) -> None:
    summary.files += len(result.sources)
    summary.errors += result.errors
    summary.ok += len(result.sources) - result.errors
    summary.parts += 1
    for name, n in result.rows.items():
        summary.rows[name] = summary.rows.get(name, 0) + n
    for fmt, seconds in result.timings:
        entry = summary.by_format.setdefault(fmt or "error", {"files": 0, "seconds": 0.0})
        entry["files"] += 1
        entry["seconds"] += seconds


def _cross(out: Path) -> int:
    """Reconcile the whole corpus across years and write those findings as one part.

    The cells are digested a few parts at a time, so memory grows by one short row per
    report, not by the corpus's cells."""
    reports = read_table(out, "reports", columns=["source", "status", "issuer", "year"]).to_pandas()
    files = part_files(out, "cells")
    groups = (ds.dataset(files[i:i + DIGEST_PARTS], schema=SCHEMAS["cells"], format="parquet")
              for i in range(0, len(files), DIGEST_PARTS))
    digested = Digest.concat(digest(g.to_table(columns=CELL_COLUMNS).to_pandas()) for g in groups)

    def cells_of(sources: set[str]):
        return read_table(out, "cells", columns=CELL_COLUMNS,
                          filter=ds.field("source").isin(sorted(sources))).to_pandas()

    findings = reconcile_digest(reports, digested, cells_of)
    if findings:
        write_table(out, "findings", CROSS_PART, rows_to_table("findings", findings_to_rows(findings)))
    return len(findings)


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


class _progress:
    """A rich progress bar on stderr (files, rate, ETA), or nothing."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.bar = total, enabled, None

    def __enter__(self):
        if not self.enabled:
            return lambda n: None
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)
        self.bar = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} files/s"), TimeElapsedColumn(),
                            TextColumn("ETA"), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.bar.start()
        task = self.bar.add_task("parse", total=self.total, rate="-")

        def advance(n: int) -> None:
            self.bar.advance(task, n)
            speed = self.bar.tasks[0].speed
            self.bar.update(task, rate=f"{speed:.0f}" if speed else "-")
        return advance

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()

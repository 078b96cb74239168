"""How fast a report parses: median milliseconds per report, whole pipeline and per stage.

Each report is read once (file reading is not timed), parsed once to warm caches, then
parsed ``--runs`` times.  Reported per report and as the median over reports:

- ``normalize``: ``normalize_text`` of the report, the baseline measured in the same
  process, so ratios hold across machines;
- each component of ``govtext.pipeline.PIPELINE`` (segment, tables, facts, reconcile);
- ``parse``: the whole of ``parse_document`` (normalize + every component), and its
  ratio to the baseline.

    .venv/bin/python scripts/bench_parse.py                 # ../shared/seeds, else corpora/sample
    .venv/bin/python scripts/bench_parse.py REPORT... --runs 200
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from govtext.ingest import expand_paths, read
from govtext.model import RawDocument, Report
from govtext.normalize import document_to_text, normalize_text
from govtext.pipeline import PIPELINE, parse_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = (ROOT.parent / "shared" / "seeds", ROOT / "corpora" / "sample")


def _ms(fn, runs: int) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _stage_ms(doc: RawDocument, runs: int) -> dict[str, float]:
    """Median time of each pipeline component, each fed the report the previous made."""
    times: dict[str, list[float]] = {name: [] for name, _ in PIPELINE}
    text = normalize_text(document_to_text(doc)).text
    for _ in range(runs):
        report = Report(source=doc.source, format=doc.format, text=text)
        for name, component in PIPELINE:
            t0 = time.perf_counter()
            report = component(report)
            times[name].append((time.perf_counter() - t0) * 1000)
    return {name: statistics.median(ts) for name, ts in times.items()}


def bench(doc: RawDocument, runs: int) -> dict[str, float]:
    """Median ms of the baseline, of every stage and of the whole parse of one report."""
    raw = document_to_text(doc)
    parse_document(doc)                                   # warm: data files, caches
    row = {"normalize": _ms(lambda: normalize_text(raw), runs)}
    row.update(_stage_ms(doc, runs))
    row["parse"] = _ms(lambda: parse_document(doc), runs)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="report files or folders (default: the seeds)")
    ap.add_argument("--runs", type=int, default=50, help="timed parses per report")
    args = ap.parse_args()
    paths = args.paths or [str(d) for d in DEFAULTS if d.is_dir()][:1]
    files = list(expand_paths(paths)) if paths else []
    if not files:
        sys.exit("bench_parse: no reports (give paths, or put the seeds at ../shared/seeds)")
    columns = ["normalize", *(name for name, _ in PIPELINE), "parse"]
    print(f"{'report':32} {'KB':>5} " + " ".join(f"{c:>9}" for c in columns) + "    ratio")
    rows = []
    for path in files:
        doc = read(path)
        row = bench(doc, args.runs)
        rows.append(row)
        kb = len(document_to_text(doc).encode()) / 1024
        print(f"{path.name[:32]:32} {kb:5.1f} " + " ".join(f"{row[c]:9.2f}" for c in columns)
              + f"  {row['parse'] / row['normalize']:6.1f}x")
    median = {c: statistics.median(r[c] for r in rows) for c in columns}
    print(f"{'median (ms)':32} {'':5} " + " ".join(f"{median[c]:9.2f}" for c in columns)
          + f"  {median['parse'] / median['normalize']:6.1f}x")


if __name__ == "__main__":
    main()

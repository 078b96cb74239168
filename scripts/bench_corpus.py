"""Benchmark corpus mode: throughput by format, peak memory, scaling from 1 to N workers,
and where the time of one report goes.

    python scripts/bench_corpus.py                  # 2,000 text reports + 20 each of html/docx/pdf
    python scripts/bench_corpus.py --n 500 --others 0 --workers 1 2

Reports come from ``govtext.synth`` (seeded, so every run parses the same bytes).  Each
worker count runs over the same corpus in this process; the 1-worker run is the baseline
of the scaling ratio.  The 100,000-report projection divides by the measured rate;
memory is flat in N when the peaks of a small and a large run agree.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import statistics
import tempfile
import time
from pathlib import Path

#: The acceptance target: 100,000 text reports end to end in under 10 minutes, < 1 GB.
TARGET_REPORTS, TARGET_SECONDS, TARGET_MB = 100_000, 600, 1024


SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def make_corpus(folder: Path, n: int, others: int, seed: int, source: str) -> dict[str, int]:
    """``n`` text reports and ``others`` reports per rendered format (html, docx, pdf).

    ``source="seeds"`` copies the real seed reports under varied names instead of
    generating text reports.
    """
    from govtext.synth import generate, make_document
    from govtext.synth.render import FORMATS, write
    if source == "seeds":
        seeds = sorted(SEEDS.glob("*.txt"))
        (folder / "txt").mkdir(parents=True)
        for i in range(n):
            src = seeds[i % len(seeds)]
            (folder / "txt" / f"{i:06d}_{src.name}").write_bytes(src.read_bytes())
    else:
        generate(n, seed, folder / "txt")
    (folder / "rendered").mkdir()
    for i in range(others):
        doc, gold = make_document(seed + 1, i)
        for fmt in FORMATS:
            write(doc, folder / "rendered" / f"{gold['name']}.{fmt}", variant=i)
    return {"txt": n, **{fmt: others for fmt in FORMATS}}


def stage_times(paths: list[Path]) -> dict[str, tuple[float, float]]:
    """Median and mean CPU milliseconds per report of each step (read, normalize, then
    each pipeline component), once the pipeline is warm."""
    from govtext.ingest import read
    from govtext.model import Report
    from govtext.normalize import document_to_text, normalize_text
    from govtext.pipeline import PIPELINE
    from govtext.pipeline import parse_file
    for path in paths[:10]:  # lazy first-use costs (regexes, dictionaries) are not per report
        parse_file(path)
    times: dict[str, list[float]] = {"read": [], "normalize": []}
    times.update({name: [] for name, _ in PIPELINE})
    for path in paths:
        t0 = time.thread_time()
        doc = read(path)
        t1 = time.thread_time()
        norm = normalize_text(document_to_text(doc))
        report = Report(source=doc.source, format=doc.format, text=norm.text)
        times["read"].append(t1 - t0)
        times["normalize"].append(time.thread_time() - t1)
        for name, component in PIPELINE:
            t = time.thread_time()
            report = component(report)
            times[name].append(time.thread_time() - t)
    return {name: (1000 * statistics.median(v), 1000 * statistics.fmean(v)) for name, v in times.items()}


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench(inputs: list[Path], workers: int, out: Path):
    """One run: its summary, wall seconds, and CPU seconds of the parent and workers."""
    from govtext.corpus import run
    t0, c0 = time.perf_counter(), _cpu()
    summary = run(inputs, out, workers=workers, progress=False)
    return summary, time.perf_counter() - t0, _cpu() - c0


_FRESH_RUN = """
import json, sys
from govtext.corpus import run
s = run([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]), progress=False)
print(json.dumps({"files": s.files, "parent": s.peak_rss_mb, "worker": s.worker_peak_rss_mb}))
"""


def fresh_peaks(folder: Path, out: Path, workers: int) -> dict:
    """A run in a new process, so its peak memory is its own."""
    done = subprocess.run([sys.executable, "-c", _FRESH_RUN, str(folder), str(out), str(workers)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="text reports to generate")
    ap.add_argument("--others", type=int, default=20, help="reports per rendered format (html, docx, pdf)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--profile", type=int, default=200, help="text reports timed stage by stage")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--source", choices=("synth", "seeds"), default="synth",
                    help="text reports from govtext.synth, or copies of ../shared/seeds")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        counts = make_corpus(root / "in", args.n, args.others, args.seed, args.source)
        print(f"generated {counts} in {time.perf_counter() - t0:.1f} s")

        text_files = sorted((root / "in" / "txt").glob("*.txt"))[:args.profile]
        stages = stage_times(text_files)
        print(f"\nwhere one text report's CPU time goes (ms over {len(text_files)} reports):")
        print(f"  {'step':<10} {'median':>8} {'mean':>8}")
        for name, (median, mean) in stages.items():
            print(f"  {name:<10} {median:8.2f} {mean:8.2f}")
        total = sum(mean for _, mean in stages.values())
        print(f"  {'total':<10} {'':>8} {total:8.2f}  -> {1000 / total:.0f} reports/s per core")
        print(f"\nload average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
              "(wall-clock rates and scaling shrink when other work shares the cores; "
              "CPU-based rates do not)")
        print("(busy: the run's CPU seconds over wall seconds x the cores it may use; well under 1 "
              "while its workers are never idle means other processes held the cores)")
        print("workers  files   wall s  files/s  scaling  busy  CPU ms/file  parent MB  worker MB  " +
              "  ".join(f"{f}/s/core" for f in counts))
        base = None
        results = []
        for w in args.workers:
            summary, wall, cpu = bench([root / "in"], w, root / f"out{w}")
            base = base or summary.rate
            per_core = {f: v["files"] / v["seconds"] for f, v in summary.by_format.items() if v["seconds"]}
            results.append((w, summary, cpu))
            busy = cpu / (wall * min(w, os.cpu_count() or 1))
            print(f"{w:>7}  {summary.files:>5}  {wall:7.1f}  {summary.rate:7.1f}  {summary.rate / base:6.2f}x"
                  f"  {busy:4.2f}  {1000 * cpu / summary.files:11.1f}  {summary.peak_rss_mb:9.0f}"
                  f"  {summary.worker_peak_rss_mb or 0:9.0f}  " +
                  "  ".join(f"{per_core.get(f, 0):10.1f}" for f in counts))
            if summary.errors:
                print(f"         ({summary.errors} file(s) failed; see the errors table)")

        small = root / "small"
        small.mkdir()
        for f in sorted((root / "in" / "txt").glob("*.txt"))[:max(1, args.n // 10)]:
            shutil.copy(f, small / f.name)
        w = args.workers[-1]
        print(f"\npeak memory of fresh runs on {w} worker(s) (flat when the larger corpus needs no more):")
        for folder in (small, root / "in" / "txt"):
            peaks = fresh_peaks(folder, root / f"mem-{folder.name}", w)
            print(f"  {peaks['files']:>6} text reports: parent {peaks['parent']:.0f} MB, "
                  f"largest worker {peaks['worker']:.0f} MB")

        w, summary, cpu = results[-1]
        parse_cpu = sum(v["seconds"] for v in summary.by_format.values())
        overhead_ms = 1000 * (cpu - parse_cpu) / summary.files  # parts, manifest, pool, cross-report
        text_ms = 1000 / (summary.by_format["txt"]["files"] / summary.by_format["txt"]["seconds"])
        cores = min(w, os.cpu_count() or 1)
        projected = TARGET_REPORTS * (text_ms + overhead_ms) / 1000 / cores
        memory = peaks["parent"] + w * peaks["worker"]
        print(f"\nper text report: {text_ms:.1f} CPU ms parsing + {overhead_ms:.1f} CPU ms corpus "
              f"overhead (parts, manifest, workers, cross-report)")
        print(f"projection for {TARGET_REPORTS:,} text reports on {cores} dedicated core(s): "
              f"{projected / 60:.1f} min ({TARGET_REPORTS / projected:.0f} reports/s; "
              f"{TARGET_SECONDS / 60:.0f} min needs {TARGET_REPORTS / TARGET_SECONDS:.0f}/s, i.e. "
              f"{1000 * cores * TARGET_SECONDS / TARGET_REPORTS:.1f} CPU ms per report); "
              f"peak memory at most {memory:.0f} MB (parent + {w} x worker, shared pages counted "
              f"in each; target {TARGET_MB} MB)")

if __name__ == "__main__":  # guard: a spawn/forkserver pool re-imports this module
    main()

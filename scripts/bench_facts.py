"""Speed of prose-fact extraction: the facts stage per report, and throughput on prose.

    python scripts/bench_facts.py [--repeats 15] [FILES...]

Two measures, each timed in this process against a baseline (``regex.findall`` of Arabic
numbers over the same text) so that a busy machine shifts both alike:

- **stage**: for each report (default: the seeds in ../shared, else the bundled sample
  corpus), the pipeline's facts component on the report as the tables stage leaves it,
  median over repeats, in ms of CPU time (``time.process_time``: what one core spends,
  which other work on a shared machine does not inflate) and of wall-clock time;
- **prose**: ``extract_facts`` on the prose of the reports plus the real report openings
  (table rows dropped, joined into one string), in MB of UTF-8 per second;
- **one paragraph**: the reports' prose as one paragraph (its full stops and line breaks
  made semicolons, as on pages whose body is one line), once and four times over: the
  ratio of the two times is near 4 when the work grows linearly.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govtext.facts import annotate, extract_facts  # noqa: E402
from govtext.pipeline import parse_file  # noqa: E402

SHARED = ROOT.parent / "shared"


def default_files() -> list[Path]:
    return sorted((SHARED / "seeds").glob("*.txt")) or sorted((ROOT / "corpora" / "sample").glob("*.txt"))


def prose_of(paths: list[Path]) -> str:
    """The normalized text of each report without its table rows, joined."""
    out = []
    for p in paths:
        text = parse_file(p, until="segment").text
        out.append("\n".join(line for line in text.split("\n") if "\t" not in line))
    return "\n".join(out)


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median (wall-clock, CPU) seconds of ``fn()``."""
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def stage(files: list[Path], repeats: int) -> None:
    print(f"{'report':34} {'KB':>5} {'facts CPU ms':>12} {'wall ms':>8} {'MB/s CPU':>9} {'baseline':>9}")
    baseline = regex.compile(r"\d+(?:\.\d+)?")
    rows = []
    for path in files:
        report = parse_file(path, until="tables")
        annotate(report)  # warm: data files, patterns, the model
        wall, cpu = timed(lambda: annotate(report), repeats)
        _, base = timed(lambda: baseline.findall(report.text), repeats)
        mb = len(report.text.encode("utf-8")) / 1e6
        rows.append((cpu, wall, base))
        print(f"{path.name[:34]:34} {mb * 1000 / 1.024:5.1f} {cpu * 1000:12.2f} {wall * 1000:8.2f} "
              f"{mb / cpu:9.2f} {cpu / base:8.0f}x")
    cpu, wall, base = (statistics.median(r[k] for r in rows) for k in range(3))
    print(f"{'median':34} {'':5} {cpu * 1000:12.2f} {wall * 1000:8.2f} {'':9} {cpu / base:8.0f}x")


def prose(files: list[Path], repeats: int) -> None:
    text = prose_of(files + sorted((SHARED / "real-reports").glob("r*.txt")))
    size = len(text.encode("utf-8")) / 1e6
    baseline = regex.compile(r"\d+(?:\.\d+)?")
    extract_facts(text[:2000])
    wall, cpu = timed(lambda: extract_facts(text), repeats)
    bwall, bcpu = timed(lambda: baseline.findall(text), repeats)
    print(f"\nprose: {size:.3f} MB, {len(extract_facts(text))} facts, {repeats} repeats")
    print(f"extract_facts: {cpu * 1000:.0f} ms CPU = {size / cpu:.2f} MB/s per core; "
          f"{wall * 1000:.0f} ms wall = {size / wall:.2f} MB/s")
    print(f"baseline regex scan: {bcpu * 1000:.1f} ms CPU, {bwall * 1000:.1f} ms wall; "
          f"ratio (CPU) {cpu / bcpu:.0f}x")


def one_paragraph(files: list[Path], repeats: int) -> None:
    text = regex.sub(r"[。\n]+", ";", prose_of(files))
    extract_facts(text[:2000])
    once, _ = timed(lambda: extract_facts(text), repeats)
    four, _ = timed(lambda: extract_facts(text * 4), repeats)
    print(f"\none paragraph: {len(text)} chars {once * 1000:.0f} ms, four times as long "
          f"{four * 1000:.0f} ms: ratio {four / once:.1f} (4 is linear)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeats", type=int, default=15)
    args = ap.parse_args()
    files = args.files or default_files()
    stage(files, args.repeats)
    prose(files, max(3, args.repeats // 3))
    one_paragraph(files, max(3, args.repeats // 5))


if __name__ == "__main__":
    main()

"""Throughput of prose-fact extraction, against a bare regex scan of the same text.

    python scripts/bench_facts.py [--repeats 7] [FILES...]

The text is the prose of the given reports (default: the seeds and real report openings
in ../shared, else the bundled sample corpus), normalized, with table rows dropped, joined
into one string.  Each repeat times ``extract_facts`` and the baseline (``regex.findall``
of Arabic numbers) back to back in this process; the medians are printed in MB of UTF-8
per second, with their ratio, so a busy machine shifts both alike.  Throughput per core
is also given from CPU time (``time.process_time``), which a machine shared with other
work does not inflate the way wall-clock time is.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govtext.facts import extract_facts  # noqa: E402
from govtext.pipeline import parse_file  # noqa: E402


def default_files() -> list[Path]:
    shared = ROOT.parent / "shared"
    files = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "real-reports").glob("r*.txt"))
    return files or sorted((ROOT / "corpora" / "sample").glob("*.txt"))


def prose_of(paths: list[Path]) -> str:
    """The normalized text of each report without its table rows, joined."""
    out = []
    for p in paths:
        text = parse_file(p, until="segment").text
        out.append("\n".join(line for line in text.split("\n") if "\t" not in line))
    return "\n".join(out)


def timed(fn, text: str) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one call."""
    t, c = time.perf_counter(), time.process_time()
    fn(text)
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    text = prose_of(args.files or default_files())
    size = len(text.encode("utf-8")) / 1e6
    baseline = regex.compile(r"\d+(?:\.\d+)?")
    extract_facts(text[:2000])  # load data and compile patterns outside the timing
    ours, base = [], []
    for _ in range(args.repeats):
        ours.append(timed(extract_facts, text))
        base.append(timed(baseline.findall, text))
    facts = len(extract_facts(text))
    mo, mb = (statistics.median(w for w, _ in ours), statistics.median(w for w, _ in base))
    co, cb = (statistics.median(c for _, c in ours), statistics.median(c for _, c in base))
    print(f"prose: {size:.3f} MB, {facts} facts, {args.repeats} repeats")
    print(f"extract_facts: median {mo * 1000:.0f} ms wall = {size / mo:.2f} MB/s; "
          f"{co * 1000:.0f} ms CPU = {size / co:.2f} MB/s per core")
    print(f"baseline regex scan: median {mb * 1000:.1f} ms wall = {size / mb:.1f} MB/s; "
          f"{cb * 1000:.1f} ms CPU")
    print(f"ratio extract_facts / baseline (wall): {mo / mb:.0f}x")


if __name__ == "__main__":
    main()

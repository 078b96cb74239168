"""How fast ``govtext synth`` writes reports: reports per second, median of runs.

Generates ``--n`` reports into a temporary folder ``--runs`` times and reports the
median wall time, reports per second, and the ratio to ``normalize_text`` over the
same texts in the same process (the baseline, so the ratio holds across machines),
plus the extrapolated time for 10,000 reports.

    .venv/bin/python scripts/bench_synth.py --n 500 --runs 3
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from govtext.normalize import normalize_text
from govtext.synth import generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    gen, base = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            generate(args.n, args.seed, tmp)
            gen.append(time.perf_counter() - t0)
            texts = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).glob("*.txt"))]
            t0 = time.perf_counter()
            for t in texts:
                normalize_text(t)
            base.append(time.perf_counter() - t0)
    g, b = statistics.median(gen), statistics.median(base)
    print(f"synth: {args.n} reports in {g:.2f} s median of {args.runs} "
          f"({args.n / g:.0f} reports/s, {1000 * g / args.n:.2f} ms/report)")
    print(f"baseline normalize_text over the same texts: {1000 * b / args.n:.3f} ms/report; "
          f"synth/baseline = {g / b:.1f}x")
    print(f"extrapolated for 10,000 reports: {10000 * g / args.n / 60:.1f} min")


if __name__ == "__main__":
    main()

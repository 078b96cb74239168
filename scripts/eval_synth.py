"""Score the whole pipeline on a generated corpus: ``govtext synth`` then ``govtext eval``.

Generates ``--n`` reports (seed ``--seed``, planted contradictions at ``--error-rate``)
into ``--out`` or a temporary folder, parses and scores them against their gold, and
prints precision and recall per finding kind (the acceptance bar is ``--bar``, 0.98, for
both, on every kind), the share of clean reports without findings, the section, cell
and fact scores, each layout's scores, and the wall time of generating and of parsing.
``--misses K`` lists up to K missed and K spurious findings, the evidence for telling a
gold bug from a parser bug.  Exit code 1 when a finding kind is under the bar.

    .venv/bin/python scripts/eval_synth.py --n 1000 --seed 2
    .venv/bin/python scripts/eval_synth.py --n 1000 --seed 2 --layouts cells tabs pipe_cells pipe_rows markdown oneline
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from govtext.evaluate import REPORT_KINDS, Scores, load_gold, match_findings, score_report
from govtext.pipeline import parse_file
from govtext.synth import LAYOUTS, generate


def _score(folder: Path, misses: int) -> tuple[Scores, dict[str, Scores], list[str], float]:
    """Overall and per-layout scores, and the findings missed or invented."""
    gold = load_gold(folder / "gold")
    overall, by_layout, notes = Scores(), defaultdict(Scores), []
    t0 = time.perf_counter()
    for name, g in gold.items():
        report = parse_file(folder / g["source"])
        for scores in (overall, by_layout[g["layout"]]):
            score_report(scores, report, g)
        pred = [f.to_dict() for f in report.findings]
        for kind in REPORT_KINDS:
            p = [f for f in pred if f["kind"] == kind]
            w = [f for f in g["findings"] if f["kind"] == kind]
            pairs = match_findings(p, w)
            got = {id(a) for a, _ in pairs}
            want = {id(b) for _, b in pairs}
            notes += [f"missed   {name} {g['layout']:<10} {_short(f)}" for f in w if id(f) not in want]
            notes += [f"spurious {name} {g['layout']:<10} {_short(f)} {f.get('message', '')}"
                      for f in p if id(f) not in got]
    return overall, by_layout, notes[:2 * misses], time.perf_counter() - t0


def _short(f: dict) -> str:
    return (f"{f['kind']} {','.join(f['metrics'][:3])}{'…' if len(f['metrics']) > 3 else ''} "
            f"[{f['column']}] expected {f['expected']} observed {f['observed']}")


def _fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:.4f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--error-rate", type=float, default=0.3)
    ap.add_argument("--out", type=Path, help="keep the corpus here (default: a temporary folder)")
    ap.add_argument("--bar", type=float, default=0.98)
    ap.add_argument("--misses", type=int, default=20)
    ap.add_argument("--layouts", nargs="+", choices=LAYOUTS, help="text layouts to draw from (default: all)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        t0 = time.perf_counter()
        generate(args.n, args.seed, folder, error_rate=args.error_rate, layouts=args.layouts)
        made = time.perf_counter() - t0
        scores, layouts, notes, parsed = _score(folder, args.misses)
    d = scores.to_dict()
    print(f"{args.n} reports, seed {args.seed}, error rate {args.error_rate}: generated in "
          f"{made:.1f} s, parsed and scored in {parsed:.1f} s ({args.n / parsed:.1f} reports/s)\n")
    print(f"{'finding kind':<22}{'precision':>10}{'recall':>9}{'matched':>9}{'pred':>7}{'gold':>7}")
    below = []
    for kind, pr in d["findings"].items():
        print(f"{kind:<22}{_fmt(pr['precision']):>10}{_fmt(pr['recall']):>9}"
              f"{pr['matched']:>9}{pr['predicted']:>7}{pr['gold']:>7}")
        if kind != "all" and any(x is not None and x < args.bar for x in (pr["precision"], pr["recall"])):
            below.append(kind)
    print(f"\nclean reports without findings  {_fmt(d['clean_without_findings'])}"
          f"   finding values agree  {_fmt(d['finding_values'])}")
    print(f"template / year / issuer        {_fmt(d['template'])} / {_fmt(d['year'])} / {_fmt(d['issuer'])}\n")
    print(f"{'measure':<22}{'precision':>10}{'recall':>9}")
    for key in ("sections", "cells", "facts", "facts_all"):
        print(f"{key:<22}{_fmt(d[key]['precision']):>10}{_fmt(d[key]['recall']):>9}")
    print(f"\n{'layout':<12}{'reports':>8}  sections P/R    cells P/R      facts P/R      findings P/R")
    for name in sorted(layouts):
        x = layouts[name].to_dict()
        cols = "  ".join(f"{_fmt(x[k]['precision'])}/{_fmt(x[k]['recall'])}" for k in ("sections", "cells", "facts"))
        f = x["findings"]["all"]
        print(f"{name:<12}{x['reports']:>8}  {cols}  {_fmt(f['precision'])}/{_fmt(f['recall'])}")
    if notes:
        print("\nfindings missed or spurious (first ones):")
        print("\n".join(notes))
    if below:
        print(f"\nunder the bar of {args.bar}: {', '.join(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())

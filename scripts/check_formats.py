"""Do HTML, DOCX and PDF renderings of a report give the same answers as its text?

For each synthetic report: lay the document out as text (what a .txt of it reads as),
render it to each format, read the rendering back from disk through the normal
``parse_file`` path, and compare cells (table, metric, column, value) and findings
(kind, rule, metrics, column, expected, observed; offsets differ by format) with the
text's.  Prints per-format agreement and the first disagreements.

    python scripts/check_formats.py --n 200 --seed 7 [--formats html,docx,pdf] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from govtext.model import RawDocument, Report
from govtext.pipeline import parse_document, parse_file
from govtext.synth import make_document
from govtext.synth.render import FORMATS, write


def cell_keys(report: Report) -> Counter:
    return Counter((c.table, c.metric, c.column, float(c.value)) for c in report.cells)


def finding_keys(report: Report) -> Counter:
    return Counter((f.kind, f.rule, tuple(f.metrics), f.column, f.expected, f.observed)
                   for f in report.findings)


def compare(doc: RawDocument, formats: tuple[str, ...], folder: Path, variant: int) -> dict:
    """Agreement of each format's reading of ``doc`` with the text reading."""
    base = parse_document(doc)
    want_cells, want_findings = cell_keys(base), finding_keys(base)
    out = {"cells": sum(want_cells.values()), "findings": sum(want_findings.values()), "formats": {}}
    for fmt in formats:
        path = write(doc, folder / f"{doc.source}.{fmt}", variant=variant)
        try:
            got = parse_file(path)
        except Exception as exc:  # a crash is a full disagreement, reported, not fatal
            out["formats"][fmt] = {"error": f"{type(exc).__name__}: {exc}", "cells_same": 0,
                                   "findings_same": 0}
            continue
        cells, findings = cell_keys(got), finding_keys(got)
        out["formats"][fmt] = {
            "cells_same": sum((cells & want_cells).values()),
            "cells_extra": sum((cells - want_cells).values()),
            "findings_same": sum((findings & want_findings).values()),
            "findings_extra": sum((findings - want_findings).values()),
            "missing": sorted(map(str, (want_cells - cells) + (want_findings - findings)))[:5],
            "unexpected": sorted(map(str, (cells - want_cells) + (findings - want_findings)))[:5],
        }
    return out


def run(n: int, seed: int, formats: tuple[str, ...]) -> dict:
    """Agreement over ``n`` reports of corpus ``seed``, totals per format."""
    totals = {fmt: Counter() for fmt in formats}
    worst: list[tuple[str, str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="govtext-formats-") as tmp:
        for i in range(n):
            doc, _gold = make_document(seed, i)
            res = compare(doc, formats, Path(tmp), variant=i)
            for fmt, r in res["formats"].items():
                t = totals[fmt]
                t["reports"] += 1
                t["cells"] += res["cells"]
                t["findings"] += res["findings"]
                t["cells_same"] += r["cells_same"]
                t["findings_same"] += r["findings_same"]
                t["cells_extra"] += r.get("cells_extra", 0)
                t["findings_extra"] += r.get("findings_extra", 0)
                exact = (r["cells_same"] == res["cells"] and r["findings_same"] == res["findings"]
                         and not r.get("cells_extra") and not r.get("findings_extra"))
                t["reports_identical"] += exact
                if not exact and len(worst) < 20:
                    worst.append((doc.source, fmt, r))
    summary = {}
    for fmt, t in totals.items():
        summary[fmt] = {
            "reports": t["reports"], "reports_identical": t["reports_identical"],
            "cell_agreement": t["cells_same"] / max(t["cells"] + t["cells_extra"], 1),
            "finding_agreement": t["findings_same"] / max(t["findings"] + t["findings_extra"], 1),
            "cells": t["cells"], "findings": t["findings"],
        }
    return {"n": n, "seed": seed, "summary": summary,
            "disagreements": [{"report": s, "format": f, **r} for s, f, r in worst]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--json", type=Path, help="write the full result here")
    args = ap.parse_args(argv)
    result = run(args.n, args.seed, tuple(args.formats.split(",")))
    for fmt, s in result["summary"].items():
        print(f"{fmt:5s} reports {s['reports_identical']}/{s['reports']} identical  "
              f"cells {s['cell_agreement']:.4f} of {s['cells']}  "
              f"findings {s['finding_agreement']:.4f} of {s['findings']}")
    for d in result["disagreements"][:8]:
        print(f"  {d['report']} {d['format']}: missing {d.get('missing')} unexpected {d.get('unexpected')}"
              + (f" error {d['error']}" if "error" in d else ""))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

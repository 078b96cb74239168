"""Score govtext against ground truth: ``govtext eval GOLD_DIR [PATH...]``.

Gold files are JSON records in the contract's shape (``govtext synth`` writes them to
``DIR/gold/<name>.json``, beside ``DIR/<name>.txt``).  Each report is parsed and compared:

- **sections**: a gold section counts when a parsed one has its kind and title
  (whitespace ignored); precision is over parsed sections.
- **template / year / issuer**: exact, exact, and issuer when one name contains the other
  (Traditional characters read as Simplified).
- **cells**: precision and recall over (table, metric, column, value).
- **facts**: precision and recall over facts with a metric, matched on metric, column,
  value and qualifier with overlapping spans; ``facts_all`` also counts figures with no
  metric (matched on value and span).
- **findings**: per kind, matched on kind, column (when both name one) and metrics — the
  same set first, then overlapping sets; ``values`` is the share of matched findings whose
  expected/observed pair agrees with gold.
- **clean**: the share of reports whose gold has no finding that yield none.

Offsets only count when the parsed text is the text gold points into (same length); a
rendering in another format is scored on the same keys without spans.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from functools import cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import orjson

from .data import load
from .errors import GovtextError, UnreadableInput
from .model import FINDING_KINDS, Report

#: The finding kinds one report can have (cross_report is a corpus's).
REPORT_KINDS = tuple(k for k in FINDING_KINDS if k != "cross_report")
#: What every gold record holds (``govtext synth`` writes more).
_GOLD_KEYS = ("template", "year", "issuer", "sections", "cells", "facts", "findings")


@dataclass(slots=True)
class PR:
    """Matched, predicted and gold counts of one measure; precision and recall are None
    when there is nothing to divide by."""
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float | None:
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    def to_dict(self) -> dict[str, Any]:
        p, r = self.precision, self.recall
        f1 = None if p is None or r is None else 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": _r(p), "recall": _r(r), "f1": _r(f1),
                "matched": self.tp, "predicted": self.pred, "gold": self.gold}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass(slots=True)
class Scores:
    """Accuracy of a parse run against gold, measure by measure."""
    reports: int = 0
    unreadable: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    offsets_compared: int = 0
    seconds: float = 0.0
    sections: PR = field(default_factory=PR)
    template: Counter = field(default_factory=Counter)
    year: Counter = field(default_factory=Counter)
    issuer: Counter = field(default_factory=Counter)
    cells: PR = field(default_factory=PR)
    facts: PR = field(default_factory=PR)
    facts_all: PR = field(default_factory=PR)
    findings: dict[str, PR] = field(default_factory=lambda: {k: PR() for k in REPORT_KINDS})
    finding_values: Counter = field(default_factory=Counter)
    clean: Counter = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        acc = lambda c: _r(c["ok"] / c["n"]) if c["n"] else None  # noqa: E731
        total = PR()
        for pr in self.findings.values():
            total.add(pr.tp, pr.pred, pr.gold)
        return {
            "reports": self.reports, "unreadable": self.unreadable, "missing": self.missing,
            "offsets_compared": self.offsets_compared,
            "seconds": round(self.seconds, 3),
            "reports_per_second": _r(self.reports / self.seconds) if self.seconds else None,
            "sections": self.sections.to_dict(),
            "template": acc(self.template), "year": acc(self.year), "issuer": acc(self.issuer),
            "cells": self.cells.to_dict(), "facts": self.facts.to_dict(),
            "facts_all": self.facts_all.to_dict(),
            "findings": {**{k: v.to_dict() for k, v in self.findings.items()}, "all": total.to_dict()},
            "finding_values": acc(self.finding_values),
            "clean_without_findings": acc(self.clean),
        }

    def rows(self) -> list[tuple[str, str]]:
        """(measure, value) lines for a terminal table."""
        d = self.to_dict()
        fmt = lambda x: "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)  # noqa: E731
        pr = lambda name, m: (name, f"P {fmt(m['precision'])}  R {fmt(m['recall'])}  "  # noqa: E731
                                    f"({m['matched']}/{m['predicted']} pred, {m['gold']} gold)")
        out = [("reports", f"{d['reports']} ({len(self.unreadable)} unreadable, "
                           f"{len(self.missing)} missing)"),
               pr("sections", d["sections"]),
               ("template / year / issuer", " / ".join(fmt(d[k]) for k in ("template", "year", "issuer"))),
               pr("cells", d["cells"]), pr("facts", d["facts"]), pr("facts (all figures)", d["facts_all"])]
        out += [pr(f"findings: {k}", v) for k, v in d["findings"].items()]
        out += [("finding values agree", fmt(d["finding_values"])),
                ("clean reports without findings", fmt(d["clean_without_findings"])),
                ("reports per second", fmt(d["reports_per_second"]))]
        return out


def load_gold(gold_dir: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Gold records by name (the report file's stem)."""
    root = Path(gold_dir)
    if not root.is_dir():
        raise UnreadableInput(str(root), "is not a folder of gold JSON files")
    out = {}
    for p in sorted(root.glob("*.json")):
        try:
            g = orjson.loads(p.read_bytes())
        except orjson.JSONDecodeError as exc:
            raise UnreadableInput(str(p), f"is not valid JSON ({exc})") from None
        missing = [k for k in _GOLD_KEYS if k not in g] if isinstance(g, dict) else _GOLD_KEYS
        if missing:
            raise UnreadableInput(str(p), f"is not a gold record (a JSON object with "
                                  f"{', '.join(missing)})")
        out[g.get("name") or p.stem] = g
    if not out:
        raise UnreadableInput(str(root), "holds no gold JSON files")
    return out


def _report_paths(gold: dict[str, dict], gold_dir: Path, paths: Iterable[str] | None) -> dict[str, Path]:
    """The report file scored against each gold name."""
    from .ingest import expand_paths
    if paths:
        found = {Path(p).stem: Path(p) for p in expand_paths(list(paths))}
    else:
        folder = gold_dir.resolve().parent
        found = {p.stem: p for p in sorted(folder.iterdir()) if p.is_file() and p.stem in gold}
    return {name: found[name] for name in gold if name in found}


def evaluate(gold_dir: str | os.PathLike[str], paths: Iterable[str] | None = None) -> Scores:
    """Parse the reports named by ``paths`` (default: the files beside ``gold_dir``
    named like its gold records) and score them against the gold."""
    from .pipeline import parse_or_error
    gold = load_gold(gold_dir)
    files = _report_paths(gold, Path(gold_dir), paths)
    scores = Scores(missing=sorted(set(gold) - set(files)))
    for name, path in files.items():
        t0 = time.perf_counter()
        report = parse_or_error(path)
        if isinstance(report, GovtextError):
            scores.unreadable.append(str(report))
            report = Report(source=str(path), format="txt", text="")
        scores.seconds += time.perf_counter() - t0
        score_report(scores, report, gold[name])
    return scores


def score_report(scores: Scores, report: Report, gold: dict[str, Any]) -> None:
    """Add one parsed report's comparison with its gold record to ``scores``."""
    scores.reports += 1
    spans = len(report.text) == gold.get("chars", -1)
    scores.offsets_compared += spans
    _count(scores.template, report.template == gold["template"])
    _count(scores.year, report.year == gold["year"])
    _count(scores.issuer, _same_issuer(report.issuer, gold["issuer"]))
    _sections(scores, report, gold)
    pred_cells = Counter((c.table, c.metric, c.column, float(c.value)) for c in report.cells)
    gold_cells = Counter((c["table"], c["metric"], c["column"], float(c["value"])) for c in gold["cells"])
    scores.cells.add(sum((pred_cells & gold_cells).values()), sum(pred_cells.values()), sum(gold_cells.values()))
    pred_facts = [f.to_dict() for f in report.facts]
    for pr, keep in ((scores.facts, lambda f: f["metric"] is not None), (scores.facts_all, lambda f: True)):
        p = [f for f in pred_facts if keep(f)]
        g = [f for f in gold["facts"] if keep(f)]
        pr.add(len(match_facts(p, g, spans)), len(p), len(g))
    _findings(scores, [f.to_dict() for f in report.findings], gold["findings"])


def _count(counter: Counter, ok: bool) -> None:
    counter["n"] += 1
    counter["ok"] += bool(ok)


def _same_issuer(pred: str | None, gold: str | None) -> bool:
    """One name contains the other, whichever script (a mirror's 金鄉縣 is 金乡县)."""
    if not pred or not gold:
        return pred == gold
    pred, gold = pred.translate(_simplified()), gold.translate(_simplified())
    return pred in gold or gold in pred


@cache
def _simplified() -> dict[int, int]:
    t = load("synth")["traditional"]
    return str.maketrans(t["traditional"], t["simplified"])


def _sections(scores: Scores, report: Report, gold: dict[str, Any]) -> None:
    key = lambda kind, title: (kind, "".join(title.split()))  # noqa: E731
    pred = Counter(key(s.kind, s.title) for s in report.sections)
    want = Counter(key(s["kind"], s["title"]) for s in gold["sections"])
    scores.sections.add(sum((pred & want).values()), sum(pred.values()), sum(want.values()))


def match_facts(pred: list[dict], gold: list[dict], spans: bool = True) -> list[tuple[int, int]]:
    """Greedy one-to-one (pred index, gold index) pairs of facts in the contract's shape:
    the same value, an accepted metric (the gold's with its column, or one of the ids
    its optional ``also`` lists, null included), the gold's qualifier when the metric is
    not null, and (with ``spans``) overlapping offsets."""
    used = [False] * len(pred)
    pairs = []
    for j, g in enumerate(gold):
        for i, p in enumerate(pred):
            if used[i] or float(p["value"]) != float(g["value"]) or not _accepts(p, g):
                continue
            if spans and not (p["start"] < g["end"] and g["start"] < p["end"]):
                continue
            used[i] = True
            pairs.append((i, j))
            break
    return pairs


def _accepts(p: dict, g: dict) -> bool:
    if p["metric"] == g["metric"]:
        same = g["metric"] is None or p["column"] == g["column"]
    else:
        same = p["metric"] in g.get("also", ())
    return same and (p["metric"] is None or p["qualifier"] == g["qualifier"])


def _findings(scores: Scores, pred: list[dict], gold: list[dict]) -> None:
    if not gold:
        _count(scores.clean, not pred)
    for kind, pr in scores.findings.items():
        p = [f for f in pred if f["kind"] == kind]
        g = [f for f in gold if f["kind"] == kind]
        pairs = match_findings(p, g)
        pr.add(len(pairs), len(p), len(g))
        for a, b in pairs:
            _count(scores.finding_values, {a["expected"], a["observed"]} == {b["expected"], b["observed"]})


def match_findings(pred: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs: the same metric set first, then overlapping sets."""
    used: set[int] = set()
    pairs = []
    matched_gold: set[int] = set()
    for same in (True, False):
        for j, g in enumerate(gold):
            if j in matched_gold:
                continue
            for i, p in enumerate(pred):
                if i in used or (p["column"] and g["column"] and p["column"] != g["column"]):
                    continue
                ps, gs = set(p["metrics"]), set(g["metrics"])
                if (ps == gs) if same else (ps & gs):
                    used.add(i)
                    matched_gold.add(j)
                    pairs.append((p, g))
                    break
    return pairs

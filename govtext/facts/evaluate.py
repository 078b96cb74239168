"""Scoring the extractor against hand-labelled prose (``corpora/labelled/facts*.jsonl``
and ``tests/fixtures/seeds/*.facts.json``).

A labelled record is a piece of prose and every figure a careful reader finds in it, in
the contract's fact shape but with a ``snippet`` of the text around the figure instead of
offsets: ``metric`` (an id or null), optional ``also`` (other ids a reader accepts, null
included), ``column``, ``value``, ``qualifier``.  The snippets are located in the text
and the facts matched by :func:`govtext.evaluate.match_facts`, the one matcher
``govtext eval`` scores gold reports with.

- recall: labelled figures with a metric that are extracted right;
- precision: extracted figures with a metric that are right.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..evaluate import match_facts
from ..model import Fact


@dataclass(slots=True)
class Score:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def load(path: str | Path) -> list[dict]:
    """Labelled records of a ``.jsonl`` file, or of one seed's ``.facts.json``."""
    text = Path(path).read_text("utf-8")
    if str(path).endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return [json.loads(text)]


def located(text: str, facts: list[dict]) -> list[dict]:
    """The labelled facts with offsets into ``text``: their own (gold of a synthetic
    report), else their snippets' (searched in order, so a repeated snippet takes its
    next occurrence; -1 when absent)."""
    out, cursor = [], 0
    for f in facts:
        if "start" in f:
            out.append(f)
            continue
        i = text.find(f["snippet"], cursor)
        if i < 0:
            i = text.find(f["snippet"])
        out.append({**f, "start": i, "end": i + len(f["snippet"]) if i >= 0 else -1})
        if i >= 0:
            cursor = i + 1
    return out


def score(records: Iterable[dict], extract: Callable[[str], list[Fact]],
          text_of: Callable[[dict], str] = lambda r: r["text"]) -> Score:
    """Compare ``extract(text_of(record))`` with the labels of each record."""
    s = Score()
    for rec in records:
        text, src = text_of(rec), rec.get("source")
        gold = located(text, rec["facts"])
        pred = [f.to_dict() for f in extract(text)]
        pairs = match_facts(pred, gold)
        n, hit = _tally(gold, {j for _, j in pairs}, s.misses,
                        lambda g: f"{src}: {g['snippet']} (want {g['metric']})")
        s.gold, s.found = s.gold + n, s.found + hit
        n, hit = _tally(pred, {i for i, _ in pairs}, s.wrong,
                        lambda p: f"{src}: {p['text']} → {p['metric']}")
        s.predicted, s.correct = s.predicted + n, s.correct + hit
    return s


def _tally(facts: list[dict], matched: set[int], unmatched: list[str],
           describe: Callable[[dict], str]) -> tuple[int, int]:
    """How many of ``facts`` have a metric and how many of those are matched; the
    others are described into ``unmatched`` (figures without a metric are not scored)."""
    n = hit = 0
    for k, f in enumerate(facts):
        if f["metric"] is None:
            continue
        n += 1
        if k in matched:
            hit += 1
        else:
            unmatched.append(describe(f))
    return n, hit

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

Figures without a metric are not scored, except one matched to a figure that has one
(a label whose ``also`` accepts null): that pair is a hit on both sides.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..evaluate import PR, match_facts
from ..model import Fact


@dataclass(slots=True)
class Score(PR):
    """The shared tally, with each missed label and each wrong figure described."""
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


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
        scored = [(i, j) for i, j in pairs if pred[i]["metric"] is not None or gold[j]["metric"] is not None]
        n_gold = _scored(gold, {j for _, j in scored}, s.misses,
                         lambda g: f"{src}: {g['snippet']} (want {g['metric']})")
        n_pred = _scored(pred, {i for i, _ in scored}, s.wrong,
                         lambda p: f"{src}: {p['text']} → {p['metric']}")
        s.add(len(scored), n_pred, n_gold)
    return s


def _scored(facts: list[dict], matched: set[int], out: list[str],
            describe: Callable[[dict], str]) -> int:
    """How many of ``facts`` are scored: those with a metric and those matched to one
    with a metric; the unmatched ones are described into ``out``."""
    n = 0
    for k, f in enumerate(facts):
        if k in matched or f["metric"] is not None:
            n += 1
            if k not in matched:
                out.append(describe(f))
    return n

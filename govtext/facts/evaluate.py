"""Scoring the extractor against hand-labelled prose (``corpora/labelled/facts*.jsonl``
and ``tests/fixtures/seeds/*.facts.json``).

A labelled record is a piece of prose and every figure a careful reader finds in it:
``metric`` (an id or null), optional ``also`` (other acceptable ids, null included),
``ambiguous`` (left out of the scores), ``column``, ``value``, ``qualifier`` and a
``snippet`` of the text around it.  A predicted fact matches a labelled one when the
values are equal and their spans overlap; it is right when metric, column and qualifier
agree too.

- recall: labelled figures with a metric that are extracted right;
- precision: extracted figures with a metric that are right;
- noise: extracted figures where the labels hold none (dates, ordinals, phones …).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..model import Fact


@dataclass(slots=True)
class Score:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    noise: list[str] = field(default_factory=list)
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


def locate(text: str, facts: list[dict]) -> list[tuple[int, int]]:
    out, cursor = [], 0
    for f in facts:
        i = text.find(f["snippet"], cursor)
        if i < 0:
            i = text.find(f["snippet"])
        out.append((i, i + len(f["snippet"])) if i >= 0 else (-1, -1))
        if i >= 0:
            cursor = i + 1
    return out


def _accepts(gold: dict, fact: Fact) -> bool:
    metrics = [gold["metric"], *gold.get("also", ())]
    if fact.metric not in metrics:
        return False
    if fact.metric == gold["metric"] and fact.column != gold["column"]:
        return False
    return fact.qualifier == gold["qualifier"]


def score(records: Iterable[dict], extract: Callable[[str], list[Fact]],
          text_of: Callable[[dict], str] = lambda r: r["text"]) -> Score:
    """Compare ``extract(text)`` with the labels of each record."""
    s = Score()
    for rec in records:
        text = text_of(rec)
        gold = rec["facts"]
        spans = locate(text, gold)
        pred = extract(text)
        matched: dict[int, int] = {}
        for j, p in enumerate(pred):
            for i, (g, (a, b)) in enumerate(zip(gold, spans)):
                if i not in matched.values() and g["value"] == p.value and a < p.end and p.start < b:
                    matched[j] = i
                    break
        for i, g in enumerate(gold):
            if g["metric"] is None or g.get("ambiguous"):
                continue
            s.gold += 1
            j = next((j for j, k in matched.items() if k == i), None)
            if j is not None and _accepts(g, pred[j]):
                s.found += 1
            else:
                got = pred[j].metric if j is not None else "nothing"
                s.misses.append(f"{rec.get('source')}: {g['snippet']} → {got} (want {g['metric']})")
        for j, p in enumerate(pred):
            i = matched.get(j)
            if i is None:
                s.noise.append(f"{rec.get('source')}: {p.text}")
            if p.metric is None or (i is not None and gold[i].get("ambiguous")):
                continue
            s.predicted += 1
            if i is not None and _accepts(gold[i], p):
                s.correct += 1
            else:
                s.wrong.append(f"{rec.get('source')}: {p.text} → {p.metric}")
    return s

"""The learned layer: a character n-gram classifier for figures the cues cannot name.

It reads the words around a figure (``context_text``) and answers a metric id or
``none``; it decides only when it is confident (the threshold is stored with the model
in ``models/facts.meta.json``).  Trained by ``scripts/train_facts.py``; without the model
file the rule layer runs alone.
"""
from __future__ import annotations

import json
import warnings
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Iterator

from ..ml import TextClassifier

MODEL = Path(__file__).resolve().parents[2] / "models" / "facts.npz"
META = MODEL.with_name("facts.meta.json")
NONE = "none"


def context_text(left: str, unit: str | None, right: str) -> str:
    """What the classifier sees of one figure: a unit hint, then the words around it."""
    return f"__u{unit or ''}__ {left[-24:]}#{right[:12]}"


@cache
def _load() -> tuple[TextClassifier, float] | None:
    if not MODEL.is_file():
        warnings.warn(f"{MODEL}: no model file; prose facts use the cue rules alone "
                      "(rebuild it with scripts/train_facts.py)", stacklevel=3)
        return None
    threshold = json.loads(META.read_text("utf-8"))["threshold"] if META.is_file() else 0.9
    return TextClassifier.load(MODEL), threshold


#: A model a training run evaluates in place of the saved one (see ``using``).
_trial: list[tuple[TextClassifier | None, float]] = []


@contextmanager
def using(clf: TextClassifier | None, threshold: float) -> Iterator[None]:
    """Within the block, extraction uses ``clf`` (None: the rules alone)."""
    _trial.append((clf, threshold))
    try:
        yield
    finally:
        _trial.pop()


def reset() -> None:
    """Forget the loaded model, so the next call reads the file again."""
    _load.cache_clear()


def decide(texts: list[str]) -> list[str | None]:
    """The metric of each context, or None where the model is absent or unsure."""
    clf, threshold = _trial[-1] if _trial else (_load() or (None, 0.0))
    return decide_with(clf, threshold, texts)


def decide_with(clf: TextClassifier | None, threshold: float, texts: list[str]) -> list[str | None]:
    if clf is None or not texts:
        return [None] * len(texts)
    proba = clf.predict_proba(texts)
    out: list[str | None] = []
    for row in proba:
        j = int(row.argmax())
        label = clf.classes_[j]
        out.append(label if label != NONE and row[j] >= threshold else None)
    return out

"""A small text classifier with the scikit-learn estimator contract, saved without pickle.

Character n-grams (Chinese needs no word segmentation for this) weighted by sublinear
TF-IDF, and a logistic regression on top.  ``fit`` uses scikit-learn; the fitted model
is saved as a ``.npz`` of plain arrays (vocabulary, idf, coefficients), so loading it runs
no code and needs only numpy, and prediction re-implements the same arithmetic.

Tokens in the text that start with ``__`` and end at a space (``"__pos3__ 主动公开"``) are
kept whole as extra features, so callers can add layout hints to the text.
"""
from __future__ import annotations

import math
import zipfile
import zlib
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .errors import ModelError


class NotFittedError(ValueError, AttributeError):
    """``predict`` was called before ``fit`` or ``load``."""


def features(text: str, lo: int = 1, hi: int = 3) -> list[str]:
    """Character n-grams of ``text`` (lengths lo..hi) plus whole ``__hint__`` tokens."""
    out: list[str] = []
    if "__" in text:
        words = text.split(" ")
        out.extend(w for w in words if w.startswith("__") and len(w) > 2)
        text = " ".join(w for w in words if not w.startswith("__"))
    n = len(text)
    for k in range(lo, hi + 1):
        out.extend(text[i:i + k] for i in range(n - k + 1))
    return out


class TextClassifier:
    """TF-IDF over character n-grams + logistic regression.

    Parameters are stored unchanged; learned state ends in ``_`` and is set by ``fit``
    or ``load``.
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 3), max_features: int = 20000,
                 C: float = 4.0, min_df: int = 1):
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.C = C
        self.min_df = min_df

    # -- training (scikit-learn) ------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "TextClassifier":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        lo, hi = self.ngram_range
        vec = TfidfVectorizer(analyzer=lambda t: features(t, lo, hi), sublinear_tf=True,
                              max_features=self.max_features, min_df=self.min_df)
        X = vec.fit_transform(list(texts))
        clf = LogisticRegression(C=self.C, max_iter=2000)
        clf.fit(X, list(labels))
        vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
        self.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        self.idf_ = vec.idf_.astype(np.float32)
        self.classes_ = [str(c) for c in clf.classes_]
        self.coef_ = clf.coef_.astype(np.float32)
        self.intercept_ = clf.intercept_.astype(np.float32)
        return self

    # -- prediction (numpy only) -------------------------------------------------------
    def _check(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedError("this TextClassifier is not fitted yet: call fit() or load()")

    def decision_function(self, texts: Iterable[str]) -> np.ndarray:
        self._check()
        lo, hi = self.ngram_range
        rows = []
        for text in texts:
            counts: dict[int, int] = {}
            for f in features(text, lo, hi):
                j = self.vocabulary_.get(f)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if counts:
                idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
                tf = np.fromiter((1.0 + math.log(c) for c in counts.values()),
                                 dtype=np.float32, count=len(counts))
                w = tf * self.idf_[idx]
                w /= np.sqrt(np.dot(w, w))
                rows.append(self.coef_[:, idx] @ w + self.intercept_)
            else:
                rows.append(self.intercept_.copy())
        return np.vstack(rows) if rows else np.zeros((0, len(self.intercept_)), np.float32)

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        scores = self.decision_function(texts)
        if scores.shape[1] == 1:  # binary: one column of logits for classes_[1]
            p1 = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - p1, p1])
        scores = scores - scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: Iterable[str]) -> list[str]:
        proba = self.predict_proba(texts)
        return [self.classes_[i] for i in proba.argmax(axis=1)]

    # -- persistence (no pickle) -------------------------------------------------------
    def save(self, path: str | Path) -> None:
        self._check()
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.get)
        np.savez_compressed(
            path, vocabulary=np.array(vocab, dtype=str), idf=self.idf_, coef=self.coef_,
            intercept=self.intercept_, classes=np.array(self.classes_, dtype=str),
            params=np.array([self.ngram_range[0], self.ngram_range[1], self.max_features,
                             self.min_df], dtype=np.int64),
            C=np.array([self.C], dtype=np.float64))

    @classmethod
    def load(cls, path: str | Path) -> "TextClassifier":
        try:
            with np.load(path, allow_pickle=False) as z:
                lo, hi, max_features, min_df = (int(v) for v in z["params"])
                model = cls((lo, hi), max_features, float(z["C"][0]), min_df)
                model.vocabulary_ = {str(t): i for i, t in enumerate(z["vocabulary"])}
                model.idf_ = z["idf"].astype(np.float32)
                model.coef_ = z["coef"].astype(np.float32)
                model.intercept_ = z["intercept"].astype(np.float32)
                model.classes_ = [str(c) for c in z["classes"]]
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raise ModelError(str(path), f"not a govtext model file ({exc})") from None
        return model

"""Where a figure sits: its clause, its sentence, the words on either side.

A clause ends at a comma, semicolon, colon, full stop, line break, tab or bracket; the
words a figure may take its meaning from stop at the figure before it, so in
"网站公开信息225条(包括工作动态125条" the 125 does not borrow 网站公开信息.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import regex

from .. import data
from ._numbers import Figure


@cache
def _breaks() -> tuple[regex.Pattern, regex.Pattern]:
    ctx = data.load("facts")["context"]
    return (regex.compile(f"[{regex.escape(ctx['clause_breaks'])}]"),
            regex.compile(f"[{regex.escape(ctx['sentence_breaks'])}]"))


@dataclass(frozen=True, slots=True)
class Context:
    """The words around one figure.  ``left``/``right`` stop at neighbouring figures."""
    clause_start: int
    clause_end: int
    sentence_start: int
    left_start: int
    right_end: int


class Layout:
    """Clause and sentence boundaries of one text, found once."""

    def __init__(self, text: str):
        clause, sentence = _breaks()
        self.text = text
        self.clauses = [m.start() for m in clause.finditer(text)]
        self.sentences = [m.start() for m in sentence.finditer(text)]

    @staticmethod
    def _around(bounds: list[int], start: int, end: int, n: int) -> tuple[int, int]:
        i = bisect.bisect_left(bounds, start)
        lo = bounds[i - 1] + 1 if i else 0
        j = bisect.bisect_left(bounds, end)
        hi = bounds[j] if j < len(bounds) else n
        return lo, hi

    def clause(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self.clauses, start, end, len(self.text))

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self.sentences, start, end, len(self.text))

    def contexts(self, figures: list[Figure]) -> list[Context]:
        """The context of each figure (``figures`` in text order)."""
        out = []
        for k, f in enumerate(figures):
            cs, ce = self.clause(f.start, f.end)
            ss, _ = self.sentence(f.start, f.end)
            prev_end = figures[k - 1].end if k and figures[k - 1].end > cs else cs
            next_start = figures[k + 1].start if k + 1 < len(figures) and figures[k + 1].start < ce else ce
            out.append(Context(cs, ce, ss, max(prev_end, cs), min(next_start, ce)))
        return out

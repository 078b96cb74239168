"""Where a figure sits: its clause, its sentence, the words on either side.

A clause ends at a comma, semicolon, colon, full stop, line break, tab or bracket; the
words a figure may take its meaning from stop at the figure before it, so in
"网站公开信息225条(包括工作动态125条" the 125 does not borrow 网站公开信息.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .. import data
from ._numbers import Figure


@cache
def _breaks(kind: str) -> tuple[regex.Pattern, regex.Pattern]:
    """A forward and a reverse search for the characters that end a clause, a sentence
    or a paragraph."""
    chars = regex.escape(data.load("facts")["context"][f"{kind}_breaks"])
    return regex.compile(f"[{chars}]"), regex.compile(f"(?r)[{chars}]")


@dataclass(frozen=True, slots=True)
class Context:
    """The words around one figure.  ``left``/``right`` stop at neighbouring figures."""
    clause_start: int
    clause_end: int
    sentence_start: int
    left_start: int
    right_end: int


class Layout:
    """Clause, sentence and paragraph boundaries of one text, looked up around figures.

    Breaks are searched for outwards from a figure, not listed for the whole text:
    figures are sparse and clause breaks dense.  The last paragraph found is kept, as
    the lists of a paragraph ask for it one after another, and on a page whose body is
    one line each search would scan the whole page.
    """

    def __init__(self, text: str):
        self.text = text
        self._paragraph = (0, -1)

    def _start(self, kind: str, pos: int) -> int:
        """Just after the last break before ``pos``."""
        b = _breaks(kind)[1].search(self.text, 0, pos)
        return b.start() + 1 if b else 0

    def _end(self, kind: str, pos: int) -> int:
        """The first break at or after ``pos``."""
        f = _breaks(kind)[0].search(self.text, pos)
        return f.start() if f else len(self.text)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        return self._start("clause", start), self._end("clause", end)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return self._start("sentence", start), self._end("sentence", end)

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        lo, hi = self._paragraph              # no break lies between lo and hi
        if lo <= start and end <= hi:
            return lo, hi
        found = self._start("paragraph", start), self._end("paragraph", end)
        if start == end:
            self._paragraph = found
        return found

    def contexts(self, figures: list[Figure]) -> list[Context]:
        """The context of each figure (``figures`` in text order)."""
        out = []
        for k, f in enumerate(figures):
            cs, ce = self.clause(f.start, f.end)
            ss = self._start("sentence", f.start)
            prev_end = figures[k - 1].end if k and figures[k - 1].end > cs else cs
            next_start = figures[k + 1].start if k + 1 < len(figures) and figures[k + 1].start < ce else ce
            out.append(Context(cs, ce, ss, max(prev_end, cs), min(next_start, ce)))
        return out

"""Normalization: one clean text whose offsets every later stage shares.

Readers hand over raw text (or paragraphs and table grids, see :func:`document_to_text`).
Normalization folds the many ways real reports write the same thing into one:
full-width ASCII to half-width (０→0, ，→,), U+3000/NBSP to spaces, table pipes to tabs,
CRLF to LF, and drops stray markup (``[bookmark: _GoBack]``, markdown ``#``/``**``,
markdown rule rows) and the spaces PDF extraction puts between Chinese characters and
digits ("2019 年" → "2019年").  Character substitutions keep their offset; deletions
are recorded, so :meth:`Normalized.to_raw` maps any offset back to the raw text.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from ..model import RawDocument, Table

# 1:1 substitutions (offsets unchanged).
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
              0x7C: 0x09,        # | → TAB: every table layout becomes tab-separated
              0xFF5C: 0x09, 0x2502: 0x09, 0x0B: 0x0A, 0x0C: 0x0A})

# Deletions, as one alternation scanned once.
_DELETE = regex.compile(
    r"""
      \[bookmark:[^\]\n]*\]                  # Word bookmark residue
    | [\u200b-\u200d\ufeff\u00ad]            # zero-width and soft hyphen
    | \r(?=\n)                               # CRLF
    | (?m:^[ \t]*\#{1,6}[ ]+)                # markdown heading marker
    | \*\*                                   # markdown bold
    | (?m:^[ \t]*:?-{3,}:?(?:\t[ ]*:?-{3,}:?[ ]*)*\t?[ ]*$\n?)   # markdown table rule row
    | \\(?=\t)                               # escaped pipe "\|"
    | (?m:^[ ]+)                             # indentation (spaces only: tabs are cells)
    | (?m:[ ]+$)                             # trailing spaces
    | [ ]+(?=\t) | (?<=\t)[ ]+                # padding around table cells
    | (?<=\p{Han})[ ]+(?=\p{Han})            # "发 展" → "发展"
    | (?<=\d)[ ]+(?=\p{Han}|%)               # "2019 年" → "2019年"
    | (?<=\p{Han})[ ]+(?=[\d.]+[ ]?[\p{Han}%])   # "自 2019 年" → "自2019年"
    """,
    regex.VERBOSE,
)


@dataclass(slots=True)
class Normalized:
    """The normalized text and the map of its offsets back to the raw text."""
    text: str
    _norm_starts: list[int]
    _raw_starts: list[int]

    def to_raw(self, offset: int) -> int:
        """The raw-text offset of normalized offset ``offset``."""
        i = bisect.bisect_right(self._norm_starts, offset) - 1
        return self._raw_starts[i] + (offset - self._norm_starts[i])


def normalize_text(raw: str) -> Normalized:
    """Fold ``raw`` into govtext's one text layout, keeping an offset map."""
    folded = raw.translate(_FOLD).replace("\r", "\n") if "\r" not in raw else _fold_cr(raw)
    pieces: list[str] = []
    norm_starts: list[int] = [0]
    raw_starts: list[int] = [0]
    pos = 0
    out_len = 0
    for m in _DELETE.finditer(folded):
        s, e = m.span()
        if s == e:
            continue
        pieces.append(folded[pos:s])
        out_len += s - pos
        pos = e
        norm_starts.append(out_len)
        raw_starts.append(e)
    pieces.append(folded[pos:])
    return Normalized("".join(pieces), norm_starts, raw_starts)


def _fold_cr(raw: str) -> str:
    # Keep "\r" of CRLF for the deletion pass; a lone "\r" (old Mac) is a line break.
    folded = raw.translate(_FOLD)
    return regex.sub(r"\r(?!\n)", "\n", folded)


def document_to_text(doc: RawDocument) -> str:
    """Lay paragraphs and table grids out as text: one table row per line, cells by TAB.

    This is the layout the table parser reads for every format, so a report gives the
    same cells whether it came as HTML, DOCX, PDF or text.
    """
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            out.append("")
            for row in block.rows:
                out.append("\t".join(_cell_text(c) for c in row))
            out.append("")
        else:
            out.append(block)
    return "\n".join(out)


def _cell_text(cell: str) -> str:
    # A cell's own line breaks ("本年新\n制作数量") and pipes must not break the grid.
    return " ".join(cell.replace("|", " ").replace("\t", " ").split())

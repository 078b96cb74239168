"""Normalization: one clean text whose offsets every later stage shares.

Readers hand over raw text (or paragraphs and table grids, see :func:`document_to_text`).
Normalization folds the many ways real reports write the same thing into one:
full-width ASCII to half-width (０→0, ，→,), U+3000/NBSP to spaces, table pipes to tabs,
CRLF to LF, and drops stray markup (``[bookmark: _GoBack]``, markdown ``#``/``**``,
markdown rule rows) and the spaces PDF extraction puts between Chinese characters and
digits ("2019 年" → "2019年").  Mirror pages in Traditional characters are folded to
simplified ones and their glued pinyin ("收費(fèi)") dropped, and the hard line breaks PDF
text puts inside sentences are removed, so every later stage reads one script and whole
sentences.  Character substitutions keep their offset; deletions are recorded, so
:meth:`Normalized.to_raw` maps any offset back to the raw text.  The folding table and
the line-joining cues are data (``govtext/data/normalize.toml``).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import regex

from .. import data
from ..model import RawDocument, Table

# 1:1 substitutions (offsets unchanged); Traditional characters are added from data.
_WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
                    0x7C: 0x09,        # | → TAB: every table layout becomes tab-separated
                    0xFF5C: 0x09, 0x2502: 0x09, 0x0B: 0x0A, 0x0C: 0x0A})

# Deletions, as one alternation scanned once (the data-driven ones are added in front).
_DELETE = r"""
    | \[bookmark:[^\]\n]*\]                  # Word bookmark residue
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
"""


@cache
def _fold() -> str:
    """Full-width, space and pipe folding plus Traditional → simplified characters, as a
    ``str.translate`` table of the whole Basic Multilingual Plane (characters beyond it
    are left alone): indexing a string is several times faster than a dict's misses."""
    cfg = data.load("normalize")["fold"]
    traditional, simplified = ("".join(cfg[k].split()) for k in ("traditional", "simplified"))
    table = {**str.maketrans(traditional, simplified), **_WIDTH_FOLD}
    return "".join(chr(table.get(cp, cp)) for cp in range(0x10000))


@cache
def _deletions() -> regex.Pattern[str]:
    cfg = data.load("normalize")
    furniture = "|".join(cfg["unwrap"]["page_furniture"])
    return regex.compile(f"(?:{cfg['fold']['pinyin']}) | {_unwrap(cfg['unwrap'])}"
                         rf"| (?m:^(?:{furniture})[ ]*(?:\r?\n|$))"
                         rf"| (?m:^{cfg['unwrap']['page_prefix']})" + _DELETE,
                         regex.VERBOSE)


def _unwrap(cfg: dict) -> str:
    """The line break inside a sentence of hard-wrapped prose (see normalize.toml), with
    the page furniture a page break left inside the sentence.

    A next line holding only a unit is a cell of a table laid out one cell per line.
    A next line ending in one spaced number is a table row unless it has clause marks
    (prose wrapped between "其他信息 52" and its unit).  The cheap test comes first, so
    the pattern fails at once away from line ends; the look-behinds then read the line
    back to its start once per line break.
    """
    ends = "|".join(regex.escape(e) for e in cfg["line_end"])
    new = "|".join(cfg["new_line"])
    keep = "|".join(cfg["keep_lines"])
    clause = regex.escape(cfg["clause_marks"])
    furniture = "|".join(cfg["page_furniture"])
    units = "|".join(regex.escape(u) for u in cfg["units"])
    number = r"[ ]\d[\d.,%]*[ ]*"                      # a spaced number closing a row
    line = rf"^[ ]*[^\t\n ][^\t\n]{{{cfg['min_line'] - 1},}}"
    return (rf"(?m:(?=[ ]*\r?\n)(?<={line})(?<!(?:{ends})[ ]*)"
            rf"(?:(?<!{number})|(?=[ ]*\r?\n(?:{units})))"
            rf"(?<!^(?:{new})[^\t\n{clause}]*)(?<!(?:{keep})[^\n]*)"
            rf"[ ]*\r?\n(?:(?:{furniture})[ ]*\r?\n)*"
            rf"(?!{new}|(?:{units})[ ]*\r?$)"
            rf"(?=(?:\p{{Han}}|[《“\"]|\d[\d.,]*[ ]?[\p{{Han}}%])[^\t\n]*$)"
            rf"(?![^\n]*(?:{keep}|(?:{number}){{2,}}\r?$))(?![^\n{clause}]*{number}\r?$))")


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
    folded = raw.translate(_fold()) if "\r" not in raw else _fold_cr(raw)
    pieces: list[str] = []
    norm_starts: list[int] = [0]
    raw_starts: list[int] = [0]
    pos = 0
    out_len = 0
    for m in _deletions().finditer(folded):
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
    folded = raw.translate(_fold())
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

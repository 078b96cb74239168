"""Top-level headings: which lines start a section, and which kind each one names.

Every line that looks like a heading becomes a candidate (numbering style, number, title).
The report's top numbering style is the highest-ranked style that numbers a standard
section; candidates of lower styles stay inside their section.  Titles are classified by
the keyword rules of ``sections.toml`` first and by the trained classifier otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable, Iterator

import regex

from .. import data
from ..model import Section
from ..normalize import normalize_text

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
#: Styles that number the same level: "一、", "一" glued to the title, "、" alone.
_CN_LEVEL = {"cn", "cn_bare", "missing"}
_SPACE = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")
_DIGITS = regex.compile(r"\d+")
_CN_NUMERAL = regex.compile(r"[一二三四五六七八九十]+")
#: A table cell of figures: the line after a row label laid out one cell per line.
_NUMERIC_LINE = regex.compile(r"^[\d.,%\s—\-–/+]+$")
#: A table row of PDF text: a label and its values after spaces ("(三)不予公开 0 0 0").
_PDF_ROW = regex.compile(r"[ ]\d[\d.,%]*$")

Classifier = Callable[[list[str]], list[str]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A line that may head a section."""
    start: int
    style: str
    number: int | None
    title: str          # the line as written (stripped)
    key: str            # the title without numbering, folded for matching
    kind: str | None    # the keyword rules' kind, None when no rule applies


@cache
def _config() -> dict:
    cfg = data.load("sections")
    kinds = _kinds_patterns(cfg)
    return {
        "styles": [(n["name"], regex.compile(n["pattern"])) for n in cfg["numbering"]],
        "kinds": kinds,
        "appendix": dict(kinds)["appendix"],
        "not_titles": regex.compile("|".join(cfg["heading"]["not_titles"])),
        "sentence": regex.compile("[" + regex.escape(cfg["heading"]["sentence_marks"]) + "]"),
        "bare_end": regex.compile(cfg["heading"]["bare_title_end"]),
        "inline": _inline_pattern(cfg),
        "inline_below": cfg["heading"]["inline_below"],
        "inline_styles": cfg["heading"]["inline_styles"],
        "max_title": cfg["heading"]["max_title"],
        "max_glued": cfg["heading"]["max_glued_title"],
        "unnumbered": frozenset(cfg["unnumbered"]["titles"]),
    }


def _kinds_patterns(cfg: dict) -> list[tuple[str, regex.Pattern]]:
    """Each kind with one pattern: its leading words at the start or a keyword anywhere."""
    return [(k["name"], regex.compile("|".join([f"^(?:{p})" for p in k.get("leading", [])]
                                               + [f"(?:{p})" for p in k["keywords"]])))
            for k in cfg["kind"]]


def _inline_pattern(cfg: dict) -> regex.Pattern:
    """Numbering of one of the inline styles after a sentence end, a space or a line
    start (a group named after the style), then a title ending like a heading."""
    heading = cfg["heading"]
    part = r"[^,。;:《(\s\d]{0,40}?" + heading["inline_title_end"]
    joiners = regex.escape(heading["inline_joiners"])
    styles = {n["name"]: n["pattern"] for n in cfg["numbering"]}
    numbering = "|".join(f"(?P<{name}>{styles[name]})" for name in heading["inline_styles"])
    return regex.compile(rf"(?:(?<=[。\s:])|^)(?:{numbering})"
                         rf"(?P<title>{part}(?:[{joiners}]{part})?)")


@lru_cache(maxsize=16384)
def fold_title(title: str) -> str:
    """A title as the rules and the classifier see it: normalized (a title as written
    may come from a raw mirror page: simplified, no pinyin), without spaces.  Cached:
    a corpus repeats the same headings and short lines report after report."""
    return _SPACE.sub("", normalize_text(title).text).strip(":.,。")


def title_key(title: str) -> str:
    """The folded title of a heading as written, its numbering removed."""
    stripped = title.strip()
    for _, pattern in _config()["styles"]:
        m = pattern.match(stripped)
        if m is not None and m.end() < len(stripped):
            return fold_title(stripped[m.end():])
    return fold_title(stripped)


@lru_cache(maxsize=16384)
def rule_kind(key: str) -> str | None:
    """The kind whose keyword occurs in the folded title ``key``; None when none does."""
    return next((name for name, pattern in _config()["kinds"] if pattern.search(key)), None)


def find_sections(text: str, classify: Classifier) -> list[Section]:
    """The top-level sections of ``text``: each runs to the next one or to the end."""
    lines = list(_candidates(text))
    inline = list(_inline_candidates(text))
    heads = _select(sorted(lines + [c for c in inline if _in_long_line(text, c.start)],
                           key=lambda c: c.start))
    if len(heads) < _config()["inline_below"]:
        heads = _select(inline) or heads
    if not heads:
        return []
    kinds = _kinds(heads, classify)
    ends = [h.start for h in heads[1:]] + [len(text)]
    return [Section(kind=k, title=h.title, start=h.start, end=e)
            for h, k, e in zip(heads, kinds, ends)]


def _kinds(heads: list[Candidate], classify: Classifier) -> list[str]:
    unknown = [h.key for h in heads if h.kind is None]
    guessed = iter(classify(unknown) if unknown else [])
    return [h.kind if h.kind is not None else next(guessed) for h in heads]


def _candidates(text: str) -> Iterator[Candidate]:
    cfg = _config()
    longest = cfg["max_glued"] + 12          # numbering included
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip(" ")
        if (not stripped or "\t" in stripped or len(stripped) > longest
                or _PDF_ROW.search(stripped)):
            continue                          # blank, a table row or a cell of one, prose
        following = lambda i=i: [l for l in lines[i + 1:i + 5] if l.strip()][:2]  # noqa: E731
        cand = _candidate(start + len(line) - len(line.lstrip(" ")), stripped, following)
        if cand is not None:
            yield cand


def _inline_candidates(text: str) -> Iterator[Candidate]:
    """Numbered headings inside lines of prose: a body written as one line (r014), or
    a heading with its first sentence glued on, tables below as rows (oneline layout).
    Those inside lines too long for a heading join the line candidates; with fewer
    headings than ``inline_below`` found, all of them replace the line candidates."""
    cfg = _config()
    for m in cfg["inline"].finditer(text):
        style = next(name for name in cfg["inline_styles"] if m.group(name) is not None)
        key = fold_title(m.group("title"))
        yield Candidate(m.start(), style, _number(m.group(style)),
                        text[m.start():m.end()], key, rule_kind(key))


def _in_long_line(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a line longer than any heading line."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return (end if end >= 0 else len(text)) - start > _config()["max_title"] + 12


def _candidate(start: int, stripped: str,
               following: Callable[[], list[str]]) -> Candidate | None:
    """The line as a heading candidate, or None when it cannot head a section;
    ``following()`` gives the next two non-blank lines (only a plausible title needs them)."""
    cfg = _config()
    for style, pattern in cfg["styles"]:
        m = pattern.match(stripped)
        if m is None:
            continue
        key = fold_title(stripped[m.end():])
        if style == "none" and key not in cfg["unnumbered"] and not cfg["appendix"].search(key):
            return None
        if not _plausible(key, following, numbered=style != "none"):
            continue
        kind = rule_kind(key)
        if style == "missing" and kind is None:
            continue
        if style == "cn_bare" and not cfg["bare_end"].search(key):
            continue
        return Candidate(start, style, _number(m.group()), stripped, key, kind)
    return None


def _plausible(key: str, following: Callable[[], list[str]], numbered: bool) -> bool:
    """Whether ``key`` reads as a heading title rather than prose, a list item or a row."""
    cfg = _config()
    if not key or cfg["not_titles"].search(key) or not _HAN.search(key):
        return False
    if cfg["sentence"].search(key) or _row_label(following(), numbered):
        return False
    if len(key) <= cfg["max_title"]:
        return True
    # A long title is a heading with something glued on only when a rule names its kind
    # from its opening words and it has no clause punctuation.
    return (len(key) <= cfg["max_glued"] and "," not in key
            and rule_kind(key[:cfg["max_title"]]) is not None)


def _row_label(following: list[str], numbered: bool) -> bool:
    """Whether the lines after a line make it a table row's label: its values follow
    one per line, or (for a numbered line) a PDF text row follows ("(一)收到申请数 件 0"
    under a 统计表 group row, perhaps with its label wrapped).  A number alone before a
    sentence is a PDF's page number."""
    nxt, after = (l.strip() for l in (following + ["", ""])[:2])
    if numbered and (_PDF_ROW.search(nxt) or (nxt.startswith("(") and _PDF_ROW.search(after))):
        return True
    return bool(_NUMERIC_LINE.match(nxt)) and not _config()["sentence"].search(after)


def _number(numbering: str) -> int | None:
    digits = _DIGITS.search(numbering)
    if digits:
        return int(digits.group())
    cn = _CN_NUMERAL.search(numbering)
    return _cn_to_int(cn.group()) if cn else None


def _cn_to_int(s: str) -> int:
    if "十" not in s:
        return _CN_DIGITS.get(s[-1], 0)
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _level(style: str) -> str:
    return "cn" if style in _CN_LEVEL else style


def _top_level(cands: list[Candidate]) -> str | None:
    """The highest-ranked numbering style that numbers a standard section."""
    order = [_level(name) for name, _ in _config()["styles"]]
    used = {_level(c.style) for c in cands
            if c.kind not in (None, "appendix") and c.style != "none"}
    return next((s for s in order if s in used), None)


def _select(cands: list[Candidate]) -> list[Candidate]:
    """The candidates that are top-level headings, in order.

    Top-level numbers normally increase (gaps allowed: r014, r036); a number that does
    not increase is a list inside the section unless it names a standard kind not seen
    yet (duplicated numbering); numbering restarting at 1 opens a list inside the
    section (r109, see :func:`_in_list`).  An Arabic number continuing the top-level
    sequence heads a section when it names a standard kind (seed 001 "6、 其他需要报告的事项").
    Unnumbered titles, a missing numeral and appendices head a section when their kind
    is new.
    """
    top = _top_level(cands)
    out: list[Candidate] = []
    seen: set[str] = set()
    last = inner = 0
    for c in cands:
        if out and _in_list(c, top, last, inner):
            inner = c.number
            continue
        new_kind = c.kind is not None and c.kind not in seen
        if _heads_section(c, top, last, new_kind, started=bool(out)):
            out.append(c)
            inner = 0
            if c.kind is not None:
                seen.add(c.kind)
            last = c.number if c.number is not None and c.style != "missing" else last + 1
    return out


def _in_list(c: Candidate, top: str | None, last: int, inner: int) -> bool:
    """Whether ``c`` is an item of a list numbered like the top level inside a section:
    numbering restarting at 1 ("1、 总体情况" then "1、 主动公开", r109) and the items
    continuing it ("2、 依申请公开")."""
    if c.style in ("missing", "none") or _level(c.style) != top or c.number is None:
        return False
    return (c.number == 1 and last >= 1) or (inner > 0 and c.number == inner + 1)


def _heads_section(c: Candidate, top: str | None, last: int, new_kind: bool,
                   started: bool) -> bool:
    level = _level(c.style)
    if c.style == "cn_bare":            # "一概述", "四咨询情况": only in sequence
        return level == top and (c.number == last + 1 or (new_kind and c.number <= last + 2))
    if c.style == "missing":            # "、主动公开政府信息情况"
        return new_kind
    if level == top:
        return c.number > last or (new_kind and c.kind != "appendix")
    if level == "arabic" and top == "cn":
        return c.number == last + 1 and new_kind and c.kind != "appendix"
    if c.style == "none" or c.kind == "appendix":
        return new_kind and (started or top is None or c.kind == "appendix")
    return False

"""Top-level headings: which lines start a section, and which kind each one names.

Every line that looks like a heading becomes a candidate (numbering style, number, title).
The report's top numbering style is the highest-ranked style that numbers a standard
section; candidates of lower styles stay inside their section.  Titles are classified by
the keyword rules of ``sections.toml`` first and by the trained classifier otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable, Iterator

import regex

from .. import data
from ..model import Section

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
#: Styles that number the same level: "一、", "一" glued to the title, "、" alone.
_CN_LEVEL = {"cn", "cn_bare", "missing"}
_SPACE = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")
_DIGITS = regex.compile(r"\d+")
_CN_NUMERAL = regex.compile(r"[一二三四五六七八九十]+")
#: A table cell of figures: the line after a row label laid out one cell per line.
_NUMERIC_LINE = regex.compile(r"^[\d.,%\s—\-–/+]+$")

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
    fold = cfg["fold"]
    kinds = _kinds_patterns(cfg)
    return {
        "styles": [(n["name"], regex.compile(n["pattern"])) for n in cfg["numbering"]],
        "kinds": kinds,
        "appendix": dict(kinds)["appendix"],
        "not_titles": regex.compile("|".join(cfg["heading"]["not_titles"])),
        "sentence": regex.compile("[" + regex.escape(cfg["heading"]["sentence_marks"]) + "]"),
        "bare_end": regex.compile(cfg["heading"]["bare_title_end"]),
        "inline": _inline_pattern(cfg["heading"]),
        "inline_below": cfg["heading"]["inline_below"],
        "max_title": cfg["heading"]["max_title"],
        "max_glued": cfg["heading"]["max_glued_title"],
        "unnumbered": frozenset(cfg["unnumbered"]["titles"]),
        "fold": str.maketrans(fold["traditional"], fold["simplified"]),
        "traditional": regex.compile("[" + regex.escape(fold["traditional"]) + "]"),
        "pinyin": regex.compile(fold["pinyin"]),
    }


def _kinds_patterns(cfg: dict) -> list[tuple[str, regex.Pattern]]:
    """Each kind with one pattern: its leading words at the start or a keyword anywhere."""
    return [(k["name"], regex.compile("|".join([f"^(?:{p})" for p in k.get("leading", [])]
                                               + [f"(?:{p})" for p in k["keywords"]])))
            for k in cfg["kind"]]


def _inline_pattern(cfg: dict) -> regex.Pattern:
    part = r"[^,。;:《(\s\d]{0,40}?" + cfg["inline_title_end"]
    joiners = regex.escape(cfg["inline_joiners"])
    return regex.compile(r"(?:(?<=[。\s:])|^)(?P<num>[一二三四五六七八九十]{1,3}、)"
                         rf"(?P<title>{part}(?:[{joiners}]{part})?)")


def simplify(text: str) -> str:
    """``text`` with the traditional characters of mirror copies folded, offsets kept."""
    cfg = _config()
    return text.translate(cfg["fold"]) if cfg["traditional"].search(text) else text


def fold_title(title: str) -> str:
    """A title as the rules and the classifier see it: simplified, no pinyin, no spaces."""
    title = _config()["pinyin"].sub("", simplify(title))
    return _SPACE.sub("", title).strip(":.,。")


def title_key(title: str) -> str:
    """The folded title of a heading as written, its numbering removed."""
    stripped = title.strip()
    for _, pattern in _config()["styles"]:
        m = pattern.match(stripped)
        if m is not None and m.end() < len(stripped):
            return fold_title(stripped[m.end():])
    return fold_title(stripped)


def rule_kind(key: str) -> str | None:
    """The kind whose keyword occurs in the folded title ``key``; None when none does."""
    return next((name for name, pattern in _config()["kinds"] if pattern.search(key)), None)


def find_sections(text: str, classify: Classifier) -> list[Section]:
    """The top-level sections of ``text``: each runs to the next one or to the end."""
    heads = _select(list(_candidates(text)))
    if len(heads) < _config()["inline_below"]:
        heads = _select(list(_inline_candidates(text))) or heads
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
        if not stripped or "\t" in stripped or len(stripped) > longest:
            continue                          # blank, a table row or a cell of one, prose
        following = next((l for l in lines[i + 1:i + 4] if l.strip()), "")
        cand = _candidate(start + len(line) - len(line.lstrip(" ")), stripped, following)
        if cand is not None:
            yield cand


def _inline_candidates(text: str) -> Iterator[Candidate]:
    """Numbered headings inside long lines, for reports whose body is one line."""
    cfg = _config()
    # Blank out glued pinyin ("收費(fèi)") keeping offsets, so it does not cut a title.
    plain = cfg["pinyin"].sub(lambda p: "\x00" * len(p.group()), simplify(text))
    for m in cfg["inline"].finditer(plain):
        key = fold_title(m.group("title"))
        yield Candidate(m.start(), "cn", _cn_to_int(m.group("num")[:-1]),
                        text[m.start():m.end()], key, rule_kind(key))


def _candidate(start: int, stripped: str, following: str) -> Candidate | None:
    """The line as a heading candidate, or None when it cannot head a section."""
    cfg = _config()
    for style, pattern in cfg["styles"]:
        m = pattern.match(stripped)
        if m is None:
            continue
        key = fold_title(stripped[m.end():])
        if style == "none" and key not in cfg["unnumbered"] and not cfg["appendix"].search(key):
            return None
        if not _plausible(key, following):
            continue
        kind = rule_kind(key)
        if style == "missing" and kind is None:
            continue
        if style == "cn_bare" and not cfg["bare_end"].search(key):
            continue
        return Candidate(start, style, _number(m.group()), stripped, key, kind)
    return None


def _plausible(key: str, following: str) -> bool:
    """Whether ``key`` reads as a heading title rather than prose, a list item or a row."""
    cfg = _config()
    if not key or cfg["not_titles"].search(key) or not _HAN.search(key):
        return False
    if cfg["sentence"].search(key) or _NUMERIC_LINE.match(following):
        return False
    if len(key) <= cfg["max_title"]:
        return True
    # A long title is a heading with something glued on only when a rule names its kind
    # from its opening words and it has no clause punctuation.
    return (len(key) <= cfg["max_glued"] and "," not in key
            and rule_kind(key[:cfg["max_title"]]) is not None)


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
    yet (duplicated numbering, r109).  An Arabic number continuing the top-level sequence
    heads a section when it names a standard kind (seed 001 "6、 其他需要报告的事项").
    Unnumbered titles, a missing numeral and appendices head a section when their kind
    is new.
    """
    top = _top_level(cands)
    out: list[Candidate] = []
    seen: set[str] = set()
    last = 0
    for c in cands:
        new_kind = c.kind is not None and c.kind not in seen
        if _heads_section(c, top, last, new_kind, started=bool(out)):
            out.append(c)
            if c.kind is not None:
                seen.add(c.kind)
            last = c.number if c.number is not None and c.style != "missing" else last + 1
    return out


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

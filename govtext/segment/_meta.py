"""Report metadata: the template generation, the year reported on, and the issuer."""
from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import chain
from typing import Iterator

import regex

from .. import data

_SPACE = regex.compile(r"\s+")
_HAN_ONLY = regex.compile(r"\p{Han}+")
_NAME_END = regex.compile(r"[\p{Han}()]+$")
_ABOUT = regex.compile(r"^关于|关于$")     # "关于2022年度…的报告", "管阳镇人民政府关于…"
#: How far into the text a title line is looked for (page chrome comes first).
_TITLE_ZONE = 3000
#: How far from the end a signature line is looked for.
_SIGNATURE_ZONE = 600


@cache
def _config() -> dict:
    cfg = data.load("sections")
    iss, yr = cfg["issuer"], cfg["year"]
    suffixes, mentioned = (
        "|".join(sorted(map(regex.escape, iss[k]), key=len, reverse=True))
        for k in ("suffixes", "mention_suffixes"))
    return {
        "template": [(t, cfg["template"][t]) for t in ("2021", "2019", "pre2019")],
        "first_year": cfg["template"]["first_year"],
        "preamble": [regex.compile(p) for p in yr["preamble"]],
        "year_patterns": [regex.compile(p) for p in yr["patterns"]],
        "mention": regex.compile(yr["mention"]),
        "years": (yr["lowest"], yr["highest"]),
        "title": regex.compile(iss["title"]),
        "title_prefix": regex.compile(r"(?:(?:" + "|".join(iss["title_labels"]) + r")\s*:\s*)?"
                                      r"(?P<pre>[^\t\n,。;:《>]{0,40}?)"
                                      r"(?:(?P<year>\d{4})\s*年度?)?(?P<mid>[^\s\d,。;:《>]{0,30}?)"),
        "compiled_by": regex.compile(iss["compiled_by"]),
        "subject": regex.compile(iss["subject"]),
        "metadata": regex.compile(iss["metadata"]),
        "not_names": regex.compile("|".join(iss["not_names"])),
        "suffix": regex.compile(f"(?:{suffixes})$"),
        "suffixes": regex.compile(f"(?:{suffixes})"),
        "mentioned": regex.compile(f"(?:{mentioned})"),
        "max_signature": iss["max_signature"],
        "min_mentions": iss["min_mentions"],
    }


def template_of(text: str, year: int | None) -> str:
    """The template generation, from the labels only its tables print.

    A report with no such label (narrative only, or cut before its tables) is taken to
    follow the generation in force for the year it reports on.
    """
    squeezed = _SPACE.sub("", text)
    for template, cues in _config()["template"]:
        if any(cue in squeezed for cue in cues):
            return template
    if year is None:
        return "unknown"
    first = _config()["first_year"]
    if year >= first["2021"]:
        return "2021"
    return "2019" if year >= first["2019"] else "pre2019"


def year_of(text: str, body_start: int | None = None) -> int | None:
    """The year reported on: from the title line, a sentence naming the report before
    the first heading (``body_start``), the statistics period, or the first "YYYY年,"
    that opens a paragraph; failing those the most mentioned year that is not part of a
    date (a report is signed the year after the one it covers)."""
    cfg = _config()
    lo, hi = cfg["years"]
    head = text[:_TITLE_ZONE]
    preamble = head[:body_start]
    found = (t.group("year") for t in _titles(head) if t.group("year"))
    for pattern in cfg["preamble"]:
        found = chain(found, (m.group(1) for m in pattern.finditer(preamble)))
    for pattern in cfg["year_patterns"]:
        found = chain(found, (m.group(1) for m in pattern.finditer(head)))
    year = next((int(y) for y in found if lo <= int(y) <= hi), None)
    if year is not None:
        return year
    counts = Counter(int(y) for y in cfg["mention"].findall(text) if lo <= int(y) <= hi)
    return counts.most_common(1)[0][0] if counts else None


def issuer_of(text: str, body_end: int | None = None) -> str | None:
    """The body that issued the report: named in the title line (or on the line above a
    title that has none), in a "由…编制" sentence, as the subject of the opening sentence
    ("2022年,X认真贯彻…"), in the portal's metadata box, in the signature at the end of
    the body (``body_end``: where an appended 统计表 starts), or failing those the body
    name repeated most in the text."""
    return (_from_title(text) or _from_pattern(text, "compiled_by")
            or _from_pattern(text, "subject") or _from_pattern(text, "metadata")
            or _from_signature(text[:body_end]) or _from_mentions(text))


def _titles(head: str) -> Iterator[regex.Match]:
    """The title lines of ``head``: from the line start up to the words naming the report
    ("…政府信息公开工作年度报告"), with groups ``pre``, ``year`` and ``mid``."""
    cfg = _config()
    for m in cfg["title"].finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        title = cfg["title_prefix"].fullmatch(head, line_start, m.start())
        if title is not None:
            yield title


def _from_title(text: str) -> str | None:
    head = text[:_TITLE_ZONE]
    for t in _titles(head):
        for part in (t.group("pre"), t.group("mid") if t.group("year") else ""):
            name = _name(part)
            if name:
                return name
        if t.group("year"):
            above = _line_above(head, t.start())
            if above:
                return above
    return None


def _from_pattern(text: str, cue: str) -> str | None:
    """The name a sentence cue captures, cut after its last body suffix
    ("张义镇人民政府信息公开工作" → "张义镇人民政府"); None when it has none."""
    m = _config()[cue].search(text[:_TITLE_ZONE])
    name = _name(m.group(1)) if m else None
    ends = [e.end() for e in _config()["suffixes"].finditer(name)] if name else []
    return name[:ends[-1]] if ends else None


def _line_above(text: str, pos: int) -> str | None:
    """The nearest non-empty line before ``pos`` when it is just a body's name."""
    line = next((l for l in reversed(text[:pos].split("\n")[-4:]) if l.strip()), "")
    name = _name(line)
    return name if name and _config()["suffix"].search(name) else None


def _from_signature(text: str) -> str | None:
    cfg = _config()
    for line in reversed(text[-_SIGNATURE_ZONE:].split("\n")):
        line = line.strip()
        if (line and len(line) <= cfg["max_signature"] and _HAN_ONLY.fullmatch(line)
                and cfg["suffix"].search(line) and not cfg["not_names"].search(line)):
            return line
    return None


def _from_mentions(text: str) -> str | None:
    """The name ending in a body suffix that recurs most ("列西街道"), as the longest
    form (2–5 characters before the suffix) that is as frequent as the shorter ones."""
    cfg = _config()
    counts: Counter[str] = Counter()
    for m in cfg["mentioned"].finditer(text):
        for k in (2, 3, 4, 5):
            name = text[max(0, m.start() - k):m.end()]
            if _HAN_ONLY.fullmatch(name) and not cfg["not_names"].search(name):
                counts[name] += 1
    if not counts:
        return None
    best = max(counts.values())
    if best < cfg["min_mentions"]:
        return None
    return max((n for n, c in counts.items() if c == best), key=len)


def _name(part: str) -> str | None:
    """The body name at the end of a title fragment: its last run of Han characters
    (a breadcrumb, "标题:" or "Page 8 -" before it is dropped)."""
    m = _NAME_END.search(part.strip(" \t《\"“"))
    if m is None:
        return None
    name = _ABOUT.sub("", m.group()).strip("()")
    if len(name) < 2 or _config()["not_names"].search(name):
        return None
    return name

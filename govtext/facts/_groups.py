"""Wholes and their parts: "共44条,其中机构设置3条……其他信息27条", "2件,占总数的67%".

A list opens with a marker (其中/包括/在…中) and runs to the end of the sentence, or to
the next marker at the same bracket depth.  Its whole is the figure right before an
opening bracket, else the nearest earlier figure of the same unit (or one of its class:
"受理申请9条,其中网上申请5件") in the sentence, else in the sentence before (preferring
one whose words repeat the list's label, as in "其中政府信息公开:").  The list is
exhaustive only when its last part is 其他/其余, or when it is a 分别 list.  A whole
split by disclosure attribute (其中主动公开…, 不予公开…) counts documents: it and its
non-主动公开 parts lose their metrics.
"""
from __future__ import annotations

import bisect
from itertools import islice
from functools import cache

import regex

from .. import data
from ..model import Fact, Group
from ._context import Layout


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    g = data.load("facts")["groups"]
    c = data.load("facts")["context"]
    return (regex.compile("|".join(f"(?:{m})" for m in g["markers"])),
            regex.compile(f"(?:{g['closing']})"), regex.compile(f"(?:{c['share']})"),
            regex.compile(f"(?:{c['respectively']})"))


@cache
def _attributes() -> tuple[regex.Pattern, regex.Pattern]:
    g = data.load("facts")["groups"]
    return regex.compile(g["attribute_own"]), regex.compile(g["attribute_other"])


@cache
def _unit_class(unit: str | None) -> str | None:
    """The class of units a whole and its parts may mix ("9条, 其中…5件"): a unit
    stands for its class, any other unit for itself."""
    for cls in data.load("facts")["groups"]["unit_classes"]:
        if unit in cls:
            return cls[0]
    return unit


def _by_attribute(total: Fact, parts: list[Fact]) -> bool:
    """True for a whole split by disclosure attribute (主动公开 … 不予公开 …): it
    counts documents, so the whole and its non-主动公开 parts lose their metrics."""
    own, other = _attributes()
    others = [p for p in parts if other.match(p.text)]
    if not others or not any(own.match(p.text) for p in parts):
        return False
    for f in (total, *others):
        f.metric, f.column = None, None
    return True


def _depth(text: str, lo: int, pos: int) -> int:
    """Brackets opened and not closed between ``lo`` and ``pos``."""
    seg = text[lo:pos]
    return seg.count("(") + seg.count("（") - seg.count(")") - seg.count("）")


def _label(text: str, start: int, end: int) -> str:
    """The words right after a marker, up to a colon ("其中政府信息公开:")."""
    m = regex.match(r"[^,，:：;；。]{2,12}(?=[:：])", text[start:end])
    return m.group(0) if m else ""


#: How many same-unit figures before a list may be tried as its whole.
_LOOKBACK = 4


def _whole(text: str, here: list[Fact], before: list[Fact], marker: tuple[int, int],
           prev: tuple[int, int], unit: str | None, label: str, floor: float = 0) -> Fact | None:
    """The stated whole a list opening at ``marker`` divides: a figure inside the marker,
    else in its paragraph before it (``here``, sorted by end) the last figure when a
    bracket opens the list or the last of the list's unit, else one of that unit in the
    paragraph before (``before``), preferring one named like the list's label.  Only
    the end of ``here`` is searched (backwards, to the first fit): on a long one-line
    page every list would otherwise scan all the figures before it.  A figure smaller
    than the largest part (``floor``) is passed over for one a few figures further back
    ("共公开信息35条，更新1条，其中…": the whole is 35), but kept when none fits."""
    if here and (here[-1].end > marker[0]  # "在已经答复的3件申请中:"
                 or text[here[-1].end:marker[0]].strip(" ") in ("(", "（")):
        return here[-1]
    cls = _unit_class(unit)
    same = [f for f in islice((f for f in reversed(here) if _unit_class(f.unit) == cls), _LOOKBACK)]
    if same:
        return next((f for f in same if f.value >= floor), same[0])
    earlier = [f for f in before if prev[0] <= f.start < prev[1] and _unit_class(f.unit) == cls]
    if label:
        named = [f for f in earlier if label[:4] in f.text]
        if named:
            return named[-1]
    return earlier[-1] if earlier else None


def groups_of(text: str, facts: list[Fact], layout: Layout) -> list[Group]:
    """Every whole with its listed parts and shares, in text order."""
    marker, closing, share, respectively = _patterns()
    breaks = data.load("facts")["context"]["paragraph_breaks"]
    figures = sorted((f for f in facts if f.end > f.start and f.text), key=lambda f: f.end)
    ends = [f.end for f in figures]
    counts = [f for f in figures if f.unit != "%" and _stated(f)]
    cends = [f.end for f in counts]
    out: list[Group] = []
    for m in marker.finditer(text):
        sent = layout.paragraph(m.start(), m.start())
        j = sent[0] - 1
        while j > 0 and text[j] in breaks:
            j -= 1
        prev = layout.paragraph(j, j) if j > 0 else (0, 0)
        # the list runs to the next marker at its own bracket depth, and holds the
        # figures at that depth (counted from the marker, not the paragraph's start)
        nxt = next((max(layout.sentence(n.start(), n.end())[0], m.end())
                    for n in marker.finditer(text, m.end(), sent[1])
                    if _depth(text, m.start(), n.start()) == 0), sent[1])
        lo, hi = bisect.bisect_right(ends, m.end()), bisect.bisect_right(ends, nxt)
        members = [f for f in figures[lo:hi] if _depth(text, m.start(), f.end - 1) == 0]
        parts = [f for f in members if f.unit != "%"]
        pcts = [f for f in members if f.unit == "%"]
        if not parts and not pcts:
            continue
        unit = parts[0].unit if parts else None
        i, k = bisect.bisect_left(cends, prev[0]), bisect.bisect_left(cends, sent[0])
        total = _whole(text, counts[k:bisect.bisect_right(cends, m.end())], counts[i:k], m.span(),
                       prev, unit, _label(text, m.end(), nxt),
                       max((f.value for f in parts), default=0))
        if total is None:
            continue
        _by_attribute(total, parts)
        # a whole the dictionary divides keeps only parts inside it; one it does not
        # keeps all ("共接到申请26件,其中依法予以公开16件…" lists outcomes, r050)
        if total.metric and data.metrics()[total.metric].parts:
            parts = [f for f in parts if f.metric is None or data.metric_within(f.metric, total.metric)]
        shares = _shares(text, layout, parts, pcts, share)
        exhaustive = bool(parts) and (bool(closing.search(parts[-1].text)) or bool(
            respectively.search(text, sent[0], parts[0].start)))
        out.append(Group(total, parts, exhaustive, shares, min(total.start, m.start()), nxt))
    return out


def _stated(f: Fact) -> bool:
    """False for a zero stated in words ("未收到申请"): it is no count to list parts of."""
    return f.value != 0 or any(c in f.text for c in _zero_digits())


@cache
def _zero_digits() -> str:
    """The characters that write a zero: 0 and the numerals worth 0 (零, 〇)."""
    return "0" + "".join(c for c, v in data.load("facts")["numerals"]["digits"].items() if v == 0)


def _shares(text: str, layout: Layout, parts: list[Fact], pcts: list[Fact],
            share: regex.Pattern) -> list[tuple[Fact | None, Fact]]:
    """Pair each "占…%" with the count stated just before it (None when there is none)."""
    out: list[tuple[Fact | None, Fact]] = []
    for p in pcts:
        cs, _ = layout.clause(p.start, p.end)
        if not share.search(text, cs, p.end):
            continue
        count = next((c for c in reversed(parts) if c.end <= p.start
                      and layout.sentence(c.start, c.end) == layout.sentence(p.start, p.end)
                      and not any(c.end <= q.start < p.start for q in pcts if q is not p)), None)
        out.append((count, p))
    return out

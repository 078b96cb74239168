"""The rule layer: cue phrases of ``data/facts.toml`` that name a figure's metric.

Rules are tried in the file's order, most specific first; the first whose cue matches
decides.  What they cannot decide is left to the classifier (:mod:`._model`).  Of the
hundred-odd before-cues, only those whose needed characters and words occur in a
figure's words are run (an index by character finds them), which gives the same answer
as one alternation of them all at a fraction of the cost.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from .. import data


#: Dictionary labels shorter than this ("其他", "总计") are too common to be cues.
_MIN_LABEL = 5


@dataclass(frozen=True, slots=True)
class Rule:
    metric: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    units: frozenset[str] | None


@cache
def rules() -> tuple[Rule, ...]:
    """The metric cues in their order of precedence: first the 表三 row labels of the
    metric dictionary that prose quotes verbatim ("属于三类内部事务信息1件") for metrics
    facts.toml has no cue for, then the cues of facts.toml."""
    cued = data.load("facts")["metric"]
    out = [Rule(mid, (f"{regex.escape(m.name)}[^,，]{{0,6}}",), (), None)
           for mid, m in data.metrics().items()
           if m.has_columns and len(m.name) >= _MIN_LABEL and mid not in cued]
    for mid, r in cued.items():
        if mid not in data.metrics():
            raise ValueError(f"facts.toml: unknown metric id {mid!r}")
        out.append(Rule(mid, tuple(r.get("before", ())), tuple(r.get("after", ())),
                        frozenset(r["units"]) if "units" in r else None))
    return tuple(out)


@cache
def _count_units() -> frozenset[str]:
    return frozenset(data.load("facts")["units"]["count"])


def _unit_fits(rule: Rule, unit: str | None) -> bool:
    if rule.units is not None:
        money = data.load("facts")["units"]["money"].keys()
        return unit is None and not (rule.units & money) or unit in rule.units
    return unit is None or unit in _count_units()


_HAN_WORDS = regex.compile(r"\(\?:(\p{Han}+(?:\|\p{Han}+)*)\)(?![?*{])")


@dataclass(frozen=True, slots=True)
class _Need:
    """What the words before a figure must hold for a cue to have a chance: some Han
    characters, and for each group of alternative words, one of them."""
    chars: frozenset[str]
    words: tuple[tuple[str, ...], ...]

    def met(self, left: str, chars: set[str]) -> bool:
        return self.chars <= chars and all(any(w in left for w in ws) for ws in self.words)


def _needs(pattern: str) -> _Need:
    """What a cue pattern cannot match without: the Han characters outside every group
    and class and not made optional by a quantifier, and the top-level groups of plain
    alternative words ("(?:收到|受理)"); nothing when the pattern has a top-level "|"."""
    chars: set[str] = set()
    words: list[tuple[str, ...]] = []
    depth, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = pattern.index("]", i + 2) + 1  # cue classes hold no escaped "]"
            continue
        if c == "(" and depth == 0 and (m := _HAN_WORDS.match(pattern, i)):
            words.append(tuple(m[1].split("|")))
            i = m.end()
            continue
        if c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            return _Need(frozenset(), ())
        elif depth == 0 and "\u3400" <= c <= "\u9fff" and pattern[i + 1:i + 2] not in ("?", "*", "{"):
            chars.add(c)
        i += 1
    return _Need(frozenset(chars), tuple(words))


@cache
def _reverse(pattern: str) -> regex.Pattern:
    return regex.compile(f"(?r)(?:{pattern})$")


@cache
def _before(unit: str | None) -> tuple[tuple[int, _Need, regex.Pattern], ...]:
    """Every before-cue a figure with ``unit`` may take, in rule order: (rule index, what
    it needs, the cue anchored at the end of the words before the figure)."""
    return tuple((i, _needs(p), _reverse(p)) for i, rule in enumerate(rules())
                 if _unit_fits(rule, unit) for p in rule.before)


@cache
def _keys(unit: str | None) -> tuple[dict[str, tuple[int, ...]], frozenset[int]]:
    """The positions in ``_before(unit)`` of the cues a character lets in (the rarest
    character a cue needs, else the first characters of its first group of words), and
    those no character keys.  A figure's words then pick their few candidate cues out
    of a hundred at a glance."""
    entries = _before(unit)
    freq = Counter(c for _, need, _ in entries for c in need.chars)
    index: dict[str, list[int]] = {}
    always = set()
    for k, (_, need, _) in enumerate(entries):
        keys = ([min(need.chars, key=lambda c: (freq[c], c))] if need.chars
                else [w[0] for w in need.words[0]] if need.words else [])
        for c in keys:
            index.setdefault(c, []).append(k)
        if not keys:
            always.add(k)
    return {c: tuple(ks) for c, ks in index.items()}, frozenset(always)


@cache
def _after(unit: str | None) -> regex.Pattern:
    """The after-cues a figure with ``unit`` may take, as one alternation whose group
    ``r<i>`` is rule i; alternatives are tried in rule order, so the first listed wins."""
    after = [f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in rule.after)})"
             for i, rule in enumerate(rules()) if rule.after and _unit_fits(rule, unit)]
    return regex.compile("|".join(after) or "(?!)")


def match(left: str, right: str, unit: str | None) -> tuple[str, int] | None:
    """The metric the cues give a figure, and how far the deciding cue reaches into
    ``right`` (0 for a cue before the figure); None when no cue applies.  The first rule
    listed whose cue matches wins."""
    entries = _before(unit)
    index, always = _keys(unit)
    chars = set(left)
    picked = set(always)
    for c in chars.intersection(index):
        picked.update(index[c])
    ib = next((entries[k][0] for k in sorted(picked)
               if entries[k][1].met(left, chars) and entries[k][2].search(left)), len(rules()))
    a = _after(unit).match(right)
    ia = int(a.lastgroup[1:]) if a else len(rules())
    if ib == ia == len(rules()):
        return None
    if ib <= ia:
        return rules()[ib].metric, 0
    return rules()[ia].metric, a.end()


@cache
def _items() -> tuple[tuple[str, regex.Pattern], ...]:
    out = []
    for mid, r in data.load("facts")["metric"].items():
        if "items" in r:
            out.append((mid, regex.compile("|".join(r["items"]))))
    return tuple(out)


def respectively(head: str, n: int) -> list[str] | None:
    """The metrics of the ``n`` items listed in ``head`` (the words before 分别), in
    order, when exactly ``n`` distinct items are named; else None."""
    found: list[tuple[int, str]] = []
    for mid, pat in _items():
        for m in pat.finditer(head):
            if not any(mid == f for _, f in found):
                found.append((m.start(), mid))
    if len(found) != n:
        return None
    return [mid for _, mid in sorted(found)]


@cache
def _columns() -> regex.Pattern:
    cols = data.load("facts")["columns"]
    return regex.compile("|".join(f"(?P<{c}>{'|'.join(map(regex.escape, words))})"
                                  for c, words in cols.items()))


def column(clause: str) -> str | None:
    """The 表三 applicant column a clause restricts its figure to, if any."""
    m = _columns().search(clause)
    return m.lastgroup if m else None


@dataclass(frozen=True, slots=True)
class _Zero:
    """The vocabulary of zero statements (``[zero]`` of facts.toml), compiled once."""
    negation: regex.Pattern
    targets: regex.Pattern
    chained: regex.Pattern
    joiner: regex.Pattern
    metrics: tuple[str, ...]
    domain: frozenset[str]
    reach: int


@cache
def _zero() -> _Zero:
    z = data.load("facts")["zero"]
    alternatives = "|".join(f"(?P<t{i}>{p})" for i, (_, p) in enumerate(z["targets"]))
    return _Zero(regex.compile(f"(?:{z['negations']})"), regex.compile(alternatives),
                 regex.compile(f"(?:{z['link']})(?:{alternatives})"),
                 regex.compile(f".{{0,2}}?(?:{z['joiners']})"),
                 tuple(m for m, _ in z["targets"]), frozenset(z["domain"]), z["reach"])


def negations(text: str) -> list[int]:
    """Where each negation word of ``text`` starts."""
    return [m.start() for m in _zero().negation.finditer(text)]


def _head(metrics: list[str], domain: frozenset[str]) -> str | None:
    """The metric a noun phrase of targets is about: its one metric outside the domain
    (the others only name what the report is about; "举报投诉" is one), else its first;
    None when two metrics outside the domain make it a narrower thing ("收费投诉")."""
    own = list(dict.fromkeys(m for m in metrics if m not in domain)) or metrics[:1]
    return own[0] if len(own) == 1 else None


def zero_statements(clause: str) -> list[tuple[str, int, int]]:
    """(metric, start, end) of each "未收到申请 / 无行政复议、行政诉讼 / 未发生依申请公开
    信息收费" statement in a clause that holds no figure; offsets are relative to the
    clause.  A negation binds to the head of the phrase it negates, not to its first
    word."""
    z = _zero()
    out: list[tuple[str, int, int]] = []
    pos = 0
    while (neg := z.negation.search(clause, pos)) is not None:
        start, pos = neg.start(), neg.end()
        while (t := z.targets.search(clause, pos, min(len(clause), pos + z.reach))) is not None:
            phrase = [t]
            while (c := z.chained.match(clause, phrase[-1].end())) is not None:
                phrase.append(c)
            pos = phrase[-1].end()
            metrics = [z.metrics[int(m.lastgroup[1:])] for m in phrase]
            mid = _head(metrics, z.domain)
            if mid is not None and all(mid != o[0] for o in out):
                out.append((mid, start, phrase[metrics.index(mid)].end()))
            j = z.joiner.match(clause, pos)
            if j is None:
                break
            pos = j.end()
    return out

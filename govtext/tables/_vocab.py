"""The table vocabulary: what a printed cell label means, read from ``tables.toml``.

Real reports print the template labels with changed numbering, spaces, line breaks,
typos, truncations and long parenthetical explanations, so labels are compared by a
*key* (numbering and explanations dropped) and, failing an exact key, by a truncated
prefix or a close fuzzy match.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex
from rapidfuzz import fuzz, process

from .. import data

#: Table ids in the order their vocabulary is consulted.
TABLES = ("t2", "t3", "t4", "stats")
#: Lowest rapidfuzz ratio at which a noisy label still counts as a template label.
FUZZY_CUTOFF = 88
#: Shortest key a truncated label may have ("本年新" for 本年新制作数量).
MIN_PREFIX = 3
#: Keys longer than this are prose, never compared fuzzily.
MAX_LABEL = 60

_PAREN = regex.compile(r"\([^()]{3,}(?:\)|$)")
_NONWORD = regex.compile(r"[^\p{Han}A-Za-z0-9]+")


@dataclass(frozen=True, slots=True)
class Label:
    """One template label of one table.

    ``kind`` is ``row`` (a printed row), ``header`` (a header cell), ``start`` (a cell
    that opens the table) or ``unit`` (a unit cell of an indicator table).
    """
    table: str
    kind: str
    name: str
    metric: str | None = None
    #: 表二: metric ids per template ("2019"/"2021"), as (template, ids) pairs.
    metrics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group: str | None = None
    under: str | None = None
    template: str | None = None
    skip: bool = False
    #: True when seeing this label may open its table.
    opens: bool = False

    def metrics_for(self, template: str) -> tuple[str, ...] | None:
        return dict(self.metrics).get(template)


@lru_cache(maxsize=16384)
def label_key(text: str) -> tuple[str, bool]:
    """The comparison key of a cell text, and whether it carried row numbering."""
    numbering = _numbering()
    stripped = text.strip()
    body = stripped
    for _ in range(2):                       # "三、(一)予以公开"
        body = numbering.sub("", body, count=1)
    numbered = body != stripped
    bare = _PAREN.sub("", body)
    key = _NONWORD.sub("", bare) or _NONWORD.sub("", body)
    return key, numbered


@cache
def _numbering() -> regex.Pattern[str]:
    return regex.compile(data.load("tables")["text"]["numbering"])


def short_name(label: Label, width: int = 14) -> str:
    """A label's name cut for a warning sentence."""
    return label.name if len(label.name) <= width else label.name[:width] + "…"


@cache
def labels() -> tuple[Label, ...]:
    """Every label of every table, in template order."""
    cfg = data.load("tables")
    out: list[Label] = []
    for table in TABLES:
        t = cfg[table]
        for name in t.get("start", ()):
            out.append(Label(table, "start", name, opens=True))
        for name in t.get("header", ()):
            out.append(Label(table, "header", name, opens=table == "t2"))
        for template, names in t.get("columns", {}).items():
            out.extend(Label(table, "header", n, template=template, opens=True) for n in names)
        for name in t.get("units", ()):
            out.append(Label(table, "unit", name))
        for row in t.get("row", ()):
            per_template = tuple((k, tuple(v)) for k, v in row.items() if k in ("2019", "2021"))
            skip = row.get("skip", False)
            common = dict(metric=row.get("metric"), metrics=per_template,
                          group=row.get("group"), under=row.get("under"),
                          template=row.get("template"), skip=skip,
                          opens=not skip and table != "t4")
            out.append(Label(table, "row", row["label"], **common))
            out.extend(Label(table, "row", alias, **common) for alias in row.get("aliases", ()))
    return tuple(out)


@cache
def _by_key() -> dict[str, tuple[Label, ...]]:
    index: dict[str, list[Label]] = {}
    for lab in labels():
        index.setdefault(label_key(lab.name)[0], []).append(lab)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _keys() -> tuple[str, ...]:
    return tuple(_by_key())


def is_label(key: str) -> bool:
    """True when ``key`` is exactly the key of a template label."""
    return key in _by_key()


@lru_cache(maxsize=16384)
def lookup(key: str) -> tuple[Label, ...]:
    """The labels a cell key stands for: exact, else a truncated prefix, else fuzzy."""
    index = _by_key()
    if key in index:
        return index[key]
    unit = _unit_end().search(key)
    if unit and unit.start() >= MIN_PREFIX:
        return lookup(key[:unit.start()])
    if not MIN_PREFIX <= len(key) <= MAX_LABEL:
        return ()
    prefixed = [k for k in _keys() if k.startswith(key)]
    hits = tuple(lab for k in prefixed for lab in index[k])
    if hits and len({(h.table, h.kind, h.metric) for h in hits if h.kind == "row"}) <= 1:
        return hits
    best = process.extractOne(key, _keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return index[best[0]] if best else ()


@cache
def _unit_end() -> regex.Pattern[str]:
    """An indicator table's unit glued to its row label ("接受培训人员数人次": PDF text
    prints the unit cell right after the label, and normalization joins them)."""
    units = sorted(data.load("tables")["stats"]["units"], key=len, reverse=True)
    return regex.compile(f"(?:{'|'.join(map(regex.escape, units))})$")


def expected_rows(table: str, template: str | None) -> list[Label]:
    """The rows with a metric id the table prints in ``template`` (first spelling only)."""
    template = template or "2019"
    seen: set[str] = set()
    out: list[Label] = []
    for lab in labels():
        if lab.table != table or lab.kind != "row" or lab.template not in (None, template):
            continue
        ids = lab.metrics_for(template) if lab.metrics else (lab.metric,)
        if ids and ids[0] and ids[0] not in seen:
            seen.add(ids[0])
            out.append(lab)
    return out

"""Template knowledge, kept as data: metric ids, table layouts, heading and prose wording.

Every Chinese label govtext knows lives in the TOML files beside this module and is
read once, on first use.  Code asks this module; it never spells a label itself.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML file ``govtext/data/<name>.toml``."""
    with resources.files(__package__).joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    name: str
    tables: tuple[str, ...]
    has_columns: bool
    parts: tuple[str, ...]
    parts_template: str | None
    parts_computed: bool
    unit: str | None
    same_as: str | None

    @property
    def is_aggregate(self) -> bool:
        """True for a metric that is the sum of printed rows (``*`` in the spec)."""
        return bool(self.parts) and self.parts_computed


@cache
def metrics() -> dict[str, Metric]:
    """Every metric id of the contract, in dictionary order."""
    out: dict[str, Metric] = {}
    for mid, m in load("metrics")["metric"].items():
        out[mid] = Metric(
            id=mid, name=m["name"], tables=tuple(m.get("table", ())),
            has_columns=m.get("columns") == "t3", parts=tuple(m.get("parts", ())),
            parts_template=m.get("parts_template"),
            parts_computed=m.get("parts_computed", True), unit=m.get("unit"),
            same_as=m.get("same_as"))
    return out


@cache
def metric_parts(metric: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The parts ``metric`` divides into and which of them may be absent: the metric
    dictionary's parts, else those a table identity of reconcile.toml sums to it alone
    (统计表's 收到申请数 = the channels, 其他形式 optional)."""
    m = metrics().get(metric)
    if m is not None and m.parts:
        return m.parts, ()
    for ident in load("reconcile")["identity"]:
        if ident["total"] == [metric] and ident.get("parts"):
            return tuple(ident["parts"]), tuple(ident.get("optional", ()))
    return (), ()


def metric_within(child: str, parent: str) -> bool:
    """True when ``child`` is counted inside ``parent``: a part of it at any depth (see
    :func:`metric_parts`), or an id of the same meaning as one (``same_as``, either
    way: 统计表's 不属于本行政机关公开数 is 表三's 本机关不掌握)."""
    return child in _inside(parent)


@cache
def _inside(metric: str) -> frozenset[str]:
    out: set[str] = set()
    todo = list(metric_parts(metric)[0])
    while todo:
        m = todo.pop()
        if m not in out:
            out.add(m)
            todo.extend((*metric_parts(m)[0], *same_meaning(m)))
    return frozenset(out)


@cache
def same_meaning(metric: str) -> tuple[str, ...]:
    """The metrics of the same meaning in the other template (``same_as``, both ways)."""
    d = metrics()
    m = d.get(metric)
    return tuple(x.id for x in d.values() if x.same_as == metric) + (
        (m.same_as,) if m is not None and m.same_as else ())


@cache
def t3_columns() -> tuple[str, ...]:
    """The seven applicant columns of 表三, ``total`` last."""
    return tuple(load("metrics")["columns"]["t3"])


def column_label(column: str) -> str:
    return load("metrics")["column_labels"][column]


def chinese_numeral(n: int) -> str:
    """``n`` (0 to 9999) in Chinese numerals as reports and Word's chineseCounting lists
    write it: 六, 十四, 一百零五; the characters are facts.toml's numerals.  Larger
    numbers stay Arabic."""
    num = load("facts")["numerals"]
    digit = {v: c for c, v in reversed(num["digits"].items())}   # the first spelling wins
    if not 0 <= n < 10000:
        return str(n)
    if n < 10:
        return digit[n]
    out, gap = "", False
    for unit, value in [*sorted(num["small_units"].items(), key=lambda u: -u[1]), ("", 1)]:
        d, n = divmod(n, value)
        if d:
            out += (digit[0] if gap else "") + ("" if value == 10 and d == 1 and not out else digit[d]) + unit
            gap = False
        elif out:
            gap = True
    return out

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
def t3_columns() -> tuple[str, ...]:
    """The seven applicant columns of 表三, ``total`` last."""
    return tuple(load("metrics")["columns"]["t3"])


def column_label(column: str) -> str:
    return load("metrics")["column_labels"][column]

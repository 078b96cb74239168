"""What a qualified figure allows: "50余名" is any of 50…75, "约2000" any of 1800…2200.

Each figure gives two intervals.  The *strict* one holds whatever the wording: 50余 is at
least 50, 约 says nothing for sure.  The *loose* one is the plausible reading (the
tolerances are data in reconcile.toml).  A value outside the loose interval is a
finding; outside the strict one too, it is an error rather than a warning.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from ..data import load
from ..model import Number

INF = math.inf


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def meets(self, other: "Interval", slack: float = 0.0) -> bool:
        """True when the two intervals overlap, ``slack`` apart at most."""
        return self.lo <= other.hi + slack and other.lo <= self.hi + slack


@cache
def _prose() -> dict:
    return load("reconcile")["prose"]


def decimals(x: Number) -> int:
    """Digits after the decimal point as printed (443.6 → 1, 12 → 0)."""
    if isinstance(x, int) or float(x).is_integer():
        return 0
    return len(f"{float(x):.10f}".rstrip("0").split(".")[1])


def place(x: Number) -> float:
    """The place value of the last non-zero digit: 2000 → 1000, 50 → 10, 443.6 → 0.1."""
    d = decimals(x)
    if d:
        return 10.0 ** -d
    n = abs(int(x))
    p = 1
    while n and n % (p * 10) == 0:
        p *= 10
    return float(p)


def strict(value: Number, qualifier: str) -> Interval:
    """What the wording guarantees."""
    if qualifier == "at_least":
        return Interval(value, INF)
    if qualifier == "at_most":
        return Interval(-INF, value)
    if qualifier == "approx":
        return Interval(-INF, INF)
    return Interval(value, value)


def loose(value: Number, qualifier: str) -> Interval:
    """The plausible reading of the wording."""
    p = _prose()
    if qualifier == "at_least":
        return Interval(value, max(value + place(value), value * p["at_least_ceiling"]))
    if qualifier == "at_most":
        return Interval(value * p["at_most_floor"], value)
    if qualifier == "approx":
        tol = max(abs(value) * p["approx_tolerance"], p["approx_min"])
        return Interval(value - tol, value + tol)
    return Interval(value, value)


def slack(*values: Number) -> float:
    """How far two exact figures may differ and still agree: nothing for whole numbers,
    one unit of the coarser figure's last digit when one is printed with fewer decimals
    (443.6 vs 443.58, rounded or cut)."""
    ds = [decimals(v) for v in values]
    if min(ds) == max(ds):
        return 1e-9
    return 10.0 ** -min(ds) + 1e-9

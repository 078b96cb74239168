"""Table values by metric id, including aggregates computed from their printed rows."""
from __future__ import annotations

from dataclasses import dataclass

from ..data import metrics
from ..model import Cell, Number, Report

#: The one table whose cells carry an applicant column (spec: ``column`` only for 表三).
COLUMNED = "t3"


@dataclass(frozen=True, slots=True)
class Value:
    """A table value and the printed cells it was read or summed from."""
    value: Number
    cells: tuple[Cell, ...]
    printed: bool


class CellIndex:
    """The cells of one report, keyed by (table, metric, column).

    A key printed twice with different values is ambiguous and treated as absent: the
    reconciler never picks one of two readings.
    """

    def __init__(self, report: Report):
        self.template = report.template
        self._cells: dict[tuple[str, str, str | None], Cell] = {}
        ambiguous: set[tuple[str, str, str | None]] = set()
        for c in report.cells:
            key = (c.table, c.metric, c.column)
            if key in self._cells and self._cells[key].value != c.value:
                ambiguous.add(key)
            self._cells.setdefault(key, c)
        for key in ambiguous:
            del self._cells[key]
        self.tables = frozenset(t for t, _, _ in self._cells)

    def rows(self, table: str) -> list[str]:
        """The metrics printed in ``table``, in first-seen order."""
        return list(dict.fromkeys(m for t, m, _ in self._cells if t == table))

    def get(self, table: str, metric: str, column: str | None = None) -> Value | None:
        """The value of ``metric`` in ``table``: the printed cell, else for an aggregate
        the sum of its parts when every part resolves, else None."""
        col = column if table == COLUMNED else None
        cell = self._cells.get((table, metric, col))
        if cell is not None:
            return Value(cell.value, (cell,), True)
        m = metrics().get(metric)
        if m is None or not m.is_aggregate or (table == COLUMNED and column is None):
            return None
        if m.parts_template and self.template not in (m.parts_template, "unknown"):
            return None
        return self.total(table, m.parts, column)

    def total(self, table: str, parts: tuple[str, ...] | list[str], column: str | None,
              optional: tuple[str, ...] | list[str] = ()) -> Value | None:
        """The sum of ``parts`` in ``table``; None when a required part is missing."""
        value: Number = 0
        cells: list[Cell] = []
        for p in parts:
            v = self.get(table, p, column)
            if v is None:
                if p in optional:
                    continue
                return None
            value += v.value
            cells.extend(v.cells)
        return Value(value, tuple(cells), False)

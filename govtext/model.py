"""The one data model every stage reads and writes.

A :class:`Report` is what ``govtext parse`` returns; every stage fills in its part
(sections, cells, facts, findings, warnings).  All offsets are half-open character
offsets into ``Report.text``, the normalized text.  ``to_dict`` gives exactly the
JSON shape of the interface contract; ``from_dict`` reads it back.

Readers of other formats produce a :class:`RawDocument`: paragraphs and table grids in
reading order, which :func:`govtext.normalize.document_to_text` turns into the one
text layout the rest of the pipeline understands.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

Number = Union[int, float]

#: Section kinds of the contract, in their usual order.
SECTION_KINDS = (
    "overview", "proactive", "requests", "fees", "review_litigation",
    "problems", "other", "appendix", "extra",
)
TEMPLATES = ("2021", "2019", "pre2019", "unknown")
FORMATS = ("txt", "md", "html", "docx", "doc", "pdf")
TABLES = ("t2", "t3", "t4", "stats")
QUALIFIERS = ("exact", "approx", "at_least", "at_most")
FINDING_KINDS = ("table_identity", "narrative_vs_table", "narrative_sum", "cross_report")
SEVERITIES = ("error", "warning")


def whole(value: Number) -> Number:
    """An int where the number is whole, as the contract asks."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def quote(text: str) -> str:
    """Evidence text in quote marks for a message or a table: “…”, or 「…」 when the
    text carries its own “…” (so "“申请内容不明确”的1件" does not get doubled marks)."""
    return f"「{text}」" if "“" in text or "”" in text else f"“{text}”"


@dataclass(slots=True)
class Section:
    kind: str
    title: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Cell:
    table: str
    metric: str
    column: str | None
    value: Number
    raw: str

    @property
    def key(self) -> str:
        """The cell's reference in findings' evidence: ``t3/apply.new/total``."""
        return f"{self.table}/{self.metric}/{self.column}" if self.column else f"{self.table}/{self.metric}"

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "metric": self.metric, "column": self.column,
                "value": whole(self.value), "raw": self.raw}


@dataclass(slots=True)
class Fact:
    metric: str | None
    column: str | None
    value: Number
    qualifier: str
    unit: str | None
    text: str
    start: int
    end: int
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "column": self.column, "value": whole(self.value),
                "qualifier": self.qualifier, "unit": self.unit, "text": self.text,
                "start": self.start, "end": self.end, "section": self.section}


@dataclass(slots=True)
class Group:
    """Figures of one sentence or paragraph that belong together: a stated whole, its
    listed parts ("共44条，其中机构设置3条……其他信息27条"), and shares ("2件，占总数的67%").

    ``exhaustive`` is True only when the wording says the parts cover the whole (the list
    ends with 其他/其余, or the whole is divided by 分别/全部); a non-exhaustive 其中 list
    may sum to less than the whole without any contradiction.
    """
    total: Fact | None
    parts: list[Fact]
    exhaustive: bool
    #: (count, percent) pairs; count is None when only the share is given.
    shares: list[tuple[Fact | None, Fact]] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Evidence:
    """A text span (``text``/``start``/``end``) or a table cell (``cell``/``value``)."""
    text: str | None = None
    start: int | None = None
    end: int | None = None
    cell: str | None = None
    value: Number | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.cell is not None:
            return {"cell": self.cell, "value": None if self.value is None else whole(self.value)}
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Evidence":
        return cls(**{k: d.get(k) for k in ("text", "start", "end", "cell", "value")})

    @classmethod
    def of_cell(cls, cell: Cell) -> "Evidence":
        return cls(cell=cell.key, value=cell.value)

    @classmethod
    def of_fact(cls, fact: Fact) -> "Evidence":
        return cls(text=fact.text, start=fact.start, end=fact.end)


@dataclass(slots=True)
class Finding:
    source: str
    kind: str
    severity: str
    rule: str
    message: str
    metrics: list[str]
    column: str | None
    expected: Number | None
    observed: Number | None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "kind": self.kind, "severity": self.severity,
                "rule": self.rule, "message": self.message, "metrics": list(self.metrics),
                "column": self.column,
                "expected": None if self.expected is None else whole(self.expected),
                "observed": None if self.observed is None else whole(self.observed),
                "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(source=d["source"], kind=d["kind"], severity=d["severity"], rule=d["rule"],
                   message=d["message"], metrics=list(d.get("metrics") or []),
                   column=d.get("column"), expected=d.get("expected"),
                   observed=d.get("observed"),
                   evidence=[Evidence.from_dict(e) for e in d.get("evidence") or []])


@dataclass(slots=True)
class Report:
    source: str
    format: str
    text: str
    template: str = "unknown"
    year: int | None = None
    issuer: str | None = None
    sections: list[Section] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Where the tables stage found each table: (table id, start, end) in ``text``.
    #: Later stages use it to keep table cells out of prose; not part of the JSON.
    table_spans: list[tuple[str, int, int]] = field(default_factory=list)
    #: Totals with their parts and shares, found by the facts stage; not part of the JSON.
    groups: list[Group] = field(default_factory=list)

    def in_table(self, offset: int) -> bool:
        """True when ``offset`` falls inside a table the tables stage found."""
        return any(s <= offset < e for _, s, e in self.table_spans)

    def section_at(self, offset: int) -> Section | None:
        """The top-level section holding ``offset``, or None before the first heading."""
        for s in self.sections:
            if s.start <= offset < s.end:
                return s
        return None

    def cell(self, table: str, metric: str, column: str | None = None) -> Cell | None:
        for c in self.cells:
            if c.table == table and c.metric == metric and c.column == column:
                return c
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "format": self.format, "template": self.template,
            "year": self.year, "issuer": self.issuer,
            "sections": [s.to_dict() for s in self.sections],
            "cells": [c.to_dict() for c in self.cells],
            "facts": [f.to_dict() for f in self.facts],
            "findings": [f.to_dict() for f in self.findings],
            "warnings": list(self.warnings),
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Report":
        return cls(
            source=d["source"], format=d["format"], text=d.get("text", ""),
            template=d.get("template", "unknown"), year=d.get("year"), issuer=d.get("issuer"),
            sections=[Section(**s) for s in d.get("sections") or []],
            cells=[Cell(**c) for c in d.get("cells") or []],
            facts=[Fact(**f) for f in d.get("facts") or []],
            findings=[Finding.from_dict(f) for f in d.get("findings") or []],
            warnings=list(d.get("warnings") or []),
        )


@dataclass(slots=True)
class Table:
    """A table grid as a reader found it: rows of cell strings, '' for empty or covered."""
    rows: list[list[str]]


Block = Union[str, Table]


@dataclass(slots=True)
class RawDocument:
    """What every format reader returns: paragraphs and tables in reading order."""
    source: str
    format: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)

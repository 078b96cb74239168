"""The same report as text, HTML, DOCX and PDF gives the same cells and findings.

A small version of ``scripts/check_formats.py``: synthetic reports, and the five real
seed reports with their text tables as grids, rendered to each format, written to
disk and read back through ``parse_file``.  Cells are compared by (table, metric,
column, value), findings by everything but their text offsets.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from govtext.ingest.text import decode
from govtext.model import RawDocument, Report, Table
from govtext.pipeline import parse_document, parse_file
from govtext.synth import make_document
from govtext.synth.render import write

REPORTS = range(10)


def _cells(r: Report) -> Counter:
    return Counter((c.table, c.metric, c.column, float(c.value)) for c in r.cells)


def _findings(r: Report) -> Counter:
    return Counter((f.kind, f.rule, tuple(f.metrics), f.column, f.expected, f.observed) for f in r.findings)


@pytest.fixture(scope="module")
def texts() -> dict[int, Report]:
    reports = {i: parse_document(make_document(3, i, error_rate=0.8)[0]) for i in REPORTS}
    assert sum(len(r.findings) for r in reports.values()) >= 3     # findings to agree on
    return reports


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_formats_agree_with_text(fmt: str, texts: dict[int, Report], tmp_path: Path) -> None:
    cells = 0
    for i in REPORTS:
        doc, _ = make_document(3, i, error_rate=0.8)
        want = texts[i]
        got = parse_file(write(doc, tmp_path / f"{doc.source}.{fmt}", variant=i))
        assert got.format == fmt
        assert _cells(got) == _cells(want), f"{doc.source}.{fmt}: cells differ"
        assert _findings(got) == _findings(want), f"{doc.source}.{fmt}: findings differ"
        cells += len(want.cells)
    assert cells > 500                  # the reports really have tables to agree on


def _as_document(path: Path) -> RawDocument:
    """A real report's text as a publisher would hold it: its tab/pipe-separated lines as
    table grids, every other line a paragraph."""
    blocks: list = []
    rows: list[list[str]] = []
    for line in decode(path.read_bytes()).replace("|", "\t").splitlines():
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows:
            blocks.append(Table(rows))
            rows = []
        if line.strip():
            blocks.append(line.strip())
    if rows:
        blocks.append(Table(rows))
    return RawDocument(path.stem, "txt", blocks)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_real_seed_layouts_agree_across_formats(fmt: str, seeds: list[Path], tmp_path: Path) -> None:
    for seed in seeds:
        want = parse_file(seed)
        got = parse_file(write(_as_document(seed), tmp_path / f"{seed.stem}.{fmt}", variant=1))
        assert len(want.cells) > 40
        assert _cells(got) == _cells(want), f"{seed.name} as {fmt}: cells differ"
        assert _findings(got) == _findings(want), f"{seed.name} as {fmt}: findings differ"

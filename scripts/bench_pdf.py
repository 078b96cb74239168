"""PDF reading speed: pages per second on text pages, and what a table page costs.

Builds its PDFs in memory with the renderer (a long prose-only report, and synthetic
reports with ruled 表二/表三/表四), then times, in this process and on the same bytes:

- baseline: raw pypdfium2 (open, ``get_text_range`` on every page);
- ``read_pdf`` on the prose report (per page: text lines, paragraphs, running heads);
- ``read_pdf`` on the table reports, the extra cost per page holding a ruled table
  (finding the grid from the drawn lines, reading each cell's text);
- for reference, pdfplumber's ``find_tables`` on the same table pages, when pdfplumber
  is installed (govtext itself does not need it).

Medians over ``--repeat`` runs.  The requirement is >= 50 text pages/s per core.

    python scripts/bench_pdf.py [--repeat 7] [--pages 40]
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

import pypdfium2 as pdfium

from govtext.ingest import _pdfgrid
from govtext.ingest.pdf import read_pdf
from govtext.model import RawDocument
from govtext.synth import make_document
from govtext.synth.render import render


def _median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _baseline(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    pdf.close()


def _prose_pdf(pages: int) -> bytes:
    """About ``pages`` pages of report prose without tables, taken from synthetic reports."""
    paragraphs: list[str] = []
    i = 0
    while len("".join(paragraphs)) < pages * 900:
        doc, _ = make_document(11, i)
        paragraphs += [b for b in doc.blocks[1:] if isinstance(b, str)]
        i += 1
    return render(RawDocument("bench", "txt", ["政府信息公开工作年度报告"] + paragraphs), "pdf")


def _page_count(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    n = len(pdf)
    pdf.close()
    return n


def _table_pages(data: bytes) -> int:
    """Pages on which the ruled-table finder finds a table."""
    pdf = pdfium.PdfDocument(data)
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        cells = _pdfgrid.points_to_cells(_pdfgrid.edges_to_points(_pdfgrid.page_to_edges(pdfium.raw, page)))
        n += any(len(t) > 1 for t in _pdfgrid.cells_to_tables(cells))
        page.close()
    pdf.close()
    return n


def _plumber_tables(data: bytes) -> None:
    import io

    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.find_tables()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--pages", type=int, default=40)
    args = ap.parse_args(argv)
    path = Path("bench.pdf")

    prose = _prose_pdf(args.pages)
    n = _page_count(prose)
    base = _median_seconds(lambda: _baseline(prose), args.repeat)
    ours = _median_seconds(lambda: read_pdf(path, prose), args.repeat)
    print(f"text pages: {n}")
    print(f"  baseline pypdfium2 get_text_range  {1000 * base / n:6.2f} ms/page  {n / base:7.0f} pages/s")
    print(f"  read_pdf                           {1000 * ours / n:6.2f} ms/page  {n / ours:7.0f} pages/s"
          f"  ({ours / base:.1f}x baseline)")

    reports = [render(make_document(11, i)[0], "pdf") for i in range(5)]
    pages = sum(_page_count(r) for r in reports)
    ruled = sum(_table_pages(r) for r in reports)
    with_tables = _median_seconds(lambda: [read_pdf(path, r) for r in reports], args.repeat)
    text_cost = ours / n * pages
    print(f"report pages: {pages}, of which {ruled} with ruled tables")
    print(f"  read_pdf                           {1000 * with_tables / pages:6.2f} ms/page  "
          f"{pages / with_tables:7.0f} pages/s")
    print(f"  extra per table page               {1000 * (with_tables - text_cost) / max(ruled, 1):6.2f} ms")
    if importlib.util.find_spec("pdfplumber") is None:
        print("  pdfplumber not installed: no reference line")
        return 0
    plumber = _median_seconds(lambda: [_plumber_tables(r) for r in reports], max(1, args.repeat // 3))
    print(f"  pdfplumber find_tables, for reference {1000 * plumber / pages:6.2f} ms/page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

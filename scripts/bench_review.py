"""How fast the review page opens in a real browser, for a corpus of N reports.

Parses the given reports once, then writes three pages — the first two reports (the
baseline), the reports, and the reports ``--copies`` times over (each copy a distinct
report to the page) — and opens each page in headless Chromium.
Two times per page, medians of ``--runs`` loads: ``ready`` is the page's own
``data-ready-ms`` (navigation start to the drawn summary, HTML parse included) and
``load`` is the wall time from the navigate command to the load event (every report
block read).  ``switch`` is the time to draw a report opened from the loaded summary.
Ratios are against the two-report page, measured in the same run.

    govtext synth --out /tmp/synth --n 1000
    .venv/bin/python scripts/bench_review.py /tmp/synth --copies 10     # 1 / 1,000 / 10,000 reports
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

from govtext.model import Report
from govtext.pipeline import iter_reports
from govtext.review import write_html
from govtext.review.browser import Browser, find_chromium


def _corpus(reports: list[Report], n: int) -> list[Report]:
    """n reports: ``reports`` repeated, each copy with its own source name."""
    return [dataclasses.replace(reports[i % len(reports)], source=f"copy{i // len(reports):05d}/"
                                f"{reports[i % len(reports)].source}") for i in range(n)]


def _timed_open(browser: Browser, page: Path, fragment: str, runs: int) -> tuple[float, float]:
    """Median ready ms and median navigate-to-load wall ms over ``runs`` fresh loads."""
    ready, load = [], []
    for _ in range(runs):
        browser.call("Page.navigate", url="about:blank")
        browser.wait_event("Page.loadEventFired")
        t0 = time.perf_counter()
        browser.call("Page.navigate", url=page.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
        browser.wait_event("Page.loadEventFired")
        load.append((time.perf_counter() - t0) * 1000)
        ready.append(float(browser.eval("document.documentElement.dataset.readyMs")))
        error = browser.eval("document.documentElement.dataset.jsError || null")
        if error:
            sys.exit(f"{page}: the page raised {error}")
    return statistics.median(ready), statistics.median(load)


#: Open report K from the loaded summary; resolves with the ms until it is drawn (the
#: page's own hashchange handler runs first, so this one fires after it).
_SWITCH = """new Promise((done) => {
  const t0 = performance.now();
  window.addEventListener("hashchange", () => done(performance.now() - t0), {once: true});
  location.hash = "r=%d&f=0";
})"""


def _switch_ms(browser: Browser, page: Path, report: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        browser.open(page)
        times.append(browser.eval(_SWITCH % report))
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="report files or folders")
    ap.add_argument("--copies", type=int, default=1, help="how many times the page holds each report")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if find_chromium() is None:
        sys.exit("bench_review: needs Chromium (apt-get install chromium)")

    parsed = [r for _, r in iter_reports(args.paths) if isinstance(r, Report)]
    if not parsed:
        sys.exit("bench_review: no report could be read")
    findings = sum(len(r.findings) for r in parsed)
    print(f"parsed {len(parsed)} reports ({findings} findings, "
          f"{sum(len(r.text) for r in parsed) // len(parsed)} chars of text on average)")

    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp, Browser() as browser:
        rows = []
        for n in sorted({min(2, len(parsed)), len(parsed), len(parsed) * args.copies}):
            corpus = _corpus(parsed, n)
            page = Path(tmp) / f"page{n}.html"
            t0 = time.perf_counter()
            write_html(corpus, page)
            write_s = time.perf_counter() - t0
            summary = _timed_open(browser, page, "", args.runs)
            detail = _timed_open(browser, page, f"r={n // 2}&f=0", args.runs)
            switch = _switch_ms(browser, page, n // 2, args.runs)
            rows.append((len(corpus), page.stat().st_size / 2**20, write_s, *summary, *detail, switch))

    base = rows[0]
    print(f"{'reports':>8} {'page MB':>8} {'write s':>8} | {'summary ready ms':>16} {'load ms':>8} "
          f"{'ratio':>6} | {'one report ready ms':>19} {'load ms':>8} {'ratio':>6} | {'switch ms':>9}")
    for n, mb, write_s, ready, load, d_ready, d_load, switch in rows:
        print(f"{n:>8} {mb:>8.1f} {write_s:>8.2f} | {ready:>16.0f} {load:>8.0f} {load / base[4]:>6.2f} "
              f"| {d_ready:>19.0f} {d_load:>8.0f} {d_load / base[6]:>6.2f} | {switch:>9.1f}")


if __name__ == "__main__":
    main()

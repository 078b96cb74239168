"""The review page in a real browser (headless Chromium over the DevTools protocol):
clicking a finding highlights its evidence, the summary draws its charts, and a
screenshot is taken."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest
from lxml import html as lxml_html

from govtext.review import write_html
from govtext.review.browser import Browser, find_chromium
from review_samples import report_2021, report_clean

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="headless tests need Chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = [report_2021("a/street-2022.txt"), report_clean("b/town-2019.txt", 2019, "2019"),
               report_clean("c/old.txt", None, "unknown")]
    out = tmp_path_factory.mktemp("review") / "review.html"
    return write_html(reports, out, errors=[("d/bad.pdf", "d/bad.pdf: file is empty")])


@pytest.fixture(scope="module")
def browser():
    with Browser(size=(1400, 900)) as b:
        yield b


def _dom(browser: Browser):
    dom = lxml_html.fromstring(browser.eval("document.documentElement.outerHTML"))
    assert dom.get("data-js-error") is None, dom.get("data-js-error")
    return dom


def _open(browser: Browser, page: Path, fragment: str = ""):
    browser.open(page, fragment)
    return _dom(browser)


#: Whether the first highlighted span and the first highlighted cell are within their
#: scrolling pane's visible box (false when there is none).
_IN_VIEW = """(() => {
  const seen = (el) => { if (!el) return false;
    const p = el.closest(".pane").getBoundingClientRect(), r = el.getBoundingClientRect();
    return r.top >= p.top - 1 && r.bottom <= p.bottom + 1; };
  return [seen(document.querySelector("mark.hl")), seen(document.querySelector("[data-k].hl"))];
})()"""


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def test_clicking_a_finding_highlights_its_sentence_and_cells(browser: Browser, page: Path) -> None:
    dom = _open(browser, page, "r=0")
    assert not dom.xpath('//*[contains(concat(" ", @class, " "), " hl ")]')
    browser.click('.finding[data-f="1"]')
    dom = _dom(browser)
    assert dom.get("data-selected") == "1"
    assert browser.eval("location.hash") == "#r=0&f=1"          # the selection can be linked
    assert browser.eval(_IN_VIEW) == [True, True]
    assert _classes(dom.xpath('//li[@data-f="1"]')[0]) >= {"finding", "error", "sel"}
    lit = dom.xpath('//*[contains(concat(" ", @class, " "), " hl ")]')
    assert {el.text_content() for el in lit if el.tag == "mark"} == {"收到政府信息公开申请7件"}
    assert {el.get("data-k") for el in lit if el.tag == "td"} == {"t3/apply.new/total"}
    cell = dom.xpath('//td[@data-k="t3/apply.new/total"]')[0]
    assert cell.text_content() == "6" and "bad" in _classes(cell)
    # Cells of the other finding are marked as offending but not highlighted.
    other = dom.xpath('//td[@data-k="t3/apply.total_handled/total"]')[0]
    assert _classes(other) >= {"bad"} and "hl" not in _classes(other)


def test_linked_finding_with_a_computed_cell(browser: Browser, page: Path) -> None:
    dom = _open(browser, page, "r=0&f=2")
    lit = {el.get("data-k") or el.text_content() for el in dom.xpath('//*[contains(concat(" ", @class, " "), " hl ")]')}
    # The prose, the 表四 total, and an aggregate the table does not print (shown with its value).
    assert lit == {"行政复议案件50余件", "t4/review.total", "t4/litigation.total"}
    assert dom.xpath('//span[@data-k="t4/litigation.total"]')[0].text_content().endswith("= 0")


def test_report_view_draws_tables_as_grids(browser: Browser, page: Path) -> None:
    dom = _open(browser, page, "r=0")
    t3 = dom.xpath('//table[contains(@class, "t3")]')[0]
    assert [th.text_content() for th in t3.xpath("./thead/tr/th")][1:] == \
        ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    new_row = t3.xpath('.//tr[th[@title="apply.new"]]/td')
    assert [td.text_content() for td in new_row] == ["5", "1", "0", "0", "0", "0", "6"]
    assert t3.xpath('.//tr[th[@title="apply.denied"]]/@class') == ["agg"]   # heading row
    assert t3.xpath('.//tr[th[@title="apply.other.no_fee"]]')                 # 2021 rows shown
    t4 = dom.xpath('//table[contains(@class, "t4")]')[0]
    assert len(t4.xpath(".//tbody/tr/td")) == 15
    assert [td.text_content() for td in t4.xpath(".//tbody/tr/td")][:5] == ["1", "0", "0", "1", "2"]
    facts = dom.xpath('//mark[contains(@class, "fact")]')
    assert any("proactive.total" in m.get("title") and "356" in m.get("title") for m in facts)
    assert dom.xpath('//span[@class="sec"]/text()') == ["overview", "requests", "review_litigation"]


def test_summary_charts_and_list(browser: Browser, page: Path) -> None:
    dom = _open(browser, page)
    charts = {svg.get("aria-label"): svg for svg in dom.xpath("//svg")}
    assert set(charts) >= {"Findings by kind", "Findings by rule", "Findings by year",
                           "Findings by template", "Reports with ≥1 error, by year"}
    kind = charts["Findings by kind"]
    assert len(kind.xpath('.//*[contains(@class, "error")]')) == 2        # two kinds have errors
    assert len(kind.xpath('.//*[contains(@class, "warning")]')) == 1
    assert dom.xpath('//div[@id="share"]/b/text()') == ["33%"]
    rows = dom.xpath('//table[@id="reports"]/tbody/tr')
    assert [r.xpath("./td")[1].text_content() for r in rows][0] == "street-2022.txt"   # most errors first
    assert len(rows) == 3
    assert dom.xpath('//ul[@class="errors"]/li/text()') == ["d/bad.pdf: file is empty"]


def test_screenshot(browser: Browser, page: Path, tmp_path: Path) -> None:
    browser.open(page, "r=0")
    browser.click('.finding[data-f="0"]')
    png = browser.screenshot(tmp_path / "finding.png")
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1400, 900)
    assert png.stat().st_size > 30_000      # a drawn page, not a blank one


def test_filters_and_sorting_respond_to_clicks(browser: Browser, page: Path) -> None:
    browser.open(page)
    browser.click('#filters input[value="warning"]')          # hide warnings
    dom = _dom(browser)
    cards = [c.text_content() for c in dom.xpath('//div[@class="cards"]/div')]
    assert cards[1:3] == ["2errors", "0warnings"]
    kind = {svg.get("aria-label"): svg for svg in dom.xpath("//svg")}["Findings by kind"]
    assert not kind.xpath('.//*[contains(@class, "warning")]')
    browser.click('#filters input[value="warning"]')
    browser.click('#reports th[data-k="year"]')                # newest first
    years = browser.eval("[...document.querySelectorAll('#reports tbody tr')].map(r => r.cells[3].textContent)")
    assert years == ["2022", "2019", "—"]
    browser.click('#reports a[href="#r=1"]')
    assert browser.wait("document.querySelector('.report h1')?.title === 'b/town-2019.txt'")


def test_every_seed_finding_shows_its_evidence(browser: Browser, seeds: list[Path], tmp_path: Path) -> None:
    """On the seeds' page, clicking each finding lights up exactly the cells it names and
    the words it quotes."""
    from govtext.review import review_paths
    from govtext.pipeline import parse_file
    run = review_paths(seeds, tmp_path / "seeds.html")
    checked = 0
    for i, path in enumerate(seeds):
        report = parse_file(path)
        if not report.findings:
            continue
        browser.open(run.out, f"r={i}")
        for fi, finding in enumerate(report.findings):
            browser.click(f'.finding[data-f="{fi}"]')
            lit = browser.eval("""[...document.querySelectorAll('.hl')].map(
                el => [el.tagName, el.dataset.k || null, el.textContent])""")
            assert {k for _, k, _ in lit if k} == {e.cell for e in finding.evidence if e.cell}
            marked = "".join(text for tag, _, text in lit if tag == "MARK")
            for e in finding.evidence:
                if e.cell is None:
                    assert e.text in marked, (path.name, finding.rule, e.text)
            # Both panes scrolled to the evidence: the first span and cell are in view.
            assert browser.eval(_IN_VIEW) == [any(tag == "MARK" for tag, _, _ in lit),
                                              any(k for _, k, _ in lit)]
            checked += 1
    assert checked == sum(len(parse_file(p).findings) for p in seeds)
    assert checked >= 8, "the seeds hold at least eight findings (see tests/fixtures/seeds)"


def test_clicking_a_bar_narrows_the_list(browser: Browser, page: Path) -> None:
    browser.open(page)
    browser.click('.chart g[data-pick="year"][data-value="2019"]')
    listed = browser.eval("[...document.querySelectorAll('#reports tbody a')].map(a => a.textContent)")
    assert listed == ["town-2019.txt"]
    assert "year = 2019" in browser.eval("document.getElementById('picked').textContent")
    browser.click('#picked button')
    browser.click('.chart g[data-pick="rule"][data-value="prose.t4"]')
    assert browser.eval("[...document.querySelectorAll('#reports tbody a')].map(a => a.textContent)") == ["street-2022.txt"]
    browser.click('#reports tbody a')
    # Previous/next walk the narrowed list: this report is its only one.
    assert browser.wait("document.querySelector('.rhead .muted')?.textContent === 'report 1 of 1 listed'")
    assert browser.eval("document.getElementById('next')") is None


def test_keys_step_through_findings_and_reports(browser: Browser, page: Path) -> None:
    browser.open(page, "r=0")
    for key in ("j", "j"):
        browser.call("Input.dispatchKeyEvent", type="keyDown", key=key, text=key)
        browser.call("Input.dispatchKeyEvent", type="keyUp", key=key)
    assert browser.eval("document.documentElement.dataset.selected") == "1"
    browser.call("Input.dispatchKeyEvent", type="keyDown", key="n", text="n")
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="n")
    assert browser.wait("document.querySelector('.report h1').title === 'b/town-2019.txt'")


def test_text_evidence_without_offsets_is_found_or_flagged(browser: Browser, tmp_path: Path) -> None:
    from govtext.model import Evidence, Finding
    report = report_clean("e/loose.txt", 2020, "2019")
    report.findings = [Finding(source=report.source, kind="narrative_sum", severity="warning",
                               rule="prose.sum", message="m", metrics=[], column=None,
                               expected=1, observed=2,
                               evidence=[Evidence(text="政府信息公开申请3件"), Evidence(text="报告里没有这句话")])]
    page = write_html([report, report_clean("f/other.txt", 2021, "2021")], tmp_path / "p.html")
    browser.open(page, "r=0&f=0")
    assert browser.eval("[...document.querySelectorAll('mark.hl')].map(m => m.textContent).join('')") \
        == "政府信息公开申请3件"
    assert browser.eval("document.querySelector('.finding .chip.lost').textContent").startswith("1 text evidence")


def test_page_without_reports_lists_the_errors(browser: Browser, tmp_path: Path) -> None:
    page = write_html([], tmp_path / "empty.html", errors=[("x.pdf", "x.pdf: file is empty")])
    dom = _open(browser, page)
    assert dom.xpath('//ul[@class="errors"]/li/text()') == ["x.pdf: file is empty"]
    assert dom.xpath('//div[@id="share"]/b/text()') == ["0%"]
    dom = _open(browser, page, "r=5")
    assert "No report #5" in dom.xpath('//main[@id="view"]')[0].text_content()

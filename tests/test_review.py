"""The review page without a browser: what it embeds, how tables are laid out, the CLI."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from govtext.cli import app
from govtext.data import metrics, t3_columns
from govtext.review import review_paths, table_layouts, write_html
from review_samples import TEXT_2021, report_2021, report_clean


def _blocks(page: Path) -> dict[str, object]:
    """The page's JSON data blocks by element id."""
    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return {el.get("id"): json.loads(el.text) for el in doc.xpath('//script[@type="application/json"]')}


@pytest.fixture()
def page(tmp_path: Path) -> Path:
    reports = [report_2021("a/street-2022.txt"), report_clean("b/town-2019.txt", 2019, "2019"),
               report_clean("c/old.txt", None, "unknown")]
    return write_html(reports, tmp_path / "review.html", errors=[("d/bad.pdf", "d/bad.pdf: file is empty")])


def test_one_block_per_report_and_an_index(page: Path) -> None:
    blocks = _blocks(page)
    assert sorted(blocks) == ["gt-index", "gt-r0", "gt-r1", "gt-r2"]
    index = blocks["gt-index"]
    assert [r[0] for r in index["reports"]] == ["a/street-2022.txt", "b/town-2019.txt", "c/old.txt"]
    assert index["reports"][0][1:5] == ["某某街道办事处", 2022, "2021", "txt"]
    assert index["errors"] == [["d/bad.pdf", "d/bad.pdf: file is empty"]]
    # Findings as (report, kind, rule, severity) codes into the index's own lists.
    decoded = [(r, index["kinds"][k], index["rules"][u], index["severities"][s])
               for r, k, u, s in index["findings"]]
    assert decoded == [(0, "table_identity", "t3.balance", "error"),
                       (0, "narrative_vs_table", "prose.t3", "error"),
                       (0, "narrative_vs_table", "prose.t4", "warning")]


def test_report_block_keeps_text_offsets_and_evidence(page: Path) -> None:
    data = _blocks(page)["gt-r0"]
    assert data["text"] == TEXT_2021            # survives the '</script>' inside the text
    for metric, column, value, qualifier, unit, start, end in data["facts"]:
        assert str(value) in data["text"][start:end]
    finding = data["findings"][1]
    text_ev, cell_ev = finding["evidence"]
    assert data["text"][text_ev["start"]:text_ev["end"]] == text_ev["text"] == "收到政府信息公开申请7件"
    assert cell_ev == {"cell": "t3/apply.new/total", "value": 6}
    assert ["t3", "apply.new", "total", 6, "6"] in data["cells"]
    assert "source" not in finding                 # the index already names the report


def test_page_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""<(link|img|iframe)\b|\bsrc\s*=|@import|url\(\s*['"]?https?:""", text)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    # Five scripts: three reports, the index, the code; the text's '</script>' is escaped.
    assert text.count("<script") == 5 and text.count("</script>") == 5


def test_t3_layout_follows_the_template_order() -> None:
    t3 = table_layouts()["t3"]
    assert [c for c, _ in t3["columns"]] == list(t3_columns())
    rows = {m: (depth, tpl, heading) for m, _, depth, tpl, heading in t3["rows"] if m}
    order = [m for m, *_ in t3["rows"]]
    assert order[:2] == ["apply.new", "apply.carried_over"]
    assert order[2] is None and t3["rows"][2][4] is True         # 三、本年度办理结果: a heading
    assert order[3] == "apply.granted"
    assert order[-2:] == ["apply.total_handled", "apply.carried_forward"]
    assert order.index("apply.denied") < order.index("apply.denied.state_secret") < order.index("apply.unable")
    assert rows["apply.denied"] == (0, None, True)       # the heading stands for the aggregate
    assert rows["apply.denied.admin_query"] == (1, None, False)
    assert rows["apply.other"] == (0, "2019", True)      # a row in 2019, a heading in 2021
    assert rows["apply.other.no_fee"] == (1, "2021", False)
    printed = {m.id for m in metrics().values() if "t3" in m.tables}
    assert printed <= set(order)


def test_stats_layout_and_table_names() -> None:
    layout = table_layouts()
    stats = layout["stats"]
    metrics_in_order = [m for m, _ in stats if m]
    assert metrics_in_order.index("proactive.total") < metrics_in_order.index("apply.new") \
        < metrics_in_order.index("review.total")
    assert stats[0][0] is None                            # a heading opens the table
    assert set(metrics_in_order) <= set(metrics())
    assert set(layout["names"]) == {"t2", "t3", "t4", "stats"}


def test_t4_layout_is_three_groups_of_five() -> None:
    t4 = table_layouts()["t4"]
    assert [g["prefix"] for g in t4["groups"]] == ["review", "litigation.direct", "litigation.after_review"]
    assert [c for c, _ in t4["columns"]] == ["upheld", "corrected", "other", "pending", "total"]
    assert t4["groups"][0]["parent"] is None
    assert t4["groups"][1]["parent"] == t4["groups"][2]["parent"] == metrics()["litigation.total"].name


def test_t2_layout_groups_items_with_the_same_columns() -> None:
    blocks = table_layouts()["t2"]
    first = blocks[0]
    assert [p for p, _ in first["items"]] == ["rules", "normative"]
    assert [c for c, _ in first["columns"]] == ["made", "published", "total_public"]
    items = [p for b in blocks for p, _ in b["items"]]
    assert {"license", "penalty", "procurement", "fees"} <= set(items)
    every = {f"{p}.{c}" for b in blocks for p, _ in b["items"] for c, _ in b["columns"]}
    assert every >= {m.id for m in metrics().values() if "t2" in m.tables}


def test_review_paths_lists_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(TEXT_2021, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    run = review_paths([tmp_path / "in"], tmp_path / "out.html")
    assert run.read == 1
    assert len(run.errors) == 1 and run.errors[0][0].endswith("empty.txt") and "empty" in run.errors[0][1]
    index = _blocks(run.out)["gt-index"]
    assert index["errors"] == [list(run.errors[0])]
    assert index["reports"][0][0].endswith("good.txt")


def test_cli_report(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    src.write_text(TEXT_2021, encoding="utf-8")
    out = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["report", str(src), "--html", str(out), "--title", "审阅"])
    assert result.exit_code == 0, result.output
    assert _blocks(out)["gt-index"]["title"] == "审阅"
    assert "<title>审阅</title>" in out.read_text(encoding="utf-8")


def test_cli_report_without_input_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(tmp_path / "missing.txt"), "--html", str(tmp_path / "p.html")])
    assert result.exit_code == 1
    assert "missing.txt" in result.output and "Traceback" not in result.output
    bad_out = CliRunner().invoke(app, ["report", str(tmp_path), "--html", str(tmp_path / "no" / "p.html")])
    assert bad_out.exit_code == 1 and "cannot write the page" in bad_out.output


def test_seed_findings_are_all_on_the_page(seeds: list[Path], tmp_path: Path) -> None:
    """Every finding the pipeline makes for a seed is embedded with evidence that resolves:
    text evidence to its own words, cell evidence to a cell of the report or a computed value."""
    run = review_paths(seeds, tmp_path / "seeds.html")
    assert run.read == len(seeds) and not run.errors
    blocks = _blocks(run.out)
    from govtext.pipeline import parse_file
    for i, path in enumerate(seeds):
        data, report = blocks[f"gt-r{i}"], parse_file(path)
        assert data["findings"] == [{k: v for k, v in f.to_dict().items() if k != "source"}
                                    for f in report.findings]
        keys = {c.key for c in report.cells}
        for f in report.findings:
            for e in f.evidence:
                if e.cell is None:
                    assert data["text"][e.start:e.end] == e.text
                else:
                    assert e.cell in keys or e.value is not None


def test_summary_code_comes_before_the_report_blocks(page: Path) -> None:
    """The page draws its summary before the browser has read the reports behind it."""
    text = page.read_text(encoding="utf-8")
    assert text.index('id="gt-index"') < text.index("const IDX") < text.index('id="gt-r0"') \
        < text.index('id="gt-r2"') < text.index("</body>")

"""Every cell of the five seed reports, checked by hand against the source text.

The expected cells live in ``fixtures/seeds/<stem>.cells.json``: a sorted list of
{table, metric, column, value}.
"""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from govtext.pipeline import parse_file

EXPECTED = sorted((FIXTURES / "seeds").glob("*.cells.json"))


def _cells(path) -> list[dict]:
    report = parse_file(path, until="tables")
    return sorted(({"table": c.table, "metric": c.metric, "column": c.column, "value": c.value}
                   for c in report.cells),
                  key=lambda d: (d["table"], d["metric"], d["column"] or ""))


def test_every_seed_has_expected_cells(seeds):
    assert [p.name.removesuffix(".cells.json") for p in EXPECTED] == [s.stem for s in seeds]


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name[:3])
def test_seed_cells(shared, expected):
    seed = shared / "seeds" / expected.name.replace(".cells.json", ".txt")
    assert _cells(seed) == json.loads(expected.read_text(encoding="utf-8"))


def test_seed_000_request_table(shared):
    report = parse_file(shared / "seeds" / "000_a98d1558ea1d72d2.txt", until="tables")
    t3 = {(c.metric, c.column): c.value for c in report.cells if c.table == "t3"}
    assert t3[("apply.new", "natural")] == 6 and t3[("apply.new", "total")] == 6
    assert t3[("apply.granted", "total")] == 1
    assert t3[("apply.unable.not_held", "total")] == 3
    assert t3[("apply.not_processed.petition", "total")] == 1
    assert t3[("apply.total_handled", "total")] == 6
    assert t3[("apply.carried_forward", "total")] == 1
    amount = report.cell("t2", "procurement.amount")
    assert (amount.value, amount.raw) == (443.6, "443.6万")
    # The 2019-era indicator table printed as 表二 gives stats ids.
    assert report.cell("stats", "proactive.total").value == 1840
    assert report.cell("stats", "responses.weibo_wechat").value == 16
    assert [t for t, _, _ in report.table_spans] == ["t2", "stats", "t3", "t4"]
    assert not [w for w in report.warnings if "表" in w]


def test_seed_002_statistics_table(shared):
    report = parse_file(shared / "seeds" / "002_c2e2148ac72f28cc.txt", until="tables")
    assert {c.table for c in report.cells} == {"stats"}
    assert report.cell("stats", "apply.new").value == 3
    assert report.cell("stats", "apply.not_this_agency").value == 1
    assert report.cell("stats", "training.attendees").value == 51
    assert report.cell("stats", "fees.collected") is None          # 元, empty 统计数
    assert any("七、依申请公开信息收取的费用" in w for w in report.warnings)

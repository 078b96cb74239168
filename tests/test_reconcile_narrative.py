"""narrative_vs_table on reports built by hand: prose facts against table cells."""
from __future__ import annotations

import pytest

from govtext.model import Cell, Fact, Report
from govtext.reconcile import reconcile
from test_reconcile_table import seed000_rows, stats, t3, t4, t4_group, SEED002_STATS


def fact(text: str, snippet: str, metric: str | None, value, qualifier="exact", column=None,
         unit="件") -> Fact:
    start = text.index(snippet)
    if column is None and metric and metric.startswith("apply.") and "channel" not in metric:
        column = "total"
    return Fact(metric, column, value, qualifier, unit, snippet, start, start + len(snippet))


def prose_report(text: str, facts: list[Fact], cells: list[Cell], *, year=2019,
                 issuer="阳明街道办事处", template="2019") -> Report:
    return Report(source="p.txt", format="txt", text=text, template=template, year=year,
                  issuer=issuer, cells=cells, facts=facts)


def consistent_t3() -> list[Cell]:
    rows = seed000_rows()
    rows["apply.total_handled"] = [5, 0, 0, 0, 0, 0, 5]
    return t3(rows)


def prose_findings(text, facts, cells, **kw):
    return [f for f in reconcile(prose_report(text, facts, cells, **kw))
            if f.kind == "narrative_vs_table"]


def test_matching_prose_yields_nothing():
    text = "全年共收到依申请公开6件,这6件都是自然人,予以公开1件,无法提供3件,不予处理1件,结转下年度继续办理1件。无行政复议,无行政诉讼。"
    facts = [fact(text, "收到依申请公开6件", "apply.new", 6),
             fact(text, "这6件都是自然人", "apply.new", 6, column="natural"),
             fact(text, "予以公开1件", "apply.granted", 1),
             fact(text, "无法提供3件", "apply.unable", 3),
             fact(text, "不予处理1件", "apply.not_processed", 1),
             fact(text, "结转下年度继续办理1件", "apply.carried_forward", 1),
             fact(text, "无行政复议", "review.total", 0, unit=None),
             fact(text, "无行政诉讼", "litigation.total", 0, unit=None)]
    cells = consistent_t3() + t4({**t4_group("review"), **t4_group("litigation.direct"),
                                  **t4_group("litigation.after_review")})
    assert reconcile(prose_report(text, facts, cells)) == []


def test_exact_figure_against_printed_cell_is_an_error():
    text = "本年度新收依申请公开7件。"
    [f] = prose_findings(text, [fact(text, "新收依申请公开7件", "apply.new", 7)], consistent_t3())
    assert (f.rule, f.severity, f.metrics, f.column, f.expected, f.observed) == (
        "prose.table", "error", ["apply.new"], "total", 6, 7)
    assert [e.to_dict() for e in f.evidence] == [
        {"text": "新收依申请公开7件", "start": 3, "end": 12},
        {"cell": "t3/apply.new/total", "value": 6}]


def test_applicant_column_is_respected():
    text = "从申请人的情况看,这6件都是法人。"
    [f] = prose_findings(text, [fact(text, "这6件都是法人", "apply.new", 6, column="commercial")],
                         consistent_t3())
    assert (f.column, f.expected, f.observed) == ("commercial", 0, 6)


def test_aggregates_are_summed_from_their_rows():
    text = "不予处理2件,无法提供3件,行政诉讼1件。"
    facts = [fact(text, "不予处理2件", "apply.not_processed", 2),
             fact(text, "无法提供3件", "apply.unable", 3),
             fact(text, "行政诉讼1件", "litigation.total", 1)]
    cells = consistent_t3() + t4({**t4_group("review"), **t4_group("litigation.direct", 1),
                                  **t4_group("litigation.after_review", 1)})
    found = {f.metrics[0]: f for f in prose_findings(text, facts, cells)}
    assert set(found) == {"apply.not_processed", "litigation.total"}
    assert (found["apply.not_processed"].rule, found["apply.not_processed"].expected) == (
        "prose.table_sum", 1)
    assert (found["litigation.total"].expected, found["litigation.total"].severity) == (2, "error")
    assert {e.cell for e in found["litigation.total"].evidence if e.cell} == {
        "t4/litigation.direct.total", "t4/litigation.after_review.total"}


def test_older_wording_is_compared_as_a_warning():
    text = "不属于本行政机关公开数2件。"
    [f] = prose_findings(text, [fact(text, "不属于本行政机关公开数2件", "apply.not_this_agency", 2)],
                         consistent_t3())
    assert (f.rule, f.severity, f.metrics, f.expected) == (
        "prose.table_alias", "warning", ["apply.not_this_agency", "apply.unable.not_held"], 3)
    agreeing = "不属于本行政机关公开数3件。"
    assert prose_findings(agreeing, [fact(agreeing, "不属于本行政机关公开数3件",
                                          "apply.not_this_agency", 3)], consistent_t3()) == []


def test_seed002_answered_and_unclear():
    text = "在已经答复的3件申请中:“申请内容不明确”的1件。"
    facts = [fact(text, "已经答复的3件", "apply.answered", 3),
             fact(text, "“申请内容不明确”的1件", "apply.unable.unclear", 1)]
    found = prose_findings(text, facts, stats(SEED002_STATS), year=2017, template="pre2019")
    assert [(f.rule, f.severity, f.metrics[0], f.expected, f.observed) for f in found] == [
        ("prose.table", "error", "apply.answered", 2, 3),
        ("prose.table_alias", "warning", "apply.unable.unclear", 0, 1)]


@pytest.mark.parametrize("value,qualifier,cell,expected", [
    (50, "at_least", 51, None),          # 50余名 agrees with 51
    (50, "at_least", 50, None),
    (50, "at_least", 75, None),
    (50, "at_least", 45, "error"),       # fewer than stated: holds whatever the wording
    (50, "at_least", 90, "warning"),     # far more than "50余" suggests
    (10, "at_least", 19, None),
    (1000, "at_least", 1800, None),      # 千余
    (2000, "approx", 2150, None),
    (2000, "approx", 2600, "warning"),
    (100, "at_most", 96, None),
    (100, "at_most", 120, "error"),
    (100, "at_most", 20, "warning"),
])
def test_qualifiers(value, qualifier, cell, expected):
    text = "接受培训人员N人次。"
    facts = [fact(text, "接受培训人员N人次", "training.attendees", value, qualifier, unit="人次")]
    found = prose_findings(text, facts, stats({"training.attendees": cell}), year=2017)
    assert [f.severity for f in found] == ([expected] if expected else [])


def test_loose_metric_is_a_warning():
    text = "本年度全部完成了5件依申请件的答复工作。"
    [f] = prose_findings(text, [fact(text, "全部完成了5件依申请件的答复工作", "apply.total_handled", 5)],
                         t3(seed000_rows()))
    assert (f.severity, f.expected, f.observed) == ("warning", 6, 5)


def test_same_statement_twice_is_one_finding():
    text = "全年共收到依申请公开7件。……本年度,新收依申请公开7件。"
    facts = [fact(text, "收到依申请公开7件", "apply.new", 7), fact(text, "新收依申请公开7件", "apply.new", 7)]
    [f] = prose_findings(text, facts, consistent_t3())
    assert len([e for e in f.evidence if e.text]) == 2


@pytest.mark.parametrize("text,issuer", [
    ("2018年,共收到依申请公开9件。", "阳明街道办事处"),             # another year
    ("全区共收到依申请公开9件。", "阳明街道办事处"),                 # a wider area
    ("全市共收到依申请公开9件。", None),
    ("全市共收到依申请公开9件。", "溧阳市人民政府"),      # 县级市 or 地级市: cannot tell
])
def test_other_years_and_wider_areas_are_not_compared(text, issuer):
    snippet = text[text.index("收到"):-1]
    assert prose_findings(text, [fact(text, snippet, "apply.new", 9)], consistent_t3(),
                          issuer=issuer) == []


def test_wider_area_of_the_issuers_own_government_is_compared():
    text = "全区共收到依申请公开9件。"
    found = prose_findings(text, [fact(text, "收到依申请公开9件", "apply.new", 9)], consistent_t3(),
                           issuer="余姚市江北区人民政府")
    assert [f.observed for f in found] == [9]


def test_figures_without_a_cell_a_metric_or_a_unit_are_skipped():
    text = "粉丝约2000,主动公开信息1840条。"
    facts = [fact(text, "粉丝约2000", None, 2000, "approx", unit=None),
             fact(text, "主动公开信息1840条", "proactive.total", 1840, unit="条")]
    assert prose_findings(text, facts, consistent_t3()) == []
    # a bare number is no count of items, even when a metric was guessed for it
    wechat = [fact(text, "粉丝约2000", "proactive.wechat", 2000, "approx", unit=None)]
    assert prose_findings(text, wechat, stats({"proactive.wechat": 136}), year=2017) == []
    followers = "政务微信公众号关注人数18605人。"
    wechat = [fact(followers, "关注人数18605人", "proactive.wechat", 18605, unit="人")]
    assert prose_findings(followers, wechat, stats({"proactive.wechat": 136}), year=2017) == []


@pytest.mark.parametrize("stated,agrees", [(443.6, True), (443.58, True), (443, True),
                                           (440, False), (443.7, False)])
def test_amounts_agree_to_the_coarser_precision(stated, agrees):
    text = "政府集中采购金额N万元。"
    facts = [fact(text, "政府集中采购金额N万元", "procurement.amount", stated, unit="万元")]
    cells = [Cell("t2", "procurement.amount", None, 443.6, "443.6万")]
    assert (prose_findings(text, facts, cells) == []) is agrees

"""Prose facts: the number grammar, noise, constructions, groups, and scores against the
hand-labelled seeds and real-report sentences."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, ROOT
from govtext import extract_facts
from govtext.facts import evaluate, extract_groups
from govtext.pipeline import parse_file, parse_text

LABELLED = ROOT / "corpora" / "labelled" / "facts_real.jsonl"
SEED_LABELS = sorted((FIXTURES / "seeds").glob("*.facts.json"))


def one(text: str):
    facts = extract_facts(text)
    assert len(facts) == 1, [f.to_dict() for f in facts]
    return facts[0]


# ------------------------------------------------------------------ the number grammar

@pytest.mark.parametrize("text, value, qualifier, unit", [
    ("全年共收到依申请公开6件", 6, "exact", "件"),
    ("全年共收到依申请公开６件", 6, "exact", "件"),
    ("全年共收到依申请公开六件", 6, "exact", "件"),
    ("全年共收到依申请公开6余件", 6, "at_least", "件"),
    ("公开信息十二条", 12, "exact", "条"),
    ("收到申请一百零五件", 105, "exact", "件"),
    ("访问量一亿五千万次", 150_000_000, "exact", "次"),
    ("发布信息一万零五条", 10_005, "exact", "条"),
    ("举办培训两次", 2, "exact", "次"),
    ("发布信息3千条", 3000, "exact", "条"),
    ("发布信息1.2万条", 12000, "exact", "条"),
    ("采购总金额443.6万元", 443.6, "exact", "万元"),
    ("增长1.1%", 1.1, "exact", "%"),
    ("满意率百分之九十八点五", 98.5, "exact", "%"),
    ("满意率98.5%以上", 98.5, "at_least", "%"),
    ("每周推送3-4篇原创信息", 3, "at_least", "篇"),
    ("报送主网站信息发布200余条", 200, "at_least", "条"),
    ("街道微信微博公众号千余篇", 1000, "at_least", "篇"),
    ("政务微博粉丝约2000", 2000, "approx", None),
    ("年阅读量在50万+", 500000, "at_least", None),
    ("注册、下载人数逾3千", 3000, "at_least", None),
    ("咨询约300人次左右", 300, "approx", "人次"),
    ("收到申请不足5件", 5, "at_most", "件"),
    ("处理投诉1,234件", 1234, "exact", "件"),
])
def test_number_grammar(text, value, qualifier, unit):
    f = one(text)
    assert (f.value, f.qualifier, f.unit) == (value, qualifier, unit)


def test_offsets_point_into_the_text():
    text = "前言。\n2019年,我街道共公开政府信息1840条,其中政府信息公开平台320条。"
    for f in extract_facts(text):
        assert text[f.start:f.end] == f.text


# ------------------------------------------------------------------ what is not a figure

@pytest.mark.parametrize("text", [
    "2019年,阳明街道办事处积极推进政务公开",
    "本报告所列数据统计期限自2019年1月1日起至2019年12月31日止",
    "二〇一九年度政府信息公开工作年度报告",
    "拱政办发〔2020〕14号",
    "根据国务院令第711号修订",
    "依据第二十条第(一)项公开",
    "电话:0577-67271000,邮编:410300,电子邮箱:791293050@qq.com",
    "请拨打12345热线或12345市民服务热线",
    "一是加强领导;二是完善制度",
    "(一)主动公开情况",
    "1、强化组织领导",
    "第一,推进决策公开",
    "在20个工作日内予以答复",
    "危及“三安全一稳定”",
    "以落实“最多跑一次”精神为指导",
    "实行“一窗式”受理",
    "推进决策、执行、管理、服务、结果“五公开”",
    "精心打造“双微”平台",
    "发布时间:2010-01-05 15:51:52",
    "本年报的电子版可在http://www.liuyang.gov.cn/查阅",
    "附件1",
    "本报告由概述等六个部分组成",
    "开展“5·15政务公开日”活动",
    "三、本年度办理结果 (一)予以公开 9 3 0 0 0 1 13",
    "url: https://example.gov.cn/a.jsp?fbtime=2008\nchunks: 1\ncomplete: partial",
    "首页 > 政府信息公开年报 > 2026",
    "当前位置:首页>政务公开>第3期",
    "2022年01月18日来源:1\n[字体: ] 打印",
    "发布时间:2021-01-20 浏览次数:356 字号:大 中 小",
    "扫一扫在手机上查看 【打印】【关闭】 1",
    "截至2020,我区政务公开工作不断深化",
])
def test_noise_is_not_a_figure(text):
    assert extract_facts(text) == []


@pytest.mark.parametrize("text, value", [
    ("全年共收到申请2020件", 2020), ("公众满意度>95%", 95), ("访问量约2000", 2000),
    ("chunks: 1\n\n全年共收到申请3件", 3), ("本年度收到申请1999件,来源:网上", 1999),
])
def test_a_year_or_a_chrome_line_spares_the_figures_of_prose(text, value):
    """A four-digit number with a unit or qualifier is a figure; a line of prose is not
    chrome (only short lines are, and the figure of "chunks: 1" is not on this one)."""
    assert [f.value for f in extract_facts(text)] == [value]


# ------------------------------------------------------------------ metrics and constructions

@pytest.mark.parametrize("text, metric, value", [
    ("我街道通过不同渠道和方式共公开政府信息1840条", "proactive.total", 1840),
    ("其中政府信息公开平台320条", "proactive.website", 320),
    ("同意公开答复数1个", "apply.granted", 1),
    ("不属于本行政机关公开数3件", "apply.not_this_agency", 3),
    ("“非本单位掌握”的1件", "apply.not_this_agency", 1),
    ("“申请内容不明确”的1件", "apply.correction_notice", 1),
    ("结转下年度继续办理1件", "apply.carried_forward", 1),
    ("上年结转政府信息公开申请数量3件", "apply.carried_over", 3),
    ("通过互联网提交申请有2件", "apply.channel.online", 2),
    ("以信函形式申请1件", "apply.channel.letter", 1),
    ("共接受咨询964人次", "consultations.total", 964),
    ("电话咨询742人次", "consultations.phone", 742),
    ("配备1名全职工作人员", "staff.fulltime", 1),
    ("0名兼职工作人员", "staff.parttime", 0),
    ("本机关从事政府信息公开工作的全职人员1人", "staff.fulltime", 1),
    ("从事政府信息公开工作人员3人", "staff.total", 3),
    ("举办了2次政府信息公开工作培训会", "training.sessions", 2),
    ("50余名干部参加了培训活动", "training.attendees", 50),
    ("收取检索、复制、邮寄等费用共计0元", "fees.collected", 0),
    ("共受理行政复议案件2件", "review.total", 2),
    ("行政处罚处理决定数量39件", "penalty.decisions", 39),
])
def test_cue_phrases_name_the_metric(text, metric, value):
    f = one(text)
    assert (f.metric, f.value) == (metric, value)


def test_outcome_list_of_bare_words():
    facts = extract_facts("全年共收到依申请公开0件,公开0件,不予公开0件,因政府信息依申请公开引起行政复议0件,行政诉讼0件。")
    assert [f.metric for f in facts] == ["apply.new", "apply.granted", "apply.denied",
                                         "review.total", "litigation.total"]


def test_apply_metrics_get_the_total_column_others_none():
    facts = extract_facts("全年共收到依申请公开6件,主动公开信息50条")
    assert [(f.metric, f.column) for f in facts] == [("apply.new", "total"),
                                                    ("proactive.total", None)]


def test_respectively_lists_take_their_items_in_order():
    facts = extract_facts("政务微信、微博分别公开信息136条和1250条。政务微博、微信分别公开信息1250条和136条。")
    assert [(f.metric, f.value) for f in facts] == [
        ("proactive.wechat", 136), ("proactive.weibo", 1250),
        ("proactive.weibo", 1250), ("proactive.wechat", 136)]


def test_coordinated_clauses():
    facts = extract_facts("其中,予以公开1件,无法提供3件,不予处理1件,结转下年度继续办理1件。")
    assert [(f.metric, f.value) for f in facts] == [
        ("apply.granted", 1), ("apply.unable", 3), ("apply.not_processed", 1),
        ("apply.carried_forward", 1)]


@pytest.mark.parametrize("text, metrics", [
    ("2020年我街道未收到政府信息公开申请。", ["apply.new"]),
    ("全年主动公开信息50条,无依申请公开申请。", ["proactive.total", "apply.new"]),
    ("本年度,无行政复议、无行政诉讼案件。", ["review.total", "litigation.total"]),
    ("2017年,未收到针对本单位政府信息公开的行政复议申请、行政诉讼案以及针对本单位政府信息公开的申诉案。",
     ["review.total", "litigation.total", "complaints.total"]),
    ("未发生因政府信息公开申请而被申请行政复议、提起行政诉讼的情况。",
     ["review.total", "litigation.total"]),
    ("全年未因政府信息公开申请引发行政复议、行政诉讼案件。", ["review.total", "litigation.total"]),
    ("我街道未收取政府信息公开相关费用。", ["fees.collected"]),
    ("没有向依申请公开对象收取复印、传真、递送等任何费用。", ["fees.collected"]),
    ("无下年度结转。", ["apply.carried_forward"]),
    # a negation binds to the head of the phrase it negates, not to 依申请公开 in it
    ("本年度未发生依申请公开信息收费情况。", ["fees.collected"]),
    ("没有依申请公开信息收费情况。", ["fees.collected"]),
    ("本年度没有依申请公开信息情况,因此未发生依申请公开信息收费和费用减免情况。",
     ["apply.new", "fees.collected"]),
    ("未收到依申请公开申请的收费投诉。", []),
    ("未收到针对政府信息公开的举报投诉。", ["complaints.total"]),
    ("未收到行政复议申请。", ["review.total"]),
    ("未收到依申请公开政府信息的申请。", ["apply.new"]),
])
def test_zero_statements(text, metrics):
    facts = extract_facts(text)
    assert [f.metric for f in facts] == metrics
    assert all(f.value == 0 for f in facts if f.metric != "proactive.total")


@pytest.mark.parametrize("text", ["无法提供相关信息", "无正当理由大量反复申请",
                                  "申请人逾期未按收费通知要求缴纳费用", "未经复议直接起诉"])
def test_negated_words_that_are_not_zero_statements(text):
    assert extract_facts(text) == []


def test_applicant_restriction_sets_the_column():
    facts = extract_facts("本年度,新收依申请公开6件。从申请人的情况看,这6件都是自然人。")
    assert [(f.metric, f.column, f.value) for f in facts] == [
        ("apply.new", "total", 6), ("apply.new", "natural", 6)]
    assert facts[1].text == "这6件都是自然人"


def test_a_city_wide_figure_is_not_the_issuers():
    f = one("全市共收到政府信息公开申请317件")
    assert f.metric is None and f.value == 317


def test_percentages_are_figures_without_metric():
    f = one("占总数的67%")
    assert (f.metric, f.value, f.unit) == (None, 67, "%")


def test_figures_of_no_metric_are_kept():
    f = one("目前街道政务微博粉丝约2000,")
    assert (f.metric, f.value, f.qualifier) == (None, 2000, "approx")


def test_a_part_named_like_its_whole_loses_the_metric():
    facts = extract_facts("全年共举办191场市政府新闻发布活动。其中,疫情防控新闻发布会累计举行151场。")
    assert [(f.metric, f.value) for f in facts] == [("responses.press_conferences", 191),
                                                    (None, 151)]


def test_a_part_by_applicant_type_keeps_metric_and_column():
    facts = extract_facts("全年共收到政府信息公开申请20件,其中自然人提出申请17件,商业企业提出申请3件。")
    assert [(f.metric, f.column, f.value) for f in facts] == [
        ("apply.new", "total", 20), ("apply.new", "natural", 17), ("apply.new", "commercial", 3)]


def test_money_is_converted_to_the_metrics_unit():
    f = one("依申请提供政府信息收取费用共计0.12万元")
    assert (f.metric, f.value, f.unit) == ("fees.collected", 1200, "元")


def test_bad_input_is_a_clear_error():
    assert extract_facts("") == []
    with pytest.raises(TypeError, match="str or a Report"):
        extract_facts(b"\xe5\x85\xa8")


# ------------------------------------------------------------------ groups

def test_group_total_parts_and_shares():
    text = ("本单位2017年共主动公开政府信息975条,其中全文电子化率达100%。\n"
            "在主动公开的信息中,法规文件类信息2条,占总体的比例为0.2%;规划计划类信息4条,"
            "占总体的比例为0.4%;业务动态类信息969条,占总体的比例为99.4%。")
    (g,) = extract_groups(text)
    assert g.total.value == 975
    assert [p.value for p in g.parts] == [2, 4, 969]
    assert [(c.value, p.value) for c, p in g.shares] == [(2, 0.2), (4, 0.4), (969, 99.4)]
    assert g.exhaustive is False


def test_a_list_closed_by_other_is_exhaustive():
    text = ("截止到12月底,我街累计政府信息公开44条,报送主网站信息发布200余条.街道微信微博公众号千余篇。"
            "其中政府信息公开:机构设置3条,人事信息3条,部门文件7条,转发回应社会关切1条,"
            "无政策性解读,其他信息27条。")
    (g,) = extract_groups(text)
    assert (g.total.value, [p.value for p in g.parts], g.exhaustive) == (44, [3, 3, 7, 1, 27], True)


def test_group_parts_outside_the_wholes_family_are_left_out():
    text = "本年度全部完成了5件依申请件的答复工作,其中,予以公开1件,无法提供3件,不予处理1件,结转下年度继续办理1件。"
    (g,) = extract_groups(text)
    assert (g.total.metric, [p.metric for p in g.parts]) == (
        "apply.total_handled", ["apply.granted", "apply.unable", "apply.not_processed"])


def test_nested_list_in_brackets_has_its_own_whole():
    text = "主动公开信息392条,其中,网站公开信息225条(包括工作动态125条,政策解读5条),微信公众号公开信息167条。"
    outer, inner = extract_groups(text)
    assert (outer.total.value, [p.value for p in outer.parts]) == (392, [225, 167])
    assert (inner.total.value, [p.value for p in inner.parts]) == (225, [125, 5])


@pytest.mark.parametrize("text", [
    "全年共受理依申请信息9条,其中网上申请5件,占百分之五十五点六;信函申请4件,占百分之四十四点四。",
    "全年共受理依申请信息9条,其中网上申请5件,为总数的55.6%;信函申请4件,为总数的44.4%。",
])
def test_a_whole_and_its_parts_may_mix_interchangeable_units(text):
    (g,) = extract_groups(text)
    assert (g.total.value, [p.value for p in g.parts]) == (9, [5, 4])
    assert [(c.value, p.value) for c, p in g.shares] == [(5, 55.6), (4, 44.4)]
    assert extract_groups("全年举办培训3次,其中50人参加。") == []


@pytest.mark.parametrize("text, want", [
    ("2020年,我局公开信息687条,其中主动公开668条(包括规划信息、征地信息等),依申请公开19条。",
     [(None, 687), ("proactive.total", 668), (None, 19)]),
    ("本年度,我街道共制发政府信息130件,其中主动公开18件,不予公开112件(不予公开理由主要是属于过程性信息)。",
     [(None, 130), ("proactive.total", 18), (None, 112)]),
])
def test_a_whole_split_by_disclosure_attribute_counts_documents(text, want):
    assert [(f.metric, f.value) for f in extract_facts(text)] == want
    (g,) = extract_groups(text)
    assert [p.value for p in g.parts] == [v for _, v in want[1:]]


@pytest.mark.parametrize("text, metric, value", [
    ("2020年通过区政府门户网站政府信息公开专栏主动公开本单位机构职能、政策文件、工作动态、"
     "财政预决算、人事任免、重大项目建设等各类政府信息312条。", "proactive.total", 312),
    ("2020年共举办面向全体机关干部、社区工作人员及村干部的政府信息公开和政务公开业务专题培训3次。",
     "training.sessions", 3),
])
def test_a_cue_far_before_its_figure(text, metric, value):
    assert [(f.metric, f.value) for f in extract_facts(text)] == [(metric, value)]


# ------------------------------------------------------------------ labelled data, bundled

def test_labelled_real_report_sentences():
    records = evaluate.load(LABELLED)
    assert len(records) > 150
    s = evaluate.score(records, extract_facts)
    assert s.gold > 250
    assert s.recall >= 0.95, s.misses
    assert s.precision >= 0.95, s.wrong


_NOISE_AFTER = re.compile(r"^(?:年|月|日|号|时|:\d)")


def test_no_figure_comes_from_a_date_number_or_ordinal_in_labelled_text():
    for rec in evaluate.load(LABELLED):
        text = rec["text"]
        for f in extract_facts(text):
            if f.value == 0 and not any(c in f.text for c in "0零〇"):
                continue  # a zero stated in words
            assert not _NOISE_AFTER.match(text[f.end:]), (rec["source"], f.text)
            assert text[max(0, f.start - 1):f.start] not in ("第", "〔", "[", "-", "@"), f.text


def test_model_file_is_plain_arrays_with_heldout_scores():
    npz = ROOT / "models" / "facts.npz"
    with np.load(npz, allow_pickle=False) as z:
        assert {"vocabulary", "coef", "classes"} <= set(z.files)
    assert npz.stat().st_size < 5_000_000
    meta = json.loads((ROOT / "models" / "facts.meta.json").read_text("utf-8"))
    held = meta["scores"]["extractor_heldout"]
    assert held["precision"] >= 0.95 and held["recall"] >= 0.95
    assert set(meta["heldout_sources"]).isdisjoint(meta["train_sources"])
    # corpora/sample is what govtext eval scores: the model must never train on it
    assert not any("corpora/sample" in d for d in meta["data"])
    assert not any(s.startswith("s7-") for s in meta["train_sources"])


def test_snippet_scores_use_the_shared_matcher_and_its_also_ids():
    from govtext.facts.evaluate import score
    rec = {"source": "t", "text": "全年共收到依申请公开6件,办理答复政府信息公开申请7件。",
           "facts": [{"metric": "apply.new", "column": "total", "value": 6, "qualifier": "exact",
                      "snippet": "依申请公开6件"},
                     {"metric": "apply.total_handled", "column": "total", "value": 7,
                      "qualifier": "exact", "snippet": "申请7件", "also": ["apply.new"]}]}
    s = score([rec], extract_facts)
    assert (s.gold, s.tp, s.pred) == (2, 2, 2)
    rec["facts"][1]["also"] = []
    s = score([rec], extract_facts)
    assert (s.gold, s.tp, s.pred) == (2, 1, 2) and s.wrong == ["t: 办理答复政府信息公开申请7件 → apply.new"]


# ------------------------------------------------------------------ the seeds (../shared)

def _seed_report(shared: Path, label_file: Path):
    rec = evaluate.load(label_file)[0]
    return rec, parse_file(shared / "seeds" / rec["source"], until="facts")


@pytest.mark.parametrize("label_file", SEED_LABELS, ids=lambda p: p.name[:3])
def test_seed_facts_against_annotation(shared, label_file):
    rec, report = _seed_report(shared, label_file)
    s = evaluate.score([rec], lambda _t: report.facts, lambda _r: report.text)
    assert s.recall >= 0.95, s.misses
    assert s.precision >= 0.95, s.wrong
    for f in report.facts:
        assert report.text[f.start:f.end] == f.text
        assert not report.in_table(f.start)


def _has(report, metric, value, column=None, qualifier="exact"):
    return any(f.metric == metric and f.value == value and f.qualifier == qualifier
               and (column is None or f.column == column) for f in report.facts)


def test_seed_000_key_facts(shared):
    r = parse_file(next((shared / "seeds").glob("000_*.txt")), until="facts")
    for metric, value in [("proactive.total", 1840), ("proactive.website", 320),
                          ("proactive.wechat", 136), ("proactive.weibo", 1250),
                          ("apply.new", 6), ("apply.granted", 1), ("apply.not_this_agency", 3),
                          ("apply.not_processed", 1), ("apply.unable", 3),
                          ("apply.carried_forward", 1), ("review.total", 0),
                          ("litigation.total", 0)]:
        assert _has(r, metric, value), (metric, value)
    assert _has(r, "apply.new", 6, column="natural")
    assert _has(r, None, 2000, qualifier="approx")
    assert _has(r, None, 1.1)
    assert {f.section for f in r.facts if f.metric == "apply.new"} == {"overview", "requests"}


def test_seed_001_and_002_key_facts(shared):
    r1 = parse_file(next((shared / "seeds").glob("001_*.txt")), until="facts")
    assert _has(r1, "proactive.total", 44) and _has(r1, "apply.new", 0)
    assert _has(r1, "proactive.website", 200, qualifier="at_least")
    assert _has(r1, None, 1000, qualifier="at_least")
    r2 = parse_file(next((shared / "seeds").glob("002_*.txt")), until="facts")
    for metric, value in [("proactive.total", 975), ("apply.new", 3),
                          ("apply.channel.online", 2), ("apply.channel.letter", 1),
                          ("apply.answered", 3), ("consultations.total", 964),
                          ("consultations.onsite", 222), ("consultations.phone", 742),
                          ("training.sessions", 2), ("staff.fulltime", 1), ("staff.parttime", 0),
                          ("fees.collected", 0), ("review.total", 0), ("litigation.total", 0)]:
        assert _has(r2, metric, value), (metric, value)
    assert _has(r2, "training.attendees", 50, qualifier="at_least")
    totals = {g.total.value: g for g in r2.groups}
    assert [p.value for p in totals[975].parts] == [2, 4, 969]
    assert [p.value for p in totals[964].parts] == [222, 742]


def test_real_reports_give_no_fact_from_noise(real_reports):
    for path in real_reports:
        r = parse_file(path, until="facts")
        for f in r.facts:
            assert r.text[f.start:f.end] == f.text
            if f.value == 0 and not any(c in f.text for c in "0零〇"):
                continue
            assert not _NOISE_AFTER.match(r.text[f.end:]), (path.name, f.text)
            assert r.text[max(0, f.start - 1):f.start] not in ("第", "〔", "[", "@"), (path.name, f.text)


def test_real_reports_give_no_fact_from_page_chrome_or_a_year(real_reports):
    """Every file opens with "url:/chunks:/complete:" lines; none of them, nor a bare
    year, is a figure of the report."""
    for path in real_reports:
        r = parse_file(path, until="facts")
        body = r.text.index("complete:")
        assert all(f.start > body for f in r.facts), path.name
        assert not [f for f in r.facts if f.unit is None and f.qualifier == "exact"
                    and 1990 <= f.value <= 2035], path.name


def test_a_fee_zero_statement_does_not_contradict_the_applications_table(shared):
    """Seed 000's 表三 has 6 new applications: a sentence saying no fees were charged
    for them states no zero about applications."""
    path = shared / "seeds" / "000_a98d1558ea1d72d2.txt"
    text = path.read_text(encoding="utf-8")
    at = text.index("。") + 1
    r = parse_text(text[:at] + "本年度未发生依申请公开信息收费情况。" + text[at:])
    assert ("fees.collected", 0) in [(f.metric, f.value) for f in r.facts]
    assert not [f for f in r.findings if f.rule == "prose.table" and "apply.new" in f.metrics]


def test_pipeline_component_fills_report():
    r = parse_text("一、总体情况\n2020年,我镇共主动公开政府信息81条,无依申请公开申请。\n"
                   "二、主动公开政府信息情况\n略。")
    assert [(f.metric, f.value, f.section) for f in r.facts] == [
        ("proactive.total", 81, "overview"), ("apply.new", 0, "overview")]


def test_noise_prefilter_lists_every_start():
    """``[noise] starts`` only speeds the scan up: with or without it, same spans."""
    import regex
    from govtext import data
    from govtext.facts._numbers import _grammar
    cfg = data.load("facts")
    chars = "".join(ch for table in ("digits", "small_units", "big_units")
                    for ch in cfg["numerals"][table])
    n = rf"(?:\d+(?:\.\d+)?|[{chars}]+)"
    plain = regex.compile("|".join(f"(?:{p.replace('{N}', n)})" for p in cfg["noise"]["patterns"]))
    fast = _grammar()[1]
    texts = [r["text"] for r in evaluate.load(LABELLED)]
    texts += ["最多\n跑一次", "“创业富民30条”", "索引号:QZ09054-1620-2013-52619", "Page 9"]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_cue_index_passes_over_only_cues_that_cannot_match():
    """The index by character only saves time: every cue that matches the words before
    a figure in the labelled texts is among those it picks."""
    from govtext.facts import _rules
    from govtext.facts._numbers import find_figures
    checked = 0
    for rec in evaluate.load(LABELLED):
        for f in find_figures(rec["text"]):
            left = rec["text"][max(0, f.start - 80):f.start]
            chars = set(left)
            index, always = _rules._keys(f.unit)
            picked = set(always).union(*(index.get(c, ()) for c in chars))
            for k, (_, need, cue) in enumerate(_rules._before(f.unit)):
                if cue.search(left):
                    assert k in picked and need.met(left, chars), (cue.pattern, left)
                    checked += 1
    assert checked > 200


def test_any_text_gives_consistent_offsets():
    """Whatever the text, extraction neither fails nor points outside it."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    alphabet = st.sampled_from(list("0123456789一二两十百千万零〇余多约共收到申请件条次%.,,。、;:()（）第年月日号"
                                    "未无行政复议诉讼其中分别和占总数的\t\n -自然人主动公开信息"))

    @settings(max_examples=100, deadline=None)
    @given(st.text(alphabet, max_size=80))
    def check(text):
        for f in extract_facts(text):
            assert text[f.start:f.end] == f.text
            assert f.qualifier in ("exact", "approx", "at_least", "at_most")
        extract_groups(text)

    check()


def test_a_whole_smaller_than_its_parts_is_passed_over_for_the_stated_total():
    """r008: "共公开信息35条，更新1条，其中…" lists parts of 35, not of the 1 updated."""
    from govtext.facts import extract_groups
    text = ("2009年度共公开信息35条,更新1条,其中,机构概况类信息1条,占3%;"
            "工作信息类信息19条,占53%;行政执法类信息16条,占44%。")
    (group,) = extract_groups(text)
    assert group.total.value == 35 and [p.value for p in group.parts] == [1, 19, 16]

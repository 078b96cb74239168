"""narrative_sum on groups built by hand: totals with listed parts, and percentages."""
from __future__ import annotations

import pytest

from govtext.data import metric_parts, metric_within
from govtext.model import Fact, Group, Report
from govtext.reconcile import reconcile
from test_reconcile_narrative import fact

SEED001 = ("截止到12月底,我街累计政府信息公开44条,报送主网站信息发布200余条.街道微信微博公众号千余篇。"
           "其中政府信息公开:机构设置3条,人事信息3条,部门文件7条,转发回应社会关切1条,"
           "无政策性解读、无行政规范性文件、无土地与房屋征收公告,其他信息27条。")


def group(text: str, total, parts, exhaustive=True, shares=()) -> Group:
    facts = [f for f in (total, *parts) if f] + [p for _, p in shares]
    return Group(total, list(parts), exhaustive, list(shares),
                 min(f.start for f in facts), max(f.end for f in facts))


def findings(text: str, groups: list[Group]):
    r = Report(source="s.txt", format="txt", text=text, year=2020, groups=groups)
    return reconcile(r)


def seed001_group(exhaustive=True, other=27) -> tuple[str, Group]:
    text = SEED001.replace("其他信息27条", f"其他信息{other}条")
    total = fact(text, "累计政府信息公开44条", "proactive.total", 44, unit="条")
    parts = [fact(text, s, None, v, unit="条") for s, v in (
        ("机构设置3条", 3), ("人事信息3条", 3), ("部门文件7条", 7), ("转发回应社会关切1条", 1),
        ("无政策性解读", 0), ("无行政规范性文件", 0), ("无土地与房屋征收公告", 0),
        (f"其他信息{other}条", other))]
    return text, group(text, total, parts, exhaustive)


def test_seed001_parts_do_not_add_up_to_the_total():
    text, g = seed001_group()
    [f] = findings(text, [g])
    assert (f.kind, f.rule, f.severity, f.expected, f.observed) == (
        "narrative_sum", "prose.sum", "error", 44, 41)
    assert f.metrics == ["proactive.total"]
    assert f.evidence[0].text == "累计政府信息公开44条"
    assert text[f.evidence[-1].start:f.evidence[-1].end] == "其他信息27条"


def test_parts_that_add_up_and_non_exhaustive_lists_are_fine():
    text, g = seed001_group(other=30)
    assert findings(text, [g]) == []
    text, g = seed001_group(exhaustive=False)
    assert findings(text, [g]) == []


def test_qualified_total_is_read_loosely():
    text = "共公开信息200余条,其中工作动态150条,其他信息60条。"
    total = fact(text, "共公开信息200余条", "proactive.total", 200, "at_least", unit="条")
    parts = [fact(text, "工作动态150条", None, 150, unit="条"), fact(text, "其他信息60条", None, 60, unit="条")]
    assert findings(text, [group(text, total, parts)]) == []
    parts[1] = fact(text, "其他信息60条", None, 20, unit="条")        # 170 < 200: fewer than stated
    [f] = findings(text, [group(text, total, parts)])
    assert (f.severity, f.observed) == ("error", 170)


OUTCOMES = ("全部完成了5件依申请件的答复工作,其中,予以公开1件,部分公开0件,不予公开0件,无法提供3件,"
            "不予处理1件,其他处理0件,结转下年度继续办理1件。")
OUTCOME_FACTS = (("予以公开1件", "apply.granted", 1), ("部分公开0件", "apply.partial", 0),
                 ("不予公开0件", "apply.denied", 0), ("无法提供3件", "apply.unable", 3),
                 ("不予处理1件", "apply.not_processed", 1), ("其他处理0件", "apply.other", 0),
                 ("结转下年度继续办理1件", "apply.carried_forward", 1))


def outcome_group(drop: str = "", granted: int = 1, exhaustive: bool = False) -> Group:
    total = fact(OUTCOMES, "全部完成了5件依申请件的答复工作", "apply.total_handled", 5)
    parts = [fact(OUTCOMES, s, m, granted if m == "apply.granted" else v)
             for s, m, v in OUTCOME_FACTS if m != drop]
    return group(OUTCOMES, total, parts, exhaustive)


def test_parts_of_another_metric_are_not_summed():
    # 结转下年度 is listed with the 办理结果 but is no part of them
    assert findings(OUTCOMES, [outcome_group()]) == []
    [f] = findings(OUTCOMES, [outcome_group(granted=2)])
    assert (f.expected, f.observed, f.metrics[0]) == (5, 6, "apply.total_handled")
    assert "apply.carried_forward" not in f.metrics


@pytest.mark.parametrize("child, parent, inside", [
    ("apply.unable.not_held", "apply.total_handled", True),    # two levels down
    ("apply.not_this_agency", "apply.unable", True),           # 统计表's id of 本机关不掌握
    ("apply.unable.not_held", "apply.answered", True),         # ... and back, via the identity
    ("apply.channel.online", "apply.new", True),               # parts from a table identity
    ("apply.carried_forward", "apply.total_handled", False),
    ("apply.total_handled", "apply.total_handled", False),
    ("apply.granted", "apply.new", False),
])
def test_metric_within_walks_dictionary_identities_and_same_meaning(child, parent, inside):
    assert metric_within(child, parent) is inside


def test_metric_parts_of_an_identity_carry_its_optional_rows():
    parts, optional = metric_parts("apply.new")
    assert "apply.channel.fax" in parts and optional == ("apply.channel.other",)
    assert metric_parts("apply.granted") == ((), ())


def test_a_list_that_leaves_out_an_outcome_does_not_cover_the_total():
    # ends with 其他处理, but 无法提供 is missing: the wording's "exhaustive" is not enough
    assert findings(OUTCOMES, [outcome_group(drop="apply.unable", exhaustive=True)]) == []


def shares_group(counts_pcts, total):
    """"共收到申请N件。甲2件,占67%;甲1件,占33%" with its group."""
    text = "共收到申请N件。" + ";".join(f"甲{c}件,占{p}%" for c, p in counts_pcts)
    whole = fact(text, "共收到申请N件", "apply.new", total)
    pos, shares = 0, []
    for c, p in counts_pcts:
        count = _at(text, f"甲{c}件", pos, c, "件")
        pct = _at(text, f"占{p}%", count.end, p, "%")
        shares.append((count, pct))
        pos = pct.end
    return text, group(text, whole, [c for c, _ in shares], True, shares)


def _at(text: str, snippet: str, pos: int, value, unit: str) -> Fact:
    start = text.index(snippet, pos)
    return Fact(None, None, value, "exact", unit, snippet, start, start + len(snippet))


@pytest.mark.parametrize("counts_pcts,total", [
    ([(2, 67), (1, 33)], 3),                       # seed 002 channels
    ([(1, 33), (1, 33), (1, 34)], 3),              # seed 002 answers: 1/3 printed 34%
    ([(2, 0.2), (4, 0.4), (969, 99.4)], 975),      # seed 002 proactive
    ([(222, 23), (742, 77)], 964),                 # seed 002 consultations
])
def test_seed002_shares_agree(counts_pcts, total):
    text, g = shares_group(counts_pcts, total)
    assert findings(text, [g]) == []


def test_a_share_a_full_point_off_is_wrong():
    text, g = shares_group([(5, 50), (1, 11), (3, 30), (1, 10)], 10)   # 1 of 10 is 10%
    [f] = findings(text, [g])
    assert (f.rule, f.expected, f.observed) == ("prose.share", 10, 11)


def test_wrong_share_is_reported_once():
    text, g = shares_group([(2, 76), (1, 33)], 3)
    [f] = findings(text, [g])
    assert (f.rule, f.expected, f.observed) == ("prose.share", 67, 76)


def test_shares_of_an_exhaustive_split_sum_to_100():
    text = "调查结果:甲占45%;乙占12%;丙占9%;丁占15%。"
    pcts = [fact(text, s, None, v, unit="%") for s, v in
            (("甲占45%", 45), ("乙占12%", 12), ("丙占9%", 9), ("丁占15%", 15))]
    g = Group(None, [], True, [(None, p) for p in pcts], 0, len(text))
    [f] = findings(text, [g])
    assert (f.rule, f.expected, f.observed) == ("prose.share_total", 100, 81)
    g.exhaustive = False                            # multiple-choice answers: no total
    assert findings(text, [g]) == []

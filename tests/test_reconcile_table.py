"""table_identity on tables built by hand: 表三, 表四 and a pre-2019 统计表."""
from __future__ import annotations

import pytest

from govtext.data import t3_columns
from govtext.model import Cell, Report
from govtext.reconcile import reconcile

DENIED = [f"apply.denied.{k}" for k in ("state_secret", "law_forbidden", "three_safety",
          "third_party", "internal_affairs", "process_info", "enforcement_file", "admin_query")]
UNABLE = [f"apply.unable.{k}" for k in ("not_held", "need_creation", "unclear")]
NOT_PROCESSED = [f"apply.not_processed.{k}" for k in ("petition", "duplicate", "publication",
                 "excessive", "confirm")]
OTHER_2021 = ["apply.other.no_correction", "apply.other.no_fee", "apply.other.other"]


def t3(rows: dict[str, list[int]]) -> list[Cell]:
    """表三 cells from {metric: seven values in column order}; rows not given are zero."""
    return [Cell("t3", m, c, v, str(v)) for m, vals in rows.items()
            for c, v in zip(t3_columns(), vals)]


def zeros(metrics: list[str]) -> dict[str, list[int]]:
    return {m: [0] * 7 for m in metrics}


def seed000_rows(template: str = "2019") -> dict[str, list[int]]:
    """Seed 000's 表三 as printed: outcome rows sum to 5, (七)总计 says 6."""
    rows = {"apply.new": [6, 0, 0, 0, 0, 0, 6], "apply.carried_over": [0] * 7,
            "apply.granted": [1, 0, 0, 0, 0, 0, 1], "apply.partial": [0] * 7,
            **zeros(DENIED), **zeros(UNABLE), **zeros(NOT_PROCESSED)}
    rows["apply.unable.not_held"] = [3, 0, 0, 0, 0, 0, 3]
    rows["apply.not_processed.petition"] = [1, 0, 0, 0, 0, 0, 1]
    rows.update(zeros(OTHER_2021) if template == "2021" else {"apply.other": [0] * 7})
    rows["apply.total_handled"] = [6, 0, 0, 0, 0, 0, 6]
    rows["apply.carried_forward"] = [1, 0, 0, 0, 0, 0, 1]
    return rows


def report(cells: list[Cell], template: str = "2019") -> Report:
    return Report(source="t.txt", format="txt", text="", template=template, cells=cells)


def by_rule(findings):
    return sorted((f.rule, f.column) for f in findings)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_seed000_table_reports_outcome_sum_and_balance_per_column(template):
    findings = reconcile(report(t3(seed000_rows(template)), template))
    assert by_rule(findings) == [("t3.balance", "natural"), ("t3.balance", "total"),
                                 ("t3.outcome_sum", "natural"), ("t3.outcome_sum", "total")]
    outcome = next(f for f in findings if f.rule == "t3.outcome_sum" and f.column == "total")
    assert (outcome.kind, outcome.severity, outcome.expected, outcome.observed) == (
        "table_identity", "error", 5, 6)
    assert outcome.metrics[0] == "apply.total_handled"
    cells = {e.cell: e.value for e in outcome.evidence}
    assert cells == {"t3/apply.total_handled/total": 6, "t3/apply.granted/total": 1,
                     "t3/apply.unable.not_held/total": 3,
                     "t3/apply.not_processed.petition/total": 1}
    balance = next(f for f in findings if f.rule == "t3.balance" and f.column == "natural")
    assert (balance.expected, balance.observed) == (6, 7)


def test_consistent_table_yields_nothing():
    rows = seed000_rows()
    rows["apply.total_handled"] = [5, 0, 0, 0, 0, 0, 5]
    assert reconcile(report(t3(rows))) == []


def test_cut_table_is_not_a_contradiction():
    rows = seed000_rows()
    cut = dict(list(rows.items())[:8])          # stops inside (三)不予公开
    cut["apply.total_handled"] = rows["apply.total_handled"]
    assert reconcile(report(t3(cut))) == []
    # a missing column of a row also stops that column's checks, not the others
    cells = [c for c in t3(rows) if not (c.metric == "apply.granted" and c.column == "natural")]
    assert by_rule(reconcile(report(cells))) == [
        ("t3.balance", "natural"), ("t3.balance", "total"), ("t3.outcome_sum", "total")]


def test_wrong_row_totals_are_one_finding():
    rows = seed000_rows()
    rows["apply.total_handled"] = [5, 0, 0, 0, 0, 0, 5]
    rows["apply.new"] = [6, 1, 0, 0, 0, 0, 6]          # commercial 1 not in the total
    rows["apply.granted"] = [1, 1, 0, 0, 0, 0, 1]      # nor here
    findings = [f for f in reconcile(report(t3(rows))) if f.rule == "t3.row_sum"]
    assert len(findings) == 1
    f = findings[0]
    assert (f.column, f.metrics, f.expected, f.observed) == (
        "total", ["apply.new", "apply.granted"], 7, 6)
    assert {"cell": "t3/apply.new/commercial", "value": 1} in [e.to_dict() for e in f.evidence]


def test_2021_other_rows_count_in_the_outcome_sum():
    rows = seed000_rows("2021")
    rows["apply.total_handled"] = [6, 0, 0, 0, 0, 0, 6]
    rows["apply.other.no_correction"] = [1, 0, 0, 0, 0, 0, 1]
    rows["apply.carried_forward"] = [0] * 7
    assert [f.rule for f in reconcile(report(t3(rows), "2021"))] == []


def test_duplicate_cells_with_two_readings_are_not_used():
    cells = t3(seed000_rows())
    cells.append(Cell("t3", "apply.total_handled", "total", 5, "5"))
    assert by_rule(reconcile(report(cells))) == [
        ("t3.balance", "natural"), ("t3.outcome_sum", "natural")]


def t4(values: dict[str, int]) -> list[Cell]:
    return [Cell("t4", m, None, v, str(v)) for m, v in values.items()]


def t4_group(prefix: str, upheld=0, corrected=0, other=0, pending=0, total=None):
    total = upheld + corrected + other + pending if total is None else total
    return {f"{prefix}.upheld": upheld, f"{prefix}.corrected": corrected,
            f"{prefix}.other": other, f"{prefix}.pending": pending, f"{prefix}.total": total}


def test_t4_each_group_total():
    values = {**t4_group("review", 2, 1, 0, 1), **t4_group("litigation.direct", 1, total=2),
              **t4_group("litigation.after_review")}
    findings = reconcile(report(t4(values)))
    assert [(f.rule, f.metrics[0], f.expected, f.observed) for f in findings] == [
        ("t4.group_sum", "litigation.direct.total", 1, 2)]
    values["litigation.direct.total"] = 1
    assert reconcile(report(t4(values))) == []


def stats(values: dict[str, int]) -> list[Cell]:
    return [Cell("stats", m, None, v, str(v)) for m, v in values.items()]


SEED002_STATS = {
    "apply.new": 3, "apply.channel.in_person": 0, "apply.channel.fax": 0,
    "apply.channel.online": 2, "apply.channel.letter": 1,
    "apply.concluded": 2, "apply.concluded_on_time": 2, "apply.concluded_extended": 0,
    "apply.answered": 2, "apply.already_public": 0, "apply.granted": 0, "apply.partial": 1,
    "apply.denied": 0, "apply.not_this_agency": 1, "apply.not_exist": 0,
    "apply.correction_notice": 0, "apply.other_channel": 0,
    "review.total": 0, "review.upheld": 0, "review.corrected": 0, "review.other": 0,
    "staff.total": 1, "staff.fulltime": 1, "staff.parttime": 0,
}


def test_stats_table_of_seed002_is_consistent():
    # 申请办结数 2 of 收到申请数 3 is no identity: one may still be in process
    assert reconcile(report(stats(SEED002_STATS), "pre2019")) == []


@pytest.mark.parametrize("metric,value,total", [
    ("apply.channel.online", 3, "apply.new"),           # channels: 4 printed, 其他 optional
    ("apply.concluded_extended", 1, "apply.concluded"),
    ("apply.partial", 2, "apply.answered"),
    ("review.other", 1, "review.total"),                 # 3 results, 尚未审结 optional
    ("staff.parttime", 2, "staff.total"),
])
def test_stats_item_sums(metric, value, total):
    findings = reconcile(report(stats({**SEED002_STATS, metric: value}), "pre2019"))
    assert [(f.rule, f.metrics[0]) for f in findings] == [("stats.part_sum", total)]
    assert findings[0].observed == SEED002_STATS[total]


def test_stats_sum_needs_every_required_item():
    values = dict(SEED002_STATS, **{"apply.partial": 2})
    del values["apply.not_exist"]
    assert reconcile(report(stats(values), "pre2019")) == []

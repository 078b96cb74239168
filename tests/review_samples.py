"""Reports built by hand for the review-page tests: every span and cell reference is
computed from the text, so the page is checked against offsets that really point at
the words."""
from __future__ import annotations

from govtext.data import t3_columns
from govtext.model import Cell, Evidence, Fact, Finding, Report, Section

TEXT_2021 = (
    "某某街道办事处2022年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "2022年,本街道主动公开政府信息356条。全年共收到政府信息公开申请7件,均已按时答复。"
    "办理行政复议案件50余件。\n"
    "三、收到和处理政府信息公开申请情况\n"
    "(表三见附件)</script><b>不是标签</b>\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "(表四见附件)\n"
)

#: 表三 rows as (metric, natural, commercial, research, social, legal, other_org, total);
#: the balance is off by one in the total column (6 + 1 ≠ 5 + 1).
T3_ROWS = [
    ("apply.new", 5, 1, 0, 0, 0, 0, 6),
    ("apply.carried_over", 1, 0, 0, 0, 0, 0, 1),
    ("apply.granted", 3, 1, 0, 0, 0, 0, 4),
    ("apply.unable.not_held", 1, 0, 0, 0, 0, 0, 1),
    ("apply.total_handled", 4, 1, 0, 0, 0, 0, 5),
    ("apply.carried_forward", 1, 0, 0, 0, 0, 0, 1),
]


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def fact(text: str, words: str, metric: str | None, value, column: str | None = None,
         qualifier: str = "exact", unit: str | None = "件") -> Fact:
    start, end = span(text, words)
    return Fact(metric=metric, column=column, value=value, qualifier=qualifier, unit=unit,
                text=words, start=start, end=end, section="overview")


def report_2021(source: str = "street-2022.txt") -> Report:
    """A 2021-template report with a table identity error and a prose/table contradiction."""
    text = TEXT_2021
    cells = [Cell("t3", m, c, v, str(v)) for m, *vals in T3_ROWS
             for c, v in zip(t3_columns(), vals)]
    cells += [Cell("t4", f"review.{c}", None, v, str(v))
              for c, v in zip(("upheld", "corrected", "other", "pending", "total"), (1, 0, 0, 1, 2))]
    new_fact = fact(text, "收到政府信息公开申请7件", "apply.new", 7, "total")
    review_fact = fact(text, "行政复议案件50余件", "review.total", 50, qualifier="at_least")
    facts = [fact(text, "主动公开政府信息356条", "proactive.total", 356, unit="条"),
             new_fact, review_fact]
    total = {c.key: c for c in cells}
    findings = [
        Finding(source=source, kind="table_identity", severity="error", rule="t3.balance",
                message="本年新收加上年结转不等于办理总计加结转下年度", metrics=[
                    "apply.new", "apply.carried_over", "apply.total_handled", "apply.carried_forward"],
                column="total", expected=7, observed=6,
                evidence=[Evidence.of_cell(total[f"t3/{m}/total"]) for m in (
                    "apply.new", "apply.carried_over", "apply.total_handled", "apply.carried_forward")]),
        Finding(source=source, kind="narrative_vs_table", severity="error", rule="prose.t3",
                message="正文称收到申请7件,表三为6件", metrics=["apply.new"], column="total",
                expected=6, observed=7,
                evidence=[Evidence.of_fact(new_fact), Evidence.of_cell(total["t3/apply.new/total"])]),
        Finding(source=source, kind="narrative_vs_table", severity="warning", rule="prose.t4",
                message="正文称行政复议50余件,表四为2件", metrics=["review.total"], column=None,
                expected=2, observed=50,
                evidence=[Evidence.of_fact(review_fact), Evidence.of_cell(total["t4/review.total"]),
                          Evidence(cell="t4/litigation.total", value=0)]),
    ]
    heads = ["一、总体情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    starts = [text.index(h) for h in heads] + [len(text)]
    sections = [Section(kind, head, starts[i], starts[i + 1])
                for i, (kind, head) in enumerate(zip(("overview", "requests", "review_litigation"), heads))]
    return Report(source=source, format="txt", text=text, template="2021", year=2022,
                  issuer="某某街道办事处", sections=sections, cells=cells, facts=facts,
                  findings=findings, warnings=["表四 lacks its litigation rows"])


def report_clean(source: str, year: int | None, template: str) -> Report:
    """A report with a fact and a stats cell and no findings."""
    text = f"{year}年共收到政府信息公开申请3件。"
    return Report(source=source, format="txt", text=text, template=template, year=year,
                  cells=[Cell("stats", "apply.new", None, 3, "3")],
                  facts=[fact(text, "收到政府信息公开申请3件", "apply.new", 3, "total")])

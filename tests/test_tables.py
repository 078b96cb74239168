"""The table parser on every layout real reports use, and on the real reports."""
from __future__ import annotations

import pytest

from govtext.normalize import normalize_text
from govtext.pipeline import parse_document, parse_file, parse_text
from govtext.model import RawDocument, Report, Table
from govtext.tables import annotate, parse_tables
from govtext.tables._stream import cell_value
from govtext.synth import generate

COLUMNS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")


def _parse(raw: str, **kw):
    """Cells as {(table, metric, column): value}, and the warnings."""
    cells, warnings = parse_tables(normalize_text(raw).text, **kw)
    return {(c.table, c.metric, c.column): c.value for c in cells}, warnings


def _t3(cells, metric):
    return [cells.get(("t3", metric, c)) for c in COLUMNS]


# ---------------------------------------------------------------- values

@pytest.mark.parametrize("raw, unit, value", [
    ("443.6万", "万元", 443.6), ("239.8282万", "万元", 239.8282), ("213.58 万元", "万元", 213.58),
    ("27270", "万元", 27270), ("+123", None, 123), ("-2", None, -2), ("减4", None, -4),
    ("增3", None, 3), ("1,234", None, 1234), ("1.2万", None, 12000), ("2万元", "元", 20000),
    ("75.9260", "万元", 75.926),
])
def test_cell_value(raw, unit, value):
    got = cell_value(raw, unit)
    assert got == value and type(got) is type(value)


# ---------------------------------------------------------------- layouts

T2_2019_CELL_PER_LINE = """二、主动公开政府信息情况

\t第二十条第（一）项

\t信息内容
\t本年新
制作数量
\t本年新
公开数量
\t对外公开总数量

\t规章
\t０
\t０
\t４

\t规范性文件
\t1
\t2
\t3

\t第二十条第（五）项

\t信息内容
\t上一年项目数量
\t本年增/减
\t处理决定数量

\t行政许可
\t339
\t+123
\t462

\t其他对外管理服务事项
\t0
\t减4
\t6863

\t第二十条第（九）项

\t信息内容
\t采购项目数量
\t采购总金额

\t政府集中采购
\t5
\t443.6万

三、收到和处理政府信息公开申请情况
"""


def test_t2_one_cell_per_line_with_split_header():
    cells, warnings = _parse(T2_2019_CELL_PER_LINE)
    assert cells[("t2", "rules.total_public", None)] == 4
    assert cells[("t2", "normative.published", None)] == 2
    assert cells[("t2", "license.change", None)] == 123
    assert cells[("t2", "other_services.change", None)] == -4
    assert cells[("t2", "procurement.amount", None)] == 443.6
    # 行政处罚/强制/收费 are not in this excerpt: named, never zero-filled.
    assert ("t2", "penalty.decisions", None) not in cells
    assert any("表二" in w and "missing rows" in w and "行政处罚" in w for w in warnings)


def test_t2_pipe_cells_with_truncated_header_and_empty_cell():
    raw = ("第二十条第(一)项 |\n|||\n信息内容 |\n本年新 |\n本年新 |\n对外公开总数量 |\n"
           "规章 |\n0 |\n0 |\n0 |\n规范性文件 |\n3 |\n3 |\n40 |\n"
           "第二十条第(六)项 |\n|||\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n"
           "行政处罚 |\n|\n+239 |\n239 |\n|\n")
    cells, _ = _parse(raw)
    assert cells[("t2", "normative.total_public", None)] == 40
    assert ("t2", "penalty.prev_items", None) not in cells      # the lone "|" is an empty cell
    assert cells[("t2", "penalty.change", None)] == 239
    assert cells[("t2", "penalty.decisions", None)] == 239


def test_t2_2021_columns():
    raw = ("第二十条第(一)项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
           "规章\t0\t0\t0\n行政规范性文件\t5\t12\t8\n"
           "第二十条第(五)项\n信息内容\t本年处理决定数量\n行政许可\t200\n"
           "第二十条第(六)项\n信息内容\t本年处理决定数量\n行政处罚\t81\n行政强制\t0\n"
           "第二十条第(八)项\n信息内容\t本年收费金额(单位:万元)\n行政事业性收费\t75.9260\n")
    cells, warnings = _parse(raw)
    assert cells[("t2", "normative.issued", None)] == 5
    assert cells[("t2", "normative.in_force", None)] == 8
    assert cells[("t2", "license.decisions", None)] == 200
    assert cells[("t2", "fees.amount", None)] == 75.926
    assert not any(k[1].endswith(".made") for k in cells)
    assert warnings == []


T3_TAB_ROWS = """三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t
\t\t自然人\t法人或其他组织\t\t\t\t\t\t
一、本年新收政府信息公开申请数量\t\t5\t1\t0\t0\t0\t0\t6\t
二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t
三、本年度办理结果\t(一)予以公开\t2\t0\t0\t0\t0\t0\t2\t
\t(二)部分公开(区分处理的,只计这一情况,不计其他情形)\t1\t0\t0\t0\t0\t0\t1\t
\t(三)不予公开\t1. 属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t\t5. 属于三类内容事务信息\t0\t1\t0\t0\t0\t0\t1
\t\t6. 属于四类过程性性信息\t1\t0\t0\t0\t0\t0\t1
(四) 无法提供\t1. 本机关不掌握相关政府信息\t\t0\t0\t0\t0\t0\t0
(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\t
(七) 总计\t4\t1\t0\t0\t0\t0\t5\t
四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2
"""


def test_t3_tab_rows_typos_and_positional_empty_cell():
    cells, warnings = _parse(T3_TAB_ROWS)
    assert _t3(cells, "apply.new") == [5, 1, 0, 0, 0, 0, 6]
    assert _t3(cells, "apply.partial")[-1] == 1                     # 只计这一情况
    assert _t3(cells, "apply.denied.internal_affairs")[1] == 1      # 三类内容事务信息
    assert _t3(cells, "apply.denied.process_info")[0] == 1          # 过程性性信息
    # An empty 自然人 cell in a TAB row keeps its place: no zero, no shift.
    assert _t3(cells, "apply.unable.not_held") == [None, 0, 0, 0, 0, 0, 0]
    assert _t3(cells, "apply.other") == [0] * 7
    assert _t3(cells, "apply.total_handled")[-1] == 5
    assert any("表三 incomplete: missing rows" in w and "2.其他法律" in w for w in warnings)


def test_t3_2021_other_rows():
    raw = ("申请人情况\n(六)其他处理\n"
           "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
           "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
           "3.其他\t2\t0\t0\t0\t0\t0\t2\n(七)总计\t3\t0\t0\t0\t0\t0\t3\n")
    cells, _ = _parse(raw)
    assert _t3(cells, "apply.other.no_correction")[-1] == 1
    assert _t3(cells, "apply.other.other") == [2, 0, 0, 0, 0, 0, 2]
    assert _t3(cells, "apply.other") == [None] * 7                  # a heading in 2021
    assert _t3(cells, "apply.total_handled")[-1] == 3


def test_t3_explicit_empty_cells_are_honoured():
    # r094/r108 layout: one cell per line ending in a pipe, lone "|" = empty cell.
    raw = ("申请人情况 |\n||||||||\n自然人 |\n总计 |\n"
           "一、本年新收政府信息公开申请数量 |\n56 |\n|\n|\n|\n|\n|\n56 |\n||\n"
           "二、上年结转政府信息公开申请数量 |\n|\n|\n|\n|\n|\n|\n0 |\n||\n"
           "三、本年度办理结果 |\n(一)予以公开 |\n18 |\n|\n|\n|\n|\n|\n|\n|\n")
    cells, _ = _parse(raw)
    assert _t3(cells, "apply.new") == [56, None, None, None, None, None, 56]
    assert _t3(cells, "apply.carried_over") == [None] * 6 + [0]
    assert _t3(cells, "apply.granted") == [18] + [None] * 6


def test_t3_row_without_alignment_warns_and_emits_nothing():
    # r053: two values for seven columns and no empty cells to say which.
    raw = ("申请人情况 |\n||||||||\n自然人 |\n"
           "一、本年新收政府信息公开申请数量 |\n3 |\n3 |\n|||||||||\n"
           "二、上年结转政府信息公开申请数量 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n||\n")
    cells, warnings = _parse(raw)
    assert _t3(cells, "apply.new") == [None] * 7
    assert _t3(cells, "apply.carried_over") == [0] * 7
    assert any("表三 row 一、本年新收" in w and "2 values for 7 columns, not aligned" in w
               for w in warnings)
    assert any("表三 cut short: missing rows (一)予以公开" in w for w in warnings)


def test_pdf_text_rows_and_stacked_t4_header():
    # r071: a PDF page holding the end of 表三 and a 表四 with its header stacked
    # character by character.
    raw = ("四、结转下年度继续办理 0 0 0 0 0 0 0\n四、政府信息公开行政复议、行政诉讼情况\n"
           "2020 年,我单位未出现申请行政复议、提起行政诉讼的情况。\n行政复议 行政诉讼\n"
           "未经复议直接起诉 复议后起诉\n结 结 其 尚\n结 结 其 尚 结 结 其 尚\n果 果 他 未\n"
           "总计 果 果 他 未 总 果 果 他 未 总\n维 纠 结 审\n"
           "0 1 0 0 1 0 0 0 2 2 0 0 0 0 0\n五、存在的主要问题及改进情况\n")
    cells, warnings = _parse(raw)
    assert _t3(cells, "apply.carried_forward") == [0] * 7
    t4 = {m: v for (t, m, _), v in cells.items() if t == "t4"}
    assert len(t4) == 15
    assert t4["review.corrected"] == 1 and t4["review.total"] == 1
    assert t4["litigation.direct.pending"] == 2 and t4["litigation.direct.total"] == 2
    assert t4["litigation.after_review.total"] == 0
    assert any("表三 incomplete: missing rows 一、本年新收" in w for w in warnings)


def test_t4_one_cell_per_line_with_empty_header_cells():
    raw = ("\t行政复议\n\t行政诉讼\n\n\t结果\n\n维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n"
           "\t未经复议直接起诉\n\t复议后起诉\n\n\t\n\t\n\t\n\t\n\t\n\t结果维持\n\t结果纠正\n"
           "\t其他结果\n\t尚未审结\n\t总计\n\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\n"
           + "".join(f"\t{i}\n" for i in range(15)) + "\n六、存在的主要问题及改进情况\n")
    cells, _ = _parse(raw)
    assert cells[("t4", "review.upheld", None)] == 0
    assert cells[("t4", "litigation.after_review.total", None)] == 14


def test_t4_header_without_values_is_cut_short():
    _, warnings = _parse("行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n")
    assert any("表四 cut short" in w for w in warnings)


PRE2019_STATS = """政府信息公开情况统计表
\t统计指标\t单位\t统计数
\t三、依申请公开情况\t\t
\t(一)收到申请数\t件\t3
\t1.当面申请数\t件\t0
\t(三)申请答复数\t件\t2
\t4.不同意公开答复数\t件\t0
\t其中:涉及国家秘密\t件\t0
\t涉及商业秘密\t件\t0
\t四、行政复议数量\t件\t3
\t(一)维持具体行政行为数\t件\t1
\t(二)被依法纠错数\t件\t2
\t(三)其他情形数\t件\t0
\t五、行政诉讼数量\t件\t4
\t(一)维持具体行政行为或者驳回原告诉讼请求数\t件\t1
\t(二)被依法纠错数\t件\t3
\t(三)其他情形数\t件\t0
\t七、依申请公开信息收取的费用\t元\t
\t(三)从事政府信息公开工作人员数\t人\t1.2万
"""


def test_pre2019_statistics_table():
    cells, warnings = _parse(PRE2019_STATS)
    stats = {m: v for (t, m, _), v in cells.items() if t == "stats"}
    assert stats["apply.new"] == 3 and stats["apply.channel.in_person"] == 0
    assert stats["apply.answered"] == 2 and stats["apply.denied.state_secret"] == 0
    # Sub-items mean different things under 行政复议 and 行政诉讼.
    assert stats["review.total"] == 3 and stats["review.corrected"] == 2
    assert stats["litigation.total"] == 4
    assert not any(m.startswith("litigation.") and m != "litigation.total" for m in stats)
    assert "fees.collected" not in stats                     # empty, not zero
    assert stats["staff.total"] == 12000
    assert all(c is None for (_, _, c) in cells)
    assert any("七、依申请公开信息收取的费用" in w for w in warnings)


def test_prose_only_has_no_tables():
    text = "一、总体情况\n全年共收到依申请公开6件,予以公开1件。\n(一)予以公开\n本年度予以公开1件。\n"
    assert parse_tables(normalize_text(text).text) == ([], [])


def test_annotate_fills_table_spans():
    report = parse_text(T3_TAB_ROWS, until="tables")
    (table, start, end), = report.table_spans
    assert table == "t3"
    assert report.text[start:].startswith("(本列数据")
    assert report.text[:end].endswith("2")
    assert report.in_table(report.text.index("四、结转下年度"))


# ---------------------------------------------------------------- real reports

def test_all_real_reports_parse(real_reports):
    for path in real_reports:
        report = parse_file(path, until="tables")
        assert all(c.table in ("t2", "t3", "t4", "stats") for c in report.cells), path.name
        assert all((c.column is None) == (c.table != "t3") for c in report.cells), path.name


def _real(shared, name):
    report = parse_file(shared / "real-reports" / name, until="tables")
    return ({(c.table, c.metric, c.column): c.value for c in report.cells}, report.warnings)


def test_real_r059_signed_increments_and_empty_cell(shared):
    cells, _ = _real(shared, "r059.txt")
    assert cells[("t2", "license.prev_items", None)] == 339
    assert cells[("t2", "license.change", None)] == 123
    assert ("t2", "penalty.prev_items", None) not in cells
    assert cells[("t2", "penalty.change", None)] == 239
    assert cells[("t2", "procurement.amount", None)] == 27270


def test_real_r069_markdown_rows_negative_increment(shared):
    cells, warnings = _real(shared, "r069.txt")
    assert cells[("t2", "license.change", None)] == -2
    assert cells[("t2", "other_services.decisions", None)] == 14397
    assert any("表二 cut short: missing rows 政府集中采购" in w for w in warnings)


def test_real_r053_unaligned_rows(shared):
    cells, warnings = _real(shared, "r053.txt")
    assert not [k for k in cells if k[0] == "t3"]
    assert sum("not aligned" in w for w in warnings) == 4
    assert any("表三 cut short: missing rows" in w for w in warnings)


def test_real_r094_blank_cells(shared):
    cells, _ = _real(shared, "r094.txt")
    assert _t3(cells, "apply.new") == [56, None, None, None, None, None, 56]
    assert _t3(cells, "apply.granted") == [18] + [None] * 6
    assert cells[("t2", "normative.in_force", None)] == 0


def test_real_r108_only_totals(shared):
    cells, warnings = _real(shared, "r108.txt")
    assert _t3(cells, "apply.new") == [None] * 6 + [0]
    assert _t3(cells, "apply.denied.internal_affairs") == [None] * 6 + [0]
    assert any("表三 cut short: missing rows 6.属于四类过程性信息" in w for w in warnings)


def test_real_r071_and_r099_table_four_from_pdf_text(shared):
    for name in ("r071.txt", "r099.txt"):
        cells, _ = _real(shared, name)
        t4 = {k: v for k, v in cells.items() if k[0] == "t4"}
        assert len(t4) == 15 and set(t4.values()) == {0}, name


def test_real_r080_2021_padded_cells(shared):
    cells, warnings = _real(shared, "r080.txt")
    assert cells[("t2", "license.decisions", None)] == 200
    assert cells[("t2", "penalty.decisions", None)] == 81
    assert cells[("t2", "fees.amount", None)] == 75.926
    assert not [w for w in warnings if "表二" in w]


def test_real_r060_values_under_heading_row(shared):
    cells, warnings = _real(shared, "r060.txt")
    assert not [k for k in cells if k[1].startswith("apply.denied")]
    assert any("(三)不予公开: 62 values under a heading row" in w for w in warnings)


def test_real_r079_row_cut_by_the_excerpt(shared):
    # "(一)予以公开 |\n1 | 0 | 0 | 0 | 0 | 0" and the page ends: the six cells before the
    # cut are certain in a layout that shows its empty cells; the seventh is not there.
    cells, warnings = _real(shared, "r079.txt")
    assert _t3(cells, "apply.granted") == [1, 0, 0, 0, 0, 0, None]
    assert any("表三 cut short inside row (一)予以公开: 6 of 7 columns read" in w
               for w in warnings)


def test_annotate_names_standard_tables_a_template_report_lacks():
    text = normalize_text(T2_2019_CELL_PER_LINE).text
    report = annotate(Report(source="x.txt", format="txt", text=text, template="2019"))
    assert report.cell("t2", "rules.total_public").value == 4
    assert "表三、表四 not found in this 2019-template report." in report.warnings


def test_markdown_table_rows():
    raw = ("| 第二十条第(一)项 | | | |\n|---|---|---|---|\n"
           "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
           "| 规章 | 0 | 0 | 0 |\n| 规范性文件 | 34 | 4 | 47 |\n")
    cells, _ = _parse(raw)
    assert cells[("t2", "normative.made", None)] == 34
    assert cells[("t2", "normative.total_public", None)] == 47


def test_html_grid_with_merged_cells():
    # Readers expand rowspan/colspan and leave covered slots '' (document_to_text).
    grid = Table([
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "", "申请人情况",
         "", "", "", "", "", ""],
        ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["一、本年新收政府信息公开申请数量", "", "6", "0", "0", "0", "0", "0", "6"],
        ["三、本年度办理结果", "(一)予以公开", "1", "0", "0", "0", "0", "0", "1"],
        ["", "(三)不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
    ])
    report = parse_document(RawDocument("x.html", "html", ["三、收到和处理政府信息公开申请情况", grid]),
                            until="tables")
    cells = {(c.metric, c.column): c.value for c in report.cells}
    assert cells[("apply.new", "total")] == 6
    assert cells[("apply.granted", "natural")] == 1
    assert cells[("apply.denied.state_secret", "total")] == 0


# ---------------------------------------------------------------- PDF text (r040, r071, r099)

PDF_T3 = """三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四申请人情况
项之和)
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数
量 8 1 0 0 0 0 9
二、上年结转政府信息公开申请数量 17 3 0 0 0 1 21
1
政府信息公开工作年度报告
三、本年度办理结果 (一)予以公开 5 0 0 0 0 0 5
(二)部分公开(区分处理的,只
4
计这一情形,不计其他情形) 1 0 0 0 0 0 1
(三)不予公开 1.属于国家秘密 2 0 0 0 0 0 2
2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
(四)无法提供 1.本机关不掌握相关政府信息 3 0 0 0 0 0 3
(五)不予处理 1.信访举报投诉类申请 0 1 0 0 0 0 1
(六)其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
2.申请人逾期未按收费通知要求缴纳
费用、行政机关不再处理其政府信息公 0 0 0 0 0 0 0
开申请
3.其他 4 0 0 0 0 1 5
(七)总计 14 1 0 0 0 1 16
四、结转下年度继续办理 11 3 0 0 0 0 14
"""


def test_pdf_group_label_and_first_sub_row_on_one_line():
    cells, warnings = _parse(PDF_T3)
    assert _t3(cells, "apply.granted") == [5, 0, 0, 0, 0, 0, 5]
    assert _t3(cells, "apply.denied.state_secret") == [2, 0, 0, 0, 0, 0, 2]
    assert _t3(cells, "apply.unable.not_held") == [3, 0, 0, 0, 0, 0, 3]
    assert _t3(cells, "apply.not_processed.petition") == [0, 1, 0, 0, 0, 0, 1]
    assert _t3(cells, "apply.other.no_correction") == [0] * 7
    assert _t3(cells, "apply.other.other") == [4, 0, 0, 0, 0, 1, 5]     # needs group (六)
    assert not any("(六)其他处理" in w for w in warnings)


def test_pdf_wrapped_labels_and_page_numbers_inside_the_table():
    cells, warnings = _parse(PDF_T3)
    assert _t3(cells, "apply.new") == [8, 1, 0, 0, 0, 0, 9]              # "…申请数\n量 8 1 …"
    assert _t3(cells, "apply.carried_over") == [17, 3, 0, 0, 0, 1, 21]   # page "1" after it
    assert _t3(cells, "apply.partial") == [1, 0, 0, 0, 0, 0, 1]          # page "4" inside label
    assert _t3(cells, "apply.other.no_fee") == [0] * 7
    assert _t3(cells, "apply.carried_forward") == [11, 3, 0, 0, 0, 0, 14]
    assert not any("not aligned" in w for w in warnings)


def test_pdf_statistics_rows_with_unit_glued_to_label():
    raw = ("九、政府信息公开会议和培训情况\n(一)召开政府信息公开工作会议或专 次 2\n题会议数\n"
           "(二)举办各类培训班数 次 6\n(三)接受培训人员数 人次 120\n"
           "4.不同意公开答复数 件 1\n危及国家安全、公共安全、经济安全和 件 0\n社会稳定\n")
    cells, _ = _parse(raw)
    stats = {m: v for (t, m, _), v in cells.items() if t == "stats"}
    assert stats == {"meetings.total": 2, "training.sessions": 6, "training.attendees": 120,
                     "apply.denied": 1, "apply.denied.three_safety": 0}


def test_pdf_row_with_an_amount_in_wan():
    raw = ("第二十条第(九)项\n信息内容 采购项目数量 采购总金额\n政府集中采购 3 225.01万\n"
           "三、收到和处理政府信息公开申请情况\n")
    cells, _ = _parse(raw, template="2019")
    assert cells[("t2", "procurement.items", None)] == 3
    assert cells[("t2", "procurement.amount", None)] == 225.01


def test_pdf_layout_cells_against_generated_gold(tmp_path):
    """Generated PDF-text reports (every quirk of the pdf layout) give their gold cells."""
    from govtext.evaluate import load_gold
    generate(40, 5, tmp_path, layouts=["pdf"])
    missed = total = 0
    for g in load_gold(tmp_path / "gold").values():
        got = {(c.table, c.metric, c.column): c.value for c in parse_file(tmp_path / g["source"]).cells}
        want = {(c["table"], c["metric"], c["column"]): c["value"] for c in g["cells"]}
        total += len(want)
        missed += sum(got.get(k) != v for k, v in want.items())
        assert set(got) <= set(want)
    assert total > 3000 and missed / total < 0.005

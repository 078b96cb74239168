"""Normalization folds layouts into one text and keeps offsets back to the raw text."""
from __future__ import annotations

import pytest

from govtext.ingest.text import decode
from govtext.model import RawDocument, Table
from govtext.normalize import _deletions, _fold, document_to_text, normalize_text


@pytest.mark.parametrize("raw, expected", [
    ("全年共收到依申请公开６件", "全年共收到依申请公开6件"),
    ("（一）予以公开，１件；", "(一)予以公开,1件;"),
    ("集里街道 2019 年政府信息公开年度报告", "集里街道2019年政府信息公开年度报告"),
    ("区域内主要经济和社会发 展统计信息", "区域内主要经济和社会发展统计信息"),
    ("[bookmark: _GoBack]街道高度重视", "街道高度重视"),
    ("## 一、总体情况", "一、总体情况"),
    ("**二、主动公开**", "二、主动公开"),
    ("规章 |\n0 |\n|||", "规章\t\n0\t\n\t\t\t"),
    ("\t规章\n\t　　0\n\t 0", "\t规章\n\t0\n\t0"),
    ("四、结转下年度继续办理 0 0 0 0 0 0 0", "四、结转下年度继续办理 0 0 0 0 0 0 0"),
    ("a\r\nb", "a\nb"),
    ("占总数的67 %", "占总数的67%"),
])
def test_normalize_text(raw, expected):
    assert normalize_text(raw).text == expected


def test_offsets_map_back_to_raw():
    raw = "## 一、总体情况\n[bookmark: _GoBack]集里街道 2019 年收到申请６件"
    norm = normalize_text(raw)
    i = norm.text.index("6件")
    assert raw[norm.to_raw(i)] == "６"
    j = norm.text.index("2019")
    assert raw[norm.to_raw(j):norm.to_raw(j) + 4] == "2019"
    assert raw[norm.to_raw(0)] == "一"


def test_document_to_text_lays_tables_out_as_tab_rows():
    doc = RawDocument("x.html", "html", ["三、收到和处理政府信息公开申请情况",
                                         Table([["", "自然人", "总计"],
                                                ["一、本年新收政府信息公开申请数量", "6", "6"],
                                                ["本年新\n制作数量", "", "1|2"]])])
    text = document_to_text(doc)
    assert "一、本年新收政府信息公开申请数量\t6\t6" in text
    assert "本年新 制作数量\t\t1 2" in text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_decode_detects_encodings(encoding):
    text = "阳明街道办事处2019年度政府信息公开工作年度报告：全年共收到依申请公开6件，镕堃"
    if encoding == "gbk":
        text = text.replace("镕堃", "")
    assert decode(text.encode(encoding)) == text


def test_decode_utf16_without_bom():
    text = "政府信息公开工作年度报告，共收到申请3件。" * 5
    assert decode(text.encode("utf-16-le")) == text


# ---------------------------------------------------------------- PDF text: hard line breaks

def _joins(raw: str) -> list[str]:
    return normalize_text(raw).text.split("\n")


def test_unwrap_joins_lines_broken_inside_a_sentence():
    raw = ("一、总体情况\n"
           "累计政府信息公开 210 条,其中部门文件 44 条,财政预决算 113 条,规划\n"
           "计划 14 条,其它信息 39 条。\n"
           "2021年我局收到依申请公开政府信息申请33件,本年度办理\n"
           "完成32件,其中予以公开的20件,部分公开的4件,不予\n"
           "处理3件。\n")
    assert _joins(raw) == [
        "一、总体情况",
        "累计政府信息公开210条,其中部门文件44条,财政预决算113条,规划计划14条,其它信息39条。",
        "2021年我局收到依申请公开政府信息申请33件,本年度办理完成32件,其中予以公开的20件,"
        "部分公开的4件,不予处理3件。",
        ""]


def test_unwrap_keeps_offsets_back_to_the_raw_text():
    raw = "本年度新收政府信息公开申请共计15件,其中自\n然人申请651件,法人或其他组织申请9件。"
    norm = normalize_text(raw)
    assert "其中自然人申请651件" in norm.text
    i = norm.text.index("然人")
    assert raw[norm.to_raw(i):norm.to_raw(i) + 2] == "然人"
    j = norm.text.index("651")
    assert raw[norm.to_raw(j):norm.to_raw(j) + 3] == "651"


@pytest.mark.parametrize("raw", [
    # a heading, then prose
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n无行政复议、未发生行政诉讼案件。",
    # a title line (ends in 报告), then prose
    "荣成市凤凰街道办事处2021年度政府信息公开工作报告\n依据《条例》第五十条规定,编制本报告。",
    # a sentence end
    "全年主动公开政府信息210条,均已按时在门户网站公开。\n全年未收到申请。",
    # PDF table rows, a wrapped row label, a stacked 表四 header
    "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
    "(二)部分公开(区分处理的,只计这一 0 0 0 0 0 0 0\n情形,不计其他情形)",
    "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0",
    "结 结 其 尚 总 结 结 其 尚 总 结 结 其 尚 总\n果 果 他 未 计 果 果 他 未 计 果 果 他 未 计",
    # one cell per line, short lines
    "\t一、本年新收政府信息公开申请数量\n\t3\n\t二、上年结转政府信息公开申请数量",
    "本年新收政府信息公开申请数量\n3",
    "危及国家安全、公共安全、经济安全和社会稳定\n件\n0\n不是《条例》所指政府信息",
    # a portal's metadata line; a numbered item after a line
    "发布时间:2021-01-26 09:16 来源:拖市镇人民政府网站\n字号:大中小",
    "2022年,区政府办公室共收到市人大代表建议和政协\n1.民生实事项目全过程公开。",
    # an indented new paragraph
    "2020年,在区政府及上级主管部门的大力指导支持和我局\n  各科室的全力配合协作下,取得了成绩。",
])
def test_unwrap_leaves_rows_headings_and_cells_alone(raw: str):
    assert normalize_text(raw).text.count("\n") == raw.count("\n")


def test_unwrap_joins_a_number_and_its_unit_and_skips_page_furniture():
    raw = ("我局共主动公开政府信息430条,其中办事指南29条,政策解\n"
           "读206条,人事信息40条,应急管理107条,其他信息 52\n"
           "条。\n"
           "全年未收到针对本单位政府信息公开的行政复议申请,被提起行\n"
           "— 4 —\n"
           "Page 5\n"
           "政诉讼1件。\n")
    assert _joins(raw) == [
        "我局共主动公开政府信息430条,其中办事指南29条,政策解读206条,人事信息40条,"
        "应急管理107条,其他信息 52条。",
        "全年未收到针对本单位政府信息公开的行政复议申请,被提起行政诉讼1件。", ""]


@pytest.mark.parametrize("line", ["- 3 -", "—3—", "第 2 页 共 12 页", "P. 9", "Page 9"])
def test_page_furniture_lines_are_deleted(line: str):
    assert normalize_text(f"三、收到和处理政府信息公开申请情况\n{line}\n对收到的申请依法办理。").text == \
        "三、收到和处理政府信息公开申请情况\n对收到的申请依法办理。"


def test_a_flipbook_running_head_keeps_its_title():
    """r099: "Page 8 - <title>" is the report's only title line; only "Page 8 - " goes."""
    text = normalize_text("Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告\nP. 8\n四、行政复议").text
    assert text == "威海市文登区信访局2022年政府信息公开工作年度报告\n四、行政复议"


def test_a_bare_number_line_is_kept():
    """A lone number may be a table cell laid out one per line, so it is never dropped."""
    assert normalize_text("行政许可\n3\n行政处罚").text == "行政许可\n3\n行政处罚"


def test_unwrap_real_pdf_reports(shared):
    """Lines are joined only in the real reports extracted from PDFs (and two wrapped
    web pages), never in the other real layouts or the seeds."""
    joined = {}
    for path in sorted((shared / "real-reports").glob("r*.txt")) + sorted((shared / "seeds").glob("*.txt")):
        raw = path.read_text(encoding="utf-8").translate(_fold())
        n = sum(1 for m in _deletions().finditer(raw)
                if "\n" in m.group() and m.start() and raw[m.start() - 1] != "\n")
        if n:
            joined[path.stem] = n
    assert joined == {"r055": 1, "r071": 7, "r098": 11, "r099": 9, "r113": 1}
    r098 = normalize_text((shared / "real-reports" / "r098.txt").read_text(encoding="utf-8")).text
    assert "规范依申请公开办理环节,全年办理答复政府信息公开申请7件,均按时答复。" in r098


# ---------------------------------------------------------------- Traditional mirrors

def test_traditional_characters_fold_one_for_one():
    raw = "2009年度下管鎮政府信息公開年度報告:全年收到申請3件,辦結3件,主動公開條目46條。"
    norm = normalize_text(raw)
    assert norm.text == "2009年度下管镇政府信息公开年度报告:全年收到申请3件,办结3件,主动公开条目46条。"
    assert len(norm.text) == len(raw)



def test_characters_beyond_the_folding_table_pass_unchanged():
    raw = "𠀀𪚥(１)項目\U0001F600"          # Han extension B, a full-width digit, an emoji
    assert normalize_text(raw).text == "𠀀𪚥(1)项目\U0001F600"

def test_glued_pinyin_is_dropped_with_offsets_kept():
    raw = "下管鎮(zhèn)政府信息公開年度報(bào)告,收費(fèi)0元"
    norm = normalize_text(raw)
    assert norm.text == "下管镇政府信息公开年度报告,收费0元"
    i = norm.text.index("0元")
    assert raw[norm.to_raw(i)] == "0"
    assert normalize_text("附件(1) 公司(Ltd)").text == "附件(1) 公司(Ltd)"


def test_folding_table_is_one_for_one():
    from govtext import data
    fold = data.load("normalize")["fold"]
    trad, simp = ("".join(fold[k].split()) for k in ("traditional", "simplified"))
    assert len(trad) == len(simp)
    pairs = dict(zip(trad, simp))
    assert all(pairs[t] == s for t, s in zip(trad, simp))      # duplicates agree
    assert all(t != s for t, s in pairs.items())


def test_traditional_mirror_reports_read_as_simplified(shared):
    r081 = normalize_text((shared / "real-reports" / "r081.txt").read_text(encoding="utf-8")).text
    assert "二、主动公开政府信息情况" in r081
    assert "本年收费金额(单位:万元)" in r081
    r005 = normalize_text((shared / "real-reports" / "r005.txt").read_text(encoding="utf-8")).text
    assert "全年我镇在政府门户网站上主动公开信息数量为46件" in r005


def test_decode_utf8_cut_mid_character():
    """An excerpt cut at a byte limit is still UTF-8: only the partial character goes."""
    data = "全年共收到依申请公开6件".encode("utf-8")
    for cut in (1, 2):
        assert decode(data[:-cut]) == "全年共收到依申请公开6"

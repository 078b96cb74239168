"""Normalization folds layouts into one text and keeps offsets back to the raw text."""
from __future__ import annotations

import pytest

from govtext.ingest.text import decode
from govtext.model import RawDocument, Table
from govtext.normalize import document_to_text, normalize_text


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

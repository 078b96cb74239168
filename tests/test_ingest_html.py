"""HTML reader: charsets, site chrome, span grids, and the rendered report read back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from govtext.errors import UnreadableInput
from govtext.ingest import read
from govtext.model import RawDocument, Table
from govtext.synth.render import render

from conftest import FIXTURES


def _report() -> RawDocument:
    blocks = json.loads((FIXTURES / "formats" / "report_2021.json").read_text("utf-8"))
    return RawDocument("report_2021", "txt", [b if isinstance(b, str) else Table(b["rows"]) for b in blocks])


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>报告_某市人民政府</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("variant", [0, 1, 2, 3])
def test_rendered_report_reads_back_identically(tmp_path: Path, variant: int) -> None:
    doc = _report()
    path = tmp_path / "r.html"
    path.write_bytes(render(doc, "html", variant=variant))
    got = read(path)
    assert got.format == "html"
    assert got.blocks == doc.blocks


def test_gb2312_declared_page_keeps_gbk_only_characters(tmp_path: Path) -> None:
    text = "朱镕基、王堃、李喆、张珺：全年共收到政府信息公开申请6件。"
    page = _page(f"<div class='TRS_Editor'><p>{text}</p></div>",
                 '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gb18030"))
    assert text in read(path).blocks


def test_undeclared_gbk_is_detected(tmp_path: Path) -> None:
    text = "二、主动公开政府信息情况。本年度主动公开政府信息386条，其中规范性文件2件。"
    path = tmp_path / "nometa.htm"
    path.write_bytes(_page(f"<div><p>{text}</p><p>{text}</p></div>", head="").encode("gbk"))
    assert read(path).blocks[-1] == text


def test_wrongly_declared_charset_falls_back_to_the_guess(tmp_path: Path) -> None:
    text = "二、主动公开政府信息情况。本年度主动公开政府信息386条，其中规范性文件2件。"
    path = tmp_path / "misdeclared.html"
    path.write_bytes(_page(f"<div><p>{text}</p><p>{text}</p></div>").encode("gbk"))
    assert read(path).blocks[-1] == text


def test_xml_declared_xhtml(tmp_path: Path) -> None:
    page = ('<?xml version="1.0" encoding="gbk"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<body><div class='zoom'><p>年度报告正文第一段。</p></div></body></html>")
    path = tmp_path / "x.xhtml"
    path.write_bytes(page.encode("gbk"))
    assert "年度报告正文第一段。" in read(path).blocks


def test_chrome_and_metadata_box_are_dropped(tmp_path: Path) -> None:
    body = """
    <div class="top"><a href="/">首页</a><a href="/x">政务公开</a></div>
    <div class="breadcrumb">当前位置:首页 > 政务公开</div>
    <table class="meta"><tr><td>索引号:</td><td>000-01</td><td>发布机构:</td><td>某区政府办</td></tr>
    <tr><td>发布日期:</td><td>2022-01-20</td></tr></table>
    <h1>某区2021年政府信息公开工作年度报告</h1>
    <div id="zoom"><p>一、总体情况</p><p>2021年，本机关共收到政府信息公开申请6件。</p>
    <p>二、主动公开政府信息情况<br>本年度主动公开信息386条。</p></div>
    <ul class="related"><li><a href="/a">相关文章一</a></li></ul>
    <script>document.write('统计代码');</script>
    <div class="footer">版权所有:某区人民政府 网站标识码:0000000000</div>"""
    blocks = read(_write(tmp_path, _page(body))).blocks
    assert blocks == ["某区2021年政府信息公开工作年度报告", "一、总体情况",
                      "2021年，本机关共收到政府信息公开申请6件。", "二、主动公开政府信息情况",
                      "本年度主动公开信息386条。"]


def test_densest_block_without_known_container(tmp_path: Path) -> None:
    prose = "".join(f"<p>第{i}段：本年度主动公开政府信息{i}条，依法依规做好政府信息公开工作。</p>" for i in range(8))
    body = f"""<div class="a"><a href="/1">链接一</a> <a href="/2">链接二</a></div>
    <div class="wrap"><div class="b"><div class="c">{prose}</div></div>
    <div class="d">联系电话:0000</div></div>"""
    blocks = read(_write(tmp_path, _page(body))).blocks
    assert blocks[0] == "报告"                      # the <title> without its site name
    assert blocks[1].startswith("第0段") and blocks[-1].startswith("第7段")
    assert not any("联系电话" in b or "链接" in b for b in blocks)


def test_rowspan_colspan_grid_with_covered_slots_empty(tmp_path: Path) -> None:
    table = """<table><caption>表三 收到和处理政府信息公开申请情况</caption>
    <tr><td rowspan="2" colspan="2">项目</td><td colspan="3">申请人情况</td></tr>
    <tr><td>自然人</td><td>法人</td><td>总计</td></tr>
    <tr><td rowspan="2">三、本年度办理结果</td><td>(一)予以公开</td><td>2</td><td>1</td><td>3</td></tr>
    <tr><td>(二)部分公开</td><td>1</td><td>0</td><td>1</td></tr>
    <tr><td colspan="2">四、结转下年度继续办理</td><td>0</td><td>0</td><td><span>0</span></td></tr>
    </table>"""
    blocks = read(_write(tmp_path, _page(f"<div class='article'><p>三、收到和处理申请情况</p>{table}</div>"))).blocks
    assert blocks[-2] == "表三 收到和处理政府信息公开申请情况"
    assert blocks[-1] == Table([
        ["项目", "", "申请人情况", "", ""],
        ["", "", "自然人", "法人", "总计"],
        ["三、本年度办理结果", "(一)予以公开", "2", "1", "3"],
        ["", "(二)部分公开", "1", "0", "1"],
        ["四、结转下年度继续办理", "", "0", "0", "0"],
    ])


def test_layout_table_is_walked_not_gridded(tmp_path: Path) -> None:
    prose = "本年度，我局认真贯彻落实政府信息公开条例，" * 15
    data = "<table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>3</td></tr></table>"
    body = f"<table><tr><td><p>{prose}</p>{data}<p>结束语。</p></td></tr></table>"
    blocks = read(_write(tmp_path, _page(body))).blocks
    assert blocks[-3:] == [prose, Table([["规章", "0"], ["规范性文件", "3"]]), "结束语。"]


def test_cell_line_breaks_and_hostile_spans(tmp_path: Path) -> None:
    table = ('<table><tr><td>本年新<br>制作数量</td><td rowspan="99999" colspan="-3">5</td></tr>'
             "<tr><td>规章</td><td>0</td></tr></table>")
    grid = read(_write(tmp_path, _page(table))).blocks[-1]
    assert grid.rows == [["本年新\n制作数量", "5"], ["规章", "0"]]


def test_entity_declarations_are_not_expanded(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{"&lol%s;" % (i - 1 if i else "") * 10}">' for i in range(1, 9))
            + ']><html><body><p>正文&lol8;</p></body></html>')
    blocks = read(_write(tmp_path, bomb)).blocks
    assert sum(len(b) for b in blocks if isinstance(b, str)) < 1000


def test_page_without_text_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="no text"):
        read(_write(tmp_path, _page("<div><script>x()</script><img src='a.png'></div>")))


def _write(tmp_path: Path, page: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_absurdly_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    page = "<html><body><p>开头</p>" + "<div>" * 100_000 + "正文" + "</div>" * 100_000 + "</body></html>"
    try:
        blocks = read(_write(tmp_path, page)).blocks
    except UnreadableInput as exc:
        assert "page.html" in str(exc)
    else:
        assert blocks[0] == "开头"


def test_mht_web_archive_served_as_doc(tmp_path: Path) -> None:
    import quopri

    html = ('<html><head><meta charset="gb2312"></head><body><div class="Section1">'
            "<p>一、总体情况</p><p>全年共收到政府信息公开申请6件。</p>"
            "<table><tr><td>规章</td><td>0</td></tr></table></div></body></html>")
    body = quopri.encodestring(html.encode("gb18030")).decode("ascii")
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n"
           "------=_NextPart_01\r\nContent-Location: file:///C:/report.htm\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n"
           f"{body}\r\n------=_NextPart_01--\r\n")
    path = tmp_path / "report.doc"
    path.write_bytes(mht.encode("ascii"))
    doc = read(path)
    assert doc.format == "html"
    assert doc.blocks == ["一、总体情况", "全年共收到政府信息公开申请6件。", Table([["规章", "0"]])]


def test_tables_published_as_pictures_are_a_warning(tmp_path: Path) -> None:
    body = ("<div class='TRS_Editor'><p>三、收到和处理政府信息公开申请情况</p>"
            "<p><img src='/u/2022/biao3.png'></p><p>四、行政复议、行政诉讼情况</p></div>")
    doc = read(_write(tmp_path, _page(f"<img src='/logo.png'>{body}")))
    assert doc.warnings == ["the HTML article holds 1 image(s); tables published as pictures are not read"]


def test_article_never_leaves_a_data_table_behind(tmp_path: Path) -> None:
    prose = "".join(f"<p>第{i}段：本年度主动公开政府信息{i}条，依法依规做好政府信息公开工作，" * 3 + "</p>"
                    for i in range(12))
    table = "<table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>3</td></tr></table>"
    body = f"<div class='detail'><div class='TRS_Editor'>{prose}</div>{table}</div><div>联系我们</div>"
    blocks = read(_write(tmp_path, _page(body))).blocks
    assert blocks[-1] == Table([["规章", "0"], ["规范性文件", "3"]])
    assert blocks[1].startswith("第0段")

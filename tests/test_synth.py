"""The report generator: determinism, gold that points at what the text says, planted
contradictions recorded and clean reports clean, and the reference arithmetic."""
from __future__ import annotations

import random
import re
from collections import Counter

import orjson
import pytest
from typer.testing import CliRunner

from govtext.cli import app
from govtext.normalize import document_to_text, normalize_text
from govtext.pipeline import parse_text
from govtext.synth import LAYOUTS, generate, make_document, make_report
from govtext.data import chinese_numeral
from govtext.synth.content import make_profile
from govtext.synth.gold import findings
from govtext.model import Table

from conftest import SAMPLE

HANZI = set("零一二三四五六七八九十百千")
#: Bodies the 2018 reform created, and the names it retired.
NEW_BODIES = "自然资源和规划局|应急管理[局厅]|医疗保障局|卫生健康|农业农村局|生态环境局"
OLD_BODIES = "国土资源局|卫生和计划生育局|安全生产监督管理局|环境保护局"


@pytest.fixture(scope="module")
def batch() -> list[tuple[str, dict]]:
    return [make_report(11, i) for i in range(120)]


def test_synth_same_seed_same_bytes(tmp_path):
    generate(6, 3, tmp_path / "a")
    generate(6, 3, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) == 12
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    other = make_report(4, 0)[0]
    assert other != (tmp_path / "a" / "s3-00000.txt").read_text(encoding="utf-8")


def test_synth_gold_points_at_the_text(batch):
    for text, gold in batch:
        norm = normalize_text(text).text
        assert len(norm) == gold["chars"]
        for f in gold["facts"]:
            span = norm[f["start"]:f["end"]]
            assert span == f["text"]
            assert str(f["value"]) in span or HANZI & set(span) or f["value"] == 0, f
        for s in gold["sections"]:
            assert norm[s["start"]:].startswith(s["title"]) and s["start"] < s["end"]
        for c in gold["cells"]:
            assert float(re.match(r"[+-]?[\d.]+", c["raw"]).group()) == c["value"], c


def test_synth_planted_contradictions_are_gold_and_clean_reports_are_clean(batch):
    planted = [g for _, g in batch if g["planted"]]
    assert 20 <= len(planted) <= 60                      # the default rate is 0.3
    for _, gold in batch:
        if not gold["planted"]:
            assert gold["findings"] == [], gold["name"]
        elif not gold["truncated"]:
            assert {f["kind"] for f in gold["findings"]} >= {gold["planted"][0]["kind"]}, gold["name"]


def test_synth_covers_layouts_templates_and_cuts(batch):
    seen = Counter()
    for _, g in batch:
        seen.update([g["layout"], g["template"], g["issuer_kind"]] + ["cut"] * g["truncated"])
    assert all(seen[x] for x in LAYOUTS)
    assert all(seen[t] for t in ("2021", "2019", "pre2019"))
    assert all(seen[k] for k in ("street", "town", "county", "dept", "province_dept"))
    assert seen["cut"] >= 3


def test_synth_years_follow_the_template(batch):
    for _, g in batch:
        lo, hi = {"pre2019": (2008, 2018), "2019": (2019, 2022), "2021": (2021, 2025)}[g["template"]]
        assert lo <= g["year"] <= hi


def test_synth_cut_report_has_no_gold_past_the_cut(batch):
    cut = [(t, g) for t, g in batch if g["truncated"]]
    assert cut
    for text, gold in cut:
        n = gold["chars"]
        assert all(f["end"] <= n for f in gold["facts"])
        t3 = [c for c in gold["cells"] if c["table"] == "t3"]
        assert len(t3) < 7 * 30                        # 表三 never complete when cut


def test_synth_document_gold_matches_canonical_text():
    for i in range(15):
        doc, gold = make_document(5, i)
        norm = normalize_text(document_to_text(doc)).text
        assert len(norm) == gold["chars"]
        for f in gold["facts"]:
            assert norm[f["start"]:f["end"]] == f["text"]
        tables = [b for b in doc.blocks if not isinstance(b, str)]
        assert tables or gold["template"] == "pre2019"
        assert all(len({len(r) for r in t.rows}) == 1 for t in tables)


def test_synth_layouts_look_like_the_seeds():
    """Each layout writes 表三 the way a real file does."""
    marks = {"cells": "\n\t一、本年新收政府信息公开申请数量", "tabs": "一、本年新收政府信息公开申请数量\t",
             "pipe_cells": "一、本年新收政府信息公开申请数量 |", "pipe_rows": "一、本年新收政府信息公开申请数量 | ",
             "markdown": "| 一、本年新收政府信息公开申请数量 |"}
    for layout, mark in marks.items():
        texts = [make_report(2, i, layouts=[layout])[0] for i in range(12)]
        assert any(mark.replace("|", p) in t for t in texts for p in ("|", "\\|")), layout


def test_synth_pdf_text_looks_like_an_extracted_pdf():
    """r071/r099: rows "label 0 0 0", 表四's header stacked, hard-wrapped prose, spaces
    around numbers, page numbers between pages — and gold still exact."""
    reports = [make_report(2, i, layouts=["pdf"]) for i in range(30)]
    texts = "\n".join(t for t, _ in reports)
    assert re.search(r"\n(?:四、)?结转下年度继续办理 \d+ \d+ \d+ \d+ \d+ \d+ \d+\n", texts)
    assert "\n结 结 其 尚 总" in texts or "\n结果 结果 其他 尚未 总" in texts
    assert re.search(r"\n\d+( \d+){14}\n", texts)                  # 表四's one row of figures
    assert re.search(r"[\u4e00-\u9fff] 20\d\d 年", texts)
    assert re.search(r"\n(?:- \d+ -|—\d+—|— \d+ —|P\. \d+|\d+|第 \d+ 页 共 12 页)\n", texts)
    lines = [line for t, _ in reports for line in t.split("\n")]
    assert max(len(x) for x in lines if "。" in x and "\t" not in x) < 120   # prose is wrapped
    for text, gold in reports:
        norm = normalize_text(text).text
        for f in gold["facts"]:
            assert norm[f["start"]:f["end"]] == f["text"]
        assert not any("" == c["raw"] for c in gold["cells"])


def test_synth_one_line_pages_and_traditional_mirrors():
    """r014/r024/r043: the body on one line (narrative-only pages); r005: mirrors in
    Traditional characters, mostly narrative-only pages, a few with tables, which
    still parse to their gold cells (normalization folds the labels back)."""
    one = [make_report(3, i, layouts=["oneline"]) for i in range(40)]
    narrative = [(t, g) for t, g in one if not g["cells"] and not g["truncated"]]
    assert narrative and all(g["template"] == "pre2019" for _, g in narrative)
    assert len([g for _, g in one if g["template"] == "pre2019"]) - len(narrative) <= 6   # planted 统计表 errors
    for text, gold in narrative:
        body = max(normalize_text(text).text.split("\n"), key=len)
        assert sum(s["start"] >= 0 for s in gold["sections"]) >= 4
        assert all(s["title"] in body for s in gold["sections"])
    batch = [make_report(4, i) for i in range(400)]
    trad = [(t, g) for t, g in batch if g["traditional"]]
    tables = [(t, g) for t, g in trad if g["cells"]]
    assert tables and len(tables) < len(trad)
    for text, gold in trad:
        assert "公開" in text and "公开" not in text.split("\n", 3)[-1]
        assert gold["issuer"] in text
    for text, gold in tables:
        got = Counter((c.table, c.metric, c.column, float(c.value)) for c in parse_text(text).cells)
        assert got == Counter((c["table"], c["metric"], c["column"], float(c["value"])) for c in gold["cells"])


def test_synth_headings_vary_their_numbering():
    """Most reports number 一、二、; some 1、 at the top with 1、 again inside (r109);
    a few headings lose their numeral (r072)."""
    titles = [s["title"] for i in range(150) for s in make_report(6, i)[1]["sections"]]
    assert sum(t.startswith("一、") for t in titles) > 50
    assert any(re.match(r"\d、 ?", t) for t in titles)
    assert any(t.startswith("、") or t[0] not in "一二三四五六七八九十第附0123456789" for t in titles)


def test_synth_stats_table_gold_has_every_row_the_form_prints():
    """The 统计表 gold holds 行政复议's results (维持/纠错/其他) summing to its count, and
    the 不同意公开 reasons that have ids; a planted 统计表 error is a table_identity."""
    golds = [make_report(8, i)[1] for i in range(200)]
    stats = [g for g in golds if any(c["table"] == "stats" for c in g["cells"]) and not g["planted"]]
    assert len(stats) > 10
    for g in stats:
        cells = {c["metric"]: c["value"] for c in g["cells"] if c["table"] == "stats"}
        assert cells["review.total"] == sum(cells[f"review.{k}"] for k in ("upheld", "corrected", "other"))
        assert cells["apply.new"] == sum(v for m, v in cells.items() if m.startswith("apply.channel."))
        assert sum(cells[f"apply.denied.{k}"] for k in ("state_secret", "three_safety", "law_forbidden")) <= cells["apply.denied"]
    planted = [g for g in golds if g["template"] == "pre2019" and g["planted"]
               and g["planted"][0]["kind"] == "table_identity"]
    assert planted and all(any(f["kind"] == "table_identity" for f in g["findings"]) for g in planted)


def test_synth_issuers_dates_and_mailboxes_fit_the_year_and_the_body():
    """No 2018-reform body signs an earlier report (卫生局 → 卫计局 → 卫健局); a page's
    发布时间 is on or after the signature date, both in January to March of the next
    year; a 书记信箱 is a 街道's, 乡镇's or county's, never a department's."""
    dated = 0
    for i in range(150):
        text, gold = make_report(12, i)
        year, issuer = gold["year"], gold["issuer"] or ""
        if year < 2019 and gold["template"] == "pre2019":
            assert not re.search(NEW_BODIES, text), (i, issuer)
        if year >= 2019:
            assert not re.search(OLD_BODIES, text), (i, issuer)
        signed = re.findall(rf"{year + 1}\s*年\s*(\d+)\s*月\s*(\d+)\s*日", text)
        published = re.search(r"发布(?:时间|日期)[:：](\d{4})-(\d\d)-(\d\d)", text)
        if signed and published:
            dated += 1
            sign = (year + 1, *map(int, signed[-1]))
            pub = tuple(map(int, published.groups()))
            assert sign <= pub and 1 <= sign[1] <= 3 and pub[0] == year + 1, (i, sign, pub)
        if gold["issuer_kind"] in ("dept", "province_dept"):
            assert "书记信箱" not in text, i
    assert dated > 10
    names = [(p.year, p.name) for p in (make_profile(random.Random(i)) for i in range(3000))]
    health = {re.search("卫生[^局委厅]*[局委厅]", n).group() for y, n in names if "卫生" in n}
    assert health == {"卫生局", "卫生和计划生育局", "卫生健康局", "卫生厅", "卫生和计划生育委",
                      "卫生健康委"}
    assert all(y >= 2019 for y, n in names if n.endswith(("自然资源和规划局", "县医疗保障局")))


def test_synth_a_part_never_exceeds_its_whole():
    """Every 其中 row of a 统计表 is at most the row it belongs to (主要负责同志参加在线访谈
    ≤ 在线访谈), as is 重点领域 against 主动公开; a wider area's figures exceed the issuer's."""
    checked = wider = 0
    for i in range(120):
        doc, gold = make_document(13, i)
        if gold["planted"]:
            continue
        for block in doc.blocks:
            if not isinstance(block, Table) or block.rows[0][:1] != ["统 计 指 标"]:
                continue
            figures = [(r[0], int(float(r[2]))) for r in block.rows[1:] if r[2].replace(".", "").isdigit()]
            for (label, v), (prev, whole) in zip(figures[1:], figures):
                if label.startswith("其中"):
                    assert v <= whole, (i, label, v, prev, whole)
                    checked += 1
            rows = {label.split("（不同")[0]: v for label, v in figures}
            assert rows["（二）重点领域公开政府信息数"] <= rows["（一）主动公开政府信息数"]
        for block in doc.blocks:
            m = isinstance(block, str) and re.search(r"各级行政机关共主动公开政府信息(\d+)条",
                                                     block)
            if m:
                assert int(m.group(1)) >= gold_figure(gold, "proactive.total"), i
                wider += 1
    assert checked > 20 and wider


def gold_figure(gold: dict, metric: str) -> float:
    return next(f["value"] for f in gold["facts"] + gold["cells"] if f["metric"] == metric)


def test_synth_table_padding_is_consistent_per_column():
    """A padded table pads each column alike in every row (seeds 000/001: U+3000 or a
    no-break space before every figure of a column), never cell by cell at random."""
    padded = 0
    for i in range(40):
        text = make_report(14, i, layouts=["cells"])[0]
        tables, rows, row = [], [], []
        for line in text.split("\n") + ["end"]:
            if line.startswith("\t"):
                row.append(line[1:])
            elif not line and row:
                rows.append(row)
                row = []
            elif line and rows:
                tables.append(rows)
                rows = []
        for rows in tables:
            pads: dict[tuple[int, int], set[str]] = {}     # (row shape, column) → pads
            for r in rows:
                for k, cell in enumerate(r):
                    m = re.fullmatch(r"([\u3000\u00a0 ]*)\d+(?:\.\d+)?\s*", cell)
                    if m:
                        pads.setdefault((len(r), k), set()).add(m.group(1))
            assert all(len(p) == 1 for p in pads.values()), (i, pads)
            padded += any(p != {""} for p in pads.values())
    assert padded > 3


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (0, 6, 10, 14, 40, 105, 1250)] == ["零", "六", "十", "十四", "四十", "一百零五", "一千二百五十"]


def _fact(metric, value, qualifier="exact", column=None):
    return {"metric": metric, "column": column, "value": value, "qualifier": qualifier}


def test_reference_arithmetic_flags_contradictions_and_spares_traps():
    cells = [{"table": "stats", "metric": "training.attendees", "column": None, "value": 51},
             {"table": "stats", "metric": "apply.concluded", "column": None, "value": 3},
             {"table": "stats", "metric": "apply.concluded_on_time", "column": None, "value": 2},
             {"table": "stats", "metric": "apply.concluded_extended", "column": None, "value": 0}]
    facts = [_fact("training.attendees", 50, "at_least"), _fact("apply.new", 3, column="total"),
             _fact(None, 1), _fact(None, 33), _fact(None, 1), _fact(None, 33), _fact(None, 1), _fact(None, 34),
             _fact("proactive.total", 44), _fact(None, 3), _fact(None, 30)]
    shares = {"total": 1, "parts": [2, 4, 6], "exhaustive": False, "shares": [[2, 3], [4, 5], [6, 7]]}
    listed = {"total": 8, "parts": [9, 10], "exhaustive": True, "shares": []}
    out = findings(cells, facts, [shares, listed])
    kinds = Counter(f["kind"] for f in out)
    assert kinds == {"table_identity": 1, "narrative_sum": 1}
    ident = next(f for f in out if f["kind"] == "table_identity")
    assert ident["metrics"][0] == "apply.concluded" and (ident["expected"], ident["observed"]) == (2, 3)
    total = next(f for f in out if f["kind"] == "narrative_sum")
    assert total["metrics"] == ["proactive.total"] and (total["expected"], total["observed"]) == (44, 33)
    loose = findings(cells[:1], [_fact("training.attendees", 60, "at_least")], [])
    assert [(f["kind"], f["severity"]) for f in loose] == [("narrative_vs_table", "warning")]


def test_reference_arithmetic_table3_identities():
    cols = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    rows = {"apply.new": 5, "apply.carried_over": 0, "apply.total_handled": 5, "apply.carried_forward": 1}
    cells = [{"table": "t3", "metric": m, "column": c, "value": v if c in ("natural", "total") else 0}
             for m, v in rows.items() for c in cols]
    out = findings(cells, [], [])
    assert {(f["column"], tuple(f["metrics"])) for f in out} == {
        ("natural", tuple(rows)), ("total", tuple(rows))}


def test_synth_cli_writes_reports_and_gold(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--n", "3", "--seed", "1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.txt"))) == 3 and len(list((tmp_path / "gold").glob("*.json"))) == 3
    bad = CliRunner().invoke(app, ["synth", "--n", "1", "--out", str(tmp_path), "--error-rate", "2"])
    assert bad.exit_code == 2 and "error rate" in bad.output


def test_sample_corpus_is_reproducible():
    """The committed sample is what ``scripts/make_sample.py`` writes (seed 7, rate 0.35)."""
    golds = sorted((SAMPLE / "gold").glob("*.json"))
    assert len(golds) == 50
    for path in golds[::7]:
        stored = orjson.loads(path.read_bytes())
        text, gold = make_report(7, int(stored["name"].split("-")[1]), error_rate=0.35)
        assert (SAMPLE / stored["source"]).read_text(encoding="utf-8") == text
        assert {**gold, "source": stored["source"]} == stored


def test_synth_renders_documents_with_canonical_gold(tmp_path):
    generate(2, 4, tmp_path, fmt="html")
    from govtext.evaluate import evaluate
    scores = evaluate(tmp_path / "gold").to_dict()
    assert sorted(p.suffix for p in tmp_path.iterdir() if p.is_file()) == [".html", ".html"]
    assert scores["reports"] == 2 and scores["offsets_compared"] == 2
    with pytest.raises(ValueError, match="cannot write format"):
        generate(1, 4, tmp_path, fmt="odt")


def test_an_unknown_layout_is_refused_whichever_is_drawn():
    for index in range(5):
        with pytest.raises(ValueError, match="unknown layout bogus"):
            make_report(1, index, layouts=["cells", "bogus"])


def test_synth_cli_names_an_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["synth", "--n", "1", "--out", str(blocker)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "cannot write (Not a directory)" in result.stderr and str(blocker) in result.stderr

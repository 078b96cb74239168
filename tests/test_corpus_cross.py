"""Cross-report reconciliation: one issuer's consecutive years against each other."""
from __future__ import annotations

import pandas as pd
import pytest

from govtext.corpus import cross_reconcile, normalise_issuer
from govtext.corpus.cross import MIN_COPIED_CELLS, consecutive_pairs, prev_item_groups
from govtext.data import t3_columns


def reports(*rows: tuple[str, str | None, int | None]) -> pd.DataFrame:
    return pd.DataFrame([{"source": s, "issuer": i, "year": y, "status": "ok"} for s, i, y in rows])


def cells(*rows: tuple[str, str, str, str | None, float]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["source", "table", "metric", "column", "value"])
    return df.astype({"source": "category", "table": "category", "metric": "category",
                      "column": "category"})


def t3(source: str, metric: str, values: list[float]) -> list[tuple]:
    return [(source, "t3", metric, col, v) for col, v in zip(t3_columns(), values)]


@pytest.mark.parametrize("a, b", [
    ("阳明街道办事处", "阳明街道"),
    ("北京市西城区人民政府", "北京市西城区政府"),
    ("北京市西城区人民政府", "北京市西城区"),
    ("中华人民共和国商务部", "商务部"),
    ("白沙镇 人民政府", "白沙镇人民政府"),
    ("ＸＸ县人民政府", "XX县"),
])
def test_issuer_variants_share_a_key(a: str, b: str) -> None:
    assert normalise_issuer(a) == normalise_issuer(b)


def test_distinct_bodies_keep_distinct_keys() -> None:
    assert normalise_issuer("西城区人民政府办公室") != normalise_issuer("西城区人民政府")
    assert normalise_issuer("人民政府") == "人民政府"  # never stripped to nothing


def test_pairs_are_consecutive_years_of_one_issuer() -> None:
    r = reports(("a19", "阳明街道办事处", 2019), ("a20", "阳明街道", 2020),
                ("a22", "阳明街道", 2022), ("b20", "大关街道", 2020), ("x", None, 2021))
    pairs = consecutive_pairs(r.assign(status=["ok", "ok", "ok", "ok", "ok"]))
    assert list(zip(pairs.source_prev, pairs.source_next, pairs.year)) == [("a19", "a20", 2019)]
    failed = r.assign(status=["ok", "error", "ok", "ok", "ok"])
    assert consecutive_pairs(failed).empty


def test_carry_over_mismatch_per_column() -> None:
    r = reports(("y20.txt", "阳明街道办事处", 2020), ("y21.txt", "阳明街道", 2021))
    c = cells(*t3("y20.txt", "apply.carried_forward", [2, 0, 0, 0, 0, 0, 2]),
              *t3("y21.txt", "apply.carried_over", [1, 0, 0, 0, 0, 0, 1]))
    found = cross_reconcile(r, c)
    assert [(f.rule, f.column, f.expected, f.observed, f.severity) for f in found] == [
        ("cross.carry_over", "natural", 2, 1, "error"), ("cross.carry_over", "total", 2, 1, "error")]
    f = found[1]
    assert f.kind == "cross_report" and f.source == "y21.txt"
    assert [(e.cell, e.value) for e in f.evidence] == [
        ("y20.txt#t3/apply.carried_forward/total", 2), ("y21.txt#t3/apply.carried_over/total", 1)]
    assert f.to_dict()["evidence"][0] == {"cell": "y20.txt#t3/apply.carried_forward/total", "value": 2}


def test_agreeing_years_give_no_finding() -> None:
    r = reports(("y20", "阳明街道办事处", 2020), ("y21", "阳明街道", 2021))
    c = cells(*t3("y20", "apply.carried_forward", [3, 1, 0, 0, 0, 0, 4]),
              *t3("y21", "apply.carried_over", [3, 1, 0, 0, 0, 0, 4]),
              *t3("y21", "apply.new", [5, 0, 0, 0, 0, 0, 5]))
    assert cross_reconcile(r, c) == []


def test_prev_items_of_the_2019_table_two() -> None:
    assert {"license", "penalty", "enforcement", "fees"} <= set(prev_item_groups())
    r = reports(("y19", "大关街道", 2019), ("y20", "大关街道办事处", 2020))
    c = cells(("y19", "t2", "license.prev_items", None, 10), ("y19", "t2", "license.change", None, 2),
              ("y20", "t2", "license.prev_items", None, 11),
              ("y19", "t2", "penalty.prev_items", None, 4), ("y19", "t2", "penalty.change", None, -1),
              ("y20", "t2", "penalty.prev_items", None, 3))
    found = cross_reconcile(r, c)
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.severity, f.expected, f.observed) == ("cross.prev_items", "warning", 12, 11)
    assert f.metrics == ["license.prev_items", "license.change"]
    assert [e.cell for e in f.evidence] == ["y19#t2/license.prev_items", "y19#t2/license.change",
                                            "y20#t2/license.prev_items"]



def test_a_figure_no_later_report_prints_gives_no_finding() -> None:
    """The only pair has 表二 上一年项目数量 in the earlier report and not in the later one
    (nor does any other pair): nothing to compare, so no finding and no failure."""
    r = reports(("y19", "大关街道", 2019), ("y20", "大关街道办事处", 2020),
                ("z19", "白沙镇", 2019), ("z20", "白沙镇", 2020))
    c = cells(("y19", "t2", "fees.prev_items", None, 2), ("y19", "t2", "fees.change", None, 0),
              ("y20", "t2", "license.prev_items", None, 1),
              ("z19", "t2", "fees.change", None, 1), ("z20", "t2", "license.prev_items", None, 1))
    assert cross_reconcile(r, c) == []

def _figures(source: str, values: list[float]) -> list[tuple]:
    metrics = ["apply.new", "apply.granted", "apply.partial", "apply.unable.not_held",
               "apply.total_handled", "apply.carried_forward"]
    return [(source, "t3", m, "total", v) for m, v in zip(metrics, values)] + [
        (source, "t2", "normative.in_force", None, 0)]


def test_copied_forward_report() -> None:
    r = reports(("y21", "东湖区", 2021), ("y22", "东湖区人民政府", 2022), ("y23", "东湖区", 2023))
    same = [7, 3, 1, 2, 6, 1]
    c = cells(*_figures("y21", same), *_figures("y22", same), *_figures("y23", [8, 3, 1, 2, 6, 2]))
    found = [f for f in cross_reconcile(r, c) if f.rule == "cross.copied_figures"]
    assert [(f.source, f.severity) for f in found] == [("y22", "warning")]
    cited = {e.cell.split("#")[0] for e in found[0].evidence}
    assert cited == {"y21", "y22"}
    assert "6 non-zero" in found[0].message


def test_few_identical_figures_are_not_a_copy() -> None:
    r = reports(("y21", "东湖区", 2021), ("y22", "东湖区", 2022))
    few = [(s, "t3", "apply.new", "total", 1) for s in ("y21", "y22")]
    assert MIN_COPIED_CELLS > 1
    assert cross_reconcile(r, cells(*few)) == []


def test_category_sources_from_different_parts_join() -> None:
    r = reports(("y20", "阳明街道", 2020), ("y21", "阳明街道", 2021))
    a = cells(*t3("y20", "apply.carried_forward", [1, 0, 0, 0, 0, 0, 1]))
    b = cells(*t3("y21", "apply.carried_over", [0, 0, 0, 0, 0, 0, 0]))
    found = cross_reconcile(r, pd.concat([a, b], ignore_index=True))
    assert {f.column for f in found} == {"natural", "total"}


def test_corpus_run_finds_a_report_copied_forward(seeds: list, tmp_path) -> None:
    """A real 2019 report republished for 2020 with only the year changed: 表三's carry
    over disagrees with last year's carry forward, and every figure repeats."""
    from govtext.corpus import read_corpus, run
    original = next(p for p in seeds if p.name.startswith("000_"))
    text = original.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "y2019.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "y2020.txt").write_text(text.replace("2019", "2020"), encoding="utf-8")
    summary = run([tmp_path / "in"], tmp_path / "out", workers=2, progress=False)
    findings = read_corpus(tmp_path / "out")["findings"]
    cross = findings[findings["kind"] == "cross_report"]
    assert summary.cross_findings == len(cross) > 0
    assert set(cross["source"].astype(str)) == {str(tmp_path / "in" / "y2020.txt")}
    total = cross[(cross["rule"] == "cross.carry_over") & (cross["column"] == "total")].iloc[0]
    assert (total["expected"], total["observed"], total["severity"]) == (1, 0, "error")
    assert f'{tmp_path / "in" / "y2019.txt"}#t3/apply.carried_forward/total' in total["evidence"]
    assert "cross.copied_figures" in set(cross["rule"].astype(str))


def test_a_name_shared_by_many_reports_is_not_paired() -> None:
    from govtext.corpus.cross import MAX_SAME_YEAR
    many = [(f"a{i}", "我局", 2020) for i in range(MAX_SAME_YEAR + 1)]
    r = reports(*many, ("b", "我局", 2021), ("h20.html", "青山镇", 2020), ("p20.pdf", "青山镇", 2020),
                ("h21.html", "青山镇", 2021))
    pairs = consecutive_pairs(r)
    assert sorted(zip(pairs.source_prev, pairs.source_next)) == [("h20.html", "h21.html"),
                                                                 ("p20.pdf", "h21.html")]

"""The JSON of `govtext parse` has exactly the contract's shape (spec/README.md)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from govtext.cli import app
from govtext.model import FORMATS, QUALIFIERS, SECTION_KINDS, TEMPLATES, Report

REPORT_KEYS = {"source", "format", "template", "year", "issuer", "sections", "cells", "facts",
               "findings", "warnings", "text"}
SECTION_KEYS = {"kind", "title", "start", "end"}
CELL_KEYS = {"table", "metric", "column", "value", "raw"}
FACT_KEYS = {"metric", "column", "value", "qualifier", "unit", "text", "start", "end", "section"}
FINDING_KEYS = {"source", "kind", "severity", "rule", "message", "metrics", "column",
                "expected", "observed", "evidence"}

TEXT = """阳明街道办事处2019年度政府信息公开工作年度报告
一、总体情况
2019年，全年共收到依申请公开6件，无行政复议。
二、主动公开政府信息情况
主动公开信息1840条。
"""


def check_contract(d: dict) -> None:
    assert set(d) == REPORT_KEYS
    assert d["format"] in FORMATS and d["template"] in TEMPLATES
    assert d["year"] is None or isinstance(d["year"], int)
    for s in d["sections"]:
        assert set(s) == SECTION_KEYS and s["kind"] in SECTION_KINDS
        assert 0 <= s["start"] < s["end"] <= len(d["text"])
    for c in d["cells"]:
        assert set(c) == CELL_KEYS and c["table"] in ("t2", "t3", "t4", "stats")
        assert (c["column"] is not None) == (c["table"] == "t3")
        assert isinstance(c["value"], (int, float))
    for f in d["facts"]:
        assert set(f) == FACT_KEYS and f["qualifier"] in QUALIFIERS
        assert d["text"][f["start"]:f["end"]] == f["text"]
    for f in d["findings"]:
        assert set(f) == FINDING_KEYS
        for e in f["evidence"]:
            assert set(e) in ({"text", "start", "end"}, {"cell", "value"})


def test_parse_cli_json_shape_round_trips(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="gb18030")
    result = CliRunner().invoke(app, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    check_contract(d)
    assert d["source"] == str(path) and d["format"] == "txt"
    assert d["text"].startswith("阳明街道办事处2019年度")
    assert Report.from_dict(d).to_dict() == d


def test_parse_cli_unreadable_file_is_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["parse", str(empty)])
    assert result.exit_code == 1
    assert "empty.txt: file is empty" in result.stderr
    assert "Traceback" not in result.output


def test_parse_accepts_text_or_path(tmp_path):
    import govtext
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert govtext.parse(str(path)).text == govtext.parse(TEXT).text


def test_import_govtext_loads_no_stage_and_no_heavy_library():
    """`import govtext` (and so `govtext --help`) stays light; entry points load on use."""
    import subprocess
    import sys
    code = ("import sys, govtext; heavy = {'numpy', 'pandas', 'sklearn', 'spacy', 'lxml', "
            "'govtext.pipeline'} & set(sys.modules); assert not heavy, heavy; "
            "assert govtext.parse_text('一、总体情况\\n全年共收到申请6件').facts[0].value == 6")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_parse_of_a_mistyped_path_names_it(tmp_path):
    import govtext
    import pytest
    missing = str(tmp_path / "reports" / "missing.pdf")
    with pytest.raises(govtext.GovtextError, match="missing.pdf"):
        govtext.parse(missing)


def test_folder_walk_skips_the_folders_own_documentation(tmp_path):
    from govtext.ingest import expand_paths
    for name in ("INDEX.md", "README.md", ".hidden.txt", "r001.txt", "report.md"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["r001.txt", "report.md"]
    assert [p.name for p in expand_paths([tmp_path / "INDEX.md"])] == ["INDEX.md"]


def test_eval_without_matching_reports_fails(tmp_path):
    from govtext.synth import generate
    generate(1, 3, tmp_path / "s")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "s" / "gold"), str(tmp_path / "nope")])
    assert result.exit_code == 1 and "nope" in result.stderr

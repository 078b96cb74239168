"""``govtext reconcile`` through the CLI: formats, exit codes, errors on stderr only."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from govtext.cli import app
from govtext.reconcile import reconcile_paths

# A total and an exhaustive list of parts that do not add up (44 ≠ 3 + 3 + 27).
SUMS = ("一、总体情况\n2020年，我街道累计主动公开政府信息44条，其中机构设置3条，人事信息3条，"
        "其他信息27条。全年未收到政府信息公开申请。\n")
CLEAN = ("一、总体情况\n2020年，我街道累计主动公开政府信息33条，其中机构设置3条，人事信息3条，"
         "其他信息27条。全年未收到政府信息公开申请。\n")


@pytest.fixture()
def corpus(tmp_path):
    (tmp_path / "sums.txt").write_text(SUMS, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["reconcile", *args])


def test_json_lists_the_finding_with_evidence(corpus):
    result = run(str(corpus), "--format", "json")
    assert result.exit_code == 0, result.output
    [f] = json.loads(result.stdout)
    assert (f["kind"], f["rule"], f["expected"], f["observed"]) == ("narrative_sum", "prose.sum", 44, 33)
    assert f["source"].endswith("sums.txt")
    assert [e["text"] for e in f["evidence"]][-1].endswith("其他信息27条")
    assert result.stderr == ""


def test_jsonl_and_csv_have_one_line_per_finding(corpus):
    lines = run(str(corpus), "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x)["rule"] for x in lines] == ["prose.sum"]
    rows = list(csv.DictReader(io.StringIO(run(str(corpus), "--format", "csv").stdout)))
    assert [(r["rule"], r["metrics"], r["expected"], r["observed"]) for r in rows] == [
        ("prose.sum", "proactive.total", "44", "33")]
    assert json.loads(rows[0]["evidence"])[0]["start"] >= 0


def test_table_is_readable(corpus):
    out = run(str(corpus / "sums.txt"), "--format", "table").stdout
    assert "prose.sum" in out and "sums.txt" in out
    assert "1 finding(s) in 1 file(s): 1 error(s), 0 warning(s)" in out
    assert run(str(corpus / "clean.txt"), "--format", "table").stdout.strip() == "no findings"


def test_clean_input_exits_zero(corpus):
    result = run(str(corpus / "clean.txt"), "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_unreadable_files_are_reported_and_the_walk_goes_on(corpus):
    (corpus / "empty.txt").write_bytes(b"")
    result = run(str(corpus), "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert "empty.txt" in result.stderr and "empty" in result.stderr


def test_no_readable_input_is_an_error(tmp_path):
    result = run(str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr and result.stdout == ""
    assert run(str(tmp_path)).exit_code == 1            # an empty folder


def test_reconcile_paths_counts_reads_and_errors(corpus):
    (corpus / "empty.txt").write_bytes(b"")
    run_ = reconcile_paths([corpus], progress=True)     # not a terminal: no bar
    assert (run_.read, len(run_.errors), len(run_.findings)) == (2, 1, 1)
    assert run_.errors[0][0].endswith("empty.txt")
    assert reconcile_paths(str(corpus / "sums.txt")).read == 1     # one path, not a list


def test_seeds(shared):
    result = run(str(shared / "seeds"), "--format", "json")
    assert result.exit_code == 0
    rules = sorted(f["rule"] for f in json.loads(result.stdout))
    assert rules == ["prose.sum", "prose.table", "prose.table", "prose.table",
                     "t3.balance", "t3.balance", "t3.outcome_sum", "t3.outcome_sum"]


def test_progress_bar_goes_to_a_terminal_stderr_only(tmp_path, monkeypatch, capsys):
    for i in range(20):
        (tmp_path / f"r{i:02}.txt").write_text(SUMS if i == 0 else CLEAN, encoding="utf-8")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    run_ = reconcile_paths([tmp_path], progress=True)
    assert (run_.read, len(run_.findings)) == (20, 1)
    assert "reconcile" in err.getvalue()
    assert capsys.readouterr().out == ""
    quiet = Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    reconcile_paths([tmp_path], progress=False)
    assert quiet.getvalue() == ""


def test_the_package_is_callable(corpus):
    import govtext
    report = govtext.parse(str(corpus / "sums.txt"))
    assert [f.rule for f in govtext.reconcile(report)] == ["prose.sum"]


def test_a_failing_stage_is_that_files_error(corpus, monkeypatch):
    import govtext.pipeline as pipeline

    def explode(report):
        if "44条" in report.text:
            raise ValueError("boom")
        return report
    monkeypatch.setattr(pipeline, "PIPELINE", pipeline.PIPELINE + (("explode", explode),))
    result = run(str(corpus), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "sums.txt: could not be processed (ValueError: boom)" in result.stderr


@pytest.mark.parametrize("command", ["parse", "facts"])
def test_a_failing_stage_is_one_line_for_one_file(corpus, monkeypatch, command):
    import govtext.pipeline as pipeline

    def explode(report):
        raise ValueError("boom")
    monkeypatch.setattr(pipeline, "PIPELINE", (("segment", explode), *pipeline.PIPELINE[1:]))
    result = CliRunner().invoke(app, [command, str(corpus / "sums.txt")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.strip() == f"govtext: {corpus / 'sums.txt'}: could not be processed (ValueError: boom)"

"""Findings as a DataFrame and in every output format."""
from __future__ import annotations

import io
import json

import govtext
from govtext.model import Evidence, Finding
from govtext.outputs import FINDING_COLUMNS, write_findings

FINDING = Finding(source="a.txt", kind="table_identity", severity="error", rule="t3.outcome_sum",
                  message="表三 (总计列): 总计 = 6, but the outcome rows (一)…(六) sum to 5.",
                  metrics=["apply.total_handled", "apply.granted"], column="total",
                  expected=5, observed=6.0,
                  evidence=[Evidence.of_cell(govtext.Cell("t3", "apply.total_handled", "total", 6, "6")),
                            Evidence(text="完成了5件", start=3, end=9)])


def test_findings_frame_has_one_row_per_finding():
    df = govtext.findings_frame([FINDING, FINDING])
    assert list(df.columns) == list(FINDING_COLUMNS) and len(df) == 2
    row = df.iloc[0]
    assert (row["rule"], row["metrics"], row["observed"]) == (
        "t3.outcome_sum", "apply.total_handled,apply.granted", 6)
    assert json.loads(row["evidence"])[0] == {"cell": "t3/apply.total_handled/total", "value": 6}
    assert govtext.findings_frame([]).empty


def test_json_round_trips():
    out = io.StringIO()
    assert write_findings([FINDING], "json", out) == 1
    [d] = json.loads(out.getvalue())
    assert Finding.from_dict(d).to_dict() == FINDING.to_dict()
    assert d["observed"] == 6 and isinstance(d["observed"], int)


def test_table_names_file_rule_and_evidence():
    out = io.StringIO()
    write_findings([FINDING], "table", out)
    text = out.getvalue()
    assert "t3.outcome_sum" in text and "a.txt" in text and "“完成了5件”@3" in text
    assert "\x1b[" not in text                         # no colour codes outside a terminal

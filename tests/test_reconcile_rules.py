"""The rule registry and the identity data agree with the contract."""
from __future__ import annotations

import pytest

from govtext.data import metrics
from govtext.model import FINDING_KINDS, Report
from govtext.reconcile import RULES
from govtext.reconcile.rules import finding
from govtext.reconcile.table import identities


def test_rules_have_contract_kinds_and_dotted_ids():
    assert len(RULES) == 11
    for rule in RULES.values():
        assert rule.kind in FINDING_KINDS and rule.kind != "cross_report"
        assert rule.id == rule.id.lower() and rule.id.count(".") == 1


def test_identities_name_registered_rules_and_known_metrics():
    for ident in identities():
        assert RULES[ident.rule].kind == "table_identity"
        assert ident.table in ("t3", "t4", "stats")
        for m in (*ident.total, *ident.parts, *ident.optional):
            assert m in metrics(), m
        assert set(ident.optional) <= set(ident.parts) and ident.parts


def test_unknown_rule_is_a_programming_error():
    with pytest.raises(KeyError):
        finding("t9.nothing", "x", "error", metrics=[], column=None, expected=1, observed=2,
                evidence=[])


def test_empty_report_has_no_findings():
    from govtext.reconcile import reconcile
    assert reconcile(Report(source="e.txt", format="txt", text="")) == []

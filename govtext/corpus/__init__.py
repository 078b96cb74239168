"""Corpus mode: many report files to Parquet tables, in parallel, resumable, and
reconciled across years.

>>> from govtext.corpus import run, read_corpus
>>> summary = run(["reports/"], "out/", workers=2)      # govtext corpus reports/ --out out/
>>> tables = read_corpus("out/")                        # reports, sections, cells, facts, findings, errors
>>> tables["findings"].query("kind == 'cross_report'")

The tables and their columns are documented in :mod:`govtext.corpus.schema`, the
output folder in :mod:`govtext.corpus.store`, the cross-report rules in
:mod:`govtext.corpus.cross`.
"""
from __future__ import annotations

from .cross import cross_reconcile, normalise_issuer
from .runner import RunSummary, run
from .schema import SCHEMAS, TABLES
from .store import read_corpus

__all__ = ["run", "read_corpus", "cross_reconcile", "normalise_issuer", "RunSummary",
           "SCHEMAS", "TABLES"]

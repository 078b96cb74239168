"""Reconcile: where a report contradicts itself, each finding with its evidence.

Three families of checks, each a module with one entry function:

- :func:`.table.check_tables` — ``table_identity``: 表三 balance, outcome and row sums,
  表四 group totals, 统计表 item sums (identities in ``data/reconcile.toml``);
- :func:`.narrative.check_prose` — ``narrative_vs_table``: prose figures against cells;
- :func:`.sums.check_groups` — ``narrative_sum``: prose totals, parts and percentages.

Rule ids are registered in :mod:`.rules`.  Findings' ``expected`` is what the reference
says (the parts' sum, the table cell, the stated total, the computed share) and
``observed`` the figure checked against it (the printed total, the prose figure, the
parts' sum, the printed share).  ``metrics`` lists the checked figure's metric first.
"""
from __future__ import annotations

import os
import sys
import types
from dataclasses import dataclass, field
from typing import Iterable

from ..errors import GovtextError
from ..model import Finding, Report
from .lookup import CellIndex
from .narrative import check_prose
from .rules import RULES
from .sums import check_groups
from .table import check_tables

__all__ = ["reconcile", "annotate", "reconcile_paths", "ReconcileRun", "RULES"]

def reconcile(report: Report) -> list[Finding]:
    """Every contradiction in ``report``: table identities, prose against the tables,
    prose against itself.  A clean report gives an empty list."""
    index = CellIndex(report)
    return check_tables(report, index) + check_prose(report, index) + check_groups(report)


def annotate(report: Report) -> Report:
    """Pipeline component: set ``report.findings``."""
    report.findings = reconcile(report)
    return report


@dataclass(slots=True)
class ReconcileRun:
    """What ``govtext reconcile`` found over many files."""
    findings: list[Finding] = field(default_factory=list)
    #: (path, error) for every file that could not be read.
    errors: list[tuple[str, GovtextError]] = field(default_factory=list)
    #: How many files were read.
    read: int = 0


def reconcile_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                    progress: bool = True) -> ReconcileRun:
    """Parse and reconcile every report file named by ``paths`` (files, folders, globs;
    one or many).

    A file that cannot be read or processed is recorded in ``errors`` and the walk goes
    on.  With ``progress`` and many files, a progress bar is drawn on stderr when it is a
    terminal (stdout stays clean for the findings).
    """
    from ..pipeline import iter_reports
    run = ReconcileRun()
    for path, result in iter_reports(paths, progress="reconcile" if progress else None):
        if isinstance(result, GovtextError):
            run.errors.append((str(path), result))
        else:
            run.read += 1
            run.findings.extend(result.findings)
    return run


class _CallableModule(types.ModuleType):
    """``govtext.reconcile`` is both this package (importing it sets the attribute on
    ``govtext``) and the documented entry function: calling the package reconciles."""

    def __call__(self, report: Report) -> list[Finding]:
        return reconcile(report)


sys.modules[__name__].__class__ = _CallableModule

"""govtext: structured data and contradictions from Chinese government
information-disclosure annual reports (政府信息公开工作年度报告).

>>> import govtext
>>> report = govtext.parse("report.txt")          # sections, table cells, facts, findings
>>> govtext.extract_facts("全年共收到依申请公开6件")   # numeric facts with their evidence
>>> govtext.reconcile(report)                      # where the report contradicts itself
"""
from __future__ import annotations

from typing import Any

from .errors import GovtextError
from .model import Cell, Fact, Finding, Report, Section

__all__ = [
    "parse", "parse_file", "parse_text", "extract_facts", "reconcile", "findings_frame",
    "read_corpus", "Report", "Section", "Cell", "Fact", "Finding", "GovtextError",
]
__version__ = "0.1.0"

# The entry points are imported on first use, so `import govtext` (and `govtext --help`)
# loads no stage, model or numpy.
_LAZY = {
    "parse": ("govtext.pipeline", "parse"),
    "parse_file": ("govtext.pipeline", "parse_file"),
    "parse_text": ("govtext.pipeline", "parse_text"),
    "extract_facts": ("govtext.facts", "extract_facts"),
    "reconcile": ("govtext.reconcile", "reconcile"),
    "findings_frame": ("govtext.outputs", "findings_frame"),
    "read_corpus": ("govtext.corpus", "read_corpus"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module
        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'govtext' has no attribute {name!r}")

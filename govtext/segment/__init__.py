"""Segmentation: top-level sections, template generation, year and issuer.

``annotate`` fills ``Report.sections`` (kind, title and offsets of each top-level
section, each running to the next or to the end of the text), ``template``, ``year``
and ``issuer``.  Heading wording, numbering styles and metadata cues are data in
``govtext/data/sections.toml``; titles no keyword rule recognises are classified by the
model ``models/sections.npz`` (rebuilt by ``scripts/train_sections.py``).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from ..ml import TextClassifier
from ..model import Report
from ._headings import find_sections, rule_kind, title_key
from ._meta import issuer_of, template_of, year_of

__all__ = ["annotate", "classify_titles", "MODEL_PATH"]

#: The trained section-title classifier.
MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "sections.npz"


def annotate(report: Report) -> Report:
    """Set ``report.sections``, ``template``, ``year`` and ``issuer`` from its text."""
    text = report.text
    report.sections = find_sections(text, _model_predict)
    report.year = year_of(text, report.sections[0].start if report.sections else None)
    report.template = template_of(text, report.year)
    appendix = next((s.start for s in report.sections if s.kind == "appendix"), None)
    report.issuer = issuer_of(text, appendix)
    if not report.sections:
        report.warnings.append("No section headings were found; the report has no sections.")
    if _model() is None and any(s.kind == "extra" for s in report.sections):
        report.warnings.append(
            f"The section classifier {MODEL_PATH.name} is missing; headings no rule "
            "recognises were taken as 'extra'.")
    return report


def classify_titles(titles: list[str], model: TextClassifier | None = None) -> list[str]:
    """The section kind of each heading title as written ("三、公开平台建设情况"):
    keyword rules first, then ``model`` (by default the saved classifier)."""
    keys = [title_key(t) for t in titles]
    kinds = [rule_kind(k) for k in keys]
    unknown = [k for k, kind in zip(keys, kinds) if kind is None]
    if unknown:
        guessed = iter(model.predict(unknown) if model is not None else _model_predict(unknown))
        kinds = [kind if kind is not None else next(guessed) for kind in kinds]
    return kinds


def _model_predict(keys: list[str]) -> list[str]:
    model = _model()
    return model.predict(keys) if model is not None else ["extra"] * len(keys)


@cache
def _model() -> TextClassifier | None:
    """The classifier, loaded once on first use; None when the file is absent."""
    return TextClassifier.load(MODEL_PATH) if MODEL_PATH.is_file() else None

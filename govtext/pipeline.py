"""The pipeline: ingest → normalize → segment → tables → facts → reconcile.

Each stage is a component ``annotate(report) -> report`` that fills in its part of the
one :class:`~govtext.model.Report`, like a spaCy pipe over a ``Doc``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from . import facts, reconcile, segment, tables
from .ingest import read
from .model import RawDocument, Report
from .normalize import document_to_text, normalize_text

Component = Callable[[Report], Report]

#: The components ``parse`` runs, in order.
PIPELINE: tuple[tuple[str, Component], ...] = (
    ("segment", segment.annotate),
    ("tables", tables.annotate),
    ("facts", facts.annotate),
    ("reconcile", reconcile.annotate),
)


def parse_document(doc: RawDocument, *, until: str | None = None) -> Report:
    """Run the pipeline over a document a reader produced.

    ``until`` stops after the named component ("tables" gives cells without facts).
    """
    norm = normalize_text(document_to_text(doc))
    report = Report(source=doc.source, format=doc.format, text=norm.text,
                    warnings=list(doc.warnings))
    for name, component in PIPELINE:
        report = component(report)
        if name == until:
            break
    return report


def parse_text(text: str, source: str = "<text>", *, format: str = "txt",
               until: str | None = None) -> Report:
    """Parse a report given as a string."""
    return parse_document(RawDocument(source=source, format=format, blocks=[text]), until=until)


def parse_file(path: str | os.PathLike[str], *, until: str | None = None) -> Report:
    """Parse a report file of any supported format."""
    return parse_document(read(path), until=until)


def parse(path_or_text: str | os.PathLike[str], *, until: str | None = None) -> Report:
    """Parse a report: a path to a file, or the report's text itself.

    A ``str`` is taken as a path when it is one line naming an existing file.
    """
    if isinstance(path_or_text, os.PathLike):
        return parse_file(path_or_text, until=until)
    if "\n" not in path_or_text and len(path_or_text) < 4096 and Path(path_or_text).is_file():
        return parse_file(path_or_text, until=until)
    return parse_text(path_or_text, until=until)


def iter_reports(paths, *, until: str | None = None):
    """Parse every file named by ``paths`` (files, folders, globs).

    Yields ``(path, report)`` or ``(path, error)``: one bad file never stops the walk.
    A failure inside a stage (a bug, not bad input) also becomes that file's error,
    naming the file, so a corpus run never ends in a traceback.
    """
    from .errors import GovtextError
    from .ingest import expand_paths
    for path in expand_paths(paths):
        try:
            yield path, parse_file(path, until=until)
        except GovtextError as exc:
            yield path, exc
        except Exception as exc:  # noqa: BLE001 - recorded as this file's error
            yield path, GovtextError(str(path), f"could not be processed ({type(exc).__name__}: {exc})")

"""The pipeline: ingest → normalize → segment → tables → facts → reconcile.

Each stage is a component ``annotate(report) -> report`` that fills in its part of the
one :class:`~govtext.model.Report`, like a spaCy pipe over a ``Doc``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import facts, reconcile, segment, tables
from .errors import GovtextError
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
    names = [name for name, _ in PIPELINE]
    if until is not None and until not in names:
        raise ValueError(f"until={until!r} names no pipeline component ({', '.join(names)})")
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

    A ``str`` is taken as a path when it is one short line that names an existing file
    or ends in a report file's extension (so a mistyped path is an error naming it, not
    a one-line "report").
    """
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(path_or_text):
        return parse_file(path_or_text, until=until)
    return parse_text(path_or_text, until=until)


def _looks_like_path(s: str) -> bool:
    from .ingest import SUFFIXES
    if "\n" in s or len(s) > 1024:
        return False
    p = Path(s)
    return p.is_file() or p.suffix.lower() in SUFFIXES


def parse_or_error(path: str | os.PathLike[str], *, until: str | None = None) -> Report | GovtextError:
    """``parse_file``, with every failure returned as a :class:`GovtextError` naming the
    file: a failure inside a stage (a bug, not bad input) too, so neither a corpus walk
    nor the CLI ever ends in a traceback."""
    try:
        return parse_file(path, until=until)
    except GovtextError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - recorded as this file's error
        return GovtextError(str(path), f"could not be processed ({type(exc).__name__}: {exc})")


#: With at least this many files, ``iter_reports`` draws its progress bar.
PROGRESS_MIN_FILES = 20


def iter_reports(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                 until: str | None = None,
                 progress: str | None = None) -> Iterator[tuple[Path, Report | GovtextError]]:
    """Parse every file named by ``paths`` (files, folders, globs; one or many).

    Yields ``(path, report)`` or ``(path, error)`` (see :func:`parse_or_error`): one bad
    file never stops the walk.  With a ``progress`` label and many files, a progress bar
    is drawn on stderr when it is a terminal (stdout stays clean for the results).
    """
    from .ingest import expand_paths
    files = list(expand_paths([paths] if isinstance(paths, (str, os.PathLike)) else paths))
    items: Iterable[tuple[Path, Report | GovtextError]] = (
        (path, parse_or_error(path, until=until)) for path in files)
    if progress and len(files) >= PROGRESS_MIN_FILES and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import track
        items = track(items, total=len(files), description=progress,
                      console=Console(stderr=True), transient=True)
    yield from items

"""Ingest: any report file into a :class:`~govtext.model.RawDocument`.

``read(path)`` sniffs the format from the file's first bytes (the extension is only a
hint: government sites serve .doc files that are HTML, and PDFs named .html) and
dispatches through ``READERS``.  Every reader returns paragraphs and table grids in
reading order and raises :class:`~govtext.errors.UnreadableInput` naming the file when
it cannot.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import UnreadableInput, UnsupportedFormat
from ..model import RawDocument
from .text import read_text

#: Files larger than this are refused before any reader touches them.
MAX_BYTES = 64 * 1024 * 1024

Reader = Callable[[Path, bytes], RawDocument]


def _lazy(module: str, func: str) -> Reader:
    """A reader imported on first use, so plain-text runs never import lxml or pypdfium2."""
    def reader(path: Path, data: bytes) -> RawDocument:
        from importlib import import_module
        return getattr(import_module(f"{__name__}.{module}"), func)(path, data)
    reader.__name__ = func
    return reader


READERS: dict[str, Reader] = {
    "txt": read_text,
    "md": read_text,
    "html": _lazy("html", "read_html"),
    "docx": _lazy("docx", "read_docx"),
    "doc": _lazy("doc", "read_doc"),
    "pdf": _lazy("pdf", "read_pdf"),
}

_EXT = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
        ".htm": "html", ".shtml": "html", ".xhtml": "html", ".mht": "html", ".mhtml": "html",
        ".docx": "docx", ".doc": "doc", ".pdf": "pdf", ".wps": "doc"}

#: What a corpus walk picks up in a folder.
SUFFIXES = frozenset(_EXT)


def sniff_format(path: Path, head: bytes) -> str:
    """The format of a file from its magic bytes, falling back to its extension.

    A file named as a binary format (.pdf/.docx/.doc) without that format's magic is
    read as text or HTML when it is text (sites serve HTML as .doc), else refused.
    """
    ext = _EXT.get(path.suffix.lower())
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        return "doc"
    probe = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in probe or b"<div" in probe:
        return "html"
    if probe.startswith(b"mime-version:") and b"text/html" in probe:
        return "html"                     # a saved web archive (.mht), often served as .doc
    if ext in ("html", "docx", "doc", "pdf") and not head:
        return ext
    if ext is None:
        raise UnsupportedFormat(str(path), f"unknown file type '{path.suffix}'")
    if ext in ("docx", "doc", "pdf") and _binary(head):
        what = {"pdf": "a PDF (no %PDF header)", "docx": "a DOCX (not a zip package)",
                "doc": "a Word document (no OLE header)"}[ext]
        raise UnreadableInput(str(path), f"is named .{path.suffix.lower().lstrip('.')} but is not {what}; "
                              "damaged or mislabelled")
    return ext if ext in ("txt", "md") else "txt"


def _binary(head: bytes) -> bool:
    """True when the first bytes are not text in any encoding reports use."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    try:
        head.decode("gb18030")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4          # a cut multi-byte char at the end is fine
    return False


def read(path: str | os.PathLike[str]) -> RawDocument:
    """Read one report file of any supported format."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UnreadableInput(str(path), f"cannot open file ({exc.strerror or exc})") from None
    if p.is_dir():
        raise UnreadableInput(str(path), "is a folder, not a file")
    if not p.is_file():
        raise UnreadableInput(str(path), "is not a regular file (device, pipe or socket)")
    if size == 0:
        raise UnreadableInput(str(path), "file is empty")
    if size > MAX_BYTES:
        raise UnreadableInput(str(path), f"file is {size // 2**20} MB, "
                              f"over the {MAX_BYTES // 2**20} MB limit")
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)     # the file may have grown since stat
    except OSError as exc:
        raise UnreadableInput(str(path), f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise UnreadableInput(str(path), f"file is over the {MAX_BYTES // 2**20} MB limit")
    fmt = sniff_format(p, data[:4096])
    doc = READERS[fmt](p, data)
    doc.source = str(path)
    return doc


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named by ``paths``: files as given, folders walked (sorted), globs expanded.

    A folder walk skips hidden files and a folder's own documentation (README.md,
    INDEX.md: an all-capitals name), which are not reports; a file named outright is
    always read."""
    for item in paths:
        s = str(item)
        if any(ch in s for ch in "*?[") and not os.path.exists(s):
            for hit in sorted(glob.glob(s, recursive=True)):
                yield from expand_paths([hit])
            continue
        p = Path(s)
        if p.is_dir():
            for sub in sorted(p.rglob("*")):
                if sub.is_file() and sub.suffix.lower() in SUFFIXES and not _is_folder_doc(sub):
                    yield sub
        else:
            yield p


def _is_folder_doc(path: Path) -> bool:
    """Hidden files and README.md-style documentation found beside reports."""
    stem = path.stem
    return path.name.startswith(".") or (stem.isascii() and stem.isupper())

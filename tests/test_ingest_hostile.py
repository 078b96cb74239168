"""Hostile and broken inputs: each a clear UnreadableInput naming the file, never a
traceback or a hang.  Format-specific bombs live beside their readers' tests."""
from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from govtext.errors import MissingTool, UnreadableInput
from govtext.ingest import read
from govtext.pipeline import iter_reports


@pytest.mark.parametrize("name", ["a.txt", "a.pdf", "a.docx", "a.doc", "a.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(UnreadableInput, match=f"{name}: file is empty"):
        read(path)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:                        # sparse: 200 MB, no disk used
        fh.truncate(200 * 2**20)
    with pytest.raises(UnreadableInput, match="huge.pdf: file is 200 MB, over the 64 MB limit"):
        read(path)


@pytest.mark.parametrize("name", ["junk.pdf", "junk.docx", "junk.doc"])
def test_binary_junk_with_a_document_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(UnreadableInput, match=f"{name}: is named .* but is not a"):
        read(path)


def test_wrong_extension_is_read_by_content(tmp_path: Path) -> None:
    html = "<html><body><div class='zoom'><p>一、总体情况</p><p>全年共收到申请6件。</p></div></body></html>"
    path = tmp_path / "report.doc"                     # sites serve HTML as .doc
    path.write_text(html, encoding="utf-8")
    doc = read(path)
    assert doc.format == "html" and doc.blocks == ["一、总体情况", "全年共收到申请6件。"]
    text = tmp_path / "report.pdf"                     # and plain text as anything
    text.write_text("一、总体情况\n全年共收到申请6件。", encoding="gb18030")
    assert read(text).blocks == ["一、总体情况\n全年共收到申请6件。"]


def test_pdf_named_docx_is_read_as_pdf(tmp_path: Path) -> None:
    from govtext.model import RawDocument
    from govtext.synth.render import render

    path = tmp_path / "mislabelled.docx"
    path.write_bytes(render(RawDocument("x", "txt", ["标题", "正文第一段。"]), "pdf"))
    assert read(path).format == "pdf"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(UnreadableInput, match="pipe.txt: is not a regular file"):
        read(path)


def test_corpus_walk_survives_bad_files(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "junk.docx").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "ok.txt").write_text("一、总体情况\n全年共收到申请6件。", encoding="utf-8")
    results = dict(iter_reports([tmp_path], until="segment"))
    assert isinstance(results[tmp_path / "empty.pdf"], UnreadableInput)
    assert isinstance(results[tmp_path / "junk.docx"], UnreadableInput)
    assert "6件" in results[tmp_path / "ok.txt"].text


def test_doc_without_converters_names_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(MissingTool, match="old.doc: .*libreoffice-writer-nogui.*antiword"):
        read(path)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice (soffice) is not installed; apt install libreoffice-writer-nogui")
def test_doc_through_libreoffice(tmp_path: Path) -> None:
    import subprocess

    from govtext.model import RawDocument, Table
    from govtext.synth.render import render

    src = tmp_path / "src.docx"
    doc = RawDocument("x", "txt", ["标题", "正文第一段。", Table([["规章", "0"], ["规范性文件", "3"]])])
    src.write_bytes(render(doc, "docx"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=120)
    got = read(tmp_path / "src.doc")
    assert got.format == "doc" and got.blocks == doc.blocks


def test_damaged_ole_doc_is_a_clear_error(tmp_path: Path) -> None:
    if not (shutil.which("soffice") or shutil.which("libreoffice") or shutil.which("antiword")):
        pytest.skip("no .doc converter installed (soffice or antiword)")
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(7).randbytes(4096))
    with pytest.raises(UnreadableInput, match="broken.doc"):
        read(path)


def test_password_protected_office_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"                    # Office encrypts a DOCX into an OLE file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200)
    with pytest.raises(UnreadableInput, match="locked.docx: is a password-protected Office document"):
        read(path)


@pytest.mark.skipif(not ((shutil.which("soffice") or shutil.which("libreoffice")) and shutil.which("antiword")),
                    reason="needs LibreOffice to make a .doc and antiword to read it")
def test_doc_through_antiword_when_libreoffice_is_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from govtext.model import RawDocument
    from govtext.synth.render import render

    src = tmp_path / "src.docx"
    prose = [f"（{i}）全年共收到政府信息公开申请{i}件，均已按期答复，无逾期答复情况。" for i in range(1, 40)]
    src.write_bytes(render(RawDocument("x", "txt", ["标题", *prose]), "docx"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=120)
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name in ("soffice", "libreoffice") else which(name))
    got = read(tmp_path / "src.doc")
    assert got.format == "doc" and "（6）全年共收到政府信息公开申请6件，" in got.blocks[0]
    assert got.warnings == ["read with antiword (text only); install LibreOffice "
                            "(libreoffice-writer-nogui) for table grids"]


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie awaiting its reaper has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see processes")
def test_doc_converter_timeout_ends_its_helpers_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A converter that hangs after starting a helper (soffice's launcher and worker):
    on timeout the whole process group ends, not only the direct child."""
    import time

    from govtext.ingest import doc as doc_reader

    pidfile = tmp_path / "helper.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pidfile}\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: str(fake) if name == "soffice" else None)
    monkeypatch.setattr(doc_reader, "TIMEOUT", 1)
    path = tmp_path / "slow.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(UnreadableInput, match="slow.doc: conversion took over 1 s"):
        read(path)
    helper = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(helper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(helper)

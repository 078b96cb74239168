"""Legacy Word (.doc, also .wps and RTF): converted to DOCX by LibreOffice, then read
as DOCX so tables keep their grid.  Without LibreOffice, antiword gives the text (its
tables as ``|`` grids, which the text table parser reads); without either, the error
names what to install.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import MissingTool, UnreadableInput
from ..model import RawDocument

#: Seconds a conversion may take before the file is given up on.
TIMEOUT = 120
#: The stream an OLE container holds when Office encrypted a document (DOCX or DOC).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_INSTALL = ("reading .doc files needs LibreOffice (apt install libreoffice-writer-nogui) "
            "or, for text only, antiword (apt install antiword)")


def read_doc(path: Path, raw: bytes) -> RawDocument:
    """A legacy Word document's paragraphs and tables."""
    if _ENCRYPTED in raw:
        raise UnreadableInput(str(path), "is a password-protected Office document; save it "
                              "without a password first")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    antiword = shutil.which("antiword")
    if soffice:
        doc = _via_libreoffice(soffice, path, raw)
    elif antiword:
        doc = _via_antiword(antiword, path, raw)
    else:
        raise MissingTool(str(path), _INSTALL)
    if _garbled(doc):
        raise UnreadableInput(str(path), "is damaged: its conversion gives no readable text")
    return doc


def _garbled(doc: RawDocument) -> bool:
    """True when the converted text is noise: a converter that gives up on a damaged
    file imports its bytes as UTF-16 text, full of private-use, Hangul and control
    characters that no Chinese (or minority-language) report contains."""
    text = "".join(b for b in doc.blocks if isinstance(b, str))[:20_000]
    noise = sum("\ue000" <= ch <= "\uf8ff" or "\uac00" <= ch <= "\ud7af" or ch == "\ufffd"
                or (ch < " " and ch not in "\t\n\r") for ch in text)
    return noise > 0.1 * len(text)


def _via_libreoffice(soffice: str, path: Path, raw: bytes) -> RawDocument:
    from .docx import read_docx

    with tempfile.TemporaryDirectory(prefix="govtext-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(raw)
        # A private profile: a user's running LibreOffice instance would otherwise
        # swallow the request, and parallel conversions would fight over one profile.
        profile = Path(tmp, "profile").as_uri()
        _run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
              "--convert-to", "docx", "--outdir", tmp, str(src)], path)
        out = Path(tmp) / "input.docx"
        if not out.is_file():
            raise UnreadableInput(str(path), "LibreOffice could not convert this .doc file (damaged?)")
        doc = read_docx(path, out.read_bytes())
    doc.format = "doc"
    return doc


def _via_antiword(antiword: str, path: Path, raw: bytes) -> RawDocument:
    with tempfile.TemporaryDirectory(prefix="govtext-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(raw)
        out = _run([antiword, "-m", "UTF-8.txt", "-w", "0", str(src)], path)
    text = out.decode("utf-8", errors="replace")
    if not text.strip():
        raise UnreadableInput(str(path), "antiword found no text in this .doc file")
    return RawDocument(source=str(path), format="doc", blocks=[text],
                       warnings=["read with antiword (text only); install LibreOffice "
                                 "(libreoffice-writer-nogui) for table grids"])


def _run(cmd: list[str], path: Path) -> bytes:
    """``cmd``'s output, in a session of its own: soffice is a launcher whose worker
    process outlives it, so a timeout (or an interrupt) ends the whole process group."""
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise MissingTool(str(path), f"cannot run {cmd[0]} ({exc.strerror or exc}); {_INSTALL}") from None
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except BaseException as exc:
        _kill_group(proc)
        if isinstance(exc, subprocess.TimeoutExpired):
            raise UnreadableInput(str(path), f"conversion took over {TIMEOUT} s; given up") from None
        raise
    if proc.returncode != 0:
        err = err.decode("utf-8", errors="replace").strip().splitlines()
        raise UnreadableInput(str(path), f"{Path(cmd[0]).name} could not read this .doc file"
                              + (f" ({err[-1]})" if err else ""))
    return out


def _kill_group(proc: subprocess.Popen) -> None:
    """End ``proc``'s process group, helpers it started included, and reap ``proc``."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass                                   # the group has already ended
    proc.communicate()

"""Plain text and markdown: decode whatever encoding the file is in."""
from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableInput
from ..model import RawDocument

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, source: str = "<bytes>") -> str:
    """Decode report bytes: BOM, then UTF-8, then GB18030 (a superset of GBK/GB2312),
    then UTF-16 without BOM, then charset-normalizer's guess."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A file cut mid-character (a download or excerpt cut at a byte limit) is still
        # UTF-8: drop the partial character at the very end, nothing else.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[:exc.start].decode("utf-8")
    if _looks_utf16(data):
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise UnreadableInput(source, "cannot tell the text encoding (binary file?)")
    return data.decode(best.encoding, errors="replace")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4


def read_text(path: Path, data: bytes) -> RawDocument:
    text = decode(data, str(path))
    if "\x00" in text[:4096]:
        raise UnreadableInput(str(path), "looks like a binary file, not text")
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    return RawDocument(source=str(path), format=fmt, blocks=[text])

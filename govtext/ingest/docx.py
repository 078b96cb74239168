"""DOCX: paragraphs and tables in body order, merged cells expanded into the grid.

A DOCX is a zip of XML parts, so a hostile one can be a zip bomb or carry an XML entity
bomb; both are refused from the zip directory and the part prologues before
python-docx parses anything.  Merged cells (``gridSpan`` across, ``vMerge`` down) leave
their covered slots '' so a merged total is never counted twice.  Word's automatic list
numbering ("一、" drawn by the numbering part, not typed) is put back into the text,
because section headings often exist only that way.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from ..data import chinese_numeral, load
from ..errors import UnreadableInput
from ..model import Block, RawDocument, Table

#: Uncompressed size limits: the whole package and the compression ratio of one part.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Text-bearing nodes in document order, without the legacy copy (mc:Fallback) that
#: Word stores beside a drawing's text box.
_TEXT_NODES = etree.XPath(
    "(.//w:t | .//w:tab | .//w:br | .//w:cr)[not(ancestor::mc:Fallback)]",
    namespaces={"w": _W[1:-1], "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"})


def read_docx(path: Path, raw: bytes) -> RawDocument:
    """The paragraphs and table grids of a Word 2007+ document, in reading order."""
    _check_package(path, raw)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableInput(str(path), f"is not a readable Word document ({exc})") from None
    except Exception as exc:  # lxml.etree.XMLSyntaxError and kin: a corrupt part
        raise UnreadableInput(str(path), f"has a corrupt Word part ({type(exc).__name__}: {exc})") from None
    blocks = _body_blocks(document.element.body, _Numbering(document))
    if not blocks:
        raise UnreadableInput(str(path), "Word document holds no text")
    return RawDocument(source=str(path), format="docx", blocks=blocks)


def _check_package(path: Path, raw: bytes) -> None:
    """Refuse what is not a Word package, a zip bomb, or XML with entity declarations."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise UnreadableInput(str(path), f"is a damaged or truncated zip/DOCX file ({exc})") from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise UnreadableInput(str(path), "is a zip file but not a Word document (no word/ part)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise UnreadableInput(str(path), f"unpacks to {total // 2**20} MB, over the "
                              f"{MAX_UNPACKED // 2**20} MB limit (zip bomb?)")
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > MAX_RATIO:
            raise UnreadableInput(str(path), f"part {info.filename} is compressed {ratio}:1 (zip bomb?)")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            try:
                with zf.open(info) as fh:
                    head = fh.read(4096)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
                raise UnreadableInput(str(path), f"part {info.filename} is damaged ({exc})") from None
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise UnreadableInput(str(path), f"part {info.filename} declares a DTD/XML entities; "
                                      "refusing it (entity expansion attack?)")


def _body_blocks(container, numbering: "_Numbering") -> list[Block]:
    """Paragraphs and tables of the body, content controls (``w:sdt``) opened up."""
    blocks: list[Block] = []
    for el in container.iterchildren(_W + "p", _W + "tbl", _W + "sdt"):
        if el.tag == _W + "p":
            text = numbering.label(el) + _paragraph_text(el)
            if text.strip():
                blocks.append(text)
        elif el.tag == _W + "tbl":
            grid = _grid(el)
            if grid.rows:
                blocks.append(grid)
        else:
            for content in el.iterchildren(_W + "sdtContent"):
                blocks.extend(_body_blocks(content, numbering))
    return blocks


def _paragraph_text(p) -> str:
    """A paragraph's visible text: runs, tabs and breaks, hyperlinks and inserted
    revisions included (deleted text and field codes live in other elements)."""
    out: list[str] = []
    for el in _TEXT_NODES(p):
        if el.tag == _W + "t":
            out.append(el.text or "")
        elif el.tag == _W + "tab":
            out.append("\t")
        elif el.tag in (_W + "br", _W + "cr"):
            out.append("\n")
    return "".join(out)


def _grid(tbl) -> Table:
    """The table's grid: gridBefore/gridSpan/vMerge expanded, nested tables flattened."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(_W + "tr"):
        row: list[str] = [""] * _val(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for tc in tr.iterchildren(_W + "tc"):
            pr = tc.find(_W + "tcPr")
            span = max(1, min(_val(pr.find(_W + "gridSpan") if pr is not None else None, 1), 200))
            vmerge = pr.find(_W + "vMerge") if pr is not None else None
            continued = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            row.append("" if continued else _cell_text(tc))
            row.extend([""] * (span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return Table(rows=[r + [""] * (width - len(r)) for r in rows if any(c.strip() for c in r)])


def _cell_text(tc) -> str:
    lines: list[str] = []
    for el in tc.iterchildren(_W + "p", _W + "tbl", _W + "sdt"):
        if el.tag == _W + "tbl":
            lines.extend(" ".join(c for c in r if c) for r in _grid(el).rows)
        else:
            lines.extend(_paragraph_text(p) for p in ([el] if el.tag == _W + "p" else el.iter(_W + "p")))
    return "\n".join(line for line in lines if line.strip())


def _val(el, default: int) -> int:
    try:
        return int(el.get(_W + "val")) if el is not None else default
    except (TypeError, ValueError):
        return default


class _Numbering:
    """Word's automatic list labels ("一、", "（二）", "3.") counted the way Word does:
    per abstract list, a level's counter restarting when a shallower level advances.
    A paragraph is numbered by its own ``numPr`` or by its style's (numbered headings).
    """

    _FORMATS = {
        "decimal": str,
        "chineseCounting": chinese_numeral,
        "chineseCountingThousand": chinese_numeral,
        "ideographTraditional": lambda n: load("formats")["docx"]["stems"][(n - 1) % 10],
        "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
        "lowerLetter": lambda n: chr(0x61 + (n - 1) % 26),
        "upperLetter": lambda n: chr(0x41 + (n - 1) % 26),
    }
    _LEVELS = 9

    def __init__(self, document) -> None:
        #: numId -> (abstractNumId, {ilvl: (numFmt, lvlText, start)})
        self._lists: dict[str, tuple[str, dict[int, tuple[str, str, int]]]] = {}
        self._counters: dict[str, list[int]] = {}
        self._style_num: dict[str, object] = {}
        try:
            root = document.part.numbering_part.element
            styles = document.part.styles.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {an.get(_W + "abstractNumId"): {
            _clamp(_int(lvl.get(_W + "ilvl"), 0)):
                (_attr(lvl, "numFmt", "decimal"), _attr(lvl, "lvlText", ""), _val(lvl.find(_W + "start"), 1))
            for lvl in an.iterchildren(_W + "lvl")} for an in root.iterchildren(_W + "abstractNum")}
        for num in root.iterchildren(_W + "num"):
            ref = _attr(num, "abstractNumId", None)
            if ref in abstract:
                self._lists[num.get(_W + "numId")] = (ref, abstract[ref])
        for style in styles.iterchildren(_W + "style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                self._style_num[style.get(_W + "styleId")] = num_pr

    def label(self, p) -> str:
        """The list label Word draws before paragraph ``p``, or ''."""
        if not self._lists:
            return ""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            num_pr = self._style_num.get(_attr(p.find(_W + "pPr"), "pStyle", None))
        found = self._lists.get(_attr(num_pr, "numId", None)) if num_pr is not None else None
        if found is None:
            return ""
        list_id, levels = found
        ilvl = _clamp(_val(num_pr.find(_W + "ilvl"), 0))
        fmt, text, start = levels.get(ilvl, ("decimal", "", 1))
        if fmt in ("none", "bullet") or not text:
            return ""
        counters = self._counters.setdefault(list_id, [0] * self._LEVELS)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        counters[ilvl + 1:] = [0] * (self._LEVELS - ilvl - 1)
        for lv in range(ilvl + 1):
            lv_fmt, _, lv_start = levels.get(lv, ("decimal", "", 1))
            text = text.replace(f"%{lv + 1}", self._FORMATS.get(lv_fmt, str)(counters[lv] or lv_start))
        return text


def _attr(el, child: str, default):
    """The ``w:val`` of ``el``'s child ``w:<child>``."""
    found = el.find(_W + child) if el is not None else None
    return found.get(_W + "val", default) if found is not None else default


def _clamp(level: int) -> int:
    return min(max(level, 0), _Numbering._LEVELS - 1)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default

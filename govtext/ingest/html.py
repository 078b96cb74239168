"""HTML pages: the report article out of its site chrome, tables as grids.

Government portals wrap a report in navigation, breadcrumbs, a metadata box (索引号,
发布机构 …) and footers.  The article is the element that holds nearly all of the page's
non-link text, preferring the containers common CMSs use (``TRS_Editor``, ``zoom`` …).
Bytes are decoded here, never by lxml: lxml silently drops GB2312 text it decodes
itself.  Tables become grids with rowspan/colspan expanded and covered slots left ''.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import lxml.html
from lxml import etree

from .. import data
from ..errors import UnreadableInput
from ..model import Block, RawDocument, Table
from .text import decode

#: A span larger than this is treated as 1 (hostile or broken markup).
MAX_SPAN = 200
#: An element is the article when one child does not hold this share of its text.
_DESCEND_SHARE = 0.85
#: A content-hinted container is trusted when it holds this share of the page's text.
_HINT_SHARE = 0.6

_BLOCK_TAGS = frozenset("""p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr blockquote pre
    section article center hr address figure figcaption caption tbody thead tfoot""".split())
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
_MIME = re.compile(rb"\s*(?:MIME-Version|From|Content-Type):", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\r\n\f]+")
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "euc-cn", "cp936", "ms936"}


@cache
def _conf() -> dict:
    return data.load("formats")["html"]


def read_html(path: Path, raw: bytes) -> RawDocument:
    """The report article of an HTML page (or of a saved .mht web archive) as
    paragraphs and table grids."""
    text = _from_mime(raw, str(path)) if _MIME.match(raw) else _decode(raw, str(path))
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1),
                                             parser=lxml.html.HTMLParser(remove_comments=True,
                                                                         remove_pis=True))
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInput(str(path), f"is not a readable HTML page ({exc})") from None
    _drop_chrome(root)
    title = _title(root)
    article = _article(root)
    blocks = _blocks(article)
    if not blocks:
        raise UnreadableInput(str(path), "HTML page holds no text")
    if title and not any(title in b for b in blocks[:3] if isinstance(b, str)):
        blocks.insert(0, title)
    images = sum(1 for _ in article.iter("img"))
    warnings = [f"the HTML article holds {images} image(s); tables published as pictures "
                "are not read"] if images else []
    return RawDocument(source=str(path), format="html", blocks=blocks, warnings=warnings)


def _from_mime(raw: bytes, source: str) -> str:
    """The HTML part of a MIME web archive (.mht, often served as .doc)."""
    import email
    import email.policy

    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True) or b""
            text = _as_declared(body, part.get_content_charset())  # the part's header wins
            return text if text is not None else _decode(body, source)
    raise UnreadableInput(source, "is a MIME web archive without an HTML part")


def _decode(raw: bytes, source: str) -> str:
    """Honour a declared charset, else guess."""
    m = _CHARSET.search(raw[:8192])
    text = _as_declared(raw, (m.group(1) or m.group(2)).decode("ascii")) if m else None
    return text if text is not None else decode(raw, source)


def _as_declared(raw: bytes, charset: str | None) -> str | None:
    """``raw`` in its declared charset (GB2312/GBK read as their superset GB18030, which
    also holds the characters sites type outside them); None when none is declared,
    Python does not know the name, or the bytes are not in it (CMS templates declare
    UTF-8 over GBK pages: guessing beats a page of replacement characters)."""
    if not charset:
        return None
    charset = charset.lower()
    try:
        return raw.decode("gb18030" if charset in _GB else charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _title(root: etree._Element) -> str:
    """The report's title: the page's first <h1>/<h2>, else <title> without the site name."""
    for tag in ("h1", "h2"):
        for el in root.iter(tag):
            t = _flat(el)
            if len(t) >= 6:
                return t
    el = root.find(".//title")
    t = _flat(el) if el is not None else ""
    for sep in _conf()["title_separators"]:
        t = t.split(sep)[0]
    return t.strip()


def _drop_chrome(root: etree._Element) -> None:
    """Remove tags that never hold report text and elements named like site chrome."""
    etree.strip_elements(root, *_conf()["drop_tags"], etree.Comment, with_tail=False)
    chrome = {h.lower() for h in _conf()["chrome_hints"]}
    for el in list(root.iter("div", "ul", "section", "span", "p")):
        hidden = "display:none" in el.get("style", "").replace(" ", "").lower()
        if hidden or (_names(el) & chrome and not _holds_report(el)):
            el.drop_tree()
    for table in list(root.iter("table")):
        if _is_meta_box(table):
            table.drop_tree()


def _names(el: etree._Element) -> set[str]:
    return {w.lower() for w in re.split(r"[\s]+", f"{el.get('id', '')} {el.get('class', '')}") if w}


def _holds_report(el: etree._Element) -> bool:
    """A chrome-named wrapper that still holds a data table or long text is kept."""
    return any(True for _ in el.iter("table")) or len(_flat(el)) > 400


def _is_meta_box(table: etree._Element) -> bool:
    text = _flat(table)
    hits = sum(1 for label in _conf()["meta_labels"] if label in text)
    return hits >= _conf()["meta_min_labels"] and len(text) < 600


def _article(root: etree._Element) -> etree._Element:
    """The element holding the report: a CMS content container, else the text-densest
    one; never one that leaves a data table of the page outside it."""
    body = root.find("body")
    body = root if body is None else body
    weight = _text_weights(body)
    total = weight.get(body, 0) or 1
    tables = _data_tables(body)
    hints = {h.lower() for h in _conf()["content_hints"]}
    hinted = [el for el in body.iter() if isinstance(el.tag, str) and _names(el) & hints
              and weight.get(el, 0) >= _HINT_SHARE * total and _data_tables(el) == tables]
    node = hinted[-1] if hinted else body
    while True:
        kids = [k for k in node if isinstance(k.tag, str)]
        best = max(kids, key=lambda k: weight.get(k, 0), default=None)
        if best is None or weight.get(best, 0) < _DESCEND_SHARE * weight.get(node, 0):
            return node
        if best.tag in ("tr", "tbody", "thead") or (best.tag == "table" and not _is_layout(best)):
            return node
        if _data_tables(best) != _data_tables(node):
            return node
        node = best


def _data_tables(el: etree._Element) -> int:
    """How many tables under ``el`` hold data (not page layout)."""
    return sum(1 for t in el.iter("table") if not _is_layout(t))


def _text_weights(body: etree._Element) -> dict[etree._Element, int]:
    """Non-link text length under each element (links are navigation, not report)."""
    weight: dict[etree._Element, int] = {}
    for el in reversed(list(body.iter())):
        if not isinstance(el.tag, str):
            continue
        own = 0 if el.tag == "a" else len((el.text or "").strip())
        kids = sum(weight.get(k, 0) + len((k.tail or "").strip()) for k in el)
        weight[el] = own + kids
    return weight


def _is_layout(table: etree._Element) -> bool:
    """A table used for page layout: its cells hold paragraphs, tables or long prose."""
    for cell in _cells_of(table):
        if any(k.tag in ("table", "p", "div", "h1", "h2", "h3") for k in cell.iter() if k is not cell):
            if any(k.tag == "table" for k in cell.iter() if k is not cell) or len(_flat(cell)) > 200:
                return True
        if len(_flat(cell)) > 400:
            return True
    return False


def _rows_of(table: etree._Element) -> list[etree._Element]:
    """The table's own rows, not those of tables nested in its cells."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def _cells_of(table: etree._Element) -> list[etree._Element]:
    return [c for r in _rows_of(table) for c in r if c.tag in ("td", "th")]


def _blocks(root: etree._Element, tables: bool = True) -> list[Block]:
    """Paragraphs and tables under ``root`` in document order.

    With ``tables=False`` (inside a cell) a nested table is flattened to lines of text.
    """
    blocks: list[Block] = []
    line: list[str] = []

    def flush() -> None:
        text = _WS.sub(" ", "".join(line)).strip()
        line.clear()
        if text:
            blocks.append(text)

    def walk(el: etree._Element) -> None:
        if el.tag == "table" and tables and not _is_layout(el):
            flush()
            blocks.extend(t for c in el.iterchildren("caption") if (t := _flat(c)))
            grid = _grid(el)
            if grid.rows:
                blocks.append(grid)
            return
        block = el.tag in _BLOCK_TAGS or el.tag in ("table", "td", "th")
        if block:
            flush()
        line.append(el.text or "")
        for kid in el:
            if isinstance(kid.tag, str):
                walk(kid)
            line.append(kid.tail or "")
        if block:
            flush()

    walk(root)
    flush()
    return blocks


def _grid(table: etree._Element) -> Table:
    """A table as a full grid: spans expanded, covered slots '', empty rows dropped."""
    grid: dict[tuple[int, int], str] = {}
    rows = _rows_of(table)
    for r, tr in enumerate(rows):
        c = 0
        for cell in (k for k in tr if k.tag in ("td", "th")):
            while (r, c) in grid:
                c += 1
            rs, cs = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            rs = min(rs, len(rows) - r)
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = ""
            grid[(r, c)] = _cell_text(cell)
            c += cs
    if not grid:
        return Table(rows=[])
    width = max(c for _, c in grid) + 1
    out = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    return Table(rows=[row for row in out if any(row)])


def _span(value: str | None) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return n if 1 <= n <= MAX_SPAN else 1


def _cell_text(cell: etree._Element) -> str:
    """A cell's text, its paragraphs and <br>s kept as line breaks."""
    return "\n".join(b for b in _blocks(cell, tables=False) if isinstance(b, str))


def _flat(el: etree._Element) -> str:
    return _WS.sub(" ", el.text_content()).strip()

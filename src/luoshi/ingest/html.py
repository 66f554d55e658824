"""Main text of an HTML page: the article, not the navigation around it.

Steps: decode (BOM, then a trustworthy ``<meta charset>``, else detection);
drop scripts, navigation, headers, footers, forms and elements whose class or
id names a menu; score containers by the CJK characters of the blocks they
hold (readability-style, discounting link text) and keep the best one. Output
has one line per block element; a data table gives one line per row with its
cells joined by tabs, set off by blank lines.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import lxml.etree
import lxml.html

from luoshi.ingest._common import reason_of
from luoshi.ingest.document import IngestError
from luoshi.ingest.encoding import bom_encoding, decode_bytes

__all__ = ["decode_html", "html_to_text", "read_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# Labels seen on Chinese sites, mapped to the superset codec we decode with.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "cp950",
    "big5-hkscs": "big5hkscs",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}

# Whole elements that are never the article (script/style go even earlier).
_DROP_TAGS = (
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "textarea",
)
_NOISE_NAME = re.compile(
    r"(?:^|[^a-z])(?:nav|navbar|navigation|menus?|submenu|footer|foot|breadcrumbs?|crumbs?"
    r"|sidebar|side-bar|copyright)(?:$|[^a-z])"
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A line break in the source between two hanzi is wrapping, not a space.
_CJK_WRAP = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])\s*\n\s*"
    r"(?=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])"
)
_SPACE = re.compile(r"\s+")
_MAX_DATA_CELL = 300  # chars; a cell holding more is page layout, not data


def _cjk(text: str | None) -> int:
    return len(_CJK.findall(text)) if text else 0


def _clean(text: str) -> str:
    return _SPACE.sub(" ", _CJK_WRAP.sub("", text)).strip()


def _declared_charset(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(data: bytes, path: str = "<bytes>") -> tuple[str, str, list[str]]:
    """``(text, encoding, warnings)``: BOM first, then a declared CJK/UTF-8
    charset if the bytes really are in it, else content detection.

    Chinese sites often declare gb2312 over UTF-8 bytes (or the reverse), so a
    declaration is only trusted when it decodes cleanly.
    """
    if bom_encoding(data) is not None:
        return decode_bytes(data, path=path)
    declared = _declared_charset(data[:4096])
    codec = _CHARSET_ALIASES.get(declared) if declared else None
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" not in text:
                return text.replace("\r\n", "\n").replace("\r", "\n"), codec, []
    text, encoding, warnings = decode_bytes(data, path=path)
    if declared and codec != encoding and not data.isascii():
        warnings.append(f"网页声明的编码 {declared} 与内容不符，已按 {encoding} 读取")
    return text, encoding, warnings


def _is_noise_name(el: Any) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(_NOISE_NAME.search(_CAMEL.sub("-", names).lower()))


def _is_article_part(el: Any) -> bool:
    """A <header>/<footer> inside <article>/<main> holds its title or date."""
    return el.tag in ("header", "footer") and any(
        a.tag in ("article", "main") for a in el.iterancestors()
    )


def _drop_noise(body: Any) -> None:
    """Remove non-article elements, but never one holding most of the text:
    ASP.NET pages wrap the whole body in a <form>, and some sites put the
    article inside a div named like a menu."""
    total = _cjk(body.text_content())
    candidates = [
        el
        for el in body.iter()
        if isinstance(el.tag, str)
        and el is not body
        and ((el.tag in _DROP_TAGS and not _is_article_part(el)) or _is_noise_name(el))
    ]
    removed: set[Any] = set()
    for el in candidates:
        if any(a in removed for a in el.iterancestors()):
            continue
        if el.find(".//article") is not None or 2 * _cjk(el.text_content()) > total:
            continue
        removed.add(el)
        el.drop_tree()


def _cell_texts(tr: Any) -> list[str]:
    return [_clean(cell.text_content()) for cell in tr if cell.tag in ("td", "th")]


def _rows(table: Any) -> list[Any]:
    return list(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"))


def _is_data_table(table: Any) -> bool:
    """A grid of values (render as tab-separated rows), not page layout."""
    if table.find(".//table") is not None:
        return False
    rows = [_cell_texts(tr) for tr in _rows(table)]
    return any(len(cells) >= 2 for cells in rows) and all(
        len(cell) <= _MAX_DATA_CELL for cells in rows for cell in cells
    )


def _best_container(body: Any) -> Any:
    """The element whose blocks hold the most CJK text, net of link text."""
    own: dict[Any, int] = defaultdict(int)
    data_tables: set[Any] = set()

    def walk(el: Any, owner: Any) -> None:
        if el.tag == "table" and _is_data_table(el):
            data_tables.add(el)
            own[el] += _cjk(el.text_content())  # a data table scores as one block
            return
        me = el if el.tag in _BLOCK_TAGS else owner
        own[me] += _cjk(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child, me)
            own[me] += _cjk(child.tail)

    walk(body, body)
    score: dict[Any, float] = defaultdict(float)
    for el, count in own.items():
        if not count:
            continue
        score[el] += count
        parent = el.getparent()
        if parent is not None:
            score[parent] += count
            grandparent = parent.getparent()
            if grandparent is not None:
                score[grandparent] += count / 2
    best, best_score = body, 0.0
    ranked = sorted(
        (el for el in score if el.tag not in ("html", "head") and el not in data_tables),
        key=score.__getitem__,
        reverse=True,
    )
    for el in ranked[:25]:
        total = _cjk(el.text_content())
        links = sum(_cjk(a.text_content()) for a in el.iter("a"))
        net = score[el] * (1 - links / total) if total else 0.0
        if net > best_score:
            best, best_score = el, net
    return best


class _Renderer:
    """Lines of text: one per block element, data tables as tab-separated rows."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._inline: list[str] = []

    def flush(self) -> None:
        line = _clean("".join(self._inline))
        self._inline.clear()
        if line:
            self.lines.append(line)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def element(self, el: Any) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            self.flush()
        elif tag == "table" and _is_data_table(el):
            self.flush()
            self.blank()
            for tr in _rows(el):
                cells = [cell.replace("\t", " ") for cell in _cell_texts(tr)]
                if any(cells):
                    self.lines.append("\t".join(cells))
            self.blank()
        elif tag == "pre":
            self.flush()
            self.lines.extend(line.rstrip() for line in el.text_content().splitlines())
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
            self._inline.append(el.text or "")
            for child in el:
                self.element(child)
                self._inline.append(child.tail or "")
            if block:
                self.flush()


def _title(root: Any) -> str | None:
    for path in (".//title", ".//h1"):
        el = root.find(path)
        if el is not None:
            title = _clean(el.text_content())
            if title:
                return title
    return None


def html_to_text(markup: str) -> tuple[str, str | None]:
    """``(text, title)`` of the main content of an HTML page."""
    root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1))
    title = _title(root)
    # Code and comments first, so their text cannot sway the guards below.
    junk_tags = (
        lxml.etree.Comment,
        lxml.etree.ProcessingInstruction,
        "script",
        "style",
        "template",
    )
    for junk in list(root.iter(*junk_tags)):
        junk.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    _drop_noise(body)
    renderer = _Renderer()
    renderer.element(_best_container(body))
    renderer.flush()
    return "\n".join(renderer.lines).strip("\n"), title


def read_html(data: bytes, path: str = "<bytes>") -> tuple[str, str | None, str, list[str]]:
    """``(text, title, encoding, warnings)`` of an HTML file's bytes."""
    markup, encoding, warnings = decode_html(data, path)
    try:
        text, title = html_to_text(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(path, f"网页无法解析（{reason_of(exc)}）") from None
    if not text.strip():
        warnings.append("网页中没有找到正文")
    return text, title, encoding, warnings

"""Web pages: the article's text with trafilatura, its title, date and source from the page's metadata.

trafilatura against readability-lxml on Chinese news pages with site chrome
(``scripts/bench_formats.py --html``, 113 reports x 3 page templates): both keep the whole article;
readability-lxml's raw output is a little cleaner (it leaves out the title and the metadata line,
which intake then recognises anyway), trafilatura with tables on keeps the menus of old table-layout
government pages, with tables off it does not. What reaches the Document is the same, and trafilatura
also brings the page title and htmldate (for the date declared in ``<head>``), so it is the one used,
with tables off: a data table in a web article is lost, its text is not the report's argument.
Dates and sources in the page's visible metadata line (``来源：… 发布时间：…``, beside the title and
outside the article) are read with the intake's own :func:`~classify.intake.document.parse_metadata`.

The page is decoded here, not by the extractor: a BOM wins, then valid UTF-8, then the charset the
page declares (``<meta charset=gb2312>``, read as its superset GB18030), then the intake's detection.
"""

from __future__ import annotations

import codecs
import logging
import re
from html import unescape
from pathlib import Path

from classify.errors import InputError
from classify.intake.formats.common import Extracted, need
from classify.intake.read import decode_bytes

_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*encoding=["']([\w.:-]+)""", re.I)
# Declared names that browsers read as a larger codec (the WHATWG encoding standard's choices).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "cp950"}

# Chinese CMSs put the source and date in <meta> tags that the extractor does not know.
_META = re.compile(r"<meta\s[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
MIN_ARTICLE = 20  # characters: less is a menu or a caption, not a report
_SOURCE_NAMES = {"contentsource", "source", "来源", "article:source", "og:article:source"}


def declared_charset(data: bytes) -> str | None:
    """The codec named by the page's ``<meta charset>``/``http-equiv``/XML declaration, if Python knows it."""
    match = _DECLARED.search(data[:8192])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, where: str | Path | None) -> str:
    """The page's text: BOM, then valid UTF-8, then the declared charset, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, where=where)
    try:
        return data.decode("utf-8")  # legacy-encoded Chinese is practically never valid UTF-8
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the page lies about its charset: detect it
    return decode_bytes(data, where=where)


def page_meta(html: str) -> dict[str, str]:
    """``source`` and ``date`` from the page's ``<meta name=... content=...>`` tags."""
    found: dict[str, str] = {}
    for tag in _META.findall(html[:65536]):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(tag)}
        name = (attrs.get("name") or attrs.get("property") or "").lower()
        content = (attrs.get("content") or "").strip()
        if content and name in _SOURCE_NAMES:
            found.setdefault("source", content)
    return found


def read_html(data: bytes, where: str | Path | None) -> Extracted:
    """The article of a web page with its title, date and source; an error when there is none."""
    trafilatura = need("trafilatura", "web pages", where)
    html = decode_html(data, where)
    meta = page_meta(html)
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses a str with an encoding declaration
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,  # with tables on, an old table-layout page comes out menus and all
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if len("".join(text.split())) < MIN_ARTICLE:
        raise InputError(where, "no article found in the web page")
    lines = page_fields(html, before=text.split("\n", 1)[0][:12])
    return Extracted(
        body=text,
        title=(result.title or "").strip(" _|-—–") or None,
        date=head_date(html) or lines.get("date"),
        source=meta.get("source") or lines.get("source"),
        site=(result.sitename or "").strip() or None,
    )


def head_date(html: str) -> str | None:
    """The publication date the page's ``<head>`` declares (``<meta name=PubDate>``, Open Graph,
    JSON-LD), read by htmldate. The body is left out on purpose: a page without a date of its own
    lists the dates of its related links, and htmldate would take one of them."""
    end = re.search(r"</head\s*>", html, re.I)
    if not end:
        return None
    from htmldate import find_date

    try:
        return find_date(html[: end.end()] + "<body></body></html>", extensive_search=False, original_date=True)
    except Exception:  # a date library's hiccup is not worth losing the report over
        return None


_INVISIBLE = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def page_fields(html: str, *, before: str) -> dict[str, str]:
    """``source`` and ``date`` from the page's metadata line (``来源：… 发布时间：…``), which sits
    between the title and the article, outside what the extractor keeps. Only the page above the
    article's first words (``before``) is read: below it, related links carry dates of their own."""
    from classify.intake.document import parse_metadata

    text = unescape(_TAG.sub("\n", _INVISIBLE.sub("", html)))
    end = text.find(before) if before else -1
    found: dict[str, str] = {}
    for line in text[: max(end, 0)].split("\n"):
        line = " ".join(line.split())
        fields = parse_metadata(line) if 4 <= len(line) <= 120 else None
        if fields and ("source" in fields or "date" in fields):
            if fields.get("source"):
                found.setdefault("source", fields["source"])
            if _ISO_DATE.match(fields.get("date") or ""):
                found.setdefault("date", fields["date"])
            if len(found) == 2:
                break
    return found

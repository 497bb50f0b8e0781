"""Web pages: the article's text with trafilatura, its title, date and source from the page's metadata.

trafilatura was measured against readability-lxml on Chinese news pages with site chrome (see
``scripts/bench_formats.py --html``): it keeps the article and drops menus, share boxes and related
links at least as well, and brings the title and publication date (htmldate) with it.

The page is decoded here, not by the extractor: a BOM wins, then valid UTF-8, then the charset the
page declares (``<meta charset=gb2312>``, read as its superset GB18030), then the intake's detection.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from classify.errors import InputError
from classify.intake.formats import Extracted, need
from classify.intake.read import decode_bytes

_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*encoding=["']([\w.:-]+)""", re.I)
# Declared names that browsers read as a larger codec (the WHATWG encoding standard's choices).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "cp950"}

# Chinese CMSs put the source and date in <meta> tags that the extractor does not know.
_META = re.compile(r"<meta\s[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
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
        include_tables=True,
        date_extraction_params={"original_date": True, "extensive_search": True},
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        raise InputError(where, "no article found in the web page")
    return Extracted(
        body=text,
        title=(result.title or "").strip() or None,
        date=result.date or None,
        source=meta.get("source"),
        site=(result.sitename or "").strip() or None,
    )

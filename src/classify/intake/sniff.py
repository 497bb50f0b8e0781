"""What kind of file is this? Decided from the bytes (magic numbers, markup), the name only breaks ties.

Analysts' folders mix saved web pages, Word documents and PDFs with plain text, and extensions lie
(a ``.doc`` that is really a ``.docx``, a page saved as ``.txt``). :func:`sniff` returns one of
:data:`KINDS`; the readers in :mod:`classify.intake.formats` take it from there.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

#: ``text`` plain text; ``html`` a web page; ``docx`` Word 2007+; ``pdf``; ``ole`` an OLE2 compound file
#: (old binary Word .doc, or an encrypted Office document); ``zip`` any other zip archive.
KINDS = ("text", "html", "docx", "pdf", "ole", "zip")

#: Extensions of the formats read besides text, for picking files out of a folder.
FORMAT_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".docx", ".pdf", ".doc")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A page starts with a doctype, <html>, <head> or a comment; a fragment saved from a CMS at least
# has a <body>, <meta> or block-level tags near the top. Stray <BR> or <PAGE_DIV> in a text report do not count.
_HTML_START = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<(?:!doctype\s+)?html|<!--)", re.I
)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|meta|title|div|article|script|style|table|p)[\s>/]", re.I)


def sniff(data: bytes, name: str | None = None) -> str:
    """The kind of file ``data`` is, one of :data:`KINDS`."""
    head = data[:1024]
    if b"%PDF-" in head:  # the header may follow a few bytes of junk; readers accept it within 1 KB
        return "pdf"
    if data.startswith(_OLE):
        return "ole"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx" if _is_docx(data) or _suffix(name) == ".docx" else "zip"
    if _looks_html(data, name):
        return "html"
    return "text"


def _suffix(name: str | None) -> str:
    if not name or "." not in name:
        return ""
    return "." + name.rsplit(".", 1)[-1].lower()


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _looks_html(data: bytes, name: str | None) -> bool:
    head = data[:4096]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):  # markup in UTF-16: look at it as ASCII
            head = head[len(bom) :].decode(encoding, "ignore").encode("ascii", "ignore")
            break
    head = head.removeprefix(codecs.BOM_UTF8)
    if _HTML_START.match(head):
        return True
    tags = len(_HTML_TAGS.findall(head))
    if _suffix(name) in (".html", ".htm", ".xhtml", ".shtml"):
        return tags >= 1
    # A page saved under a text name is still a page when it starts with a tag and is made of them.
    return tags >= 3 and head.lstrip().startswith(b"<")

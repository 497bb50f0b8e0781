"""Readers for the formats analysts keep reports in besides plain text: web pages, Word, PDF.

Each reader turns a file's bytes into an :class:`Extracted` (body text, one paragraph or line per
line, plus the title, date and source its metadata gives); :func:`to_document` hands that to the
usual cleaning and structure step, so the :class:`~classify.intake.Document` the rest of the pipeline
sees is the same as for a .txt report. Every problem is an :class:`~classify.errors.InputError`:
one line naming the file.

The libraries (trafilatura, python-docx, pypdf) come with ``pip install 'classify[formats]'``;
without them a file of that kind gets a one-line hint.
"""

from __future__ import annotations

import re
from pathlib import Path

from classify.errors import InputError
from classify.intake.formats.common import HINT, Extracted, need, reason

__all__ = ["HINT", "Extracted", "need", "read_formatted", "reason", "to_document"]


def read_formatted(data: bytes, kind: str, where: str | Path | None) -> Extracted:
    """Extract a file of ``kind`` (see :func:`classify.intake.sniff.sniff`, not ``text``)."""
    if kind == "html":
        from classify.intake.formats.web import read_html

        return read_html(data, where)
    if kind == "docx":
        from classify.intake.formats.word import read_docx

        return read_docx(data, where)
    if kind == "pdf":
        from classify.intake.formats.pdf import read_pdf

        return read_pdf(data, where)
    if kind == "ole":
        raise InputError(where, _ole_problem(data))
    if kind == "zip":
        raise InputError(where, "a zip archive, not a report (a .docx holds word/document.xml; this does not)")
    raise ValueError(f"no reader for {kind!r}")


def _ole_problem(data: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted Office document: save it without a password first"
    if "WordDocument".encode("utf-16-le") in data:
        return "old binary Word document (.doc): not supported; save it as .docx or PDF"
    return "old binary Office file (OLE2, not Word): not a report"


def to_document(extracted: Extracted, path: str | None, *, where: str | Path | None = None):
    """The :class:`~classify.intake.Document` of an extraction: cleaned and structured as text is,
    the metadata's title, date and source winning over what the body's lines say."""
    from classify.intake.document import Document

    if extracted.title:
        body = drop_title_lines(extracted.body, extracted.title)
        doc = Document.from_parts(
            title=extracted.title, body=body, date=extracted.date, source=extracted.source, path=path
        )
    else:
        doc = Document.from_text(extracted.body, path=path)
        doc.date = extracted.date or doc.date
        doc.source = extracted.source or doc.source
    doc.source = doc.source or extracted.site
    if not doc.paragraphs:
        raise InputError(where or path, "no text found")
    return doc


_SPACE = re.compile(r"\s+")


def drop_title_lines(body: str, title: str) -> str:
    """Drop the first lines of ``body`` when together they repeat ``title`` (pages and PDFs print the
    title above the text; the title is a field of its own)."""
    want = _SPACE.sub("", title)
    lines = body.split("\n")
    seen = ""
    for n, line in enumerate(lines[:4]):
        seen += _SPACE.sub("", line).lstrip("#")
        if seen == want:
            return "\n".join(lines[n + 1 :])
        if not want.startswith(seen):
            break
    return body

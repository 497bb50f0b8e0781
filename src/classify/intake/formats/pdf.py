"""PDF files with pypdf: the text layer, without running headers, footers and page numbers, its lines
rejoined into paragraphs.

pypdf is pure Python, maintained, without dependencies, and reads the CJK fonts of Chinese office PDFs
(predefined CMaps such as UniGB-UCS2-H); nothing here needs more layout than its lines give, so
pdfminer.six was not brought in (nor compared). ``scripts/bench_formats.py`` times a 300-page PDF.

Lines are rejoined by two signals: a paragraph starts on an indented line (the two-character indent
of Chinese typesetting shows as leading space), and ends on a line clearly shorter than the full
lines. Within a paragraph, Han text joins without a space, Latin words with one, and a word
hyphenated at a line end is made whole again. Page breaks are line breaks like any other once the
running header and footer are gone.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from pathlib import Path

from classify.errors import InputError
from classify.intake.formats.common import Extracted, need, reason

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)\s*$",
    re.IGNORECASE,
)
_EDGE = 3  # how many lines at the top and bottom of a page may be running header or footer
_SHORT = 0.85  # a line under this share of a full line ends its paragraph
_FILE_TITLE = re.compile(r"^(?:microsoft\s+(?:word|powerpoint)\s*-\s*)|\.(?:docx?|wps|pdf|txt)$", re.IGNORECASE)


def read_pdf(data: bytes, where: str | Path | None) -> Extracted:
    """The text of a PDF as paragraphs, with the title from its metadata when it looks like one."""
    pypdf = need("pypdf", "PDF files", where)
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # it warns about every repaired xref
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # "encrypted" PDFs often only restrict printing
            except Exception as exc:
                raise InputError(where, f"encrypted PDF: cannot decrypt ({reason(exc)})") from None
            if not opened:
                raise InputError(where, "encrypted PDF: needs a password")
        pages = list(reader.pages)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(where, f"corrupt PDF ({reason(exc)})") from None
    if not pages:
        raise InputError(where, "corrupt PDF (no pages)")
    texts, failures = [], 0
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # one broken page must not lose the others
            failures += 1
            texts.append("")
    if failures == len(pages):
        raise InputError(where, "corrupt PDF (no page could be read)")
    if sum(len(t.split()) for t in texts) == 0 or sum(len("".join(t.split())) for t in texts) < 10:
        raise InputError(where, "no text layer: needs OCR (a scanned PDF?)")
    return Extracted(body="\n".join(join_lines(drop_running(texts))), title=_title(reader))


def _title(reader) -> str | None:
    try:
        title = (reader.metadata or {}).get("/Title")
    except Exception:
        return None
    title = " ".join(str(title or "").split())
    cleaned = _FILE_TITLE.sub("", title).strip()
    if cleaned != title or not re.search(r"[\u4e00-\u9fff]", title):
        return None  # a file name ("Microsoft Word - 附件1.docx") or an English template's title
    return title


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", "".join(line.split()))


def drop_running(pages: list[str]) -> list[str]:
    """All lines of all pages, in order, less running headers and footers (lines at a page's top or
    bottom that repeat, digits aside, on at least half the pages) and page numbers."""
    page_lines = [[line.rstrip() for line in text.split("\n") if line.strip()] for text in pages]
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update({_key(line) for line in lines[:_EDGE] + lines[-_EDGE:]})
    needed = max(2, (len(pages) + 1) // 2)
    running = {key for key, count in counts.items() if count >= needed}

    def noise(line: str) -> bool:
        return _key(line) in running or bool(_PAGE_NUMBER.match(line))

    out: list[str] = []
    for lines in page_lines:
        start, end = 0, len(lines)
        while start < min(_EDGE, end) and noise(lines[start]):
            start += 1
        while end > max(start, len(lines) - _EDGE) and noise(lines[end - 1]):
            end -= 1
        out.extend(lines[start:end])
    return out


def _width(line: str) -> float:
    """Printed width in Han characters: ASCII counts half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line.strip())


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if re.search(r"[A-Za-z]-$", left) and right[:1].islower():
        return left[:-1] + right  # infor-\nmation
    if re.search(r"[A-Za-z0-9,.;:!?)]$", left) and re.match(r"[A-Za-z0-9(]", right):
        return left + " " + right
    return left + right


def join_lines(lines: list[str]) -> list[str]:
    """Paragraphs from a PDF's lines (see the module's docstring for the two signals)."""
    if not lines:
        return []
    widths = sorted(_width(line) for line in lines)
    full = widths[int(0.8 * (len(widths) - 1))]
    # When (nearly) every line starts with a space the space is a margin, not an indent.
    indents = sum(line[:1].isspace() for line in lines) < 0.6 * len(lines)
    paragraphs: list[str] = []
    current, previous = "", ""
    for line in lines:
        if current and ((indents and line[:1].isspace()) or _width(previous) < _SHORT * full):
            paragraphs.append(current)
            current = ""
        current = _join(current, line.strip())
        previous = line
    paragraphs.append(current)
    return paragraphs

"""Word documents (.docx) with python-docx: paragraphs and tables in document order.

Headings are known from their styles (Title, Heading N, or any style with an outline level) and are
marked ``#`` for the structure step, which takes a marked first line as the title and later ones as
section headings. A table row becomes one line, its cells separated by spaces (merged cells once).
"""

from __future__ import annotations

import io
from pathlib import Path

from classify.errors import InputError
from classify.intake.formats.common import Extracted, need, reason

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _heading_level(paragraph) -> int | None:
    """0 for the Title style, N for Heading N (or an outline level N-1), ``None`` for body text."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").lower()
        if name in ("title", "标题"):
            return 0
        if name.startswith(("heading ", "标题 ")) and name.split()[-1].isdigit():
            return int(name.split()[-1])
        style = style.base_style
    outline = paragraph._p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None and outline.get(f"{_W}val", "").isdigit():
        level = int(outline.get(f"{_W}val"))
        return level + 1 if level < 9 else None  # 9 is "body text"
    return None


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:  # a merged cell is listed once per grid column it spans
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" ".join(cells))
    return lines


def read_docx(data: bytes, where: str | Path | None) -> Extracted:
    """The paragraphs, headings and tables of a .docx, in order; the title from its style."""
    docx = need("docx", "Word documents", where)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types for broken parts
        raise InputError(where, f"corrupt Word document ({reason(exc)})") from None
    title = None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            level = _heading_level(paragraph)
            if level == 0 and title is None and not lines:
                title = " ".join(text.split())
            elif level is not None:
                lines.append("# " + " ".join(text.split()))
            else:
                lines.append(text)
        elif child.tag == f"{_W}tbl":
            lines.extend(_table_lines(Table(child, document)))
    if not lines:
        raise InputError(where, "no text in the Word document")
    return Extracted(body="\n".join(lines), title=title)

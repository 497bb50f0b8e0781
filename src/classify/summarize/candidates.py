"""Which sentences of a document may go into its lead.

Intake has already moved the title, date, source, bylines and photo captions out of the body and
marked section headings; what is left are body sentences. A few of those still must not open a
导语, and this module drops them: metadata or byline lines that sat inside the body, headings written
as sentences (``（一）全面规范日常教育，筑牢……。``), list lead-ins that end in a colon, captions, and
fragments too short to say anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classify.intake import Document
from classify.intake.document import is_byline, is_heading, parse_metadata, split_sentences

#: Sentences with fewer content characters than this say nothing on their own ("（完）", "是的。").
MIN_CONTENT_CHARS = 6

_CONTENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z]")
# Enumerators that open a heading even when it ends with a full stop: 一、 （一） 1. 第一部分 ①
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．.](?!\d)"
    r"|第[一二三四五六七八九十]+(?:章|节|部分|篇)|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_HEADING_MAX = 40  # an enumerated sentence longer than this is a paragraph that happens to be numbered
_CAPTION_START = re.compile(r"^(?:图为|上图|下图|左图|右图|图[①②③④⑤⑥⑦⑧⑨⑩\d一二三四五六]?[:：])")
_CREDIT_END = re.compile(r"[（(]?(?:记者|通讯员)?\s*[\u4e00-\u9fff·]{2,4}\s*摄[)）]?$")
_EDITORIAL = re.compile(r"^[（(【\[]?(?:责任编辑|责编|编辑|来源|记者|通讯员|本报记者|原标题|原题为?)\s*[:：]")


@dataclass(frozen=True)
class Candidate:
    """A body sentence that may be selected, with where it sits."""

    text: str
    #: Number of the sentence in ``Document.sentences`` (the document's own numbering).
    index: int
    #: Rank among the candidates: 0 for the first selectable sentence.
    position: int
    paragraph: int
    #: Whether it opens its paragraph.
    opens_paragraph: bool

    @property
    def chars(self) -> int:
        """Length in characters, as the budget counts it."""
        return len(self.text)


def is_selectable(text: str) -> bool:
    """Whether a body sentence may go into a lead: not metadata, byline, caption, heading, list lead-in
    or fragment."""
    text = text.strip()
    if len(text) < 3 * MIN_CONTENT_CHARS and len(_CONTENT.findall(text)) < MIN_CONTENT_CHARS:
        return False
    if _ENUMERATOR.match(text) and len(text) <= _HEADING_MAX:
        return False  # （一）全面规范日常教育，筑牢……。 is a heading although it ends in 。
    if text[-1] in "：:":
        return False  # 提出三方面要求： announces a list the lead would not carry
    if text[0] in "（(【[" and text[-1] in "）)】]" and len(text) <= 60:
        return False  # （原标题：…）, （记者 张三）, 【编者按】 notes
    if _EDITORIAL.match(text) or _CAPTION_START.match(text) or ("摄" in text[-3:] and _CREDIT_END.search(text)):
        return False
    if is_heading(text) or (len(text) <= 40 and is_byline(text)):
        return False
    # parse_metadata only ever accepts a line with a colon or one that opens with a date: skip the rest.
    return not ((":" in text or "：" in text or text[0].isdigit()) and parse_metadata(text) is not None)


def candidates(doc: Document) -> list[Candidate]:
    """The selectable body sentences of ``doc`` in document order."""
    out: list[Candidate] = []
    last_paragraph = -1
    for sentence in doc.sentences:
        opens = sentence.paragraph != last_paragraph
        last_paragraph = sentence.paragraph
        if not is_selectable(sentence.text):
            continue
        out.append(Candidate(sentence.text, sentence.index, len(out), sentence.paragraph, opens))
    return out


def fallback_candidates(doc: Document) -> list[Candidate]:
    """For a document none of whose body sentences is selectable (one short sentence, a ``1.…2.…``
    list of short items, a text that is only a title): every sentence with content, headings
    included, else the title. ``index`` is -1: these are not all in ``Document.sentences``."""
    texts = [p.text for p in doc.paragraphs] or ([doc.title] if doc.title else [])
    out: list[Candidate] = []
    for number, paragraph in enumerate(texts):
        for k, sentence in enumerate(split_sentences(paragraph) or [paragraph]):
            if _CONTENT.search(sentence):
                out.append(Candidate(sentence, -1, len(out), number, k == 0))
    if not out and doc.title and _CONTENT.search(doc.title):
        out.append(Candidate(doc.title, -1, 0, 0, True))
    return out


_CLAUSE_END = re.compile(r"[，,；;、：:）)”」]")


def cut_to_budget(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters: after the last clause mark (，；、：) within the
    budget when there is one in its second half, else at the budget, with … in the last place."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    marks = [m.end() for m in _CLAUSE_END.finditer(head)]
    if marks and marks[-1] >= max_chars // 2:
        return head[: marks[-1]]
    return head[: max_chars - 1] + "…" if max_chars > 1 else head

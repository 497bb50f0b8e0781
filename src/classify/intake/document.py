"""Clean text -> :class:`Document`: title, date, source, bylines, paragraphs, sentences.

The rules here read the shape of a web report: a title on the first line (sometimes a markdown ``#``
heading, sometimes broken across lines), a source/date line under it, body paragraphs one per line,
section headings (``一、``, ``（一）``, or a short line without final punctuation), and bylines, photo
credits and captions, which are fields of the document rather than body text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from classify.intake.clean import clean_text

# --- sentences -------------------------------------------------------------------------------------

_CLOSERS = "”’」』）》〉】\"'"
_SENTENCE = re.compile(rf"[^。！？!?…]*?(?:[。！？!?]+|…+|$)[{_CLOSERS}]*")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences at 。！？ and …, keeping closing quotes and brackets with the
    sentence they close (``他说：“好。”`` is one sentence)."""
    return [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]


# --- line classifiers ------------------------------------------------------------------------------

_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*日?")
_META_KEYS = (
    "文章来源|稿件来源|信息来源|新闻来源|来源|出处|发布时间|发布日期|发表时间|更新时间|时间|日期"
    "|作者|撰稿|撰稿人|供稿|通讯员|编辑|责任编辑|责编|审核|审校|校对|浏览次数|点击数|阅读数|点击量"
)
_META_PAIR = re.compile(
    rf"(?P<key>{_META_KEYS})\s*[:：]\s*(?P<value>[^\s:：]*(?:\s(?!\s*(?:{_META_KEYS})\s*[:：])[^\s:：]+)*)"
)
_DATE_LINE = re.compile(rf"^{_DATE.pattern}\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:来源\s*[:：]?\s*(?P<src>.+))?$")
_EDITOR = re.compile(r"^[（(]\s*(?:责编|责任编辑|编辑)\s*[:：].*[）)]$")

_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．]|\d{1,2}\.(?!\d)"
    r"|第[一二三四五六七八九十]+(?:章|节|部分|篇)|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_TERMINAL = "。！？!?；;：:…，,"
_BYLINE_ROLES = (
    "本报记者",
    "本报通讯员",
    "特约记者",
    "实习生",
    "通讯员",
    "记者",
    "摄影",
    "撰稿",
    "供稿",
    "编辑",
    "作者",
    "文",
    "图",
    "摄",
)
_BYLINE_TOKEN = re.compile(r"[\s、，,]+")
_ROLE_SPLIT = re.compile(r"[/／:：]")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")


def _name_part(token: str) -> bool:
    token = token.removesuffix("整理").removesuffix("报道").removesuffix("摄")
    return bool(_NAME.match(token))


def is_byline(line: str) -> bool:
    """``文/胡蓝月 刘畅 摄/宿东``, ``通讯员 梁鹏林 曹文``, ``（本报记者 董洪亮整理）``: role words and
    short names only. Token by token (a name may contain a role character, as 许文立 does); linear,
    with no regex backtracking."""
    text = line.strip().strip("（）()")
    if not 2 <= len(text) <= 40 or not text.startswith(_BYLINE_ROLES):
        return False
    for token in filter(None, _BYLINE_TOKEN.split(text)):
        parts = _ROLE_SPLIT.split(token, maxsplit=1)
        if len(parts) == 2:  # role/name
            if parts[0] not in _BYLINE_ROLES or (parts[1] and not _name_part(parts[1])):
                return False
        elif token in _BYLINE_ROLES:
            continue
        elif not _name_part(token):
            role = next((r for r in _BYLINE_ROLES if token.startswith(r) and len(token) > len(r)), None)
            if role is None or not _name_part(token[len(role) :]):
                return False
    return True


_DATELINE = re.compile(r"^(?:本报|新华社|人民网|央视网|中新社)[\u4e00-\u9fff]{0,12}\d{1,2}月\d{1,2}日(?:电|讯)\s*")
_REPORTER = re.compile(r"^[（(](?:本报)?(?:记者|通讯员)[^（）()]{1,40}[）)]\s*")
_CAPTION = re.compile(
    r"(?:^(?:图为|上图|下图|左图|右图|图[①②③④⑤⑥⑦⑧⑨⑩\d一二三四五六]?[:：])"
    r"|(?:记者|通讯员|摄影|新华社发|本报|特约)?\s*[\u4e00-\u9fff·]{2,4}\s*摄[)）]?$"
    r"|[（(](?:资料图片|新华社发|视觉中国|受访者供图|本报资料图片|图片来源[^）)]*)[)）]$)"
)


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ISO ``YYYY-MM-DD`` (``2022 年 1 月 8 日`` -> ``2022-01-08``)."""
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_metadata(line: str) -> dict[str, str] | None:
    """Fields of a source/date/byline line, or ``None`` when the line is body text.

    ``文章来源:X 发布时间:2022-01-21`` -> ``{"source": "X", "date": "2022-01-21"}``;
    ``2022年07月11日10:11 来源:人民网`` -> ``{"date": ..., "source": "人民网"}``.
    """
    line = line.strip()
    if not line or len(line) > 120:
        return None
    match = _DATE_LINE.match(line)
    if match:
        fields = {"date": parse_date(line) or ""}
        if match["src"]:
            fields["source"] = match["src"].strip()
        return fields
    if _EDITOR.match(line):
        return {"editor": line.strip("（）()").split("：", 1)[-1].split(":", 1)[-1].strip()}
    pairs = list(_META_PAIR.finditer(line))
    covered = sum(len(m.group(0)) for m in pairs)
    if not pairs or covered < 0.6 * len(line.replace(" ", "")):
        return None
    fields = {}
    for pair in pairs:
        key, value = pair["key"], pair["value"].strip()
        if "来源" in key or key == "出处":
            fields.setdefault("source", value)
        elif "时间" in key or "日期" in key:
            fields.setdefault("date", parse_date(value) or value)
        elif key in {"作者", "撰稿", "撰稿人", "供稿", "通讯员"}:
            fields.setdefault("author", value)
        elif "编" in key or key in {"审核", "审校", "校对"}:
            fields.setdefault("editor", value)
    return fields


def is_heading(paragraph: str) -> bool:
    """A section heading: ``一、…``/``（一）…`` when short, or a short line without final punctuation."""
    text = paragraph.strip()
    if _ENUMERATED.match(text):
        return len(text) <= 60
    core = text.rstrip("”’)）』」》\"'")  # 聚焦民生“小切口” is a heading; 他说：“好。” is not
    return len(text) <= 30 and bool(core) and core[-1] not in _TERMINAL


# Section headings that may stand unnumbered right under a title: never part of a broken title.
_HEADING_WORDS = frozenset(
    [
        "基本情况",
        "背景",
        "背景和起因",
        "主要做法",
        "工作成效",
        "取得的成效",
        "经验启示",
        "经验做法",
        "探讨",
        "前言",
        "引言",
        "概述",
        "案例",
        "典型案例",
    ]
)


def _is_title_like(line: str) -> bool:
    return 0 < len(line) <= 80 and line[-1] not in "。；;，," and not _ENUMERATED.match(line)


# --- the document ----------------------------------------------------------------------------------


@dataclass
class Paragraph:
    """One paragraph of the body; ``kind`` is ``"body"`` or ``"heading"``."""

    text: str
    kind: str = "body"


@dataclass
class Sentence:
    """One body sentence with its position: paragraph number and running sentence number."""

    text: str
    paragraph: int
    index: int


@dataclass
class Document:
    """A report after intake: metadata fields plus body paragraphs (headings marked)."""

    title: str | None = None
    subtitle: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None
    bylines: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    path: str | None = None

    @property
    def body(self) -> str:
        """Body paragraphs (headings included), one per line."""
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def text(self) -> str:
        """Title, subtitle and body: what a classifier reads."""
        head = [t for t in (self.title, self.subtitle) if t]
        return "\n".join([*head, self.body])

    @property
    def sentences(self) -> list[Sentence]:
        """Body sentences (section headings excluded), in document order."""
        out: list[Sentence] = []
        for number, paragraph in enumerate(self.paragraphs):
            if paragraph.kind != "body":
                continue
            for sentence in split_sentences(paragraph.text):
                out.append(Sentence(sentence, number, len(out)))
        return out

    def to_dict(self, *, sentences: bool = True) -> dict[str, Any]:
        """A JSON-ready dict; sentences are listed when ``sentences`` is true."""
        data = asdict(self)
        if sentences:
            data["sentences"] = [s.text for s in self.sentences]
        return data

    def to_text(self) -> str:
        """Plain text: the title, a metadata line, then the body (headings on their own lines)."""
        meta = "  ".join(f"{k}: {v}" for k, v in (("date", self.date), ("source", self.source)) if v)
        lines = [x for x in (self.title, self.subtitle, meta) if x]
        return "\n".join([*lines, "", self.body]) if lines else self.body

    @classmethod
    def from_text(cls, raw: str, *, path: str | Path | None = None) -> Document:
        """Build a document from raw report text (cleaned here)."""
        return _structure(clean_text(raw), path=str(path) if path else None)

    @classmethod
    def from_parts(
        cls,
        *,
        title: str | None,
        body: str,
        subtitle: str | None = None,
        date: str | None = None,
        source: str | None = None,
        path: str | None = None,
    ) -> Document:
        """Build a document whose title is already known (corpus records): the body is cleaned and
        structured as usual, the given fields win over what the body's lines say."""
        title = _clean_line(title) if title else None
        subtitle = _clean_line(subtitle) if subtitle else None
        doc = _structure(clean_text(body), path=path, find_title=False)
        doc.title, doc.subtitle = title or None, subtitle or None
        doc.date, doc.source = date or doc.date, source or doc.source
        return doc


def _clean_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _nonempty(lines: list[str]) -> Iterator[tuple[int, str]]:
    return ((i, line) for i, line in enumerate(lines) if line.strip())


def _structure(text: str, *, path: str | None, find_title: bool = True) -> Document:
    lines = [line.strip() for line in text.split("\n")]
    doc = Document(path=path)
    used: set[int] = set()
    order = [i for i, _ in _nonempty(lines)]

    if find_title and order:
        _take_title(doc, lines, order, used)

    # Metadata lines sit just under the title and at the very end.
    for i in order[:6] + order[-6:]:
        if i in used:
            continue
        fields = parse_metadata(lines[i].lstrip("#").strip())
        if fields is None:
            continue
        used.add(i)
        doc.date = doc.date or (fields.get("date") or None)
        doc.source = doc.source or fields.get("source")
        doc.author = doc.author or fields.get("author")

    for i in order:
        if i in used:
            continue
        line = lines[i]
        marked = line.startswith("#")
        line = line.lstrip("#").strip()
        if not line:
            continue
        line = _take_dateline(doc, line)
        if not line:
            continue
        if len(line) <= 40 and is_byline(line):
            doc.bylines.append(line.strip("（）()"))
        elif len(line) <= 160 and (line[0] in "图上下左右" or line[-1] in "摄)）") and _CAPTION.search(line):
            doc.captions.append(line)
        elif _EDITOR.match(line):
            continue
        else:
            doc.paragraphs.append(Paragraph(line, "heading" if marked or is_heading(line) else "body"))
    return doc


def _take_title(doc: Document, lines: list[str], order: list[int], used: set[int]) -> None:
    first = order[0]
    line = lines[first]
    marked = line.startswith("#")
    candidate = line.lstrip("#").strip()
    if not (marked or _is_title_like(candidate)) or parse_metadata(candidate) is not None:
        return
    used.add(first)
    title = candidate
    # A title broken across lines: short fragments without final punctuation right under it, when
    # what follows them is a metadata line or a body paragraph (not a section heading).
    rest = order[1:]
    for n, i in enumerate(rest[:2]):
        fragment = lines[i]
        after = lines[rest[n + 1]] if n + 1 < len(rest) else ""
        if (
            len(fragment) <= 16
            and len(title) >= 10
            and title[-1] not in _TERMINAL
            and _is_title_like(fragment)
            and parse_metadata(fragment) is None
            and (parse_metadata(after) is not None or len(after) > 40)
        ):
            title += fragment
            used.add(i)
        else:
            break
    rest = [i for i in order[1:] if i not in used]
    if rest and lines[rest[0]].startswith(("——", "—— ", "--")):
        doc.subtitle = lines[rest[0]].lstrip("—- ").strip()
        used.add(rest[0])
    doc.title = title


def _take_dateline(doc: Document, line: str) -> str:
    """Move a leading ``本报北京1月16日电（记者张洋）`` into the bylines; return what is left."""
    taken = []
    match = _DATELINE.match(line)
    if match:
        taken.append(match.group(0).strip())
        line = line[match.end() :]
    match = _REPORTER.match(line)
    if match and (taken or not doc.paragraphs):
        taken.append(match.group(0).strip().strip("（）()"))
        line = line[match.end() :]
    doc.bylines.extend(taken)
    return line.strip()

"""Character- and line-level cleaning of reports as they come off the web.

Each rule is a small function so that a newcomer can see, test and switch off one kind of dirt.
:func:`clean_text` applies them in the order that matters: mojibake from a wrong decoding is repaired
before anything reads the characters; pinyin readings go before traditional -> simplified (OpenCC); the
mojibake filter runs on simplified text because its character table is simplified.

Lines are kept: the structure step (:mod:`classify.intake.document`) needs them to find the title,
metadata, headings and paragraphs. Markdown heading marks (``#``) are kept for the same reason.
"""

from __future__ import annotations

import re
from functools import lru_cache

from classify.intake.charset import mojibake_spans

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】「」『』…—～·"

# --- encoding residue ---------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# UTF-8 read as Latin-1/Windows-1252: a lead byte letter followed by continuation-range symbols.
_LATIN_MOJIBAKE = re.compile("[\u00c2-\u00ef][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


# Small-form and vertical punctuation (﹔ ︰ ...) that some CMSs emit, mapped to the ordinary forms.
_SMALL_FORMS = {
    "﹐": "，",
    "﹑": "、",
    "﹒": "。",
    "﹔": "；",
    "﹕": "：",
    "﹖": "？",
    "﹗": "！",
    "︰": "：",
    "﹙": "（",
    "﹚": "）",
    "\t": " ",
    "\u00a0": " ",
    "\u3000": " ",
}


def normalize_whitespace(text: str) -> str:
    """Unify newlines, drop invisible characters, turn tabs, NBSP and ideographic spaces into spaces,
    and map small-form punctuation (``﹔``) to the ordinary forms."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    for old, new in _SMALL_FORMS.items():  # str.replace is C-fast; translate with a dict is not
        if old in text:
            text = text.replace(old, new)
    return text


def repair_latin_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Latin-1/Windows-1252 (``ä¸­å›½`` -> ``中国``) with ftfy.

    Only called when the telltale pattern is present: ftfy is the well-kept tool for this and costs
    far more than the check.
    """
    if not _LATIN_MOJIBAKE.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


# --- pinyin readings: 會(huì) -> 會 -----------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = (
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|in|un|ün|ia|ie|iu|ua|uo|ui|üe|ue|er|a|o|e|i|u|ü|v)"
    r"(?:r)?"
)
# A reading with a tone mark can follow anything (even mojibake); a bare one must follow a Han character.
_PINYIN_TONED = re.compile(rf"[(（]\s?[a-zü]{{0,4}}[{_TONED}][a-zü{_TONED}]{{0,4}}\s?[)）]")
_PINYIN_BARE = re.compile(rf"(?<=[{_HAN}])[(（]{_SYLLABLE}[1-5]?[)）]")


def strip_pinyin(text: str) -> str:
    """Remove pinyin readings printed after characters: ``會(huì)`` -> ``會``, ``领导(ling3)`` -> ``领导``."""
    if "(" not in text and "（" not in text:
        return text
    return _PINYIN_BARE.sub("", _PINYIN_TONED.sub("", text))


# --- traditional -> simplified ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified with OpenCC's ``t2s`` table (simplified input passes unchanged)."""
    return _opencc().convert(text)


# --- markers, markup, footers ----------------------------------------------------------------------

_MARKERS = re.compile(
    r"<\s*/?\s*(?:PAGE_DIV|PAGE|BR|P|DIV|SPAN|IMG|HR)[^<>]*>"  # page markers and stray tags
    r"|!\[[^\]]*\]\([^)]*\)"  # markdown images
    r"|\*\*|__",  # markdown bold
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|/)[^)]*\)")
_URL = re.compile(r"https?://\S+")
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")


def strip_markup(text: str) -> str:
    """Remove page markers (``<PAGE_DIV>``), stray HTML tags, markdown images, links and bold marks."""
    text = _MARKERS.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _URL.sub("", text)
    return "\n".join("" if _PAGE_NUMBER_LINE.match(line) else line for line in text.split("\n"))


_FOOTER_LINE = re.compile(
    r"【\s*(?:关闭|打印|字号|大\s*中\s*小|收藏|纠错|返回顶部)"
    r"|^\s*(?:微信)?[“\"]?扫一扫[”\"]?|微信[“\"]扫一扫|扫描二维码|分享到[:：]?|^\s*(?:打印本页|关闭窗口|返回顶部|返回首页)"
    r"|^\s*(?:上一篇|下一篇)[:：]"
)
_FOOTER_HEADER = re.compile(r"^\s*(?:相关专题|相关新闻|相关阅读|相关链接|延伸阅读|推荐阅读|热点推荐)\s*[|｜]?\s*$")
_FOOTER_MAX = 40  # footers are short; a body sentence that mentions 扫一扫 is not one
_FOOTER_ANY = re.compile(
    r"【|扫一扫|二维码|分享到|打印本页|关闭窗口|返回|上一篇|下一篇|相关|延伸阅读|推荐阅读|热点推荐"
)
_LINK_ITEM = re.compile(r"^\s*(?:[·•]\s*.{1,80}|.{1,60}\s[|｜])\s*$")


def drop_footers(text: str) -> str:
    """Drop share boxes, print/close buttons and "related" link lists (``相关专题 | · …|``)."""
    if not _FOOTER_ANY.search(text):
        return text
    out: list[str] = []
    in_links = False
    for line in text.split("\n"):
        if _FOOTER_HEADER.match(line):
            in_links = True
            continue
        if in_links and (not line.strip() or _LINK_ITEM.match(line)):
            continue
        in_links = False
        if len(line) <= _FOOTER_MAX and _FOOTER_LINE.search(line):
            continue
        out.append(line)
    return "\n".join(out)


def drop_mojibake(text: str) -> str:
    """Drop runs of mojibake (see :func:`classify.intake.charset.mojibake_spans`) from simplified text;
    a line left with under 10 characters after losing more than half of them is dropped whole (what
    is left of a garbled footer or share box is garbage too)."""
    spans = mojibake_spans(text)
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    kept = "".join(pieces).split("\n")
    original = text.split("\n")
    if len(kept) != len(original):  # spans never cross lines, so this cannot happen; keep what we have
        return "\n".join(kept)
    return "\n".join(
        k for k, o in zip(kept, original, strict=True) if len(k.strip()) >= 10 or 2 * len(k.strip()) >= len(o.strip())
    )


# --- punctuation and spaces ------------------------------------------------------------------------

_FULLWIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_IS_HAN = re.compile(rf"[{_HAN}]")
_AFTER_OK = re.compile(rf"[{_HAN}”’）》】」』]")
_BEFORE_OK = re.compile(rf"[{_HAN}“‘（《【「『]")
_ASCII_PUNCT = re.compile(r"[,;:!?]")
_HAN_PARENS = re.compile(r"\(([^()\n]{1,200})\)")
_SPACE_RUN = re.compile(r" +")
_BULLET = re.compile(r"^[■□●○◆◇▲△▶►★☆•▪◎※]+ *", re.MULTILINE)


def _fullwidth(match: re.Match[str]) -> str:
    text, i = match.string, match.start()
    before = text[i - 1] if i else ""
    after = text[i + 1 : i + 3].lstrip(" ")[:1]
    if _AFTER_OK.match(before) or _BEFORE_OK.match(after):
        return _FULLWIDTH[match.group(0)]
    return match.group(0)


# A metadata key after a space ("2022-01-08  来源：人民网") keeps the space: it separates two fields.
_META_KEY_AHEAD = re.compile(
    r"(?:文章来源|稿件来源|信息来源|来源|发布时间|发布日期|时间|日期|作者|编辑|责任编辑|责编|浏览次数|点击数)\s*[:：]"
)


def _space(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if _META_KEY_AHEAD.match(text, end):
        return " "
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    if before == "\n" or after == "\n" or before in _CJK_PUNCT or after in _CJK_PUNCT:
        return ""  # line ends and spaces next to CJK punctuation
    if (before.isdigit() and _IS_HAN.match(after)) or (_IS_HAN.match(before) and after.isdigit()):
        return ""  # PDF residue: 2022 年 1 月
    return " "  # one space between words is kept: titles use it as a separator


def normalize_punctuation(text: str) -> str:
    """Chinese punctuation for Chinese text: ASCII ``,;:!?`` and parentheses next to Han characters
    become full-width; spaces around CJK punctuation, at line ends and between digits and Han (PDF
    residue such as ``2022 年 1 月``) go; a single space between two Han characters is kept (titles
    use it as a separator); leading bullets go. Each rule is one literal-led scan of the whole text."""
    text = _ASCII_PUNCT.sub(_fullwidth, text)
    if "(" in text:
        text = _HAN_PARENS.sub(lambda m: f"（{m.group(1)}）" if _IS_HAN.search(m.group(1)) else m.group(0), text)
    text = _SPACE_RUN.sub(_space, text)
    return _BULLET.sub("", text)


_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Apply every cleaning rule in order; returns simplified text with one paragraph per line.

    Lone surrogates (a str made from undecodable bytes) become U+FFFD: no later step can encode them."""
    text = _SURROGATES.sub("\ufffd", text)
    text = normalize_whitespace(text)
    text = repair_latin_mojibake(text)
    text = strip_pinyin(text)
    text = to_simplified(text)
    text = strip_markup(text)
    text = drop_footers(text)
    text = drop_mojibake(text)
    return normalize_punctuation(text)

"""Web dirt for generated reports: what real input carries and our intake must remove.

Kinds (each drawn independently per dirty document): traditional characters (whole text or some
paragraphs), pinyin readings after characters, a markdown ``#`` title, a title broken across lines,
no title at all, a source/date line, ``<PAGE_DIV>`` markers, full-width indentation, blank lines,
ASCII punctuation, a byline, an editor line, footers (print/close buttons, share boxes, related-link
lists, previous/next links) and now and then a run of mojibake.

Every kind is one the intake (``classify.intake``) undoes, so a dirty document and its clean draft
come out of intake with the same body: the tests check that for every generated document.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache

from phrasebank.core import Draft
from phrasebank.orgs import Org, person

# Readings for common characters whose traditional form differs (the reading follows the character,
# as some sites print it). Hand-written; polyphonic characters are left out.
PINYIN = {
    "会": "huì", "议": "yì", "领": "lǐng", "导": "dǎo", "负": "fù", "责": "zé", "学": "xué", "习": "xí", "组": "zǔ",
    "织": "zhī", "党": "dǎng", "书": "shū", "记": "jì", "设": "shè", "员": "yuán", "开": "kāi", "国": "guó", "实": "shí",
    "现": "xiàn", "经": "jīng", "验": "yàn", "说": "shuō", "这": "zhè", "对": "duì", "动": "dòng", "进": "jìn",
    "过": "guò", "个": "gè", "问": "wèn", "题": "tí", "务": "wù", "产": "chǎn", "业": "yè", "级": "jí", "县": "xiàn",
    "区": "qū", "乡": "xiāng", "镇": "zhèn", "团": "tuán", "队": "duì", "坚": "jiān", "统": "tǒng", "筹": "chóu",
    "规": "guī", "质": "zhì", "层": "céng", "围": "wéi", "绕": "rào", "讲": "jiǎng", "话": "huà", "结": "jié",
    "总": "zǒng", "报": "bào", "达": "dá", "贯": "guàn", "彻": "chè", "头": "tóu", "战": "zhàn", "垒": "lěi",
    "锋": "fēng", "带": "dài", "论": "lùn", "训": "xùn", "练": "liàn", "课": "kè", "讨": "tǎo", "评": "píng",
    "测": "cè", "办": "bàn", "众": "zhòng", "项": "xiàng", "标": "biāo", "优": "yōu", "积": "jī", "极": "jí",
    "护": "hù", "卫": "wèi", "举": "jǔ", "环": "huán", "节": "jié", "网": "wǎng", "场": "chǎng", "监": "jiān",
    "纪": "jì", "检": "jiǎn", "关": "guān", "键": "jiàn", "机": "jī", "构": "gòu", "体": "tǐ", "联": "lián",
    "络": "luò", "线": "xiàn", "专": "zhuān", "门": "mén", "况": "kuàng", "帮": "bāng", "贫": "pín", "户": "hù",
    "药": "yào", "医": "yī", "职": "zhí", "营": "yíng", "济": "jì", "资": "zī", "财": "cái", "电": "diàn",
    "车": "chē", "间": "jiān", "厂": "chǎng", "运": "yùn", "维": "wéi", "养": "yǎng", "础": "chǔ", "东": "dōng",
    "华": "huá", "阳": "yáng", "时": "shí", "义": "yì", "变": "biàn", "认": "rèn", "识": "shí", "计": "jì",
    "权": "quán", "样": "yàng", "广": "guǎng", "显": "xiǎn", "气": "qì", "风": "fēng", "严": "yán", "肃": "sù",
    "洁": "jié", "协": "xié", "从": "cóng", "与": "yǔ", "据": "jù", "预": "yù", "备": "bèi", "选": "xuǎn",
    "树": "shù", "赛": "sài", "奖": "jiǎng", "励": "lì", "荣": "róng", "词": "cí", "馆": "guǎn", "岁": "suì",
    "忆": "yì", "红": "hóng", "军": "jūn",
}  # fmt: skip

# Short phrases whose UTF-8 bytes, read as GBK, make the mojibake runs (a footer or a date mangled by a
# wrong decoding); the tests check intake drops each run whole.
MOJIBAKE_SOURCES = [
    "关闭窗口打印本页", "发布时间来源", "责任编辑审核", "上一篇下一篇返回", "版权所有不得转载", "当前位置首页新闻中心",
    "主办单位宣传部", "浏览次数字号大中小",
]  # fmt: skip
# Byline names avoid the characters of role words (文, 图, 摄...): intake reads 许文立 as a role plus 许 and 立.
_BYLINE_UNSAFE = set("文图摄报道记者编辑整理作供稿影实习生通讯员特约")

_ASCII = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?"}
_TERMINAL = "。；;，,：:！？!?…"


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str, config: str = "s2t") -> str | None:
    """``text`` in traditional characters (OpenCC ``s2t``, or ``s2tw``/``s2hk`` for the Taiwan and Hong
    Kong forms), or ``None`` when converting back would not give ``text`` again (a few characters map
    one-to-many; such paragraphs stay simplified)."""
    trad = _converter(config).convert(text)
    if _converter("t2s").convert(trad) != text:
        return None
    return trad


def mojibake(rng: random.Random) -> str:
    return rng.choice(MOJIBAKE_SOURCES).encode("utf-8").decode("gbk", errors="replace")


_TONES = {
    v: (base, str(tone))
    for base, marks in zip("aeiouü", ["āáǎà", "ēéěè", "īíǐì", "ōóǒò", "ūúǔù", "ǖǘǚǜ"], strict=True)
    for tone, v in enumerate(marks, 1)
}


def tone_number(reading: str) -> str:
    """``huì`` -> ``hui4`` (the other way pages print readings)."""
    tone = "5"
    out = []
    for char in reading:
        base, mark = _TONES.get(char, (char, ""))
        out.append(base)
        tone = mark or tone
    return "".join(out).replace("ü", "v") + tone


def add_pinyin(rng: random.Random, simplified: str, shown: str, density: float, style: str) -> str:
    """Put readings after some characters of ``shown`` (the simplified or traditional form of
    ``simplified``, character for character): ``會（huì）`` (style ``fullwidth``) or ``會(hui4)``
    (style ``number``).

    The seeds print ``會(huì)``; we use the two other common forms so that generated text never
    reproduces a seed's character-and-reading run."""
    if len(shown) != len(simplified):
        return shown
    out = []
    for simp, char in zip(simplified, shown, strict=True):
        out.append(char)
        reading = PINYIN.get(simp)
        if reading and rng.random() < density:
            out.append(f"（{reading}）" if style == "fullwidth" else f"({tone_number(reading)})")
    return "".join(out)


def ascii_punct(text: str) -> str:
    for full, half in _ASCII.items():
        text = text.replace(full, half)
    return text


def _common(char: str) -> bool:
    """A character of GB2312's first level (or punctuation): nothing a mojibake filter would count."""
    if not "\u3400" <= char <= "\u9fff":
        return True
    try:
        return char.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _quiet_neighbours(paragraphs: list[str], i: int) -> bool:
    """A run of mojibake after paragraph ``i`` stays a run of its own: the characters around it are
    common ones (a filter that groups rare characters would otherwise take a rare name with it)."""
    before = paragraphs[i][-4:]
    after = paragraphs[i + 1][:4] if i + 1 < len(paragraphs) else ""
    return all(_common(c) for c in before + after)


@dataclass
class Dirty:
    text: str
    kinds: list[str] = field(default_factory=list)
    title_kept: bool = True


def _meta_line(rng: random.Random, draft: Draft, org: Org) -> str:
    y, m, d = (int(x) for x in draft.date.split("-"))
    source = rng.choice(org.outlet)
    style = rng.randrange(6)
    if style == 0:
        sep = rng.choice(["：", ":"])
        return f"文章来源{sep}{source} 发布时间{sep}{draft.date}"
    if style == 1:
        return f"发布时间：{y} 年 {m} 月 {d} 日"
    if style == 2:
        return f"{y}年{m:02d}月{d:02d}日{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d} 来源：{source}"
    if style == 3:
        return f"来源：{source}\u3000\u3000发布日期：{draft.date}\u3000\u3000浏览次数：{rng.randint(30, 9000)}"
    if style == 4:
        return f"作者：{person(rng)} 来源：{source} 发布时间：{draft.date}"
    return f"来源：{source}  时间：{y}-{m:02d}-{d:02d}"


def _footers(rng: random.Random, org: Org, draft: Draft) -> list[str]:
    outlet = rng.choice(org.outlet)[:14]
    other = draft.title[: rng.randint(10, 24)]
    blocks = [
        ["【关闭】 【打印】 |"],
        ["【大 中 小】 【打印】 【关闭】"],
        ["【打印本页】 【关闭窗口】"],
        [f"微信“扫一扫”添加“{outlet}”"],
        ["扫一扫在手机打开当前页"],
        ["分享到："],
        [
            f"上一篇：{other}",
            f"下一篇：{rng.choice(['关于做好年度党建考核工作的通知', '理论学习中心组开展集中学习', '召开党风廉政建设工作会议'])}",
        ],
        [
            "相关专题 |",
            f"· {outlet}党建专栏 |",
            f"· {rng.choice(['基层党建创新案例选编', '党建工作动态', '学习园地'])} |",
        ],
        ["返回顶部"],
    ]
    chosen = rng.sample(blocks, rng.randint(1, 3))
    return [line for block in chosen for line in block]


def dirty(rng: random.Random, draft: Draft, org: Org, *, big5: bool = False) -> Dirty:
    """Turn a clean draft into text as a web page would deliver it. ``big5`` keeps to what Big5 can
    encode (all traditional, no pinyin)."""
    kinds: list[str] = []
    trad_mode = "full" if big5 else rng.choices(["none", "full", "mixed"], [45, 40, 15])[0]
    config = "s2tw" if big5 else rng.choice(["s2t", "s2t", "s2tw", "s2hk"])
    pinyin = not big5 and rng.random() < (0.5 if trad_mode != "none" else 0.12)
    density = rng.uniform(0.4, 1.0)
    pinyin_style = rng.choice(["fullwidth", "number"])
    use_ascii = rng.random() < 0.3
    indent = rng.random() < 0.3
    page_div = rng.random() < 0.3
    blank = rng.random() < 0.4
    if trad_mode != "none":
        kinds.append(f"traditional_{trad_mode}")
    for flag, name in (
        (pinyin, "pinyin"),
        (use_ascii, "ascii_punct"),
        (indent, "fullwidth_indent"),
        (page_div, "page_div"),
    ):
        if flag:
            kinds.append(name)

    def render(simplified: str, *, body: bool = True) -> str:
        text = simplified
        convert = trad_mode == "full" or (trad_mode == "mixed" and rng.random() < 0.5)
        shown = to_traditional(text, config) if convert else None
        if shown is None:
            shown = text
        if pinyin and body:
            shown = add_pinyin(rng, text, shown, density, pinyin_style)
        if use_ascii and body:
            shown = ascii_punct(shown)
        return shown

    # title
    title = draft.title
    first = draft.paragraphs[0]
    title_style = rng.choices(["plain", "markdown", "broken", "markdown_broken", "missing"], [30, 22, 20, 10, 18])[0]
    if title_style == "missing" and (first[-1] not in "。”" or len(first) <= 40):
        title_style = "plain"
    meta = rng.random() < 0.6
    meta_at_end = meta and rng.random() < 0.2
    if title_style != "missing" and len(first) <= 16:
        # intake would read a short first heading right under the title as the title's second line
        meta, meta_at_end = True, False
    lines: list[str] = []
    if title_style != "missing":
        shown = render(title, body=False)
        broken = "broken" in title_style and len(title) >= 16 and ((meta and not meta_at_end) or len(first) > 40)
        if broken:
            cut = rng.randint(max(10, len(title) - 12), len(title) - 2)
            head, tail = shown[:cut], shown[cut:]
            if (
                head.strip() == head
                and tail.strip() == tail
                and head[-1] not in _TERMINAL
                and tail[0] not in "（(一二三四五六七八九十0123456789"
            ):
                lines += [head, ""] if rng.random() < 0.5 else [head]
                lines.append(tail)
                kinds.append("broken_title")
            else:
                lines.append(shown)
        else:
            lines.append(shown)
        if "markdown" in title_style:
            lines[0] = "# " + lines[0]
            kinds.append("markdown_title")
    else:
        kinds.append("no_title")
    meta_line = render(_meta_line(rng, draft, org), body=False) if meta else ""
    if meta and not meta_at_end:
        lines += ["", meta_line, ""] if blank or rng.random() < 0.5 else [meta_line]
    if meta:
        kinds.append("source_line")

    # body
    mojibake_at = rng.randrange(len(draft.paragraphs)) if rng.random() < 0.08 and not big5 else -1
    if mojibake_at >= 0 and not _quiet_neighbours(draft.paragraphs, mojibake_at):
        mojibake_at = -1
    for i, paragraph in enumerate(draft.paragraphs):
        line = render(paragraph)
        if i == mojibake_at and line[-1] in "。”":
            line += mojibake(rng)
            kinds.append("mojibake")
        if indent:
            line = "\u3000\u3000" + line
        if page_div and rng.random() < 0.25:
            line += "<PAGE_DIV> "
        lines.append(line)
        if blank:
            lines.append("")

    # tail: byline, editor, late metadata, footers
    names = []
    while len(names) < 3:
        name = person(rng)
        if not _BYLINE_UNSAFE.intersection(name) and name not in names:
            names.append(name)
    if rng.random() < 0.3:
        style = rng.randrange(3)
        lines.append(
            render(
                [f"（文/{names[0]} {names[1]} 摄/{names[2]}）", f"文/{names[0]}", f"（通讯员 {names[0]} {names[1]}）"][
                    style
                ],
                body=False,
            )
        )
        kinds.append("byline")
    if rng.random() < 0.15:
        lines.append(render(f"（责任编辑：{names[2]}）", body=False))
        kinds.append("editor")
    if meta_at_end:
        lines.append(meta_line)
    if rng.random() < 0.55:
        footer = [render(x, body=False) for x in _footers(rng, org, draft)]
        lines += footer
        kinds.append("footer")
    text = "\n".join(lines).rstrip("\n") + "\n"
    return Dirty(text, kinds, title_style != "missing")

"""Is this Chinese text or noise? Character statistics for encoding choice and mojibake detection.

The yardstick is GB2312's first level: the 3,755 standard common characters (GB2312 lead bytes
B0-D7), which the codec itself identifies, so no table ships with the package. Over 10,294 People's
Daily articles 99.7% of Han characters are level-1. Text decoded with the wrong codec is made mostly of
characters outside GB2312 altogether or from its rare second level, which is what both the encoding
chooser (:func:`common_share`) and the mojibake filter (:func:`mojibake_spans`) measure.

Callers pass simplified text (traditional characters are outside level 1 too); :func:`common_share`
converts by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

#: the Han characters (CJK unified ideographs, extension A, compatibility ideographs), as a class body
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{HAN_CHARS}]")

# Characters that appear in Chinese reports only as the residue of a wrong decoding: the replacement
# character, Windows-1252's extras and Latin-1 symbols mixed into Han text.
_RESIDUE = frozenset("\ufffd€‚ƒ„†‡ˆ‰Š‹ŒŽ•˜™š›œžŸ¤¦§¨©ª«¬®¯±²³´µ¶¸¹º»¼½¾¿")


@lru_cache(maxsize=8192)
def han_rank(char: str) -> int:
    """0 for a GB2312 level-1 (common) character, 1 for level 2, 2 for a Han character outside GB2312."""
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 2
    return 0 if lead <= 0xD7 else 1


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def common_share(text: str, *, sample: int = 4000) -> float:
    """Share of Han characters (after traditional -> simplified) that are GB2312 level-1; 0.0 without Han."""
    han = HAN.findall(_t2s().convert(text[:sample]))
    if not han:
        return 0.0
    return sum(han_rank(ch) == 0 for ch in han) / len(han)


def suspicion(text: str, i: int) -> int:
    """How strongly ``text[i]`` looks like decoding residue: 2 strong, 1 weak, 0 ordinary."""
    ch = text[i]
    if ch in _RESIDUE or "\ue000" <= ch <= "\uf8ff":
        return 2
    if HAN.match(ch):
        return han_rank(ch)
    if ch in "?!":
        # An ASCII ? or ! glued to Han characters is how a lost character is usually rendered.
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        return int(bool(HAN.match(before) or HAN.match(after) or before in "?!" or after in "?!"))
    return 0


def char_ranges(chars: Iterable[str]) -> str:
    """The inside of a regex character class holding exactly ``chars``, written as ranges of
    consecutive code points (``一-丁丂七-万``): Python's regex parser reads each item of a class in
    Python, so thousands of scattered characters compile several times faster as fewer ranges."""
    points = sorted(set(map(ord, chars)))
    out, i = [], 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        low, high = re.escape(chr(points[i])), re.escape(chr(points[j]))
        out.append(low if i == j else f"{low}{high}" if j == i + 1 else f"{low}-{high}")
        i = j + 1
    return "".join(out)


@lru_cache(maxsize=1)
def _candidates() -> re.Pattern[str]:
    """Characters worth scoring: anything but ASCII (except ? and !), GB2312 level 1 and punctuation.

    Scanning with this class instead of a Python loop over every character keeps the filter at a few
    microseconds per paragraph.
    """
    level1 = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                level1.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    ordinary = char_ranges(level1)  # as ranges: a class of 3,755 single characters compiles 4x slower
    return re.compile(
        rf"[^\x00-\x20\x22-\x3e\x40-\x7f{ordinary}\u2010-\u2027\u3000-\u303f\uff01-\uff5e\u00b7\u00d7\u2236]"
    )


def mojibake_spans(text: str, *, max_gap: int = 2, min_weight: int = 6) -> list[tuple[int, int]]:
    """Spans of ``text`` (simplified) that are runs of mojibake, as ``(start, end)`` pairs.

    A run is a cluster of suspicious characters at most ``max_gap`` ordinary characters apart whose
    suspicion adds up to ``min_weight``, that make up at least half the span, and that are mostly
    distinct (onomatopoeia such as 咚咚锵 repeat rare characters; mojibake does not). Tuned on People's
    Daily: 0.08% of articles trip it before the distinctness rule, none of them on real text after it;
    96-99% of UTF-8 text read as GBK or Big5 is caught.
    """
    found = [(m.start(), w) for m in _candidates().finditer(text) if (w := suspicion(text, m.start()))]
    spans: list[tuple[int, int]] = []
    cluster: list[tuple[int, int]] = []
    for item in [*found, None]:
        if item is not None and (
            not cluster or (item[0] - cluster[-1][0] - 1 <= max_gap and "\n" not in text[cluster[-1][0] : item[0]])
        ):
            cluster.append(item)  # a run never crosses a line break
            continue
        if cluster:
            start, end = cluster[0][0], cluster[-1][0] + 1
            chars = [text[i] for i, _ in cluster]
            if (
                sum(w for _, w in cluster) >= min_weight
                and 2 * len(cluster) >= end - start
                and 2 * len(set(chars)) > len(chars)
            ):
                spans.append((start, end))
        cluster = [item] if item is not None else []
    return spans

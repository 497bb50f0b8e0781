"""The little template language the phrase banks are written in, and the draft a builder returns.

A template is ordinary Chinese text with three kinds of marks:

* ``[甲|乙|丙]`` picks one alternative (``[甲|]`` makes a piece optional); alternatives nest;
* ``{12-80}`` draws an integer in that range;
* ``{name}`` is a slot filled from the context. A list in the context is a set of synonyms: each use
  draws one. A value may itself hold marks; they are expanded in turn.

Every draw goes through the ``random.Random`` passed in, so a seed fixes the text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_ALT = re.compile(r"\[([^\[\]]*)\]")
_NUM = re.compile(r"\{(\d+)-(\d+)\}")
_SLOT = re.compile(r"\{(\w+)\}")

CN_DIGITS = "一二三四五六七八九十"


def table(name: str) -> Any:
    """A phrase table kept as data beside the code (``scripts/phrasebank/NAME.yaml``), parsed: tables
    of many same-shaped entries read better, and are edited more safely, as data than as Python."""
    return yaml.safe_load(Path(__file__).with_name(f"{name}.yaml").read_text(encoding="utf-8"))


def fill(rng: random.Random, template: str, ctx: Mapping[str, Any] | None = None, depth: int = 0) -> str:
    """Expand one template (see the module docstring)."""
    text = template
    while "[" in text:
        new = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        if new == text:
            break
        text = new
    text = _NUM.sub(lambda m: str(rng.randint(int(m.group(1)), int(m.group(2)))), text)
    if ctx is None or "{" not in text:
        return text

    def slot(match: re.Match[str]) -> str:
        value = ctx[match.group(1)]
        if callable(value):  # a source of distinct values (see :func:`dealer`)
            value = value()
        if isinstance(value, (list, tuple)):
            value = rng.choice(value)
        value = str(value)
        if depth < 4 and ("{" in value or "[" in value):
            value = fill(rng, value, ctx, depth + 1)
        return value

    return _SLOT.sub(slot, text)


def pick(rng: random.Random, options: Sequence[str], ctx: Mapping[str, Any] | None = None) -> str:
    """One option, filled."""
    return fill(rng, rng.choice(list(options)), ctx)


def picks(rng: random.Random, options: Sequence[str], k: int, ctx: Mapping[str, Any] | None = None) -> list[str]:
    """``k`` distinct options (fewer when the bank is smaller), filled, in a random order."""
    chosen = rng.sample(list(options), min(k, len(options)))
    return [fill(rng, option, ctx) for option in chosen]


def ordered_picks(
    rng: random.Random, options: Sequence[str], k: int, ctx: Mapping[str, Any] | None = None
) -> list[str]:
    """``k`` distinct options, filled, in the bank's own order (for steps that have a natural order)."""
    chosen = sorted(rng.sample(range(len(options)), min(k, len(options))))
    return [fill(rng, options[i], ctx) for i in chosen]


def dealer(rng: random.Random, options: Sequence[str]):
    """A slot value that hands out the options in a shuffled order without repeats (cycling when
    they run out), so that one document does not say the same thing twice."""
    pool: list[str] = []

    def deal() -> str:
        if not pool:
            pool.extend(rng.sample(list(options), len(options)))
        return pool.pop()

    return deal


def once(text: str):
    """A slot value that is ``text`` the first time and empty after (a story is told once)."""
    told: list[bool] = []

    def value() -> str:
        if told:
            return ""
        told.append(True)
        return text

    return value


def cn(n: int) -> str:
    """1..99 in Chinese numerals (一, 十二, 二十三)."""
    if n <= 10:
        return CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_DIGITS[tens - 1] + "十"
    return head + (CN_DIGITS[ones - 1] if ones else "")


def ordinal_list(rng: random.Random, items: Sequence[str], style: str | None = None) -> list[str]:
    """Number items the way these reports do: 一是/二是, 第一/第二, 一要/二要, or （一）."""
    style = style or rng.choice(["是", "第", "要", "括"])
    out = []
    for i, item in enumerate(items, 1):
        item = item.rstrip("。；")
        if style == "是":
            out.append(f"{cn(i)}是{item}")
        elif style == "第":
            out.append(f"第{cn(i)}，{item}")
        elif style == "要":
            out.append(f"{cn(i)}要{item}")
        else:
            out.append(f"（{cn(i)}）{item}")
    return out


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def target_length(rng: random.Random, brief: bool = False) -> int:
    """How long (in characters) a report should grow to: briefs 300-600, others mostly 700-2600."""
    if brief:
        return int(rng.triangular(300, 600, 360))
    return int(rng.triangular(600, 2800, 1000))


def grow(
    rng: random.Random,
    paras: list[str],
    extras: Sequence[str],
    ctx: Mapping[str, Any],
    target: int,
    at: int | None = None,
) -> list[str]:
    """Insert extra paragraphs (each used at most once, in random order) at ``at`` (default: the end)
    until the text reaches ``target`` characters or the extras run out."""
    pool = rng.sample(list(extras), len(extras))
    position = len(paras) if at is None else at
    while pool and sum(len(p) for p in paras) < target:
        paras.insert(position, fill(rng, pool.pop(), ctx))
        position += 1
    return paras


@dataclass
class Draft:
    """A generated report before dirt: clean title and paragraphs, plus what the generator knows."""

    title: str
    paragraphs: list[str]
    template: str
    date: str = ""  # ISO date of publication
    source: str = ""  # the outlet a source line names
    people: list[str] = field(default_factory=list)  # names a byline may use

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

"""Issuer cues: which kinds of organisation a report names in its title and lead.

The level label is about the organisation a report is about, which newspapers name first. Word
features know that 省委 often means ``local``; they cannot know that 中国通号 is a central SOE group or
that a group's name followed by 分行 or a province is one of its units. A gazetteer can
(``resources/orgs.yaml``: central organs, central SOE groups and financial groups, known units,
provinces, and patterns for local bodies and grassroots organisations). Each mention becomes a cue
such as ``central_soe``, ``central_soe+unit``, ``local_body`` or ``grassroots``, with the zone it was
found in and whether it came first; the classifier weighs these with the other features.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from itertools import takewhile
from pathlib import Path

import yaml

from classify.intake.charset import char_ranges

try:  # the regex parser: public as sre_parse up to 3.10, private (re._parser) since 3.11
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_CHAIN_GAP = 6  # characters between two names that still belong to one nested name
_PLACES = {"province", "local_place"}
_UNIT_WINDOW = 8  # characters after a group's name in which a unit word or a place makes it a unit


def class_names(entries: list | dict | None) -> dict[str, str]:
    """Name -> full name for one gazetteer class: a mapping of full name -> short names
    (``中国航天科技集团有限公司: [航天科技, ...]``), or a list whose items are names (each its own full
    name) or such mappings (``- 西安交通大学: [西安交大]``)."""
    if not entries:
        return {}
    items = [entries] if isinstance(entries, dict) else entries
    out: dict[str, str] = {}
    for item in items:
        pairs = item.items() if isinstance(item, dict) else [(item, [])]
        for full, aliases in pairs:
            out.setdefault(str(full), str(full))
            for alias in [aliases] if isinstance(aliases, str) else aliases or []:  # one short name, unlisted
                out.setdefault(str(alias), str(full))
    return out


def trie_pattern(words: list[str]) -> str:
    """A regex matching the same as ``"|".join(sorted(words, key=len, reverse=True))`` (the longest
    word at each position), as a trie: ``中国(?:航天(?:科技|科工)|...)``. Python's ``re`` tries every
    alternative of a flat alternation at every position; the trie tries one branch per character, which
    makes finding 750 names in a report 6x faster. Thousands of words with hundreds of first characters
    are better read through :class:`LazyTrie`, one such trie per first character."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "|".join(branches)
        return f"(?:{body})?" if ends else f"(?:{body})"

    return build(trie) if trie else "(?!)"


class LazyTrie:
    """The matches of ``re.compile(trie_pattern(words))`` (the longest word at each position, scanned
    left to right), with the words split by their first character and each part's trie compiled the
    first time a text holds that character.

    For thousands of words this is better on both counts: ``re`` tries the alternatives of a group
    one by one, so one trie of the issuer's 4,600 names (984 first characters) cost ~1,000
    comparisons at every position (1.85 ms a People's Daily article; one search of a character class,
    then one part: 0.23 ms), and compiling it took ~80 ms of every process's start, where one report
    meets a fraction of the first characters (213 of 984 for a seed)."""

    def __init__(self, words: list[str]) -> None:
        self._by_first: dict[str, list[str]] = {}
        for word in words:
            if word:
                self._by_first.setdefault(word[0], []).append(word)
        self._compiled: dict[str, re.Pattern[str]] = {}
        self._firsts = re.compile(f"[{char_ranges(self._by_first)}]") if self._by_first else re.compile("(?!)")

    def _part(self, char: str) -> re.Pattern[str]:
        part = self._compiled.get(char)
        if part is None:
            part = self._compiled[char] = re.compile(trie_pattern(self._by_first[char]))
        return part

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The longest word at ``pos``, like ``Pattern.match``."""
        if pos >= len(text) or text[pos] not in self._by_first:
            return None
        return self._part(text[pos]).match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping longest words from left to right, like ``Pattern.finditer``."""
        pos = 0
        while (start := self._firsts.search(text, pos)) is not None:
            found = self._part(text[start.start()]).match(text, start.start())
            if found is not None:
                yield found
                pos = found.end()
            else:
                pos = start.start() + 1


_MAX_ANCHOR_OFFSET = 32  # an anchor further into a match than this is not worth the bookkeeping


def _anchor_words(item: tuple) -> list[str] | None:
    """The literal strings one parsed item matches, if it is a literal choice (``省委|市委``, ``[省市]``)."""
    op, av = item
    if op is _sre_parse.IN and all(o is _sre_parse.LITERAL for o, _ in av):
        return [chr(code) for _, code in av]
    if op is _sre_parse.BRANCH:
        branches = [[code for o, code in alternative if o is _sre_parse.LITERAL] for alternative in av[1]]
        if all(len(codes) == len(alt) and codes for codes, alt in zip(branches, av[1], strict=True)):
            return ["".join(map(chr, codes)) for codes in branches]
    return None


def _sequence_anchor(items: list, state: object) -> tuple[set[str], int, int] | None:
    """Literal words one of which every match of the sequence ``items`` contains, and the least and
    greatest distance from the match's start at which that word starts; ``None`` if there are none."""
    low = high = 0
    for i, (op, av) in enumerate(items):
        if op is _sre_parse.LITERAL:
            run = takewhile(lambda item: item[0] is _sre_parse.LITERAL, items[i:])
            return {"".join(chr(code) for _, code in run)}, low, high
        words = _anchor_words((op, av))
        if words is not None:
            return set(words), low, high
        if op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT, _sre_parse.AT):
            continue  # zero width
        least, most = _sre_parse.SubPattern(state, [(op, av)]).getwidth()
        low, high = low + least, high + most
        if high > _MAX_ANCHOR_OFFSET:
            return None
    return None


def pattern_anchor(pattern: str) -> tuple[str, int, int] | None:
    """``(anchor regex, low, high)``: every match of ``pattern`` contains a match of the anchor (a
    literal alternation) starting ``low`` to ``high`` characters after its own start; ``None`` when the
    pattern has no such literal (or uses case folding). See :class:`AnchoredPattern`."""
    try:
        parsed = _sre_parse.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
            return None
        items = list(parsed)
        alternatives = items[0][1][1] if len(items) == 1 and items[0][0] is _sre_parse.BRANCH else [items]
        found = [_sequence_anchor(list(alternative), parsed.state) for alternative in alternatives]
    except (re.error, AttributeError, IndexError, TypeError, ValueError):  # a parser this code does not know
        return None  # scanned as usual: slower, never wrong
    if not found or any(f is None for f in found):
        return None
    words = set().union(*(f[0] for f in found))
    return trie_pattern(sorted(words)), min(f[1] for f in found), max(f[2] for f in found)


class AnchoredPattern:
    """``pattern.finditer`` that tries the pattern only just before each occurrence of its anchor.

    ``local_body`` (one to five Chinese characters, then 省委, 市委 or 17 other suffixes) scanned by
    ``re`` tries five characters and the suffixes at every Chinese character of a report; every match,
    though, contains one of the suffixes 1-5 characters after its start. Searching for the suffixes (a
    literal trie) and matching the pattern at the few positions before each finds the same matches, in
    the same order, 10-20x faster. Patterns without such a literal (:func:`pattern_anchor`), or that
    start with it (``re`` then skips ahead to it by itself), are scanned as usual.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        anchor = pattern_anchor(pattern.pattern)
        # a pattern that starts with its literal is found as fast by re's own scan for its first character
        worth = anchor is not None and anchor[2] > 0
        self.anchor = (re.compile(anchor[0]), anchor[1], anchor[2]) if worth else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text)``."""
        if self.anchor is None:
            yield from self.pattern.finditer(text)
            return
        anchor, low, high = self.anchor
        match_at = self.pattern.match
        pos = 0  # the first start not yet tried
        while (found := anchor.search(text, pos + low)) is not None:
            # a match starting before found.start() - high would contain an earlier anchor
            last = found.start() - low
            for start in range(max(pos, found.start() - high), last + 1):
                if (m := match_at(text, start)) is not None:
                    yield m
                    pos = m.end()
                    break
            else:
                pos = last + 1


def load_gazetteer(path: str | Path | None = None) -> dict:
    """The gazetteer YAML as a dict (``None``: the packaged ``orgs.yaml``)."""
    if path is None:
        from importlib.resources import files

        text = files("classify.resources").joinpath("orgs.yaml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster


class OrgCues:
    """Find organisation mentions and turn them into cue strings.

    Parameters
    ----------
    path:
        A gazetteer YAML file; ``None`` uses the packaged ``orgs.yaml``.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None

    @cached_property
    def _tables(self) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], list[tuple[str, AnchoredPattern]]]:
        data = load_gazetteer(self.path)
        kinds: dict[str, str] = {}
        for kind in ("central_organ", "central_soe", "central_soe_unit", "central_university", "province"):
            for name in class_names(data.get(kind)):
                kinds.setdefault(name, kind)
        name_re = re.compile(trie_pattern(list(kinds)))  # longest first: 国务院国资委 before 国务院
        places = "|".join(map(re.escape, data.get("province", [])))
        units = "|".join(map(re.escape, sorted(data.get("unit_suffix", []), key=len, reverse=True)))
        unit_re = re.compile(rf"^(?:[\u4e00-\u9fff]{{0,6}}?(?:{units})|(?:{places})|[\u4e00-\u9fff]{{1,4}}[省市])")
        patterns = [
            (kind, AnchoredPattern(re.compile(p.replace("{provinces}", places))))
            for kind, p in data.get("patterns", {}).items()
        ]
        return name_re, kinds, unit_re, patterns

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, kind)`` of every organisation mention in ``text``, in order."""
        name_re, kinds, unit_re, patterns = self._tables
        found = []
        for match in name_re.finditer(text):
            kind = kinds[match.group(0)]
            if kind == "central_soe" and unit_re.match(text[match.end() : match.end() + _UNIT_WINDOW]):
                kind = "central_soe+unit"
            found.append((match.start(), match.end(), kind))
        named = [(start, end) for start, end, _ in found]
        for kind, pattern in patterns:
            for m in pattern.finditer(text):
                # a generic match inside a name the gazetteer knows adds nothing (西安交通大学 is a
                # central university, not just a university)
                if not any(start <= m.start() and m.end() <= end for start, end in named):
                    found.append((m.start(), m.end(), kind))
        found.sort()
        return found

    def cues(self, title: str, lead: str) -> list[str]:
        """Cue strings for a document: ``t:kind`` / ``l:kind`` per mention in title / lead;
        ``first:kind`` for the first mention (title first, else lead); ``head:kind`` for the last
        mention of the first chain of adjacent names, since in nested names the head comes last
        (中国航天科工二院二部一室党支部 is a branch)."""
        out = []
        for zone, text in (("t", title), ("l", lead)):
            found = self.mentions(text)
            out.extend(f"{zone}:{kind}" for _, _, kind in found)
            if found and not any(c.startswith("first:") for c in out):
                head, end = found[0][2], found[0][1]
                out.append(f"first:{head}")
                for start, stop, kind in found[1:]:
                    if start - end > _CHAIN_GAP:
                        break
                    end = max(end, stop)
                    if head == "central_soe+unit" and kind in _PLACES:
                        continue  # 中国建设银行湖北省分行: the place belongs to the unit's name
                    head = kind
                out.append(f"head:{head}")
        return out

    def body_cues(self, body: str) -> list[str]:
        """``b:kind`` per mention in the body beyond the lead: evidence about the level (a municipal
        SOE's report names the city's bodies), kept apart from the title/lead cues. Enumerations
        (``round_up``) say nothing there and are left out."""
        return [f"b:{kind}" for _, _, kind in self.mentions(body) if kind != "round_up"]

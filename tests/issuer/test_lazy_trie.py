"""LazyTrie finds what one compiled trie of all the words finds, compiling only the parts it meets."""

from __future__ import annotations

import random
import re

from classify.features.orgs import LazyTrie, trie_pattern
from classify.issuer.knowledge import knowledge


def test_same_matches_as_the_whole_trie() -> None:
    rng = random.Random(3)
    alphabet = "中国航天科技集团公司党委市县村"
    words = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(300)})
    whole = re.compile(trie_pattern(words))
    lazy = LazyTrie(words)
    for _ in range(200):
        text = "".join(rng.choice(alphabet + "的和，。a1") for _ in range(rng.randint(0, 60)))
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in whole.finditer(text)]
        for pos in range(len(text) + 1):
            expected = whole.match(text, pos)
            got = lazy.match(text, pos)
            assert (got.span() if got else None) == (expected.span() if expected else None)


def test_the_knowledge_base_compiles_only_what_a_text_meets() -> None:
    names = LazyTrie(list(knowledge().entries))
    found = [m.group(0) for m in names.finditer("国务院国资委党委召开会议，中国航天科技集团有限公司参加")]
    assert "中国航天科技集团有限公司" in found
    assert 0 < len(names._compiled) < 10  # a handful of first characters, not all of them


def test_character_ranges_hold_exactly_the_characters() -> None:
    from classify.intake.charset import char_ranges

    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x20, 0x3100)] + list("]-^\\[")
    checked = "".join(alphabet)
    for _ in range(100):
        chars = rng.sample(alphabet, rng.randint(1, 400))
        flat = re.compile("[" + "".join(map(re.escape, chars)) + "]")
        ranges = re.compile(f"[{char_ranges(chars)}]")
        assert ranges.findall(checked) == flat.findall(checked)


def test_place_chain_reads_like_the_alternation_of_all_places() -> None:
    """The leading chain of places, read through the places' trie, is what the alternation of every
    place name (longest first) or a named township would match at the start of a name."""
    kb = knowledge()
    han = "\u4e00-\u9fff"
    places = "|".join(map(re.escape, sorted(kb.places, key=len, reverse=True)))
    chain = re.compile(rf"^(?:(?:{places})|[{han}]{{2,4}}(?:街道|镇|乡)(?!党))+")
    rng = random.Random(7)
    names = list(kb.places)
    samples = ["江西省鹰潭市", "浙江省宁波市奉化区莼湖街道章胡村", "株洲高科集团", "中山大学", "莼湖街道党工委", ""]
    for _ in range(500):
        parts = [*rng.sample(names, rng.randint(1, 3)), rng.choice(["", "街道", "镇党委", "集团", "市委", "乡"])]
        samples.append("".join(parts))
    for name in samples:
        expected = chain.match(name)
        assert kb.place_prefix(name) == (expected.end() if expected else 0), name
    assert kb.place_prefix("江西省鹰潭市") == 6

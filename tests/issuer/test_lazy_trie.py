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

"""Tokenizer, organisation cues and the TF-IDF blocks."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from classify.features.orgs import OrgCues
from classify.features.tokenize import TOKENIZER_FILES, JiebaTokenizer
from classify.features.vectorize import BLOCKS, FeatureConfig
from classify.intake import Document
from classify.training.baseline import fit_vectorizer


@pytest.fixture(scope="module")
def tokenizer() -> JiebaTokenizer:
    return JiebaTokenizer()


def test_domain_terms_stay_whole_and_stopwords_go(tokenizer):
    tokens = tokenizer.tokenize(
        "公司召开2021年党组织书记抓基层党建工作述职评议会，深入开展党史学习教育和我为群众办实事。"
    )
    for term in ("述职评议会", "党史学习教育", "我为群众办实事", "党组织书记"):
        assert term in tokens, term
    assert "<num>" in tokens
    assert "的" not in tokens and "，" not in tokens and "深入" not in tokens


def test_tokenizer_round_trips_and_pickles(tokenizer, tmp_path):
    tokenizer.save_pretrained(tmp_path / "tok")
    assert sorted(p.name for p in (tmp_path / "tok").iterdir()) == sorted(TOKENIZER_FILES)
    text = "航天通信召开述职评议会"
    assert JiebaTokenizer(tmp_path / "tok").tokenize(text) == tokenizer.tokenize(text)
    assert pickle.loads(pickle.dumps(tokenizer)).tokenize(text) == tokenizer.tokenize(text)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("中国航天科技集团有限公司召开党史学习教育总结会议", "head:central_soe"),
        ("国资委党委召开党史学习教育总结会议", "head:central_organ"),
        ("中国航天科工二院二部一室党支部", "head:grassroots"),
        ("中国建设银行湖北省分行开展主题教育", "head:central_soe+unit"),
        ("湖南省泸溪县推行党员家庭积分管理", "head:local_place"),
        ("某某市委召开会议", "head:local_body"),
    ],
)
def test_org_cues_find_the_head_organisation(title, expected):
    assert expected in OrgCues().cues(title, "")


def test_org_cues_ignore_common_words():
    assert OrgCues().cues("推进城市建设和农村发展，服务社区居民", "") == [
        "t:grassroots",
        "first:grassroots",
        "head:grassroots",
    ]
    assert OrgCues().cues("推进城市建设和农村发展", "") == []


def _docs():
    return [
        ("某集团召开总结大会", "会议总结了一年来的工作。会议强调要巩固成果。"),
        ("某党支部开展主题党日", "支部党员参观纪念馆，重温入党誓词。"),
        ("某市委开展学习教育", "全市各级党组织开展专题学习，参加人数达到一万人。"),
    ]


def _documents(pairs):
    return [Document.from_parts(title=title, body=body) for title, body in pairs]


def test_vectorizer_blocks_are_normalised_and_weighted():
    vectorizer = fit_vectorizer(_documents(_docs()), FeatureConfig(min_df=1, weights={"title": 2.0}))
    idx, vals = vectorizer.transform_one(*_docs()[0])
    assert np.all(np.diff(idx) > 0)
    blocks = vectorizer.block_[idx]
    norms = {BLOCKS[b]: float(np.sqrt(np.sum(vals[blocks == b] ** 2))) for b in set(blocks.tolist())}
    assert norms["title"] == pytest.approx(2.0, rel=1e-5)
    assert norms["body"] == pytest.approx(1.0, rel=1e-5)
    assert {"title", "lead", "body", "char"} <= set(norms)
    assert vectorizer.describe(int(idx[0])).endswith(")") or vectorizer.describe(int(idx[0])).startswith("organisation")


def test_vectorizer_is_deterministic_and_respects_min_df_and_cap():
    a = fit_vectorizer(_documents(_docs() * 2), FeatureConfig(min_df=2))
    b = fit_vectorizer(_documents(list(reversed(_docs() * 2))), FeatureConfig(min_df=2))
    assert sorted(a.terms_) == sorted(b.terms_)
    capped = fit_vectorizer(_documents(_docs()), FeatureConfig(min_df=1, max_features=50))
    assert capped.n_features == 50
    unseen = capped.transform_one("完全无关", "天气晴朗")
    assert len(unseen[0]) <= 50


def test_feature_config_rejects_unknown_keys():
    with pytest.raises(TypeError):
        FeatureConfig.from_dict({"word_ngram": [1, 2]})
    assert FeatureConfig.from_dict({"weights": {"title": 3}}).weights["body"] == 1.0


@pytest.mark.parametrize(
    "config",
    [
        FeatureConfig(min_df=1),
        FeatureConfig(min_df=1, word_ngrams=(1, 3), char_ngrams=(1, 3), lead_chars=5, sublinear_tf=False),
        FeatureConfig(min_df=1, word_ngrams=(2, 2), char_ngrams=(2, 4), lead_chars=0),  # 4-grams: strings
    ],
)
def test_fast_transform_equals_the_feature_strings(config):
    """Prediction looks n-grams up as packed integers; it must give exactly what the feature strings
    (used to fit) give: same indices, same float32 values, for seen, unseen and empty documents."""
    from classify.classifiers.baseline import document_fields

    parsed = _documents((title, f"一、提高政治站位\n{body}\n二、压实主体责任\n{body}") for title, body in _docs())
    documents = [tuple(document_fields(d)) for d in parsed]
    vectorizer = fit_vectorizer(parsed, config)
    assert (vectorizer.fast_lookup() is None) == (config.char_ngrams[1] > 3)  # no tables: strings only
    probes = [
        *documents,
        ("", "", ()),
        ("某县委党史学习教育 总结", "  党支部\u3000开展 述职评议 ", ("（一）健全机制",)),
        ("无关标题ABC", "天气晴朗𠀀，ＡＢＣ和123，" * 30, ()),
    ]
    for title, body, headings in probes:
        expected = vectorizer.raw_counts(vectorizer.analyze(title, body, headings))
        got = vectorizer.transform_raw(title, body, headings)
        assert np.array_equal(expected[0], got[0]), title
        assert got[1].dtype == np.float32 and np.array_equal(expected[1], got[1]), title


def test_name_trie_finds_the_longest_name_like_the_flat_alternation():
    import re

    from classify.features.orgs import trie_pattern

    names = ["国务院", "国务院国资委", "国资委", "中国", "中国航天科技集团", "中国航天科工", "航天", "a.b"]
    flat = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    trie = re.compile(trie_pattern(names))
    text = "国务院国资委与国务院、中国航天科技集团和中国航天科工、中国航天、a.b与axb，国资"
    assert [m.group() for m in trie.finditer(text)] == [m.group() for m in flat.finditer(text)]
    assert re.compile(trie_pattern([])).search(text) is None


def test_name_trie_with_many_first_characters_finds_the_same():
    """Thousands of names over 300 first characters (and characters a class must escape): the trie
    and the lazy trie per first character find what the flat alternation finds."""
    import random
    import re

    from classify.features.orgs import LazyTrie, trie_pattern

    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 300)] + list("-]^\\.")
    names = sorted({"".join(rng.choices(alphabet, k=rng.randint(1, 4))) for _ in range(3000)})
    flat = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    trie = re.compile(trie_pattern(names))
    text = "".join(rng.choices(alphabet, k=5000))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
    assert [m.span() for m in LazyTrie(names).finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_anchored_patterns_find_what_a_plain_scan_finds():
    import re

    from classify.features.orgs import AnchoredPattern, pattern_anchor

    han = "[\u4e00-\u9fff]"
    patterns = {
        rf"{han}{{1,5}}(?:省委|市委|人民政府)": (1, 5),
        rf"党支部|{han}{{2,4}}(?<![农乡])村(?![民庄落里])|{han}{{1,4}}社区": (0, 4),
        rf"{han}{{2,8}}(?:大学|学院)": (2, 8),
        "、[一二三]{1,3}、": (0, 0),
        rf"{han}+市委": None,  # unbounded before the literal: scanned as usual
        rf"(?i){han}{{1,3}}ab": None,
    }
    text = (
        "湖北省委和武汉市委召开会议，市委书记、人民政府、政府；某某村党支部和农村、新村民、张家村、"
        "社区社区、红旗社区党委；北京大学医学院学院、大学；、一、二二、省委市委省委" * 3
    )
    for pattern, offsets in patterns.items():
        anchor = pattern_anchor(pattern)
        assert (anchor[1:] if anchor else None) == offsets, pattern
        compiled = re.compile(pattern)
        for start in range(0, 40, 7):  # every alignment of the text against the anchors
            probe = text[start:]
            got = [m.span() for m in AnchoredPattern(compiled).finditer(probe)]
            assert got == [m.span() for m in compiled.finditer(probe)], pattern

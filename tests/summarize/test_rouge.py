"""Character ROUGE: why a character tokenizer, and that ours agrees with rouge-score."""

from __future__ import annotations

import pytest

from classify.summarize.rouge import CharTokenizer, char_tokens, lcs_length, rouge12, rouge_scores

PAIRS = [
    ("今天北京天气晴朗，适合出门。", "北京今天天气好"),
    ("ABC公司2023年营收增长10%。", "abc营收增长"),
    ("完全不同的句子", "毫无关系"),
    ("", "北京"),
]


def test_characters_are_tokens_and_punctuation_is_not():
    assert char_tokens("北京，2023年 GDP！") == ["北", "京", "2", "0", "2", "3", "年", "g", "d", "p"]


def test_rouge_scores_by_hand():
    r1, r2, rl = rouge_scores("北京今天晴", "北京今天天气好")
    assert r1 == pytest.approx(2 * (4 / 5) * (4 / 7) / (4 / 5 + 4 / 7))
    assert r2 == pytest.approx(2 * (3 / 4) * (3 / 6) / (3 / 4 + 3 / 6))
    assert rl == pytest.approx(r1)  # the common subsequence 北京今天 is also the unigram overlap
    assert lcs_length(list("ABCBDAB"), list("BDCABA")) == 4
    assert rouge12("北京", "北京") == 1.0


def test_agrees_with_rouge_score():
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=CharTokenizer())
    for candidate, reference in PAIRS:
        theirs = scorer.score(reference, candidate)
        ours = rouge_scores(candidate, reference)
        assert ours == pytest.approx([theirs[k].fmeasure for k in ("rouge1", "rouge2", "rougeL")])


def test_rouge_score_default_tokenizer_deletes_chinese():
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    default = rouge_scorer.RougeScorer(["rouge1"])
    # Two unrelated Chinese texts: the default tokenizer sees no tokens in either and scores 0, so
    # every system would look alike. Never use it on Chinese.
    assert default.score("北京今天天气好", "北京今天天气好")["rouge1"].fmeasure == 0.0

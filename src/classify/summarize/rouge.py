"""Character-level ROUGE for Chinese: the tokenizer the benchmark hands to ``rouge-score``, and a small
ROUGE-1/2/L of our own for the oracle and for fitting weights (the package does not depend on
``rouge-score``; a test checks that both give the same numbers).

``rouge-score``'s default tokenizer keeps only ``[a-z0-9]`` runs, so it deletes every Chinese character
and scores any two Chinese texts alike. Chinese summaries are compared character by character
instead: each Han character, letter or digit is one token; punctuation and spaces are not tokens (the
extractive systems and the references punctuate differently, and a shared comma is no shared content).
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9a-z\uff10-\uff19\uff41-\uff5a]")


def char_tokens(text: str) -> list[str]:
    """Han characters, letters and digits of ``text`` (lower-cased), one token each; the rest dropped."""
    return _TOKEN.findall(text.lower())


class CharTokenizer:
    """A ``rouge-score`` tokenizer (it only needs ``tokenize``) that splits Chinese into characters."""

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text``: see :func:`char_tokens`."""
        return char_tokens(text)


def ngrams(tokens: list[str], n: int) -> Counter[str]:
    """Counts of the ``n``-grams of ``tokens`` (joined into one string each)."""
    if n == 1:
        return Counter(tokens)
    return Counter("".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def f1(candidate: Counter[str], reference: Counter[str]) -> float:
    """ROUGE-N F1 from two n-gram counters (0.0 when either is empty)."""
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(candidate.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two token lists."""
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_scores(candidate: str, reference: str) -> tuple[float, float, float]:
    """Character ROUGE-1, ROUGE-2 and ROUGE-L F1 of ``candidate`` against ``reference``."""
    cand, ref = char_tokens(candidate), char_tokens(reference)
    lcs = lcs_length(cand, ref)
    rouge_l = 2 * lcs / (len(cand) + len(ref)) if lcs else 0.0  # F1 of LCS precision and recall
    return f1(ngrams(cand, 1), ngrams(ref, 1)), f1(ngrams(cand, 2), ngrams(ref, 2)), rouge_l


def rouge12(candidate: str, reference: str) -> float:
    """Mean of character ROUGE-1 and ROUGE-2 F1: the oracle's objective (cheap; no LCS)."""
    cand, ref = char_tokens(candidate), char_tokens(reference)
    return (f1(ngrams(cand, 1), ngrams(ref, 1)) + f1(ngrams(cand, 2), ngrams(ref, 2))) / 2

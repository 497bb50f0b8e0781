"""Sentence vectors and the similarity graph: character bigrams weighted by TF-IDF within the document.

Character bigrams need no segmenter and no dictionary, so nothing is loaded (jieba's dictionary costs
about a second); in Chinese they approximate words well enough for "do these two sentences talk about
the same thing". IDF is computed over the document's own sentences, as TextRank and LexRank do. The
arithmetic runs in numpy over (sentence, gram) pairs: a long article costs about a millisecond.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z]+")


def bigrams(text: str) -> list[str]:
    """Character bigrams inside runs of Han characters, letters and digits (none across punctuation);
    a one-character run counts as itself."""
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend([run[i : i + 2] for i in range(len(run) - 1)])
    return out


def tfidf_matrix(grams: list[list[str]]) -> np.ndarray:
    """L2-normalised TF-IDF rows (``(1 + log tf) * log((n + 1) / (df + 0.5))``), one per sentence, over
    the grams shared by at least two sentences.

    Grams found in one sentence only add nothing to any dot product but still count in that
    sentence's norm, so they are folded into the norm instead of getting a column: the matrix stays
    small.
    """
    n = len(grams)
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(g, len(vocab)) for g in sentence] for sentence in grams]
    rows = np.repeat(np.arange(n), [len(s) for s in ids])
    if not len(rows):
        return np.zeros((n, 0))
    cols = np.fromiter((g for s in ids for g in s), dtype=np.int64, count=len(rows))
    size = len(vocab)
    pairs, tf = np.unique(rows * size + cols, return_counts=True)
    pair_row, pair_col = pairs // size, pairs % size
    df = np.bincount(pair_col, minlength=size)
    weight = (1 + np.log(tf)) * np.log((n + 1) / (df[pair_col] + 0.5))
    norm = np.sqrt(np.bincount(pair_row, weights=weight * weight, minlength=n))
    norm[norm == 0] = 1.0
    shared = df > 1
    column = np.cumsum(shared) - 1
    keep = shared[pair_col]
    matrix = np.zeros((n, int(shared.sum())))
    matrix[pair_row[keep], column[pair_col[keep]]] = weight[keep] / norm[pair_row[keep]]
    return matrix


def density(grams: list[list[str]], lengths: list[int], *, smoothing: float = 20.0) -> np.ndarray:
    """Degree centrality in the bigram-sharing graph, per character: for each sentence, how many
    (gram, other sentence) pairs it shares, over ``length + smoothing``; scaled so the top one is 1.

    A sentence that says what the document is about repeats the document's recurring wording, and
    says it densely; dividing by the length keeps long sentences from winning by size alone, and
    ``smoothing`` (about the length of a headline) keeps very short ones from winning by brevity.
    """
    sets = [set(g) for g in grams]
    df: Counter[str] = Counter()
    for s in sets:
        df.update(s)
    shared = np.array([sum(df[g] for g in s) - len(s) for s in sets], dtype=np.float64)
    raw = shared / (np.asarray(lengths, dtype=np.float64) + smoothing)
    top = raw.max() if len(raw) else 0.0
    return raw / top if top > 0 else raw


def similarity(matrix: np.ndarray) -> np.ndarray:
    """Cosine similarity between the rows of a normalised matrix, with a zero diagonal."""
    sim = matrix @ matrix.T
    np.fill_diagonal(sim, 0.0)
    return sim


def textrank(sim: np.ndarray, *, damping: float = 0.85, iterations: int = 50, tol: float = 1e-6) -> np.ndarray:
    """PageRank over a weighted similarity graph (TextRank), scaled so the top node scores 1.

    A graph without edges scores all nodes alike.
    """
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    out_weight = sim.sum(axis=1)
    if not out_weight.any():
        return np.ones(n)
    # Column-stochastic transition matrix; a node without edges spreads its rank evenly.
    safe = np.where(out_weight > 0, out_weight, 1.0)
    transition = np.where(out_weight[:, None] > 0, sim / safe[:, None], 1.0 / n).T
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - damping) / n + damping * (transition @ rank)
        done = np.abs(new - rank).sum() < tol
        rank = new
        if done:
            break
    return rank / rank.max()


def coverage(grams: set[str], target: set[str]) -> float:
    """Share of ``target``'s distinct grams found in ``grams`` (0.0 for an empty target)."""
    if not target:
        return 0.0
    return len(grams & target) / len(target)

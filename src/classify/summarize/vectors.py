"""Sentence vectors and the similarity graph: character bigrams weighted by TF-IDF within the document.

Character bigrams need no segmenter and no dictionary, so nothing is loaded (jieba's dictionary costs
about a second); in Chinese they approximate words well enough for "do these two sentences talk about
the same thing". IDF is computed over the document's own sentences, as TextRank and LexRank do. The
matrices are scipy sparse (a report uses a few of the grams the whole document holds), so that a
file of many megabytes costs memory in proportion to its text, not to sentences x grams; a long
article costs about a millisecond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

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


@dataclass(frozen=True)
class GramCounts:
    """Which grams each sentence holds, as sorted (sentence, gram) pairs with their counts: what both
    TF-IDF and density are computed from, built once per document."""

    sentences: int
    grams: int  # distinct grams
    row: np.ndarray  # the sentence of each pair
    col: np.ndarray  # the gram id of each pair
    tf: np.ndarray  # how often the gram occurs in the sentence

    @property
    def df(self) -> np.ndarray:
        """Number of sentences holding each gram."""
        return np.bincount(self.col, minlength=self.grams)


def gram_counts(grams: list[list[str]]) -> GramCounts:
    """The (sentence, gram) pairs of a document, from each sentence's grams (:func:`bigrams`)."""
    n = len(grams)
    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(g, len(vocab)) for sentence in grams for g in sentence]
    rows = np.repeat(np.arange(n), [len(s) for s in grams])
    size = len(vocab)
    pairs, tf = np.unique(rows * size + np.asarray(ids, dtype=np.int64), return_counts=True)
    return GramCounts(n, size, pairs // max(size, 1), pairs % max(size, 1), tf)


def tfidf_matrix(counts: GramCounts) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows, sparse (``(1 + log tf) * log((n + 1) / (df + 0.5))``), one per
    sentence, over the grams shared by at least two sentences.

    Grams found in one sentence only add nothing to any dot product but still count in that
    sentence's norm, so they are folded into the norm instead of getting a column: the matrix stays
    small.
    """
    n = counts.sentences
    if not len(counts.row):
        return sp.csr_matrix((n, 0))
    df = counts.df
    weight = (1 + np.log(counts.tf)) * np.log((n + 1) / (df[counts.col] + 0.5))
    norm = np.sqrt(np.bincount(counts.row, weights=weight * weight, minlength=n))
    norm[norm == 0] = 1.0
    shared = df > 1
    column = np.cumsum(shared) - 1
    keep = shared[counts.col]
    values = weight[keep] / norm[counts.row[keep]]
    return sp.csr_matrix((values, (counts.row[keep], column[counts.col[keep]])), shape=(n, int(shared.sum())))


def density(counts: GramCounts, lengths: list[int], *, smoothing: float = 20.0) -> np.ndarray:
    """Degree centrality in the bigram-sharing graph, per character: for each sentence, how many
    (gram, other sentence) pairs it shares, over ``length + smoothing``; scaled so the top one is 1.

    A sentence that says what the document is about repeats the document's recurring wording, and
    says it densely; dividing by the length keeps long sentences from winning by size alone, and
    ``smoothing`` (about the length of a headline) keeps very short ones from winning by brevity.
    """
    # Each distinct gram of a sentence is shared with df - 1 other sentences.
    shared = np.bincount(counts.row, weights=counts.df[counts.col] - 1.0, minlength=counts.sentences)
    raw = shared / (np.asarray(lengths, dtype=np.float64) + smoothing)
    top = raw.max() if len(raw) else 0.0
    return raw / top if top > 0 else raw


def similarity(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Cosine similarity between the rows of a normalised sparse matrix, with a zero diagonal."""
    sim = (matrix @ matrix.T).tocsr()
    sim.setdiag(0.0)
    sim.eliminate_zeros()
    return sim


def textrank(
    sim: sp.spmatrix | np.ndarray, *, damping: float = 0.85, iterations: int = 50, tol: float = 1e-6
) -> np.ndarray:
    """PageRank over a weighted similarity graph (TextRank), scaled so the top node scores 1.

    A graph without edges scores all nodes alike; a node without edges spreads its rank evenly.
    """
    sim = sp.csr_matrix(sim)
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    out_weight = np.asarray(sim.sum(axis=1)).ravel()
    if not out_weight.any():
        return np.ones(n)
    dangling = out_weight == 0
    inverse = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    backward = (sp.diags(inverse) @ sim).T.tocsr()  # column-stochastic over the nodes with edges
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - damping) / n + damping * (backward @ rank + rank[dangling].sum() / n)
        done = np.abs(new - rank).sum() < tol
        rank = new
        if done:
            break
    # Rounded so that sentences the graph cannot tell apart (duplicates) tie exactly, whatever the
    # summation order, and ties go to the earlier sentence.
    return np.round(rank / rank.max(), 12)


def coverage(grams: set[str], target: set[str]) -> float:
    """Share of ``target``'s distinct grams found in ``grams`` (0.0 for an empty target)."""
    if not target:
        return 0.0
    return len(grams & target) / len(target)

"""Sparse TF-IDF, similarity and TextRank: right numbers, and memory that scales with the text."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from classify.intake import Document
from classify.summarize import summarize
from classify.summarize.candidates import candidates
from classify.summarize.scoring import Analysis
from classify.summarize.vectors import bigrams, density, gram_counts, similarity, textrank, tfidf_matrix

SENTENCES = [
    "公司党委召开党史学习教育总结会议。",
    "会议总结了党史学习教育的做法和成效。",
    "支部党员参观革命纪念馆。",
    "公司党委书记在总结会议上讲话。",
    "下一步将巩固拓展党史学习教育成果。",
]


def _dense_textrank(sim: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """PageRank written out densely, as the textbook has it."""
    n = len(sim)
    out = sim.sum(axis=1)
    transition = np.array([[sim[j, i] / out[j] if out[j] else 1.0 / n for j in range(n)] for i in range(n)])
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        rank = (1 - damping) / n + damping * transition @ rank
    return rank / rank.max()


def test_textrank_matches_dense_pagerank_with_an_isolated_node():
    rng = np.random.default_rng(0)
    sim = rng.random((6, 6))
    sim = (sim + sim.T) / 2
    sim[4, :] = sim[:, 4] = 0.0  # a node without edges spreads its rank evenly
    np.fill_diagonal(sim, 0.0)
    got = textrank(sp.csr_matrix(sim), iterations=200, tol=0.0)
    assert np.allclose(got, _dense_textrank(sim, iterations=200), atol=1e-9)
    assert textrank(np.zeros((3, 3))).tolist() == [1.0, 1.0, 1.0]


def test_tfidf_rows_and_similarity():
    matrix = tfidf_matrix(gram_counts([bigrams(s) for s in SENTENCES]))
    assert sp.issparse(matrix)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert np.all(norms <= 1 + 1e-9) and norms.max() > 0.5  # single-sentence grams are folded into the norm
    sim = similarity(matrix).toarray()
    assert np.allclose(sim, sim.T) and np.all(np.diag(sim) == 0)
    assert sim[0, 3] > sim[0, 2]  # 公司党委 ... 总结会议 in both; the visit shares nothing
    analysis = Analysis(candidates(Document.from_parts(title=None, body="".join(SENTENCES))))
    row = analysis.similar_to(0)
    assert np.allclose(np.delete(row, 0), np.delete(sim[0], 0)) and abs(row[0] - norms[0] ** 2) < 1e-9


def test_duplicate_sentences_tie_to_the_earlier_one():
    body = "".join(SENTENCES[:2] + SENTENCES[:2] + SENTENCES[2:])
    lead = summarize(Document.from_parts(title=None, body=body), method="textrank", max_chars=20)
    assert lead.indices == [0] or lead.indices == [1]


def test_a_huge_document_is_summarised_in_memory_proportional_to_its_text():
    # 30,000 distinct sentences: a dense sentences x grams matrix would need gigabytes.
    digits = "零一二三四五六七八九"
    body = "".join(
        f"第{digits[i // 1000 % 10]}{digits[i // 100 % 10]}{digits[i // 10 % 10]}{digits[i % 10]}项工作由支部党员负责推进落实。"
        if i % 2
        else f"公司党委部署第{i}项重点任务。"
        for i in range(30_000)
    )
    doc = Document.from_parts(title="公司党委部署重点任务", body=body)
    for method in ("default", "textrank"):
        lead = summarize(doc, max_chars=1000, method=method)
        assert 0 < lead.chars <= 1000 and lead.indices == sorted(lead.indices)


def test_density_counts_the_pairs_each_sentence_shares():
    grams = [bigrams(s) for s in SENTENCES]
    sets = [set(g) for g in grams]
    # Reference: for each sentence, its distinct grams x the other sentences holding each one.
    shared = np.array([sum(sum(g in other for other in sets) - 1 for g in s) for s in sets], dtype=float)
    lengths = [len(s) for s in SENTENCES]
    raw = shared / (np.array(lengths) + 20.0)
    assert np.allclose(density(gram_counts(grams), lengths), raw / raw.max())
    assert density(gram_counts([["党委"], ["支部"]]), [2, 2]).tolist() == [0.0, 0.0]
    assert density(gram_counts([]), []).tolist() == []

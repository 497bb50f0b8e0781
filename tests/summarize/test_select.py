"""The budget rule every method shares: whole sentences, best first, stop when the lead is long enough."""

from __future__ import annotations

import numpy as np

from classify.summarize.select import FILL, mmr, pack


def test_pack_skips_what_does_not_fit_and_never_exceeds_the_budget():
    assert pack([50, 80, 30, 20], 100, fill=1.0) == [0, 2, 3]  # 80 is skipped; 50 + 30 + 20 fill it
    assert sum([50, 80, 30, 20][i] for i in pack([50, 80, 30, 20], 100, fill=1.0)) <= 100


def test_pack_stops_once_the_lead_is_long_enough():
    assert pack([70, 30, 20], 150) == [0]  # 70 >= 0.4 * 150: a lead, not padding
    assert pack([40, 30, 20], 150) == [0, 1]  # 40 < 60, 70 >= 60
    assert FILL * 150 == 60


def test_pack_returns_the_best_alone_when_nothing_fits():
    assert pack([200, 180], 100) == [0]
    assert pack([], 100) == []


def _no_similarity(n):
    return lambda i: np.zeros(n)


def test_mmr_with_no_diversity_is_pack_over_the_ranking():
    scores = np.array([0.2, 0.9, 0.5, 0.7])
    lengths = [30, 50, 20, 60]
    order = list(np.argsort(-scores, kind="stable"))
    expected = [order[i] for i in pack([lengths[i] for i in order], 100)]
    assert mmr(scores, lengths, 100, _no_similarity(4), diversity=0.0) == expected


def test_mmr_drops_a_near_duplicate():
    scores = np.array([1.0, 0.95, 0.5])
    lengths = [20, 20, 20]
    sim = np.array([[1.0, 0.98, 0.0], [0.98, 1.0, 0.0], [0.0, 0.0, 1.0]])
    picks = mmr(scores, lengths, 100, lambda i: sim[i], diversity=0.5, fill=1.0)
    assert picks[:2] == [0, 2]  # the copy of sentence 0 comes last, if at all


def test_mmr_respects_the_budget_and_falls_back_to_the_best():
    scores = np.array([0.1, 0.9, 0.5])
    assert mmr(scores, [300, 200, 250], 100, _no_similarity(3)) == [1]
    picks = mmr(scores, [30, 90, 40], 100, _no_similarity(3), fill=1.0)
    assert sum([30, 90, 40][i] for i in picks) <= 100 and picks[0] == 1


def test_mmr_is_deterministic_on_ties():
    scores = np.array([0.5, 0.5, 0.5])
    assert mmr(scores, [20, 20, 20], 30, _no_similarity(3)) == [0]

"""Fitting the weights: the objective is what the benchmark reports, and the fit only ever improves it."""

from __future__ import annotations

import numpy as np

from classify.intake import Document
from classify.summarize.scoring import FEATURES, Weights
from classify.training.summarize import NOT_POSITIVE, Example, fit_weights, objective, prepare
from tests.summarize.sample import REPORT


def _example(rouge_first: float, rouge_other: float) -> Example:
    # Two sentences: the first opens the document, the other is short.
    matrix = np.zeros((2, len(FEATURES)))
    matrix[0, FEATURES.index("lead")] = 1.0
    matrix[0, FEATURES.index("first")] = 1.0
    matrix[1, FEATURES.index("lead")] = 0.7
    matrix[1, FEATURES.index("short")] = 1.0
    rouge = np.array([[rouge_first] * 3, [rouge_other] * 3])
    return Example(matrix, np.array([40, 12]), rouge, 100)


def test_objective_is_the_rouge_of_the_first_pick():
    examples = [_example(0.5, 0.1), _example(0.2, 0.4)]
    assert np.allclose(objective(examples, Weights(short=0.0)), 100 * np.array([0.35] * 3))


def test_fit_improves_and_keeps_readability_signs():
    # Short sentences are better here, so the fit must learn to prefer them.
    examples = [_example(0.1, 0.6) for _ in range(5)] + [_example(0.5, 0.4)]
    start = Weights(short=0.0)
    weights, value = fit_weights([(examples, 1.0)], start=start)
    assert value > float(objective(examples, start).mean())
    # Both kinds of document look alike to the features, so the best a weighting can do is to take the
    # short sentence everywhere: (5 * 0.6 + 0.4) / 6.
    assert abs(value - 100 * (5 * 0.6 + 0.4) / 6) < 1e-9
    assert all(getattr(weights, name) <= 0 for name in NOT_POSITIVE)
    assert fit_weights([(examples, 1.0)], start=start) == (weights, value)  # deterministic


def test_prepare_scores_every_candidate_against_the_reference():
    (example,) = prepare([(Document.from_text(REPORT), "青松机械公司召开党建工作总结会议")], 150)
    assert example.matrix.shape == (len(example.lengths), len(FEATURES))
    assert int(np.argmax(example.rouge[:, 0])) == 0  # the meeting sentence matches the headline best

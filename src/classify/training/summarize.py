"""Fit the sentence-score weights on documents with reference summaries (People's Daily titles).

The objective is the quantity the benchmark reports: character ROUGE-1/2/L F1 (their mean) of the
sentence the summariser would take first, i.e. the best-scoring sentence that fits the budget. It is
not smooth in the weights, so the fit is coordinate ascent over a grid: few weights, many documents,
no model to ship (the result is a :class:`~classify.summarize.scoring.Weights` to paste into the
defaults). Used by ``scripts/bench_summarize.py --tune``; nothing here runs when summarising.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields

import numpy as np

from classify.intake import Document
from classify.summarize.candidates import candidates
from classify.summarize.rouge import rouge_scores
from classify.summarize.scoring import FEATURES, Analysis, Weights, features

#: Weight values tried for each feature.
GRID: tuple[float, ...] = (-1.0, -0.6, -0.4, -0.3, -0.2, -0.1, -0.05, 0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.5)
#: Features the fit leaves alone: density is the unit the others are measured in; the title cannot
#: be fitted where the title is the reference; TextRank costs the most and earned ~0 in trials.
FIXED: frozenset[str] = frozenset({"density", "title", "centrality"})
#: Signs kept for readability whatever ROUGE says: a lead must not open on a dangling connective or a
#: sentence cut off in the source.
NOT_POSITIVE: frozenset[str] = frozenset({"dependent", "unfinished"})


@dataclass
class Example:
    """One document ready for fitting: features, lengths and each sentence's ROUGE against the reference."""

    matrix: np.ndarray
    lengths: np.ndarray
    rouge: np.ndarray  # (sentences, 3): ROUGE-1/2/L F1
    max_chars: int


def prepare(pairs: Iterable[tuple[Document, str]], max_chars: int) -> list[Example]:
    """Examples from ``(document, reference)`` pairs (documents without candidates are skipped).

    The title is not passed to the features: with a headline as the reference it would be the answer.
    """
    out = []
    for doc, reference in pairs:
        cands = candidates(doc)
        if not cands:
            continue
        matrix = features(Analysis(cands), title=None, centrality=False)
        rouge = np.array([rouge_scores(c.text, reference) for c in cands])
        out.append(Example(matrix, np.array([c.chars for c in cands]), rouge, max_chars))
    return out


def objective(examples: Sequence[Example], weights: Weights | np.ndarray) -> np.ndarray:
    """Mean ROUGE-1/2/L F1 (x100) of the first sentence the summariser would take, over ``examples``.

    ``weights`` may also be a plain vector, one value per column of the examples' matrices.
    """
    w = weights.vector() if isinstance(weights, Weights) else np.asarray(weights)
    total = np.zeros(3)
    for ex in examples:
        scores = ex.matrix @ w
        fits = ex.lengths <= ex.max_chars
        if fits.any():
            scores = np.where(fits, scores, -np.inf)
        total += ex.rouge[int(np.argmax(scores))]
    return 100 * total / max(len(examples), 1)


def coordinate_ascent(
    value: Callable[[np.ndarray], float],
    names: Sequence[str],
    start: np.ndarray,
    *,
    rounds: int = 3,
    grid: Sequence[float] = GRID,
) -> tuple[np.ndarray, float]:
    """Maximise ``value`` over a weight vector (``names[i]`` names entry ``i``), one weight at a time
    over ``grid``; :data:`FIXED` names are left alone and :data:`NOT_POSITIVE` ones stay <= 0.

    Returns the vector and its value. Deterministic: weights are visited in order and a value replaces
    the current one only when it scores strictly better.
    """
    weights = np.array(start, dtype=float)
    best = value(weights)
    for _ in range(rounds):
        improved = False
        for i, name in enumerate(names):
            if name in FIXED:
                continue
            for v in grid:
                if name in NOT_POSITIVE and v > 0:
                    continue
                trial = weights.copy()
                trial[i] = v
                score = value(trial)
                if score > best + 1e-9:
                    weights, best, improved = trial, score, True
        if not improved:
            break
    return weights, best


def fit_weights(
    sets: Sequence[tuple[Sequence[Example], float]],
    *,
    start: Weights | None = None,
    rounds: int = 3,
    grid: Sequence[float] = GRID,
) -> tuple[Weights, float]:
    """:func:`coordinate_ascent` on the weighted mean of :func:`objective` over ``(examples, share)``
    sets. Returns the weights and their objective."""

    def value(weights: np.ndarray) -> float:
        return sum(share * float(objective(examples, weights).mean()) for examples, share in sets)

    vector, best = coordinate_ascent(value, FEATURES, (start or Weights()).vector(), rounds=rounds, grid=grid)
    return Weights(**{name: float(v) for name, v in zip(FEATURES, vector, strict=True)}), best


def describe(weights: Weights) -> str:
    """``Weights(...)`` source text for the fitted values."""
    return "Weights(" + ", ".join(f"{f.name}={getattr(weights, f.name)!r}" for f in fields(weights)) + ")"

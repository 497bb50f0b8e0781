"""From ranked sentences to a lead: maximal marginal relevance under a character budget.

One rule applies to every method, ours and the benchmark's peers alike:

* the budget counts the characters of whole sentences; a sentence is never cut;
* sentences are taken best first; one that does not fit the room left is skipped for a shorter one
  further down;
* the lead stops growing once it holds ``FILL`` of the budget: a lead is the report's point, not
  the budget padded with leftovers;
* when not a single sentence fits the budget, the best one is returned alone (a lead over budget is
  better than none; a cut sentence is not a sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

#: A lead stops growing once it holds this share of the budget (60 of 150 characters).
FILL = 0.4


def pack(lengths: Sequence[int], max_chars: int, *, fill: float = FILL) -> list[int]:
    """Budget filling in the given (best-first) order: the indices into ``lengths`` taken, in rank order.

    ``lengths[i]`` is the length of the i-th best unit.
    """
    taken: list[int] = []
    used = 0
    for i, length in enumerate(lengths):
        if used >= fill * max_chars:
            break
        if used + length <= max_chars:
            taken.append(i)
            used += length
    if not taken and len(lengths):
        taken.append(0)
    return taken


def mmr(
    scores: np.ndarray,
    lengths: Sequence[int],
    max_chars: int,
    similar_to: Callable[[int], np.ndarray],
    *,
    diversity: float = 0.3,
    fill: float = FILL,
) -> list[int]:
    """Maximal marginal relevance (Carbonell & Goldstein 1998) within a character budget.

    Each step takes the fitting sentence with the best ``(1 - diversity) * relevance - diversity *
    (highest similarity to a sentence already taken)``; relevance is the score rescaled to [0, 1];
    ``similar_to(i)`` gives sentence ``i``'s similarity to every sentence. Stops as :func:`pack` does.
    Returns indices in the order taken; with ``diversity=0`` this is :func:`pack` over the ranking.
    """
    n = len(lengths)
    if n == 0:
        return []
    spread = float(scores.max() - scores.min())
    relevance = (scores - scores.min()) / spread if spread > 0 else np.ones(n)
    redundancy = np.zeros(n)
    available = np.ones(n, dtype=bool)
    sizes = np.asarray(lengths)
    taken: list[int] = []
    used = 0
    while used < fill * max_chars:
        fits = available & (sizes <= max_chars - used)
        if not fits.any():
            break
        gain = np.where(fits, (1 - diversity) * relevance - diversity * redundancy, -np.inf)
        best = int(np.argmax(gain))  # argmax keeps the earliest on ties: deterministic
        taken.append(best)
        available[best] = False
        used += int(sizes[best])
        if diversity and used < fill * max_chars:
            redundancy = np.maximum(redundancy, similar_to(best))
    if not taken:
        taken.append(int(np.argmax(scores)))
    return taken

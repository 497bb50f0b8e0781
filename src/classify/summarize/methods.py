"""Every summariser behind the same call, so that methods can be swapped and compared (as in sumy).

A method takes the candidate sentences and returns the ones it picks; :func:`classify.summarize.summarize`
puts them in document order and builds the :class:`~classify.summarize.result.Summary`.

* ``default``: position, centrality, title overlap and cue phrases (:mod:`.scoring`), then MMR
  within the budget (:mod:`.select`);
* ``lead``: the first sentences that fit the budget;
* ``lead-1``, ``lead-3`` (any ``lead-K``): the first K sentences, whatever their length (the classic
  LEAD-K baselines);
* ``textrank``: centrality alone, packed into the budget;
* ``oracle``: the sentences that best match a reference (greedy on character ROUGE-1/2), the ceiling
  an extractive method could reach; needs ``reference``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from classify.summarize.candidates import Candidate
from classify.summarize.rouge import rouge12
from classify.summarize.scoring import Analysis, Weights, features, score
from classify.summarize.select import mmr, pack

#: Weight of redundancy against relevance in MMR.
DIVERSITY = 0.3


@dataclass
class Selection:
    """What a method picked: positions in the candidate list (in the order picked) and their scores."""

    picks: list[int]
    scores: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    """Everything a method may look at besides the candidates."""

    max_chars: int
    title: str | None = None
    reference: str | None = None
    weights: Weights | None = None


Method = Callable[[list[Candidate], Request], Selection]


def _default(cands: list[Candidate], req: Request) -> Selection:
    weights = req.weights or Weights()
    analysis = Analysis(cands)
    scores = score(features(analysis, title=req.title, centrality=weights.centrality != 0), weights)
    picks = mmr(scores, [c.chars for c in cands], req.max_chars, analysis.similar_to, diversity=DIVERSITY)
    return Selection(picks, [float(scores[i]) for i in picks])


def _textrank(cands: list[Candidate], req: Request) -> Selection:
    centrality = Analysis(cands).centrality() if cands else np.zeros(0)
    order = sorted(range(len(cands)), key=lambda i: (-centrality[i], i))
    taken = pack([cands[i].chars for i in order], req.max_chars)
    return Selection([order[i] for i in taken], [float(centrality[order[i]]) for i in taken])


def _lead(cands: list[Candidate], req: Request) -> Selection:
    return Selection(pack([c.chars for c in cands], req.max_chars))


def _lead_k(k: int) -> Method:
    def lead_k(cands: list[Candidate], req: Request) -> Selection:
        return Selection(list(range(min(k, len(cands)))))

    return lead_k


def _oracle(cands: list[Candidate], req: Request) -> Selection:
    """Greedy: add the fitting sentence that raises ROUGE the most; stop when none raises it."""
    if req.reference is None:
        raise ValueError("the oracle needs a reference summary")
    picks: list[int] = []
    best = 0.0
    room = req.max_chars
    while True:
        gains = [
            (rouge12("".join(cands[j].text for j in sorted([*picks, i])), req.reference), -i)
            for i in range(len(cands))
            if i not in picks and cands[i].chars <= room
        ]
        if not gains:
            break
        value, neg_i = max(gains)
        if value <= best:
            break
        best = value
        picks.append(-neg_i)
        room -= cands[-neg_i].chars
    if not picks and cands:
        # Nothing fits the budget: the single best sentence, as the budget rule says.
        picks = [int(np.argmax([rouge12(c.text, req.reference) for c in cands]))]
    return Selection(picks)


_METHODS: dict[str, Method] = {
    "default": _default,
    "lead": _lead,
    "textrank": _textrank,
    "oracle": _oracle,
}
_LEAD_K = re.compile(r"^lead-(\d+)$")


def get_method(name: str) -> Method:
    """The method called ``name`` (see the module docstring); ``ValueError`` for an unknown one."""
    if name in _METHODS:
        return _METHODS[name]
    match = _LEAD_K.match(name)
    if match and int(match[1]) > 0:
        return _lead_k(int(match[1]))
    raise ValueError(f"unknown summarisation method {name!r} (known: {', '.join(method_names())})")


def method_names() -> list[str]:
    """Names accepted by :func:`get_method` (``lead-K`` stands for any K >= 1)."""
    return [*_METHODS, "lead-K"]

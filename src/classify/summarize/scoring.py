"""Sentence features and the linear score that ranks them.

Each candidate gets a handful of features, most in [0, 1]; its score is their weighted sum. They are
the features extractive summarisers have long used for news (Edmundson 1969; Mihalcea & Tarau 2004):

* position: news and reports lead with their point (``1月20日，……召开……会议``);
* centrality: how densely a sentence carries the wording the document keeps repeating (degree in the
  bigram-sharing graph, per character: :func:`~classify.summarize.vectors.density`), and optionally
  TextRank over the TF-IDF similarity graph;
* title overlap: how much of the title's wording a sentence carries (zero when there is no title);
* cue phrases: a dated event opener (``1月20日，`` ``近日，`` ... ``召开``/``举行``) helps; an opener that
  leans on an earlier sentence (``但``, ``同时``, ``他``) does not open a lead well; a sentence without
  final punctuation was cut off in the source;
* length: a sentence of a few words rarely says what the report is.

The default weights were fitted on People's Daily (title and subtitle as the reference, body as the
input) and LCSTS validation data by :mod:`classify.training.summarize`; see ``docs/summarize.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from classify.summarize.candidates import Candidate
from classify.summarize.vectors import (
    GramCounts,
    bigrams,
    coverage,
    density,
    gram_counts,
    similarity,
    textrank,
    tfidf_matrix,
)

_DATED_OPENER = re.compile(
    r"^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚|晚间)?|(?:\d{4}年)?\d{1,2}月(?:初|中旬|下旬|底)?|近日|日前|近期"
    r"|今年以来|去年以来|\d{4}年以来|当天|今天|昨天|昨日|今年|去年|上周|本周)[，,]?"
)
_EVENT = re.compile(r"召开|举行|举办|开展|启动|印发|发布|出台|部署|审议|通过|出席|主持|成立|签署|颁发|公布")
# Openers that lean on an earlier sentence: a lead that starts with them reads as a fragment.
_DEPENDENT_OPENER = re.compile(
    r"^(?:但|但是|而|然而|不过|同时|此外|另外|另一方面|因此|所以|于是|对此|其中|其次|再次|最后|此前|随后|之后|为此|与此同时"
    r"|这|那|该|此|他|她|它|我们|你|除此之外|总之|可见|比如|例如|首先|[一二三四五六七八九十]是|[一二三四五六七八九十]要|第[一二三四五六七八九十])"
)
_QUOTE = re.compile(r"^[“‘「『\"']")
_FINISHED = re.compile(r"[。！？!?…][”’」』）)\"']*$")
_SHORT = 15  # characters: below this a sentence is a fragment of a thought
#: TextRank ranks at most this many candidates (see :meth:`Analysis.centrality`).
GRAPH_LIMIT = 2000


@dataclass(frozen=True)
class Weights:
    """Weights of the linear sentence score, one per feature (see :data:`FEATURES`, same order)."""

    lead: float = 0.8
    first: float = 0.0
    opens_paragraph: float = 0.05
    density: float = 1.0
    centrality: float = 0.0
    title: float = 1.0
    dated_event: float = 0.1
    dependent: float = -0.1
    quote: float = 0.0
    question: float = 0.0
    short: float = -0.1
    unfinished: float = -0.3

    def vector(self) -> np.ndarray:
        """The weights in feature order."""
        return np.array([getattr(self, f.name) for f in fields(self)])


#: Feature names, in the column order of :func:`features`.
FEATURES: tuple[str, ...] = tuple(f.name for f in fields(Weights))


class Analysis:
    """The candidates of one document with their bigrams; the TF-IDF matrix is built on first use
    (only TextRank and redundancy checks between picks need it)."""

    def __init__(self, cands: list[Candidate]) -> None:
        self.cands = cands
        self.grams = [bigrams(c.text) for c in cands]

    @cached_property
    def counts(self) -> GramCounts:
        """The document's (sentence, bigram) pairs (see :func:`~classify.summarize.vectors.gram_counts`)."""
        return gram_counts(self.grams)

    @cached_property
    def tfidf(self) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows over bigrams (see :func:`~classify.summarize.vectors.tfidf_matrix`)."""
        return tfidf_matrix(self.counts)

    def similar_to(self, i: int) -> np.ndarray:
        """Cosine similarity of candidate ``i`` to every candidate (itself included)."""
        return self.tfidf @ self.tfidf[i].toarray().ravel()

    def centrality(self) -> np.ndarray:
        """TextRank scores, the top one scaled to 1.

        The graph is quadratic in the number of sentences, so it covers the first
        :data:`GRAPH_LIMIT` candidates; later ones score 0 (a lead comes from the opening of a report,
        and a file that long is a collection rather than one report).
        """
        n = len(self.cands)
        rank = np.zeros(n)
        head = min(n, GRAPH_LIMIT)
        rank[:head] = textrank(similarity(self.tfidf[:head]))
        return rank


def features(analysis: Analysis, *, title: str | None = None, centrality: bool = True) -> np.ndarray:
    """The feature matrix: one row per candidate, one column per name in :data:`FEATURES`.

    TextRank costs more than everything else together; with ``centrality=False`` (a zero weight) its
    column is left at zero.
    """
    cands = analysis.cands
    out = np.zeros((len(cands), len(FEATURES)))
    if not cands:
        return out
    dense = density(analysis.counts, [c.chars for c in cands])
    rank = analysis.centrality() if centrality else np.zeros(len(cands))
    title_grams = set(bigrams(title)) if title else set()
    for i, cand in enumerate(cands):
        text = cand.text
        out[i] = (
            1.0 / math.sqrt(1 + cand.position),
            float(cand.position == 0),
            float(cand.opens_paragraph),
            dense[i],
            rank[i],
            coverage(set(analysis.grams[i]), title_grams) if title_grams else 0.0,
            float(bool(_DATED_OPENER.match(text) and _EVENT.search(text))),
            float(bool(_DEPENDENT_OPENER.match(text))),
            float(bool(_QUOTE.match(text))),
            float(text.rstrip("”’」』）)\"'")[-1:] in "？?"),
            float(len(text) < _SHORT),
            float(not _FINISHED.search(text)),
        )
    return out


def score(matrix: np.ndarray, weights: Weights | None = None) -> np.ndarray:
    """Linear scores of a feature matrix."""
    return matrix @ (weights or Weights()).vector()

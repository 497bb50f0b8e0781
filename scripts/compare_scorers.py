"""Can a learned sentence scorer pick better than the first sentence on LCSTS within the budget?

Two-fold cross-validation on LCSTS part II validation (even / odd posts): each scorer is fitted on one
half plus the People's Daily train slice (title and subtitle as the reference) and scored on the other
half; the two held-out halves are averaged. People's Daily dev is scored with the fold-A fit. The
metric is what the lead's first pick earns: character ROUGE-1/2/L F1 (x100) of the best-scoring
sentence that fits the budget (the best-scoring one of all when none fits), per document. Test data
is never read.

Scorers:

* ``defaults``: the shipped :class:`~classify.summarize.scoring.Weights`, not refitted;
* ``refit``: coordinate ascent (:func:`classify.training.summarize.fit_weights`) on the shipped features;
* ``refit+``: coordinate ascent over the shipped features plus ten more (last sentence, relative
  position, exclamation, contrast opener, pronoun opener, quotation or title marks, digits, length,
  overlap with the first sentence, a post of four sentences or fewer);
* ``listwise``: a linear score over the same 22 features, fitted by L-BFGS to maximise the expected
  ROUGE of a softmax over each document's fitting sentences (L2-regularised);
* ``gbm``: gradient-boosted trees (scikit-learn) regressing each sentence's ROUGE over the 22;
* ``ridge+bigrams``: ridge regression over the 22 plus hashed character bigrams and openers (cue
  phrases learned from the data).

Reference rows: the first sentence whatever its length (LEAD-1's pick), the first sentence that fits
(LEAD within budget) and the best sentence that fits (the ceiling of a one-sentence pick).

Usage: python scripts/compare_scorers.py [--pd-train 2000] [--pd-dev 1000] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_summarize as bench
from classify.corpus.shared import parse_args_with_shared
from classify.summarize.candidates import candidates
from classify.summarize.rouge import rouge_scores
from classify.summarize.scoring import FEATURES, Analysis, Weights, features
from classify.summarize.vectors import bigrams, coverage
from classify.training.summarize import Example, coordinate_ascent, fit_weights, objective

_CONTRAST = re.compile(r"^(?:但|但是|然而|不过|可是|可|其实|事实上|实际上|说到底|总之|可见|所以|因此|因而|显然)")
_PRONOUN = re.compile(r"^(?:这|那|该|此|他|她|它|其)")
EXTRA = ("last", "relpos", "exclaim", "contrast", "pronoun", "marks", "digits", "length", "first_overlap", "few")


@dataclass
class Doc:
    """One document: the shipped features (``example``), the extra ones, and the candidate texts."""

    example: Example
    extra: np.ndarray
    texts: list[str]

    @property
    def full(self) -> np.ndarray:
        return np.hstack([self.example.matrix, self.extra])

    @property
    def choice(self) -> np.ndarray:
        """The sentences a first pick chooses among: those that fit, or all when none does."""
        fits = self.example.lengths <= self.example.max_chars
        return fits if fits.any() else np.ones(len(fits), dtype=bool)


def prepare(items: list[bench.Item], budget: int) -> list[Doc]:
    out = []
    for item in items:
        cands = candidates(item.doc)
        if not cands:
            continue
        analysis = Analysis(cands)
        matrix = features(analysis, title=None, centrality=True)
        first = set(analysis.grams[0])
        n = len(cands)
        extra = np.array(
            [
                (
                    float(i == n - 1 and n > 1),
                    i / max(n - 1, 1),
                    float(bool(re.search(r"[！!]", c.text[-3:]))),
                    float(bool(_CONTRAST.match(c.text))),
                    float(bool(_PRONOUN.match(c.text))),
                    float("“" in c.text or "《" in c.text),
                    float(bool(re.search(r"\d", c.text))),
                    min(c.chars / budget, 2.0),
                    coverage(set(analysis.grams[i]), first) if i else 0.0,
                    float(n <= 4),
                )
                for i, c in enumerate(cands)
            ]
        )
        rouge = np.array([rouge_scores(c.text, item.reference) for c in cands])
        lengths = np.array([c.chars for c in cands])
        out.append(Doc(Example(matrix, lengths, rouge, budget), extra, [c.text for c in cands]))
    return out


def first_pick(docs: list[Doc], score) -> np.ndarray:
    """Mean ROUGE (x100) of each document's best-scoring sentence among its choice; ``score(doc)``
    gives one score per candidate."""
    total = np.zeros(3)
    for doc in docs:
        total += doc.example.rouge[int(np.argmax(np.where(doc.choice, score(doc), -np.inf)))]
    return 100 * total / len(docs)


def rows(docs: list[Doc]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Training rows over each document's choice: features, ROUGE mean minus the document's mean, texts."""
    x, y, texts = [], [], []
    for doc in docs:
        idx = np.where(doc.choice)[0]
        mean = doc.example.rouge.mean(axis=1)
        x.append(doc.full[idx])
        y.append(mean[idx] - mean[idx].mean())
        texts.extend(doc.texts[i] for i in idx)
    return np.vstack(x), np.concatenate(y), texts


# --- scorers: each fits on training docs and returns score(doc) ------------------------------------


def defaults(train: list[Doc]):
    w = Weights().vector()
    return lambda doc: doc.example.matrix @ w


def refit(train: list[Doc]):
    weights, _ = fit_weights([([d.example for d in train], 1.0)])
    w = weights.vector()
    return lambda doc: doc.example.matrix @ w


def refit_plus(train: list[Doc]):
    """Coordinate ascent over the shipped and the extra features (same grid and rules as classify.training.summarize)."""
    expanded = [replace(d.example, matrix=d.full) for d in train]
    start = np.concatenate([Weights().vector(), np.zeros(len(EXTRA))])
    w, _ = coordinate_ascent(lambda v: float(objective(expanded, v).mean()), [*FEATURES, *EXTRA], start)
    return lambda doc: doc.full @ w


def listwise(train: list[Doc], temperature: float = 0.05, l2: float = 1e-2):
    from scipy.optimize import minimize

    groups = [(d.full[d.choice], d.example.rouge[d.choice].mean(axis=1)) for d in train if d.choice.sum() > 1]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = 0.0, np.zeros_like(w)
        for x, r in groups:
            z = x @ w / temperature
            p = np.exp(z - z.max())
            p /= p.sum()
            expected = p @ r
            value += expected
            grad += x.T @ (p * (r - expected)) / temperature
        n = len(groups)
        return -value / n + l2 * w @ w, -grad / n + 2 * l2 * w

    w = minimize(loss, np.zeros(len(FEATURES) + len(EXTRA)), jac=True, method="L-BFGS-B").x
    return lambda doc: doc.full @ w


def gbm(train: list[Doc]):
    from sklearn.ensemble import HistGradientBoostingRegressor

    x, y, _ = rows(train)
    model = HistGradientBoostingRegressor(max_depth=3, max_iter=200, learning_rate=0.05, random_state=0).fit(x, y)
    return lambda doc: model.predict(doc.full)


def ridge_bigrams(train: list[Doc]):
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import Ridge

    vectorizer = HashingVectorizer(
        analyzer=lambda s: [*bigrams(s), "^" + s[:1], "^" + s[:2], "$" + s[-2:]],
        n_features=2**18,
        alternate_sign=False,
    )

    def matrix(x: np.ndarray, texts: list[str]):
        return sp.hstack([sp.csr_matrix(x), 0.3 * vectorizer.transform(texts)]).tocsr()

    x, y, texts = rows(train)
    model = Ridge(alpha=10.0).fit(matrix(x, texts), y)
    return lambda doc: model.predict(matrix(doc.full, doc.texts))


SCORERS = {
    "defaults": defaults,
    "refit": refit,
    "refit+": refit_plus,
    "listwise": listwise,
    "gbm": gbm,
    "ridge+bigrams": ridge_bigrams,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pd-train", type=int, default=2000, help="People's Daily train articles")
    parser.add_argument("--pd-dev", type=int, default=1000, help="People's Daily dev articles")
    args, shared = parse_args_with_shared(parser)
    start = time.perf_counter()
    lcsts = prepare(bench.load(shared, "lcsts-val"), bench.BUDGETS["lcsts"])
    pd_train = prepare(bench.load(shared, "pd-train")[: args.pd_train], bench.BUDGETS["pd"])
    pd_dev = prepare(bench.load(shared, "pd-dev")[: args.pd_dev], bench.BUDGETS["pd"])
    halves = (lcsts[0::2], lcsts[1::2])
    print(
        f"LCSTS val {len(lcsts)} posts (two folds), People's Daily train {len(pd_train)}, dev {len(pd_dev)};"
        f" features ready in {time.perf_counter() - start:.0f} s",
        file=sys.stderr,
    )

    def position(doc: Doc) -> np.ndarray:
        return -np.arange(len(doc.texts), dtype=float)

    def fmt(v: np.ndarray) -> str:
        return " | ".join(f"{x:.2f}" for x in v)

    print("| first pick | LCSTS val, 2-fold R1 | R2 | RL | People's Daily dev R1 | R2 | RL |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    lead1 = [100 * np.mean([d.example.rouge[0] for d in docs], axis=0) for docs in (lcsts, pd_dev)]
    print(f"| first sentence, any length (LEAD-1) | {fmt(lead1[0])} | {fmt(lead1[1])} |")
    print(
        f"| first sentence that fits (LEAD) | {fmt(first_pick(lcsts, position))} | {fmt(first_pick(pd_dev, position))} |"
    )

    def ceiling(doc: Doc) -> np.ndarray:
        return doc.example.rouge.mean(axis=1)

    print(
        f"| best sentence that fits (ceiling) | {fmt(first_pick(lcsts, ceiling))} | {fmt(first_pick(pd_dev, ceiling))} |"
    )
    for name, fit in SCORERS.items():
        t = time.perf_counter()
        held_out = np.zeros(3)
        for k in (0, 1):
            score = fit(halves[1 - k] + pd_train)
            held_out += first_pick(halves[k], score) * len(halves[k])
            if k == 0:
                on_pd = first_pick(pd_dev, score)
        print(f"| {name} | {fmt(held_out / len(lcsts))} | {fmt(on_pd)} |", flush=True)
        print(f"  {name}: {time.perf_counter() - t:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

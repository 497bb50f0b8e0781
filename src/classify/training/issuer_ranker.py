"""Training the issuer ranker: a logistic regression over :func:`classify.issuer.rank.features`.

Every labelled report's candidates are described once (:func:`build`, under the hand-written rules
alone); a candidate is a positive when the issuer extraction would name from it matches the labelled
``issuer`` after normalising. :func:`fit` returns a :class:`~classify.issuer.rank.Ranker` (plain
weights, applied with numpy at predict time), :func:`save_ranker` writes it as the package's
``resources/issuer_ranker.json``. ``scripts/train_issuer_ranker.py`` (figures and ``--write``),
``scripts/bench_issuer.py`` and ``scripts/bench_baseline.py`` (a ranker trained without the source a
benchmark leaves out) all train through here.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classify.corpus.splits import near_duplicate_groups
from classify.issuer import IssuerExtractor, same_issuer
from classify.issuer.rank import Ranker

DEFAULT_C = 0.3
DEFAULT_LEVEL_WEIGHT = 0.5


@dataclass
class RankerDoc:
    """One labelled report's candidates, with which of them name its issuer and its level."""

    id: str
    source: str
    test: bool
    level: str
    cands: list
    exact: list[bool]
    same_level: list[bool]
    rules: int | None  # index of the rules' choice (None when they name no issuer)
    text: str
    eligible: list  # the candidates the ranker may choose (IssuerExtractor.eligible)


def build(records: Iterable, extractor: IssuerExtractor, test_ids: set[str]) -> list[RankerDoc]:
    """Describe each labelled report (``record.meta['issuer']``, ``record.labels['level']``) for training
    and scoring; ``extractor`` should use no ranker, so that ``rules`` is the hand-written choice."""
    docs = []
    for record in records:
        cands = extractor.candidates(record.document)
        label = record.meta.get("issuer", "")
        exact, same = [], []
        for cand in cands:
            issuer = extractor.issuer(cand, cands)  # as extraction names it: a bare college's university too
            exact.append(bool(label and same_issuer([issuer.name, issuer.full_name], label, extractor.kb)))
            same.append(issuer.level == record.labels["level"])
        choice = extractor.choose(cands)
        docs.append(
            RankerDoc(
                id=record.id,
                source=record.id.split(":", 1)[0],
                test=record.id in test_ids,
                level=record.labels["level"],
                cands=cands,
                exact=exact,
                same_level=same,
                rules=None if choice is None else cands.index(choice),
                text=record.document.text,
                eligible=extractor.eligible(cands),
            )
        )
    return docs


def feature_names(docs: list[RankerDoc]) -> list[str]:
    """The features' names, in the order :func:`classify.issuer.rank.features` writes them."""
    return next(list(c.features) for d in docs for c in d.cands)


OBJECTIVES = ("pointwise", "pairwise", "listwise")


def fit(
    docs: list[RankerDoc],
    names: list[str],
    C: float = DEFAULT_C,
    level_weight: float = DEFAULT_LEVEL_WEIGHT,
    *,
    objective: str = "pointwise",
    l2: float = 0.01,
    pool: str = "eligible",
    exact_only: bool = False,
) -> Ranker:
    """A linear ranker over candidate features.

    * ``pointwise`` (the shipped one): logistic regression over every candidate; exact matches are
      positives; in a report with no exact candidate, candidates of the right level are positives with
      weight ``level_weight``;
    * ``pairwise``: logistic regression without intercept on differences of standardised features,
      positive minus negative (and the reverse), among each report's ``pool`` candidates, a report's
      pairs weighing 1 in all; ``C`` is then on another scale (about 0.005);
    * ``listwise``: conditional logit, a softmax over each report's ``pool`` candidates, minimising the
      weighted mean of -log(probability of its positives) plus ``l2`` * ||w||^2 (L-BFGS).

    For both, the positives are the exact matches in the ``pool`` (``eligible``: the candidates the
    ranker may choose, or ``all``); a report with none in it counts at ``level_weight`` with the pool's
    candidates of the right level as positives, or not at all with ``exact_only``. Each ranker's
    ``meta`` records the settings."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective {objective!r}: one of {', '.join(OBJECTIVES)}")
    meta = {"C": C, "level_weight": level_weight}
    if objective == "pointwise":
        X, y, w = _pointwise_rows(docs, names, level_weight)
        mean, scale = _standardise(X)
        weights = _fit_pointwise((X - mean) / scale, y, w, C)
    else:
        meta |= {"objective": objective, "l2": l2, "pool": pool, "exact_only": exact_only}
        X, lists = _list_rows(docs, names, level_weight, pool, exact_only)
        if not lists:
            raise ValueError(f"{objective}: no report has both a right and a wrong {pool} candidate to learn from")
        mean, scale = _standardise(X)
        Z = (X - mean) / scale
        weights = _fit_pairwise(Z, lists, C) if objective == "pairwise" else _fit_listwise(Z, lists, l2)
    return Ranker(
        {"features": names, "mean": mean.tolist(), "scale": scale.tolist(), "weights": weights.tolist(), **meta}
    )


def _standardise(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, scale = X.mean(0), X.std(0)
    scale[scale < 1e-9] = 1.0  # a constant feature (up to rounding noise) is left as it is
    return mean, scale


def _pointwise_rows(docs: list[RankerDoc], names: list[str], level_weight: float):
    X, y, w = [], [], []
    for d in docs:
        has_exact = any(d.exact)
        for c, ex, sl in zip(d.cands, d.exact, d.same_level, strict=True):
            X.append([c.features.get(k, 0.0) for k in names])
            y.append(int(ex if has_exact else sl))
            w.append(1.0 if has_exact else level_weight)
    return np.array(X, dtype=float), np.array(y), np.array(w)


def _fit_pointwise(Z: np.ndarray, y: np.ndarray, w: np.ndarray, C: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(Z, y, sample_weight=w)
    return model.coef_[0]


def _list_rows(docs: list[RankerDoc], names: list[str], level_weight: float, pool: str, exact_only: bool):
    """Each report's pool of candidates as consecutive rows, and per report (first row, number of rows,
    the positives' offsets, its weight); reports with no positive or no negative teach nothing."""
    rows, lists = [], []
    for d in docs:
        index = {id(c): i for i, c in enumerate(d.cands)}
        chosen = [index[id(c)] for c in d.eligible] if pool == "eligible" else list(range(len(d.cands)))
        positives = [i for i in chosen if d.exact[i]]
        weight = 1.0
        if not positives and not exact_only:
            positives, weight = [i for i in chosen if d.same_level[i]], level_weight
        if not positives or len(positives) == len(chosen):
            continue
        lists.append((len(rows), len(chosen), [chosen.index(i) for i in positives], weight))
        rows += [[d.cands[i].features.get(k, 0.0) for k in names] for i in chosen]
    return np.array(rows, dtype=float).reshape(len(rows), len(names)), lists


def _fit_pairwise(Z: np.ndarray, lists: list, C: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    diffs, w = [], []
    for start, size, pos, weight in lists:
        block = Z[start : start + size]
        neg = [j for j in range(size) if j not in pos]
        d = (block[pos][:, None, :] - block[neg][None, :, :]).reshape(-1, Z.shape[1])
        diffs.append(d)
        w.append(np.full(len(d), weight / len(d)))
    D, w = np.vstack(diffs), np.concatenate(w)
    model = LogisticRegression(C=C, max_iter=5000, fit_intercept=False)
    model.fit(np.vstack([D, -D]), np.r_[np.ones(len(D)), np.zeros(len(D))], sample_weight=np.r_[w, w])
    return model.coef_[0]


def _fit_listwise(Z: np.ndarray, lists: list, l2: float) -> np.ndarray:
    from scipy.optimize import minimize

    doc = np.concatenate([np.full(size, k) for k, (_, size, _, _) in enumerate(lists)])
    starts = np.array([start for start, _, _, _ in lists])
    positive = np.zeros(len(Z), dtype=bool)
    for start, _, pos, _ in lists:
        positive[start + np.array(pos)] = True
    weight = np.array([wt for _, _, _, wt in lists])
    n = len(lists)

    def segment_lse(s: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per report, the log-sum-exp of ``s`` over the rows in ``mask``, and each row's share."""
        top = np.maximum.reduceat(np.where(mask, s, -np.inf), starts)
        e = np.exp(np.where(mask, s - top[doc], -np.inf))  # rows outside the mask: exp(-inf) = 0
        total = np.add.reduceat(e, starts)
        return top + np.log(total), e / total[doc]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = Z @ w
        lse_all, p_all = segment_lse(s, np.ones(len(s), dtype=bool))
        lse_pos, p_pos = segment_lse(s, positive)
        value = float(weight @ (lse_all - lse_pos)) / n + l2 * float(w @ w)
        grad = Z.T @ (weight[doc] * (p_all - p_pos)) / n + 2 * l2 * w
        return value, grad

    result = minimize(loss, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return result.x


def pick(d: RankerDoc, ranker: Ranker | None) -> int | None:
    """The index of the chosen candidate, as ``IssuerExtractor.choose`` makes it (``None``: the rules)."""
    if ranker is None:
        return d.rules
    chosen = ranker.choose(d.eligible)
    return None if chosen is None else d.cands.index(chosen)


def score(docs: list[RankerDoc], ranker: Ranker | None) -> tuple[float, float, int]:
    """Exact-issuer and same-level accuracy over ``docs``, and their number."""
    return _tally([(d, pick(d, ranker)) for d in docs])


def _tally(picked: list[tuple[RankerDoc, int | None]]) -> tuple[float, float, int]:
    """Exact-issuer and same-level accuracy of (report, chosen index) pairs, and their number."""
    n = max(len(picked), 1)
    exact = sum(d.exact[i] for d, i in picked if i is not None)
    level = sum(d.same_level[i] for d, i in picked if i is not None)
    return exact / n, level / n, len(picked)


def rankers_without_each_source(docs: list[RankerDoc], **params) -> dict[str, Ranker]:
    """Per source, a ranker trained on every other source's non-test reports (as the shipped one is
    trained on all sources' non-test reports)."""
    names = feature_names(docs)
    return {
        source: fit([d for d in docs if d.source != source and not d.test], names, **params)
        for source in sorted({d.source for d in docs})
    }


def loso(docs: list[RankerDoc], **params) -> dict[str, dict]:
    """Per held-out source, the rules and a ranker trained without it: on all its reports and on its
    non-test ones."""
    out = {}
    for source, ranker in rankers_without_each_source(docs, **params).items():
        held = [d for d in docs if d.source == source]
        nontest = [d for d in held if not d.test]
        out[source] = {
            "rules": score(held, None),
            "ranker": score(held, ranker),
            "rules_nontest": score(nontest, None),
            "ranker_nontest": score(nontest, ranker),
        }
    return out


def grouped_cv(docs: list[RankerDoc], folds: int = 5, **params) -> dict[str, tuple[float, float, int]]:
    """The rules and the ranker over the non-test reports, each predicted by a ranker trained on the
    other folds (near-duplicates, a story printed twice, stay in one fold)."""
    nontest = [d for d in docs if not d.test]
    names = feature_names(docs)
    groups = near_duplicate_groups([d.text for d in nontest])
    first_id: dict[int, str] = {}
    for d, g in zip(nontest, groups, strict=True):
        first_id.setdefault(g, d.id)
    fold_of = {d.id: zlib.crc32(first_id[g].encode()) % folds for d, g in zip(nontest, groups, strict=True)}
    picked_rules, picked_ranker = [], []
    for k in range(folds):
        held = [d for d in nontest if fold_of[d.id] == k]
        ranker = fit([d for d in nontest if fold_of[d.id] != k], names, **params)
        picked_rules += [(d, pick(d, None)) for d in held]
        picked_ranker += [(d, pick(d, ranker)) for d in held]
    return {"rules": _tally(picked_rules), "ranker": _tally(picked_ranker)}


def save_ranker(ranker: Ranker, path: Path, about: str) -> None:
    """Write ``ranker`` as the JSON :class:`~classify.issuer.rank.Ranker` reads (7 significant digits:
    a feature's scale may be small, and rounding it to a number of places could make it 0)."""

    def digits(values: np.ndarray) -> list[float]:
        return [float(f"{float(x):.7g}") for x in values]

    data = {
        "about": about,
        **{k: v for k, v in ranker.meta.items() if k != "about"},
        "features": ranker.names,
        "mean": digits(ranker.mean),
        "scale": digits(ranker.scale),
        "weights": digits(ranker.weights),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

"""Train the issuer ranker (a logistic regression over candidate features) and compare it with the rules.

Every labelled document's candidates are described by :func:`classify.issuer.rank.features`; a
candidate is a positive when its name matches the labelled issuer after normalising. Training uses only
the non-test part (train + dev of ``classify.corpus.splits``). Figures, ranker beside rules:

* leave-one-source-out: trained on the other sources' non-test documents, scored on the held-out
  source's non-test documents (and, since the test split is never trained on, its test documents);
* grouped 5-fold cross-validation over the non-test part (near-duplicate groups kept together);
* the test split, trained on all of the non-test part.

``--write`` saves the weights trained on the whole non-test part to
``src/classify/resources/issuer_ranker.json`` (plain JSON: feature names, mean, scale, weights).

    python scripts/train_issuer_ranker.py [--labels data/labels] [--C 0.3] [--level-weight 0.5] [--write]
"""

from __future__ import annotations

import argparse
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classify.corpus.schema import LabelSchema
from classify.corpus.shared import load_shared_labels
from classify.corpus.splits import near_duplicate_groups, split_records
from classify.issuer import IssuerExtractor, same_issuer
from classify.issuer.rank import Ranker

DEFAULT_C = 0.3
DEFAULT_LEVEL_WEIGHT = 0.5
OUT = Path(__file__).resolve().parents[1] / "src/classify/resources/issuer_ranker.json"


@dataclass
class Doc:
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


def build(records, extractor: IssuerExtractor, test_ids: set[str]) -> list[Doc]:
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
        rules = None if choice is None else cands.index(choice)
        docs.append(
            Doc(
                record.id,
                record.id.split(":", 1)[0],
                record.id in test_ids,
                record.labels["level"],
                cands,
                exact,
                same,
                rules,
                record.document.text,
                extractor.eligible(cands),
            )
        )
    return docs


def fit(docs: list[Doc], names: list[str], C: float, level_weight: float) -> Ranker:
    """Pointwise logistic regression: exact matches are positives; in a document with no exact
    candidate, candidates of the right level are positives with weight ``level_weight``."""
    from sklearn.linear_model import LogisticRegression

    X, y, w = [], [], []
    for d in docs:
        if not d.cands:
            continue
        has_exact = any(d.exact)
        for c, ex, sl in zip(d.cands, d.exact, d.same_level, strict=True):
            X.append([c.features.get(k, 0.0) for k in names])
            if has_exact:
                y.append(int(ex))
                w.append(1.0)
            else:
                y.append(int(sl))
                w.append(level_weight)
    X = np.array(X)
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit((X - mean) / scale, np.array(y), sample_weight=np.array(w))
    return Ranker(
        {"features": names, "mean": mean.tolist(), "scale": scale.tolist(), "weights": model.coef_[0].tolist()}
    )


def pick(d: Doc, ranker: Ranker | None) -> int | None:
    """The index of the chosen candidate, as ``IssuerExtractor.choose`` makes it."""
    if ranker is None:
        return d.rules
    chosen = ranker.choose(d.eligible)
    return None if chosen is None else d.cands.index(chosen)


def score(docs: list[Doc], ranker: Ranker | None) -> tuple[float, float, int]:
    exact = level = 0
    for d in docs:
        i = pick(d, ranker)
        if i is not None:
            exact += d.exact[i]
            level += d.same_level[i]
    n = max(len(docs), 1)
    return exact / n, level / n, len(docs)


def loso(docs: list[Doc], names: list[str], C: float, level_weight: float) -> dict[str, dict]:
    """Per held-out source: rules and ranker (trained on the other sources' non-test documents)."""
    out = {}
    for source in sorted({d.source for d in docs}):
        train = [d for d in docs if d.source != source and not d.test]
        ranker = fit(train, names, C, level_weight)
        held = [d for d in docs if d.source == source]
        out[source] = {
            "rules": score(held, None),
            "ranker": score(held, ranker),
            "rules_nontest": score([d for d in held if not d.test], None),
            "ranker_nontest": score([d for d in held if not d.test], ranker),
        }
    return out


def grouped_cv(docs: list[Doc], names: list[str], C: float, level_weight: float, folds: int = 5) -> dict:
    nontest = [d for d in docs if not d.test]
    groups = near_duplicate_groups([d.text for d in nontest])
    first_id: dict[int, str] = {}
    for d, g in zip(nontest, groups, strict=True):
        first_id.setdefault(g, d.id)
    fold_of = {d.id: zlib.crc32(first_id[g].encode()) % folds for d, g in zip(nontest, groups, strict=True)}

    def fold(d: Doc) -> int:  # near-duplicates (a story printed twice) stay in one fold
        return fold_of[d.id]

    picked_rules, picked_ranker = [], []
    for k in range(folds):
        train = [d for d in nontest if fold(d) != k]
        held = [d for d in nontest if fold(d) == k]
        ranker = fit(train, names, C, level_weight)
        picked_rules += [(d, pick(d, None)) for d in held]
        picked_ranker += [(d, pick(d, ranker)) for d in held]

    def summary(picked):
        n = len(picked)
        return (
            sum(d.exact[i] for d, i in picked if i is not None) / n,
            sum(d.same_level[i] for d, i in picked if i is not None) / n,
            n,
        )

    return {"rules": summary(picked_rules), "ranker": summary(picked_ranker)}


def feature_names(docs: list[Doc]) -> list[str]:
    return next(list(c.features) for d in docs for c in d.cands)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", default="data/labels")
    parser.add_argument("--C", type=float, default=DEFAULT_C)
    parser.add_argument("--level-weight", type=float, default=DEFAULT_LEVEL_WEIGHT)
    parser.add_argument("--write", action="store_true", help="save the weights trained on the non-test part")
    args = parser.parse_args()

    # reports only (out-of-scope rows have no issuer), split as the classifier and bench_issuer.py split them
    schema = LabelSchema.from_yaml()
    records = [r for r in load_shared_labels(args.labels) if schema.in_scope(r.labels)]
    test_ids = {r.id for r in split_records(records)["test"]}
    docs = build(records, IssuerExtractor(use_ranker=False), test_ids)
    names = feature_names(docs)

    def line(label, fig):
        return f"{label:<34}{fig[2]:>5}{fig[0]:>8.3f}{fig[1]:>8.3f}"

    print(f"{'':<34}{'n':>5}{'exact':>8}{'level':>8}")
    for source, figs in loso(docs, names, args.C, args.level_weight).items():
        print(line(f"LOSO {source}: rules", figs["rules"]))
        print(line(f"LOSO {source}: ranker", figs["ranker"]))
    cv = grouped_cv(docs, names, args.C, args.level_weight)
    print(line("grouped CV non-test: rules", cv["rules"]))
    print(line("grouped CV non-test: ranker", cv["ranker"]))
    ranker = fit([d for d in docs if not d.test], names, args.C, args.level_weight)
    test = [d for d in docs if d.test]
    print(line("test split: rules", score(test, None)))
    print(line("test split: ranker", score(test, ranker)))
    for source in sorted({d.source for d in test}):
        part = [d for d in test if d.source == source]
        print(line(f"test {source}: rules", score(part, None)))
        print(line(f"test {source}: ranker", score(part, ranker)))
    order = np.argsort(-np.abs(ranker.weights))
    print("weights (standardised):", ", ".join(f"{ranker.names[i]} {ranker.weights[i]:+.2f}" for i in order[:15]))
    if args.write:
        data = {
            "about": "issuer ranker: logistic regression over classify.issuer.rank.features, trained on the "
            "non-test part by scripts/train_issuer_ranker.py",
            "C": args.C,
            "level_weight": args.level_weight,
            "features": ranker.names,
            "mean": [round(x, 6) for x in ranker.mean],
            "scale": [round(x, 6) for x in ranker.scale],
            "weights": [round(x, 6) for x in ranker.weights],
        }
        OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

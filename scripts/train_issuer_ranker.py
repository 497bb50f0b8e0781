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

``--objective`` trains another ranker than the shipped pointwise one (pairwise, listwise; see
:func:`classify.training.issuer_ranker.fit`).

    python scripts/train_issuer_ranker.py [--labels data/labels] [--C 0.3] [--level-weight 0.5]
        [--objective pointwise|pairwise|listwise] [--l2 0.01] [--pool eligible|all] [--exact-only] [--write]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from classify.corpus.schema import LabelSchema
from classify.corpus.shared import load_shared_labels
from classify.corpus.splits import split_records
from classify.issuer import IssuerExtractor
from classify.training.issuer_ranker import (
    DEFAULT_C,
    DEFAULT_LEVEL_WEIGHT,
    OBJECTIVES,
    build,
    feature_names,
    fit,
    grouped_cv,
    loso,
    save_ranker,
    score,
)

OUT = Path(__file__).resolve().parents[1] / "src/classify/resources/issuer_ranker.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", default="data/labels")
    parser.add_argument("--C", type=float, default=DEFAULT_C)
    parser.add_argument("--level-weight", type=float, default=DEFAULT_LEVEL_WEIGHT)
    parser.add_argument("--objective", choices=OBJECTIVES, default="pointwise")
    parser.add_argument("--l2", type=float, default=0.01, help="listwise: the L2 penalty on the weights")
    parser.add_argument("--pool", choices=("eligible", "all"), default="eligible", help="pairwise, listwise")
    parser.add_argument("--exact-only", action="store_true", help="pairwise, listwise: reports with an exact match only")
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
    params = {
        "C": args.C,
        "level_weight": args.level_weight,
        "objective": args.objective,
        "l2": args.l2,
        "pool": args.pool,
        "exact_only": args.exact_only,
    }
    for source, figs in loso(docs, **params).items():
        print(line(f"LOSO {source}: rules", figs["rules"]))
        print(line(f"LOSO {source}: ranker", figs["ranker"]))
    cv = grouped_cv(docs, **params)
    print(line("grouped CV non-test: rules", cv["rules"]))
    print(line("grouped CV non-test: ranker", cv["ranker"]))
    ranker = fit([d for d in docs if not d.test], names, **params)
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
        about = (
            f"issuer ranker: {args.objective} linear ranker over classify.issuer.rank.features, trained on "
            "the non-test part by scripts/train_issuer_ranker.py (classify.training.issuer_ranker)"
        )
        save_ranker(ranker, OUT, about)
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

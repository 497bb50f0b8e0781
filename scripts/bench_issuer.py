"""Issuer accuracy against the labelled ``issuer`` column of ``data/labels/*.tsv``.

For every labelled document (texts from ``../shared``; set ``CLASSIFY_SHARED``) the extractor's issuer
is compared with the label two ways:

* **exact**: the extracted name or full name equals the labelled issuer after normalising
  (:mod:`classify.issuer.normalize`: notes in brackets and the 中共 prefix dropped, known short names
  mapped to the knowledge base's full name, trailing 党委/党组/党工委 and company forms dropped, a
  leading chain of places reduced to its most specific part); a round-up label that lists several
  organisations (``中宣部、中央文明办``) matches any one of them;
* **same level**: the level the extracted issuer implies equals the labelled level.

A document where the extractor finds no issuer counts as wrong on both. Figures are given on the whole
labelled corpus, per source (pd, cctv, pgwe), on the test split (``classify.corpus.splits``) and on
the rest (train + dev: the part the rules and the ranker were tuned on), for the shipped extractor
(the learned ranker of ``resources/issuer_ranker.json`` where there is one) beside the hand-written
rules alone. Then leave-one-source-out: per source, the rules beside a ranker trained on the other
sources' non-test documents only (``scripts/train_issuer_ranker.py``), on all of the held-out source
and on its non-test part. ``--errors`` lists the misses of the non-test part only, so that tuning
never looks at the test split.

    python scripts/bench_issuer.py [--labels data/labels] [--json out.json] [--errors N] [--no-loso]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from classify.corpus.schema import LabelSchema
from classify.corpus.shared import load_shared_labels
from classify.corpus.splits import split_records
from classify.issuer import IssuerExtractor, same_issuer
from classify.training.issuer_ranker import DEFAULT_C, DEFAULT_LEVEL_WEIGHT, build, loso, score


def ranker_docs(records, test_ids):
    """Every document's candidates under the rules alone (for the rules' and the LOSO figures)."""
    return build(records, IssuerExtractor(use_ranker=False), test_ids)


def evaluate(records, extractor: IssuerExtractor) -> list[dict]:
    rows = []
    for record in records:
        issuer = extractor.extract(record.document)
        label = record.meta.get("issuer", "")
        rows.append(
            {
                "id": record.id,
                "source": record.id.split(":", 1)[0],
                "label": label,
                "level": record.labels["level"],
                "name": issuer.name if issuer else None,
                "full_name": issuer.full_name if issuer else None,
                "pred_level": issuer.level if issuer else None,
                "exact": bool(issuer and label and same_issuer([issuer.name, issuer.full_name], label, extractor.kb)),
                "same_level": bool(issuer and issuer.level == record.labels["level"]),
                "found": issuer is not None,
                "evidence": issuer.evidence if issuer else "",
            }
        )
    return rows


def summarise(rows: list[dict]) -> dict:
    n = len(rows)
    return {
        "n": n,
        "exact": round(sum(r["exact"] for r in rows) / n, 3) if n else None,
        "same_level": round(sum(r["same_level"] for r in rows) / n, 3) if n else None,
        "found": round(sum(r["found"] for r in rows) / n, 3) if n else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", default="data/labels")
    parser.add_argument("--json", type=Path, help="write the figures (and per-document rows) here")
    parser.add_argument("--errors", type=int, default=0, help="list this many misses of the non-test part")
    parser.add_argument("--no-loso", action="store_true", help="skip the rules and leave-one-source-out figures")
    args = parser.parse_args()

    # reports only: the out-of-scope rows have no issuer, and the split is the classifier's (reports
    # are split apart from the negatives, so the test split here is the training pipeline's)
    schema = LabelSchema.from_yaml()
    records = [r for r in load_shared_labels(args.labels) if schema.in_scope(r.labels)]
    split = split_records(records)
    test_ids = {r.id for r in split["test"]}
    extractor = IssuerExtractor()
    started = time.perf_counter()
    rows = evaluate(records, extractor)
    seconds = time.perf_counter() - started

    parts: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        parts["all"].append(row)
        parts[f"source={row['source']}"].append(row)
        parts["test split" if row["id"] in test_ids else "train+dev (tuned on)"].append(row)
    figures = {name: summarise(part) for name, part in parts.items()}
    docs = None
    if not args.no_loso:
        docs = ranker_docs(records, test_ids)
        rules_parts: dict[str, list] = defaultdict(list)
        for d in docs:
            rules_parts["all"].append(d)
            rules_parts[f"source={d.source}"].append(d)
            rules_parts["test split" if d.test else "train+dev (tuned on)"].append(d)
    shipped = "ranker" if extractor.ranker is not None else "rules"
    print(f"{'part':<24}{'n':>5}{'exact':>8}{'level':>8}{'found':>8}   (shipped: {shipped})", end="")
    print("   rules alone: exact level" if docs else "")
    for name in ["all", "source=pd", "source=cctv", "source=pgwe", "train+dev (tuned on)", "test split"]:
        if name in figures:
            f = figures[name]
            print(f"{name:<24}{f['n']:>5}{f['exact']:>8.3f}{f['same_level']:>8.3f}{f['found']:>8.3f}", end="")
            if docs:
                exact, level, _ = score(rules_parts[name], None)
                figures[name]["rules"] = {"exact": round(exact, 3), "same_level": round(level, 3)}
                print(f"{'':<27}{exact:.3f} {level:.3f}", end="")
            print()
    if docs:
        meta = extractor.ranker.meta if extractor.ranker is not None else {}
        # a ranker's meta holds the settings it was fitted with (fit's keywords) beside its "about"
        params = {"C": DEFAULT_C, "level_weight": DEFAULT_LEVEL_WEIGHT} | {k: v for k, v in meta.items() if k != "about"}

        print("\nleave-one-source-out (ranker trained on the other sources' non-test documents):")
        print(f"{'held-out source':<24}{'n':>5}{'rules':>14}{'ranker':>14}   non-test only: rules, ranker")
        figures["loso"] = {}
        for source, figs in loso(docs, **params).items():
            r, k, rn, kn = figs["rules"], figs["ranker"], figs["rules_nontest"], figs["ranker_nontest"]
            figures["loso"][source] = {key: [round(v, 3) for v in fig[:2]] for key, fig in figs.items()}
            print(
                f"{source:<24}{r[2]:>5}   {r[0]:.3f} {r[1]:.3f}   {k[0]:.3f} {k[1]:.3f}"
                f"   ({rn[2]}) {rn[0]:.3f} {rn[1]:.3f}, {kn[0]:.3f} {kn[1]:.3f}"
            )
    confusion = Counter((r["level"], r["pred_level"]) for r in rows if r["id"] not in test_ids)
    print("\nlevel confusion, train+dev (label -> predicted):")
    for (gold, pred), count in sorted(confusion.items(), key=lambda kv: -kv[1]):
        if gold != pred:
            print(f"  {gold:>10} -> {pred or 'None':<10} {count}")
    print(f"\n{len(rows)} documents in {seconds:.1f}s ({1000 * seconds / len(rows):.0f} ms each)")
    if args.errors:
        misses = [r for r in rows if r["id"] not in test_ids and not (r["exact"] and r["same_level"])]
        print(f"\n{len(misses)} misses in train+dev; the first {args.errors}:")
        for r in misses[: args.errors]:
            print(f"  {r['id']} [{r['level']}] {r['label']}  ->  {r['name']} / {r['full_name']} [{r['pred_level']}]")
            print(f"      {r['evidence']}")
    if args.json:
        args.json.write_text(
            json.dumps({"figures": figures, "rows": rows}, ensure_ascii=False, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()

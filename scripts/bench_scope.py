"""The in-scope decision on ordinary news it never saw: 2,000 People's Daily articles.

The articles are the held-out draw of ``scripts/build_scope_labels.py`` (never labelled, never in
training). Prints how many the model keeps as in scope and writes the ids of the kept ones (all of
them, or a random 100 when more are kept) with the model's type and level to ``--to-read``, for a
person to read; with ``--verdicts`` (a TSV of ``id, agree`` written by that reader) it prints how many
of the kept ones the reader agrees are reports. ``--random-verdicts`` (the same columns, written by a
reader for a random 100 of the 2,000, drawn here with a fixed seed whatever the model keeps) gives
what the kept ones cannot: how many reports the draw holds and how many of them the model keeps.
The readers' verdicts are kept in ``data/candidates/scope_verdicts_{kept,random}.tsv`` (ids only).

Usage: python scripts/bench_scope.py [--model DIR] [--to-read kept.tsv] [--verdicts verdicts.tsv]
                                     [--random-verdicts random.tsv] [--threshold T]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))  # build_scope_labels: the held-out draw is defined once, there

from build_scope_labels import held_out_pool  # noqa: E402
from classify.classifiers import load_model  # noqa: E402
from classify.corpus.shared import parse_args_with_shared, shared_record  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--to-read", type=Path, default=Path("scope_kept.tsv"))
    parser.add_argument("--verdicts", type=Path, default=None)
    parser.add_argument("--random-verdicts", type=Path, default=None)
    parser.add_argument("--threshold", type=float, default=None, help="an in-scope threshold other than the model's")
    parser.add_argument(
        "--test-split", action="store_true", help="also: the labelled test split at the model card's thresholds"
    )
    args, shared = parse_args_with_shared(parser)
    ids = held_out_pool(shared)
    records = [shared_record("pd", i, shared) for i in ids]
    model = load_model(args.model)
    if args.threshold is not None:
        model.scope_threshold = args.threshold
    predictions = model.predict_documents([r.document for r in records], issuer=False)
    kept = [(r, p) for r, p in zip(records, predictions, strict=True) if p.in_scope]
    print(f"{len(records)} held-out People's Daily articles: {len(kept)} kept as in scope (threshold {model.scope_threshold})")
    sample = kept if len(kept) <= 100 else random.Random(5).sample(kept, 100)
    with args.to_read.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "in_scope_probability", "type", "level"])
        for record, p in sorted(sample, key=lambda rp: rp[0].id):
            writer.writerow([record.id.split(":", 1)[1], f"{p.scope.probability:.3f}", p.type.label, p.level.label])
    print(f"{len(sample)} kept articles to read: {args.to_read}")
    if args.verdicts:
        verdicts = _verdicts(args.verdicts)
        judged = [verdicts[r.id.split(":", 1)[1]] for r, _ in sample if r.id.split(":", 1)[1] in verdicts]
        print(
            f"reader agrees {sum(judged)} of {len(judged)} kept articles read are reports of the four types"
            + (f" ({len(sample) - len(judged)} kept ones not read)" if len(judged) < len(sample) else "")
        )
    if args.test_split:
        test_split(model, shared)
    if args.random_verdicts:
        verdicts = _verdicts(args.random_verdicts)
        drawn = set(random.Random(100).sample(list(ids), 100))
        kept_ids = {r.id.split(":", 1)[1] for r, _ in kept}
        read = [i for i in sorted(drawn) if i in verdicts]
        reports = [i for i in read if verdicts[i]]
        others = [i for i in read if not verdicts[i]]
        print(
            f"random {len(read)} of the 2,000 read: {len(reports)} are reports; the model keeps "
            f"{sum(i in kept_ids for i in reports)} of them and {sum(i in kept_ids for i in others)} of the "
            f"{len(others)} others"
        )


def test_split(model, shared: Path) -> None:
    """How many of the test split's reports and out-of-scope documents each operating point of the
    model card keeps (the shipped model was trained without them)."""
    import re

    from classify.corpus.schema import LabelSchema
    from classify.training.config import load_config
    from classify.training.run import load_training_data

    config = load_config(REPO.parent / "configs" / "baseline.yaml", {"data": {"shared": str(shared)}})
    data = load_training_data(config, LabelSchema.from_yaml())
    reports, others = data.test, data.out_of_scope("test")
    _, scope = model.scores_documents([r.document for r in reports + others])
    card = (Path(model.directory) if getattr(model, "directory", None) else None) or _default_dir()
    points = [float(t) for t in re.findall(r"^\| (0\.\d+) \|", (card / "README.md").read_text(encoding="utf-8"), re.M)]
    print(f"test split ({len(reports)} reports, {len(others)} out of scope): kept at each threshold of the card")
    for t in [model.scope_threshold, *points]:
        kept_reports = int((scope[: len(reports)] >= t).sum())
        kept_others = int((scope[len(reports) :] >= t).sum())
        print(
            f"  {t:.4f}: reports {kept_reports}/{len(reports)} (lost {len(reports) - kept_reports}), "
            f"out of scope kept {kept_others}/{len(others)}, precision {kept_reports / max(kept_reports + kept_others, 1):.3f}"
        )


def _default_dir() -> Path:
    from classify.classifiers import default_model_path

    return default_model_path()


def _verdicts(path: Path) -> dict[str, bool]:
    """``id -> the reader agrees it is a report`` from a verdicts TSV (columns id, agree, ...)."""
    rows = csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")
    return {r["id"].strip(): r["agree"].strip().lower() in ("yes", "true", "1") for r in rows}


if __name__ == "__main__":
    main()

"""Does a frozen sentence encoder help the in-scope decision on sources it never saw?

Held-out sets (the partitions of ``scripts/bench_baseline.py``): the test split (trained on the
train + dev reports and the train + dev out-of-scope documents), and each source left out (trained on
the other sources' reports and out-of-scope documents, all splits; tested on the left-out source's).

Systems, each with its threshold chosen on the training side only, never on the held-out set:

* ``baseline``: the shipped recipe's scope probability (configs/baseline.yaml: ``BaselineTrainer``
  with the out-of-scope documents, the generated reports at the config's weight, C by 5-fold CV) and
  the threshold the trainer chooses on its pooled out-of-fold probabilities (maximal F1).
* ``encoder-lr``: m3e-small frozen, a document the mean of its chunks' mean-pooled embeddings (the
  chunks of configs/bert.yaml, ``scripts/bert_generalisation.FrozenEncoder``); standardised, then a
  logistic regression (class weights balanced) with C chosen, as the baseline chooses its own, by
  out-of-fold F1 at 0.5 on the baseline's own 5 folds (reports and out-of-scope documents dealt apart);
  threshold: maximal out-of-fold F1 (``choose_scope_threshold``). Real documents only (the generated
  reports are not embedded).
* ``ens``: ``w * baseline + (1 - w) * encoder-lr``, ``w`` in 0, 0.1, ..., 1 and the threshold chosen
  together on the training side's out-of-fold probabilities of both (the same folds), ties to more
  of the baseline.

Every report and out-of-scope document is embedded once and cached (``--cache``, default
/tmp/scope_emb.npy, ids beside it in ``.ids.json``). ``--max-chunks`` (default 2: the first and the
last piece of the body, as ``bert_inputs.spread`` picks them; configs/bert.yaml reads 4) bounds the
cost on a 2-core CPU.

The m3e-small encoder is licensed for RESEARCH USE ONLY (non-commercial); nothing here writes a
model derived from it, only a cache of embeddings under /tmp.

Usage: python scripts/bench_scope_encoder.py [--max-chunks 2] [--encoder-c 0.25 1 4 16] [--cache /tmp/scope_emb.npy] [--sets test cctv pd pgwe]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))  # bert_generalisation: the frozen encoder and held-out sets

from bert_generalisation import HEAD_C, WEIGHTS, FrozenEncoder, held_out_sets, segment_once, source  # noqa: E402


def embed_all(records: Sequence[Any], spec: dict[str, Any], cache: Path, block: int = 500) -> tuple[np.ndarray, float]:
    """Every record's embedding (rows in ``records`` order), from ``cache`` when it holds the same ids
    read the same way; else embedded in blocks (progress printed, the partial matrix saved after each)."""
    ids = [r.id for r in records]
    meta = cache.with_suffix(".ids.json")
    key = {k: spec[k] for k in ("max_length", "title_tokens", "max_chunks")}
    if cache.exists() and meta.exists():
        saved = json.loads(meta.read_text(encoding="utf-8"))
        if saved.get("spec") == key and saved.get("ids") == ids:
            print(f"embeddings from {cache} ({len(ids)} documents; took {saved.get('seconds')} s to compute)")
            return np.load(cache), float(saved.get("seconds", 0.0))
    encoder = FrozenEncoder(spec.get("path"), spec)
    began = time.perf_counter()
    parts = []
    for start in range(0, len(records), block):
        parts.append(encoder.embed(records[start : start + block]))
        done = min(start + block, len(records))
        elapsed = time.perf_counter() - began
        print(f"  embedded {done}/{len(records)} in {elapsed:.0f} s ({done / elapsed:.1f} docs/s)", flush=True)
    matrix = np.concatenate(parts).astype(np.float32)
    seconds = round(time.perf_counter() - began, 1)
    np.save(cache, matrix)
    meta.write_text(json.dumps({"spec": key, "seconds": seconds, "ids": ids}), encoding="utf-8")
    return matrix, seconds


@contextmanager
def oof_scope_probabilities() -> Iterator[list[np.ndarray]]:
    """Within the block, the pooled out-of-fold in-scope probabilities the baseline trainer chooses
    its threshold on (its ``choose_scope_threshold`` call with the config's ``scope_recall`` = null),
    appended to the yielded list: rows are the trainer's reports, then its out-of-scope documents."""
    import classify.training.baseline as trainer

    original, seen = trainer.choose_scope_threshold, []

    def choose(truth: np.ndarray, probability: np.ndarray, recall: float | None = None) -> float:
        if recall is None:
            seen.append(np.asarray(probability, dtype=float).copy())
        return original(truth, probability, recall=recall)

    trainer.choose_scope_threshold = choose
    try:
        yield seen
    finally:
        trainer.choose_scope_threshold = original


def f1_at(truth: np.ndarray, probability: np.ndarray, threshold: float) -> float:
    from classify.evaluate import scope_report

    return scope_report(list(truth), list(probability >= threshold))["f1"]


def fit_baseline_scope(config: dict, schema: Any, training: list, negatives: list, augment: list, weight: float):
    """The shipped recipe trained on one training side: (model, out-of-fold scope probabilities of
    ``training + negatives``, the trainer's threshold)."""
    from classify.training.baseline import BaselineParams, BaselineTrainer, feature_config

    params = BaselineParams.from_config(copy.deepcopy(config["classifier"]), schema, weight)
    trainer = BaselineTrainer(
        schema,
        feature_config(copy.deepcopy(config["features"]), params),
        params,
        training,
        augment,
        negatives=negatives,
        threshold=config["threshold"],
        seed=config["split"]["seed"],
    )
    with oof_scope_probabilities() as seen:
        model, _, _ = trainer.train()
    if len(seen) != 1:
        raise RuntimeError(f"expected one out-of-fold threshold choice, saw {len(seen)}")
    return model, seen[0], float(model.scope_threshold)


def fit_encoder_lr(
    X: np.ndarray, y: np.ndarray, folds: np.ndarray, grid: Sequence[float] = HEAD_C
) -> tuple[Any, np.ndarray, float, float]:
    """Standardised embeddings, a balanced logistic regression with C by out-of-fold F1 at 0.5 (ties:
    the smaller C); (the model fitted on everything, its out-of-fold probabilities, C, threshold)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from classify.training.baseline import choose_scope_threshold

    def model(C: float) -> Any:
        return make_pipeline(StandardScaler(), LogisticRegression(C=C, class_weight="balanced", max_iter=3000))

    best = None
    for C in grid:
        oof = np.zeros(len(y))
        for fold in np.unique(folds):
            inside = folds != fold
            clf = model(C).fit(X[inside], y[inside])
            oof[~inside] = clf.predict_proba(X[~inside])[:, list(clf.classes_).index(True)]
        f1 = f1_at(y, oof, 0.5)
        if best is None or f1 > best[0] + 1e-9:
            best = (f1, C, oof)
    _, C, oof = best
    return model(C).fit(X, y), oof, C, choose_scope_threshold(y, oof)


def choose_ensemble(y: np.ndarray, base: np.ndarray, enc: np.ndarray) -> tuple[float, float, float]:
    """(w, threshold, out-of-fold F1) maximising out-of-fold F1 of ``w * base + (1 - w) * enc``
    (ties: more of the baseline)."""
    from classify.training.baseline import choose_scope_threshold

    best = None
    for w in WEIGHTS:
        mixed = w * base + (1 - w) * enc
        t = choose_scope_threshold(y, mixed)
        key = (round(f1_at(y, mixed, t), 6), float(w))
        if best is None or key > best[0]:
            best = (key, float(w), t)
    return best[1], best[2], best[0][0]


def scores(truth: np.ndarray, probability: np.ndarray, threshold: float, readable: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of "in scope" at ``threshold`` (a document without enough Chinese text
    is out of scope for every model, the shipped rule), and average precision of the probability."""
    from sklearn.metrics import average_precision_score

    from classify.evaluate import scope_report

    report = scope_report(list(truth), list(readable & (probability >= threshold)))
    return {
        "P": report["precision"],
        "R": report["recall"],
        "F1": report["f1"],
        "AP": float(average_precision_score(truth, probability)),
        "t": threshold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-chunks", type=int, default=2, help="chunks per document read by the encoder")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/scope_emb.npy"))
    parser.add_argument("--sets", nargs="*", default=None, help="test, cctv, pd, pgwe (default: all)")
    parser.add_argument("--shared", default="/work/shared")
    parser.add_argument(
        "--encoder-c",
        type=float,
        nargs="+",
        default=list(HEAD_C),
        help="C grid of encoder-lr (default: bert_generalisation's)",
    )
    args = parser.parse_args()

    from classify.classifiers.base import _ENOUGH_HAN
    from classify.corpus.schema import LabelSchema
    from classify.corpus.splits import kfold_assignments
    from classify.training.config import load_config
    from classify.training.run import load_training_data

    began = time.perf_counter()
    schema = LabelSchema.from_yaml()
    config = load_config(REPO / "configs" / "baseline.yaml", {"data": {"shared": args.shared}})
    bert_config = load_config(REPO / "configs" / "bert.yaml", {"data": {"shared": args.shared}})
    data = load_training_data(config, schema)
    reports = data.train + data.dev + data.test
    negatives = data.out_of_scope("train", "dev", "test")
    documents = reports + negatives
    if len({r.id for r in documents}) != len(documents):
        raise SystemExit("document ids are not unique: the embedding cache cannot key on them")
    print(f"{len(reports)} reports, {len(negatives)} out of scope, {len(data.augment)} generated (baseline only)")

    spec = {**bert_config["encoder"], "max_chunks": args.max_chunks}
    matrix, embed_seconds = embed_all(documents, spec, args.cache)
    row = {r.id: i for i, r in enumerate(documents)}
    print(f"embedding: {len(documents)} documents, at most {args.max_chunks} chunks each, {embed_seconds:.0f} s")

    def embed(records: Sequence[Any]) -> np.ndarray:
        return matrix[[row[r.id] for r in records]]

    segment_once()  # every document segmented once for all the baselines
    seed, k = config["split"]["seed"], config["classifier"]["cv_folds"]
    test_negatives = {"test split": data.out_of_scope("test")}
    for left_out in sorted({source(r) for r in reports}):
        test_negatives[f"{left_out} left out"] = [r for r in negatives if source(r) == left_out]

    table = []
    for held in held_out_sets(data, args.sets):
        training, train_negatives = held.training, held.negatives
        tests = held.test + test_negatives[held.name]
        truth = np.asarray([True] * len(held.test) + [False] * len(test_negatives[held.name]))
        readable = np.asarray([bool(_ENOUGH_HAN.match(f"{r.document.title or ''}{r.document.body}")) for r in tests])
        y = np.asarray([True] * len(training) + [False] * len(train_negatives))
        folds = np.asarray(
            kfold_assignments(training, k=k, seed=seed) + kfold_assignments(train_negatives, k=k, seed=seed)
        )
        print(
            f"\n{held.name}: training {len(training)} reports + {len(train_negatives)} out of scope; "
            f"tested on {len(held.test)} reports + {len(test_negatives[held.name])} out of scope",
            flush=True,
        )

        t = time.perf_counter()
        model, base_oof, base_t = fit_baseline_scope(
            config, schema, training, train_negatives, data.augment, data.augment_weight
        )
        _, base_p = model.scores_documents([r.document for r in tests])
        base_seconds = time.perf_counter() - t

        t = time.perf_counter()
        lr, enc_oof, enc_c, enc_t = fit_encoder_lr(embed(training + train_negatives), y, folds, args.encoder_c)
        enc_p = lr.predict_proba(embed(tests))[:, list(lr.classes_).index(True)]
        enc_seconds = time.perf_counter() - t

        t = time.perf_counter()
        w, ens_t, ens_oof_f1 = choose_ensemble(y, base_oof, enc_oof)
        ens_p = w * base_p + (1 - w) * enc_p
        ens_seconds = time.perf_counter() - t

        oof_f1 = {"baseline": f1_at(y, base_oof, base_t), "encoder-lr": f1_at(y, enc_oof, enc_t), "ens": ens_oof_f1}
        print(
            f"  baseline fit {base_seconds:.0f} s (threshold {base_t}); encoder-lr fit {enc_seconds:.1f} s "
            f"(C {enc_c}, threshold {enc_t:.4f}); ens: baseline weight {w}, threshold {ens_t:.4f}"
        )
        print("  out-of-fold F1 on the training side: " + ", ".join(f"{k_} {v:.3f}" for k_, v in oof_f1.items()))
        for system, p, thr, sec in (
            ("baseline", base_p, base_t, base_seconds),
            ("encoder-lr", enc_p, enc_t, enc_seconds),
            (f"ens (w={w:.1f})", ens_p, ens_t, ens_seconds),
        ):
            s = scores(truth, np.asarray(p, dtype=float), thr, readable)
            table.append((held.name, len(held.test), len(test_negatives[held.name]), system, s, oof_f1, sec))
            print(f"  {system:12} P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f} AP {s['AP']:.3f}", flush=True)

    print(
        "\n| held out | reports / out of scope | system | P | R | F1 | AP | threshold | OOF F1 (train side) | fit s |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, n_in, n_out, system, s, oof_f1, sec in table:
        oof = oof_f1["ens" if system.startswith("ens") else system]
        print(
            f"| {name} | {n_in} / {n_out} | {system} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | "
            f"{s['AP']:.3f} | {s['t']:.3f} | {oof:.3f} | {sec:.0f} |"
        )
    print(
        f"\nembedding {embed_seconds:.0f} s ({args.max_chunks} chunks max); whole run {time.perf_counter() - began:.0f} s"
    )


if __name__ == "__main__":
    main()

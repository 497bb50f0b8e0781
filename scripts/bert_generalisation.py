"""Every system of issue 17 trained on the same documents and measured on documents it never saw:
the test split and leave-one-source-out (People's Daily, the CCTV transcripts, the branch write-ups).
Used by ``scripts/bench_bert.py --generalisation``.

Systems, per held-out set:

* ``baseline``: the shipped recipe (configs/baseline.yaml: C chosen by 5-fold CV, out-of-scope rows,
  generated reports at half weight).
* ``bert-finetune``: today's fine-tuning (configs/bert.yaml), early stopping on the dev records of the
  training side. Only with ``--finetune`` (all held-out sets, or a list: about 8 minutes a set on 2
  CPU cores).
* ``encoder-lr``: the pretrained encoder frozen, each report the mean of its chunks' mean-pooled
  embeddings (the chunks of configs/bert.yaml), a logistic regression per label set (C by 5-fold CV,
  class weights balanced, generated reports at half weight).
* ``setfit``: SetFit-style: the encoder first tuned contrastively on pairs of chunks of the training
  reports (CosineSimilarityLoss: 1 for the same label, 0 for different ones, anchors drawn evenly over
  the classes of each label set so rare types get as many pairs as common ones), then the same heads.
* ``ens(finetune)``: the baseline's and the fine-tuned model's probabilities averaged, the weight per
  label set chosen on the training side's dev records (the baseline's out-of-fold probabilities there).
* ``ens(encoder-lr)``, ``ens(setfit)``: the baseline's probabilities and the heads' averaged with a
  weight per label set chosen on out-of-fold macro-F1 of the training side (the baseline's own CV folds
  and the heads' on the same folds), never on the held-out set. For ``setfit`` the tuned encoder saw
  every training report, so its out-of-fold probabilities are optimistic: the weight leans toward it.

Level is scored after the shipped rule that a known issuer's level decides when the classifier is
unsure (``level_with_issuer``, threshold 0.5), for every system alike.

The m3e-small encoder is licensed for research use only; nothing here writes a model derived from it.
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

WEIGHTS = np.round(np.arange(0.0, 1.01, 0.1), 2)
HEAD_C = (0.25, 1.0, 4.0, 16.0)


def source(record: Any) -> str:
    """The corpus a record comes from (the id's prefix)."""
    return record.id.split(":", 1)[0]


@dataclass
class HeldOut:
    """One evaluation: what the systems train on and the reports they are scored on."""

    name: str
    train: list[Any]
    dev: list[Any]
    test: list[Any]
    negatives: list[Any]

    @property
    def training(self) -> list[Any]:
        return self.train + self.dev


def held_out_sets(data: Any, names: Sequence[str] | None = None) -> list[HeldOut]:
    """The test split, then each source left out (its dev records stay dev on the training side)."""
    real = data.train + data.dev + data.test
    negatives = data.out_of_scope("train", "dev", "test")
    dev_ids = {r.id for r in data.dev}
    sets = [HeldOut("test split", list(data.train), list(data.dev), list(data.test), data.out_of_scope("train", "dev"))]
    for left_out in sorted({source(r) for r in real}):
        inside = [r for r in real if source(r) != left_out]
        sets.append(
            HeldOut(
                f"{left_out} left out",
                [r for r in inside if r.id not in dev_ids],
                [r for r in inside if r.id in dev_ids],
                [r for r in real if source(r) == left_out],
                [r for r in negatives if source(r) != left_out],
            )
        )
    return [s for s in sets if names is None or s.name.split()[0] in names]


def segment_once() -> None:
    """Every document is segmented once for all the held-out sets' baselines: the trainer's
    ``analyse`` remembers the rows of documents it has seen (the same objects across sets)."""
    import classify.training.baseline as trainer

    if getattr(trainer.analyse, "memoised", False):
        return
    original, rows = trainer.analyse, {}

    def analyse(documents, vectorizer):
        documents = list(documents)
        missing = [d for d in documents if id(d) not in rows]
        if missing:
            for document, row in zip(missing, original(missing, vectorizer), strict=True):
                rows[id(document)] = (document, row)  # the document kept alive: its id stays unique
        return np.stack([rows[id(d)][1] for d in documents])

    analyse.memoised = True
    trainer.analyse = analyse


class FrozenEncoder:
    """The pretrained encoder read as in configs/bert.yaml (chunks of title + body piece, mean-pooled
    tokens, mean over a report's chunks)."""

    def __init__(self, encoder: str | None, spec: dict[str, Any], threads: int = 2) -> None:
        import torch

        from classify.classifiers.bert import load_pretrained, resolve_encoder, special_ids
        from classify.classifiers.bert_inputs import InputSpec, ReportTokenizer

        torch.set_num_threads(threads)
        source_, local = resolve_encoder(encoder)
        self.module, tokenizer, tokens = load_pretrained(source_, local)
        self.module.eval()
        inputs = InputSpec(
            strategy="chunks", **{k: spec[k] for k in ("max_length", "title_tokens", "max_chunks") if k in spec}
        )
        self.tokenizer = ReportTokenizer(tokenizer, inputs, special_ids(tokenizer, tokens))

    @staticmethod
    def _pool(module: Any, ids: np.ndarray, mask: np.ndarray) -> Any:
        """Mean-pooled last hidden states of padded chunks, one row a chunk."""
        import torch

        ids, mask = torch.from_numpy(ids), torch.from_numpy(mask)
        hidden = module(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)

    def _pool_chunks(self, module: Any, chunks: Sequence[Sequence[int]]) -> Any:
        from classify.classifiers.bert_inputs import pad_chunks

        return self._pool(module, *pad_chunks(chunks, self.tokenizer.pad_id))

    def embed(self, records: Sequence[Any], module: Any = None, batch: int = 64) -> np.ndarray:
        """(n_records, hidden) report embeddings: chunked, batched and pooled per report by
        ``bert_inputs.predict_logits``, as the classifier's own inference is."""
        import torch

        from classify.classifiers.bert_inputs import predict_logits

        module = module or self.module

        def run(ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
            with torch.inference_mode():
                return {"embedding": self._pool(module, ids, mask).numpy()}

        documents = [r.document for r in records]
        return predict_logits(self.tokenizer, documents, run, ["embedding"], batch)["embedding"]

    def contrastive(
        self, records: Sequence[Any], names: Sequence[str], pairs: int, freeze: int, seed: int, say: Callable
    ) -> Any:
        """A copy of the encoder tuned on ``pairs`` pairs of chunks per label set (SetFit's
        CosineSimilarityLoss), embeddings and the bottom ``freeze`` layers frozen."""
        import torch

        torch.manual_seed(seed)
        rng = random.Random(seed)
        module = copy.deepcopy(self.module)
        module.train()
        for p in module.embeddings.parameters():
            p.requires_grad = False
        for layer in module.encoder.layer[:freeze]:
            for p in layer.parameters():
                p.requires_grad = False
        chunks = self.tokenizer.chunks([r.document for r in records])
        examples = []
        for name in names:
            by_label: dict[str, list[int]] = {}
            for i, record in enumerate(records):
                by_label.setdefault(record.labels[name], []).append(i)
            anchors = [label for label, members in by_label.items() if len(members) >= 2]
            for _ in range(pairs // 2):
                label = rng.choice(anchors)
                a, b = rng.sample(by_label[label], 2)
                other = rng.choice([x for x in by_label if x != label])
                examples += [(a, b, 1.0), (a, rng.choice(by_label[other]), 0.0)]
        rng.shuffle(examples)
        optimiser = torch.optim.AdamW([p for p in module.parameters() if p.requires_grad], lr=2e-5, weight_decay=0.01)
        steps = (len(examples) + 15) // 16
        warm = max(1, steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps)
        )
        began = time.perf_counter()
        for step in range(steps):
            batch = examples[step * 16 : (step + 1) * 16]
            u = self._pool_chunks(module, [rng.choice(chunks[a]) for a, _, _ in batch])
            v = self._pool_chunks(module, [rng.choice(chunks[b]) for _, b, _ in batch])
            target = torch.tensor([y for _, _, y in batch], dtype=u.dtype)
            loss = torch.nn.functional.mse_loss(torch.cosine_similarity(u, v), target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            if step % 100 == 0:
                say(f"  contrastive step {step}/{steps}, loss {loss.item():.3f}, {time.perf_counter() - began:.0f} s")
        module.eval()
        return module


def fit_heads(
    X: np.ndarray,
    records: Sequence[Any],
    X_aug: np.ndarray,
    augment: Sequence[Any],
    aug_weight: float,
    folds: np.ndarray,
    labels: dict[str, list[str]],
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """A logistic regression per label set on embeddings (C by out-of-fold macro-F1 on ``folds``);
    the fitted heads and their out-of-fold probabilities (columns in ``labels`` order)."""
    from sklearn.linear_model import LogisticRegression

    from classify.evaluate import label_set_report

    heads, oof_out = {}, {}
    weights_aug = np.full(len(augment), aug_weight)
    for name, order in labels.items():
        y = np.asarray([r.labels[name] for r in records])
        y_aug = np.asarray([r.labels[name] for r in augment])
        best = None
        for C in HEAD_C:
            oof = np.zeros((len(records), len(order)))
            for fold in np.unique(folds):
                inside = folds != fold
                clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
                clf.fit(
                    np.vstack([X[inside], X_aug]),
                    np.concatenate([y[inside], y_aug]),
                    sample_weight=np.concatenate([np.ones(inside.sum()), weights_aug]),
                )
                oof[np.ix_(~inside, [order.index(c) for c in clf.classes_])] = clf.predict_proba(X[~inside])
            f1 = label_set_report(name, order, list(y), [order[i] for i in oof.argmax(1)]).macro_f1
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, C, oof)
        clf = LogisticRegression(C=best[1], class_weight="balanced", max_iter=3000)
        clf.fit(
            np.vstack([X, X_aug]),
            np.concatenate([y, y_aug]),
            sample_weight=np.concatenate([np.ones(len(y)), weights_aug]),
        )
        heads[name], oof_out[name] = clf, best[2]
    return heads, oof_out


def head_proba(heads: dict[str, Any], X: np.ndarray, labels: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """Probabilities of the heads, columns in ``labels`` order."""
    out = {}
    for name, clf in heads.items():
        p = np.zeros((len(X), len(labels[name])))
        p[:, [labels[name].index(c) for c in clf.classes_]] = clf.predict_proba(X)
        out[name] = p
    return out


def as_matrix(rows: Sequence[dict[str, float]], order: Sequence[str]) -> np.ndarray:
    """Probability dicts as a matrix, columns in ``order``."""
    return np.asarray([[row.get(label, 0.0) for label in order] for row in rows])


def choose_weight(
    name: str, order: list[str], truth: Sequence[str], a: np.ndarray, b: np.ndarray
) -> tuple[float, float]:
    """The weight of ``a`` (``1 - w`` for ``b``) with the best out-of-fold macro-F1 (ties: more of
    ``a``, the baseline), and that F1."""
    from classify.evaluate import label_set_report

    scores = [
        label_set_report(name, order, list(truth), [order[i] for i in (w * a + (1 - w) * b).argmax(1)]).macro_f1
        for w in WEIGHTS
    ]
    best = max(range(len(WEIGHTS)), key=lambda i: (round(scores[i], 6), WEIGHTS[i]))
    return float(WEIGHTS[best]), float(scores[best])


def heads_and_ensemble(
    X: np.ndarray,
    X_aug: np.ndarray,
    X_test: np.ndarray,
    held: HeldOut,
    data: Any,
    folds: np.ndarray,
    labels: dict[str, list[str]],
    base: dict[str, np.ndarray],
    base_oof: dict[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, float]]:
    """Heads on embeddings, then the baseline + heads ensemble with its weights chosen out of fold:
    (the heads' probabilities, the ensemble's, the baseline's weight per label set)."""
    heads, oof = fit_heads(X, held.training, X_aug, data.augment, data.augment_weight, folds, labels)
    alone = head_proba(heads, X_test, labels)
    ensemble, weights = weighted_ensemble(labels, held.training, base_oof, oof, base, alone)
    return alone, ensemble, weights


def weighted_ensemble(
    labels: dict[str, list[str]],
    chosen_on: Sequence[Any],
    base_chosen: dict[str, np.ndarray],
    other_chosen: dict[str, np.ndarray],
    base: dict[str, np.ndarray],
    other: dict[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """``w * base + (1 - w) * other`` per label set, ``w`` chosen (:func:`choose_weight`) on the
    records ``chosen_on`` from both systems' probabilities there: (the ensemble's probabilities, ``w``)."""
    ensemble, weights = {}, {}
    for set_name, order in labels.items():
        truth = [r.labels[set_name] for r in chosen_on]
        weights[set_name], _ = choose_weight(set_name, order, truth, base_chosen[set_name], other_chosen[set_name])
        ensemble[set_name] = weights[set_name] * base[set_name] + (1 - weights[set_name]) * other[set_name]
    return ensemble, weights


def run(
    data: Any,
    schema: Any,
    baseline_config: dict,
    bert_config: dict,
    *,
    names: Sequence[str] | None = None,
    finetune: bool | Sequence[str] = False,
    keep: Any = None,
    setfit_pairs: int = 1500,
    setfit_freeze: int = 2,
    seeds: Sequence[Any] = (),
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Scores (macro-F1 per label set), ensemble weights and training seconds per held-out set and
    system; the seeds' predictions of every system trained for the test split."""
    from classify.classifiers.base import level_with_issuer
    from classify.corpus.splits import kfold_assignments
    from classify.evaluate import label_set_report
    from classify.issuer import extract_issuer
    from classify.training.baseline import BaselineParams, BaselineTrainer, feature_config

    segment_once()
    labels = {s.name: list(s.labels) for s in schema.sets}
    encoder = FrozenEncoder(bert_config["encoder"].get("path"), bert_config["encoder"])
    everything = data.train + data.dev + data.test + list(seeds)
    began = time.perf_counter()
    issuer_levels = {}
    for record in everything:
        found = extract_issuer(record.document)
        issuer_levels[record.id] = found.level if found is not None else None
    say(f"embedding {len(everything)} real and {len(data.augment)} generated reports with the frozen encoder")
    frozen = dict(zip([r.id for r in everything], encoder.embed(everything), strict=True))
    frozen_aug = encoder.embed(data.augment)
    embed_seconds = time.perf_counter() - began

    def labelled(name: str, probabilities: np.ndarray, records: Sequence[Any]) -> list[str]:
        rows = [dict(zip(labels[name], map(float, row), strict=True)) for row in probabilities]
        if name == "level":
            return [level_with_issuer(row, issuer_levels[r.id], 0.5) for row, r in zip(rows, records, strict=True)]
        return [labels[name][int(np.argmax(row))] for row in probabilities]

    results: dict[str, Any] = {"embed_seconds": round(embed_seconds, 1), "sets": {}}
    for held in held_out_sets(data, names):
        say(f"{held.name}: train {len(held.train)} + dev {len(held.dev)} real, test {len(held.test)}")
        probabilities: dict[str, dict[str, np.ndarray]] = {}
        seconds: dict[str, float] = {}
        weights: dict[str, dict[str, float]] = {}
        seed_probabilities: dict[str, dict[str, np.ndarray]] = {}
        test_and_seeds = held.test + (list(seeds) if held.name == "test split" else [])

        t = time.perf_counter()
        params = BaselineParams.from_config(copy.deepcopy(baseline_config["classifier"]), schema, data.augment_weight)
        trainer = BaselineTrainer(
            schema,
            feature_config(copy.deepcopy(baseline_config["features"]), params),
            params,
            held.training,
            data.augment,
            negatives=held.negatives,
            threshold=baseline_config["threshold"],
            seed=baseline_config["split"]["seed"],
        )
        model, _, _ = trainer.train()
        base = model.predict_proba_documents([r.document for r in test_and_seeds])
        seconds["baseline"] = time.perf_counter() - t
        base_oof = {name: as_matrix(trainer.oof_probabilities[name], labels[name]) for name in labels}
        probabilities["baseline"] = base
        folds = np.asarray(kfold_assignments(held.training, k=params.cv_folds, seed=baseline_config["split"]["seed"]))

        common = (held, data, folds, labels, base, base_oof)
        t = time.perf_counter()
        X, X_test = np.stack([frozen[r.id] for r in held.training]), np.stack([frozen[r.id] for r in test_and_seeds])
        alone, ensemble, weights["ens(encoder-lr)"] = heads_and_ensemble(X, frozen_aug, X_test, *common)
        probabilities["encoder-lr"], probabilities["ens(encoder-lr)"] = alone, ensemble
        seconds["encoder-lr"] = time.perf_counter() - t + embed_seconds  # the embedding pass is its training cost too

        if setfit_pairs:
            t = time.perf_counter()
            say(f"  SetFit: {setfit_pairs} pairs per label set, {setfit_freeze} layers frozen")
            tuned = encoder.contrastive(
                held.training + list(data.augment), list(labels), setfit_pairs, setfit_freeze, 13, say
            )
            X, X_aug = encoder.embed(held.training, tuned), encoder.embed(data.augment, tuned)
            alone, ensemble, weights["ens(setfit)"] = heads_and_ensemble(
                X, X_aug, encoder.embed(test_and_seeds, tuned), *common
            )
            probabilities["setfit"], probabilities["ens(setfit)"] = alone, ensemble
            seconds["setfit"] = time.perf_counter() - t
            del tuned

        if finetune is True or (finetune and held.name.split()[0] in finetune):
            from classify.training.bert import fit_bert
            from classify.training.run import TrainingData

            t = time.perf_counter()
            split = TrainingData(held.train, held.dev, held.test, data.augment, data.augment_weight, data.source)
            config = copy.deepcopy(bert_config)
            config["split"]["refit_on_dev"] = False
            bert, _, _ = fit_bert(config, split, schema, lambda _: None)
            alone = bert.predict_proba_documents([r.document for r in test_and_seeds])
            probabilities["bert-finetune"] = alone
            # its ensemble's weight is chosen on the training side's dev records: the fine-tuning never
            # trained on them (it stops early on them), and the baseline's probabilities there are its
            # out-of-fold ones; five fine-tunings per held-out set for out-of-fold BERT are not affordable
            on_dev = bert.predict_proba_documents([r.document for r in held.dev])
            dev_rows = slice(len(held.train), len(held.training))
            base_dev = {name: base_oof[name][dev_rows] for name in labels}
            probabilities["ens(finetune)"], weights["ens(finetune)"] = weighted_ensemble(
                labels, held.dev, base_dev, on_dev, base, alone
            )
            if keep is not None and held.name == "test split":  # for the ONNX speed test: --model DIR
                bert.save_pretrained(keep)
            seconds["bert-finetune"] = time.perf_counter() - t

        n = len(held.test)
        scores = {}
        for system, probs in probabilities.items():
            scores[system] = {
                set_name: label_set_report(
                    set_name,
                    order,
                    [r.labels[set_name] for r in held.test],
                    labelled(set_name, probs[set_name][:n], held.test),
                ).macro_f1
                for set_name, order in labels.items()
            }
            if held.name == "test split" and seeds:
                seed_probabilities[system] = {
                    set_name: labelled(set_name, probs[set_name][n:], list(seeds)) for set_name in labels
                }
        results["sets"][held.name] = {
            "n": n,
            "scores": scores,
            "weights": weights,
            "seconds": {k: round(v, 1) for k, v in seconds.items()},
        }
        if seed_probabilities:
            results["seeds"] = {
                system: [all(got[s][i] == record.labels[s] for s in labels) for i, record in enumerate(seeds)]
                for system, got in seed_probabilities.items()
            }
        say(f"{held.name}: " + "; ".join(f"{k} {v['type']:.3f}/{v['level']:.3f}" for k, v in scores.items()))
    return results


def report(results: dict[str, Any]) -> None:
    """The comparison as markdown tables (``-`` where a system was not run on a held-out set)."""
    sets = results["sets"]
    systems = list(dict.fromkeys(k for s in sets.values() for k in s["scores"]))

    def cell(s: dict, system: str, fmt: Callable[[dict], str]) -> str:
        return fmt(s["scores"][system]) if system in s["scores"] else "-"

    print("\n### Type and level macro-F1 on documents the systems never saw (level after the issuer rule)\n")
    print("| held out | n | " + " | ".join(systems) + " |")
    print("|---|---:|" + "---:|" * len(systems))
    for name, s in sets.items():
        cells = [cell(s, k, lambda v: f"{v['type']:.3f} / {v['level']:.3f}") for k in systems]
        print(f"| {name} | {s['n']} | " + " | ".join(cells) + " |")
    print("\nType and level macro-F1 minus the baseline's, in points:\n")
    print("| held out | " + " | ".join(systems[1:]) + " |")
    print("|---|" + "---:|" * (len(systems) - 1))
    for name, s in sets.items():
        base = s["scores"]["baseline"]

        def diff(v: dict, base: dict = base) -> str:
            return f"{100 * (v['type'] - base['type']):+.1f} / {100 * (v['level'] - base['level']):+.1f}"

        print(f"| {name} | " + " | ".join(cell(s, k, diff) for k in systems[1:]) + " |")
    print("\nEnsemble weights of the baseline (chosen on the training side's out-of-fold macro-F1):")
    for name, s in sets.items():
        print(f"  {name}: " + "; ".join(f"{k} type {w['type']}, level {w['level']}" for k, w in s["weights"].items()))
    print("\nTraining seconds (2 CPU cores, this run):")
    for name, s in sets.items():
        print(f"  {name}: " + ", ".join(f"{k} {v:.0f}" for k, v in s["seconds"].items()))
    if "seeds" in results:
        print("\nSeeds right (type and level), systems trained for the test split:")
        for system, ok in results["seeds"].items():
            print(f"  {system}: {sum(ok)}/{len(ok)}")

"""Fitting the baseline: choose C by cross-validation, then fit on all real training documents.

The dev split holds two or three examples of each rare type, too few to choose a hyper-parameter on,
so the baseline chooses ``C`` per label set by grouped, stratified k-fold cross-validation over
train + dev (generated reports are always on the training side of each fold), scoring macro-F1 of the
pooled out-of-fold predictions. Every document is segmented once; folds reuse the counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from classify.classifiers.baseline import BaselineClassifier, document_fields
from classify.corpus.load import Record
from classify.corpus.schema import LabelSchema
from classify.corpus.splits import kfold_assignments
from classify.errors import ConfigError
from classify.evaluate import EvaluationReport, evaluate_labels, label_set_report
from classify.features.tokenize import JiebaTokenizer
from classify.features.vectorize import FeatureConfig, ReportVectorizer

_CLASSIFIER_KEYS = {"C", "class_weight", "max_iter", "cv_folds", "per_label_set"}
_PER_SET_KEYS = {"weights", "augment_weight"}


def _per_set(params: dict, schema: LabelSchema, default_augment: float) -> tuple[dict, dict[str, float]]:
    """Block-weight overrides and generated-data weights per label set, from ``per_label_set``."""
    per_set = params.pop("per_label_set", None) or {}
    set_weights, augment = {}, {}
    for name in schema.names:
        spec = per_set.get(name) or {}
        unknown = set(spec) - _PER_SET_KEYS
        if unknown:
            raise ConfigError("config", f"unknown key(s) {sorted(unknown)} in classifier.per_label_set.{name}")
        if spec.get("weights"):
            set_weights[name] = dict(spec["weights"])
        augment[name] = float(spec.get("augment_weight", default_augment))
    unknown_sets = set(per_set) - set(schema.names)
    if unknown_sets:
        raise ConfigError("config", f"classifier.per_label_set names unknown label set(s) {sorted(unknown_sets)}")
    return set_weights, augment


def fit_baseline(
    config: dict[str, Any], data, schema: LabelSchema, progress: Callable[[str], None]
) -> tuple[BaselineClassifier, dict[str, Any], EvaluationReport | None]:
    """Choose C (when ``classifier.C`` lists several), fit on train + dev + generated reports.

    Returns the model, the choices made, and the cross-validation report at the chosen C.
    """
    params = dict(config["classifier"])
    unknown = set(params) - _CLASSIFIER_KEYS
    if unknown:
        raise ConfigError("config", f"unknown classifier key(s): {', '.join(sorted(unknown))}")
    grid = params.pop("C", 4.0)
    grid = sorted(grid) if isinstance(grid, (list, tuple)) else [grid]
    folds_k = int(params.pop("cv_folds", 5))
    set_weights, augment_weight = _per_set(params, schema, data.augment_weight)
    try:
        features = FeatureConfig.from_dict(config["features"])
        for overrides in set_weights.values():
            FeatureConfig.from_dict({"weights": overrides})
    except TypeError as exc:
        raise ConfigError("config", f"bad features setting: {exc}") from None

    def make(C) -> BaselineClassifier:
        return BaselineClassifier(schema, config["threshold"], features, C, set_weights=set_weights, **params)

    tokenizer = JiebaTokenizer()
    analyser = ReportVectorizer(features, tokenizer)
    real: list[Record] = data.train + data.dev
    progress(f"segmenting {len(real)} real and {len(data.augment)} generated documents")
    real_counts = [analyser.analyze(*document_fields(r.document)) for r in real]
    aug_counts = [analyser.analyze(*document_fields(r.document)) for r in data.augment]
    aug_labels = [r.labels for r in data.augment]

    def sample_weights(n_real: int) -> dict[str, list[float]]:
        return {name: [1.0] * n_real + [augment_weight[name]] * len(aug_counts) for name in schema.names}

    def fit_on(indices: Sequence[int], C) -> BaselineClassifier:
        counts = [real_counts[i] for i in indices] + aug_counts
        vectorizer = ReportVectorizer(features, tokenizer).fit_counts(counts)
        model = make(C)
        model.vectorizer_ = vectorizer
        labels = [real[i].labels for i in indices] + aug_labels
        return model.fit_rows([vectorizer.raw_counts(c) for c in counts], labels, sample_weights(len(indices)))

    choices: dict[str, Any] = {"set_weights": set_weights, "augment_weight": augment_weight}
    cv_report = None
    chosen: float | dict[str, float] = grid[0]
    if len(grid) > 1:
        folds = kfold_assignments(real, k=folds_k, seed=config["split"]["seed"])
        # predicted[C][label set] = out-of-fold predictions, in `real` order
        predicted = {C: {s.name: [""] * len(real) for s in schema.sets} for C in grid}
        for fold in range(folds_k):
            inside = [i for i in range(len(real)) if folds[i] != fold]
            outside = [i for i in range(len(real)) if folds[i] == fold]
            if not outside:
                continue
            progress(f"cross-validation fold {fold + 1}/{folds_k}: C in {grid}")
            counts = [real_counts[i] for i in inside] + aug_counts
            vectorizer = ReportVectorizer(features, tokenizer).fit_counts(counts)
            rows = [vectorizer.raw_counts(c) for c in counts]
            held_out = [vectorizer.raw_counts(real_counts[i]) for i in outside]
            labels = [real[i].labels for i in inside] + aug_labels
            for C in grid:
                model = make(C)
                model.vectorizer_ = vectorizer
                model.fit_rows(rows, labels, sample_weights(len(inside)))
                probabilities = model.proba_from_rows(held_out)
                for label_set in schema.sets:
                    best = np.argmax(probabilities[label_set.name], axis=1)
                    for j, i in enumerate(outside):
                        predicted[C][label_set.name][i] = label_set.labels[int(best[j])]
        chosen, scores = {}, {}
        for label_set in schema.sets:
            truth = [r.labels[label_set.name] for r in real]
            f1 = {
                C: label_set_report(label_set.name, label_set.labels, truth, predicted[C][label_set.name]).macro_f1
                for C in grid
            }
            chosen[label_set.name] = max(grid, key=lambda C: (round(f1[C], 6), -C))  # ties: stronger regularisation
            scores[label_set.name] = {str(C): round(v, 4) for C, v in f1.items()}
        choices["C"] = chosen
        choices["cv_macro_f1_by_C"] = scores
        cv_predictions = [{name: predicted[chosen[name]][name][i] for name in schema.names} for i in range(len(real))]
        cv_report = evaluate_labels([r.labels for r in real], cv_predictions, schema, ids=[r.id for r in real])
        progress(f"chose C {chosen} (pooled {folds_k}-fold macro-F1)")
    else:
        choices["C"] = chosen

    progress(f"fitting on {len(real)} real + {len(data.augment)} generated documents")
    return fit_on(range(len(real)), chosen), choices, cv_report


def fit_records(
    model: BaselineClassifier, records: Sequence[Record], augment: Sequence[Record] = (), augment_weight: float = 0.5
) -> BaselineClassifier:
    """Fit ``model`` on real records plus generated ones (a convenience for benchmarks and tests)."""
    documents = [r.document for r in records] + [r.document for r in augment]
    labels = [r.labels for r in records] + [r.labels for r in augment]
    weights = [1.0] * len(records) + [augment_weight] * len(augment)
    return model.fit(documents, labels, sample_weight=weights)

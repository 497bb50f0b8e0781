"""Fitting the baseline with scikit-learn's own parts, then compiling it to the arrays the runtime reads.

One label set's model is a scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    terms   TermCap: the vocabulary over every block, min_df and a cap by document frequency
    tfidf   ColumnTransformer of one TfidfVectorizer per block (sublinear tf, smoothed idf, L2 norm per
            block), scaled by ``transformer_weights`` (the block weights)
    clf     LogisticRegression (multinomial, class_weight="balanced")

Its input is one row per document and one column per block, each cell the block's feature counts from
:meth:`classify.features.vectorize.ReportVectorizer.analyze`: jieba runs once per document, outside
cross-validation, and each TfidfVectorizer's callable ``analyzer`` reads its cell. So ``clone``,
``set_params`` (``clf__C``, ``tfidf__transformer_weights``, ``terms__max_features``) and
``GridSearchCV`` work on it as on any estimator (:func:`make_pipeline`).

Training (:func:`fit_baseline`): the dev split holds two or three examples of each rare type, too few
to choose a hyper-parameter on, so ``C`` is chosen per label set by grouped, stratified k-fold
cross-validation over train + dev (:func:`classify.corpus.splits.kfold_assignments`: near-duplicates
share a fold; generated reports are always on the training side), scoring macro-F1 of the pooled
out-of-fold predictions (folds hold 0-2 examples of a rare class, so a mean of per-fold macro-F1 would
be noise). Then each label set's pipeline is fitted on everything and :func:`compile_pipelines` turns
the fitted pipelines into a :class:`~classify.classifiers.baseline.BaselineClassifier` (vocabulary, idf,
block of each feature, coefficients): predicting never imports scikit-learn.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from classify.classifiers.base import ISSUER_ALWAYS, level_with_issuer
from classify.classifiers.baseline import SCOPE, BaselineClassifier, document_fields
from classify.corpus.record import Record
from classify.corpus.schema import LabelSchema
from classify.corpus.splits import kfold_assignments
from classify.errors import ConfigError, ModelError
from classify.evaluate import EvaluationReport, evaluate_labels, label_set_report, scope_report
from classify.features.tokenize import JiebaTokenizer
from classify.features.vectorize import BLOCKS, PREFIX, FeatureConfig, ReportVectorizer
from classify.intake import Document
from classify.training.config import BaselineParams, feature_config
from classify.training.progress import Say

#: Blocks in the column order of the saved vocabulary (sorted by prefix, as the runtime's terms are).
COLUMNS: tuple[str, ...] = tuple(sorted(BLOCKS, key=lambda block: PREFIX[block]))


def analyse(documents: Iterable[Document], vectorizer: ReportVectorizer) -> np.ndarray:
    """The pipelines' input: one row per document, one column per block (:data:`COLUMNS`), each cell
    that block's feature counts (a ``Counter``). Segmentation happens here, once per document."""
    rows = [vectorizer.analyze(*document_fields(doc)) for doc in documents]
    table = np.empty((len(rows), len(COLUMNS)), dtype=object)
    for i, blocks in enumerate(rows):
        for j, block in enumerate(COLUMNS):
            table[i, j] = blocks[block]
    return table


def counted_terms(counts: Counter[str]) -> Iterable[str]:
    """A TfidfVectorizer ``analyzer``: the cell's features, each as often as it was counted."""
    return counts.elements()


class TermCap(TransformerMixin, BaseEstimator):
    """The vocabulary over every block at once: features in at least ``min_df`` documents, then the
    ``max_features`` in most documents (ties by prefixed text, so the result never depends on order);
    transform keeps only those in each cell. ``prefixes`` name the columns (``B|``, ``C|``, ...)."""

    def __init__(self, prefixes: Sequence[str] = (), min_df: int = 2, max_features: int | None = 60_000) -> None:
        self.prefixes = prefixes
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, X: np.ndarray, y: Any = None) -> TermCap:
        df: Counter[tuple[str, str]] = Counter()
        for j, prefix in enumerate(self.prefixes):
            for cell in X[:, j]:
                df.update(zip([prefix] * len(cell), cell, strict=True))
        kept = [(key, n) for key, n in df.items() if n >= self.min_df]
        kept.sort(key=lambda item: (-item[1], item[0][0] + item[0][1]))
        if self.max_features is not None:
            kept = kept[: self.max_features]
        self.kept_ = [set() for _ in self.prefixes]
        column = {prefix: j for j, prefix in enumerate(self.prefixes)}
        for (prefix, term), _ in kept:
            self.kept_[column[prefix]].add(term)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        out = np.empty(X.shape, dtype=object)
        for j, kept in enumerate(self.kept_):
            for i, cell in enumerate(X[:, j]):
                out[i, j] = Counter({term: n for term, n in cell.items() if term in kept})
        return out


class BlockTfidf(TfidfVectorizer):
    """:class:`TfidfVectorizer` for one block, which may hold no feature at all (no headings in a small
    corpus): such a block gives one column of zeros (its coefficients stay 0; compiling drops it)
    instead of scikit-learn's "empty vocabulary" error."""

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        self.empty_ = not any(len(cell) for cell in raw_documents)
        if self.empty_:
            self.vocabulary_ = {}
            return csr_matrix((len(raw_documents), 1), dtype=self.dtype)
        return super().fit_transform(raw_documents, y)

    def fit(self, raw_documents: Any, y: Any = None) -> BlockTfidf:
        self.fit_transform(raw_documents, y)
        return self

    def transform(self, raw_documents: Any) -> Any:
        if getattr(self, "empty_", False):
            return csr_matrix((len(raw_documents), 1), dtype=self.dtype)
        return super().transform(raw_documents)


def make_features(features: FeatureConfig, weights: dict[str, float] | None = None) -> Pipeline:
    """The feature part of a label set's pipeline: ``terms`` then ``tfidf`` (block weights: the
    config's, with ``weights`` on top)."""
    merged = {**features.weights, **(weights or {})}
    blocks = [
        (
            block,
            BlockTfidf(analyzer=counted_terms, sublinear_tf=features.sublinear_tf, dtype=np.float32),
            j,
        )
        for j, block in enumerate(COLUMNS)
    ]
    return Pipeline(
        [
            ("terms", TermCap(tuple(PREFIX[b] for b in COLUMNS), features.min_df, features.max_features)),
            ("tfidf", ColumnTransformer(blocks, transformer_weights=merged, sparse_threshold=1.0)),
        ]
    )


def make_pipeline(
    features: FeatureConfig | None = None,
    weights: dict[str, float] | None = None,
    C: float = 4.0,
    class_weight: str | None = "balanced",
    max_iter: int = 3000,
) -> Pipeline:
    """One label set's model as a scikit-learn pipeline over :func:`analyse` output."""
    pipeline = make_features(features or FeatureConfig(), weights)
    clf = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    return Pipeline([*pipeline.steps, ("clf", clf)])


def compile_features(
    features_pipeline: Pipeline, features: FeatureConfig, tokenizer: JiebaTokenizer
) -> tuple[ReportVectorizer, list[int]]:
    """A fitted ``terms`` + ``tfidf`` pipeline -> the runtime's vectorizer (vocabulary with block
    prefixes, idf, block of every feature), and the pipeline's output columns it keeps (an empty
    block's column of zeros is dropped)."""
    terms, idf, block, columns = [], [], [], []
    tfidf = features_pipeline.named_steps["tfidf"]
    for name, vectorizer, _ in tfidf.transformers_:
        if name == "remainder" or getattr(vectorizer, "empty_", False):
            continue
        where = tfidf.output_indices_[name]
        columns += range(where.start, where.stop)
        ordered = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        terms += [PREFIX[name] + term for term in ordered]
        idf.append(np.asarray(vectorizer.idf_, dtype=np.float32))
        block += [BLOCKS.index(name)] * len(ordered)
    arrays = {
        "idf": np.concatenate(idf) if idf else np.zeros(0, dtype=np.float32),
        "block": np.asarray(block, dtype=np.int32),
    }
    return ReportVectorizer.from_state({"config": features, "terms": terms}, arrays, tokenizer), columns


def fit_vectorizer(documents: Sequence[Document], features: FeatureConfig | None = None) -> ReportVectorizer:
    """The runtime vectorizer fitted on documents (the feature part of the pipeline, compiled)."""
    features = features or FeatureConfig()
    tokenizer = JiebaTokenizer()
    fitted = make_features(features).fit(analyse(documents, ReportVectorizer(features, tokenizer)))
    return compile_features(fitted, features, tokenizer)[0]


def compile_pipelines(
    pipelines: dict[str, Pipeline],
    schema: LabelSchema,
    features: FeatureConfig,
    params: BaselineParams,
    threshold: float,
    tokenizer: JiebaTokenizer,
) -> BaselineClassifier:
    """Fitted pipelines (one per label set, sharing their ``terms`` and TF-IDF fit) -> the runtime
    model: the compiled vectorizer and the coefficients per label set."""
    model = BaselineClassifier(
        schema,
        threshold,
        features,
        C=params.C_chosen(schema.names),
        class_weight=params.class_weight,
        max_iter=params.max_iter,
        set_weights=params.set_weights,
    )
    model.vectorizer_, columns = compile_features(next(iter(pipelines.values()))[:-1], features, tokenizer)
    for name, pipeline in pipelines.items():
        clf = pipeline.named_steps["clf"]
        model.classes_[name] = [str(c) for c in clf.classes_]
        model.coef_[name] = np.ascontiguousarray(clf.coef_.T[columns], dtype=np.float32)
        model.intercept_[name] = np.asarray(clf.intercept_, dtype=np.float32)
    return model


class BaselineTrainer:
    """Fits one pipeline per label set on real + generated documents, choosing ``C`` per label set by
    pooled out-of-fold macro-F1 when the config lists several. Holds the analysed documents, so every
    document is segmented once however many folds and values of ``C`` there are.

    With ``negatives`` (real documents labelled out of scope) it also fits the in-scope decision: a
    logistic regression of in scope against out of scope over the real documents (generated reports
    only at ``per_label_set.scope.augment_weight``, 0 unless the config asks), whose threshold is
    chosen on the pooled out-of-fold probabilities (:func:`choose_scope_threshold`: maximal F1, or the
    config's ``scope_recall``). Type and level never see the negatives."""

    def __init__(
        self,
        schema: LabelSchema,
        features: FeatureConfig,
        params: BaselineParams,
        real: Sequence[Record],
        augment: Sequence[Record] = (),
        *,
        negatives: Sequence[Record] = (),
        threshold: float = 0.5,
        seed: int = 13,
        progress: Say | None = None,  # status lines only (a Progress is one too)
        read_issuers: bool = False,
        issuer_cv: str = "folds",
    ) -> None:
        self.schema, self.features, self.params = schema, features, params
        self.read_issuers = read_issuers  # cross-validate the level probability under which the issuer decides
        self.issuer_cv = issuer_cv  # "source": that threshold chosen leaving one source out at a time
        self.real, self.negatives, self.augment = list(real), list(negatives), list(augment)
        self.threshold, self.seed = threshold, seed
        self.names = (*schema.names, SCOPE) if self.negatives else schema.names
        self.say = progress or (lambda _: None)
        self.tokenizer = JiebaTokenizer()
        everything = self.real + self.negatives + self.augment
        self.say(
            f"segmenting {len(self.real)} real, {len(self.negatives)} out-of-scope and "
            f"{len(self.augment)} generated documents"
        )
        self.X = analyse([r.document for r in everything], ReportVectorizer(features, self.tokenizer))
        n_real = len(self.real) + len(self.negatives)
        self.labels = [
            {**r.labels, SCOPE: "in_scope" if i < len(self.real) or i >= n_real else "out_of_scope"}
            for i, r in enumerate(everything)
        ]

    @cached_property
    def issuer_levels(self) -> list[str | None]:
        """The level of the organisation each real report names (:mod:`classify.issuer`), read once."""
        from classify.issuer import extract_issuer

        self.say(f"reading the issuers of {len(self.real)} reports")
        found = [extract_issuer(r.document) for r in self.real]
        return [issuer.level if issuer is not None else None for issuer in found]

    def _weights(self, name: str, rows: Sequence[int]) -> np.ndarray:
        n_real, n_negative = len(self.real), len(self.negatives)

        def weight(i: int) -> float:
            if i < n_real:
                return 1.0
            if i < n_real + n_negative:
                return 1.0 if name == SCOPE else 0.0  # type and level never see out-of-scope documents
            return self.params.augment_weight.get(name, 0.0)

        return np.asarray([weight(i) for i in rows])

    def _fit_fold(
        self,
        rows: Sequence[int],
        grid: Sequence[float],
        held_out: Sequence[int] = (),
        names: Sequence[str] | None = None,
    ) -> tuple[dict[str, dict[float, Pipeline]], dict[str, dict[float, np.ndarray]]]:
        """Pipelines fitted on ``rows`` for every label set and every C of ``grid``, and their
        predictions for the ``held_out`` rows. The vocabulary and the TF-IDF of each block are fitted
        once and shared, and each matrix is built once for all values of C; rows weighted 0 for a label
        set are left out of its logistic regression."""
        shared = make_features(self.features)
        shared.named_steps["tfidf"].set_params(transformer_weights=None)
        unit = shared.fit_transform(self.X[list(rows)]).tocsr()  # every block L2-normalised, weight 1
        unit_outside = shared.transform(self.X[list(held_out)]).tocsr() if len(held_out) else None
        slices = shared.named_steps["tfidf"].output_indices_
        pipelines: dict[str, dict[float, Pipeline]] = {}
        predicted: dict[str, dict[float, np.ndarray]] = {}
        for name in self.names if names is None else names:
            merged = {**self.features.weights, **self.params.set_weights.get(name, {})}
            features = copy.deepcopy(shared)
            features.named_steps["tfidf"].set_params(transformer_weights=merged)
            # what ColumnTransformer's transformer_weights do, on the matrix already built
            scale = np.ones(unit.shape[1], dtype=unit.dtype)
            for block, where in slices.items():
                if block in merged:
                    scale[where] = merged[block]
            weights = self._weights(name, rows)
            keep = np.flatnonzero(weights > 0)
            matrix = unit[keep].multiply(scale).tocsr()
            y = [self.labels[rows[i]][name] for i in keep]
            if len(set(y)) < 2:
                raise ModelError(None, f"cannot train '{name}': the training data has one label only")
            outside = unit_outside.multiply(scale).tocsr() if unit_outside is not None else None
            pipelines[name], predicted[name] = {}, {}
            for C in grid:
                clf = LogisticRegression(C=C, class_weight=self.params.class_weight, max_iter=self.params.max_iter)
                clf.fit(matrix, y, sample_weight=weights[keep])
                pipelines[name][C] = Pipeline([*features.steps, ("clf", clf)])
                if outside is not None:  # probabilities: for the in-scope and issuer thresholds
                    proba = clf.predict_proba(outside)
                    classes = [str(c) for c in clf.classes_]
                    predicted[name][C] = (
                        proba[:, classes.index("in_scope")]
                        if name == SCOPE
                        else [dict(zip(classes, map(float, row), strict=True)) for row in proba]
                    )
        return pipelines, predicted

    def cross_validate(self) -> tuple[dict[str, float], dict[str, dict[str, float]], EvaluationReport]:
        """Pooled out-of-fold macro-F1 per label set and C; the chosen C (ties: the smaller). Reports
        and negatives are dealt into folds apart (the reports' folds do not depend on the negatives);
        with negatives, the in-scope threshold is chosen on the pooled out-of-fold probabilities."""
        grid, k = self.params.C, self.params.cv_folds
        n_real, n_negative = len(self.real), len(self.negatives)
        folds = kfold_assignments(self.real, k=k, seed=self.seed)
        if self.negatives:
            folds += kfold_assignments(self.negatives, k=k, seed=self.seed)
        n_labelled = n_real + n_negative
        generated = list(range(n_labelled, n_labelled + len(self.augment)))
        predicted: dict[float, dict[str, list[Any]]] = {
            C: {name: [None] * n_labelled for name in self.names} for C in grid
        }
        for fold in range(k):
            outside = [i for i in range(n_labelled) if folds[i] == fold]
            if not outside:
                continue
            self.say(f"cross-validation fold {fold + 1}/{k}: C in {list(grid)}")
            inside = [i for i in range(n_labelled) if folds[i] != fold] + generated
            _, fold_predictions = self._fit_fold(inside, grid, outside)
            for name, by_c in fold_predictions.items():
                for C, values in by_c.items():
                    for i, value in zip(outside, values, strict=True):
                        predicted[C][name][i] = value
        chosen, scores = {}, {}
        for label_set in self.schema.sets:
            name = label_set.name
            truth = [r.labels[name] for r in self.real]
            f1 = {
                C: label_set_report(name, label_set.labels, truth, _best(predicted[C][name][:n_real])).macro_f1
                for C in grid
            }
            chosen[name] = max(grid, key=lambda C: (round(f1[C], 6), -C))
            scores[name] = {str(C): round(v, 4) for C, v in f1.items()}
        # the real reports' out-of-fold probabilities at the chosen C: what stacking or an ensemble
        # weight is chosen on (never on a test split)
        self.oof_probabilities = oof = {name: predicted[chosen[name]][name][:n_real] for name in self.schema.names}
        pooled = [{name: _best([oof[name][i]])[0] for name in self.schema.names} for i in range(n_real)]
        if self.read_issuers and LEVEL in self.schema.names:
            level_probabilities = oof[LEVEL]
            # by source: the threshold is chosen on each source's probabilities from a model trained
            # without it (the text alone is weaker on an outlet it never saw, the issuer is not); the
            # pooled report below stays on the k-fold probabilities, like type
            by_source = self.source_probabilities(LEVEL, chosen[LEVEL]) if self.issuer_cv == "source" else None
            self.issuer_threshold, self.issuer_scores = choose_issuer_threshold(
                self.schema[LEVEL].labels,
                [r.labels[LEVEL] for r in self.real],
                by_source or level_probabilities,
                self.issuer_levels,
            )
            self.issuer_chosen_on = (
                f"leave-one-source-out ({len(set(self.sources))} sources)" if by_source else f"{k}-fold"
            )
            for row, probabilities, issuer_level in zip(pooled, level_probabilities, self.issuer_levels, strict=True):
                row[LEVEL] = level_with_issuer(probabilities, issuer_level, self.issuer_threshold)
        report = evaluate_labels([r.labels for r in self.real], pooled, self.schema, ids=[r.id for r in self.real])
        if self.negatives:
            truth_in = [i < n_real for i in range(n_labelled)]
            f1 = {C: scope_report(truth_in, [p >= 0.5 for p in predicted[C][SCOPE]])["f1"] for C in grid}
            chosen[SCOPE] = max(grid, key=lambda C: (round(f1[C], 6), -C))
            scores[SCOPE] = {str(C): round(float(v), 4) for C, v in f1.items()}
            probabilities = np.asarray(predicted[chosen[SCOPE]][SCOPE], dtype=float)
            self.scope_threshold = choose_scope_threshold(
                np.asarray(truth_in), probabilities, recall=self.params.scope_recall
            )
            self.scope_points = scope_operating_points(np.asarray(truth_in), probabilities)
            report.scope = scope_report(truth_in, list(probabilities >= self.scope_threshold))
            report.scope["threshold"] = self.scope_threshold
        return chosen, scores, report

    @property
    def sources(self) -> list[str | None]:
        """Each real report's source (``Record.source``)."""
        return [r.source for r in self.real]

    def source_probabilities(self, name: str, C: float) -> list[dict[str, float]] | None:
        """Each real report's probabilities for label set ``name`` from a model fitted (at ``C``) on
        every other source's reports and the generated ones: leave-one-source-out. ``None`` (said
        through ``progress``) when some report has no source, or there are fewer than two sources or
        more than :data:`MAX_SOURCES` (a ``source`` column that names each document, not its outlet)."""
        sources = self.sources
        if None in sources or not 2 <= len(set(sources)) <= MAX_SOURCES:
            self.say(
                "issuer threshold on k folds: leaving one source out needs every report's source and "
                f"2 to {MAX_SOURCES} sources ({sum(s is None for s in sources)} without, "
                f"{len(set(sources) - {None})} named)"
            )
            return None
        n_real, n_labelled = len(self.real), len(self.real) + len(self.negatives)
        generated = list(range(n_labelled, n_labelled + len(self.augment)))
        out: list[dict[str, float] | None] = [None] * n_real
        for source in sorted(set(sources)):  # type: ignore[type-var]
            outside = [i for i in range(n_real) if sources[i] == source]
            inside = [i for i in range(n_real) if sources[i] != source] + generated
            self.say(f"leave-one-source-out for the issuer threshold: without '{source}' ({len(outside)} reports)")
            _, predicted = self._fit_fold(inside, [C], outside, names=[name])
            for i, value in zip(outside, predicted[name][C], strict=True):
                out[i] = value
        return out  # type: ignore[return-value]

    scope_threshold: float = 0.5
    issuer_chosen_on: str | None = None
    issuer_threshold: float | None = None  # chosen by cross-validation when the trainer reads issuers
    issuer_scores: dict[str, float] | None = None
    scope_points: list[dict[str, float]] | None = None  # out-of-fold operating points, once cross-validated
    oof_probabilities: dict[str, list[dict[str, float]]] | None = None  # per label set, once cross-validated

    def train(self) -> tuple[BaselineClassifier, dict[str, Any], EvaluationReport | None]:
        """The compiled model, the choices made, and the cross-validation report at the chosen C."""
        choices: dict[str, Any] = {"set_weights": self.params.set_weights, "augment_weight": self.params.augment_weight}
        report = None
        # cross-validate whenever something is chosen on out-of-fold predictions: C among several,
        # the in-scope threshold (negatives), the issuer threshold
        if len(self.params.C) > 1 or self.negatives or self.read_issuers:
            chosen, scores, report = self.cross_validate()
            if len(self.params.C) > 1:
                choices["C"], choices["cv_macro_f1_by_C"] = chosen, scores
                self.say(f"chose C {chosen} (pooled {self.params.cv_folds}-fold macro-F1)")
            else:
                choices["C"] = self.params.C[0]
        else:
            chosen = dict.fromkeys(self.names, self.params.C[0])
            choices["C"] = self.params.C[0]
        if self.negatives:
            choices["scope_threshold"] = round(self.scope_threshold, 4)
            choices["scope_recall"] = self.params.scope_recall  # null: the threshold maximises out-of-fold F1
            if self.scope_points:
                choices["scope_operating_points"] = self.scope_points
        self.params.chosen = {name: chosen[name] for name in self.schema.names}
        self.say(
            f"fitting on {len(self.real)} real + {len(self.negatives)} out-of-scope + "
            f"{len(self.augment)} generated documents"
        )
        rows = list(range(len(self.real) + len(self.negatives) + len(self.augment)))
        fitted, _ = self._fit_fold(rows, sorted(set(chosen.values())))
        pipelines = {name: fitted[name][chosen[name]] for name in self.names}
        model = compile_pipelines(pipelines, self.schema, self.features, self.params, self.threshold, self.tokenizer)
        if self.negatives:
            model.scope_threshold = round(float(self.scope_threshold), 4)
        if self.issuer_threshold is not None:
            model.issuer_threshold = self.issuer_threshold
            choices["issuer_threshold"] = self.issuer_threshold
            choices["issuer_threshold_chosen_on"] = self.issuer_chosen_on
            choices["cv_level_macro_f1_by_issuer_threshold"] = self.issuer_scores
        return model, choices, report


def _precision_recall(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    tp = float(np.sum(predicted & truth))
    return tp / max(float(predicted.sum()), 1.0), tp / max(float(truth.sum()), 1.0)


def choose_scope_threshold(truth: np.ndarray, probability: np.ndarray, recall: float | None = None) -> float:
    """The in-scope threshold from out-of-fold probabilities, searched over the observed values.

    ``recall=None``: the one that maximises F1 of "in scope" (a report lost and a non-report kept
    weighed alike), ties to the one nearest 0.5. ``recall=r``: the highest threshold that still keeps
    at least the share ``r`` of the reports (a stated trade-off for users who must not lose reports)."""
    truth = np.asarray(truth, dtype=bool)
    candidates = np.unique(np.round(probability, 4))
    if recall is not None:
        keeping = [float(t) for t in candidates if _precision_recall(truth, probability >= t)[1] >= recall]
        return max(keeping) if keeping else float(candidates.min())
    best, best_key = 0.5, (-1.0, 0.0)
    for t in candidates:
        precision, got = _precision_recall(truth, probability >= t)
        f1 = 2 * precision * got / (precision + got) if precision + got else 0.0
        key = (round(f1, 6), -abs(float(t) - 0.5))
        if key > best_key:
            best, best_key = float(t), key
    return best


def scope_operating_points(
    truth: np.ndarray, probability: np.ndarray, recalls: Sequence[float] = (0.75, 0.8, 0.85, 0.9, 0.95, 0.98)
) -> list[dict[str, float]]:
    """For each target share of reports kept: the threshold that keeps it out of fold, and the
    precision and recall there (the model card's table; a user picks one with ``--scope-threshold``)."""
    truth = np.asarray(truth, dtype=bool)
    points = []
    for target in recalls:
        threshold = choose_scope_threshold(truth, probability, recall=target)
        precision, recall = _precision_recall(truth, probability >= threshold)
        points.append({"threshold": round(threshold, 4), "precision": round(precision, 4), "recall": round(recall, 4)})
    return points


LEVEL = "level"
#: the most sources leave-one-source-out fits a model for (more: the column names documents, not outlets)
MAX_SOURCES = 20
#: the level probabilities under which a known issuer's level may be taken: 0 never, ISSUER_ALWAYS always
ISSUER_THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, ISSUER_ALWAYS)


def _best(rows: Sequence[dict[str, float]]) -> list[str]:
    """The most probable label of each row of probabilities."""
    return [max(row, key=row.get) for row in rows]


def choose_issuer_threshold(
    labels: Sequence[str],
    truth: Sequence[str],
    probabilities: Sequence[dict[str, float]],
    issuer_levels: Sequence[str | None],
) -> tuple[float, dict[str, float]]:
    """The level probability under which the issuer's level is taken, chosen by out-of-fold level
    macro-F1 over :data:`ISSUER_THRESHOLDS` (ties: the lower one, the text's own answer), and every
    threshold's score."""
    scores = {}
    for threshold in ISSUER_THRESHOLDS:
        predicted = [level_with_issuer(p, lv, threshold) for p, lv in zip(probabilities, issuer_levels, strict=True)]
        scores[threshold] = label_set_report(LEVEL, list(labels), list(truth), predicted).macro_f1
    best = max(ISSUER_THRESHOLDS, key=lambda t: (round(scores[t], 6), -t))
    return best, {str(t): round(float(v), 4) for t, v in scores.items()}


def fit_baseline(
    config: Any, data: Any, schema: LabelSchema, progress: Say
) -> tuple[BaselineClassifier, dict[str, Any], EvaluationReport | None]:
    """``classify train`` for ``model: baseline``: fit on train + dev + generated reports."""
    params = BaselineParams.from_config(config["classifier"], schema, data.augment_weight)
    features = feature_config(config["features"], params)
    documents = len(data.train) + len(data.dev) + len(data.augment)
    if features.min_df > documents:
        raise ConfigError(
            "config", f"features.min_df is {features.min_df} but there are only {documents} training documents"
        )
    trainer = BaselineTrainer(
        schema,
        features,
        params,
        data.train + data.dev,
        data.augment,
        negatives=data.out_of_scope("train", "dev"),
        threshold=config["threshold"],
        seed=config["split"]["seed"],
        progress=progress,
        read_issuers=params.issuer_threshold in ("cv", "cv-source"),
        issuer_cv="source" if params.issuer_threshold == "cv-source" else "folds",
    )
    model, choices, report = trainer.train()
    if isinstance(params.issuer_threshold, (int, float)):  # fixed in the config
        model.issuer_threshold = choices["issuer_threshold"] = float(params.issuer_threshold)
    return model, choices, report


def check_baseline_config(config: Any, schema: LabelSchema) -> None:
    """The ``classifier`` and ``features`` sections checked before any data is read (a bad ``C`` must
    not cost the minutes of reading the corpus); :class:`ConfigError` naming the setting."""
    params = BaselineParams.from_config(copy.deepcopy(config["classifier"]), schema, 0.5)
    features = feature_config(copy.deepcopy(config["features"]), params)
    for key in ("min_df", "max_features", "lead_chars", "max_chars"):
        value = getattr(features, key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError("config", f"features.{key} must be a positive integer, not {value!r}")


def fit_documents(
    documents: Sequence[Document],
    labels: Sequence[dict[str, str]],
    *,
    schema: LabelSchema | None = None,
    features: FeatureConfig | None = None,
    C: float = 4.0,
    set_weights: dict[str, dict[str, float]] | None = None,
    class_weight: str | None = "balanced",
    max_iter: int = 3000,
    threshold: float = 0.5,
) -> BaselineClassifier:
    """A baseline model fitted on documents and their labels at one ``C`` (tests, experiments)."""
    schema = schema or LabelSchema.from_yaml()
    records = [Record(id=str(i), text="", labels=dict(lab)) for i, lab in enumerate(labels)]
    for record, doc in zip(records, documents, strict=True):
        record.__dict__["document"] = doc  # the cached_property, already computed
    params = BaselineParams.from_config(
        {"C": C, "class_weight": class_weight, "max_iter": max_iter}, schema, 0.5, set_weights=set_weights
    )
    trainer = BaselineTrainer(schema, features or FeatureConfig(), params, records, threshold=threshold)
    model, _, _ = trainer.train()
    return model

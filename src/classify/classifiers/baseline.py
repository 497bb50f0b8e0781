"""The baseline: jieba words + character n-grams, TF-IDF, one logistic regression per label set.

Training (:mod:`classify.training.baseline`) is a scikit-learn pipeline per label set (TfidfVectorizer
blocks in a ColumnTransformer, LogisticRegression), compiled to plain arrays (vocabulary, IDF,
coefficients) saved in safetensors plus JSON; prediction here is a few lines of numpy over them:
scikit-learn is never imported to predict (it costs 2.4 s to import) and nothing is unpickled. A test
checks that these probabilities equal the scikit-learn pipeline's.

Model directory::

    config.json        kind, label sets, threshold, feature and classifier parameters, checksums
    README.md          model card
    vocab.json         feature strings, in index order
    model.safetensors  idf, block, and per label set coef_<name> (n_features x n_classes), intercept_<name>
    tokenizer/         dict.txt, userdict.txt, stopwords.txt (how the model segments words)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from classify.classifiers.base import ISSUER_ALWAYS, ReportClassifier, softmax
from classify.classifiers.model_dir import (
    CARD_NAME,
    read_config,
    write_config,
    write_model_card,
)
from classify.corpus.schema import LabelSchema
from classify.errors import ModelError
from classify.features.tokenize import TOKENIZER_FILES, JiebaTokenizer
from classify.features.vectorize import FeatureConfig, ReportFields, ReportVectorizer
from classify.intake import Document

WEIGHTS_NAME = "model.safetensors"
#: the in-scope decision's logistic regression, stored beside the label sets' (classes in this order)
SCOPE = "scope"
SCOPE_CLASSES = ("in_scope", "out_of_scope")
VOCAB_NAME = "vocab.json"


def document_fields(doc: Document) -> ReportFields:
    """What the features read: title (and subtitle), body, section headings.

    A report without a title gets its first sentence as one: web copies often drop the headline, and
    the first sentence of a news report says what the title would have (who held what).
    """
    title = " ".join(t for t in (doc.title, doc.subtitle) if t)
    if not title:
        sentences = doc.sentences
        title = sentences[0].text[:60] if sentences else ""
    headings = tuple(p.text for p in doc.paragraphs if p.kind == "heading")[:30]
    return ReportFields(title, doc.body, headings)


class BaselineClassifier(ReportClassifier):
    """jieba + TF-IDF + logistic regression, for every label set of the schema.

    Parameters (besides ``schema`` and ``threshold``, see :class:`ReportClassifier`)
    ----------
    features:
        :class:`FeatureConfig` (or a dict of its fields).
    C:
        Inverse regularisation strength, one value or ``{label set: value}``.
    set_weights:
        Block-weight overrides per label set, e.g. ``{"type": {"title": 3.0}, "level": {"cue": 2.0}}``:
        the genre shows in titles and headings, the level in the organisations named.
    class_weight:
        ``"balanced"`` (default: rare classes count as much as common ones) or ``None``.
    max_iter:
        Iterations for the solver.
    tokenizer_dir:
        A tokenizer directory; ``None`` uses the packaged dictionary.
    """

    kind = "baseline"

    def __init__(
        self,
        schema: LabelSchema | None = None,
        threshold: float = 0.5,
        features: FeatureConfig | dict | None = None,
        C: float | dict[str, float] = 4.0,
        class_weight: str | None = "balanced",
        max_iter: int = 3000,
        tokenizer_dir: str | Path | None = None,
        set_weights: dict[str, dict[str, float]] | None = None,
    ) -> None:
        super().__init__(schema, threshold)
        self.features = features if isinstance(features, FeatureConfig) else FeatureConfig.from_dict(features or {})
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.tokenizer_dir = tokenizer_dir
        self.set_weights = {k: dict(v) for k, v in (set_weights or {}).items()}
        unknown = set(self.set_weights) - {*self.schema.names, SCOPE}
        if unknown:
            raise ValueError(f"set_weights names unknown label set(s) {sorted(unknown)}")
        self.vectorizer_: ReportVectorizer | None = None
        self.coef_: dict[str, np.ndarray] = {}  # (n_features, n_classes present), float32
        self.intercept_: dict[str, np.ndarray] = {}
        self.classes_: dict[str, list[str]] = {}
        self.card_info: dict[str, Any] = {}

    def _c_for(self, name: str) -> float:
        return float(self.C[name] if isinstance(self.C, dict) else self.C)

    # -- prediction ----------------------------------------------------------------------------------
    def _check_fitted(self) -> ReportVectorizer:
        if self.vectorizer_ is None:
            raise ModelError(
                None, "the classifier is not fitted: train it (classify.training) or load a model directory"
            )
        return self.vectorizer_

    def _rows(self, documents: Sequence[Document]) -> list[tuple[np.ndarray, np.ndarray]]:
        vectorizer = self._check_fitted()
        return [vectorizer.transform_raw(*document_fields(d)) for d in documents]

    def _set_values(self, name: str, index: np.ndarray, raw: np.ndarray) -> np.ndarray:
        vectorizer = self._check_fitted()
        return vectorizer.weigh(index, raw, vectorizer.block_weights(self.set_weights.get(name)))

    def proba_from_rows(self, rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> dict[str, np.ndarray]:
        """Probabilities from raw TF-IDF rows, in schema label order (classes unseen in training: 0)."""
        out = {}
        for label_set in self.schema.sets:
            name = label_set.name
            coef, intercept = self.coef_[name], self.intercept_[name]
            scores = (
                np.stack([self._set_values(name, idx, raw) @ coef[idx] for idx, raw in rows]) + intercept
                if rows
                else np.zeros((0, 1))
            )
            if coef.shape[1] == 1:  # two classes: scikit-learn keeps one column, for the second class
                p1 = 1.0 / (1.0 + np.exp(-scores[:, 0]))
                present = np.stack([1.0 - p1, p1], axis=1)
            else:
                present = softmax(scores)
            full = np.zeros((len(rows), len(label_set.labels)), dtype=np.float64)
            for j, label in enumerate(self.classes_[name]):
                full[:, label_set.index(label)] = present[:, j]
            out[name] = full
        return out

    def scope_from_rows(self, rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray | None:
        """Probability of being in scope per raw TF-IDF row (``None`` without an in-scope model)."""
        if SCOPE not in self.coef_:
            return None
        coef, intercept = self.coef_[SCOPE][:, 0], self.intercept_[SCOPE][0]
        if not rows:
            return np.zeros(0)
        scores = np.array([self._set_values(SCOPE, idx, raw) @ coef[idx] for idx, raw in rows]) + intercept
        p_second = 1.0 / (1.0 + np.exp(-scores.astype(np.float64)))  # scikit-learn: the second class's
        return p_second if self.classes_[SCOPE][1] == "in_scope" else 1.0 - p_second

    def predict_proba_documents(self, documents: Sequence[Document]) -> dict[str, np.ndarray]:
        """Probabilities per label set (see :class:`ReportClassifier`)."""
        return self.proba_from_rows(self._rows(documents))

    def scores_documents(self, documents: Sequence[Document]) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
        """Probabilities per label set and of being in scope, from one pass over each document."""
        rows = self._rows(documents)
        return self.proba_from_rows(rows), self.scope_from_rows(rows)

    def explain_document(self, document: Document, top_k: int = 8) -> dict[str, list[tuple[str, float]]]:
        """For each label set, the features that pushed hardest towards the predicted label, measured
        against the average class (so that features common to every class do not show)."""
        vectorizer = self._check_fitted()
        idx, raw = vectorizer.raw_counts(vectorizer.analyze(*document_fields(document)))
        probabilities = self.proba_from_rows([(idx, raw)])
        out = {}
        for name, matrix in probabilities.items():
            label = self.schema[name].labels[int(np.argmax(matrix[0]))]
            vals = self._set_values(name, idx, raw)
            coef = self.coef_[name][idx]
            if coef.shape[1] == 1:
                column = coef[:, 0] if self.classes_[name].index(label) == 1 else -coef[:, 0]
            else:
                column = coef[:, self.classes_[name].index(label)] - coef.mean(axis=1)
            contribution = vals * column
            order = np.argsort(-contribution)[:top_k]
            out[name] = [
                (vectorizer.describe(int(idx[i])), float(contribution[i])) for i in order if contribution[i] > 0
            ]
        return out

    def prepare_for_workers(self) -> None:
        vectorizer = self._check_fitted()
        vectorizer.tokenizer.tokenize("预热")  # load the dictionary once, before forking
        vectorizer.fast_lookup()  # and the integer tables of the vocabulary

    # -- persistence ---------------------------------------------------------------------------------
    def _write(self, directory: Path) -> None:
        """Write config, vocabulary, weights, tokenizer and model card (:meth:`save_pretrained` makes it atomic)."""
        from safetensors.numpy import save_file

        vectorizer = self._check_fitted()
        meta, arrays = vectorizer.state()
        tensors = {"idf": arrays["idf"], "block": arrays["block"]}
        for name in self.coef_:
            tensors[f"coef_{name}"] = self.coef_[name]
            tensors[f"intercept_{name}"] = self.intercept_[name]
        save_file(tensors, str(directory / WEIGHTS_NAME))
        (directory / VOCAB_NAME).write_text(json.dumps(meta["terms"], ensure_ascii=False), encoding="utf-8")
        vectorizer.tokenizer.save_pretrained(directory / "tokenizer")
        config = {
            "kind": self.kind,
            "label_sets": self.schema.to_dict()["label_sets"],
            "threshold": self.threshold,
            "features": asdict(self.features),
            "classifier": {
                "C": self.C,
                "class_weight": self.class_weight,
                "max_iter": self.max_iter,
                "set_weights": self.set_weights,
            },
            "classes": self.classes_,
            "n_features": vectorizer.n_features,
        }
        if SCOPE in self.coef_:
            config["scope_threshold"] = self.scope_threshold
        if self.issuer_threshold is not None:
            config["issuer_threshold"] = self.issuer_threshold
        files = [WEIGHTS_NAME, VOCAB_NAME, *(f"tokenizer/{name}" for name in TOKENIZER_FILES)]
        write_config(directory, config, files)
        write_model_card(directory / CARD_NAME, config, self.card_info)

    @classmethod
    def from_pretrained(cls, directory: str | Path) -> BaselineClassifier:
        """Load a model directory written by :meth:`save_pretrained` (checksums verified)."""
        from safetensors import SafetensorError
        from safetensors.numpy import load_file

        directory = Path(directory)
        config = read_config(directory, kind=cls.kind)
        try:
            schema = LabelSchema.from_dict({"label_sets": config["label_sets"]}, where=directory)
            classifier = cls(
                schema=schema,
                threshold=float(config.get("threshold", 0.5)),
                features=config["features"],
                C=config["classifier"]["C"],
                class_weight=config["classifier"]["class_weight"],
                max_iter=config["classifier"]["max_iter"],
                tokenizer_dir=directory / "tokenizer",
                set_weights=config["classifier"].get("set_weights"),
            )
            tensors = load_file(str(directory / WEIGHTS_NAME))
            terms = json.loads((directory / VOCAB_NAME).read_text(encoding="utf-8"))
            tokenizer = JiebaTokenizer(directory / "tokenizer")
            classifier.vectorizer_ = ReportVectorizer.from_state(
                {"config": config["features"], "terms": terms}, tensors, tokenizer
            )
            n_features = classifier.vectorizer_.n_features
            for label_set in schema.sets:
                name = label_set.name
                classes = [str(c) for c in config["classes"][name]]
                coef, intercept = tensors[f"coef_{name}"], tensors[f"intercept_{name}"]
                expected_columns = 1 if len(classes) == 2 else len(classes)
                if coef.shape != (n_features, expected_columns) or intercept.shape != (expected_columns,):
                    raise ValueError(f"weights for '{name}' have the wrong shape {coef.shape}")
                unknown = set(classes) - set(label_set.labels)
                if unknown:
                    raise ValueError(f"classes {sorted(unknown)} are not in label set '{name}'")
                classifier.classes_[name] = classes
                classifier.coef_[name] = np.ascontiguousarray(coef, dtype=np.float32)
                classifier.intercept_[name] = intercept.astype(np.float32)
            if SCOPE in config["classes"]:
                classes = [str(c) for c in config["classes"][SCOPE]]
                coef, intercept = tensors[f"coef_{SCOPE}"], tensors[f"intercept_{SCOPE}"]
                if sorted(classes) != sorted(SCOPE_CLASSES) or coef.shape != (n_features, 1) or intercept.shape != (1,):
                    raise ValueError(f"the in-scope weights or classes are malformed ({classes}, {coef.shape})")
                threshold = float(config["scope_threshold"])
                if not 0.0 <= threshold <= 1.0:
                    raise ValueError(f"scope_threshold {threshold} is not a probability")
                classifier.classes_[SCOPE] = classes
                classifier.coef_[SCOPE] = np.ascontiguousarray(coef, dtype=np.float32)
                classifier.intercept_[SCOPE] = intercept.astype(np.float32)
                classifier.scope_threshold = threshold
            if config.get("issuer_threshold") is not None:
                threshold = float(config["issuer_threshold"])
                if not 0.0 <= threshold <= ISSUER_ALWAYS:  # what training may choose or be given
                    raise ValueError(f"issuer_threshold {threshold} is not between 0 and {ISSUER_ALWAYS}")
                classifier.issuer_threshold = threshold
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, SafetensorError, json.JSONDecodeError, OSError) as exc:
            raise ModelError(directory, f"corrupt model directory: {type(exc).__name__}: {exc}") from None
        return classifier

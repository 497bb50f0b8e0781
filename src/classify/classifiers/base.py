"""The interface every classifier implements, and the results it returns.

A classifier is loaded from a model directory (:mod:`classify.classifiers.model_dir`) and predicts
every label set of its schema with probabilities. Subclasses implement
:meth:`ReportClassifier.predict_proba_documents` and the directory I/O; what a user calls on a model
(``predict_file``, ``predict_texts``, ``predict``) lives here once. Batches of files with worker
processes and lead paragraphs are :mod:`classify.predict`; building model directories is
:mod:`classify.training`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from classify.classifiers.model_dir import atomic_directory
from classify.classifiers.results import LabelPrediction, Prediction, ScopeDecision
from classify.corpus.schema import LabelSchema
from classify.errors import ClassifyError, InputError, InputTypeError
from classify.intake import Document, read_document
from classify.intake.charset import HAN_CHARS

__all__ = [
    "ISSUER_ALWAYS",
    "MIN_HAN",
    "LabelPrediction",
    "Prediction",
    "ReportClassifier",
    "ScopeDecision",
    "level_with_issuer",
    "softmax",
]

#: Fewer Chinese characters than this and there is no report to read: out of scope whatever the model
#: says (English, file listings, punctuation, whitespace; the shortest labelled report has 90).
MIN_HAN = 20
# MIN_HAN Chinese characters anywhere: the search stops at the twentieth (counting a whole article's
# characters cost 4 % of a prediction)
_ENOUGH_HAN = re.compile(rf"(?:[^{HAN_CHARS}]*[{HAN_CHARS}]){{{MIN_HAN}}}")


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax (shifted by the row maximum, so large logits do not overflow)."""
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _as_list(items: Any, where: str) -> list:
    """``items`` as a list; one string (or bytes) where a list is expected is refused, not iterated."""
    if isinstance(items, (str, bytes, Document)):
        raise InputTypeError(where, f"expected a list of texts, got one {type(items).__name__} (wrap it: [text])")
    try:
        return list(items)
    except TypeError:
        raise InputTypeError(where, f"expected a list of texts, got {type(items).__name__}") from None


def _as_document(item: Any, where: str) -> Document:
    """A text or document as a :class:`Document`; :class:`InputTypeError` / :class:`InputError` naming
    ``where`` for anything else, and for empty text."""
    if isinstance(item, Document):
        return item
    if not isinstance(item, str):
        raise InputTypeError(where, f"expected str, got {type(item).__name__}")
    if not item.strip():
        raise InputError(where, "empty text")
    return Document.from_text(item)


#: an issuer threshold above every probability: the issuer's level wherever it is known
ISSUER_ALWAYS = 1.01


def level_with_issuer(probabilities: dict[str, float], issuer_level: str | None, threshold: float) -> str:
    """The level from the text's probabilities and the named organisation's level: the issuer's
    where the text's top probability is under ``threshold`` and the issuer's level is known (the label
    guide decides level from that organisation alone), else the text's own answer. The trainer
    chooses ``threshold`` with this same rule."""
    best = max(probabilities, key=probabilities.__getitem__)
    if issuer_level and issuer_level in probabilities and probabilities[best] < threshold:
        return issuer_level
    return best


class ReportClassifier(ABC):
    """Base class: predicts every label set of a schema, with probabilities.

    Loaded with ``from_pretrained`` (or :func:`classify.classifiers.load_model`), written with
    ``save_pretrained``; :meth:`predict` / :meth:`predict_proba` as in scikit-learn. Inputs may be
    :class:`Document` objects or raw texts. Models are built by :mod:`classify.training`.

    Parameters
    ----------
    schema:
        The label sets (``None``: the packaged ``labels.yaml``). Every subclass takes it first.
    threshold:
        The probability under which a prediction is flagged ``uncertain``. Every subclass takes it second.
    """

    kind: ClassVar[str] = ""

    def __init__(self, schema: LabelSchema | None = None, threshold: float = 0.5) -> None:
        self.schema = schema or LabelSchema.from_yaml()
        self.threshold = threshold

    # -- what subclasses provide ---------------------------------------------------------------------
    @abstractmethod
    def predict_proba_documents(self, documents: Sequence[Document]) -> dict[str, np.ndarray]:
        """Probabilities per label set: ``{name: array (n_docs, n_labels)}`` in schema label order."""

    def save_pretrained(self, directory: str | Path) -> None:
        """Write the model directory atomically (a save killed midway leaves the previous model there,
        complete): :meth:`_write` fills a fresh folder that then replaces ``directory``."""
        self._check_fitted()  # refuse before any folder is made
        with atomic_directory(directory) as work:
            self._write(work)

    def _check_fitted(self) -> Any:
        """Raise :class:`ModelError` when there is no trained model to use or save; subclasses that
        can be unfitted override it (and return their fitted parts)."""
        return None

    def _write(self, directory: Path) -> None:
        """Write the model's files into ``directory``, an empty folder (see :meth:`save_pretrained`)."""
        raise NotImplementedError(f"{type(self).__name__} writes its directory in save_pretrained")

    @classmethod
    @abstractmethod
    def from_pretrained(cls, directory: str | Path) -> ReportClassifier:
        """Read a model directory written by :meth:`save_pretrained`."""

    def scores_documents(self, documents: Sequence[Document]) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
        """Probabilities per label set, and each document's probability of being in scope (``None``
        for a model without an in-scope decision). Models that have one override this."""
        return self.predict_proba_documents(documents), None

    #: the in-scope probability under which a document is out of scope (models with a decision set it)
    scope_threshold: float | None = None

    def scope_decision(self, document: Document, probability: float | None) -> ScopeDecision:
        """The in-scope decision for one document: a text with too few Chinese characters is out of
        scope (a rule, for every model); otherwise the model's probability against its threshold."""
        if not _ENOUGH_HAN.match(f"{document.title or ''}{document.body}"):
            return ScopeDecision(False, 0.0, "no Chinese text to read")
        if probability is None or self.scope_threshold is None:
            return ScopeDecision(True, probability)
        return ScopeDecision(bool(probability >= self.scope_threshold), probability)

    #: the level probability under which a known issuer's level is taken (``None``: ``threshold``);
    #: a trained baseline chooses it by cross-validation
    issuer_threshold: float | None = None

    def _level_from_issuer(self, result: Prediction) -> None:
        """Level from the issuer and the text together (:func:`level_with_issuer`, under
        ``issuer_threshold``); where the issuer changed it the label says ``decided_by: issuer`` and is
        flagged ``uncertain``: the text read another level (its probability of the issuer's is never
        above one half), and a disagreement between the two is what an analyst should check."""
        level = result.labels.get("level")
        if level is None or result.issuer is None:
            return
        below = self.threshold if self.issuer_threshold is None else self.issuer_threshold
        label = level_with_issuer(level.probabilities, result.issuer.level, below)
        if label == level.label:
            return
        result.labels["level"] = LabelPrediction(
            label=label,
            probability=level.probabilities[label],
            probabilities=level.probabilities,
            # the text read another level: the two disagree, so the label is for checking by hand
            uncertain=True,
            decided_by="issuer",
        )

    def explain_document(self, document: Document, top_k: int = 8) -> dict[str, list[tuple[str, float]]] | None:
        """The features that weighed most for each predicted label, if the model can say."""
        return None

    # -- scikit-learn style ----------------------------------------------------------------------------
    @staticmethod
    def _as_documents(items: Iterable[Document | str]) -> list[Document]:
        return [_as_document(item, f"items[{i}]") for i, item in enumerate(_as_list(items, "items"))]

    def predict_proba(self, items: Sequence[Document | str]) -> dict[str, np.ndarray]:
        """Probabilities per label set for documents or raw texts."""
        return self.predict_proba_documents(self._as_documents(items))

    def predict(self, items: Sequence[Document | str]) -> list[dict[str, str]]:
        """Best label per label set for each document or text."""
        probabilities = self.predict_proba(items)
        n = len(next(iter(probabilities.values()))) if probabilities else 0
        return [
            {name: self.schema[name].labels[int(np.argmax(p[i]))] for name, p in probabilities.items()}
            for i in range(n)
        ]

    # -- results for people ----------------------------------------------------------------------------
    def _label_predictions(self, probabilities: dict[str, np.ndarray], i: int) -> dict[str, LabelPrediction]:
        out = {}
        for name, matrix in probabilities.items():
            labels = self.schema[name].labels
            row = matrix[i]
            best = int(np.argmax(row))
            out[name] = LabelPrediction(
                label=labels[best],
                probability=float(row[best]),
                probabilities={label: float(p) for label, p in zip(labels, row, strict=True)},
                uncertain=bool(row[best] < self.threshold),
            )
        return out

    def predict_documents(
        self,
        documents: Sequence[Document],
        *,
        explain: bool = False,
        keep_out_of_scope: bool = False,
        issuer: bool = True,
    ) -> list[Prediction]:
        """Predictions for documents: the in-scope decision, then type and level (left out for a
        document out of scope unless ``keep_out_of_scope``, and then flagged ``uncertain``), the
        organisation the report is about (``issuer``; :mod:`classify.issuer`), optionally explanations
        (lead paragraphs: :func:`classify.predict.predict_documents`)."""
        if not documents:
            return []
        probabilities, scope = self.scores_documents(documents)
        if issuer:
            from classify.issuer import extract_issuer
        results = []
        for i, doc in enumerate(documents):
            decision = self.scope_decision(doc, None if scope is None else float(scope[i]))
            labels = self._label_predictions(probabilities, i) if decision.in_scope or keep_out_of_scope else {}
            result = Prediction(path=doc.path, labels=labels, scope=decision, label_sets=self.schema.names)
            if issuer and (decision.in_scope or keep_out_of_scope):
                result.issuer = extract_issuer(doc)
                self._level_from_issuer(result)
            if not decision.in_scope:
                # the best guess on request: type and level were learned from reports, so for a
                # document judged not to be one their probabilities vouch for nothing
                result.labels = {name: replace(label, uncertain=True) for name, label in result.labels.items()}
            if explain and labels:
                result.explanation = self.explain_document(doc)
            results.append(result)
        return results

    def predict_texts(self, texts: Iterable[str], *, batch_size: int = 64, **options: Any) -> list[Prediction]:
        """Predictions for raw report texts, processed in batches, one result per text in order.

        A text that cannot be classified gives a result with ``error`` set naming it (``texts[3]: ...``)
        and the others go on: ``None``, numbers, bytes (decode them first, or use
        :func:`classify.intake.read_document`), and empty or blank text. Text without any Chinese
        character (punctuation, English) is classified but every label is flagged ``uncertain``. One
        string instead of a list raises :class:`~classify.errors.InputTypeError`.
        """
        results: list[Prediction] = []
        items: list[tuple[int, Document]] = []
        for i, text in enumerate(_as_list(texts, "texts")):
            try:
                items.append((len(results), _as_document(text, f"texts[{i}]")))
                results.append(Prediction(path=None))
            except ClassifyError as exc:
                results.append(Prediction(path=None, error=str(exc)))
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            for (slot, _), result in zip(
                batch, self.predict_documents([doc for _, doc in batch], **options), strict=True
            ):
                results[slot] = result
        return results

    def predict_file(self, path: str | Path, **options: Any) -> Prediction:
        """The prediction for one report file; raises :class:`InputError` if it cannot be read. A bytes
        path names a file (as in :mod:`os`); it is never read as report text."""
        if isinstance(path, bytes):
            import os

            path = os.fsdecode(path)
        if not isinstance(path, (str, Path)):
            raise InputTypeError(repr(path)[:80], f"expected a path, got {type(path).__name__}")
        return self.predict_documents([read_document(path)], **options)[0]

    def prepare_for_workers(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Load lazily built parts (tokenizers, sessions) before forking, so workers share them."""

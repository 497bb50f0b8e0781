"""What every classifier shares: results, the model-directory format, and the prediction front end.

A model is a directory, Hugging Face style::

    config.json     kind ("baseline", "bert", "onnx"), label sets, threshold, parameters, file checksums
    README.md       the model card
    ...             the kind's own files (weights in safetensors, tokenizer files, vocabularies)

``save_pretrained(dir)`` writes one and ``from_pretrained(dir)`` reads it back exactly; nothing is ever
unpickled. Checksums of the weight files are recorded at save time and verified at load time, so a
truncated or edited file is reported as a corrupt model directory instead of giving wrong answers.

Subclasses implement :meth:`ReportClassifier.fit`, :meth:`ReportClassifier.predict_proba_documents`
and the directory I/O; everything a user calls (``predict_file``, ``predict_texts``, ``predict_files``
with several processes) lives here once.
"""

from __future__ import annotations

import hashlib
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from classify import __version__
from classify.corpus.schema import LabelSchema
from classify.errors import ClassifyError, InputError, ModelError
from classify.intake import Document, expand_inputs, read_document

# --- results ---------------------------------------------------------------------------------------


@dataclass
class LabelPrediction:
    """The prediction for one label set: best label, its probability, all probabilities."""

    label: str
    probability: float
    probabilities: dict[str, float]
    uncertain: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; probabilities rounded to 4 places."""
        return {
            "label": self.label,
            "probability": round(self.probability, 4),
            "uncertain": self.uncertain,
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
        }


@dataclass
class Prediction:
    """A document's predictions for every label set, or the error that prevented them."""

    path: str | None
    labels: dict[str, LabelPrediction] = field(default_factory=dict)
    explanation: dict[str, list[tuple[str, float]]] | None = None
    summary: str | None = None
    error: str | None = None

    @property
    def type(self) -> LabelPrediction:
        """The ``type`` prediction."""
        return self.labels["type"]

    @property
    def level(self) -> LabelPrediction:
        """The ``level`` prediction."""
        return self.labels["level"]

    @property
    def ok(self) -> bool:
        """Whether the document was classified (no error)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        data: dict[str, Any] = {"path": self.path}
        data.update({name: pred.to_dict() for name, pred in self.labels.items()})
        if self.summary is not None:
            data["summary"] = self.summary
        if self.explanation is not None:
            data["explanation"] = {
                name: [{"feature": term, "weight": round(weight, 4)} for term, weight in terms]
                for name, terms in self.explanation.items()
            }
        return data

    def to_json(self, **kwargs: Any) -> str:
        """The result as a JSON string (Chinese kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


# --- model directories -----------------------------------------------------------------------------

CONFIG_NAME = "config.json"
CARD_NAME = "README.md"


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax (shifted by the row maximum, so large logits do not overflow)."""
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_config(directory: Path, config: dict[str, Any], checksummed: Iterable[str]) -> None:
    """Write ``config.json`` with the classify version and the checksums of ``checksummed`` files."""
    config = {**config, "classify_version": __version__}
    config["files"] = {name: sha256_file(directory / name) for name in sorted(checksummed)}
    (directory / CONFIG_NAME).write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")


def read_config(directory: str | Path, kind: str | None = None) -> dict[str, Any]:
    """Read and verify a model directory's ``config.json`` and file checksums.

    Raises :class:`ModelError` naming the directory for a missing directory or file, unreadable JSON,
    a file whose checksum changed, or (when ``kind`` is given) a model of another kind.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelError(directory, "model directory not found")
    path = directory / CONFIG_NAME
    if not path.is_file():
        raise ModelError(directory, f"not a model directory (no {CONFIG_NAME})")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(directory, f"corrupt model directory: {CONFIG_NAME} is not valid JSON ({exc})") from None
    if not isinstance(config, dict) or "kind" not in config or "label_sets" not in config:
        raise ModelError(directory, f"corrupt model directory: {CONFIG_NAME} lacks 'kind' or 'label_sets'")
    if kind is not None and config["kind"] != kind:
        raise ModelError(directory, f"model kind is '{config['kind']}', not '{kind}'")
    for name, expected in config.get("files", {}).items():
        file = directory / name
        if not file.is_file():
            raise ModelError(directory, f"corrupt model directory: {name} is missing")
        if sha256_file(file) != expected:
            raise ModelError(directory, f"corrupt model directory: {name} changed since the model was saved")
    return config


# --- the classifier front end ----------------------------------------------------------------------

_WORKER_MODEL: ReportClassifier | None = None  # set in the parent before forking workers


def _worker_predict(task: tuple[str, dict[str, Any]]) -> Prediction:
    assert _WORKER_MODEL is not None
    path, options = task
    return _WORKER_MODEL._predict_path(path, **options)


class ReportClassifier(ABC):
    """Base class: predicts every label set of a schema, with probabilities.

    scikit-learn conventions: parameters in ``__init__``, learning in :meth:`fit`, then
    :meth:`predict` / :meth:`predict_proba`. Inputs may be :class:`Document` objects or raw texts.
    """

    kind: ClassVar[str] = ""

    def __init__(self, schema: LabelSchema | None = None, threshold: float = 0.5) -> None:
        self.schema = schema or LabelSchema.from_yaml()
        self.threshold = threshold

    # -- what subclasses provide ---------------------------------------------------------------------
    @abstractmethod
    def fit(self, documents: Sequence[Document], labels: Sequence[dict[str, str]], **kwargs: Any) -> ReportClassifier:
        """Learn from documents and their ``{label set: label}`` dicts."""

    @abstractmethod
    def predict_proba_documents(self, documents: Sequence[Document]) -> dict[str, np.ndarray]:
        """Probabilities per label set: ``{name: array (n_docs, n_labels)}`` in schema label order."""

    @abstractmethod
    def save_pretrained(self, directory: str | Path) -> None:
        """Write the model directory."""

    @classmethod
    @abstractmethod
    def from_pretrained(cls, directory: str | Path) -> ReportClassifier:
        """Read a model directory written by :meth:`save_pretrained`."""

    def explain_document(self, document: Document, top_k: int = 8) -> dict[str, list[tuple[str, float]]] | None:
        """The features that weighed most for each predicted label, if the model can say."""
        return None

    # -- scikit-learn style ----------------------------------------------------------------------------
    @staticmethod
    def _as_documents(items: Iterable[Document | str]) -> list[Document]:
        return [item if isinstance(item, Document) else Document.from_text(item) for item in items]

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
        summary: bool = False,
        max_chars: int = 150,
    ) -> list[Prediction]:
        """Predictions for documents, optionally with explanations and lead paragraphs."""
        if not documents:
            return []
        probabilities = self.predict_proba_documents(documents)
        results = []
        for i, doc in enumerate(documents):
            result = Prediction(path=doc.path, labels=self._label_predictions(probabilities, i))
            if explain:
                result.explanation = self.explain_document(doc)
            if summary:
                from classify.summarize import summarize

                result.summary = summarize(doc, max_chars=max_chars).text
            results.append(result)
        return results

    def predict_texts(self, texts: Iterable[str], *, batch_size: int = 64, **options: Any) -> list[Prediction]:
        """Predictions for raw report texts, processed in batches."""
        texts = list(texts)
        results: list[Prediction] = []
        for start in range(0, len(texts), batch_size):
            documents = [Document.from_text(t) for t in texts[start : start + batch_size]]
            results.extend(self.predict_documents(documents, **options))
        return results

    def predict_file(self, path: str | Path, **options: Any) -> Prediction:
        """The prediction for one report file; raises :class:`InputError` if it cannot be read."""
        return self.predict_documents([read_document(path)], **options)[0]

    def _predict_path(self, path: str, **options: Any) -> Prediction:
        try:
            return self.predict_file(path, **options)
        except ClassifyError as exc:
            return Prediction(path=path, error=str(exc))
        except Exception as exc:  # one broken document must not end the batch
            return Prediction(
                path=path, error=str(InputError(path, f"could not classify ({type(exc).__name__}: {exc})"))
            )

    def predict_files(self, paths: Iterable[str | Path], *, jobs: int = 1, **options: Any) -> Iterator[Prediction]:
        """Predictions for files and folders, in input order; unreadable files come back as results
        with ``error`` set. ``jobs > 1`` spreads the files over that many worker processes."""
        names = expand_inputs(paths)
        jobs = max(1, min(jobs, len(names), os.cpu_count() or 1))
        if jobs == 1 or "-" in names:
            for name in names:
                yield self._predict_path(name, **options)
            return
        global _WORKER_MODEL
        self._prepare_for_workers()
        _WORKER_MODEL = self
        import multiprocessing

        context = multiprocessing.get_context("fork")  # workers inherit the loaded model: no reloading
        try:
            with context.Pool(jobs) as pool:
                chunk = max(1, min(32, len(names) // (jobs * 4) or 1))
                yield from pool.imap(_worker_predict, [(name, options) for name in names], chunksize=chunk)
        finally:
            _WORKER_MODEL = None

    def _prepare_for_workers(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Load lazily built parts (tokenizers, sessions) before forking, so workers share them."""

"""classify: type, issuing level and lead paragraph of Chinese party-building reports.

The public API::

    import classify
    doc = classify.read_document("report.txt")       # clean, structured Document
    model = classify.load_model()                    # the shipped default model (or a directory)
    result = model.predict_file("report.txt")        # Prediction: type, level, probabilities
    batch = classify.predict_files(model, ["reports/"], jobs=2)  # files and folders, bad ones as errors
    stream = classify.predict_stream(model, records, id_field="id")  # texts or dicts, lazily, in batches
    lead = classify.summarize(doc, max_chars=150)    # extractive lead paragraph

Names are imported lazily so that ``import classify`` stays fast (the CLI's cold start depends on it).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "read_document": "classify.intake",
    "Document": "classify.intake",
    "load_model": "classify.classifiers",
    "Prediction": "classify.classifiers.results",
    "LabelPrediction": "classify.classifiers.results",
    "predict_files": "classify.predict",
    "predict_stream": "classify.stream",
    "summarize": "classify.summarize",
    "Summary": "classify.summarize",
    "load_records": "classify.corpus.load",
    "ClassifyError": "classify.errors",
}

__all__ = [  # noqa: RUF022 - grouped by topic, as in _LAZY
    "__version__",
    "read_document",
    "Document",
    "load_model",
    "Prediction",
    "LabelPrediction",
    "predict_files",
    "predict_stream",
    "summarize",
    "Summary",
    "load_records",
    "ClassifyError",
]

if TYPE_CHECKING:  # pragma: no cover
    from classify.classifiers import load_model
    from classify.classifiers.results import LabelPrediction, Prediction
    from classify.corpus.load import load_records
    from classify.errors import ClassifyError
    from classify.intake import Document, read_document
    from classify.predict import predict_files
    from classify.stream import predict_stream
    from classify.summarize import Summary, summarize


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'classify' has no attribute {name!r}")

"""Classifiers behind one interface, and :func:`load_model` to open any model directory."""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path

from classify.classifiers.base import ReportClassifier
from classify.classifiers.model_dir import read_config
from classify.classifiers.results import LabelPrediction, Prediction
from classify.errors import ModelError

__all__ = ["KINDS", "LabelPrediction", "Prediction", "ReportClassifier", "default_model_path", "load_model"]

#: Model kinds and where their classes live (imported only when a model of that kind is opened, so the
#: baseline never pays for torch).
KINDS = {
    "baseline": ("classify.classifiers.baseline", "BaselineClassifier"),
    "bert": ("classify.classifiers.bert", "BertClassifier"),
    "onnx": ("classify.classifiers.onnx", "OnnxClassifier"),
}

#: The extra that installs what each kind needs (the baseline needs none).
EXTRAS = {"baseline": "", "bert": "bert", "onnx": "onnx"}

#: The shipped default model: package data (``classify/models/baseline``), so it travels in the wheel
#: with its checksums and ``load_model()`` works from any folder after ``pip install``.
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "baseline"


def default_model_path() -> Path:
    """``$CLASSIFY_MODEL`` if set, else the shipped model inside the package (``classify/models/baseline``)."""
    env = os.environ.get("CLASSIFY_MODEL")
    if env:
        return Path(env)
    return DEFAULT_MODEL


def load_model(path: str | Path | None = None) -> ReportClassifier:
    """Open a model directory (any kind); ``None`` opens the shipped default model.

    Raises :class:`ModelError` naming the directory when it is missing, incomplete or corrupt.
    """
    directory = Path(path) if path is not None else default_model_path()
    if path is None and not directory.exists():
        raise ModelError(directory, "default model not found: pass --model DIR or set CLASSIFY_MODEL")
    config = read_config(directory)
    kind = config["kind"]
    if kind not in KINDS:
        raise ModelError(directory, f"unknown model kind '{kind}' (expected one of {', '.join(KINDS)})")
    module, name = KINDS[kind]
    try:
        cls = getattr(import_module(module), name)
    except ImportError as exc:
        raise ModelError(
            directory, f"a '{kind}' model needs extra packages ({exc.name}): pip install 'classify[{EXTRAS[kind]}]'"
        ) from None
    return cls.from_pretrained(directory)

"""Inference with onnxruntime, without torch, for a bert model exported to ONNX.

:class:`OnnxClassifier` predicts from a directory written by
:func:`classify.training.export_onnx.export_onnx` (which traces, fuses and quantises the graph). Reports
are cut into chunks and chunk logits pooled by the very code the torch model uses
(:mod:`classify.classifiers.bert_inputs`), so both give the same results format and, up to quantisation,
the same numbers. Predicting imports numpy, onnxruntime and ``tokenizers`` only: no torch, no
transformers, and not the export code.

Model directory::

    config.json      kind "onnx", label sets, threshold, inputs (chunking), special token ids,
                     graph outputs, how it was exported, checksums
    README.md        model card (the source model's metrics, the encoder's licence)
    model.onnx       input_ids, attention_mask (chunks x tokens, int64) -> logits_<label set> (chunks x labels)
    tokenizer.json   the encoder's tokenizer
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classify.classifiers.base import ReportClassifier, softmax
from classify.classifiers.bert_inputs import InputSpec, ReportTokenizer, predict_logits
from classify.classifiers.model_dir import CARD_NAME, read_config, write_config, write_model_card
from classify.corpus.schema import LabelSchema
from classify.errors import ModelError
from classify.intake import Document

GRAPH_NAME = "model.onnx"
TOKENIZER_NAME = "tokenizer.json"
INPUTS = ("input_ids", "attention_mask")


def open_session(path: Path, threads: int | None) -> Any:
    """An onnxruntime CPU session on the graph at ``path`` (``threads``: intra-op threads; ``None``: its
    default)."""
    from classify.errors import require

    ort = require("onnxruntime", "onnx", "an ONNX model")

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


#: CPU flags of the int8 dot-product instructions that add u8 x s8 products without 16-bit saturation
VNNI_FLAGS = ("avx512_vnni", "avx_vnni", "amx_int8")


def cpu_flags() -> frozenset[str]:
    """This CPU's feature flags (Linux: ``/proc/cpuinfo``; empty elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[-1].split())
    except OSError:
        pass
    return frozenset()


def cpu_has_vnni() -> bool:
    """Whether this CPU has VNNI or AMX-INT8 (no flags known: assumed not)."""
    return not cpu_flags().isdisjoint(VNNI_FLAGS)


class OnnxClassifier(ReportClassifier):
    """A bert model exported by :func:`~classify.training.export_onnx.export_onnx`, run with onnxruntime
    on the CPU.

    Parameters (besides ``schema`` and ``threshold``, see :class:`ReportClassifier`)
    ----------
    graph:
        Path of ``model.onnx``.
    tokenizer:
        The :class:`ReportTokenizer` the source model used.
    batch_size:
        Chunks per run of the graph.
    threads:
        onnxruntime intra-op threads (``None``: its default, one per core; forked workers use one).
    """

    kind = "onnx"

    def __init__(
        self,
        schema: LabelSchema | None = None,
        threshold: float = 0.5,
        graph: str | Path | None = None,
        tokenizer: ReportTokenizer | None = None,
        batch_size: int = 32,
        threads: int | None = None,
    ) -> None:
        super().__init__(schema, threshold)
        self.graph = Path(graph) if graph is not None else None
        self.tokenizer_ = tokenizer
        self.batch_size = int(batch_size)
        self.threads = threads
        self.export_info: dict[str, Any] = {}
        self.card_info: dict[str, Any] = {}
        self._session_: Any = None
        self._pid = os.getpid()

    # -- prediction ----------------------------------------------------------------------------------
    def session(self) -> Any:
        """The onnxruntime session of this process (a forked worker opens its own, one thread)."""
        if self.graph is None or self.tokenizer_ is None:
            raise ModelError(None, "no ONNX graph: load a model directory written by export_onnx")
        if self._session_ is None or os.getpid() != self._pid:
            threads = self.threads if os.getpid() == self._pid else 1
            self._session_ = open_session(self.graph, threads)
            self._pid = os.getpid()
        return self._session_

    def run_batch(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> dict[str, np.ndarray]:
        """Logits per label set for one padded batch of chunks."""
        names = list(self.schema.names)
        outputs = self.session().run(
            [f"logits_{n}" for n in names], {"input_ids": input_ids, "attention_mask": attention_mask}
        )
        return dict(zip(names, outputs, strict=True))

    def predict_proba_documents(self, documents: Sequence[Document]) -> dict[str, np.ndarray]:
        """Probabilities per label set (see :class:`ReportClassifier`)."""
        names = list(self.schema.names)
        if not documents:
            return {name: np.zeros((0, len(self.schema[name].labels))) for name in names}
        assert self.tokenizer_ is not None
        self.session()
        logits = predict_logits(self.tokenizer_, documents, self.run_batch, names, self.batch_size)
        return {name: softmax(logits[name]) for name in names}

    def prepare_for_workers(self) -> None:
        """Workers open their own sessions (onnxruntime's thread pools do not survive a fork)."""

    # -- persistence ---------------------------------------------------------------------------------
    def config_dict(self) -> dict[str, Any]:
        """What ``config.json`` records (without checksums)."""
        assert self.tokenizer_ is not None
        return {
            "kind": self.kind,
            "label_sets": self.schema.to_dict()["label_sets"],
            "threshold": self.threshold,
            "inputs": self.tokenizer_.spec.to_dict(),
            "special_ids": self.tokenizer_.special,
            "batch_size": self.batch_size,
            "graph": {"inputs": list(INPUTS), "outputs": [f"logits_{n}" for n in self.schema.names]},
            "export": self.export_info,
            "metrics": self.card_info.get("metrics"),
        }

    def save_pretrained(self, directory: str | Path) -> None:
        """Write the graph, tokenizer, config and model card to ``directory`` (in place, not atomically:
        the graph may already live there)."""

        if self.graph is None or self.tokenizer_ is None:
            raise ModelError(None, "no ONNX graph to save")
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        if self.graph.resolve() != (directory / GRAPH_NAME).resolve():
            shutil.copyfile(self.graph, directory / GRAPH_NAME)
        self.tokenizer_.save(directory / TOKENIZER_NAME)
        config = self.config_dict()
        write_config(directory, config, [GRAPH_NAME, TOKENIZER_NAME])
        write_model_card(directory / CARD_NAME, config, self.card_info)
        self.graph = directory / GRAPH_NAME
        self._session_ = None

    @classmethod
    def from_pretrained(cls, directory: str | Path, threads: int | None = None) -> OnnxClassifier:
        """Load a directory written by :func:`~classify.training.export_onnx.export_onnx` (checksums
        verified; the session is opened)."""
        directory = Path(directory)
        config = read_config(directory, kind=cls.kind)
        try:
            schema = LabelSchema.from_dict({"label_sets": config["label_sets"]}, where=directory)
            spec = InputSpec.from_dict(config["inputs"])
            tokenizer = ReportTokenizer.from_file(directory / TOKENIZER_NAME, spec, config["special_ids"])
            outputs = config["graph"]["outputs"]
            if outputs != [f"logits_{n}" for n in schema.names]:
                raise ValueError(f"graph outputs {outputs} do not match the label sets")
            classifier = cls(
                schema,
                float(config.get("threshold", 0.5)),
                directory / GRAPH_NAME,
                tokenizer,
                batch_size=int(config.get("batch_size", 32)),
                threads=threads,
            )
            classifier.export_info = config.get("export") or {}
            if classifier.export_info.get("int8_range") == 8 and not cpu_has_vnni():
                import warnings

                warnings.warn(
                    f"{directory}: quantised with the full int8 range for CPUs with VNNI, which this CPU lacks "
                    "(its int8 products can saturate and move predictions): export again on this machine",
                    stacklevel=2,
                )
            if config.get("metrics"):
                classifier.card_info["metrics"] = config["metrics"]
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, OSError) as exc:
            raise ModelError(directory, f"corrupt model directory: {type(exc).__name__}: {exc}") from None
        try:
            session = classifier.session()
        except Exception as exc:  # onnxruntime raises its own exception types for a bad graph
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(directory, f"corrupt model directory: cannot load {GRAPH_NAME} ({message})") from None
        got = [o.name for o in session.get_outputs()]
        if got != outputs or [i.name for i in session.get_inputs()] != list(INPUTS):
            raise ModelError(directory, f"corrupt model directory: {GRAPH_NAME} has inputs/outputs unlike config.json")
        return classifier

"""ONNX export of a bert model (int8 dynamic quantisation) and inference with onnxruntime, without torch.

:func:`export_onnx` traces the network (the same encoder-then-heads code as torch inference) into one
graph, fuses the transformer blocks with onnxruntime's BERT optimiser where it can, and quantises the
weights of the matrix products to int8 (``onnxruntime.quantization.quantize_dynamic``: activations
are quantised on the fly). :class:`OnnxClassifier` predicts from it; reports are cut into chunks and
chunk logits pooled by the very code the torch model uses (:mod:`classify.classifiers.bert_inputs`),
so both give the same results format and, up to quantisation, the same numbers. Predicting imports
numpy, onnxruntime and ``tokenizers`` only: no torch, no transformers.

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
import tempfile
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
OPSET = 17
#: What int8 quantisation covers. The matrix products hold nearly all the compute. Per-channel scales with
#: a 7-bit range (reduce_range) avoid the saturation of the u8 x s8 instructions of CPUs without VNNI
#: (plain per-channel int8 flipped most level predictions in our checks); quantising the embedding
#: table (Gather) saves 32 MB but moved probabilities twice as much, so it stays fp32.
QUANTIZED_OPS = ("MatMul",)


def _session(path: Path, threads: int | None) -> Any:
    from classify.errors import require

    ort = require("onnxruntime", "onnx", "an ONNX model")

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


class OnnxClassifier(ReportClassifier):
    """A bert model exported by :func:`export_onnx`, run with onnxruntime on the CPU.

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
            self._session_ = _session(self.graph, threads)
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
        """Load a directory written by :func:`export_onnx` (checksums verified; the session is opened)."""
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


# --- export -------------------------------------------------------------------------------------------


def _optimize(source: Path, target: Path, num_heads: int, hidden_size: int) -> dict[str, int]:
    """Fuse attention, layer norms and GELU with onnxruntime's BERT optimiser; the fused op counts."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(
        str(source), model_type="bert", num_heads=num_heads, hidden_size=hidden_size, opt_level=0, use_gpu=False
    )
    optimized.save_model_to_file(str(target))
    return {k: int(v) for k, v in optimized.get_fused_operator_statistics().items() if v}


def export_onnx(
    model_dir: str | Path, out_dir: str | Path, *, quantize: bool = True, optimize: bool = True
) -> OnnxClassifier:
    """Export the bert model in ``model_dir`` to an ONNX model directory ``out_dir``.

    ``quantize``: int8 dynamic quantisation of the matrix products (see :data:`QUANTIZED_OPS`). ``optimize``:
    onnxruntime's BERT fusions first (skipped with a note in ``config.json`` if they fail). Checks that
    the graph reproduces the torch logits on a padded batch before writing. Returns the classifier.
    """
    import torch

    from classify.classifiers.bert import BertClassifier, encoder_license

    model_dir, out_dir = Path(model_dir), Path(out_dir)
    source = BertClassifier.from_pretrained(model_dir, device="cpu")
    network = source.network_
    names = list(source.schema.names)
    for group in network.groups.values():  # plain matmul-softmax attention: what the fusions recognise
        if hasattr(group.encoder, "set_attn_implementation"):
            group.encoder.set_attn_implementation("eager")
        else:
            group.encoder.config._attn_implementation = "eager"
    network.eval()

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.network = network

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
            out = self.network(input_ids, attention_mask)
            return tuple(out[name] for name in names)

    tokenizer = source.tokenizer_
    assert tokenizer is not None
    probe = [Document.from_parts(title="党支部开展主题党日活动", body="支部党员参观纪念馆，重温入党誓词。" * 12)]
    probe.append(Document.from_parts(title="召开总结大会", body="会议指出。"))
    batch = tokenizer.encode(probe)  # two chunks or more, the last one padded
    ids, mask = torch.from_numpy(batch.input_ids), torch.from_numpy(batch.attention_mask)
    with torch.no_grad():
        expected = [t.numpy() for t in Logits()(ids, mask)]
    info: dict[str, Any] = {"source": str(model_dir), "opset": OPSET, "quantization": None, "fused": {}}
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        dynamic = {"input_ids": {0: "chunks", 1: "tokens"}, "attention_mask": {0: "chunks", 1: "tokens"}}
        dynamic.update({f"logits_{n}": {0: "chunks"} for n in names})
        torch.onnx.export(
            Logits(),
            (ids, mask),
            str(fp32),
            dynamo=False,
            input_names=list(INPUTS),
            output_names=[f"logits_{n}" for n in names],
            dynamic_axes=dynamic,
            opset_version=OPSET,
            do_constant_folding=True,
        )
        current = fp32
        if optimize:
            config = next(iter(network.groups.values())).encoder.config
            try:
                fused = Path(tmp) / "fused.onnx"
                info["fused"] = _optimize(fp32, fused, config.num_attention_heads, config.hidden_size)
                current = fused
            except Exception as exc:  # the fusions are an optimisation: keep the plain graph
                info["fused_error"] = f"{type(exc).__name__}: {exc}"
        graph = Path(tmp) / GRAPH_NAME
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(
                current,
                graph,
                op_types_to_quantize=list(QUANTIZED_OPS),
                weight_type=QuantType.QInt8,
                per_channel=True,
                reduce_range=True,
                extra_options={"DefaultTensorType": 1},  # FLOAT: fused ops defeat shape inference
            )
            info["quantization"] = (
                "int8 dynamic (onnxruntime quantize_dynamic): MatMul weights QInt8 per channel, 7-bit range; "
                "activations quantised at run time; embeddings kept fp32"
            )
        else:
            shutil.copyfile(current, graph)
        got = _session(graph, None).run(
            [f"logits_{n}" for n in names], {"input_ids": batch.input_ids, "attention_mask": batch.attention_mask}
        )
        info["probe_max_abs_logit_diff"] = round(
            float(max(np.abs(g - e).max() for g, e in zip(got, expected, strict=True))), 5
        )
        if not quantize and info["probe_max_abs_logit_diff"] > 1e-3:
            raise ModelError(
                out_dir,
                f"the exported graph does not reproduce the torch logits (diff {info['probe_max_abs_logit_diff']})",
            )
        classifier = OnnxClassifier(source.schema, source.threshold, graph, tokenizer, batch_size=source.batch_size)
        classifier.export_info = info
        classifier.card_info = {
            **{k: v for k, v in source.card_info.items() if k in ("metrics", "data", "date")},
            "encoder": source.card_encoder_text()
            + f" Exported to ONNX from `{model_dir.name}`"
            + (" with int8 dynamic quantisation (onnxruntime)." if quantize else " (fp32).")
            + " The metrics are those of the torch model; int8 may differ slightly (scripts/bench_bert.py measures it).",
            "license": encoder_license(source.source_),
        }
        classifier.save_pretrained(out_dir)
    return OnnxClassifier.from_pretrained(out_dir)

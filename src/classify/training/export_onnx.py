"""Export a trained bert model directory to an ONNX model directory (int8 dynamic quantisation).

:func:`export_onnx` traces the network (the same encoder-then-heads code as torch inference) into one
graph, fuses the transformer blocks with onnxruntime's BERT optimiser where it can, and quantises the
weights of the matrix products to int8 (``onnxruntime.quantization.quantize_dynamic``: activations
are quantised on the fly), checks the graph against the torch logits and writes the directory that
:class:`classify.classifiers.onnx.OnnxClassifier` loads (its format is documented there). Export needs
torch; predicting from the result does not.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

from classify.classifiers.bert import BertClassifier, encoder_license
from classify.classifiers.onnx import GRAPH_NAME, INPUTS, OnnxClassifier, cpu_has_vnni, open_session
from classify.errors import ModelError
from classify.intake import Document

OPSET = 17
#: What int8 quantisation covers. The matrix products hold nearly all the compute. Per-channel scales with
#: a 7-bit range (reduce_range) avoid the saturation of the u8 x s8 instructions of CPUs without VNNI
#: (plain per-channel int8 flipped most level predictions in our checks on such a CPU; with VNNI the full
#: range is used, see export_onnx's ``full_range``); quantising the embedding
#: table (Gather) saves 32 MB but moved probabilities twice as much, so it stays fp32.
QUANTIZED_OPS = ("MatMul",)


def _optimize(source: Path, target: Path, num_heads: int, hidden_size: int) -> dict[str, int]:
    """Fuse attention, layer norms and GELU with onnxruntime's BERT optimiser; the fused op counts."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(
        str(source), model_type="bert", num_heads=num_heads, hidden_size=hidden_size, opt_level=0, use_gpu=False
    )
    optimized.save_model_to_file(str(target))
    return {k: int(v) for k, v in optimized.get_fused_operator_statistics().items() if v}


def _head_products(path: Path, outputs: list[str]) -> list[str]:
    """Names of the matrix products that make the label heads' logits (walking back from each output
    through additions and reshapes): a few thousand weights in all, kept fp32 because their rounding
    lands on the logits directly. A small gain (largest probability change on the test split 0.073 ->
    0.071 type, 0.156 -> 0.152 level, the same labels): the level disagreements came from the 7-bit
    range, not from the heads."""
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    producer = {out: node for node in graph.node for out in node.output}
    found = []
    for name in outputs:
        node = producer.get(name)
        while node is not None and node.op_type not in {"MatMul", "Gemm"}:
            node = producer.get(node.input[0]) if node.op_type in {"Add", "Reshape", "Identity", "Squeeze"} else None
        if node is not None:  # the quantiser splits a Gemm into <name>_MatMul + <name>_Add first
            found += [node.name, f"{node.name}_MatMul"] if node.op_type == "Gemm" else [node.name]
    return found


def export_onnx(
    model_dir: str | Path,
    out_dir: str | Path,
    *,
    quantize: bool = True,
    optimize: bool = True,
    full_range: bool | None = None,
) -> OnnxClassifier:
    """Export the bert model in ``model_dir`` to an ONNX model directory ``out_dir``.

    ``quantize``: int8 dynamic quantisation of the matrix products (see :data:`QUANTIZED_OPS`). ``optimize``:
    onnxruntime's BERT fusions first (skipped with a note in ``config.json`` if they fail). Checks that
    the graph reproduces the torch logits on a padded batch before writing. ``full_range``: int8
    weights over the full 8-bit range (closer to fp32: on the test split 98.9 % of level labels agree
    with torch, against 97.8 % with 7 bits) or 7 bits (``reduce_range``, needed where the CPU lacks
    VNNI, whose u8 x s8 products saturate); ``None`` chooses 8 bits on a CPU with VNNI or AMX-INT8
    (:func:`~classify.classifiers.onnx.cpu_has_vnni`). The choice is recorded as ``int8_range`` and
    loading such a model on a CPU without VNNI warns. Returns the classifier.
    """
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

            if full_range is None:
                full_range = cpu_has_vnni()
            info["int8_range"] = 8 if full_range else 7
            quantize_dynamic(
                current,
                graph,
                op_types_to_quantize=list(QUANTIZED_OPS),
                nodes_to_exclude=_head_products(current, [f"logits_{n}" for n in names]),
                weight_type=QuantType.QInt8,
                per_channel=True,
                reduce_range=not full_range,
                extra_options={"DefaultTensorType": 1},  # FLOAT: fused ops defeat shape inference
            )
            info["quantization"] = (
                "int8 dynamic (onnxruntime quantize_dynamic): the encoder's MatMul weights QInt8 per channel, "
                f"{info['int8_range']}-bit range; activations quantised at run time; embeddings and the label "
                "heads kept fp32"
            )
        else:
            shutil.copyfile(current, graph)
        got = open_session(graph, None).run(
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

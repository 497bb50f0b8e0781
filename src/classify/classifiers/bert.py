"""Fine-tuned Chinese BERT: a pretrained encoder with a linear head per label set.

The encoder reads each report as chunks of tokens (:mod:`classify.classifiers.bert_inputs`: title +
head truncation, or chunks over the whole report), mean-pools each chunk's token states, and the
heads' logits are averaged over a document's chunks. One encoder can carry every head (``shared``,
the default) or each label set can have its own encoder. Training lives in
:mod:`classify.training.bert`, export to ONNX in :mod:`classify.training.export_onnx`; the exported
model runs with :mod:`classify.classifiers.onnx`.

The default encoder is ``../shared/models/m3e-small`` (moka-ai/m3e-small: 4 layers, hidden 512). Its
licence is **research use only, non-commercial**, and a model fine-tuned from it inherits that; the
model card says so.

Model directory::

    config.json          kind "bert", label sets, threshold, inputs (chunking), encoders, checksums
    README.md            model card (metrics, encoder and its licence)
    heads.safetensors    per label set <name>.weight (n_labels x hidden) and <name>.bias
    encoder/             the fine-tuned encoder in Hugging Face layout: config.json, model.safetensors,
                         tokenizer.json, tokenizer_config.json (separate encoders: encoder_type/, ...)

Nothing is unpickled: weights are safetensors, the rest JSON. Loading never touches the network.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from classify.classifiers.base import ReportClassifier, softmax
from classify.classifiers.bert_inputs import InputSpec, ReportTokenizer, predict_logits
from classify.classifiers.model_dir import (
    CARD_NAME,
    read_config,
    write_config,
    write_model_card,
)
from classify.corpus.schema import LabelSchema
from classify.errors import ConfigError, ModelError
from classify.intake import Document

HEADS_NAME = "heads.safetensors"
ENCODER_WEIGHTS = "model.safetensors"
TOKENIZER_NAME = "tokenizer.json"
DEFAULT_ENCODER = "m3e-small"  # found in ../shared/models

M3E_LICENSE = (
    "The encoder is fine-tuned from **m3e-small** (moka-ai/m3e-small, MokaAI; initialised from "
    'uer/chinese_roberta_L-4_H-512). Its model card says: "M3E models 使用的数据集中包括大量非商用的数据集，'
    '所以 M3E models 也是非商用的，仅供研究使用。" (trained on non-commercial data sets: **research use only, '
    "non-commercial**). This model inherits that restriction: do not use it commercially. The classify code "
    "itself is Apache-2.0."
)
OTHER_LICENSE = "The encoder's licence is that of its source ({source}): read its model card before use."


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' loading bars and notices (the pooler we drop, and so on)."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def resolve_encoder(name: str | Path | None) -> tuple[str, bool]:
    """Where the pretrained encoder is: ``(local directory or hub id, is_local)``.

    ``None`` or ``"m3e-small"`` means ``../shared/models/m3e-small`` (found like the corpora); an
    existing directory is used as is; anything else is taken as a Hugging Face hub id.
    """
    from classify.corpus.shared import find_shared

    if name is None or str(name) == DEFAULT_ENCODER:
        shared = find_shared()
        path = shared / "models" / DEFAULT_ENCODER if shared else None
        if path is None or not path.is_dir():
            raise ConfigError(
                "encoder", "the default encoder ../shared/models/m3e-small was not found: set encoder.path"
            )
        return str(path), True
    path = Path(name).expanduser()
    if path.is_dir():
        return str(path.resolve()), True
    if path.is_absolute() or str(name).startswith((".", "~")) or str(name).count("/") > 1:
        raise ConfigError("encoder", f"encoder directory {name} not found")
    return str(name), False


def encoder_license(source: str) -> str:
    """The licence paragraph of the model card."""
    return M3E_LICENSE if "m3e" in source.lower() else OTHER_LICENSE.format(source=source)


# --- the network -----------------------------------------------------------------------------------


class ChunkEncoder(nn.Module):
    """A BERT-style encoder read as embeddings then layers, mean-pooled over each chunk's tokens, with a
    linear head per label set. Layers are called one by one so that training can start from cached
    states after frozen layers; the same code runs at inference and in the ONNX export."""

    def __init__(self, encoder: Any, heads: dict[str, int], dropout: float = 0.1) -> None:
        super().__init__()
        if not hasattr(encoder, "embeddings") or not hasattr(getattr(encoder, "encoder", None), "layer"):
            raise ModelError(None, f"{type(encoder).__name__} is not a BERT-style encoder (embeddings + layers)")
        if getattr(encoder, "pooler", None) is not None:
            encoder.pooler = None  # unused: chunks are mean-pooled
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        hidden = encoder.config.hidden_size
        self.names = list(heads)  # label sets, in head order ("type" cannot be a ModuleDict key)
        self.heads = nn.ModuleList([nn.Linear(hidden, n) for n in heads.values()])

    @property
    def n_layers(self) -> int:
        """Number of transformer layers."""
        return len(self.encoder.encoder.layer)

    def embed(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Token + position embeddings (token type 0)."""
        return self.encoder.embeddings(input_ids=input_ids)

    def run_layers(
        self, hidden: torch.Tensor, attention_mask: torch.Tensor, start: int = 0, stop: int | None = None
    ) -> torch.Tensor:
        """Hidden states after layers ``start:stop``, padding masked out of attention."""
        mask = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        for layer in self.encoder.encoder.layer[start:stop]:
            out = layer(hidden, attention_mask=mask)
            hidden = out[0] if isinstance(out, tuple) else out  # transformers 4 returns tuples
        return hidden

    def classify(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        """Head logits per chunk from the last hidden states (mean over the chunk's tokens)."""
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        return {name: head(pooled) for name, head in zip(self.names, self.heads, strict=True)}

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        return self.classify(self.run_layers(self.embed(input_ids), attention_mask), attention_mask)


class ReportNetwork(nn.Module):
    """Every encoder with its heads, ``{group: ChunkEncoder}``; forward gives chunk logits per label set."""

    def __init__(self, groups: dict[str, ChunkEncoder]) -> None:
        super().__init__()
        self.groups = nn.ModuleDict(groups)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        out: dict[str, torch.Tensor] = {}
        for group in self.groups.values():
            out.update(group(input_ids, attention_mask))
        return out


def load_pretrained(source: str, local: bool) -> tuple[Any, Any, dict[str, str]]:
    """The pretrained encoder module, its ``tokenizers.Tokenizer`` and special tokens, from a local
    directory or the hub (the hub only when not offline; a cached copy is preferred)."""
    from transformers import AutoModel, AutoTokenizer

    offline = (
        local
        or os.environ.get("HF_HUB_OFFLINE", "0") not in ("0", "", "false")
        or bool(os.environ.get("TRANSFORMERS_OFFLINE"))
    )
    attempts = [True] if offline else [True, False]
    last: Exception | None = None
    for local_only in attempts:
        try:
            with quiet_transformers():
                encoder = AutoModel.from_pretrained(source, local_files_only=local_only, attn_implementation="sdpa")
                hf_tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only, use_fast=True)
            break
        except (OSError, ValueError) as exc:
            last = exc
    else:
        hint = "" if local else " (a hub id needs the network once, or a local copy: set encoder.path)"
        raise ConfigError("encoder", f"cannot load encoder {source}: {str(last).splitlines()[0]}{hint}")
    if not getattr(hf_tokenizer, "is_fast", False):
        raise ConfigError("encoder", f"encoder {source} has no fast tokenizer (tokenizer.json)")
    tokens = {
        "cls": hf_tokenizer.cls_token or hf_tokenizer.bos_token,
        "sep": hf_tokenizer.sep_token or hf_tokenizer.eos_token,
        "pad": hf_tokenizer.pad_token,
        "unk": hf_tokenizer.unk_token,
    }
    if not all(tokens[k] for k in ("cls", "sep", "pad")):
        raise ConfigError("encoder", f"encoder {source}'s tokenizer lacks a CLS, SEP or PAD token")
    return encoder, hf_tokenizer.backend_tokenizer, tokens


def special_ids(tokenizer: Any, tokens: dict[str, str]) -> dict[str, int]:
    """Ids of the CLS, SEP and PAD tokens."""
    out = {}
    for key in ("cls", "sep", "pad"):
        token_id = tokenizer.token_to_id(tokens[key])
        if token_id is None:
            raise ModelError(None, f"the tokenizer has no id for {tokens[key]}")
        out[key] = int(token_id)
    return out


def pick_device(name: str = "auto") -> str:
    """``auto``: the GPU when torch sees one, else the CPU."""
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError("training", f"device {name} asked for, but torch sees no GPU")
    return name


# --- the classifier ----------------------------------------------------------------------------------


class BertClassifier(ReportClassifier):
    """A fine-tuned BERT encoder with a head per label set (see the module docstring).

    Parameters (besides ``schema`` and ``threshold``, see :class:`ReportClassifier`)
    ----------
    encoder:
        Pretrained encoder: a local directory, a hub id, or ``None`` for ``../shared/models/m3e-small``.
    shared:
        One encoder for every label set (``True``), or one encoder per label set.
    inputs:
        :class:`InputSpec` (or a dict of its fields): strategy ``head`` or ``chunks``, ``max_length``,
        ``title_tokens``, ``max_chunks``.
    dropout:
        Dropout on the pooled chunk embedding, in training.
    training:
        :class:`classify.training.bert.TrainingArguments` or a dict of its fields.
    batch_size:
        Chunks per forward pass at inference.
    device:
        ``auto`` (GPU when there is one), ``cpu`` or ``cuda``.
    """

    kind = "bert"

    def __init__(
        self,
        schema: LabelSchema | None = None,
        threshold: float = 0.5,
        encoder: str | Path | None = None,
        shared: bool = True,
        inputs: InputSpec | dict | None = None,
        dropout: float = 0.1,
        training: Any = None,
        batch_size: int = 32,
        device: str = "auto",
    ) -> None:
        super().__init__(schema, threshold)
        self.encoder = encoder
        self.shared = bool(shared)
        self.inputs = inputs if isinstance(inputs, InputSpec) else InputSpec.from_dict(inputs or {})
        self.dropout = float(dropout)
        self.training = training
        self.batch_size = int(batch_size)
        self.device = device
        self.network_: Any = None
        self.tokenizer_: ReportTokenizer | None = None
        self.tokens_: dict[str, str] = {}
        self.source_: str = ""
        self.history_: dict[str, Any] = {}
        self.card_info: dict[str, Any] = {}
        self._pid = os.getpid()

    def groups(self) -> dict[str, list[str]]:
        """Encoders and the label sets each one's heads predict."""
        if self.shared:
            return {"encoder": list(self.schema.names)}
        return {f"encoder_{name}": [name] for name in self.schema.names}

    def build_network(self, encoders: dict[str, Any]) -> Any:
        """The network around loaded encoder modules (heads freshly initialised)."""
        groups = {}
        for group, names in self.groups().items():
            heads = {name: len(self.schema[name].labels) for name in names}
            module = ChunkEncoder(encoders[group], heads, self.dropout)
            std = getattr(module.encoder.config, "initializer_range", 0.02)
            for head in module.heads:
                head.weight.data.normal_(0.0, std)
                head.bias.data.zero_()
            groups[group] = module
        return ReportNetwork(groups)

    # -- prediction ----------------------------------------------------------------------------------
    def _check_fitted(self) -> tuple[Any, ReportTokenizer]:
        if self.network_ is None or self.tokenizer_ is None:
            raise ModelError(
                None,
                "the classifier is not fitted: train it (classify.training.bert.Trainer) or load a model directory",
            )
        return self.network_, self.tokenizer_

    def _in_this_process(self) -> None:
        """In a forked worker, use one thread: the processes are the parallelism."""
        if os.getpid() != self._pid:
            torch.set_num_threads(1)
            self._pid = os.getpid()

    def run_batch(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> dict[str, np.ndarray]:
        """Logits per label set for one padded batch of chunks."""
        network, _ = self._check_fitted()
        device = next(network.parameters()).device
        with torch.inference_mode():
            out = network(torch.from_numpy(input_ids).to(device), torch.from_numpy(attention_mask).to(device))
        return {name: value.float().cpu().numpy() for name, value in out.items()}

    def predict_proba_documents(self, documents: Sequence[Document]) -> dict[str, np.ndarray]:
        """Probabilities per label set (see :class:`ReportClassifier`)."""
        network, tokenizer = self._check_fitted()
        names = list(self.schema.names)
        if not documents:
            return {name: np.zeros((0, len(self.schema[name].labels))) for name in names}
        self._in_this_process()
        network.eval()
        logits = predict_logits(tokenizer, documents, self.run_batch, names, self.batch_size)
        return {name: softmax(logits[name]) for name in names}

    def prepare_for_workers(self) -> None:
        network, _ = self._check_fitted()
        network.eval()

    # -- persistence ---------------------------------------------------------------------------------
    def config_dict(self) -> dict[str, Any]:
        """What ``config.json`` records (without checksums)."""
        training = self.training
        if training is not None and not isinstance(training, dict):
            from dataclasses import asdict

            training = asdict(training)
        return {
            "kind": self.kind,
            "label_sets": self.schema.to_dict()["label_sets"],
            "threshold": self.threshold,
            "encoder": {
                "source": self.source_,
                "shared": self.shared,
                "groups": self.groups(),
                "dropout": self.dropout,
            },
            "inputs": self.inputs.to_dict(),
            "tokens": self.tokens_,
            "special_ids": self.tokenizer_.special if self.tokenizer_ else {},
            "batch_size": self.batch_size,
            "training": training,
            "history": self.history_,
            "metrics": self.card_info.get("metrics"),
        }

    def _write(self, directory: Path) -> None:
        """Write config, encoders (Hugging Face layout), heads, tokenizer and model card (:meth:`save_pretrained` makes it atomic)."""
        from safetensors.torch import save_file

        network, tokenizer = self._check_fitted()
        files = [HEADS_NAME]
        heads = {}
        for group, module in network.groups.items():
            folder = directory / group
            folder.mkdir(exist_ok=True)
            module.encoder.config.save_pretrained(folder)
            state = {k: v.detach().cpu().contiguous() for k, v in module.encoder.state_dict().items()}
            save_file(state, str(folder / ENCODER_WEIGHTS), metadata={"format": "pt"})
            tokenizer.save(folder / TOKENIZER_NAME)
            hf_config = {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "model_max_length": int(module.encoder.config.max_position_embeddings),
                **{f"{k}_token": v for k, v in self.tokens_.items() if v},
            }
            (folder / "tokenizer_config.json").write_text(json.dumps(hf_config, ensure_ascii=False, indent=2))
            files += [
                f"{group}/{name}" for name in ("config.json", ENCODER_WEIGHTS, TOKENIZER_NAME, "tokenizer_config.json")
            ]
            for name, head in zip(module.names, module.heads, strict=True):
                heads[f"{name}.weight"] = head.weight.detach().cpu().contiguous()
                heads[f"{name}.bias"] = head.bias.detach().cpu().contiguous()
        save_file(heads, str(directory / HEADS_NAME))
        config = self.config_dict()
        write_config(directory, config, files)
        info = {
            **self.card_info,
            "encoder": self.card_encoder_text(),
            "license": encoder_license(self.source_),
        }
        write_model_card(directory / CARD_NAME, config, info)

    def card_encoder_text(self) -> str:
        """The model card's paragraph on the encoder and how reports are read."""
        spec = self.inputs
        how = (
            f"title + the head of the body, truncated to {spec.max_length} tokens"
            if spec.strategy == "head"
            else f"the whole report in chunks of {spec.max_length} tokens (title repeated in each; at most "
            f"{spec.max_chunks} chunks, spread evenly over a longer report), chunk logits averaged"
        )
        encoders = "one shared encoder with a head per label set" if self.shared else "one encoder per label set"
        return f"Fine-tuned from `{Path(self.source_).name or self.source_}`; {encoders}. Reads {how}."

    @classmethod
    def from_pretrained(cls, directory: str | Path, device: str = "auto") -> BertClassifier:
        """Load a model directory written by :meth:`save_pretrained` (checksums verified, offline)."""
        directory = Path(directory)
        config = read_config(directory, kind=cls.kind)
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            schema = LabelSchema.from_dict({"label_sets": config["label_sets"]}, where=directory)
            settings = config["encoder"]
            classifier = cls(
                schema=schema,
                threshold=float(config.get("threshold", 0.5)),
                encoder=settings["source"],
                shared=settings["shared"],
                inputs=config["inputs"],
                dropout=settings.get("dropout", 0.1),
                training=config.get("training"),
                batch_size=int(config.get("batch_size", 32)),
                device=device,
            )
            if settings["groups"] != classifier.groups():
                raise ValueError(f"encoder groups {settings['groups']} do not match the label sets")
            classifier.source_ = settings["source"]
            classifier.tokens_ = dict(config["tokens"])
            classifier.history_ = config.get("history") or {}
            if config.get("metrics"):
                classifier.card_info["metrics"] = config["metrics"]
            first = next(iter(classifier.groups()))
            classifier.tokenizer_ = ReportTokenizer.from_file(
                directory / first / TOKENIZER_NAME, classifier.inputs, config["special_ids"]
            )
            from transformers import AutoConfig, AutoModel

            encoders = {}
            for group in classifier.groups():
                with quiet_transformers():
                    hf_config = AutoConfig.from_pretrained(directory / group, local_files_only=True)
                    encoder = AutoModel.from_config(hf_config, attn_implementation="sdpa")
                if getattr(encoder, "pooler", None) is not None:
                    encoder.pooler = None
                encoder.load_state_dict(load_file(str(directory / group / ENCODER_WEIGHTS)), strict=True)
                encoders[group] = encoder
            network = classifier.build_network(encoders)
            heads = load_file(str(directory / HEADS_NAME))
            for module in network.groups.values():
                for name, head in zip(module.names, module.heads, strict=True):
                    head.load_state_dict({"weight": heads[f"{name}.weight"], "bias": heads[f"{name}.bias"]})
            network.eval()
            classifier.network_ = network.to(pick_device(device))
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, RuntimeError, SafetensorError, OSError, json.JSONDecodeError) as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise ModelError(directory, f"corrupt model directory: {type(exc).__name__}: {message}") from None
        return classifier

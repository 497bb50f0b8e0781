"""Fine-tuning the BERT classifier: training arguments, the training loop, and ``fit_bert`` for
``classify train --config configs/bert.yaml``.

CPU first. Fine-tuning every layer of even a 4-layer encoder over several hundred long reports takes
too long on two cores, so by default the embeddings and the bottom ``freeze_layers`` layers stay as
pretrained: their output for every chunk is computed once (:class:`HiddenCache`) and each epoch
trains only the top layers and the heads. ``freeze_layers: 0`` fine-tunes the whole encoder (on a
GPU, say). The device is the GPU when torch sees one, else the CPU.

A step reads a batch of documents. Of each document, ``chunks_per_doc`` of the chunks inference
would read are drawn at random (a different draw each epoch), their logits averaged as at inference;
the loss is cross-entropy per label set, weighted by class (``class_weight: balanced``: each class
present counts as much as any other) and by sample (generated reports count ``augment_weight``).
After each epoch the model is scored on dev; training stops when the dev macro-F1 (mean over the
encoder's label sets; ties go to the lower dev loss) has not improved for ``patience`` epochs, and
the best epoch's weights are kept. Seeds are fixed (random, numpy, torch).

``fit_bert`` can compare settings on dev: give ``encoder.shared`` or ``encoder.strategy`` a list
(``[true, false]``, ``[head, chunks]``) and every combination is trained and the best kept. With
``split.refit_on_dev`` the kept setting is then trained again on train + dev for the number of
epochs early stopping chose.
"""

from __future__ import annotations

import copy
import math
import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import torch

from classify.classifiers.bert import (
    BertClassifier,
    ChunkEncoder,
    encoder_license,
    load_pretrained,
    pick_device,
    resolve_encoder,
    special_ids,
)
from classify.classifiers.bert_inputs import STRATEGIES, InputSpec, ReportTokenizer, pad_chunks
from classify.corpus.schema import LabelSchema
from classify.errors import ConfigError, ModelError
from classify.evaluate import EvaluationReport, evaluate_labels, label_set_report
from classify.intake import Document
from classify.training.progress import Progress, Say, as_progress

CLASS_WEIGHTS = ("balanced", "sqrt", "none")
_ENCODER_KEYS = {"path", "shared", "strategy", "max_length", "title_tokens", "max_chunks", "dropout", "batch_size"}


@dataclass
class TrainingArguments:
    """How to fine-tune (the ``training`` section of a config)."""

    epochs: int = 8  # at most; early stopping on dev usually ends sooner
    patience: int = 2  # epochs without a better dev macro-F1 before stopping
    batch_size: int = 16  # documents per step
    lr: float = 1e-4  # trainable encoder layers
    head_lr: float = 2e-3  # the heads
    weight_decay: float = 0.01
    warmup: float = 0.1  # share of the steps with a rising learning rate
    freeze_layers: int = 3  # embeddings + this many bottom layers stay frozen (their output cached)
    chunks_per_doc: int = 1  # chunks of each document one step reads, drawn at random
    class_weight: str = "balanced"  # balanced, sqrt (milder) or none
    seed: int = 13
    device: str = "auto"  # auto: the GPU when there is one, else the CPU

    @classmethod
    def from_dict(cls, data: dict[str, Any] | TrainingArguments | None) -> TrainingArguments:
        """Validate a config's ``training`` section; :class:`ConfigError` for unknown keys or bad values."""
        if isinstance(data, TrainingArguments):
            return data
        data = dict(data or {})
        known = {f.name: f.type for f in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise ConfigError("training", f"unknown key(s): {', '.join(sorted(unknown))} (expected {', '.join(known)})")
        try:
            args = cls(
                **{k: (float(v) if k in ("lr", "head_lr", "weight_decay", "warmup") else v) for k, v in data.items()}
            )
        except (TypeError, ValueError) as exc:
            raise ConfigError("training", f"bad value: {exc}") from None
        args.class_weight = str(args.class_weight).lower() if args.class_weight is not None else "none"
        if args.class_weight not in CLASS_WEIGHTS:
            raise ConfigError("training", f"class_weight must be one of {', '.join(CLASS_WEIGHTS)}")
        for name in ("epochs", "batch_size", "chunks_per_doc"):
            if not isinstance(getattr(args, name), int) or getattr(args, name) < 1:
                raise ConfigError("training", f"{name} must be a positive integer")
        if not isinstance(args.freeze_layers, int) or args.freeze_layers < 0:
            raise ConfigError("training", "freeze_layers must be 0 or more")
        if args.lr <= 0 or args.head_lr <= 0 or not 0 <= args.warmup < 1:
            raise ConfigError("training", "lr and head_lr must be positive and warmup in [0, 1)")
        return args


@dataclass
class LabelledSet:
    """Documents, their labels and sample weights."""

    documents: list[Document]
    labels: list[dict[str, str]]
    weights: np.ndarray

    @classmethod
    def build(
        cls,
        documents: Sequence[Document] | None,
        labels: Sequence[dict[str, str]] | None,
        weights: Sequence[float] | None = None,
    ) -> LabelledSet:
        documents, labels = list(documents or []), list(labels or [])
        if len(documents) != len(labels):
            raise ValueError(f"{len(documents)} documents but {len(labels)} label rows")
        w = np.ones(len(documents)) if weights is None else np.asarray(weights, dtype=np.float64)
        return cls(documents, labels, w)

    @classmethod
    def from_records(cls, records: Sequence[Any], weight: float = 1.0) -> LabelledSet:
        return cls.build([r.document for r in records], [r.labels for r in records], [weight] * len(records))

    def __add__(self, other: LabelledSet) -> LabelledSet:
        return LabelledSet(
            self.documents + other.documents, self.labels + other.labels, np.concatenate([self.weights, other.weights])
        )

    def __len__(self) -> int:
        return len(self.documents)


def seed_everything(seed: int) -> None:
    """Fix the seeds of random, numpy and torch."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def class_weights(y: np.ndarray, weights: np.ndarray, n_classes: int, how: str) -> np.ndarray:
    """Per-class loss weights from (sample-weighted) counts; classes with no example get 0."""
    counts = np.bincount(y, weights=weights, minlength=n_classes)
    present = counts > 0
    out = np.zeros(n_classes)
    if how == "none":
        out[present] = 1.0
        return out
    out[present] = counts[present].sum() / (present.sum() * counts[present])
    return np.sqrt(out) if how == "sqrt" else out


# --- cached states after the frozen layers ----------------------------------------------------------


class HiddenCache:
    """Hidden states after the frozen bottom layers, per distinct chunk, computed once and kept in
    memory (CPU). Valid for one pretrained encoder and one number of frozen layers: the frozen part
    never changes, so every run of a comparison and every encoder of a model shares it."""

    def __init__(self) -> None:
        self.key: tuple[str, int] | None = None
        self.states: dict[tuple[int, ...], torch.Tensor] = {}

    def fill(
        self,
        module: ChunkEncoder,
        chunks: Sequence[tuple[int, ...]],
        layers: int,
        source: str,
        device: str,
        pad_id: int,
        progress: Progress | None = None,
        batch_size: int = 32,
    ) -> None:
        """Compute the states of the chunks not cached yet (a bar on ``progress`` counts them)."""
        if self.key != (source, layers):
            self.states.clear()
            self.key = (source, layers)
        todo = sorted({c for c in chunks if c not in self.states}, key=lambda c: (-len(c), c))
        if not todo:
            return
        was_training = module.training
        module.eval()
        description = f"encoding {len(todo)} chunks through the {layers} frozen layers"
        with as_progress(progress).bar(description, len(todo)) as bar, torch.no_grad():
            for start in range(0, len(todo), batch_size):
                part = todo[start : start + batch_size]
                ids, mask = pad_chunks(part, pad_id)
                ids_t, mask_t = torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device)
                hidden = module.run_layers(module.embed(ids_t), mask_t, 0, layers).cpu()
                for i, chunk in enumerate(part):
                    self.states[chunk] = hidden[i, : len(chunk)].clone()
                bar.advance(len(part))
        module.train(was_training)

    def batch(self, chunks: Sequence[tuple[int, ...]]) -> tuple[torch.Tensor, torch.Tensor]:
        """Padded states (n, length, hidden) and attention mask (n, length) of cached chunks."""
        length = max(len(c) for c in chunks)
        first = self.states[chunks[0]]
        hidden = torch.zeros((len(chunks), length, first.shape[-1]), dtype=first.dtype)
        mask = torch.zeros((len(chunks), length), dtype=torch.long)
        for i, chunk in enumerate(chunks):
            hidden[i, : len(chunk)] = self.states[chunk]
            mask[i, : len(chunk)] = 1
        return hidden, mask


# --- the loop ----------------------------------------------------------------------------------------


def _chunk_logits(
    module: ChunkEncoder, chunks: Sequence[tuple[int, ...]], start: int, cache: HiddenCache, device: str, pad_id: int
):
    if start > 0:
        hidden, mask = cache.batch(chunks)
        hidden, mask = hidden.to(device), mask.to(device)
        hidden = module.run_layers(hidden, mask, start)
    else:
        ids, mask_np = pad_chunks(chunks, pad_id)
        ids_t, mask = torch.from_numpy(ids).to(device), torch.from_numpy(mask_np).to(device)
        hidden = module.run_layers(module.embed(ids_t), mask)
    return module.classify(hidden, mask)


def _pool(logits: torch.Tensor, owner: torch.Tensor, n_docs: int) -> torch.Tensor:
    total = torch.zeros((n_docs, logits.shape[1]), dtype=logits.dtype, device=logits.device)
    total.index_add_(0, owner, logits)
    counts = torch.bincount(owner, minlength=n_docs).clamp(min=1).to(logits.dtype)
    return total / counts[:, None]


def _evaluate(
    module: ChunkEncoder,
    names: Sequence[str],
    chunks: Sequence[Sequence[tuple[int, ...]]],
    y: dict[str, np.ndarray],
    schema: LabelSchema,
    start: int,
    cache: HiddenCache,
    device: str,
    pad_id: int,
    batch_size: int = 64,
) -> tuple[dict[str, float], float, dict[str, list[str]]]:
    """Dev macro-F1 per label set, mean cross-entropy, predicted labels (reads every chunk)."""
    flat = [c for doc in chunks for c in doc]
    owner = np.asarray([i for i, doc in enumerate(chunks) for _ in doc])
    order = sorted(range(len(flat)), key=lambda i: (-len(flat[i]), i))
    module.eval()
    parts: dict[str, list[torch.Tensor]] = {name: [] for name in names}
    with torch.no_grad():
        for s in range(0, len(order), batch_size):
            out = _chunk_logits(module, [flat[i] for i in order[s : s + batch_size]], start, cache, device, pad_id)
            for name in names:
                parts[name].append(out[name].float().cpu())
    inverse = torch.from_numpy(np.argsort(np.asarray(order), kind="stable"))
    owner_t = torch.from_numpy(owner)
    f1, loss, predicted = {}, 0.0, {}
    for name in names:
        doc_logits = _pool(torch.cat(parts[name])[inverse], owner_t, len(chunks))
        truth = torch.from_numpy(y[name])
        loss += float(torch.nn.functional.cross_entropy(doc_logits, truth))
        labels = schema[name].labels
        predicted[name] = [labels[int(i)] for i in doc_logits.argmax(dim=1)]
        f1[name] = label_set_report(name, labels, [labels[int(i)] for i in truth], predicted[name]).macro_f1
    return f1, loss / len(names), predicted


def _train_group(
    module: ChunkEncoder,
    group: str,
    names: Sequence[str],
    schema: LabelSchema,
    train_chunks: Sequence[Sequence[tuple[int, ...]]],
    train_y: dict[str, np.ndarray],
    train_w: np.ndarray,
    dev: tuple[Sequence[Sequence[tuple[int, ...]]], dict[str, np.ndarray]] | None,
    args: TrainingArguments,
    cache: HiddenCache,
    device: str,
    pad_id: int,
    epochs: int,
    progress: Progress,
) -> dict[str, Any]:
    """Train one encoder and its heads; early stopping on dev when there is a dev set."""
    seed_everything(args.seed)
    start = args.freeze_layers
    for p in module.parameters():
        p.requires_grad_(False)
    trainable_layers = list(module.encoder.encoder.layer[start:])
    encoder_params = [p for layer in trainable_layers for p in layer.parameters()]
    if start == 0:
        encoder_params += list(module.encoder.embeddings.parameters())
    head_params = list(module.heads.parameters())
    for p in encoder_params + head_params:
        p.requires_grad_(True)

    def decay(params):
        return [p for p in params if p.ndim >= 2], [p for p in params if p.ndim < 2]

    groups = []
    for params, lr in ((encoder_params, args.lr), (head_params, args.head_lr)):
        with_decay, without = decay(params)
        groups += [
            {"params": with_decay, "lr": lr, "weight_decay": args.weight_decay},
            {"params": without, "lr": lr, "weight_decay": 0.0},
        ]
    optimizer = torch.optim.AdamW([g for g in groups if g["params"]])
    n_docs = len(train_chunks)
    steps_per_epoch = math.ceil(n_docs / args.batch_size)
    total_steps = steps_per_epoch * epochs
    warmup = int(args.warmup * total_steps)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    loss_weights = {
        name: torch.tensor(
            class_weights(train_y[name], train_w, len(schema[name].labels), args.class_weight), dtype=torch.float32
        ).to(device)
        for name in names
    }
    rng = np.random.default_rng(args.seed)
    trainable = [p for p in module.parameters() if p.requires_grad]
    best: dict[str, Any] = {"score": -1.0, "loss": math.inf, "epoch": 0, "state": None, "f1": {}, "predicted": {}}
    history = []
    stale = 0
    began = time.perf_counter()
    label = "+".join(names)
    for epoch in range(1, epochs + 1):
        module.train()
        order = rng.permutation(n_docs)
        running, seen = 0.0, 0
        with progress.bar(f"{label} epoch {epoch}/{epochs}", steps_per_epoch) as bar:
            for step in range(steps_per_epoch):
                docs = order[step * args.batch_size : (step + 1) * args.batch_size]
                flat, owner = [], []
                for j, d in enumerate(docs):
                    candidates = train_chunks[d]
                    k = min(args.chunks_per_doc, len(candidates))
                    picked = sorted(rng.choice(len(candidates), size=k, replace=False).tolist())
                    flat += [candidates[i] for i in picked]
                    owner += [j] * k
                out = _chunk_logits(module, flat, start, cache, device, pad_id)
                owner_t = torch.tensor(owner, device=device)
                w = torch.tensor(train_w[docs], dtype=torch.float32, device=device)
                loss = torch.zeros((), device=device)
                for name in names:
                    doc_logits = _pool(out[name], owner_t, len(docs))
                    target = torch.from_numpy(train_y[name][docs]).to(device)
                    per_doc = torch.nn.functional.cross_entropy(doc_logits, target, reduction="none")
                    scale = w * loss_weights[name][target]
                    loss = loss + (per_doc * scale).sum() / scale.sum().clamp(min=1e-8)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimizer.step()
                scheduler.step()
                running += float(loss.detach()) * len(docs)
                seen += len(docs)
                bar.advance(1, f"loss {running / seen:.3f}")
        entry: dict[str, Any] = {"epoch": epoch, "train_loss": round(running / max(seen, 1), 4)}
        message = f"{group} epoch {epoch}/{epochs}: train loss {entry['train_loss']:.3f}"
        if dev is not None:
            f1, dev_loss, predicted = _evaluate(module, names, dev[0], dev[1], schema, start, cache, device, pad_id)
            score = float(np.mean([f1[n] for n in names]))
            entry.update({"dev_loss": round(dev_loss, 4), "dev_macro_f1": {n: round(v, 4) for n, v in f1.items()}})
            improved = score > best["score"] + 1e-9 or (abs(score - best["score"]) <= 1e-9 and dev_loss < best["loss"])
            scores = ", ".join(f"{n} {v:.3f}" for n, v in f1.items())
            message += f", dev loss {dev_loss:.3f}, dev macro-F1 {scores}"
            if improved:
                best.update(score=score, loss=dev_loss, epoch=epoch, f1=f1, predicted=predicted)
                best["state"] = {k: v.detach().clone() for k, v in module.state_dict().items()}
                stale = 0
                message += " (best so far)"
            else:
                stale += 1
        history.append(entry)
        progress(message)
        if dev is not None and stale >= args.patience:
            progress(
                f"{group}: no better dev macro-F1 for {args.patience} epochs, stopping; keeping epoch {best['epoch']}"
            )
            break
    if best["state"] is not None:
        module.load_state_dict(best["state"])
    for p in module.parameters():
        p.requires_grad_(False)
    module.eval()
    return {
        "epochs_run": len(history),
        "best_epoch": best["epoch"] if dev is not None else len(history),
        "dev_macro_f1": {n: round(v, 4) for n, v in best["f1"].items()},
        "dev_predicted": best["predicted"],
        "seconds": round(time.perf_counter() - began, 1),
        "history": history,
    }


def train_classifier(
    model: BertClassifier,
    train: LabelledSet,
    dev: LabelledSet | None = None,
    *,
    cache: HiddenCache | None = None,
    progress: Progress | Say | None = None,
    epochs: int | dict[str, int] | None = None,
) -> dict[str, Any]:
    """Fine-tune ``model`` from its pretrained encoder (every encoder of it, one after the other).

    ``epochs`` fixes the number of epochs (per encoder when a dict) instead of early stopping; without
    dev documents the model trains ``training.epochs`` epochs. ``progress``: status lines and bars
    (:mod:`classify.training.progress`; a plain function gets the lines only). Returns the history per
    encoder.
    """
    progress = as_progress(progress)
    args = TrainingArguments.from_dict(model.training)
    model.training = args
    schema = model.schema
    if not len(train):
        raise ModelError(None, "no training documents")
    for name in schema.names:
        if len({row[name] for row in train.labels}) < 2:
            raise ModelError(None, f"cannot train '{name}': the training data has one label only")
    device = pick_device(args.device)
    source, local = resolve_encoder(model.encoder)
    progress(f"loading encoder {source} on {device}")
    seed_everything(args.seed)
    encoders, tokenizer = {}, None
    for group in model.groups():
        encoder, tokenizer, tokens = load_pretrained(source, local)
        encoders[group] = encoder
    n_layers = len(next(iter(encoders.values())).encoder.layer)
    if args.freeze_layers > n_layers:
        raise ConfigError("training", f"freeze_layers is {args.freeze_layers} but the encoder has {n_layers} layers")
    model.source_, model.tokens_ = source, tokens
    model.tokenizer_ = ReportTokenizer(tokenizer, model.inputs, special_ids(tokenizer, tokens))
    seed_everything(args.seed)
    network = model.build_network(encoders).to(device)
    model.network_ = network
    pad_id = model.tokenizer_.pad_id

    train_chunks = [[tuple(c) for c in doc] for doc in model.tokenizer_.chunks(train.documents)]
    train_y = {n: np.asarray([schema[n].index(row[n]) for row in train.labels]) for n in schema.names}
    dev_data = None
    if dev is not None and len(dev):
        dev_chunks = [[tuple(c) for c in doc] for doc in model.tokenizer_.chunks(dev.documents)]
        dev_data = (dev_chunks, {n: np.asarray([schema[n].index(row[n]) for row in dev.labels]) for n in schema.names})
    cache = cache if cache is not None else HiddenCache()
    history: dict[str, Any] = {}
    if args.freeze_layers > 0:
        candidates = [c for doc in train_chunks for c in doc]
        if dev_data is not None:
            candidates += [c for doc in dev_data[0] for c in doc]
        first = next(iter(network.groups.values()))
        cache.fill(first, candidates, args.freeze_layers, source, device, pad_id, progress)
    for group, names in model.groups().items():
        n_epochs = epochs.get(group, args.epochs) if isinstance(epochs, dict) else (epochs or args.epochs)
        history[group] = _train_group(
            network.groups[group],
            group,
            names,
            schema,
            train_chunks,
            {n: train_y[n] for n in names},
            train.weights,
            dev_data if epochs is None else None,
            args,
            cache,
            device,
            pad_id,
            n_epochs,
            progress,
        )
    network.eval()
    model.history_ = {g: {k: v for k, v in h.items() if k != "dev_predicted"} for g, h in history.items()}
    return history


class Trainer:
    """Fine-tunes a :class:`BertClassifier`, SetFit style: ``Trainer(model, args, train, eval).train()``.

    ``train`` and ``eval`` are :class:`LabelledSet` objects or ``(documents, labels)`` pairs; ``args``
    (:class:`TrainingArguments`, a dict of its fields, or ``None`` for the model's own) is validated
    once here. The trainer holds the training state (the cache of frozen-layer outputs, the history);
    the model only receives its fitted network, tokenizer and history.
    """

    def __init__(
        self,
        model: BertClassifier,
        args: TrainingArguments | dict[str, Any] | None = None,
        train: LabelledSet | tuple[Sequence[Document], Sequence[dict[str, str]]] | None = None,
        eval: LabelledSet | tuple[Sequence[Document], Sequence[dict[str, str]]] | None = None,
        *,
        progress: Progress | Say | None = None,
        cache: HiddenCache | None = None,
    ) -> None:
        self.model = model
        self.args = TrainingArguments.from_dict(args if args is not None else model.training)
        model.training = self.args
        self.train_set = self._as_set(train)
        self.eval_set = self._as_set(eval) if eval is not None else None
        self.progress = progress
        self.cache = cache if cache is not None else HiddenCache()
        self.history: dict[str, Any] = {}

    @staticmethod
    def _as_set(data: Any) -> LabelledSet:
        if isinstance(data, LabelledSet):
            return data
        documents, labels = data if data is not None else ([], [])
        return LabelledSet.build(documents, labels)

    def train(self, epochs: int | dict[str, int] | None = None) -> BertClassifier:
        """Fine-tune (early stopping on ``eval`` when given); returns the model."""
        self.history = train_classifier(
            self.model, self.train_set, self.eval_set, cache=self.cache, progress=self.progress, epochs=epochs
        )
        return self.model


# --- from a config (classify train) --------------------------------------------------------------------


def _options(value: Any, allowed: Sequence[Any] | None, key: str) -> list[Any]:
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if not values:
        raise ConfigError("encoder", f"'{key}' lists no value")
    if allowed is not None:
        for v in values:
            if v not in allowed:
                raise ConfigError("encoder", f"bad {key} '{v}' (expected {' or '.join(map(str, allowed))})")
    return values


def fit_bert(
    config: dict[str, Any], data: Any, schema: LabelSchema, progress: Progress | Say
) -> tuple[BertClassifier, dict[str, Any], EvaluationReport | None]:
    """Fine-tune on the training split plus generated reports, early stopping on dev; compare the
    settings listed in the config on dev and keep the best; refit on train + dev if the config says.

    Returns the model, the choices made (with the dev scores behind them) and the dev report of the
    kept setting (before any refit).
    """
    settings = dict(config.get("encoder") or {})
    unknown = set(settings) - _ENCODER_KEYS
    if unknown:
        raise ConfigError("config", f"unknown encoder key(s): {', '.join(sorted(unknown))}")
    args = TrainingArguments.from_dict(config.get("training"))
    shared_options = _options(settings.pop("shared", True), (True, False), "shared")
    strategy_options = _options(settings.pop("strategy", "chunks"), STRATEGIES, "strategy")
    encoder = settings.pop("path", None)
    dropout = float(settings.pop("dropout", 0.1))
    batch_size = int(settings.pop("batch_size", 32))
    spec = {k: settings[k] for k in ("max_length", "title_tokens", "max_chunks") if k in settings}

    train = LabelledSet.from_records(data.train) + LabelledSet.from_records(data.augment, data.augment_weight)
    dev = LabelledSet.from_records(data.dev) if data.dev else None
    progress(
        f"fine-tuning on {len(data.train)} real + {len(data.augment)} generated documents"
        + (f", early stopping on {len(data.dev)} dev documents" if dev else "")
    )
    cache = HiddenCache()
    runs = []
    for shared in shared_options:
        for strategy in strategy_options:
            model = BertClassifier(
                schema,
                config.get("threshold", 0.5),
                encoder=encoder,
                shared=shared,
                inputs=InputSpec(strategy=strategy, **spec),
                dropout=dropout,
                training=copy.deepcopy(args),
                batch_size=batch_size,
            )
            name = f"{'shared' if shared else 'separate'} encoder, {strategy}"
            progress(f"training: {name}")
            began = time.perf_counter()
            history = train_classifier(model, train, dev, cache=cache, progress=progress)
            seconds = time.perf_counter() - began
            dev_f1 = {n: v for h in history.values() for n, v in h["dev_macro_f1"].items()}
            predicted = {n: v for h in history.values() for n, v in h["dev_predicted"].items()}
            runs.append(
                {
                    "name": name,
                    "model": model,
                    "dev_f1": dev_f1,
                    "predicted": predicted,
                    "seconds": seconds,
                    "epochs": {g: h["best_epoch"] for g, h in history.items()},
                }
            )
            if dev_f1:
                progress(f"{name}: dev macro-F1 " + ", ".join(f"{n} {v:.3f}" for n, v in dev_f1.items()))

    def score(run: dict[str, Any]) -> float:
        return float(np.mean(list(run["dev_f1"].values()))) if run["dev_f1"] else 0.0

    kept = max(runs, key=lambda r: (round(score(r), 6), -runs.index(r)))  # ties: the first listed (cheaper)
    model = kept["model"]
    choices: dict[str, Any] = {
        "encoder": model.source_,
        "shared": model.shared,
        "strategy": model.inputs.strategy,
        "inputs": model.inputs.to_dict(),
        "training": asdict(args),
        "best_epochs": kept["epochs"],
        "train_seconds": round(kept["seconds"], 1),
    }
    if len(runs) > 1:
        choices["dev_macro_f1_by_setting"] = {r["name"]: {n: round(v, 4) for n, v in r["dev_f1"].items()} for r in runs}
        choices["train_seconds_by_setting"] = {r["name"]: round(r["seconds"], 1) for r in runs}
        progress(f"kept: {kept['name']} (best mean dev macro-F1)")
    for run in runs:
        if run is not kept:
            run["model"].network_ = None
    dev_report = None
    if dev is not None and kept["predicted"]:
        predictions = [{n: kept["predicted"][n][i] for n in schema.names} for i in range(len(dev))]
        dev_report = evaluate_labels(dev.labels, predictions, schema, ids=[r.id for r in data.dev])
    if config.get("split", {}).get("refit_on_dev") and dev is not None:
        progress(f"refitting on train + dev for the chosen epochs {kept['epochs']}")
        began = time.perf_counter()
        selection = model.history_
        train_classifier(model, train + dev, None, cache=cache, progress=progress, epochs=kept["epochs"])
        model.history_ = {"early_stopping": selection, "refit_on_train_and_dev": model.history_}
        choices["refit_on_dev"] = True
        choices["refit_seconds"] = round(time.perf_counter() - began, 1)
    model.card_info["license"] = encoder_license(model.source_)
    return model, choices, dev_report

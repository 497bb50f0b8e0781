"""What the encoder reads: a report as token chunks, one code path for training, torch and ONNX.

Nothing here imports torch or transformers: the ONNX classifier uses this module with numpy and the
light ``tokenizers`` library only, so both inference paths cut reports into exactly the same chunks
and pool them the same way.

A report becomes one or more chunks of at most ``max_length`` tokens, each::

    [CLS] title and subtitle (at most title_tokens tokens) [SEP] a piece of the body [SEP]

``strategy: head`` keeps the first piece only (title + head truncation). ``strategy: chunks`` cuts the
whole body into consecutive pieces and, when there are more than ``max_chunks``, keeps ``max_chunks``
of them spread evenly from the first piece to the last, so a long report is read from end to end. A
document's logits are the mean of its chunks' logits; the heads are linear, so this is the same as
one head over the mean of the chunk embeddings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ConfigError, ModelError
from classify.intake import Document

STRATEGIES = ("head", "chunks")
TOKENIZER_NAME = "tokenizer.json"

# Runs of one repeated symbol (rules "=====", "-----", "……") carry no meaning but cost a token each.
_REPEATS = re.compile(r"([^\w\u3400-\u9fff])\1{2,}")
_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Collapse whitespace and runs of one repeated symbol, so tokens go to words."""
    return _SPACES.sub(" ", _REPEATS.sub(r"\1", text)).strip()


def document_parts(doc: Document) -> tuple[str, str]:
    """(title and subtitle, body) of a document, squeezed."""
    title = " ".join(t for t in (doc.title, doc.subtitle) if t)
    return squeeze(title), squeeze(doc.body)


@dataclass(frozen=True)
class InputSpec:
    """How a report is cut into chunks (see the module docstring)."""

    strategy: str = "chunks"
    max_length: int = 128
    title_tokens: int = 32
    max_chunks: int = 4

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ConfigError("encoder", f"unknown strategy '{self.strategy}' (expected head or chunks)")
        if not 16 <= self.max_length <= 8192:
            raise ConfigError("encoder", f"max_length must be between 16 and 8192, not {self.max_length}")
        if not 0 <= self.title_tokens <= self.max_length - 11:
            raise ConfigError("encoder", f"title_tokens must be between 0 and max_length - 11, not {self.title_tokens}")
        if self.max_chunks < 1:
            raise ConfigError("encoder", f"max_chunks must be at least 1, not {self.max_chunks}")

    @property
    def chunks_per_document(self) -> int:
        """The most chunks one document can give."""
        return 1 if self.strategy == "head" else self.max_chunks

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InputSpec:
        """From the ``encoder`` section of a config or a model's ``config.json`` (other keys ignored)."""
        keys = {k: data[k] for k in ("strategy", "max_length", "title_tokens", "max_chunks") if k in data}
        return cls(**keys)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass
class ChunkBatch:
    """Padded chunks: ``input_ids`` and ``attention_mask`` (n_chunks x length, int64) and, for each
    chunk, the index of the document it came from."""

    input_ids: np.ndarray
    attention_mask: np.ndarray
    document: np.ndarray


def pad_chunks(chunks: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Pad chunks to the longest: (input_ids, attention_mask), int64."""
    length = max((len(c) for c in chunks), default=0)
    ids = np.full((len(chunks), length), pad_id, dtype=np.int64)
    mask = np.zeros((len(chunks), length), dtype=np.int64)
    for i, chunk in enumerate(chunks):
        ids[i, : len(chunk)] = chunk
        mask[i, : len(chunk)] = 1
    return ids, mask


def spread(n: int, k: int) -> list[int]:
    """``k`` indices out of ``range(n)`` spread evenly, first and last included (all when ``n <= k``)."""
    if n <= k:
        return list(range(n))
    if k == 1:
        return [0]
    return sorted(set(np.linspace(0, n - 1, k).round().astype(int).tolist()))


class ReportTokenizer:
    """A ``tokenizers.Tokenizer`` plus an :class:`InputSpec`: documents in, chunks of token ids out."""

    def __init__(self, tokenizer: Any, spec: InputSpec, special: dict[str, int]) -> None:
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self.tokenizer = tokenizer
        self.spec = spec
        self.cls_id = int(special["cls"])
        self.sep_id = int(special["sep"])
        self.pad_id = int(special["pad"])

    @property
    def special(self) -> dict[str, int]:
        """The special token ids (``cls``, ``sep``, ``pad``) as saved in ``config.json``."""
        return {"cls": self.cls_id, "sep": self.sep_id, "pad": self.pad_id}

    @classmethod
    def from_file(cls, path: str | Path, spec: InputSpec, special: dict[str, int]) -> ReportTokenizer:
        """Read a ``tokenizer.json``; raises :class:`ModelError` if it cannot be read."""
        from classify.errors import require

        Tokenizer = require("tokenizers", "onnx", "a BERT or ONNX model's tokenizer").Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(path))
        except Exception as exc:  # tokenizers raises a bare Exception for a bad file
            raise ModelError(
                Path(path).parent, f"corrupt model directory: cannot read {Path(path).name} ({exc})"
            ) from None
        return cls(tokenizer, spec, special)

    def save(self, path: str | Path) -> None:
        """Write the tokenizer as ``tokenizer.json`` (truncation and padding off)."""
        self.tokenizer.save(str(path))

    def chunks(self, documents: Sequence[Document]) -> list[list[list[int]]]:
        """Every document's chunks, as lists of token ids with the special tokens."""
        spec = self.spec
        parts = [document_parts(d) for d in documents]
        titles = self.tokenizer.encode_batch([t for t, _ in parts], add_special_tokens=False)
        bodies = self.tokenizer.encode_batch([b for _, b in parts], add_special_tokens=False)
        out = []
        for title, body in zip(titles, bodies, strict=True):
            head = [self.cls_id, *title.ids[: spec.title_tokens], self.sep_id]
            budget = spec.max_length - len(head) - 1
            ids = body.ids
            pieces = [ids[i : i + budget] for i in range(0, len(ids), budget)] or [[]]
            keep = spread(len(pieces), spec.chunks_per_document)
            out.append([[*head, *pieces[i], self.sep_id] for i in keep])
        return out

    def encode(self, documents: Sequence[Document]) -> ChunkBatch:
        """All chunks of ``documents`` in one padded batch."""
        flat, owner = [], []
        for i, chunks in enumerate(self.chunks(documents)):
            flat.extend(chunks)
            owner.extend([i] * len(chunks))
        ids, mask = pad_chunks(flat, self.pad_id)
        return ChunkBatch(ids, mask, np.asarray(owner, dtype=np.int64))


def pool_logits(chunk_logits: np.ndarray, document: np.ndarray, n_documents: int) -> np.ndarray:
    """Mean of the chunk logits of each document: (n_documents, n_labels), float64."""
    total = np.zeros((n_documents, chunk_logits.shape[1]), dtype=np.float64)
    np.add.at(total, document, chunk_logits.astype(np.float64))
    counts = np.bincount(document, minlength=n_documents).astype(np.float64)
    return total / np.maximum(counts, 1.0)[:, None]


#: Runs one padded batch of chunks through a network: (input_ids, attention_mask) -> logits per label set.
RunBatch = Callable[[np.ndarray, np.ndarray], dict[str, np.ndarray]]


def predict_logits(
    tokenizer: ReportTokenizer, documents: Sequence[Document], run: RunBatch, names: Sequence[str], batch_size: int
) -> dict[str, np.ndarray]:
    """Document logits per label set: chunk the documents, run the chunks in batches of similar
    length (less padding), pool each document's chunks. Torch and ONNX inference both call this."""
    chunks = tokenizer.chunks(documents)
    flat = [c for doc in chunks for c in doc]
    owner = np.asarray([i for i, doc in enumerate(chunks) for _ in doc], dtype=np.int64)
    order = sorted(range(len(flat)), key=lambda i: (-len(flat[i]), i))
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for start in range(0, len(order), batch_size):
        index = order[start : start + batch_size]
        ids, mask = pad_chunks([flat[i] for i in index], tokenizer.pad_id)
        logits = run(ids, mask)
        for name in names:
            parts[name].append(np.asarray(logits[name], dtype=np.float32))
    inverse = np.argsort(np.asarray(order, dtype=np.int64), kind="stable")
    return {name: pool_logits(np.concatenate(parts[name])[inverse], owner, len(documents)) for name in names}

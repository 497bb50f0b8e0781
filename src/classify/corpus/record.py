"""One document of a corpus: its raw text, labels and metadata (what every loader returns)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from classify.intake.document import Document


@dataclass
class Record:
    """One document of a corpus: raw text, optional known title, labels and metadata."""

    id: str
    text: str
    title: str | None = None
    subtitle: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str | None:
        """The outlet or collection the document comes from (a ``source`` column), if known: the
        trainer groups documents by it to measure how a choice holds on an outlet it never saw."""
        value = self.meta.get("source")
        return str(value) if value not in (None, "") else None

    @cached_property
    def document(self) -> Document:
        """The record after intake (cleaned and structured); computed once."""
        if self.title is None:
            return Document.from_text(self.text, path=self.id)
        return Document.from_parts(title=self.title, subtitle=self.subtitle, body=self.text, path=self.id)

    @property
    def sha256(self) -> str:
        """First 16 hex digits of the SHA-256 of the raw text: what label files record."""
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """The hash label files keep to prove they still point at the same text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

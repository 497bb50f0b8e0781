"""The result of summarising one document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Summary:
    """A lead paragraph: selected sentences in document order, and how they were chosen."""

    sentences: list[str]
    #: Numbers of the selected sentences in ``Document.sentences``.
    indices: list[int]
    method: str
    max_chars: int
    title: str | None = None
    path: str | None = None
    #: Score of each selected sentence (for methods that score; empty otherwise).
    scores: list[float] = field(default_factory=list)
    #: Why the lead is not whole body sentences within the budget (cut to fit, taken from headings).
    note: str | None = None

    @property
    def text(self) -> str:
        """The lead as one paragraph (Chinese sentences carry their own punctuation, so no separator)."""
        return "".join(self.sentences)

    @property
    def chars(self) -> int:
        """Length of the lead in characters."""
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the lead text, its length and every field."""
        return {"text": self.text, "chars": self.chars, **asdict(self)}

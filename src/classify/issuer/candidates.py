"""The candidates issuer extraction weighs: mentions of one organisation pooled under its name."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    """One mention of an organisation: where, as written, what produced it, its rule score and why."""

    start: int
    end: int
    name: str
    origin: str = "known"
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """One organisation: its mentions pooled by normalised name, the best one, the rule score."""

    key: str
    group: list[Mention]
    best: Mention
    total: float
    features: dict[str, float] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return min(m.start for m in self.group)

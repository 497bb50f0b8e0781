"""What a prediction is: per label set the best label, its probability and every probability; per
document all label sets, or the error that prevented them. JSON-ready."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LabelPrediction:
    """The prediction for one label set: best label, its probability, all probabilities."""

    label: str
    probability: float
    probabilities: dict[str, float]
    uncertain: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; probabilities rounded to 4 places."""
        return {
            "label": self.label,
            "probability": round(self.probability, 4),
            "uncertain": self.uncertain,
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
        }


@dataclass
class Prediction:
    """A document's predictions for every label set, or the error that prevented them."""

    path: str | None
    labels: dict[str, LabelPrediction] = field(default_factory=dict)
    explanation: dict[str, list[tuple[str, float]]] | None = None
    summary: str | None = None
    error: str | None = None

    @property
    def type(self) -> LabelPrediction:
        """The ``type`` prediction."""
        return self.labels["type"]

    @property
    def level(self) -> LabelPrediction:
        """The ``level`` prediction."""
        return self.labels["level"]

    @property
    def ok(self) -> bool:
        """Whether the document was classified (no error)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        data: dict[str, Any] = {"path": self.path}
        data.update({name: pred.to_dict() for name, pred in self.labels.items()})
        if self.summary is not None:
            data["summary"] = self.summary
        if self.explanation is not None:
            data["explanation"] = {
                name: [{"feature": term, "weight": round(weight, 4)} for term, weight in terms]
                for name, terms in self.explanation.items()
            }
        return data

    def to_json(self, **kwargs: Any) -> str:
        """The result as a JSON string (Chinese kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

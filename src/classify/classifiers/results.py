"""What a prediction is: whether the document is a report the labels describe at all (in scope), per
label set the best label, its probability and every probability, the organisation it is about; or the
error that prevented them. JSON-ready.

A document out of scope (not a party-building report of one of the four types, or no Chinese text to
read) has no labels: ``type`` and ``level`` are ``None`` in the API and ``null`` / empty in every output
format, unless the caller asked to keep the best guess anyway (``keep_out_of_scope``)."""

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
    decided_by: str | None = None  # "issuer": the label comes from the named organisation's level

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; probabilities rounded to 4 places."""
        data: dict[str, Any] = {
            "label": self.label,
            "probability": round(self.probability, 4),
            "uncertain": self.uncertain,
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
        }
        if self.decided_by:
            data["decided_by"] = self.decided_by
        return data


@dataclass
class ScopeDecision:
    """Whether a document is in scope: ``probability`` of being a report of the four types (``None``
    for a model without an in-scope decision); ``reason`` says why when a rule decided (no Chinese
    text)."""

    in_scope: bool
    probability: float | None = None
    reason: str | None = None


@dataclass
class Prediction:
    """A document's predictions for every label set, or the error that prevented them."""

    path: str | None
    labels: dict[str, LabelPrediction] = field(default_factory=dict)
    explanation: dict[str, list[tuple[str, float]]] | None = None
    summary: str | None = None
    error: str | None = None
    scope: ScopeDecision | None = None
    issuer: Any = None  # classify.issuer.Issuer: the organisation the report is about, when named
    label_sets: tuple[str, ...] = ()  # every label set of the model (kept when ``labels`` is empty)

    @property
    def type(self) -> LabelPrediction | None:
        """The ``type`` prediction (``None`` out of scope)."""
        return self.labels.get("type")

    @property
    def level(self) -> LabelPrediction | None:
        """The ``level`` prediction (``None`` out of scope)."""
        return self.labels.get("level")

    @property
    def in_scope(self) -> bool:
        """Whether the document is a report of the schema's types (``True`` when nothing decided)."""
        return self.scope is None or self.scope.in_scope

    @property
    def ok(self) -> bool:
        """Whether the document was classified (no error)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        data: dict[str, Any] = {"path": self.path}
        if self.scope is not None:
            data["in_scope"] = self.scope.in_scope
            data["in_scope_probability"] = None if self.scope.probability is None else round(self.scope.probability, 4)
            if self.scope.reason:
                data["out_of_scope_reason"] = self.scope.reason
        names = self.label_sets or tuple(self.labels)
        data.update({name: self.labels[name].to_dict() if name in self.labels else None for name in names})
        data["issuer"] = self.issuer.to_dict() if self.issuer is not None else None
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

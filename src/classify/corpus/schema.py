"""The label schema (``configs/labels.yaml``) and validation of labelled rows against it."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import yaml

from classify.errors import ConfigError, LabelError


@dataclass(frozen=True)
class LabelSet:
    """One label set: its name (``type``), its labels in schema order, and their Chinese names."""

    name: str
    labels: tuple[str, ...]
    zh: Mapping[str, str] = field(default_factory=dict)
    description: str = ""

    def index(self, label: str) -> int:
        """Position of ``label`` in the set (raises ``ValueError`` for an unknown label)."""
        return self.labels.index(label)


@dataclass(frozen=True)
class LabelSchema:
    """The label sets every document is labelled with (``type`` and ``level`` in the default schema)."""

    sets: tuple[LabelSet, ...]
    #: the value of the first label set (``type``) that marks a document as out of scope, if any
    out_of_scope: str | None = None

    def in_scope(self, labels: Mapping[str, object]) -> bool:
        """Whether labelled ``labels`` describe a report of the schema (not an out-of-scope row)."""
        return self.out_of_scope is None or labels.get(self.sets[0].name) != self.out_of_scope

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the label sets, e.g. ``("type", "level")``."""
        return tuple(s.name for s in self.sets)

    def __getitem__(self, name: str) -> LabelSet:
        for label_set in self.sets:
            if label_set.name == name:
                return label_set
        raise KeyError(name)

    @classmethod
    def from_yaml(cls, path: str | Path | None = None) -> LabelSchema:
        """Load a schema file; ``None`` loads the packaged copy of ``configs/labels.yaml``."""
        if path is None:
            text = files("classify.resources").joinpath("labels.yaml").read_text(encoding="utf-8")
            where: str | Path = "labels.yaml (packaged)"
        else:
            where = path
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(path, f"cannot read label schema ({exc.strerror or exc})") from None
        return cls.from_dict(yaml.safe_load(text), where=where)

    @classmethod
    def from_dict(cls, data: Mapping, *, where: str | Path = "label schema") -> LabelSchema:
        """Build from ``{"label_sets": {name: {"labels": {label: {"zh": ...}}}}}`` (or plain lists)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("label_sets"), Mapping):
            raise ConfigError(where, "expected a mapping with a 'label_sets' key")
        sets = []
        for name, spec in data["label_sets"].items():
            labels = spec.get("labels") if isinstance(spec, Mapping) else spec
            if isinstance(labels, Mapping):
                zh = {k: (v or {}).get("zh", "") for k, v in labels.items()}
                names = tuple(labels)
            elif isinstance(labels, list) and labels:
                zh, names = {}, tuple(str(x) for x in labels)
            else:
                raise ConfigError(where, f"label set '{name}' has no labels")
            if len(set(names)) != len(names):
                raise ConfigError(where, f"label set '{name}' repeats a label")
            description = spec.get("description", "") if isinstance(spec, Mapping) else ""
            sets.append(LabelSet(str(name), names, zh, description))
        out_of_scope = data.get("out_of_scope")
        if out_of_scope is not None and (not isinstance(out_of_scope, str) or out_of_scope in sets[0].labels):
            raise ConfigError(where, "'out_of_scope' must be a string that is not one of the first set's labels")
        return cls(tuple(sets), out_of_scope)

    def to_dict(self) -> dict:
        """The schema as plain data (what a model directory stores)."""
        data: dict = {
            "label_sets": {
                s.name: {"description": s.description, "labels": {lab: {"zh": s.zh.get(lab, "")} for lab in s.labels}}
                for s in self.sets
            }
        }
        if self.out_of_scope is not None:
            data["out_of_scope"] = self.out_of_scope
        return data

    def validate(self, labels: Mapping[str, object], *, where: str) -> dict[str, str]:
        """Check one row's labels; return them as ``{set: label}``.

        Raises :class:`LabelError` naming ``where`` (file and row) for a missing or unknown label, with
        the closest valid label suggested. An out-of-scope row (first set's value
        :attr:`out_of_scope`) gives ``{first set: out_of_scope}`` and nothing else.
        """
        first = self.sets[0].name
        if self.out_of_scope is not None and str(labels.get(first) or "").strip() == self.out_of_scope:
            return {first: self.out_of_scope}
        out = {}
        for label_set in self.sets:
            value = labels.get(label_set.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise LabelError(where, f"missing '{label_set.name}' label")
            value = str(value).strip()
            if value not in label_set.labels:
                close = difflib.get_close_matches(value, label_set.labels, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise LabelError(
                    where,
                    f"unknown {label_set.name} label '{value}'{hint}; expected one of {', '.join(label_set.labels)}",
                )
            out[label_set.name] = value
        return out

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
        return cls(tuple(sets))

    def to_dict(self) -> dict:
        """The schema as plain data (what a model directory stores)."""
        return {
            "label_sets": {
                s.name: {"description": s.description, "labels": {lab: {"zh": s.zh.get(lab, "")} for lab in s.labels}}
                for s in self.sets
            }
        }

    def validate(self, labels: Mapping[str, object], *, where: str) -> dict[str, str]:
        """Check one row's labels; return them as ``{set: label}``.

        Raises :class:`LabelError` naming ``where`` (file and row) for a missing or unknown label, with
        the closest valid label suggested.
        """
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

"""Training configurations (YAML): defaults, validation with clear errors, path resolution."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from classify.classifiers.base import ISSUER_ALWAYS
from classify.corpus.schema import LabelSchema
from classify.errors import ConfigError
from classify.features.vectorize import FeatureConfig

# Every key a config may have, with its default; nested dicts are validated key by key.
DEFAULTS: dict[str, Any] = {
    "model": "baseline",
    "labels": None,
    "threshold": 0.5,
    "data": {
        "train": None,
        "augment": None,
        "augment_weight": 0.5,
        "shared": None,
        "eval": None,
        "outside_paths": False,
    },
    "split": {"dev": 0.15, "test": 0.2, "seed": 13, "refit_on_dev": True},
    "features": {},
    "classifier": {},
    "encoder": {},
    "training": {},
    "out": None,
}
_PATH_KEYS = (("labels",), ("out",), ("data", "train"), ("data", "augment"), ("data", "shared"), ("data", "eval"))
_FREE_FORM = {"features", "classifier", "encoder", "training"}  # checked by the model that reads them


def _merge(defaults: dict, given: dict, where: str, prefix: str = "") -> dict:
    out = copy.deepcopy(defaults)
    for key, value in given.items():
        if key not in defaults:
            raise ConfigError(where, f"unknown key '{prefix}{key}' (expected one of {', '.join(defaults)})")
        if isinstance(defaults[key], dict) and key not in _FREE_FORM and prefix == "":
            if not isinstance(value, dict):
                raise ConfigError(where, f"'{key}' must be a mapping")
            out[key] = _merge(defaults[key], value, where, f"{key}.")
        else:
            out[key] = value
    return out


def parse_set(item: str) -> tuple[list[str], Any]:
    """``"classifier.C=4"`` -> ``(["classifier", "C"], 4)``; the value is read as YAML (``[2, 4]``,
    ``null``, ``true``); raises :class:`ConfigError` for a malformed item."""
    key, equals, value = item.partition("=")
    keys = key.strip().split(".")
    if not equals or not all(keys):
        raise ConfigError("--set", f"expected KEY.PATH=VALUE, not '{item}'")
    try:
        return keys, yaml.safe_load(value)
    except yaml.YAMLError as exc:
        raise ConfigError("--set", f"{key}: cannot read the value '{value}' ({exc})") from None


def load_config(
    path: str | Path | None = None, overrides: dict[str, Any] | None = None, *, sets: Sequence[str] = ()
) -> dict[str, Any]:
    """Read a YAML config (``None``: defaults only), resolve its relative paths against the file's
    folder, and apply ``overrides`` (already-resolved values such as ``{"data": {"train": ...}}``).

    ``sets`` are command-line overrides (``"classifier.C=4"``) merged into the file's values before
    validation, so an unknown key or a bad value is refused as it would be in the file; a path given
    this way is relative to the working directory."""
    given: dict[str, Any] = {}
    base = Path.cwd()
    where = "config"
    if path is not None:
        path = Path(path)
        where = str(path)
        try:
            given = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(path, f"cannot read config ({exc.strerror or exc})") from None
        except yaml.YAMLError as exc:
            raise ConfigError(path, f"invalid YAML ({exc})") from None
        except RecursionError:
            raise ConfigError(path, "invalid YAML (nested too deeply)") from None
        if not isinstance(given, dict):
            raise ConfigError(path, "expected a mapping at the top level")
        base = path.resolve().parent
    for item in sets:
        keys, value = parse_set(item)
        if tuple(keys) in _PATH_KEYS and isinstance(value, str) and value:
            value = str(Path(value).resolve())
        holder = given
        for key in keys[:-1]:
            if not isinstance(holder.get(key, {}), dict):
                raise ConfigError("--set", f"'{key}' is not a mapping: cannot set {'.'.join(keys)}")
            holder = holder.setdefault(key, {})
        holder[keys[-1]] = value
    if sets:
        where = f"{where} (with --set)"
    config = _merge(DEFAULTS, given, where)
    for keys in _PATH_KEYS:
        holder = config
        for key in keys[:-1]:
            holder = holder[key]
        value = holder.get(keys[-1])
        if isinstance(value, str) and value:
            holder[keys[-1]] = str((base / value).resolve()) if not Path(value).is_absolute() else value
    for key, value in (overrides or {}).items():
        if isinstance(value, dict):
            config[key] = {**config[key], **{k: v for k, v in value.items() if v is not None}}
        elif value is not None:
            config[key] = value
    return config


# --- the baseline's sections ---------------------------------------------------------------------------

_CLASSIFIER_KEYS = {"C", "class_weight", "max_iter", "cv_folds", "per_label_set", "scope_recall", "issuer_threshold"}
_PER_SET_KEYS = {"weights", "augment_weight"}


@dataclass
class BaselineParams:
    """The ``classifier`` section of a baseline config, checked: ``C`` (one value, or several to choose
    from by cross-validation), folds, class weighting, solver iterations, and per label set the
    block-weight overrides and the weight of generated reports. ``scope_recall``: the in-scope
    threshold's trade-off: ``None`` maximises out-of-fold F1; a number keeps at least that share of
    the reports (out of fold) and takes the highest threshold that does. ``issuer_threshold``: the
    level probability under which a known issuer's level is taken: a number, ``"cv"`` to choose it
    by cross-validated level macro-F1 (k folds), ``"cv-source"`` by leave-one-source-out level
    macro-F1 (each source's reports predicted by a model trained without that source: how the
    threshold fares on an outlet never seen; k folds when a report has no ``source`` or there are
    fewer than two sources or more than twenty);
    ``None``: the uncertain threshold."""

    C: list[float] = field(default_factory=lambda: [4.0])
    cv_folds: int = 5
    class_weight: str | None = "balanced"
    max_iter: int = 3000
    set_weights: dict[str, dict[str, float]] = field(default_factory=dict)
    augment_weight: dict[str, float] = field(default_factory=dict)
    chosen: dict[str, float] = field(default_factory=dict)  # C per label set, once chosen
    scope_recall: float | None = None
    issuer_threshold: float | str | None = None

    def __post_init__(self) -> None:
        if not self.C or any(not isinstance(c, (int, float)) or c <= 0 for c in self.C):
            raise ConfigError("config", f"classifier.C must be positive number(s), not {self.C}")
        self.C = sorted(self.C)
        if not isinstance(self.cv_folds, int) or self.cv_folds < 2:
            raise ConfigError("config", "classifier.cv_folds must be an integer of 2 or more")
        if self.class_weight not in ("balanced", None):
            raise ConfigError("config", "classifier.class_weight must be 'balanced' or null")
        issuer = self.issuer_threshold
        if (
            issuer is not None
            and issuer not in ("cv", "cv-source")
            and (isinstance(issuer, bool) or not isinstance(issuer, (int, float)) or not 0 <= issuer <= ISSUER_ALWAYS)
        ):
            raise ConfigError(
                "config",
                f"classifier.issuer_threshold must be null, 'cv', 'cv-source' or a probability, not {issuer!r}",
            )
        recall = self.scope_recall
        if recall is not None and (
            isinstance(recall, bool) or not isinstance(recall, (int, float)) or not 0 < recall <= 1
        ):
            raise ConfigError("config", f"classifier.scope_recall must be null or a share in (0, 1], not {recall!r}")
        for name, overrides in self.set_weights.items():
            try:
                FeatureConfig(weights=dict(overrides))
            except TypeError as exc:
                raise ConfigError("config", f"classifier.per_label_set.{name}.weights: {exc}") from None

    @classmethod
    def from_config(
        cls,
        section: dict[str, Any],
        schema: LabelSchema,
        default_augment: float,
        set_weights: dict[str, dict[str, float]] | None = None,
    ) -> BaselineParams:
        """From a config's ``classifier`` mapping; :class:`ConfigError` names any unknown key."""
        section = dict(section)
        unknown = set(section) - _CLASSIFIER_KEYS
        if unknown:
            raise ConfigError("config", f"unknown classifier key(s): {', '.join(sorted(unknown))}")
        per_set = section.pop("per_label_set", None) or {}
        names = (*schema.names, "scope")  # scope: the in-scope decision, trained when negatives exist
        unknown_sets = set(per_set) - set(names)
        if unknown_sets:
            raise ConfigError("config", f"classifier.per_label_set names unknown label set(s) {sorted(unknown_sets)}")
        weights, augment = dict(set_weights or {}), {}
        for name in names:
            spec = per_set.get(name) or {}
            unknown = set(spec) - _PER_SET_KEYS
            if unknown:
                raise ConfigError("config", f"unknown key(s) {sorted(unknown)} in classifier.per_label_set.{name}")
            if spec.get("weights"):
                weights[name] = dict(spec["weights"])
            # generated reports take no part in the in-scope decision unless asked
            augment[name] = float(spec.get("augment_weight", 0.0 if name == "scope" else default_augment))
        unknown_weights = set(weights) - set(names)
        if unknown_weights:
            raise ValueError(f"set_weights names unknown label set(s) {sorted(unknown_weights)}")
        grid = section.pop("C", 4.0)
        return cls(
            C=list(grid) if isinstance(grid, (list, tuple)) else [grid],
            set_weights=weights,
            augment_weight=augment,
            **section,
        )

    def C_chosen(self, names: Any) -> float | dict[str, float]:
        """What the model directory records as ``C``: the one value, or the value chosen per label set."""
        if len(self.C) == 1:
            return self.C[0]
        return {name: self.chosen[name] for name in names}


def feature_config(section: dict[str, Any], params: BaselineParams | None = None) -> FeatureConfig:
    """The ``features`` section as a :class:`FeatureConfig`; :class:`ConfigError` for a bad key."""
    try:
        return FeatureConfig.from_dict(section)
    except TypeError as exc:
        raise ConfigError("config", f"bad features setting: {exc}") from None

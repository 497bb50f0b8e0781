"""Training configurations (YAML): defaults, validation with clear errors, path resolution."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from classify.errors import ConfigError

# Every key a config may have, with its default; nested dicts are validated key by key.
DEFAULTS: dict[str, Any] = {
    "model": "baseline",
    "labels": None,
    "threshold": 0.5,
    "data": {"train": None, "augment": None, "augment_weight": 0.5, "shared": None, "eval": None},
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


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read a YAML config (``None``: defaults only), resolve its relative paths against the file's
    folder, and apply ``overrides`` (already-resolved values such as ``{"data": {"train": ...}}``)."""
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
        if not isinstance(given, dict):
            raise ConfigError(path, "expected a mapping at the top level")
        base = path.resolve().parent
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

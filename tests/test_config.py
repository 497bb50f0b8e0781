"""Configs: defaults, relative paths, overrides, and one clear error per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from classify.errors import ConfigError
from classify.training.config import load_config

REPO = Path(__file__).resolve().parents[1]


def test_shipped_configs_load_and_resolve_paths():
    config = load_config(REPO / "configs" / "baseline.yaml")
    assert config["model"] == "baseline"
    assert config["data"]["train"] == str(REPO / "data" / "labels")
    assert config["labels"] == str(REPO / "configs" / "labels.yaml")
    assert config["split"]["seed"] == 13


def test_overrides_win(tmp_path):
    config = load_config(REPO / "configs" / "baseline.yaml", {"data": {"train": "/x/y.jsonl", "shared": None}})
    assert config["data"]["train"] == "/x/y.jsonl"
    assert config["data"]["augment"].endswith("corpus.jsonl")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("modle: baseline\n", "unknown key 'modle'"),
        ("data:\n  trian: x\n", "unknown key 'data.trian'"),
        ("data: 3\n", "'data' must be a mapping"),
        ("- a\n- b\n", "expected a mapping"),
        ("data: [\n", "invalid YAML"),
    ],
)
def test_mistakes_name_the_file(tmp_path, text, message):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)

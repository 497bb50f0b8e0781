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


def test_set_overrides_are_validated_like_the_file(tmp_path):
    from classify.corpus.schema import LabelSchema
    from classify.errors import ConfigError
    from classify.training.config import BaselineParams, parse_set

    config = load_config(
        REPO / "configs" / "baseline.yaml", sets=["classifier.C=4", "split.seed=7", "data.augment=null"]
    )
    assert config["classifier"]["C"] == 4 and config["split"]["seed"] == 7 and config["data"]["augment"] is None
    assert config["classifier"]["cv_folds"] == 5  # the rest of the file stays
    assert parse_set("classifier.C=[2, 4]") == (["classifier", "C"], [2, 4])
    for bad in ("split.sed=7", "nosuchkey=1", "classifier.C", "=3"):
        with pytest.raises(ConfigError):
            load_config(REPO / "configs" / "baseline.yaml", sets=[bad])
    config = load_config(REPO / "configs" / "baseline.yaml", sets=["classifier.C=-1"])
    with pytest.raises(ConfigError, match=r"classifier\.C"):
        BaselineParams.from_config(config["classifier"], LabelSchema.from_yaml(), 0.5)
    config = load_config(REPO / "configs" / "baseline.yaml", sets=["data.train=corpus.jsonl"])
    assert config["data"]["train"] == str(Path("corpus.jsonl").resolve())


def test_dataset_dict_splits_are_kept():
    from classify.corpus.record import Record
    from classify.training.run import _given_splits

    records = [
        Record(id=str(i), text="x", meta={"split": s}) for i, s in enumerate(["train", "train", "validation", "test"])
    ]
    parts = _given_splits(records)
    assert [len(parts[k]) for k in ("train", "dev", "test")] == [2, 1, 1]
    assert _given_splits([Record(id="a", text="x")]) is None  # no splits: the deterministic split

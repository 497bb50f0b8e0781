"""The label schema: the packaged copy matches configs/, and bad labels name their row."""

from __future__ import annotations

from pathlib import Path

import pytest

from classify.corpus.schema import LabelSchema
from classify.errors import ConfigError, LabelError

REPO = Path(__file__).resolve().parents[2]


def test_packaged_schema_is_configs_labels_yaml():
    packaged = REPO / "src" / "classify" / "resources" / "labels.yaml"
    assert packaged.read_text(encoding="utf-8") == (REPO / "configs" / "labels.yaml").read_text(encoding="utf-8")


def test_schema_encodes_the_label_guide():
    schema = LabelSchema.from_yaml()
    assert schema.names == ("type", "level")
    assert schema["type"].labels == ("summary_meeting", "performance_review", "branch_case", "local_campaign")
    assert schema["level"].labels == ("central", "group", "subsidiary", "branch", "local")
    assert schema["type"].zh["branch_case"] == "党支部案例"


def test_validate_names_the_row_and_suggests_a_label():
    schema = LabelSchema.from_yaml()
    assert schema.validate({"type": "branch_case", "level": "branch"}, where="x") == {
        "type": "branch_case",
        "level": "branch",
    }
    with pytest.raises(LabelError) as info:
        schema.validate({"type": "summery_meeting", "level": "group"}, where="data.jsonl:17")
    assert str(info.value).startswith("data.jsonl:17: unknown type label 'summery_meeting'")
    assert "did you mean 'summary_meeting'" in str(info.value)
    with pytest.raises(LabelError, match=r"data\.csv:3: missing 'level' label"):
        schema.validate({"type": "branch_case", "level": " "}, where="data.csv:3")


def test_bad_schema_files(tmp_path):
    bad = tmp_path / "labels.yaml"
    bad.write_text("label_sets:\n  type: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no labels"):
        LabelSchema.from_yaml(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        LabelSchema.from_yaml(tmp_path / "missing.yaml")
    assert LabelSchema.from_dict(LabelSchema.from_yaml().to_dict()) == LabelSchema.from_yaml()

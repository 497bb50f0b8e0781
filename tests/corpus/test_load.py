"""Corpus loading from every supported source, with row-precise errors."""

from __future__ import annotations

import json

import pytest

from classify.corpus.load import load_records
from classify.errors import InputError, LabelError

ROWS = [
    {
        "id": "a",
        "title": "某集团召开主题教育总结大会",
        "text": "会议强调，要认真总结。",
        "type": "summary_meeting",
        "level": "group",
    },
    {"id": "b", "text": "某党支部开展主题党日活动。", "type": "local_campaign", "level": "branch"},
]


def test_jsonl(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n\n", encoding="utf-8")
    records = load_records(path)
    assert [r.id for r in records] == ["a", "b"]
    assert records[0].labels == {"type": "summary_meeting", "level": "group"}
    assert records[0].document.title == "某集团召开主题教育总结大会"
    assert records[1].title is None


def test_csv_and_tsv_with_file_column(tmp_path):
    (tmp_path / "one.txt").write_text("某党支部开展主题党日\n\n支部党员参观纪念馆。", encoding="utf-8")
    (tmp_path / "c.csv").write_text("file,type,level\none.txt,local_campaign,branch\n", encoding="utf-8")
    (tmp_path / "c.tsv").write_text(
        "id\ttext\ttype\tlevel\tnote\nx\t正文。\tbranch_case\tbranch\t难\n", encoding="utf-8"
    )
    from_csv = load_records(tmp_path / "c.csv")
    assert from_csv[0].document.title == "某党支部开展主题党日"
    from_tsv = load_records(tmp_path / "c.tsv")
    assert from_tsv[0].meta == {"note": "难"}


def test_seeds_folder_loads_with_its_labels(seeds_dir, seed_labels):
    records = load_records(seeds_dir)
    assert len(records) == 5
    for record in records:
        name = record.id
        assert record.labels == {"type": seed_labels[name]["type"], "level": seed_labels[name]["level"]}
        assert record.meta["issuer"] == seed_labels[name]["issuer"]


def test_unlabelled_folder_for_prediction(tmp_path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "b.md").write_text("正文二。", encoding="utf-8")
    assert [r.id.split("/")[-1] for r in load_records(tmp_path, labelled=False)] == ["a.txt", "b.md"]
    with pytest.raises(LabelError, match="no labels file"):
        load_records(tmp_path)


def test_datasets_object_and_saved_folder(tmp_path):
    datasets = pytest.importorskip("datasets")
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "text": datasets.Value("string"),
            "type": datasets.ClassLabel(
                names=["summary_meeting", "performance_review", "branch_case", "local_campaign"]
            ),
            "level": datasets.Value("string"),
        }
    )
    data = datasets.Dataset.from_dict(
        {"id": ["a"], "text": ["正文。"], "type": [2], "level": ["branch"]}, features=features
    )
    assert load_records(data)[0].labels == {"type": "branch_case", "level": "branch"}
    data.save_to_disk(str(tmp_path / "ds"))
    assert load_records(tmp_path / "ds")[0].labels["type"] == "branch_case"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "正文", "type": "branch_case", "level": "branchh"}\n', "c.jsonl:1: unknown level label 'branchh'"),
        ('{"text": "正文", "type": "branch_case"}\n', "c.jsonl:1: missing 'level' label"),
        ('{"text": "正文", "type": "branch_case", "level": "branch"}\n{oops\n', "c.jsonl:2: invalid JSON"),
        ('{"type": "branch_case", "level": "branch"}\n', "c.jsonl:1: row has no text"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, content, message):
    path = tmp_path / "c.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LabelError) as info:
        load_records(path)
    assert str(info.value).startswith(str(tmp_path / message.split(":")[0]) + ":" + message.split(":", 1)[1])


def test_unknown_format_and_missing_path(tmp_path):
    (tmp_path / "x.parquet").write_bytes(b"PAR1")
    with pytest.raises(InputError, match="unknown corpus format"):
        load_records(tmp_path / "x.parquet")
    with pytest.raises(InputError, match="no such file"):
        load_records(tmp_path / "nope.jsonl")

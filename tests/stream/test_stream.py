"""Corpora record by record (issue 18): readers, writers, resume and bad records, on tiny files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from classify import load_model
from classify.errors import InputError
from classify.stream import (
    RecordWriter,
    answered_ids,
    flatten,
    iter_records,
    predict_corpus,
    predict_stream,
)

REPO = Path(__file__).resolve().parents[2]

TEXTS = [
    "市委组织部召开全市基层党建工作推进会，总结上半年工作，部署下一阶段任务。",
    "某公司党委深入开展主题教育，各支部认真学习，取得明显成效。",
    "第三党支部创新“党建+服务”模式，帮助社区群众解决实际困难。",
    "县委书记在全县组织工作会议上讲话，要求抓好干部队伍建设。",
]


@pytest.fixture(scope="module")
def model():
    return load_model()


def write_jsonl(path: Path, rows: list) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")
    return path


def good_rows(n: int = 4) -> list[dict]:
    return [{"id": f"r{i}", "text": TEXTS[i % len(TEXTS)]} for i in range(n)]


def test_jsonl_reader_names_bad_records(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "c.jsonl",
        [*good_rows(2), {"id": "e", "text": "  "}, {"id": "n", "text": 7}, "{not json", "", {"id": "m"}, [1, 2]],
    )
    records = list(iter_records(path, id_field="id"))
    assert [r.id for r in records] == ["r0", "r1", "e", "n", "5", "m", "7"]
    errors = {r.id: r.error for r in records if r.error}
    assert errors["e"] == "line 3 (id e): empty text"
    assert errors["n"] == "line 4 (id n): 'text' is int, not text"
    assert errors["5"].startswith("line 5: not JSON")
    assert errors["m"] == "line 6 (id m): no 'text' field"
    assert errors["7"].startswith("line 7: not an object")
    assert [r.id for r in iter_records(path)][:2] == ["1", "2"]  # no id field: the record number


def test_csv_tsv_parquet_readers(tmp_path: Path) -> None:
    rows = good_rows(3)
    for name, delimiter in (("c.csv", ","), ("c.tsv", "\t")):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "body"], delimiter=delimiter)
            writer.writeheader()
            writer.writerows({"id": r["id"], "body": r["text"]} for r in rows)
            writer.writerow({"id": "x", "body": ""})
        records = list(iter_records(tmp_path / name, text_field="body", id_field="id"))
        assert [r.text for r in records[:3]] == [r["text"] for r in rows]
        assert records[3].error == "row 4 (id x): empty text"
        with pytest.raises(InputError, match="no column 'text'"):
            list(iter_records(tmp_path / name))
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [1, 2, 3], "text": [r["text"] for r in rows]}), tmp_path / "c.parquet")
    records = list(iter_records(tmp_path / "c.parquet", id_field="id"))
    assert [r.id for r in records] == ["1", "2", "3"] and all(r.error is None for r in records)


def test_reader_is_lazy(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", good_rows(3))
    records = iter_records(path)
    assert next(records).text == TEXTS[0]  # one record read, the generator holds the file open


def test_predict_stream_bounded_and_in_order(model) -> None:
    pulled = []

    def source():
        for i in range(10):
            pulled.append(i)
            yield {"id": i, "text": TEXTS[i % 4] if i != 4 else ""}

    stream = predict_stream(model, source(), batch_size=3, id_field="id")
    first = next(stream)
    assert first.path == "0" and first.ok
    assert len(pulled) == 3  # one batch read, not the whole input
    rest = list(stream)
    assert [p.path for p in rest] == [str(i) for i in range(1, 10)]
    assert rest[3].error == "record 5 (id 4): empty text"
    plain = list(predict_stream(model, TEXTS, batch_size=2, keep_out_of_scope=True))
    assert [p.type.label for p in plain] == [p.type.label for p in model.predict_texts(TEXTS, keep_out_of_scope=True)]


def test_predict_stream_jobs_match_one_process(model) -> None:
    items = [TEXTS[i % 4] for i in range(20)]
    one = [p.to_dict() for p in predict_stream(model, items, batch_size=3)]
    two = [p.to_dict() for p in predict_stream(model, items, batch_size=3, jobs=2)]
    assert one == two


def test_writer_columns_follow_to_dict(model, tmp_path: Path) -> None:
    records = [{"id": "a", "text": TEXTS[0]}, {"id": "b", "text": ""}]
    predictions = list(predict_stream(model, records, id_field="id", keep_out_of_scope=True))
    out = tmp_path / "o.csv"
    with RecordWriter(out, "csv", columns_from=predictions[0]) as writer:
        for p in predictions:
            writer.write(p)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[:4] == ["id", "in_scope", "in_scope_probability", "type"]
    assert set(flatten(predictions[0].to_dict())) - {"path"} <= set(rows[0])
    assert rows[0]["type"] == predictions[0].type.label and rows[1]["error"] == "record 2 (id b): empty text"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resume_answers_each_record_once(model, tmp_path: Path, fmt: str) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [*good_rows(9), {"id": "bad", "text": ""}])
    out = tmp_path / f"o.{fmt}"
    full = tmp_path / f"full.{fmt}"
    predict_corpus(model, corpus, full, fmt=fmt, id_field="id", batch_size=4)
    predict_corpus(model, corpus, out, fmt=fmt, id_field="id", batch_size=4)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    keep = 1 + 4 if fmt == "csv" else 4  # a killed run: header, 4 results and half of the next line
    out.write_text("".join(lines[:keep]) + lines[keep][:15], encoding="utf-8")
    assert len(answered_ids(out, fmt)) == 4
    report = predict_corpus(model, corpus, out, fmt=fmt, id_field="id", batch_size=4, resume=True)
    assert (report.skipped, report.answered, report.failed) == (4, 6, 1)
    assert sorted(answered_ids(out, fmt)) == sorted([f"r{i}" for i in range(9)] + ["bad"])
    if fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert sorted(ids) == sorted(set(ids))  # each exactly once
        assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(
            full.read_text(encoding="utf-8").splitlines()
        )
    else:
        assert sorted(out.read_text(encoding="utf-8").splitlines()[1:]) == sorted(
            full.read_text(encoding="utf-8").splitlines()[1:]
        )


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "classify", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_cli_streams_a_corpus(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [*good_rows(3), {"id": "e", "text": ""}, "oops"])
    run = cli("predict", str(corpus), "--id-field", "id", cwd=REPO)
    assert run.returncode == 1  # bad records: reported, the run goes on
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["id"] for r in results] == ["r0", "r1", "r2", "e", "5"]
    assert run.stderr.splitlines() == [
        "classify: error: line 4 (id e): empty text",
        "classify: error: line 5: not JSON (Expecting value: line 1 column 1 (char 0))",
    ]
    out = tmp_path / "o.csv"
    assert cli("predict", str(corpus), "--id-field", "id", "-o", str(out), cwd=REPO).returncode == 1
    again = cli("predict", str(corpus), "--id-field", "id", "-o", str(out), "--resume", cwd=REPO)
    assert "5 records already answered, 0 now" in again.stderr and again.returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6
    usage = cli("predict", str(corpus), "--resume", cwd=REPO)
    assert usage.returncode == 2 and "--resume needs --output" in usage.stderr

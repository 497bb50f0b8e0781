"""predict / train / evaluate from the command line: formats, errors, the shipped model on the seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from classify.classifiers import default_model_path
from classify.features.vectorize import FeatureConfig
from classify.training.baseline import fit_documents
from tests.classifiers.tiny import tiny_corpus
from tests.conftest import REPO, run_cli

SHIPPED = default_model_path()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    docs, labels = tiny_corpus()
    directory = tmp_path_factory.mktemp("model") / "tiny"
    fit_documents(docs, labels, features=FeatureConfig(min_df=1), C=10.0).save_pretrained(directory)
    return directory


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("reports")
    texts = {
        "review.txt": "某某集团所属研究院召开述职评议会\n\n各单位党组织书记依次述职，与会人员进行民主测评，列出问题清单。",
        "campaign.txt": "某某党支部开展主题党日活动\n\n支部党员参观纪念馆，自学习教育开展以来累计开展专题学习三十次。",
    }
    paths = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    (folder / "gbk.txt").write_bytes(texts["review.txt"].encode("gb18030"))
    paths.append(folder / "gbk.txt")
    return paths


def test_predict_formats(tiny_model, reports):
    args = ["predict", "--model", str(tiny_model), *map(str, reports)]
    jsonl = run_cli(*args, "--format", "jsonl")
    assert jsonl.returncode == 0, jsonl.stderr.decode()
    rows = [json.loads(line) for line in jsonl.stdout.decode().splitlines()]
    assert [r["type"]["label"] for r in rows] == ["performance_review", "local_campaign", "performance_review"]
    assert rows[1]["level"]["label"] == "branch"
    as_json = json.loads(run_cli(*args, "--format", "json").stdout)
    assert [r["type"]["label"] for r in as_json] == [r["type"]["label"] for r in rows]
    table = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout.decode())))
    assert [r["type"] for r in table] == [r["type"]["label"] for r in rows]
    assert set(table[0]) >= {"path", "type", "type_probability", "level_uncertain", "error"}
    pretty = run_cli(*args).stdout.decode()
    assert "performance_review" in pretty and "branch" in pretty


def test_predict_explain_threshold_and_jobs(tiny_model, reports):
    result = run_cli(
        "predict",
        "-m",
        str(tiny_model),
        "-f",
        "jsonl",
        "--explain",
        "--threshold",
        "0.99",
        "--jobs",
        "2",
        *map(str, reports),
    )
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert all(r["type"]["uncertain"] for r in rows)
    assert rows[0]["explanation"]["type"][0]["weight"] > 0


def test_predict_bad_inputs_and_bad_model(tiny_model, reports, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli(
        "predict", "-m", str(tiny_model), "-f", "jsonl", str(empty), str(reports[0]), str(tmp_path / "no.txt")
    )
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]  # failures too, in order
    assert [r["path"] for r in records] == [str(empty), str(reports[0]), str(tmp_path / "no.txt")]
    assert [("error" in r) for r in records] == [True, False, True]
    assert records[0]["error"] == f"{empty}: empty file"
    assert result.stderr.decode().splitlines() == [
        f"classify: error: {empty}: empty file",
        f"classify: error: {tmp_path / 'no.txt'}: no such file",
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{", encoding="utf-8")
    result = run_cli("predict", "-m", str(broken), str(reports[0]))
    assert result.returncode == 1 and "Traceback" not in result.stderr.decode()
    assert result.stderr.decode().strip().startswith(f"classify: error: {broken}: corrupt model directory")
    assert run_cli("predict", "-m", str(tiny_model), "-f", "xml", str(reports[0])).returncode == 2


def test_train_and_evaluate_on_a_small_corpus(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    docs, labels = tiny_corpus(copies=3)
    with corpus.open("w", encoding="utf-8") as handle:
        for i, (doc, lab) in enumerate(zip(docs, labels, strict=True)):
            handle.write(
                json.dumps({"id": f"d{i}", "title": doc.title, "text": doc.body, **lab}, ensure_ascii=False) + "\n"
            )
    config = tmp_path / "c.yaml"
    config.write_text(
        "model: baseline\nfeatures: {min_df: 1}\nclassifier: {C: [1, 10], cv_folds: 3}\nsplit: {dev: 0.2, test: 0.2}\n"
        f"data: {{augment: {REPO / 'data' / 'sample' / 'corpus.jsonl'}}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "m"
    bad = run_cli("train", "--config", str(config), "--data", str(corpus), "--set", "classifier.cv_fold=3")
    assert bad.returncode == 1 and b"cv_fold" in bad.stderr  # validated like the file
    # --data without --augment: the user's corpus alone, though the config names generated reports
    result = run_cli(
        "train", "--config", str(config), "--data", str(corpus), "--set", "classifier.C=2", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr.decode()
    log = result.stderr.decode()
    assert f"training data: {len(docs)} documents" in log and "no generated reports" in log
    card = (out / "README.md").read_text(encoding="utf-8")
    assert str(tmp_path) not in card + (out / "config.json").read_text(encoding="utf-8")
    assert "model-index:" in card and "Generated reports" not in card
    assert "## Metrics" in card and "| test | type |" in card
    assert json.loads((out / "eval_test.json").read_text(encoding="utf-8"))["n"] > 0
    result = run_cli(
        "evaluate",
        "--model",
        str(out),
        "--data",
        str(corpus),
        "--json",
        str(tmp_path / "e.json"),
        "--plot",
        str(tmp_path / "e.png"),
    )
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["label_sets"]["type"]["macro_f1"] > 0.9
    assert (tmp_path / "e.png").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("modle: x\n", encoding="utf-8")
    result = run_cli("train", "--config", str(bad))
    assert result.returncode == 1 and "unknown key 'modle'" in result.stderr.decode()


@pytest.mark.skipif(not SHIPPED.exists(), reason="no shipped model")
def test_shipped_model_classifies_all_five_seeds(seeds_dir, seed_labels):
    result = run_cli("predict", "-f", "jsonl", str(seeds_dir))
    assert result.returncode == 0, result.stderr.decode()
    for row in map(json.loads, result.stdout.decode().splitlines()):
        truth = seed_labels[Path(row["path"]).name]
        assert (row["type"]["label"], row["level"]["label"]) == (truth["type"], truth["level"]), row["path"]


@pytest.mark.skipif(not SHIPPED.exists(), reason="no shipped model")
def test_shipped_model_card_and_size():
    assert (SHIPPED / "README.md").exists()
    size = sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file())
    assert size < 8 * 1024 * 1024
    assert str(SHIPPED).startswith(str(REPO))


def test_predict_summary_adds_each_reports_lead(tiny_model, reports):
    result = run_cli(
        "predict", "--model", str(tiny_model), "--summary", "--max-chars", "60", "-f", "jsonl", *map(str, reports)
    )
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(rows) == len(reports)
    for row in rows:
        body = Path(row["path"]).read_bytes().decode("gb18030" if row["path"].endswith("gbk.txt") else "utf-8")
        assert row["summary"] and len(row["summary"]) <= 60
        assert row["summary"] in body.replace("\n", "")  # the report's own sentences, never invented text
    plain = run_cli("predict", "--model", str(tiny_model), "-f", "jsonl", str(reports[0]))
    assert not json.loads(plain.stdout.decode().splitlines()[0]).get("summary")


@pytest.mark.skipif(not SHIPPED.exists(), reason="no shipped model")
def test_scope_threshold_moves_the_in_scope_decision(tmp_path):
    news = tmp_path / "news.txt"  # ordinary economy news: out of scope at the model's threshold
    news.write_text(
        "一季度外贸进出口保持增长\n\n海关总署今天发布数据，一季度我国货物贸易进出口总值同比增长百分之五，"
        "其中出口增长百分之六，进口增长百分之三。机电产品出口占比继续提高，对共建国家进出口增势良好。",
        encoding="utf-8",
    )
    default = json.loads(run_cli("predict", "-f", "json", str(news)).stdout)[0]
    assert default["in_scope"] is False and default["type"] is None
    kept = run_cli("predict", "-f", "json", "--scope-threshold", "0", str(news))
    row = json.loads(kept.stdout)[0]
    assert (
        row["in_scope"] is True
        and row["type"]["label"]
        and row["in_scope_probability"] == default["in_scope_probability"]
    )
    bad = run_cli("predict", "--scope-threshold", "1.5", str(news))
    assert bad.returncode == 2 and "--scope-threshold" in bad.stderr.decode()

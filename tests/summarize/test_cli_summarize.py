"""``classify summarize`` as a user meets it: text and JSON out, budgets, bad files in a batch."""

from __future__ import annotations

import json

from tests.conftest import run_cli, seed_path
from tests.summarize.sample import MEETING, REPORT


def test_text_output_of_one_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run_cli("summarize", str(path))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().startswith(MEETING)


def test_jsonl_budget_and_method(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run_cli("summarize", "--format", "jsonl", "--max-chars", "40", "--method", "lead-3", str(path))
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["path"] == str(path) and data["method"] == "lead-3" and len(data["sentences"]) == 3
    result = run_cli("summarize", "-f", "json", "-n", "60", str(path), str(path))
    data = json.loads(result.stdout)  # one list for the batch, as predict -f json writes
    assert [d["path"] for d in data] == [str(path), str(path)]
    assert data[0]["max_chars"] == 60 and (data[0]["chars"] <= 60 or len(data[0]["sentences"]) == 1)


def test_batch_with_bad_files_goes_on(seeds_dir, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    title_only = tmp_path / "title.txt"
    title_only.write_text("。。。\n", encoding="utf-8")
    good = seed_path(seeds_dir, "000")
    result = run_cli("summarize", "-f", "jsonl", str(empty), str(good), str(title_only), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["path"] for r in records] == [str(empty), str(good), str(title_only), str(tmp_path / "missing.txt")]
    assert [r["error"] for r in records if "error" in r][1] == f"{title_only}: no body sentences to summarise"
    good_records = [r for r in records if "error" not in r]
    assert len(good_records) == 1 and good_records[0]["text"].startswith("1月20日")
    assert result.stderr.decode().splitlines() == [
        f"classify: error: {empty}: empty file",
        f"classify: error: {title_only}: no body sentences to summarise",
        f"classify: error: {tmp_path / 'missing.txt'}: no such file",
    ]


def test_folder_and_stdin(seeds_dir):
    result = run_cli("summarize", str(seeds_dir))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().count("==> ") == 5
    result = run_cli("summarize", "-", stdin=seed_path(seeds_dir, "002").read_bytes())
    assert result.returncode == 0 and result.stdout.decode().startswith("2月23日，")


def test_usage_errors_exit_2():
    assert run_cli("summarize", "--method", "magic", "x.txt").returncode == 2
    assert run_cli("summarize", "--method", "oracle", "x.txt").returncode == 2
    assert run_cli("summarize", "--max-chars", "0", "x.txt").returncode == 2

"""The command line as a user meets it: help, version, batches with bad files, stdin."""

from __future__ import annotations

import json

from classify import __version__
from tests.conftest import run_cli, seed_path


def test_version_and_help():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.decode().strip() == f"classify {__version__}"
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("normalize", "data"):
        assert command in result.stdout.decode()


def test_normalize_json(seeds_dir):
    result = run_cli("normalize", "--format", "json", str(seed_path(seeds_dir, "003")))
    assert result.returncode == 0, result.stderr.decode()
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and len(docs) == 1  # one list, as predict -f json writes
    doc = docs[0]
    assert doc["title"] == "中国航天科工二院二部一室党支部"
    assert doc["date"] == "2022-07-11" and doc["source"] == "人民网-中国共产党新闻网"
    assert doc["paragraphs"][0] == {"text": "一、背景和起因", "kind": "heading"}
    assert len(doc["sentences"]) > 30


def test_batch_with_bad_files_still_prints_the_others(seeds_dir, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    good = seed_path(seeds_dir, "000")
    result = run_cli("normalize", "-f", "jsonl", str(empty), str(good), str(binary), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["path"] for r in records] == [str(empty), str(good), str(binary), str(tmp_path / "missing.txt")]
    good_records = [r for r in records if "error" not in r]
    assert len(good_records) == 1 and good_records[0]["date"] == "2022-01-21"
    errors = result.stderr.decode().splitlines()
    assert errors == [
        f"classify: error: {empty}: empty file",
        f"classify: error: {binary}: binary file, not text",
        f"classify: error: {tmp_path / 'missing.txt'}: no such file",
    ]
    assert "Traceback" not in result.stderr.decode()


def test_stdin_and_folder(seeds_dir):
    data = seed_path(seeds_dir, "001").read_bytes()
    result = run_cli("normalize", "-", stdin=data)
    assert result.returncode == 0
    assert result.stdout.decode().splitlines()[0].endswith("建功新时代")
    result = run_cli("normalize", "-f", "jsonl", str(seeds_dir))
    assert result.returncode == 0 and len(result.stdout.decode().splitlines()) == 5


def test_data_stats_on_the_seeds(seeds_dir):
    result = run_cli("data", "stats", "--data", str(seeds_dir), "--no-split")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "5 labelled reports" in out and "summary_meeting" in out

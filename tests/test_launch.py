"""The console entry's fast path for ``classify predict``: the same output as the typer command."""

from __future__ import annotations

import pytest

from classify.launch import parse_predict
from tests.conftest import REPO, run_cli


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["predict", "a.txt"], {"model": None, "fmt": "table", "files": ["a.txt"]}),
        (["predict", "-m", "M", "-f", "csv", "a", "-"], {"model": "M", "fmt": "csv", "files": ["a", "-"]}),
        (["predict", "--model=M", "--format=jsonl", "a"], {"model": "M", "fmt": "jsonl", "files": ["a"]}),
        (["predict", "--jobs", "2", "a"], None),  # any other option: typer
        (["predict", "--help"], None),
        (["predict", "-m", "M"], None),  # no file: typer's usage error
        (["predict", "a", "-m"], None),  # an option without its value
        (["predict", "-f", "xml", "a"], None),  # a bad format: typer's error and exit status 2
        (["predict", "-m=M", "a"], None),
        (["summarize", "a"], None),
        ([], None),
    ],
)
def test_parse_predict(argv, expected):
    assert parse_predict(argv) == expected


def test_fast_path_prints_what_the_typer_command_prints(tmp_path):
    reports = sorted((REPO / "data" / "sample" / "reports").glob("*.txt"))[:3]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    files = [*map(str, reports), str(empty), str(tmp_path / "missing.txt")]
    model = str(REPO / "src" / "classify" / "models" / "baseline")
    for fmt in ("jsonl", "table", "csv"):
        fast = run_cli("predict", "-m", model, "-f", fmt, *files)
        typer = run_cli("predict", "-m", model, "-f", fmt, "--jobs", "1", *files)  # --jobs: not the fast path
        assert (fast.returncode, fast.stdout, fast.stderr) == (typer.returncode, typer.stdout, typer.stderr), fmt
        assert fast.returncode == 1 and fast.stderr.decode().count("classify: error:") == 2
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{", encoding="utf-8")
    fast, typer = (
        run_cli("predict", "-m", str(broken), files[0]),
        run_cli("predict", "-j", "1", "-m", str(broken), files[0]),
    )
    assert (fast.returncode, fast.stderr) == (typer.returncode, typer.stderr)
    assert fast.stderr.decode().startswith(f"classify: error: {broken}: corrupt model directory")

"""``--jobs`` where ``fork`` is not there (macOS, Windows): spawned workers give the same results."""

from __future__ import annotations

from classify.predict import start_method
from tests.conftest import REPO, run_cli


def test_spawned_workers_predict_like_one_process(monkeypatch, tmp_path):
    reports = [str(p) for p in sorted((REPO / "data" / "sample" / "reports").glob("*.txt"))[:6]]
    files = [*reports, str(tmp_path / "missing.txt")]
    single = run_cli("predict", "-f", "jsonl", "--jobs", "1", *files)
    monkeypatch.setenv("CLASSIFY_START_METHOD", "spawn")
    assert start_method() == "spawn"
    spawned = run_cli("predict", "-f", "jsonl", "--jobs", "2", *files)
    assert spawned.returncode == single.returncode == 1
    assert spawned.stdout == single.stdout and spawned.stderr == single.stderr

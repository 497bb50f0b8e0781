"""Ray Data (issue 18): ReportPredictor and ``classify predict --ray`` on a local 2-CPU Ray instance
that the test starts in a subprocess, killed after a time limit; skipped when ray is not installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("ray.data")
pa = pytest.importorskip("pyarrow")

from classify import load_model  # noqa: E402
from classify.stream import predict_stream  # noqa: E402
from tests.stream.test_stream import TEXTS  # noqa: E402  (the same four texts as the streaming tests)

REPO = Path(__file__).resolve().parents[2]
LIMIT_S = 240  # the whole Ray run, start-up included


def run_bounded(script: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, cwd=cwd, env=env,
            timeout=LIMIT_S, start_new_session=True,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"Ray run took over {LIMIT_S} s: {exc.stderr!s:.2000}")


def test_predictor_and_cli_on_local_ray(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    ids = [f"r{i}" for i in range(12)]
    texts = [TEXTS[i % 4] if i != 5 else "" for i in range(12)]
    pq.write_table(pa.table({"id": ids, "text": texts}), tmp_path / "c.parquet")
    run = run_bounded(
        f"""
        import ray, pyarrow.parquet as pq
        from classify.ray_predict import ReportPredictor
        ray.init(num_cpus=2, include_dashboard=False)
        ds = ray.data.read_parquet({str(tmp_path / "c.parquet")!r})
        rows = ds.map_batches(ReportPredictor, fn_constructor_kwargs={{"id_column": "id", "summary": True}},
                              batch_format="pyarrow", batch_size=5, concurrency=1, num_cpus=0.5).take_all()
        import json
        print("ROWS", json.dumps(rows, ensure_ascii=False, default=str))
        from classify.cli import app  # the command line's path onto the running instance
        try:
            app(["predict", "--ray", "auto", {str(tmp_path / "c.parquet")!r}, "--out", {str(tmp_path / "out")!r},
                 "--id-field", "id", "--jobs", "2", "--keep-out-of-scope", "--scope-threshold", "0.5"])
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        ray.shutdown()
        """,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    rows = json.loads(next(line for line in run.stdout.splitlines() if line.startswith("ROWS "))[5:])
    rows.sort(key=lambda r: int(r["id"][1:]))
    expected = list(
        predict_stream(load_model(), [{"id": i, "text": t} for i, t in zip(ids, texts, strict=True)], id_field="id")
    )
    for row, want in zip(rows, expected, strict=True):
        assert row["id"] == want.path and row["text"] == texts[int(row["id"][1:])]
        if want.ok and want.type is None:  # out of scope: no labels, in both paths
            assert row["error"] is None and row["type"] is None and row["in_scope"] is False
        elif want.ok:
            assert row["error"] is None
            assert (row["type"], row["type_probability"]) == (want.type.label, round(want.type.probability, 4))
            assert row["level_probabilities"] == want.to_dict()["level"]["probabilities"]
            assert row["summary"]
        else:
            assert row["error"] == "record r5: empty text" and row["type"] is None
    written = pq.read_table(tmp_path / "out").to_pylist()
    assert sorted(r["id"] for r in written) == sorted(ids)
    assert "text" not in written[0] and {"type", "level", "error"} <= set(written[0])

"""Shared fixtures: where ``../shared`` is, the five seed reports and their labels."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classify.corpus.shared import find_shared

REPO = Path(__file__).resolve().parents[1]
SHARED = find_shared(REPO)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder; tests that need it skip cleanly when it is absent."""
    if SHARED is None:
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def seed_labels(seeds_dir: Path) -> dict[str, dict[str, str]]:
    with (seeds_dir / "labels.tsv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def seed_path(seeds_dir: Path, prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (``"000"``)."""
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m classify ARGS`` as a user would, capturing bytes."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "classify", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or REPO,
        env=env,
        timeout=600,
    )

"""The wheel works on its own: built from the sources, installed into a fresh virtual environment, run
from a folder far from the checkout, it predicts with the default model it carries.

How the new environment gets classify's dependencies: the wheel goes in with ``pip install --no-deps
--no-index`` (no network, nothing from the repository), and one ``.pth`` line puts this interpreter's
site-packages *after* the new environment's own. Pip has no wheels of the installed dependencies to
feed ``--find-links`` offline, so this is the way to reuse them without a download; it is safe because a
``.pth`` path entry does not run the ``.pth`` files inside it (the editable install of this checkout
stays inert), and the test checks that ``classify`` is imported from the new environment. What the
default install pulls from PyPI is measured separately (README, "Installing").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.wheel

HEAVY = ("torch", "transformers", "matplotlib", "onnxruntime", "tokenizers")


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # a copy: the build writes build/ and *.egg-info, never into the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = root / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-w", str(dist)],
        cwd=root,
    )
    (wheel,) = dist.glob("classify-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)])
    purelib = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    )
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "zz_classify_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return {"wheel": wheel, "venv": venv, "python": python, "cwd": elsewhere, "purelib": purelib}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CLASSIFY_", "VIRTUAL_ENV"))}
    return {**env, "PYTHONWARNINGS": "ignore"}


def test_wheel_holds_the_model_the_licence_and_a_lean_core(installed):
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
        metadata = next(wheel.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    for name in ("config.json", "model.safetensors", "vocab.json", "README.md", "tokenizer/dict.txt"):
        assert f"classify/models/baseline/{name}" in names, name
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: Apache-2.0" in metadata
    core = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert core and not [line for line in core if any(f" {h}" in line for h in HEAVY)], core
    extras = {line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Provides-Extra:")}
    assert {"onnx", "bert", "plot", "bench", "formats", "data", "dev"} <= extras


def test_installed_wheel_predicts_from_another_folder(installed):
    report = installed["cwd"] / "report.txt"
    shutil.copy(sorted((REPO / "data" / "sample" / "reports").glob("*.txt"))[0], report)
    classify = installed["venv"] / "bin" / "classify"
    result = _run([str(classify), "predict", "report.txt", "-f", "json"], cwd=installed["cwd"], env=_env())
    (record,) = json.loads(result.stdout)
    assert record["path"] == "report.txt" and record["type"]["label"] and record["level"]["label"]
    table = _run([str(classify), "predict", "--summary", "report.txt"], cwd=installed["cwd"], env=_env())
    assert "report.txt" in table.stdout


def test_installed_wheel_loads_its_default_model(installed):
    code = (
        "import json, classify; from classify.classifiers import default_model_path; m = classify.load_model(); "
        "p = m.predict_file('report.txt'); "
        "print(json.dumps({'module': classify.__file__, 'model': str(default_model_path()), 'type': p.type.label}))"
    )
    shutil.copy(sorted((REPO / "data" / "sample" / "reports").glob("*.txt"))[1], installed["cwd"] / "report.txt")
    out = json.loads(_run([str(installed["python"]), "-c", code], cwd=installed["cwd"], env=_env()).stdout)
    venv = str(installed["venv"].resolve())
    assert out["module"].startswith(venv) and out["model"].startswith(venv), out
    assert out["type"]
    assert str(REPO) not in out["model"]


def test_repository_defaults_say_so_outside_the_checkout(installed):
    classify = str(installed["venv"] / "bin" / "classify")
    for args, what in ((["data", "stats"], "data/labels"), (["train"], "configs/baseline.yaml")):
        result = subprocess.run([classify, *args], capture_output=True, text=True, cwd=installed["cwd"], env=_env())
        assert result.returncode == 1, result.stderr
        assert (
            result.stderr.startswith(f"classify: error: {what}: not found: the default") and "outside" in result.stderr
        )

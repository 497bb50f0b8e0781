"""Hostile input and faults (issue 15): every bad input is made here, each answered by one clear line
or a sound result, and the batch goes on. ``scripts/bench_faults.py`` runs the wider catalogue."""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from classify.classifiers import load_model
from classify.classifiers.model_dir import MANIFEST_NAME, atomic_directory, write_manifest
from classify.classifiers.results import LabelPrediction, Prediction
from classify.corpus.load import load_records
from classify.errors import ClassifyError, ConfigError, InputError, InputTypeError, LabelError, ModelError
from classify.intake import read_document, walk_inputs
from classify.intake.read import decode_bytes, read_bounded, read_bytes
from classify.output import OutputFormat, write_predictions
from classify.predict import predict_files
from tests.conftest import REPO, run_cli
from tests.ctrl_c import interrupt, whole_json_lines

TEXT = "党支部召开组织生活会，认真开展批评与自我批评。会议强调要巩固拓展学习教育成果。"


@pytest.fixture(scope="module")
def model():
    return load_model(None)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny baseline model saved to a folder."""
    from classify.features.vectorize import FeatureConfig
    from classify.training.baseline import fit_documents
    from tests.classifiers.tiny import tiny_corpus

    docs, labels = tiny_corpus()
    fitted = fit_documents(docs, labels, features=FeatureConfig(min_df=1, max_features=2000), C=4.0)
    directory = tmp_path_factory.mktemp("tiny") / "model"
    fitted.save_pretrained(directory)
    return fitted, directory


def _copy_model(directory: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(directory, to)
    return to


# 1 -------------------------------------------------------------------------------------------------
def test_table_cells_are_printed_literally():
    label = LabelPrediction("branch_case", 0.9, {"branch_case": 0.9})
    predictions = [
        Prediction(path="[draft]report.txt", labels={"type": label}, summary="[/]导语[bold]x"),
        Prediction(path="[/]", labels={"type": label}, summary="ok"),
    ]
    out = io.StringIO()
    assert write_predictions(predictions, OutputFormat.table, ["type"], out=out) == 0
    text = out.getvalue()
    assert "[draft]report.txt" in text and "[/]导语[bold]x" in text and "[/]" in text


# 2 -------------------------------------------------------------------------------------------------
def test_a_failed_save_leaves_the_old_model(tiny, tmp_path, monkeypatch):
    fitted, directory = tiny
    target = _copy_model(directory, tmp_path / "m")
    import classify.classifiers.baseline as baseline

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(baseline, "write_config", broken)
    with pytest.raises(OSError):
        fitted.save_pretrained(target)
    load_model(target)  # the old one, whole
    assert not list(tmp_path.glob(".m.tmp-*"))


def test_a_save_killed_at_random_moments_leaves_a_loadable_model(tiny, tmp_path):
    _, directory = tiny
    target = _copy_model(directory, tmp_path / "m")
    code = (
        "import sys; from classify.classifiers import load_model\n"
        "m = load_model(sys.argv[1])\n"
        "while True: m.save_pretrained(sys.argv[1])\n"
    )
    for delay in (1.2, 1.5, 1.9):
        child = subprocess.Popen([sys.executable, "-c", code, str(target)])
        time.sleep(delay)
        child.kill()
        child.wait()
        load_model(target)


def test_atomic_directory_replaces_a_folder_in_one_step(tmp_path):
    target = tmp_path / "t"
    target.mkdir()
    (target / "old").write_text("1")
    with atomic_directory(target) as work:
        (work / "new").write_text("2")
    assert [p.name for p in target.iterdir()] == ["new"]
    with pytest.raises(ModelError), atomic_directory(target / "new"):
        pass


# 3 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ref", ["../secret.txt", "/etc/hostname", "link.txt"])
def test_corpus_file_columns_stay_inside_the_corpus_folder(tmp_path, ref):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "link.txt").symlink_to(tmp_path / "secret.txt")
    (corpus / "labels.tsv").write_text(f"id\tfile\ttype\tlevel\na\t{ref}\tbranch_case\tbranch\n", encoding="utf-8")
    with pytest.raises(LabelError, match="outside the corpus folder"):
        load_records(corpus)
    if ref != "/etc/hostname":
        assert load_records(corpus, outside_paths=True)[0].text.startswith("党支部")


# 4 -------------------------------------------------------------------------------------------------
def test_non_regular_files_are_refused_without_reading(tmp_path):
    with pytest.raises(InputError, match="not a regular file"):
        read_document("/dev/zero")
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match="not a regular file"):
        read_document(fifo)  # no writer: must not hang
    assert time.monotonic() - started < 5


def test_reads_are_bounded_whatever_stat_says(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="too large"):
        read_bounded(io.BytesIO(b"x" * 101), 100, "<stdin>")
    assert read_bounded(io.BytesIO(b"x" * 100), 100, "<stdin>") == b"x" * 100
    import classify.intake as intake

    monkeypatch.setattr(intake, "MAX_FORMAT_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode() * 100)))
    with pytest.raises(InputError, match="<stdin>: file too large"):
        read_document("-")


# 5 -------------------------------------------------------------------------------------------------
def _edit_config(directory: Path, change, *, manifest: bool = False) -> None:
    config = directory / "config.json"
    settings = json.loads(config.read_text(encoding="utf-8"))
    change(settings)
    config.write_text(json.dumps(settings), encoding="utf-8")
    if manifest:
        write_manifest(directory)


@pytest.mark.parametrize(
    "damage",
    ["no_files", "no_manifest", "classes", "outside", "absolute", "symlink_out", "deep", "manifest_edited"],
)
def test_the_checksums_cannot_be_switched_off_or_pointed_outside(tiny, tmp_path, damage):
    _, directory = tiny
    target = _copy_model(directory, tmp_path / "m")
    (tmp_path / "elsewhere.txt").write_text("x")
    if damage == "no_files":
        _edit_config(target, lambda c: c.pop("files"))
    elif damage == "no_manifest":
        (target / MANIFEST_NAME).unlink()
    elif damage == "classes":
        _edit_config(target, lambda c: c["classes"]["type"].reverse())
    elif damage == "outside":
        _edit_config(target, lambda c: c["files"].update({"../elsewhere.txt": "0"}), manifest=True)
    elif damage == "absolute":
        _edit_config(target, lambda c: c["files"].update({"/etc/hostname": "0"}), manifest=True)
    elif damage == "symlink_out":
        (target / "vocab.json").unlink()
        (target / "vocab.json").symlink_to(tmp_path / "elsewhere.txt")
    elif damage == "deep":
        (target / "config.json").write_text("[" * 100_000 + "]" * 100_000)
        write_manifest(target)
    elif damage == "manifest_edited":
        _edit_config(target, lambda c: c.pop("files"), manifest=True)
    with pytest.raises(ModelError) as info:
        load_model(target)
    assert str(info.value).startswith(str(target)) and "\n" not in str(info.value)


def test_the_shipped_model_has_its_manifest():
    assert (REPO / "src" / "classify" / "models" / "baseline" / MANIFEST_NAME).is_file()
    load_model(REPO / "src" / "classify" / "models" / "baseline")


# 6 -------------------------------------------------------------------------------------------------
def test_jieba_cache_is_private_and_refused_when_others_can_write(tmp_path, monkeypatch):
    from classify.features.tokenize import cache_dir

    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path / "cache"))
    folder = cache_dir()
    assert folder is not None and folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    assert cache_dir() is None


# 7 -------------------------------------------------------------------------------------------------
def test_text_without_chinese_is_never_confident(model, tmp_path):
    results = model.predict_texts(["", "\u3000\u3000", "。，！？……", "hello world", "12345"])
    assert results[0].error == "texts[0]: empty text" and results[1].error
    for result in results[2:]:
        assert result.error is None and all(label.uncertain for label in result.labels.values())
    punctuation = tmp_path / "p.txt"
    punctuation.write_text("。。，，！！", encoding="utf-8")
    result = next(predict_files(model, [punctuation]))
    assert result.error or all(label.uncertain for label in result.labels.values())
    assert not any(label.uncertain for label in model.predict_texts([TEXT])[0].labels.values())


# 8 -------------------------------------------------------------------------------------------------
def test_one_bad_path_in_a_folder_never_stops_the_batch(tmp_path, monkeypatch, model):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "locked").mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder)  # a loop
    (folder / "self.txt").symlink_to(folder / "self.txt")  # ELOOP
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    long_name = "x" * 5000
    items = walk_inputs([folder])
    names = [i for i in items if isinstance(i, str)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert names == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]
    assert any("locked: cannot read folder" in e for e in errors)
    assert any("symbolic link loop" in e for e in errors)
    assert any("self.txt" in e for e in errors)
    results = list(predict_files(model, [folder, long_name]))
    assert sum(r.ok for r in results) == 2 and sum(not r.ok for r in results) == len(errors) + 1
    assert "too long" in results[-1].error


# 9 -------------------------------------------------------------------------------------------------
def test_ctrl_c_with_workers_exits_130_without_traceback(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:05d}.txt").write_text(TEXT * (1 + i % 5), encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    code, out, err = interrupt(["predict", "--jobs", "2", "-f", "jsonl", str(folder)], after=1.5, cwd=REPO, env=env)
    assert code == 130, err.decode()
    assert b"Traceback" not in err
    assert whole_json_lines(out)  # every line written is complete


# 10 ------------------------------------------------------------------------------------------------
def test_api_types_are_refused_by_item(model, tmp_path):
    with pytest.raises(InputTypeError, match="expected a list of texts, got one str") as info:
        model.predict_texts("一个字符串")
    assert isinstance(info.value, TypeError) and isinstance(info.value, ClassifyError)
    results = model.predict_texts([TEXT, None, 3, b"bytes", TEXT + "\udcff"])
    assert [r.error for r in results] == [
        None,
        "texts[1]: expected str, got NoneType",
        "texts[2]: expected str, got int",
        "texts[3]: expected str, got bytes",
        None,
    ]
    with pytest.raises(InputTypeError, match=r"items\[1\]"):
        model.predict([TEXT, None])
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert model.predict_file(os.fsencode(path)).ok
    with pytest.raises(InputError, match="no such file"):
        model.predict_file(b"/no/such/report.txt")


# 11: tests/summarize/test_summarize.py (budget cut, one sentence, short lists) ----------------------


# 12 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("option", [["--max-chars", "0", "--summary"], ["--threshold", "nan"], ["--jobs", "0"]])
def test_bad_options_are_usage_errors_before_any_file(option, tmp_path):
    files = []
    for i in range(3):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text(TEXT, encoding="utf-8")
    result = run_cli("predict", *option, *map(str, files))
    assert result.returncode == 2 and result.stdout == b""
    assert math.isnan(float("nan"))


def _config(tmp_path: Path, **sections) -> dict:
    from classify.training.config import load_config

    settings = {"model": "baseline", "data": {"train": str(tmp_path / "nothing-read.jsonl"), "augment": None}}
    for key, value in sections.items():
        settings[key] = value
    path = tmp_path / "c.yaml"
    import yaml

    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize(
    ("sections", "match"),
    [
        ({"classifier": {"C": -1}}, "C must be positive"),
        ({"features": {"min_df": 0}}, "min_df must be a positive integer"),
    ],
)
def test_bad_training_settings_fail_before_the_corpus_is_read(tmp_path, sections, match):
    from classify.training.run import train

    with pytest.raises(ConfigError, match=match):
        train(_config(tmp_path, **sections), out=tmp_path / "out")


def _corpus(tmp_path: Path, rows: int = 60, duplicate: bool = False) -> Path:
    from tests.classifiers.tiny import tiny_corpus

    docs, labels = tiny_corpus(3)
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, (doc, label) in enumerate(zip(docs[:rows], labels[:rows], strict=True)):
            ident = "same" if duplicate and i < 2 else f"d{i}"
            row = {"id": ident, "title": doc.title, "text": doc.body, **label}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def test_huge_min_df_duplicate_ids_and_unusable_out_are_refused_before_fitting(tmp_path):
    from classify.training.run import train

    settings = _config(
        tmp_path,
        features={"min_df": 100_000},
        classifier={"C": 1, "cv_folds": 2},
        split={"dev": 0.1, "test": 0.1, "seed": 1},
    )
    settings["data"]["train"] = str(_corpus(tmp_path))
    with pytest.raises(ConfigError, match="min_df is 100000 but there are only"):
        train(settings, out=tmp_path / "out")
    settings["features"]["min_df"] = 1
    settings["data"]["train"] = str(_corpus(tmp_path, duplicate=True))
    with pytest.raises(ConfigError, match="duplicate id 'same'"):
        train(settings, out=tmp_path / "out")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="--out"):
        train(settings, out=blocker / "model")


def test_closed_stdin_and_newline_file_names_give_one_line(tmp_path):
    closed = subprocess.run(
        f"{sys.executable} -m classify predict - 0<&-", shell=True, capture_output=True, cwd=REPO, timeout=120
    )
    assert (
        closed.returncode == 1
        and closed.stderr.decode().strip() == "classify: error: <stdin>: standard input is closed"
    )
    odd = tmp_path / "a\nb.txt"
    odd.write_bytes(b"")
    result = run_cli("predict", str(odd))
    assert result.stderr.decode().splitlines() == [f"classify: error: {tmp_path}/a\\nb.txt: empty file"]


def test_encodings_are_read_or_named():
    text = TEXT * 3
    assert decode_bytes(text.encode("utf-32-le")) == text
    assert decode_bytes(text.encode("utf-32-be")) == text
    data = text.encode()
    with pytest.raises(InputError, match=r"stray byte.* ff at byte offset 30"):
        decode_bytes(data[:30] + b"\xff" + data[30:])
    with pytest.raises(InputError, match="Latin-1"):
        decode_bytes("Café résumé, naïve déjà vu à la carte; über Straße. ".encode("latin-1") * 4)


def test_read_bytes_of_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_bytes(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_bytes(tmp_path)


@pytest.mark.slow
def test_the_whole_catalogue_is_handled():
    """``scripts/bench_faults.py --quick --no-load``: every case of every group handled cleanly."""
    result = subprocess.run(
        [sys.executable, "scripts/bench_faults.py", "--quick", "--no-load"],
        capture_output=True,
        cwd=REPO,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "NOT HANDLED" not in out
    tried, handled = next(line for line in out.splitlines() if line.startswith("all")).split()[1:]
    assert int(tried) >= 171 and tried == handled

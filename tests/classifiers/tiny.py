"""A tiny labelled corpus written for the tests (no third-party text): distinct words per class."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from classify.intake import Document

_TYPES = {
    "summary_meeting": (
        "召开总结大会",
        "会议总结了一年来的成效和经验，会议强调要巩固拓展成果，一要抓学习，二要抓落实。",
    ),
    "performance_review": (
        "召开述职评议会",
        "各单位党组织书记依次述职，与会人员进行民主测评，列出问题清单和整改清单。",
    ),
    "branch_case": (
        "党支部典型案例",
        "一、背景和起因。二、主要做法。三、取得的成效。四、经验启示。支部把教育作为抓手。",
    ),
    "local_campaign": (
        "开展主题党日活动",
        "自学习教育开展以来，累计开展专题学习三十次，参与人数达八百余人，让活动热起来。",
    ),
}
_LEVELS = {
    "central": "国资委党委",
    "group": "中国某某集团有限公司",
    "subsidiary": "某某集团所属研究院",
    "branch": "某某党支部",
    "local": "某某市委",
}


_FILLER = [
    "天气转暖，春耕在即。",
    "与会同志表示收获很大。",
    "活动现场气氛热烈，大家踊跃发言。",
    "有关负责同志参加。",
    "会后印发了学习材料。",
    "下一步还将持续推进。",
]


def tiny_corpus(copies: int = 2) -> tuple[list[Document], list[dict[str, str]]]:
    """Documents for every type x level (``copies`` each, varied) and their labels."""
    docs, labels = [], []
    for t, (title_tail, body) in _TYPES.items():
        for level, org in _LEVELS.items():
            for k in range(copies):
                filler = "".join(_FILLER[(k + j) % len(_FILLER)] for j in range(3))
                docs.append(Document.from_parts(title=f"{org}{title_tail}", body=f"{org}第{k + 1}次。{filler}{body}"))
                labels.append({"type": t, "level": level})
    return docs, labels


def write_reports(docs: list[Document], directory: Path) -> list[Path]:
    """Each document as a report file ``0.txt``, ``1.txt``, ... in ``directory``; their paths."""
    paths = []
    for i, doc in enumerate(docs):
        path = directory / f"{i}.txt"
        path.write_text(doc.to_text(), encoding="utf-8")
        paths.append(path)
    return paths


def assert_batches_survive_bad_files(model: object, docs: list[Document], folder: Path) -> None:
    """Reports of ``docs`` with an empty file and a missing one among them: those two are errors for
    themselves only, the rest are answered, and two worker processes answer as one process does."""
    from classify.predict import predict_files

    paths = write_reports(docs, folder)
    (folder / "empty.txt").write_bytes(b"")
    inputs = [paths[0], folder / "empty.txt", *paths[1:], folder / "missing.txt"]
    serial = list(predict_files(model, inputs))
    parallel = list(predict_files(model, inputs, jobs=2))
    assert [p.path for p in serial] == [str(p) for p in inputs]
    assert [p.to_dict() for p in serial] == [p.to_dict() for p in parallel]
    assert serial[1].error.endswith("empty file") and serial[-1].error.endswith("no such file")
    assert all(p.ok for i, p in enumerate(serial) if i not in (1, len(serial) - 1))


def truncate_unchecked(directory: Path, weights: str) -> None:
    """Damage a model directory as a failed copy would: ``weights`` cut short and its checksum gone."""
    (directory / weights).write_bytes(b"\x00" * 10)
    config = directory / "config.json"
    settings = json.loads(config.read_text(encoding="utf-8"))
    settings["files"].pop(weights)
    config.write_text(json.dumps(settings), encoding="utf-8")


def set_kind(directory: Path, kind: str) -> None:
    """Rewrite the model kind in ``config.json``."""
    config = directory / "config.json"
    settings = json.loads(config.read_text(encoding="utf-8"))
    settings["kind"] = kind
    config.write_text(json.dumps(settings), encoding="utf-8")


def assert_one_clear_error(directory: Path) -> None:
    """Loading ``directory`` raises one ModelError line that starts with the directory."""
    from classify.classifiers import load_model
    from classify.errors import ModelError

    with pytest.raises(ModelError) as info:
        load_model(directory)
    message = str(info.value)
    assert message.startswith(str(directory)) and "\n" not in message


DAMAGES = ("missing_config", "bad_json", "changed_weights", "missing_part", "wrong_kind", "truncated", "not_a_dir")


def assert_damage_is_one_clear_error(
    model: object, directory: Path, how: str, *, changed: str, missing: str, truncated: str
) -> None:
    """Save ``model`` to ``directory``, damage it one of the :data:`DAMAGES` ways, and check that loading
    it raises one clear error (the same check for every kind of model; only its file names differ):
    ``changed`` is the file whose last byte flips, ``missing`` the file or folder removed,
    ``truncated`` the weights cut short."""
    model.save_pretrained(directory)  # type: ignore[attr-defined]
    _damage(directory, how, changed=changed, missing=missing, truncated=truncated)
    assert_one_clear_error(directory)


def _damage(directory: Path, how: str, *, changed: str, missing: str, truncated: str) -> None:
    config = directory / "config.json"
    if how == "missing_config":
        config.unlink()
    elif how == "bad_json":
        config.write_text("{oops", encoding="utf-8")
    elif how == "changed_weights":
        data = bytearray((directory / changed).read_bytes())
        data[-1] ^= 1
        (directory / changed).write_bytes(bytes(data))
    elif how == "missing_part":
        part = directory / missing
        shutil.rmtree(part) if part.is_dir() else part.unlink()
    elif how == "wrong_kind":
        set_kind(directory, "svm")
    elif how == "truncated":
        truncate_unchecked(directory, truncated)
    elif how == "not_a_dir":
        shutil.rmtree(directory)

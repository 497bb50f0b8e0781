"""A folder as analysts keep it: .txt, .html, .docx and .pdf reports side by side, one broken file of
each kind among them. Every good file gets its result, every bad one a line, and the exit status is 1."""

from __future__ import annotations

import json

import pytest

from classify.intake import read_document
from tests.conftest import run_cli, seed_path
from tests.intake import make_formats as make

pytest.importorskip("trafilatura")
pytest.importorskip("docx")
pytest.importorskip("pypdf")
pytest.importorskip("reportlab")


def test_mixed_folder_with_one_bad_file_of_each_kind(seeds_dir, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    good = {}
    for prefix in ("000", "001", "003"):  # three seeds, each in every format
        seed = read_document(seed_path(seeds_dir, prefix))
        good[f"{prefix}.txt"] = seed_path(seeds_dir, prefix).read_bytes()
        good[f"{prefix}.html"] = make.web_page(seed)
        good[f"{prefix}.docx"] = make.word_document(seed)
        good[f"{prefix}.pdf"] = make.pdf(seed)
    bad = {
        "bad.txt": (bytes(range(256)) * 40, "binary file, not text"),
        "bad.html": (b"<!DOCTYPE html><html><body><nav><a href=/>home</a></nav></body></html>", "no article found"),
        "bad.docx": (good["000.docx"][:3000], "corrupt Word document"),
        "bad.pdf": (good["000.pdf"][:500], "corrupt PDF"),
    }
    for name, data in good.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)

    result = run_cli("predict", "-f", "jsonl", "--summary", str(folder))
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    rows = {r["path"]: r for r in records if "error" not in r}
    assert sorted(rows) == sorted(str(folder / name) for name in good)
    assert sorted(r["path"] for r in records if "error" in r) == sorted(str(folder / name) for name in bad)
    for prefix in ("000", "001", "003"):  # each format of a report gets the .txt's result
        same = [
            {k: v for k, v in rows[str(folder / f"{prefix}.{ext}")].items() if k != "path"}
            for ext in ("txt", "html", "docx", "pdf")
        ]
        assert all(row == same[0] for row in same), prefix
    errors = result.stderr.decode().splitlines()
    assert len(errors) == len(bad), errors
    for name, (_, problem) in bad.items():
        [line] = [e for e in errors if f"{folder / name}:" in e]
        assert problem in line, line
    assert "Traceback" not in result.stderr.decode()

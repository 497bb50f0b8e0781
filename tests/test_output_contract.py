"""One output contract for ``predict``, ``summarize`` and ``normalize``: the same four formats, ``path``
for the input, failed inputs present in every format with ``error``, ``--output``, ``--files-from``
(``-0``), and options that do not apply refused as usage errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import REPO, run_cli

COMMANDS = ("predict", "summarize", "normalize")
FORMATS = ("table", "json", "jsonl", "csv")
GOOD = sorted((REPO / "data" / "sample" / "reports").glob("*.txt"))[0]
#: A field each command's good record has (what the command is for).
FIELD = {"predict": "type", "summarize": "text", "normalize": "title"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contract")
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    return [str(GOOD), str(empty), str(folder / "missing.txt")]


def parse(fmt: str, text: str) -> list[dict]:
    """Records back from any format (the table: its plain, piped form)."""
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    header, *rows = text.splitlines()
    starts = [header.index(name) for name in header.split()]
    names = header.split()
    out = []
    for row in rows:
        cells = [row[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        out.append(dict(zip(names, cells, strict=True)))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_every_format_keeps_failures(command, fmt, inputs):
    result = run_cli(command, "-f", fmt, *inputs)
    assert result.returncode == 1, result.stderr.decode()
    records = parse(fmt, result.stdout.decode())
    assert [r["path"] for r in records] == inputs  # every input, in order, under "path"
    good, *bad = records
    assert not good.get("error")
    assert bad[0]["error"].endswith("empty file") and bad[1]["error"].endswith("no such file")
    if fmt != "table":  # the table shows chosen columns; the others carry the record
        assert good[FIELD[command]]
    else:
        assert "error" in result.stdout.decode().splitlines()[0]
    assert result.stderr.decode().count("classify: error:") == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_output_file_and_files_from(command, inputs, tmp_path):
    stdout = run_cli(command, "-f", "jsonl", *inputs).stdout
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(inputs) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = run_cli(command, "-f", "jsonl", "--files-from", str(listing), "--output", str(target))
    assert result.returncode == 1 and result.stdout == b""
    assert target.read_bytes() == stdout
    nul = run_cli(command, "-f", "jsonl", "--files-from", "-", "-0", stdin="\0".join(inputs).encode() + b"\0")
    assert nul.stdout == stdout


@pytest.mark.parametrize(
    "args",
    [
        ["predict", "--explain", "-f", "csv", str(GOOD)],
        ["predict", "--max-chars", "80", str(GOOD)],
        ["predict", "-0", str(GOOD)],
        ["predict"],
        ["summarize", "-f", "xml", str(GOOD)],
        ["normalize"],
    ],
)
def test_options_that_do_not_apply_are_usage_errors(args):
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_csv_columns_come_from_the_records(inputs):
    result = run_cli("predict", "-f", "csv", "--summary", *inputs)
    header = next(csv.reader(io.StringIO(result.stdout.decode())))
    assert header[0] == "path" and header[-1] == "error"
    assert {"type", "type_probability", "type_uncertain", "level", "summary"} <= set(header)
    only_bad = run_cli("predict", "-f", "csv", inputs[1])
    assert next(csv.reader(io.StringIO(only_bad.stdout.decode()))) == [*header[: len(header) - 2], "error"]


def test_prediction_csv_columns_are_fixed_whatever_the_first_row_holds(tmp_path):
    """An out-of-scope first row (no type, no issuer) must not decide the header: later reports keep
    their type and issuer cells."""
    english = tmp_path / "a_english.txt"
    english.write_text("A plain English note, not a report at all.", encoding="utf-8")
    result = run_cli("predict", "-f", "csv", str(english), str(GOOD))
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    header, first, second = rows
    assert first[header.index("in_scope")] == "false" and first[header.index("type")] == ""
    assert second[header.index("type")] and second[header.index("issuer_name")]


def test_flatten_keeps_keys_a_model_adds():
    from classify.output import flatten

    record = {"path": "a", "type": {"label": "x", "probability": 0.5, "uncertain": True, "probabilities": {}}}
    cells = flatten({**record, "in_scope": 0.91234, "issuer": {"name": "某公司", "level": "group"}})
    assert cells == {
        "path": "a",
        "type": "x",
        "type_probability": "0.5000",
        "type_uncertain": "true",
        "in_scope": "0.9123",
        "issuer_name": "某公司",
        "issuer_level": "group",
    }

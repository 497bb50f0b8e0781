"""Labelled (or unlabelled) corpora -> :class:`Record` lists.

Accepted sources, decided by what the path is:

* ``*.jsonl`` / ``*.jsonl.gz``: one object per line with ``text`` (or ``body``/``content``), optional
  ``id``, ``title``, ``subtitle``, and one column per label set (``type``, ``level``).
* ``*.csv`` / ``*.tsv``: the same columns; a ``file`` (or ``path``) column instead of ``text`` names
  text files relative to the table. Such paths must stay inside the table's folder (``../x`` and
  ``/etc/passwd`` are refused, symbolic links out included) unless ``outside_paths=True``
  (``data.outside_paths: true`` in a training config).
* a folder with ``labels.tsv``/``labels.csv``/``labels.jsonl`` beside its text files (the layout of
  ``../shared/seeds``); a folder with none is a set of unlabelled ``.txt``/``.md`` reports.
* a folder of label files with a ``source`` column (``data/labels``): rows that point into the
  shared corpora, joined with their texts by :mod:`classify.corpus.shared`.
* a folder saved by ``datasets`` (``save_to_disk``), or a ``datasets.Dataset`` object.

Every row's labels are validated against the schema; a bad row raises :class:`LabelError` naming the
file and line.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from classify.corpus.record import Record
from classify.corpus.schema import LabelSchema
from classify.errors import InputError, LabelError
from classify.intake.read import read_text

TEXT_SUFFIXES = (".txt", ".md", ".text")
#: Whether ``file`` columns may leave the corpus folder (set for one :func:`load_records` call).
_OUTSIDE: ContextVar[bool] = ContextVar("outside_paths", default=False)
LABEL_FILES = ("labels.tsv", "labels.csv", "labels.jsonl")
_TEXT_KEYS = ("text", "body", "content", "article")
_FILE_KEYS = ("file", "path", "filename")


def load_records(
    source: str | Path | Any,
    *,
    schema: LabelSchema | None = None,
    labelled: bool = True,
    shared_root: str | Path | None = None,
    outside_paths: bool = False,
) -> list[Record]:
    """Load a corpus from any supported source (see the module docstring).

    ``labelled=False`` accepts rows without labels (for prediction); labels that are present are still
    validated. ``shared_root`` is where ``../shared`` lives, for label files that point into it.
    ``outside_paths`` lets ``file`` columns name files outside the corpus folder.
    """
    token = _OUTSIDE.set(outside_paths)
    try:
        return _load(source, schema, labelled, shared_root)
    finally:
        _OUTSIDE.reset(token)


def _load(source: Any, schema: LabelSchema | None, labelled: bool, shared_root: Any) -> list[Record]:
    schema = schema or LabelSchema.from_yaml()
    if not isinstance(source, (str, Path)):
        return list(_from_dataset(source, schema, labelled, where="dataset"))
    path = Path(source)
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.is_dir():
        return _from_folder(path, schema, labelled, shared_root)
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".json")):
        return list(_from_jsonl(path, schema, labelled))
    if name.endswith((".csv", ".tsv")):
        return list(_from_table(path, schema, labelled))
    if name.endswith(TEXT_SUFFIXES):
        return [Record(id=str(path), text=read_text(path))]
    raise InputError(path, "unknown corpus format (expected .jsonl, .csv, .tsv, a folder or a datasets folder)")


def _from_folder(path: Path, schema: LabelSchema, labelled: bool, shared_root: str | Path | None) -> list[Record]:
    if (path / "dataset_info.json").exists() or (path / "state.json").exists() or (path / "dataset_dict.json").exists():
        try:
            import datasets
        except ImportError:
            raise InputError(
                path, "is a datasets folder: install the 'data' extra (pip install classify[data])"
            ) from None
        return list(_from_dataset(datasets.load_from_disk(str(path)), schema, labelled, where=str(path)))
    for name in LABEL_FILES:
        if (path / name).exists():
            return list(
                _from_table(path / name, schema, labelled)
                if name != "labels.jsonl"
                else _from_jsonl(path / name, schema, labelled)
            )
    label_tables = sorted(path.glob("*.tsv"))
    if label_tables and all(_has_column(t, "source") for t in label_tables):
        from classify.corpus.shared import load_shared_labels

        return load_shared_labels(path, schema=schema, shared_root=shared_root)
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
    if labelled:
        raise LabelError(path, f"no labels file in the folder (expected one of {', '.join(LABEL_FILES)})")
    return [Record(id=str(p), text=read_text(p)) for p in files]


def _has_column(table: Path, column: str) -> bool:
    with table.open(encoding="utf-8") as handle:
        return column in handle.readline().rstrip("\n").split("\t")


def _row_to_record(
    row: Mapping[str, Any], schema: LabelSchema, labelled: bool, where: str, base: Path | None, number: int
) -> Record:
    text = next((row[k] for k in _TEXT_KEYS if row.get(k)), None)
    file_ref = next((row[k] for k in _FILE_KEYS if row.get(k)), None)
    if text is None and file_ref is not None:
        text = read_text(_corpus_file(base, str(file_ref), where))
    if not isinstance(text, str) or not text.strip():
        raise LabelError(where, "row has no text (expected a 'text' column, or 'file' naming a text file)")
    present = {name: row.get(name) for name in schema.names}
    if labelled or any(v not in (None, "") for v in present.values()):
        labels = schema.validate(present, where=where)
    else:
        labels = {}
    known = {*_TEXT_KEYS, *_FILE_KEYS, *schema.names, "id", "title", "subtitle"}
    meta = {k: v for k, v in row.items() if k not in known and v not in (None, "")}
    return Record(
        id=str(row.get("id") or file_ref or f"row{number}"),
        text=text,
        title=(row.get("title") or None),
        subtitle=(row.get("subtitle") or None),
        labels=labels,
        meta=meta,
    )


def _corpus_file(base: Path | None, name: str, where: str) -> Path:
    """A ``file`` column's path, refused unless it resolves inside the corpus folder ``base``."""
    path = (base / name) if base else Path(name)
    if _OUTSIDE.get():
        return path
    root = (base or Path.cwd()).resolve()
    if not path.resolve().is_relative_to(root):
        raise LabelError(
            where, f"file '{name}' is outside the corpus folder {root} (data.outside_paths: true allows it)"
        )
    return path


def _from_jsonl(path: Path, schema: LabelSchema, labelled: bool) -> Iterator[Record]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        lines: Iterable[str] = handle
        if path.suffix == ".json":
            content = handle.read().strip()
            if content.startswith("["):
                lines = [json.dumps(x, ensure_ascii=False) for x in json.loads(content)]
            else:
                lines = io.StringIO(content)
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelError(where, f"invalid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise LabelError(where, "expected a JSON object per line")
            yield _row_to_record(row, schema, labelled, where, path.parent, number)


def _from_table(path: Path, schema: LabelSchema, labelled: bool) -> Iterator[Record]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            if not reader.fieldnames:
                raise LabelError(path, "empty table (no header row)")
            for number, row in enumerate(reader, 2):
                yield _row_to_record(row, schema, labelled, f"{path}:{number}", path.parent, number)
    except UnicodeDecodeError:
        raise LabelError(path, "table is not UTF-8 text") from None


def _from_dataset(dataset: Any, schema: LabelSchema, labelled: bool, *, where: str) -> Iterator[Record]:
    if hasattr(dataset, "keys") and not hasattr(dataset, "features"):  # a DatasetDict: every split
        for split in dataset:
            for record in _from_dataset(dataset[split], schema, labelled, where=f"{where}[{split}]"):
                record.meta.setdefault("split", str(split))  # training keeps the dataset's own splits
                yield record
        return
    features = getattr(dataset, "features", {}) or {}
    names = {}
    for name in schema.names:
        feature = features.get(name)
        if feature is not None and hasattr(feature, "int2str"):  # ClassLabel columns hold integers
            names[name] = feature.int2str
    for number, row in enumerate(dataset):
        row = dict(row)
        for name, int2str in names.items():
            if isinstance(row.get(name), int):
                row[name] = int2str(row[name])
        yield _row_to_record(row, schema, labelled, f"{where}[{number}]", None, number)

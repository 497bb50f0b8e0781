"""Corpora in, predictions out, record by record: JSON lines, CSV/TSV and Parquet (issue 18).

An export of hundreds of thousands of reports is read one record at a time (JSON lines as lines, CSV
through :mod:`csv`, Parquet in ``pyarrow`` batches), classified in batches of ``batch_size``, and each
result written as soon as its batch is done, so memory stays flat however long the corpus is:

* :func:`iter_records` reads a corpus file into :class:`Record` objects (a bad record, empty text, a
  text that is not a string, a line that is not JSON, becomes a record with ``error`` set);
* :func:`predict_stream` turns texts, dicts or records into :class:`Prediction` objects, in order,
  with at most a few batches in memory (``jobs > 1``: forked workers, as :func:`classify.predict_files`);
* :class:`RecordWriter` writes them as JSON lines or CSV, keeping each record's id, and
  :func:`answered_ids` reads an output file back so that a rerun with ``resume`` skips what is done.

A prediction's ``path`` is its record's id (the record number, from 1, when the corpus has no id
field); the writers call it ``id``. Output fields come from :meth:`Prediction.to_dict`, whatever it
holds.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from classify.classifiers.results import Prediction
from classify.errors import InputError

if TYPE_CHECKING:  # pragma: no cover - the launcher imports this module for is_corpus: keep it light
    from classify.classifiers.base import ReportClassifier

__all__ = [
    "CORPUS_SUFFIXES",
    "Record",
    "RecordWriter",
    "StreamReport",
    "answered_ids",
    "count_records",
    "flatten",
    "is_corpus",
    "iter_records",
    "predict_corpus",
    "predict_records",
    "predict_stream",
]

#: Corpus files that ``classify predict`` streams record by record instead of reading as one report.
CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".csv", ".tsv", ".parquet")


def _kind(path: str | Path) -> str:
    name = str(path).lower()
    for suffix, kind in (
        (".jsonl.gz", "jsonl"),
        (".ndjson.gz", "jsonl"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".csv", "csv"),
        (".tsv", "tsv"),
        (".parquet", "parquet"),
    ):
        if name.endswith(suffix):
            return kind
    raise InputError(path, "not a corpus file (.jsonl, .jsonl.gz, .csv, .tsv, .parquet)")


def is_corpus(path: str | Path) -> bool:
    """Whether ``path`` names a corpus file (by its suffix) rather than a report."""
    return str(path).lower().endswith(CORPUS_SUFFIXES)


@dataclass
class Record:
    """One corpus record: its id, its text (and title when the corpus has one), or what is wrong."""

    id: str
    text: str | None = None
    title: str | None = None
    error: str | None = None


def _record(
    row: Any, number: int, *, text_field: str, id_field: str | None, title_field: str | None, where: str
) -> Record:
    """A :class:`Record` from one parsed row (a dict), checked; errors name it ``{where} {number}``
    and its id (``where`` empty: by its id alone, for rows without a position, as in a Ray batch)."""
    here = f"{where} {number}" if where else "a record without an id"
    if not isinstance(row, Mapping):
        return Record(str(number), error=f"{here}: not an object ({type(row).__name__})")
    rid = str(number) if where else "?"
    if id_field is not None:
        value = row.get(id_field)
        if value is None or value == "":
            return Record(rid, error=f"{here}: no '{id_field}' (the id field)")
        rid = str(value)
    name = here if id_field is None else (f"{here} (id {rid})" if where else f"record {rid}")
    text = row.get(text_field)
    if text is None:
        return Record(rid, error=f"{name}: no '{text_field}' field")
    if not isinstance(text, str):
        return Record(rid, error=f"{name}: '{text_field}' is {type(text).__name__}, not text")
    if not text.strip():
        return Record(rid, error=f"{name}: empty text")
    title = row.get(title_field) if title_field else None
    return Record(rid, text=text, title=title if isinstance(title, str) and title.strip() else None)


def _open_text(path: Path) -> IO[str]:
    if str(path).lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace", newline="")
    return path.open(encoding="utf-8", errors="replace", newline="")


def _iter_jsonl(path: Path, **fields: Any) -> Iterator[Record]:
    number = 0
    with _open_text(path) as handle:
        for line in handle:
            if not line.strip():
                continue
            number += 1
            try:
                row = json.loads(line)
            except ValueError as exc:
                yield Record(str(number), error=f"line {number}: not JSON ({exc.args[0] if exc.args else exc})")
                continue
            yield _record(row, number, where="line", **fields)


def _iter_csv(path: Path, delimiter: str, **fields: Any) -> Iterator[Record]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a report is longer than csv's 128 KB default
    with _open_text(path) as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [f for f in (fields["text_field"], fields["id_field"]) if f and f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"no column {', '.join(repr(m) for m in missing)} (columns: {reader.fieldnames})")
        for number, row in enumerate(reader, 1):
            yield _record(row, number, where="row", **fields)


def _iter_parquet(path: Path, batch_rows: int = 1024, **fields: Any) -> Iterator[Record]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(path, "reading Parquet needs pyarrow: pip install 'classify[ray]' or pyarrow") from None
    source = pq.ParquetFile(path)
    names = set(source.schema_arrow.names)
    wanted = [f for f in (fields["text_field"], fields["id_field"], fields["title_field"]) if f]
    missing = [f for f in wanted[:2] if f not in names]
    if missing:
        raise InputError(path, f"no column {', '.join(repr(m) for m in missing)} (columns: {sorted(names)})")
    number = 0
    for batch in source.iter_batches(batch_size=batch_rows, columns=[f for f in wanted if f in names]):
        for row in batch.to_pylist():
            number += 1
            yield _record(row, number, where="row", **fields)


def iter_records(
    path: str | Path, *, text_field: str = "text", id_field: str | None = None, title_field: str | None = None
) -> Iterator[Record]:
    """The records of a corpus file, one at a time, never the whole file in memory.

    ``.jsonl``/``.ndjson`` (optionally gzipped): one JSON object per line; ``.csv``/``.tsv``: a header
    row; ``.parquet``: read in row batches. A record's id is its ``id_field`` value, or its number
    (from 1) when ``id_field`` is None. A record that cannot be classified comes back with ``error``
    naming it (``line 12: empty text``); a missing file or column raises :class:`InputError`."""
    path = Path(path)
    kind = _kind(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    fields = {"text_field": text_field, "id_field": id_field, "title_field": title_field}
    if kind == "jsonl":
        return _iter_jsonl(path, **fields)
    if kind == "parquet":
        return _iter_parquet(path, **fields)
    return _iter_csv(path, "\t" if kind == "tsv" else ",", **fields)


def count_records(path: str | Path) -> int | None:
    """About how many records a corpus file holds, for a progress bar: Parquet's row count, the
    number of lines of a JSON lines or CSV file (a pass over the bytes, not parsed); None if unknown."""
    path = Path(path)
    try:
        kind = _kind(path)
        if kind == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        opener = gzip.open if str(path).lower().endswith(".gz") else open
        lines = 0
        with opener(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
        return max(0, lines - 1) if kind in ("csv", "tsv") else lines
    except Exception:
        return None


# -- predicting ----------------------------------------------------------------------------------------


def _as_record(item: Any, number: int, text_field: str, id_field: str | None, title_field: str | None) -> Record:
    if isinstance(item, Record):
        return item
    if isinstance(item, str):
        if not item.strip():
            return Record(str(number), error=f"record {number}: empty text")
        return Record(str(number), text=item)
    return _record(item, number, text_field=text_field, id_field=id_field, title_field=title_field, where="record")


def predict_records(model: ReportClassifier, records: list[Record], **options: Any) -> list[Prediction]:
    """One batch: a prediction per record, in order; ``path`` is the record's id; a bad record, or
    one the model fails on, gives a result with ``error`` (the others in the batch still come back).
    ``options``: ``explain``, ``summary``, ``max_chars`` (see :func:`classify.predict.predict_documents`)."""
    from classify.intake import Document
    from classify.predict import predict_documents

    out: list[Prediction | None] = [None] * len(records)
    docs, where = [], []
    for i, record in enumerate(records):
        if record.error is not None:
            out[i] = Prediction(path=record.id, error=record.error)
            continue
        try:
            if record.title:
                doc = Document.from_parts(title=record.title, body=record.text or "", path=record.id)
            else:
                doc = Document.from_text(record.text or "", path=record.id)
            if not doc.paragraphs and not doc.title:
                out[i] = Prediction(path=record.id, error=f"record {record.id}: no text after cleaning")
                continue
        except Exception as exc:
            out[i] = Prediction(path=record.id, error=f"record {record.id}: {type(exc).__name__}: {exc}")
            continue
        docs.append(doc)
        where.append(i)
    if docs:
        try:
            results = predict_documents(model, docs, **options)
        except Exception:  # one document broke the batch: classify them one by one, to name it
            results = []
            for doc in docs:
                try:
                    results.extend(predict_documents(model, [doc], **options))
                except Exception as exc:
                    results.append(Prediction(path=doc.path, error=f"record {doc.path}: {type(exc).__name__}: {exc}"))
        for i, result in zip(where, results, strict=True):
            result.path = records[i].id
            out[i] = result
    return out  # type: ignore[return-value]


_WORKER_MODEL: ReportClassifier | None = None  # set in the parent before forking workers


def _worker_batch(task: tuple[list[Record], dict[str, Any]]) -> list[Prediction]:
    assert _WORKER_MODEL is not None
    records, options = task
    return predict_records(_WORKER_MODEL, records, **options)


def predict_stream(
    model: ReportClassifier,
    items: Iterable[str | Mapping[str, Any] | Record],
    *,
    batch_size: int = 64,
    jobs: int = 1,
    text_field: str = "text",
    id_field: str | None = None,
    title_field: str | None = None,
    **options: Any,
) -> Iterator[Prediction]:
    """Predictions for a stream of texts, dicts or :class:`Record` objects, in input order, with
    bounded memory: ``batch_size`` items are read, classified and yielded before the next are read
    (``jobs > 1``: forked workers, at most ``2 * jobs`` batches in flight).

    A dict's text is ``item[text_field]``, its id ``item[id_field]`` (its number from 1 when None);
    a result's ``path`` is that id. Empty text, a non-string text or a failing document give a result
    with ``error`` naming the record; the stream goes on. ``options``: ``explain``, ``summary``,
    ``max_chars``."""
    global _WORKER_MODEL
    batch_size = max(1, batch_size)
    fields = (text_field, id_field, title_field)
    records = (_as_record(item, n, *fields) for n, item in enumerate(items, 1))
    batches = iter(lambda: list(islice(records, batch_size)), [])
    jobs = max(1, min(jobs, os.cpu_count() or 1))
    if jobs == 1:
        for batch in batches:
            yield from predict_records(model, batch, **options)
        return
    model.prepare_for_workers()
    _WORKER_MODEL = model
    import multiprocessing

    context = multiprocessing.get_context("fork")  # workers inherit the loaded model: no reloading
    try:
        with context.Pool(jobs) as pool:
            pending: deque = deque()
            for batch in batches:  # Pool.imap would read the whole input ahead: keep a window instead
                pending.append(pool.apply_async(_worker_batch, ((batch, options),)))
                while len(pending) >= 2 * jobs:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _WORKER_MODEL = None


# -- writing and resuming ------------------------------------------------------------------------------


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One level of columns from :meth:`Prediction.to_dict`: a label set ``{"label": ...,
    "probability": ...}`` becomes ``type``, ``type_probability``, ...; other nested dicts join their
    keys with ``_``; lists become JSON text."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}_{key}" if prefix else key
        if isinstance(value, Mapping):
            if "label" in value:
                out[name] = value["label"]
                out.update(flatten({k: v for k, v in value.items() if k != "label"}, name))
            else:
                out.update(flatten(value, name))
        elif isinstance(value, list | tuple):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def _row(prediction: Prediction) -> dict[str, Any]:
    data = prediction.to_dict()
    data.pop("path", None)
    return {"id": prediction.path, **data}


class RecordWriter:
    """Predictions written to a JSON lines or CSV file (``fmt`` ``jsonl`` or ``csv``), one line per
    record with its ``id`` first. ``append`` (resume) adds to an existing file and keeps its CSV
    header. CSV columns: the header of the file being appended to, else :func:`flatten` of
    ``columns_from`` (a prediction showing every field) plus ``error``."""

    def __init__(
        self,
        out: str | Path | IO[str],
        fmt: str = "jsonl",
        *,
        append: bool = False,
        columns_from: Prediction | None = None,
    ) -> None:
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"unknown stream format {fmt!r} (jsonl, csv)")
        self.fmt = fmt
        self._own = not hasattr(out, "write")
        header: list[str] | None = None
        if self._own:
            path = Path(out)  # type: ignore[arg-type]
            if append and path.is_file() and path.stat().st_size:
                _drop_partial_line(path)
                if fmt == "csv":
                    with path.open(encoding="utf-8", newline="") as handle:
                        header = next(csv.reader(handle), None)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.handle: IO[str] = path.open("a" if append else "w", encoding="utf-8", newline="")
        else:
            self.handle = out  # type: ignore[assignment]
        self._csv = None
        if fmt == "csv":
            if header is None:
                columns = (
                    ["id", *(k for k in flatten(_row(columns_from)) if k not in ("id", "error"))]
                    if columns_from
                    else ["id"]
                )
                header = [*columns, "error"]
                csv.writer(self.handle).writerow(header)
            self._csv = csv.DictWriter(self.handle, fieldnames=header, extrasaction="ignore")

    def write(self, prediction: Prediction) -> None:
        """Write one result (not flushed: call :meth:`flush` after a batch)."""
        if self._csv is not None:
            self._csv.writerow(flatten(_row(prediction)))
        else:
            self.handle.write(json.dumps(_row(prediction), ensure_ascii=False) + "\n")

    def flush(self) -> None:
        self.handle.flush()

    def close(self) -> None:
        self.flush()
        if self._own:
            self.handle.close()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _drop_partial_line(path: Path) -> None:
    """Cut a last line left unfinished by a killed run, so that the record is answered again."""
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if not size:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        step, end = 1 << 16, size
        while end > 0:
            start = max(0, end - step)
            handle.seek(start)
            cut = handle.read(end - start).rfind(b"\n")
            if cut >= 0:
                handle.truncate(start + cut + 1)
                return
            end = start
        handle.truncate(0)


def answered_ids(path: str | Path, fmt: str = "jsonl") -> set[str]:
    """The ids already in an output file written by :class:`RecordWriter` (empty if there is none);
    a last line cut short by a killed run does not count."""
    path = Path(path)
    if not path.is_file():
        return set()
    done: set[str] = set()
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        if fmt == "csv":
            csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
            reader = csv.reader(handle)
            header = next(reader, None) or []
            column = header.index("id") if "id" in header else 0
            rows = [(row[column] if len(row) > column else None) for row in reader]
            complete = _ends_with_newline(path)
            if rows and not complete:
                rows.pop()
            done.update(r for r in rows if r is not None)
            return done
        for line in handle:
            if not line.endswith("\n"):
                break  # cut short
            try:
                rid = json.loads(line).get("id")
            except (ValueError, AttributeError):
                continue
            if rid is not None:
                done.add(str(rid))
    return done


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        if not size:
            return True
        handle.seek(size - 1)
        return handle.read(1) == b"\n"


# -- a corpus file to an output file, as ``classify predict corpus.jsonl`` does -------------------------


@dataclass
class StreamReport:
    """What a corpus run did: records answered now, of which failed, and skipped as already answered."""

    answered: int = 0
    failed: int = 0
    skipped: int = 0


def _progress(total: int | None):
    """A rich progress bar on standard error: records done, rate, ETA."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:  # type: ignore[no-untyped-def]
            return Text(f"{task.speed:,.0f} docs/s" if task.speed else "- docs/s")

    progress = Progress(
        TextColumn("predict"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    return progress, progress.add_task("predict", total=total)


def predict_corpus(
    model: ReportClassifier,
    path: str | Path,
    out: str | Path | IO[str],
    *,
    fmt: str = "jsonl",
    text_field: str = "text",
    id_field: str | None = None,
    title_field: str | None = None,
    resume: bool = False,
    jobs: int = 1,
    batch_size: int = 64,
    progress: bool = False,
    on_error=None,
    **options: Any,
) -> StreamReport:
    """Classify a corpus file record by record into ``out`` (a file or an open text stream), each
    batch's results written and flushed as soon as they are ready. ``resume``: ``out`` is a file
    from an earlier run; records whose id it holds are skipped, the others appended. ``progress``:
    a bar on standard error. ``on_error(prediction)`` is called for each failed record."""
    report = StreamReport()
    done = answered_ids(out, fmt) if resume and not hasattr(out, "write") else set()

    def fresh() -> Iterator[Record]:
        for record in iter_records(path, text_field=text_field, id_field=id_field, title_field=title_field):
            if record.id in done:
                report.skipped += 1
                continue
            yield record

    records = fresh()
    probe = None
    if fmt == "csv":  # the CSV header shows every field a result has: ask the model once
        probe = predict_records(model, [Record("probe", text="中共中央组织部召开会议。")], **options)[0]
    writer = RecordWriter(out, fmt, append=resume, columns_from=probe)
    bar = None
    if progress:
        total = count_records(path)
        bar, task = _progress(None if total is None else max(0, total - len(done)))
        bar.start()
    try:
        pending = 0
        for prediction in predict_stream(model, records, batch_size=batch_size, jobs=jobs, **options):
            writer.write(prediction)
            report.answered += 1
            pending += 1
            if prediction.error is not None:
                report.failed += 1
                if on_error is not None:
                    on_error(prediction)
            if pending >= batch_size:
                writer.flush()
                if bar is not None:
                    bar.advance(task, pending)
                pending = 0
        if bar is not None:
            bar.advance(task, pending)
    finally:
        writer.close()
        if bar is not None:
            bar.stop()
    return report

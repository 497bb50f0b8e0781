"""Past one machine: classify a corpus on Ray Data (issue 18; ``pip install 'classify[ray]'``).

:class:`ReportPredictor` is a callable class for :meth:`ray.data.Dataset.map_batches`: each Ray worker
builds it once (loading the model directory once), then calls it on batches of records and gets the
same batch back with the predictions added as columns. On a cluster::

    import ray, classify.ray_predict as rp
    ds = ray.data.read_parquet("s3://bucket/reports/")
    ds.map_batches(rp.ReportPredictor, fn_constructor_kwargs={"model": "/models/baseline"},
                   batch_format="pyarrow", concurrency=8).write_parquet("s3://bucket/results/")

Columns added, for each label set of the model (``type``, ``level``): ``type`` (the label),
``type_probability``, ``type_uncertain``, ``type_probabilities`` (a struct, one field per label);
``summary`` with ``summary=True``; ``error`` (null when the record was classified); and any other
field :meth:`Prediction.to_dict` gives (the issuer, when the model finds one), as a JSON string when
it is not a plain value. Predictions are made by :func:`classify.stream.predict_records`, the code
the streaming path runs, so both give the same results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from classify.stream import _record, predict_records

__all__ = ["ReportPredictor", "predict_dataset"]


class ReportPredictor:
    """Predictions for a batch of records (a ``pyarrow.Table``, a pandas ``DataFrame`` or a dict of
    arrays); returns a ``pyarrow.Table``: the input columns (less the text unless ``keep_text``) plus
    the prediction columns described in the module docstring.

    ``model``: a model directory every worker can read (default: the shipped model); ``text_column``
    holds the text, ``id_column`` (optional) names records in error messages, ``title_column`` an
    optional title. ``summary``/``max_chars``: the lead paragraph. ``threshold`` overrides the
    model's 'uncertain' threshold, ``scope_threshold`` its in-scope threshold; ``keep_out_of_scope``
    gives type and level for documents judged out of scope too."""

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        text_column: str = "text",
        id_column: str | None = None,
        title_column: str | None = None,
        summary: bool = False,
        max_chars: int = 150,
        threshold: float | None = None,
        scope_threshold: float | None = None,
        keep_out_of_scope: bool = False,
        keep_text: bool = True,
    ) -> None:
        from classify.classifiers import load_model

        self.model = load_model(model)  # once per worker
        if threshold is not None:
            self.model.threshold = threshold
        if scope_threshold is not None:
            self.model.scope_threshold = scope_threshold
        self.text_column, self.id_column, self.title_column = text_column, id_column, title_column
        self.options = {"summary": summary, "max_chars": max_chars, "keep_out_of_scope": keep_out_of_scope}
        self.keep_text = keep_text

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        table = _as_table(batch)
        columns = table.column_names
        if self.text_column not in columns:
            raise KeyError(f"no column {self.text_column!r} in the batch (columns: {columns})")
        texts = table.column(self.text_column).to_pylist()
        ids = table.column(self.id_column).to_pylist() if self.id_column in columns else [None] * len(texts)
        titles = table.column(self.title_column).to_pylist() if self.title_column in columns else [None] * len(texts)
        records = [
            _record(
                {"text": text, "id": rid, "title": title},
                0,
                text_field="text",
                id_field="id" if rid is not None else None,
                title_field="title",
                where="",
            )
            for text, rid, title in zip(texts, ids, titles, strict=True)
        ]
        predictions = predict_records(self.model, records, **self.options)
        if not self.keep_text:
            table = table.drop_columns([self.text_column])
        for name, values, kind in self._columns(predictions):
            table = table.append_column(name, pa.array(values, type=kind))
        return table

    def _columns(self, predictions: list) -> list[tuple[str, list, Any]]:
        import pyarrow as pa

        rows = [p.to_dict() for p in predictions]
        out: list[tuple[str, list, Any]] = []
        for name in self.model.schema.names:
            labels = self.model.schema[name].labels
            got = [r.get(name) for r in rows]
            out += [
                (name, [g and g["label"] for g in got], pa.string()),
                (f"{name}_probability", [g and g["probability"] for g in got], pa.float64()),
                (f"{name}_uncertain", [g and g["uncertain"] for g in got], pa.bool_()),
                (
                    f"{name}_probabilities",
                    [g and {k: g["probabilities"].get(k) for k in labels} for g in got],
                    pa.struct([(k, pa.float64()) for k in labels]),
                ),
            ]
        known = {"path", "error", *self.model.schema.names}
        extra = [k for r in rows for k in r if k not in known]
        for key in dict.fromkeys(extra):  # issuer, summary, ...: whatever to_dict gives, in its order
            values = [_plain(r.get(key)) for r in rows]
            kinds = {type(v) for v in values if v is not None}
            kind = pa.string() if not kinds or kinds <= {str} else None
            out.append((key, values, kind))
        if self.options["summary"] and "summary" not in extra:
            out.append(("summary", [None] * len(rows), pa.string()))
        out.append(("error", [r.get("error") for r in rows], pa.string()))
        return out


def _plain(value: Any) -> Any:
    """A column value: plain values as they are, dicts and lists as JSON text (a stable schema)."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def _as_table(batch: Any) -> Any:
    import pyarrow as pa

    if isinstance(batch, pa.Table):
        return batch
    if isinstance(batch, dict):
        return pa.table({k: pa.array(list(v)) for k, v in batch.items()})
    return pa.Table.from_pandas(batch, preserve_index=False)  # a pandas DataFrame


def _connect(address: str, num_cpus: int | None) -> None:
    import ray

    if ray.is_initialized():
        return
    if address == "local":
        ray.init(num_cpus=num_cpus)
        return
    try:
        ray.init(address=address)
    except ConnectionError:
        if address != "auto":
            raise
        ray.init(num_cpus=num_cpus)  # no cluster running: a local instance


def read_corpus(path: str | Path, *, columns: list[str] | None = None) -> Any:
    """A ``ray.data.Dataset`` of a corpus file or folder (JSON lines, CSV or Parquet, by suffix)."""
    import ray

    name = str(path).lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return ray.data.read_json(str(path), lines=True)
    if name.endswith((".csv", ".tsv")):
        from pyarrow import csv as pacsv

        parse = pacsv.ParseOptions(delimiter="\t") if name.endswith(".tsv") else None
        return ray.data.read_csv(str(path), parse_options=parse) if parse else ray.data.read_csv(str(path))
    return ray.data.read_parquet(str(path), columns=columns)


def predict_dataset(
    path: str | Path,
    out: str | Path,
    *,
    model: str | Path | None = None,
    address: str = "auto",
    fmt: str = "parquet",
    concurrency: int = 1,
    batch_size: int = 256,
    num_cpus: int | None = None,
    text_field: str = "text",
    id_field: str | None = None,
    title_field: str | None = None,
    summary: bool = False,
    max_chars: int = 150,
    threshold: float | None = None,
    scope_threshold: float | None = None,
    keep_out_of_scope: bool = False,
) -> Path:
    """``classify predict --ray``: read ``path`` through Ray Data, classify it with ``concurrency``
    :class:`ReportPredictor` workers (one CPU each), write ``out/`` as Parquet (or ``fmt`` ``csv`` or
    ``jsonl``) without the text column. ``address``: ``auto`` (a running cluster, else a local
    instance of ``num_cpus``), ``local``, or a cluster address."""
    import ray

    from classify.classifiers import default_model_path

    _connect(address, num_cpus)
    # Workers that hold every CPU starve the read and write tasks (a deadlock on a small machine):
    # leave one CPU to them, sharing the rest among the workers.
    workers = max(1, concurrency)
    cpus = float(ray.cluster_resources().get("CPU", 1))
    per_worker = 1.0 if cpus - 1 >= workers else max(0.1, (cpus - 1) / workers) if cpus > 1 else 0.5 / workers
    directory = str(Path(model).resolve()) if model is not None else str(default_model_path())
    ds = read_corpus(path)
    ds = ds.map_batches(
        ReportPredictor,
        fn_constructor_kwargs={
            "model": directory,
            "text_column": text_field,
            "id_column": id_field,
            "title_column": title_field,
            "summary": summary,
            "max_chars": max_chars,
            "threshold": threshold,
            "scope_threshold": scope_threshold,
            "keep_out_of_scope": keep_out_of_scope,
            "keep_text": False,
        },
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=per_worker,
    )
    out = Path(out)
    if fmt == "csv":  # CSV has no structs: type_probabilities.summary_meeting, ...
        ds.map_batches(lambda table: table.flatten(), batch_format="pyarrow").write_csv(str(out))
    elif fmt == "jsonl":
        ds.write_json(str(out))
    else:
        ds.write_parquet(str(out))
    return out

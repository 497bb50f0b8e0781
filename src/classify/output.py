"""Writing results, the one place that knows every format: a table for people, JSON / JSON lines / CSV
for programs, the same for ``predict``, ``summarize`` and ``normalize``.

The contract: a result is a dict whose first key is ``path`` (the input as given); an input that failed
is ``{"path": ..., "error": ...}`` and appears in every format (a JSON object, a CSV row and a table row
with an ``error`` column), besides its one line on standard error. JSON lines streams one record per
input as results arrive; CSV streams too once its header is known (the columns of the first good
record: a key a model adds to ``Prediction.to_dict()`` becomes a column without a change here); the
table and JSON formats print when the batch is done. A table on a terminal is sized to it; piped or
written to a file it is plain aligned columns, one line per input, no box drawing.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import Enum
from typing import Any, TextIO

from classify.classifiers.results import Prediction

#: Batches of at least this many inputs show a progress bar (on standard error, when it is a terminal).
PROGRESS_MIN = 20


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FORMATS = tuple(f.value for f in OutputFormat)


def _is_label(value: Any) -> bool:
    return isinstance(value, dict) and "label" in value and "probability" in value


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """One CSV row: a label prediction gives ``NAME``, ``NAME_probability``, ``NAME_uncertain``; another
    dict gives ``KEY_SUBKEY`` columns; a list is written as JSON; ``error`` is left to the caller."""
    cells: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if key == "error" and not prefix:
            continue
        if _is_label(value):
            cells[name] = str(value["label"])
            cells[f"{name}_probability"] = f"{value['probability']:.4f}"
            cells[f"{name}_uncertain"] = _scalar(bool(value.get("uncertain")))
        elif isinstance(value, dict) and value and key != "explanation":
            cells.update(flatten(value, f"{name}_"))
        else:
            cells[name] = _scalar(value)
    return cells


def table_cells(record: dict[str, Any]) -> dict[str, str]:
    """The cells of a table row (the default view): a label prediction as ``label 0.87`` (``uncertain
    (...)`` under the threshold), a list by its length, other values as text."""
    cells: dict[str, str] = {}
    for key, value in record.items():
        if key == "error":
            continue
        if _is_label(value):
            text = f"{value['label']} {value['probability']:.2f}"
            cells[key] = f"uncertain ({text})" if value.get("uncertain") else text
        elif key == "explanation" and isinstance(value, dict):
            cells["why"] = "\n".join(
                f"{name}: " + "; ".join(t["feature"] for t in terms[:5]) for name, terms in value.items()
            )
        elif isinstance(value, dict):
            cells.update({f"{key}_{k}": v for k, v in table_cells(value).items()})
        elif isinstance(value, list):
            cells[key] = str(len(value))
        elif isinstance(value, float):
            cells[key] = f"{value:.2f}"
        else:
            cells[key] = _scalar(value)
    return cells


def _progress(records: Iterable[dict], total: int | None) -> Iterator[dict]:
    if total is None or total < PROGRESS_MIN or not sys.stderr.isatty():
        yield from records
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("inputs", total=total)
        for record in records:
            yield record
            progress.advance(task)


def write_records(
    records: Iterable[dict[str, Any]],
    fmt: OutputFormat,
    *,
    out: TextIO | None = None,
    on_error: Callable[[dict[str, Any]], None] | None = None,
    columns: Sequence[str] = (),
    view: Callable[[dict[str, Any]], dict[str, str]] = table_cells,
    total: int | None = None,
) -> int:
    """Write ``records`` (dicts led by ``path``; failed ones carry ``error``) in ``fmt``; returns how
    many failed. ``on_error(record)`` is called for each failure (the CLI's line on standard error).
    ``columns``: the CSV columns before any good record is seen (a batch where every input failed);
    ``view``: a record's table cells; ``total``: the batch size, for the progress bar."""
    out = out or sys.stdout
    failed = 0
    collected: list[dict[str, Any]] = []
    writer = csv.writer(out) if fmt is OutputFormat.csv else None
    header: list[str] | None = None
    pending: list[dict[str, Any]] = []  # CSV: failures before the first good record fixes the header

    def csv_row(record: dict[str, Any]) -> list[str]:
        cells = flatten(record)
        return [cells.get(name, "") for name in header or ()] + [record.get("error") or ""]

    for record in _progress(records, total):
        if record.get("error") is not None:
            failed += 1
            if on_error:
                on_error(record)
        if fmt is OutputFormat.jsonl:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
        elif writer is not None:
            if header is None and record.get("error") is None:
                known = ["path", *columns]  # given columns first: a record lacking some keeps its cells empty
                header = known + [
                    name  # a key the given columns do not name (a None whose fields they name is no column)
                    for name in flatten(record)
                    if name not in known and not any(k.startswith(f"{name}_") for k in known)
                ]
                writer.writerow([*header, "error"])
                for early in pending:
                    writer.writerow(csv_row(early))
            if header is None:
                pending.append(record)
                continue
            writer.writerow(csv_row(record))
            out.flush()
        else:
            collected.append(record)
    if writer is not None and header is None:
        header = ["path", *columns]
        writer.writerow([*header, "error"])
        for early in pending:
            writer.writerow(csv_row(early))
    if fmt is OutputFormat.json:
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.table and collected:
        write_table([{**view(r), **({"error": r["error"]} if r.get("error") else {})} for r in collected], out)
    out.flush()
    return failed


def write_table(rows: Sequence[dict[str, str]], out: TextIO) -> None:
    """Rows of cells as a table: rich's, sized to the terminal, when ``out`` is one; else plain aligned
    columns (newlines in cells become spaces), so ``grep``, ``cut -c`` and ``less -S`` work on it."""
    names: list[str] = []
    for row in rows:
        names += [k for k in row if k not in names]
    if "error" in names:  # last, after whatever the good rows have
        names = [n for n in names if n != "error"] + ["error"]
    isatty = getattr(out, "isatty", None)
    if isatty is not None and isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        long = {n for n in names if n == "error" or any(len(r.get(n, "")) > 40 or "\n" in r.get(n, "") for r in rows)}
        table = Table(show_lines=bool(long))
        for name in names:
            # short cells (labels, numbers) stay on one line; long ones (paths, leads) fold to fit
            table.add_column(Text(name), overflow="fold", no_wrap=name not in long)
        for row in rows:  # Text: every cell printed literally, never read as rich markup ("[/]", "[draft]")
            table.add_row(*(Text(row.get(n, "")) for n in names))
        Console(file=out, soft_wrap=False).print(table)
        return
    from rich.cells import cell_len

    flat = [[" ".join(row.get(n, "").split()) for n in names] for row in rows]
    widths = [max(cell_len(n), *(cell_len(r[i]) for r in flat)) for i, n in enumerate(names)]
    for cells in [names, *flat]:
        line = "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True))
        out.write(line.rstrip() + "\n")


def prediction_columns(names: Sequence[str]) -> list[str]:
    """The CSV columns every prediction has, whatever it holds: the in-scope decision, each label set
    (empty out of scope), the issuer's fields (empty when none was found)."""
    return [
        "in_scope",
        "in_scope_probability",
        "out_of_scope_reason",
        *(c for name in names for c in (name, f"{name}_probability", f"{name}_uncertain")),
        *(f"issuer_{key}" for key in ("name", "full_name", "span", "level", "evidence")),
    ]


def prediction_cells(record: dict[str, Any]) -> dict[str, str]:
    """A prediction's table row: in scope (yes/no with its probability), each label set (``-`` out of
    scope), the issuer as ``name (level)``, then the lead paragraph and the reasons when asked for."""
    cells: dict[str, str] = {"path": _scalar(record.get("path"))}
    if "in_scope" in record:
        answer = "yes" if record["in_scope"] else "no"
        reason, p = record.get("out_of_scope_reason"), record.get("in_scope_probability")
        cells["in scope"] = f"{answer} ({reason})" if reason else answer if p is None else f"{answer} {p:.2f}"
    issuer = record.get("issuer")
    for key, value in record.items():
        if key in ("path", "in_scope", "in_scope_probability", "out_of_scope_reason", "issuer", "error"):
            continue
        if value is None and key not in ("summary", "explanation"):
            cells[key] = "-"  # a label set out of scope
        elif key not in ("summary", "explanation"):
            cells.update(table_cells({key: value}))
    if "issuer" in record:
        cells["issuer"] = "" if not issuer else f"{issuer['name']} ({issuer['level'] or '?'})"
    if record.get("summary") is not None:
        cells["lead paragraph"] = record["summary"]
    if "explanation" in record:
        why = table_cells({"explanation": record["explanation"]}).get("why", "")
        if issuer:
            why += f"\nissuer: {issuer['evidence']}"
        cells["why"] = why
    return cells


def write_predictions(
    predictions: Iterable[Prediction],
    fmt: OutputFormat,
    names: Sequence[str],
    *,
    out: TextIO | None = None,
    on_error: Callable[[Prediction], None] | None = None,
    total: int | None = None,
) -> int:
    """Print predictions in ``fmt`` (``Prediction.to_dict()`` records, see :func:`write_records`);
    returns how many failed. ``on_error(prediction)`` is called for each failure."""
    wrapped = (
        None if on_error is None else (lambda record: on_error(Prediction(path=record["path"], error=record["error"])))
    )
    return write_records(
        (p.to_dict() for p in predictions),
        fmt,
        out=out,
        on_error=wrapped,
        columns=prediction_columns(names),
        view=prediction_cells,
        total=total,
    )

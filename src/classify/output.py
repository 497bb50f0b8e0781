"""Printing predictions: a table for people, JSON / JSON lines / CSV for programs.

JSON lines and CSV stream one line per document as results arrive (a batch of thousands of files
starts printing at once); the table and JSON formats print when the batch is done.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TextIO

from classify.classifiers.results import Prediction


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _label_cell(prediction: Prediction, name: str) -> str:
    lp = prediction.labels[name]
    text = f"{lp.label} {lp.probability:.2f}"
    return f"uncertain ({text})" if lp.uncertain else text


def _csv_row(prediction: Prediction, names: Sequence[str]) -> list[str]:
    if prediction.error is not None:
        return [prediction.path or "", *([""] * (3 * len(names))), "", prediction.error]
    row = [prediction.path or ""]
    for name in names:
        lp = prediction.labels[name]
        row += [lp.label, f"{lp.probability:.4f}", "true" if lp.uncertain else "false"]
    return [*row, prediction.summary or "", ""]


def write_predictions(
    predictions: Iterable[Prediction],
    fmt: OutputFormat,
    names: Sequence[str],
    *,
    out: TextIO | None = None,
    on_error=None,
) -> int:
    """Print predictions in ``fmt``; returns how many failed. ``on_error(prediction)`` is called for
    each failure (the CLI prints its one-line message on standard error); failures are left out of the
    table and JSON outputs and appear as rows with an ``error`` column in CSV."""
    out = out or sys.stdout
    failed = 0
    collected: list[Prediction] = []
    writer = csv.writer(out) if fmt is OutputFormat.csv else None
    if writer is not None:
        header = ["path"]
        for name in names:
            header += [name, f"{name}_probability", f"{name}_uncertain"]
        writer.writerow([*header, "summary", "error"])
    for prediction in predictions:
        if prediction.error is not None:
            failed += 1
            if on_error:
                on_error(prediction)
            if writer is not None:
                writer.writerow(_csv_row(prediction, names))
            continue
        if fmt is OutputFormat.jsonl:
            out.write(prediction.to_json() + "\n")
            out.flush()
        elif writer is not None:
            writer.writerow(_csv_row(prediction, names))
            out.flush()
        else:
            collected.append(prediction)
    if fmt is OutputFormat.json:
        out.write(json.dumps([p.to_dict() for p in collected], ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.table and collected:
        _table(collected, names, out)
    return failed


def _table(predictions: Sequence[Prediction], names: Sequence[str], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, soft_wrap=False)
    table = Table(show_lines=any(p.summary or p.explanation for p in predictions))
    table.add_column("file", overflow="fold")
    for name in names:
        table.add_column(name)
    if any(p.summary for p in predictions):
        table.add_column("lead paragraph", overflow="fold", max_width=60)
    if any(p.explanation for p in predictions):
        table.add_column("why", overflow="fold", max_width=50)
    for p in predictions:
        row = [p.path or "", *(_label_cell(p, n) for n in names)]
        if any(q.summary for q in predictions):
            row.append(p.summary or "")
        if any(q.explanation for q in predictions):
            row.append(
                "\n".join(
                    f"{name}: " + "; ".join(t for t, _ in terms[:5]) for name, terms in (p.explanation or {}).items()
                )
            )
        table.add_row(*(Text(cell) for cell in row))  # printed literally: '[/]' in a file name is no markup
    console.print(table)

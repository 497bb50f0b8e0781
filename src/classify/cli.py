"""The ``classify`` command: a thin typer layer over the Python API.

Each command parses options, calls the API and prints; no logic of its own. A problem with one input
prints one line on standard error (``classify: error: FILE: problem``) and the batch goes on; the exit
status is 1 when any input failed, 2 for a usage error.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from classify import __version__
from classify.errors import ClassifyError

app = typer.Typer(
    name="classify",
    help="Classify Chinese party-building reports by type and level, and write their lead paragraph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Inspect labelled corpora.", no_args_is_help=True)
app.add_typer(data_app, name="data")


class DocFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def error(exc: ClassifyError | str) -> None:
    """Print one error line on standard error."""
    print(f"classify: error: {exc}", file=sys.stderr, flush=True)


def _version(value: bool) -> None:
    if value:
        print(f"classify {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Classify Chinese party-building reports by type and level, and write their lead paragraph."""


FilesArg = Annotated[list[str], typer.Argument(help="Report files or folders; '-' reads standard input.")]


@app.command()
def normalize(
    files: FilesArg,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = DocFormat.text,
    sentences: Annotated[bool, typer.Option(help="List sentences in JSON output.")] = True,
) -> None:
    """Clean and structure reports: title, date, source, paragraphs, sentences."""
    from classify.intake import iter_documents

    failed = 0
    many = len(files) > 1 or any(Path(f).is_dir() for f in files)
    for name, doc in iter_documents(files):
        if isinstance(doc, ClassifyError):
            error(doc)
            failed += 1
            continue
        if fmt is DocFormat.text:
            if many:
                print(f"==> {name} <==")
            print(doc.to_text())
            if many:
                print()
        else:
            data = doc.to_dict(sentences=sentences)
            indent = 2 if fmt is DocFormat.json else None
            print(json.dumps(data, ensure_ascii=False, indent=indent), flush=True)
    raise typer.Exit(1 if failed else 0)


@data_app.command("stats")
def data_stats(
    data: Annotated[Path, typer.Option("--data", "-d", help="Corpus: labels folder, JSONL, CSV/TSV, folder.")] = Path(
        "data/labels"
    ),
    shared: Annotated[
        Path | None, typer.Option(help="The ../shared folder, for label files that point into it.")
    ] = None,
    split: Annotated[bool, typer.Option(help="Also show the train/dev/test split sizes.")] = True,
) -> None:
    """Counts per type, per level and per type x level of a labelled corpus."""
    from classify.corpus.load import load_records
    from classify.corpus.stats import render_stats

    records = load_records(data, shared_root=shared)
    render_stats(records, show_split=split)


def main() -> None:
    """Console entry point: one line per error, never a traceback (unless CLASSIFY_DEBUG is set)."""
    try:
        app()
    except ClassifyError as exc:
        error(exc)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("CLASSIFY_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set CLASSIFY_DEBUG=1 for the traceback)")
        sys.exit(1)


if __name__ == "__main__":
    main()

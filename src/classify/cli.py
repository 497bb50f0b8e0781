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


class _JsonRecords:
    """JSON output of a batch, as ``predict`` writes it: ``json`` is one list of every file's record
    (written when the batch ends), ``jsonl`` one record per line as soon as it is ready."""

    def __init__(self, fmt: DocFormat) -> None:
        self.fmt = fmt
        self.records: list[dict] = []

    def add(self, record: dict) -> None:
        if self.fmt is DocFormat.jsonl:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            self.records.append(record)

    def close(self) -> None:
        """Write the list (``json`` only)."""
        if self.fmt is DocFormat.json:
            print(json.dumps(self.records, ensure_ascii=False, indent=2), flush=True)


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
    records = _JsonRecords(fmt)
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
            records.add(doc.to_dict(sentences=sentences))
    records.close()
    raise typer.Exit(1 if failed else 0)


@app.command("summarize")
def summarize_command(
    files: FilesArg,
    max_chars: Annotated[
        int, typer.Option("--max-chars", "-n", min=1, help="Budget of the lead, in characters.")
    ] = 150,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = DocFormat.text,
    method: Annotated[str, typer.Option(help="Summariser: default, lead, lead-K (e.g. lead-1), textrank.")] = "default",
) -> None:
    """Write each report's lead paragraph (导语): its own sentences, in order, within a character budget."""
    from classify.errors import InputError
    from classify.intake import iter_documents
    from classify.summarize import summarize
    from classify.summarize.methods import get_method

    try:
        get_method(method)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--method") from None
    if method == "oracle":
        raise typer.BadParameter("the oracle needs a reference summary; use it from the API", param_hint="--method")
    failed = 0
    many = len(files) > 1 or any(Path(f).is_dir() for f in files)
    records = _JsonRecords(fmt)
    for name, doc in iter_documents(files):
        lead = None if isinstance(doc, ClassifyError) else summarize(doc, max_chars=max_chars, method=method)
        if lead is None or not lead.sentences:
            error(doc if isinstance(doc, ClassifyError) else InputError(name, "no body sentences to summarise"))
            failed += 1
            continue
        if fmt is DocFormat.text:
            print(f"==> {name} <==\n{lead.text}\n" if many else lead.text, flush=True)
        else:
            records.add({"file": name, **lead.to_dict()})
    records.close()
    raise typer.Exit(1 if failed else 0)


ModelOpt = Annotated[
    Path | None, typer.Option("--model", "-m", help="Model directory (default: the shipped models/baseline).")
]


@app.command()
def predict(
    files: FilesArg,
    model: ModelOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl or csv.")] = "table",
    explain: Annotated[bool, typer.Option("--explain", help="List the features that weighed most.")] = False,
    summary: Annotated[bool, typer.Option("--summary", help="Add the lead paragraph (导语) of each report.")] = False,
    max_chars: Annotated[int, typer.Option(min=1, help="Character budget of the lead paragraph.")] = 150,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for many files.")] = 1,
    threshold: Annotated[
        float | None, typer.Option(help="Flag predictions under this probability 'uncertain' (default: the model's).")
    ] = None,
) -> None:
    """Predict the type and level of reports, with probabilities."""
    from classify.classifiers import load_model
    from classify.output import OutputFormat, write_predictions
    from classify.predict import predict_files

    try:
        output = OutputFormat(fmt)
    except ValueError:
        raise typer.BadParameter(f"unknown format '{fmt}' (table, json, jsonl, csv)", param_hint="--format") from None
    if threshold is not None and not 0.0 <= threshold <= 1.0:  # NaN fails this too
        raise typer.BadParameter(f"must be between 0 and 1, not {threshold}", param_hint="--threshold")
    classifier = load_model(model)
    if threshold is not None:
        classifier.threshold = threshold
    results = predict_files(classifier, files, jobs=jobs, explain=explain, summary=summary, max_chars=max_chars)
    failed = write_predictions(results, output, classifier.schema.names, on_error=lambda p: error(p.error))
    raise typer.Exit(1 if failed else 0)


@app.command()
def train(
    config: Annotated[Path, typer.Option("--config", "-c", help="Training config (YAML).")] = Path(
        "configs/baseline.yaml"
    ),
    data: Annotated[Path | None, typer.Option("--data", "-d", help="Labelled corpus (overrides the config).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Model directory to write.")] = None,
    augment: Annotated[
        str | None, typer.Option(help="Generated reports for training only; 'none' for none (overrides the config).")
    ] = None,
    shared: Annotated[Path | None, typer.Option(help="The ../shared folder, when label files point into it.")] = None,
) -> None:
    """Train a model from a config and a labelled corpus; evaluates on the test split, writes a model card."""
    from rich.console import Console

    from classify.training.config import load_config
    from classify.training.run import train as run_training

    overrides: dict = {"data": {}}
    if data is not None:
        overrides["data"]["train"] = str(data.resolve())
    if shared is not None:
        overrides["data"]["shared"] = str(shared.resolve())
    settings = load_config(config, overrides)
    if augment is not None:
        settings["data"]["augment"] = None if augment.lower() == "none" else str(Path(augment).resolve())
    console = Console(stderr=True)
    with console.status("training") as status:

        def progress(message: str) -> None:
            console.log(message)
            status.update(message)

        progress.console = console  # type: ignore[attr-defined]  # trainers draw progress bars on it (nested)
        result = run_training(settings, out=out, progress=progress)
    if result.dev is not None:
        result.dev.render(Console(), title="model selection")
    if result.test is not None:
        result.test.render(Console(), title="test split (held out)")
    print(f"model saved to {result.out}")


@app.command()
def export(
    model: Annotated[Path, typer.Option("--model", "-m", help="A trained bert model directory.")],
    onnx: Annotated[bool, typer.Option("--onnx", help="Export to ONNX for onnxruntime (the one format).")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Directory to write (default: MODEL-onnx).")] = None,
    quantize: Annotated[bool, typer.Option("--quantize/--no-quantize", help="int8 dynamic quantisation.")] = True,
) -> None:
    """Export a bert model to ONNX (int8 by default); `classify predict --model OUT` then runs it without torch."""
    from classify.classifiers.onnx import export_onnx

    if not onnx:
        raise typer.BadParameter("choose the format: --onnx", param_hint="--onnx")
    target = out or model.with_name(f"{model.name}-onnx")
    export_onnx(model, target, quantize=quantize)
    print(f"ONNX model written to {target}")


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", "-d", help="Labelled corpus to evaluate on.")],
    model: ModelOpt = None,
    split: Annotated[str, typer.Option(help="all, or train/dev/test of the deterministic split.")] = "all",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the metrics as JSON here.")] = None,
    plot: Annotated[Path | None, typer.Option(help="Write the confusion matrices as a PNG here.")] = None,
    shared: Annotated[Path | None, typer.Option(help="The ../shared folder, when label files point into it.")] = None,
) -> None:
    """Accuracy, macro-F1, per-class scores and confusion matrices of a model on a labelled corpus."""
    from classify.classifiers import load_model
    from classify.corpus.load import load_records
    from classify.corpus.splits import SPLITS, split_records
    from classify.evaluate import evaluate as run_evaluation

    if split != "all" and split not in SPLITS:
        raise typer.BadParameter(f"unknown split '{split}' (all, {', '.join(SPLITS)})", param_hint="--split")
    classifier = load_model(model)
    records = load_records(data, schema=classifier.schema, shared_root=shared)
    if split != "all":
        records = split_records(records)[split]
    report = run_evaluation(classifier, records)
    report.render(title=f"{data} ({split}, {len(records)} documents)")
    if json_out is not None:
        report.save_json(json_out)
        print(f"metrics written to {json_out}")
    if plot is not None:
        report.plot(plot)
        print(f"confusion matrices written to {plot}")


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
    """Console entry point: one line per error, never a traceback (unless CLASSIFY_DEBUG is set);
    Ctrl-C exits with 130: it is raised as :class:`_Interrupted`, which click's handler (print
    'Aborted!', exit 1) does not catch."""
    import signal

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        app()
    except ClassifyError as exc:
        error(exc)
        sys.exit(1)
    except (KeyboardInterrupt, _Interrupted):
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("CLASSIFY_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set CLASSIFY_DEBUG=1 for the traceback)")
        sys.exit(1)


class _Interrupted(BaseException):
    """Ctrl-C, past click (which turns KeyboardInterrupt into 'Aborted!' and exit status 1)."""


def _interrupt(signum, frame) -> None:
    raise _Interrupted


if __name__ == "__main__":
    main()

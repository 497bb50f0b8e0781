"""The ``classify`` command: a thin typer layer over the Python API.

Each command parses options, calls the API and prints; no logic of its own. A problem with one input
prints one line on standard error (``classify: error: FILE: problem``) and the batch goes on; the exit
status is 1 when any input failed, 2 for a usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from classify import __version__
from classify.errors import ClassifyError, exit_for, print_error

app = typer.Typer(
    name="classify",
    help="Classify Chinese party-building reports by type and level, and write their lead paragraph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Inspect labelled corpora.", no_args_is_help=True)
app.add_typer(data_app, name="data")


error = print_error  # one error line on standard error


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


FilesArg = Annotated[
    list[str] | None, typer.Argument(help="Report files or folders; '-' reads standard input.", show_default=False)
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "--out", "-o", help="Write the results to this file (with --ray: a folder) instead of standard output."
    ),
]
FilesFromOpt = Annotated[
    Path | None,
    typer.Option("--files-from", help="Also read input paths from this file, one a line ('-': standard input)."),
]
NullOpt = Annotated[bool, typer.Option("-0", "--null", help="--files-from paths end with NUL (find -print0).")]
FORMAT_HELP = "table, json, jsonl or csv (every command; failed inputs carry an 'error' field)."


def _format(fmt: str, extra: tuple[str, ...] = ()):
    """The output format, or a usage error naming the formats."""
    from classify.output import FORMATS, OutputFormat

    if fmt in extra:
        return fmt
    if fmt not in FORMATS:
        known = ", ".join((*extra, *FORMATS))
        raise typer.BadParameter(f"unknown format '{fmt}' ({known})", param_hint="--format")
    return OutputFormat(fmt)


def _inputs(files: list[str] | None, files_from: Path | None, null: bool, *, expand: bool = True) -> list[str]:
    """The input paths: arguments, then ``--files-from`` entries; folders expanded to their reports
    (``expand=False``: as given, for :func:`classify.predict.predict_files`, which walks folders itself
    and turns each path it cannot walk into its own error)."""
    from classify.intake import expand_inputs

    names = list(files or [])
    if null and files_from is None:
        raise typer.BadParameter("-0 says how --files-from separates paths: add --files-from", param_hint="-0")
    if files_from is not None:
        if str(files_from) == "-" and "-" in names:
            raise typer.BadParameter("standard input cannot hold both paths and a report", param_hint="--files-from")
        try:
            raw = sys.stdin.buffer.read() if str(files_from) == "-" else files_from.read_bytes()
        except OSError as exc:
            raise ClassifyError(files_from, f"cannot read the list of paths ({exc.strerror})") from None
        text = raw.decode("utf-8", errors="surrogateescape")
        entries = text.split("\0") if null else text.splitlines()
        names += [e for e in entries if e.strip()]
    if not names:
        raise typer.BadParameter("no input: give files or folders, '-', or --files-from LIST", param_hint="FILES")
    return expand_inputs(names) if expand else names


@contextmanager
def _destination(output: Path | None) -> Iterator[TextIO]:
    """Standard output, or ``--output FILE`` (UTF-8; written even when some inputs fail)."""
    if output is None:
        yield sys.stdout
        return
    try:
        handle = output.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ClassifyError(output, f"cannot write the output ({exc.strerror})") from None
    with handle:
        yield handle


def _failure(record: dict) -> None:
    error(record["error"])


@app.command()
def normalize(
    files: FilesArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (the cleaned report), or " + FORMAT_HELP)] = "text",
    output: OutputOpt = None,
    files_from: FilesFromOpt = None,
    null: NullOpt = False,
    sentences: Annotated[bool, typer.Option(help="List sentences in JSON and CSV output.")] = True,
) -> None:
    """Clean and structure reports: title, date, source, paragraphs, sentences."""
    from classify.intake import iter_documents
    from classify.output import write_records

    output_format = _format(fmt, ("text",))
    names = _inputs(files, files_from, null)

    def records() -> Iterator[dict]:
        for name, doc in iter_documents(names):
            if isinstance(doc, ClassifyError):
                yield {"path": name, "error": str(doc)}
            else:
                yield {"path": name, **{k: v for k, v in doc.to_dict(sentences=sentences).items() if k != "path"}}

    def view(record: dict) -> dict[str, str]:
        body = "".join(p["text"] for p in record.get("paragraphs", []))
        cells = {k: record.get(k) or "" for k in ("path", "title", "date", "source")}
        return {**cells, "paragraphs": str(len(record.get("paragraphs", []))), "chars": str(len(body))}

    with _destination(output) as out:
        if output_format == "text":  # the cleaned report itself; failures on standard error only
            failed = 0
            for name, doc in iter_documents(names):
                if isinstance(doc, ClassifyError):
                    error(doc)
                    failed += 1
                    continue
                out.write(f"==> {name} <==\n{doc.to_text()}\n\n" if len(names) > 1 else doc.to_text() + "\n")
                out.flush()
        else:
            failed = write_records(records(), output_format, out=out, on_error=_failure, view=view, total=len(names))
    raise typer.Exit(1 if failed else 0)


@app.command("summarize")
def summarize_command(
    files: FilesArg = None,
    max_chars: Annotated[
        int, typer.Option("--max-chars", "-n", min=1, help="Budget of the lead, in characters.")
    ] = 150,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (the lead alone), or " + FORMAT_HELP)] = "text",
    output: OutputOpt = None,
    files_from: FilesFromOpt = None,
    null: NullOpt = False,
    method: Annotated[str, typer.Option(help="Summariser: default, lead, lead-K (e.g. lead-1), textrank.")] = "default",
) -> None:
    """Write each report's lead paragraph (导语): its own sentences, in order, within a character budget."""
    from classify.errors import InputError
    from classify.intake import iter_documents
    from classify.output import write_records
    from classify.summarize import summarize
    from classify.summarize.methods import get_method

    output_format = _format(fmt, ("text",))
    try:
        get_method(method)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--method") from None
    if method == "oracle":
        raise typer.BadParameter("the oracle needs a reference summary; use it from the API", param_hint="--method")
    names = _inputs(files, files_from, null)

    def records() -> Iterator[dict]:
        for name, doc in iter_documents(names):
            lead = None if isinstance(doc, ClassifyError) else summarize(doc, max_chars=max_chars, method=method)
            if lead is None or not lead.sentences:
                problem = doc if isinstance(doc, ClassifyError) else InputError(name, "no body sentences to summarise")
                yield {"path": name, "error": str(problem)}
            else:
                yield {"path": name, **{k: v for k, v in lead.to_dict().items() if k != "path"}}

    def view(record: dict) -> dict[str, str]:
        return {"path": record["path"], "lead paragraph": record.get("text", ""), "chars": str(record.get("chars", ""))}

    with _destination(output) as out:
        if output_format == "text":
            failed = 0
            for record in records():
                if record.get("error"):
                    _failure(record)
                    failed += 1
                    continue
                many = len(names) > 1
                out.write(f"==> {record['path']} <==\n{record['text']}\n\n" if many else record["text"] + "\n")
                out.flush()
        else:
            failed = write_records(records(), output_format, out=out, on_error=_failure, view=view, total=len(names))
    raise typer.Exit(1 if failed else 0)


ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", "-m", help="Model directory (default: the shipped baseline, inside the package)."),
]


@app.command()
def predict(
    files: FilesArg = None,
    model: ModelOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "table",
    output: OutputOpt = None,
    files_from: FilesFromOpt = None,
    null: NullOpt = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="List the features that weighed most (baseline; not with csv).")
    ] = False,
    summary: Annotated[bool, typer.Option("--summary", help="Add the lead paragraph (导语) of each report.")] = False,
    max_chars: Annotated[
        int | None, typer.Option(min=1, help="Character budget of the lead paragraph (with --summary; 150).")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for many files.")] = 1,
    threshold: Annotated[
        float | None, typer.Option(help="Flag predictions under this probability 'uncertain' (default: the model's).")
    ] = None,
    keep_out_of_scope: Annotated[
        bool,
        typer.Option(
            "--keep-out-of-scope", help="Give type and level even for documents judged not to be reports."
        ),
    ] = False,
    scope_threshold: Annotated[
        float | None,
        typer.Option(
            help="In scope from this probability on (default: the model's; the model card lists the precision "
            "and recall of others; 0 keeps every document)."
        ),
    ] = None,
    text_field: Annotated[str, typer.Option(help="Corpus files: the field (column) holding the text.")] = "text",
    id_field: Annotated[
        str | None, typer.Option(help="Corpus files: the id field (default: the record number).")
    ] = None,
    title_field: Annotated[str | None, typer.Option(help="Corpus files: a title field, if there is one.")] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Corpus files: skip the ids already in --output, append the rest.")
    ] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Corpus files: records per batch.")] = 64,
    ray: Annotated[
        str | None,
        typer.Option(help="Run on Ray Data: 'auto' (a running cluster, else a local one), 'local' or an address."),
    ] = None,
) -> None:
    """Predict whether each document is a party-building report (in scope), its type and level with
    probabilities, and the organisation it is about.

    A corpus file (.jsonl, .jsonl.gz, .csv, .tsv, .parquet) is read record by record: each record's
    result is written as soon as its batch is done (JSON lines, or CSV with --format csv or an
    --output ending in .csv), with its id; --resume picks up a killed run."""
    from classify.classifiers import ReportClassifier, load_model
    from classify.output import OutputFormat, write_predictions
    from classify.predict import predict_files
    from classify.stream import is_corpus

    output_format = _format(fmt)
    if threshold is not None and not 0.0 <= threshold <= 1.0:  # NaN fails this too
        raise typer.BadParameter(f"must be between 0 and 1, not {threshold}", param_hint="--threshold")
    if scope_threshold is not None and not 0.0 <= scope_threshold <= 1.0:
        raise typer.BadParameter(f"must be between 0 and 1, not {scope_threshold}", param_hint="--scope-threshold")
    if explain and output_format is OutputFormat.csv:
        raise typer.BadParameter(
            "a CSV row has no room for the terms: use -f json, jsonl or table", param_hint="--explain"
        )
    if max_chars is not None and not summary:
        raise typer.BadParameter("the lead paragraph's budget applies with --summary", param_hint="--max-chars")
    corpus = bool(files) and len(files) == 1 and is_corpus(files[0])
    if ray is not None or corpus or resume:
        _predict_corpus(
            list(files or []), model, output_format, output, ray=ray, resume=resume, jobs=jobs,
            batch_size=batch_size, threshold=threshold, text_field=text_field, id_field=id_field,
            title_field=title_field, explain=explain, summary=summary, max_chars=max_chars or 150,
            keep_out_of_scope=keep_out_of_scope, scope_threshold=scope_threshold,
        )  # fmt: skip
    names = _inputs(files, files_from, null, expand=False)
    classifier = load_model(model)
    if explain and type(classifier).explain_document is ReportClassifier.explain_document:
        kind = getattr(classifier, "kind", type(classifier).__name__)
        raise typer.BadParameter(
            f"a {kind} model cannot explain its predictions (the baseline can)", param_hint="--explain"
        )
    _set_thresholds(classifier, threshold, scope_threshold)
    options = {"explain": explain, "summary": summary, "max_chars": max_chars or 150}
    options["keep_out_of_scope"] = keep_out_of_scope
    results = predict_files(classifier, names, jobs=jobs, **options)
    with _destination(output) as out:
        failed = write_predictions(
            results,
            output_format,
            classifier.schema.names,
            out=out,
            on_error=lambda p: error(p.error),
            total=None if any(Path(n).is_dir() for n in names if n != "-") else len(names),
        )
    raise typer.Exit(1 if failed else 0)


def _set_thresholds(classifier: Any, threshold: float | None, scope_threshold: float | None) -> None:
    """The command line's --threshold and --scope-threshold, over the model's own."""
    if threshold is not None:
        classifier.threshold = threshold
    if scope_threshold is not None:
        classifier.scope_threshold = scope_threshold


def _predict_corpus(files, model, output, output_path, *, ray, resume, jobs, batch_size, threshold, scope_threshold, **options) -> None:  # type: ignore[no-untyped-def]
    """``predict`` on one corpus file: streamed here, or through Ray Data with ``--ray``."""
    from classify.classifiers import load_model
    from classify.output import OutputFormat
    from classify.stream import is_corpus, predict_corpus

    if len(files) != 1 or not is_corpus(files[0]):
        raise typer.BadParameter(
            "--ray and --resume take one corpus file (.jsonl, .jsonl.gz, .csv, .tsv, .parquet)", param_hint="FILES"
        )
    fmt = "csv" if output is OutputFormat.csv else "jsonl"
    if output_path is not None and output_path.suffix.lower() == ".csv":
        fmt = "csv"
    if ray is not None:
        from classify.ray_predict import predict_dataset

        if output_path is None:
            raise typer.BadParameter("--ray writes a folder: give --out FOLDER", param_hint="--out")
        if options.pop("explain"):
            raise typer.BadParameter("--explain is not available with --ray", param_hint="--explain")
        predict_dataset(
            files[0], output_path, model=model, address=ray, fmt="csv" if output is OutputFormat.csv else "parquet",
            concurrency=jobs, batch_size=batch_size, threshold=threshold, scope_threshold=scope_threshold,
            **options,
        )  # fmt: skip
        print(f"results written to {output_path}/", file=sys.stderr)
        raise typer.Exit(0)
    if resume and output_path is None:
        raise typer.BadParameter("--resume needs --output FILE (the results of the earlier run)", param_hint="--resume")
    classifier = load_model(model)
    _set_thresholds(classifier, threshold, scope_threshold)
    report = predict_corpus(
        classifier, files[0], output_path if output_path is not None else sys.stdout, fmt=fmt, resume=resume,
        jobs=jobs, batch_size=batch_size, progress=sys.stderr.isatty(), on_error=lambda p: error(p.error), **options,
    )  # fmt: skip
    if resume:
        print(f"{report.skipped} records already answered, {report.answered} now", file=sys.stderr)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def train(
    config: Annotated[Path, typer.Option("--config", "-c", help="Training config (YAML).")] = Path(
        "configs/baseline.yaml"
    ),
    data: Annotated[Path | None, typer.Option("--data", "-d", help="Labelled corpus (overrides the config).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Model directory to write.")] = None,
    augment: Annotated[
        str | None,
        typer.Option(
            help="Generated reports to add to training only; 'none' for none. With --data, none unless given "
            "(the config's generated reports join only its own corpus)."
        ),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a config value, validated like the file: --set classifier.C=4."),
    ] = None,
    shared: Annotated[Path | None, typer.Option(help="The ../shared folder, when label files point into it.")] = None,
) -> None:
    """Train a model from a config and a labelled corpus; evaluates on the test split, writes a model card."""
    from rich.console import Console

    from classify.console import RichProgress
    from classify.training.config import load_config
    from classify.training.run import train as run_training

    overrides: dict = {"data": {}}
    if data is not None:
        overrides["data"]["train"] = str(data.resolve())
    if shared is not None:
        overrides["data"]["shared"] = str(shared.resolve())
    if not config.exists() and config == Path("configs/baseline.yaml"):
        raise ClassifyError(
            config, "not found: the default config is the repository's; outside the checkout pass --config"
        )
    settings = load_config(config, overrides, sets=sets or ())
    if augment is not None:
        settings["data"]["augment"] = None if augment.lower() == "none" else str(Path(augment).resolve())
    elif data is not None:
        settings["data"]["augment"] = None  # the user's corpus alone: generated reports only with --augment
    console = Console(stderr=True)
    with console.status("training") as status:
        result = run_training(settings, out=out, progress=RichProgress(console, status))
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
    from classify.training.export_onnx import export_onnx

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
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Write the confusion matrices as a PNG here, each truth row normalised (needs classify[plot])."
        ),
    ] = None,
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

    if not data.exists() and data == Path("data/labels"):
        raise ClassifyError(data, "not found: the default corpus is the repository's; outside the checkout pass --data")
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
    except (KeyboardInterrupt, _Interrupted):
        sys.exit(130)
    except Exception as exc:
        exit_for(exc)


class _Interrupted(BaseException):
    """Ctrl-C, past click (which turns KeyboardInterrupt into 'Aborted!' and exit status 1)."""


def _interrupt(signum, frame) -> None:
    raise _Interrupted


if __name__ == "__main__":
    main()

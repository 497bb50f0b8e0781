"""The ``classify`` console entry: ``classify predict`` with plain options starts without typer.

typer 0.29 builds a pydantic validator for every option of the command it runs, which imports pydantic
(~0.2 s, a third of a one-report ``classify predict``). The common call, ``classify predict [--model
DIR] [--format FORMAT] FILE...``, is therefore parsed here and run through the same API calls as
:func:`classify.cli.predict`; anything else (other options, ``--help``, a bad value, other commands)
goes to the typer application, which also prints its usage errors.
"""

from __future__ import annotations

import sys

_OPTIONS = {"--model": "model", "-m": "model", "--format": "fmt", "-f": "fmt"}
_FORMATS = ("table", "json", "jsonl", "csv")


def parse_predict(argv: list[str]) -> dict | None:
    """``{"model", "fmt", "files"}`` for a plain ``predict`` call, else ``None`` (typer's job)."""
    if not argv or argv[0] != "predict":
        return None
    found: dict = {"model": None, "fmt": "table", "files": []}
    args = iter(argv[1:])
    for arg in args:
        if arg == "-" or not arg.startswith("-"):
            found["files"].append(arg)
            continue
        name, equals, value = arg.partition("=")
        if name not in _OPTIONS or (equals and not name.startswith("--")):
            return None
        if not equals:
            value = next(args, None)
            if value is None:
                return None
        found[_OPTIONS[name]] = value
    if not found["files"] or found["fmt"] not in _FORMATS or found["model"] == "":
        return None
    from classify.stream import is_corpus

    if any(is_corpus(name) for name in found["files"]):  # corpus files are streamed by the full command
        return None
    return found


def main() -> None:
    """Console entry point (see the module docstring); errors as in :func:`classify.cli.main`."""
    call = parse_predict(sys.argv[1:])
    if call is None:
        from classify.cli import main as typer_main

        typer_main()
        return
    from classify.errors import exit_for
    from classify.errors import print_error as error

    try:
        from pathlib import Path

        from classify.classifiers import load_model
        from classify.output import OutputFormat, write_predictions
        from classify.predict import predict_files

        classifier = load_model(Path(call["model"]) if call["model"] is not None else None)
        names = call["files"]  # predict_files walks folders, each path it cannot walk its own error
        results = predict_files(classifier, names, jobs=1, explain=False, summary=False, max_chars=150)
        failed = write_predictions(
            results,
            OutputFormat(call["fmt"]),
            classifier.schema.names,
            on_error=lambda p: error(p.error),
            total=None if any(Path(n).is_dir() for n in names if n != "-") else len(names),
        )
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        exit_for(exc)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

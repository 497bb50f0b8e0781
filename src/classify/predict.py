"""Files, texts and streams -> predictions: reading, worker processes, the optional lead paragraph.

What a user calls on a loaded model (``model.predict_file``, ``model.predict_texts``) classifies; this
module runs a batch over many inputs, as ``classify predict`` does: folders expanded, ``-`` read from
standard input, a bad input turned into a result with ``error`` set (the batch goes on), the work spread
over forked worker processes that share the loaded model, and each report's lead paragraph (导语)
added when asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from classify.classifiers.base import ReportClassifier
from classify.classifiers.results import Prediction
from classify.errors import ClassifyError, InputError
from classify.intake import Document, read_document, walk_inputs

__all__ = ["predict_documents", "predict_file", "predict_files"]


def predict_documents(
    model: ReportClassifier,
    documents: Sequence[Document],
    *,
    explain: bool = False,
    summary: bool = False,
    max_chars: int = 150,
    keep_out_of_scope: bool = False,
) -> list[Prediction]:
    """The model's predictions for documents, with each one's lead paragraph when ``summary``."""
    results = model.predict_documents(documents, explain=explain, keep_out_of_scope=keep_out_of_scope)
    if summary:
        from classify.summarize import summarize

        for result, doc in zip(results, documents, strict=True):
            result.summary = summarize(doc, max_chars=max_chars).text
    return results


def predict_file(model: ReportClassifier, path: str | Path, **options: Any) -> Prediction:
    """One file's prediction; a file that cannot be read or classified gives a result with ``error``."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)  # a bytes path names a file; it is not report text
    name = str(path)
    try:
        return predict_documents(model, [read_document(path)], **options)[0]
    except ClassifyError as exc:
        return Prediction(path=name, error=str(exc))
    except Exception as exc:  # one broken document must not end the batch
        return Prediction(path=name, error=str(InputError(name, f"could not classify ({type(exc).__name__}: {exc})")))


_WORKER_MODEL: ReportClassifier | None = None  # set in the parent before forking workers, or by _init_worker


def _init_worker(model: ReportClassifier) -> None:
    """Where workers are spawned (no fork: macOS and Windows defaults, or ``CLASSIFY_START_METHOD``),
    each receives the model once, pickled, when it starts."""
    global _WORKER_MODEL
    _WORKER_MODEL = model


def start_method() -> str:
    """``fork`` where the platform has it (workers share the loaded model), else ``spawn``;
    ``$CLASSIFY_START_METHOD`` chooses (``spawn``, ``forkserver``, ``fork``)."""
    import multiprocessing

    available = multiprocessing.get_all_start_methods()
    wanted = os.environ.get("CLASSIFY_START_METHOD")
    if wanted in available:
        return wanted
    return "fork" if "fork" in available else "spawn"


def _worker_predict(task: tuple[str, dict[str, Any]] | Prediction) -> Prediction:
    assert _WORKER_MODEL is not None
    if isinstance(task, Prediction):  # a path that could not be walked: its error, as it is
        return task
    path, options = task
    return predict_file(_WORKER_MODEL, path, **options)


def _worker_start(model: ReportClassifier | None = None) -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool: one exit, no tracebacks from workers;
    a spawned worker (no fork) also receives the model here."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if model is not None:
        _init_worker(model)


def predict_files(
    model: ReportClassifier, paths: Iterable[str | Path], *, jobs: int = 1, **options: Any
) -> Iterator[Prediction]:
    """Predictions for files and folders, in input order; unreadable files come back as results with
    ``error`` set. ``jobs > 1`` spreads the files over that many worker processes (forked where the
    platform can, else spawned: see :func:`start_method`). ``options``:
    ``explain``, ``summary``, ``max_chars`` (see :func:`predict_documents`)."""
    global _WORKER_MODEL
    names = [
        Prediction(path=item.where, error=str(item)) if isinstance(item, ClassifyError) else item
        for item in walk_inputs(paths)
    ]
    jobs = max(1, min(jobs, len(names), os.cpu_count() or 1))
    if jobs == 1 or "-" in names:
        for name in names:
            yield name if isinstance(name, Prediction) else predict_file(model, name, **options)
        return
    model.prepare_for_workers()
    _WORKER_MODEL = model
    import multiprocessing  # only when workers are asked for: it costs cold start

    method = start_method()
    context = multiprocessing.get_context(method)
    # fork: workers inherit the loaded model, no reloading; otherwise each gets it pickled at start
    initargs = () if method == "fork" else (model,)  # spawned workers get the model pickled once
    try:
        with context.Pool(jobs, initializer=_worker_start, initargs=initargs) as pool:
            chunk = max(1, min(32, len(names) // (jobs * 4) or 1))
            tasks = [name if isinstance(name, Prediction) else (name, options) for name in names]
            yield from pool.imap(_worker_predict, tasks, chunksize=chunk)
    finally:
        _WORKER_MODEL = None

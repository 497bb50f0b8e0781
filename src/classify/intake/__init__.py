"""Intake: bytes -> clean, structured :class:`Document` (read -> clean -> structure)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from classify.errors import ClassifyError, InputError
from classify.intake.document import Document, Paragraph, Sentence, split_sentences
from classify.intake.read import MAX_BYTES, MAX_FORMAT_BYTES, decode_bytes, read_bounded, read_bytes, read_text
from classify.intake.sniff import FORMAT_SUFFIXES, sniff

__all__ = [
    "Document",
    "Paragraph",
    "Sentence",
    "expand_inputs",
    "iter_documents",
    "read_document",
    "read_text",
    "split_sentences",
]

#: File types picked up when a folder is given: text, and web pages, Word documents and PDFs.
TEXT_SUFFIXES = (".txt", ".md", ".text")
REPORT_SUFFIXES = TEXT_SUFFIXES + FORMAT_SUFFIXES
STDIN = "-"


def read_document(source: str | Path | bytes, *, name: str | None = None) -> Document:
    """Read a report (a path, ``-`` for standard input, or raw bytes) into a :class:`Document`.

    Plain text, web pages, Word documents (.docx) and PDFs are told apart by their bytes
    (:func:`classify.intake.sniff.sniff`). Raises :class:`~classify.errors.InputError` naming the file
    for unreadable input.
    """
    if isinstance(source, bytes):
        return _from_bytes(source, name or "<bytes>", path=name)
    if str(source) == STDIN:
        return _from_bytes(_read_stdin(), "<stdin>", path="<stdin>")
    return _from_bytes(read_bytes(source, max_bytes=MAX_FORMAT_BYTES), str(source), path=str(source))


def _read_stdin() -> bytes:
    """Standard input's bytes, bounded like a file's; a closed standard input is an :class:`InputError`."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None or stream.closed:
        raise InputError("<stdin>", "standard input is closed")
    try:
        return read_bounded(stream, MAX_FORMAT_BYTES, "<stdin>")
    except (OSError, ValueError) as exc:
        raise InputError("<stdin>", f"cannot read standard input ({exc})") from None


def _from_bytes(data: bytes, name: str, *, path: str | None) -> Document:
    """The :class:`Document` of a file's bytes, whatever its format; errors name ``name``."""
    kind = sniff(data, name)
    if kind == "text":
        if len(data) > MAX_BYTES:
            raise InputError(name, f"file too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
        return Document.from_text(decode_bytes(data, where=name), path=path)
    from classify.intake.formats import read_formatted, to_document

    return to_document(read_formatted(data, kind, name), path, where=name)


def expand_inputs(paths: Iterable[str | Path]) -> list[str]:
    """Expand folders into their report files (sorted, recursive); keep files and ``-`` as given.

    A folder holding no report files is kept as given so that reading it reports the problem.
    """
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if str(path) != STDIN and p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
            out.extend(found or [str(path)])
        else:
            out.append(str(path))
    return out


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, Document | ClassifyError]]:
    """Yield ``(name, document)`` per input, or ``(name, error)`` for one that cannot be read: a bad
    file never stops the batch."""
    for name in expand_inputs(paths):
        try:
            yield name, read_document(name)
        except ClassifyError as exc:
            yield name, exc
        except Exception as exc:  # an intake bug must not lose the other files' results
            yield name, InputError(name, f"could not process ({type(exc).__name__}: {exc})")

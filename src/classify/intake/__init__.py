"""Intake: bytes -> clean, structured :class:`Document` (read -> clean -> structure)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from classify.errors import ClassifyError, InputError
from classify.intake.document import Document, Paragraph, Sentence, split_sentences
from classify.intake.read import decode_bytes, read_text

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

#: File types picked up when a folder is given.
TEXT_SUFFIXES = (".txt", ".md", ".text")
STDIN = "-"


def read_document(source: str | Path | bytes, *, name: str | None = None) -> Document:
    """Read a report (a path, ``-`` for standard input, or raw bytes) into a :class:`Document`.

    Raises :class:`~classify.errors.InputError` naming the file for unreadable input.
    """
    if isinstance(source, bytes):
        return Document.from_text(decode_bytes(source, where=name or "<bytes>"), path=name)
    if str(source) == STDIN:
        return Document.from_text(decode_bytes(sys.stdin.buffer.read(), where="<stdin>"), path="<stdin>")
    return Document.from_text(read_text(source), path=str(source))


def expand_inputs(paths: Iterable[str | Path]) -> list[str]:
    """Expand folders into their report files (sorted, recursive); keep files and ``-`` as given.

    A folder holding no report files is kept as given so that reading it reports the problem.
    """
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if str(path) != STDIN and p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
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

"""Intake: bytes -> clean, structured :class:`Document` (read -> clean -> structure)."""

from __future__ import annotations

import errno
import os
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
    "walk_inputs",
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

    A folder holding no report files is kept as given so that reading it reports the problem; paths
    that cannot be walked (see :func:`walk_inputs`) are left out.
    """
    return [item for item in walk_inputs(paths) if isinstance(item, str)]


def walk_inputs(paths: Iterable[str | Path]) -> list[str | InputError]:
    """:func:`expand_inputs`, with an :class:`InputError` in place of each path that cannot be walked:
    a name longer than the system allows, an unreadable sub-folder, a symbolic link loop. One bad path
    never stops the others."""
    out: list[str | InputError] = []
    for path in paths:
        name = str(path)
        if name == STDIN:
            out.append(name)
            continue
        if not name:
            out.append(InputError("''", "empty file name"))
            continue
        try:
            is_dir = os.path.isdir(name)
        except (OSError, ValueError) as exc:  # ENAMETOOLONG, an embedded NUL
            out.append(InputError(name, f"cannot read path ({getattr(exc, 'strerror', None) or exc})"))
            continue
        if not is_dir:
            out.append(name)
            continue
        found = list(_walk(name, set()))
        out.extend(found if any(isinstance(f, str) for f in found) else [*found, name])
    return out


def _walk(folder: str, seen: set[tuple[int, int]]) -> Iterator[str | InputError]:
    """Report files under ``folder`` in sorted order; symbolic links to folders are followed, a loop
    is reported once."""
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            yield InputError(folder, "symbolic link loop (folder already visited), skipped")
            return
        seen = seen | {key}
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(folder, f"cannot read folder ({exc.strerror or exc})")
        return
    for entry in listed:
        try:
            if entry.is_dir():
                yield from _walk(entry.path, seen)
            elif entry.is_file():
                if Path(entry.name).suffix.lower() in REPORT_SUFFIXES:
                    yield entry.path
            elif entry.is_symlink() or Path(entry.name).suffix.lower() in REPORT_SUFFIXES:
                report = Path(entry.name).suffix.lower() in REPORT_SUFFIXES
                try:
                    os.stat(entry.path)
                except OSError as exc:  # a link loop is reported whatever its name; a broken link if a report's
                    if report or exc.errno == errno.ELOOP:
                        raise
                    continue
                if report:
                    yield InputError(entry.path, "not a regular file (a device, FIFO or socket)")
        except OSError as exc:
            yield InputError(entry.path, f"cannot read path ({exc.strerror or exc})")


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, Document | ClassifyError]]:
    """Yield ``(name, document)`` per input, or ``(name, error)`` for one that cannot be read: a bad
    file never stops the batch."""
    for name in walk_inputs(paths):
        if isinstance(name, InputError):
            yield name.where or "", name
            continue
        try:
            yield name, read_document(name)
        except ClassifyError as exc:
            yield name, exc
        except Exception as exc:  # an intake bug must not lose the other files' results
            yield name, InputError(name, f"could not process ({type(exc).__name__}: {exc})")

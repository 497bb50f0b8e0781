"""Bytes in, text out: encoding detection with one clear error per unreadable file.

Reports arrive as UTF-8 (with or without BOM), GB18030/GBK, Big5 or UTF-16. Big5 bytes often decode
without error as GB18030 too (and the reverse), so when both strict decodings succeed the one whose
characters look like Chinese text wins (share of common characters, see :mod:`classify.intake.charset`).
charset-normalizer is the fallback for anything else.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from classify.errors import InputError
from classify.intake.charset import common_share

#: Files larger than this are refused rather than read into memory (a report is a few hundred KB).
MAX_BYTES = 20 * 1024 * 1024
#: The same for PDFs, Word documents and web pages, whose text is a small part of their bytes.
MAX_FORMAT_BYTES = 200 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a file and return its text, whatever its encoding.

    Raises :class:`InputError` naming the file when it is missing, a directory, empty, too large,
    binary or undecodable.
    """
    return decode_bytes(read_bytes(path, max_bytes=max_bytes), where=path)


def read_bytes(path: str | Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes; :class:`InputError` naming the file when it is missing, a directory, not a
    regular file (a device such as ``/dev/zero``, a FIFO, a socket) or too large.

    The size is checked on what is read, not only on what ``stat`` says: at most ``max_bytes + 1``
    bytes are ever read, and opening never blocks (a FIFO without a writer is refused, not waited on).
    """
    import os
    import stat

    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError(path, f"cannot read file ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, "not a regular file (a device, FIFO or socket); pipe it through '-' instead")
        if info.st_size > max_bytes:
            raise InputError(path, _too_large(info.st_size, max_bytes))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return read_bounded(handle, max_bytes, path)
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_bounded(handle, max_bytes: int, where: str | Path) -> bytes:
    """At most ``max_bytes`` from a binary stream; :class:`InputError` when there is more."""
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(where, _too_large(None, max_bytes))
    return data


def _too_large(size: int | None, max_bytes: int) -> str:
    got = f"{size / 1e6:.1f} MB" if size is not None else "more than the limit"
    return f"file too large ({got}; the limit is {max_bytes / 1e6:.0f} MB)"


def decode_bytes(data: bytes, *, where: str | Path | None = "<bytes>") -> str:
    """Decode report bytes, detecting the encoding. See :func:`read_text` for the errors raised."""
    if not data.strip():
        raise InputError(where, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, where)
    wide = _sniff_utf32(data) or _sniff_utf16(data)
    if wide:
        return _strict(data, wide, where)
    stray = None
    try:
        text = data.decode("utf-8")
        if not _has_controls(text):
            return text
    except UnicodeDecodeError as exc:
        stray = exc
    # Legacy CJK encodings and BOM-less UTF-16 all decode many byte strings without error; the
    # reading whose characters are common Chinese wins (the wrong ones are noise).
    encodings = ["gb18030", "big5"] + (["utf-16-le", "utf-16-be"] if len(data) % 2 == 0 else [])
    candidates = []
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _has_controls(text):
            candidates.append((common_share(text), text))
    best = max(candidates, default=None, key=lambda c: c[0])
    if best is not None and best[0] >= 0.5:
        return best[1]
    if _looks_binary(data):
        raise InputError(where, "binary file, not text")
    if stray is not None and _nearly_utf8(data):
        bad = data[stray.start : stray.end]
        raise InputError(
            where, f"not valid UTF-8: stray byte(s) {bad.hex(' ')} at byte offset {stray.start} (the rest is UTF-8)"
        )
    return _fallback(data, where)


def _nearly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few stray bytes: at most 1 in 1000 characters replaced, and some multi-byte text."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return bad <= max(1, len(text) // 1000) and len(text) < len(data)


def _sniff_utf32(data: bytes) -> str | None:
    """UTF-32 without a BOM: every fourth byte (the top one) is NUL, and so are most of the next."""
    if len(data) < 8 or len(data) % 4:
        return None
    sample = data[:8192]
    quarter = len(sample) // 4
    for encoding, top, next_ in (("utf-32-le", 3, 2), ("utf-32-be", 0, 1)):
        if sample[top::4].count(0) == quarter and sample[next_::4].count(0) > 0.9 * quarter:
            return encoding
    return None


def _strict(data: bytes, encoding: str, where: str | Path | None) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(where, f"not valid {encoding} although it starts like it") from None
    if not text.strip():
        raise InputError(where, "empty file")
    return text


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NULs in every other byte, CJK text has none but is
    then caught by decoding; this checks the common case of mixed ASCII and CJK lines."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.2 * half and even_nuls < 0.02 * half:
        return "utf-16-le"
    if even_nuls > 0.2 * half and odd_nuls < 0.02 * half:
        return "utf-16-be"
    return None


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _has_controls(text: str) -> bool:
    """Control characters (NUL, ESC, ...) never occur in a report: their presence means a wrong reading."""
    return _CONTROLS.search(text) is not None


# Every byte except the C0 controls that never occur in text (tab, newlines, form feed are fine).
_TEXT_BYTES = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample.translate(None, _TEXT_BYTES))  # what is left after deleting text bytes
    return control > 0.05 * len(sample)


def _fallback(data: bytes, where: str | Path | None) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise InputError(where, "cannot decode: not UTF-8, GB18030, Big5 or UTF-16 text")
    text = str(best)
    if common_share(text) < 0.5:
        # Latin-1 or another single-byte encoding: no reading gives Chinese text; guessing one would
        # hand the model mojibake (or accented Latin text it cannot read).
        raise InputError(
            where,
            "cannot decode as Chinese text: not UTF-8, GB18030, Big5 or UTF-16 (Latin-1 or another single-byte encoding?)",
        )
    return text

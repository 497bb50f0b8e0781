"""Errors that reach the user as one line.

Every problem a user can cause (a bad file, a bad label, a broken model directory) is raised as a
:class:`ClassifyError`; the CLI prints ``str(error)`` and moves on to the next file, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import NoReturn

# Characters that would break an error line or the terminal: controls (a newline in a file name) and
# lone surrogates (undecodable bytes of a file name), shown escaped.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(name: str) -> str:
    """``name`` with control characters and lone surrogates escaped (``\\n``, ``\\udcff``): one line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), name)


class ClassifyError(Exception):
    """Base class: a problem with the user's input, reported as ``<where>: <problem>``.

    ``where`` (a file name, ``texts[3]``) is shown with control characters escaped, so that every error
    stays on one line."""

    def __init__(self, where: str | Path | None, problem: str) -> None:
        self.where = printable(str(where)) if where is not None else None
        self.problem = problem
        super().__init__(f"{self.where}: {problem}" if self.where else problem)


class InputError(ClassifyError):
    """A document that cannot be read: empty, binary, undecodable, too large, missing."""


class InputTypeError(InputError, TypeError):
    """An API argument of the wrong type (``None`` or bytes where a text is expected, one string where
    a list of texts is expected); ``where`` names the item (``texts[3]``)."""


class LabelError(ClassifyError):
    """A labelled row with a missing or unknown label, or a malformed corpus file."""


class ModelError(ClassifyError):
    """A model directory that is missing, incomplete, corrupt or of an unknown kind."""


class ConfigError(ClassifyError):
    """A configuration file with unknown keys or bad values."""


class MissingExtra(ClassifyError):
    """A feature whose packages are an optional extra that is not installed; names the pip command."""

    def __init__(self, module: str, extra: str, feature: str) -> None:
        super().__init__(None, f"{feature} needs the '{module}' package: pip install 'classify[{extra}]'")
        self.module = module
        self.extra = extra


def require(module: str, extra: str, feature: str):
    """Import ``module`` or raise :class:`MissingExtra` naming ``pip install 'classify[extra]'``."""
    from importlib import import_module

    try:
        return import_module(module)
    except ImportError as exc:
        if exc.name is not None and exc.name.split(".")[0] != module.split(".")[0]:
            raise  # the extra is there but one of its own dependencies is broken: a real error
        raise MissingExtra(module, extra, feature) from None


def print_error(message: object) -> None:
    """One error line on standard error: ``classify: error: ...``."""
    print(f"classify: error: {message}", file=sys.stderr, flush=True)


def exit_for(exc: Exception) -> NoReturn:
    """How a command that ended in ``exc`` leaves: a :class:`ClassifyError` is its one line and exit 1;
    anything else an "internal error" line and exit 1 (``CLASSIFY_DEBUG=1`` re-raises it, traceback and
    all). Both entry points (:mod:`classify.cli`, :mod:`classify.launch`) end this way."""
    if isinstance(exc, ClassifyError):
        print_error(exc)
    elif os.environ.get("CLASSIFY_DEBUG"):
        raise exc
    else:
        print_error(f"internal error: {type(exc).__name__}: {exc} (set CLASSIFY_DEBUG=1 for the traceback)")
    sys.exit(1)

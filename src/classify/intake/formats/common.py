"""What every format reader shares: the extracted result, the extra's import hint, short reasons."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from classify.errors import InputError

HINT = "pip install 'classify[formats]'"


@dataclass
class Extracted:
    """What a reader got out of a file; ``site`` is a source of last resort (the web site's name)."""

    body: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    site: str | None = None


def need(module: str, what: str, where: str | Path | None) -> ModuleType:
    """Import ``module`` or raise the one-line hint to install the ``formats`` extra."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(where, f"reading {what} needs the formats extra: {HINT}") from None


def reason(exc: BaseException) -> str:
    """A short, one-line account of a library's exception: ``BadZipFile: File is not a zip file``."""
    message = " ".join(str(exc).split())[:100]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__

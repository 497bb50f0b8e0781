"""How training reports progress: status lines, and bars for the long loops.

Trainers take a :class:`Progress`: called with a message it reports a status line (a stage begun, an
epoch's scores); ``progress.bar(description, total)`` opens a bar for a loop of ``total`` steps and
closes it on leaving the ``with`` block. Training draws nothing itself: ``classify train`` passes a
rich implementation (:mod:`classify.console`), an API user may pass their own, or a plain function of
one string (wrapped by :func:`as_progress`: its bars are silent).

Implementations here: :class:`Silent` (the default: nothing) and :class:`Plain` (lines on a stream, for
logs and other non-terminal output).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TextIO, runtime_checkable

#: A plain status-line function, what trainers took before :class:`Progress` (still accepted).
Say = Callable[[str], None]


class Bar(Protocol):
    """One open progress bar."""

    def advance(self, steps: int = 1, info: str | None = None) -> None:
        """Count ``steps`` more steps done; ``info`` (a running loss, say) replaces the bar's note."""


@runtime_checkable
class Progress(Protocol):
    """Status lines and progress bars (see the module docstring)."""

    def __call__(self, message: str) -> None:
        """Report a status line."""

    def bar(self, description: str, total: int) -> AbstractContextManager[Bar]:
        """A bar of ``total`` steps, shown while the ``with`` block runs."""


class _NoBar:
    def advance(self, steps: int = 1, info: str | None = None) -> None:
        pass


@contextmanager
def no_bar() -> Iterator[Bar]:
    """A bar that shows nothing (for implementations without bars)."""
    yield _NoBar()


class Messages:
    """A :class:`Progress` over a plain function of one string: messages go to it, bars show nothing."""

    def __init__(self, say: Say) -> None:
        self.say = say

    def __call__(self, message: str) -> None:
        self.say(message)

    def bar(self, description: str, total: int) -> AbstractContextManager[Bar]:
        """No bar."""
        return no_bar()


class Silent(Messages):
    """Reports nothing."""

    def __init__(self) -> None:
        super().__init__(lambda _: None)


class Plain(Messages):
    """Status lines on ``stream`` (standard error by default), one per message; no bars (a log would
    fill with redraws)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        super().__init__(self._print)

    def _print(self, message: str) -> None:
        print(message, file=self.stream or sys.stderr, flush=True)


def as_progress(progress: Progress | Say | None) -> Progress:
    """``progress`` as a :class:`Progress`: itself if it is one, a plain function wrapped in
    :class:`Messages`, ``None`` as :class:`Silent`."""
    if progress is None:
        return Silent()
    if isinstance(progress, Progress):
        return progress
    return Messages(progress)

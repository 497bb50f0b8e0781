"""The terminal side of training progress: the rich implementation of
:class:`classify.training.progress.Progress` that ``classify train`` hands to the trainers.

Messages are logged on the console and shown in its status line; bars are rich progress bars nested
under that status line (rich draws both at once) and vanish when their loop ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichBars
from rich.status import Status


class _RichBar:
    def __init__(self, bars: RichBars, task: Any) -> None:
        self.bars, self.task = bars, task

    def advance(self, steps: int = 1, info: str | None = None) -> None:
        self.bars.update(self.task, advance=steps, **({"info": info} if info is not None else {}))


class RichProgress:
    """Status lines and bars on a rich ``console`` (standard error by default); ``status``: a running
    ``console.status(...)`` whose text follows the latest message."""

    def __init__(self, console: Console | None = None, status: Status | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.status = status

    def __call__(self, message: str) -> None:
        self.console.log(message)
        if self.status is not None:
            self.status.update(message)

    @contextmanager
    def bar(self, description: str, total: int) -> Iterator[_RichBar]:
        """A transient bar: steps done of ``total``, time elapsed and left, and the latest ``info``."""
        bars = RichBars(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[info]}"),
            console=self.console,
            transient=True,
        )
        with bars:
            yield _RichBar(bars, bars.add_task(description, total=total, info=""))

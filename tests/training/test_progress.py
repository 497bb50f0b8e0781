"""The progress protocol: what trainers accept, and the rich implementation ``classify train`` passes."""

from __future__ import annotations

import io

from rich.console import Console

from classify.console import RichProgress
from classify.training.progress import Messages, Plain, Progress, Silent, as_progress


def test_as_progress_accepts_none_a_function_or_a_progress():
    assert isinstance(as_progress(None), Silent)
    said: list[str] = []
    wrapped = as_progress(said.append)
    assert isinstance(wrapped, Messages) and isinstance(wrapped, Progress)
    wrapped("reading")
    with wrapped.bar("epoch 1/2", 3) as bar:
        bar.advance(3, "loss 0.1")
    assert said == ["reading"]
    plain = Plain(io.StringIO())
    assert as_progress(plain) is plain


def test_plain_writes_one_line_per_message():
    stream = io.StringIO()
    progress = Plain(stream)
    progress("fold 1/5")
    with progress.bar("epoch 1/2", 2) as bar:
        bar.advance()
    progress("fold 2/5")
    assert stream.getvalue() == "fold 1/5\nfold 2/5\n"


def test_rich_progress_logs_updates_the_status_and_draws_bars():
    console = Console(file=io.StringIO(), force_terminal=False, width=100)
    with console.status("training") as status:
        progress = RichProgress(console, status)
        assert isinstance(progress, Progress)
        progress("loading encoder")
        assert status.status == "loading encoder"
        with progress.bar("type epoch 1/2", 4) as bar:
            bar.advance(2, "loss 0.500")
            bar.advance(2)
    assert "loading encoder" in console.file.getvalue()

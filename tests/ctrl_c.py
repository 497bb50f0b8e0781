"""Pressing Ctrl-C on a running ``classify`` command, for the tests and ``scripts/bench_faults.py``."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def interrupt(
    args: Sequence[str], *, after: float, cwd: Path, env: Mapping[str, str], timeout: float = 60
) -> tuple[int, bytes, bytes]:
    """Run ``python -m classify ARGS``, send it SIGINT (what Ctrl-C sends) ``after`` seconds in, and
    wait for it: its exit status, standard output and standard error."""
    child = subprocess.Popen(
        [sys.executable, "-m", "classify", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=dict(env),
    )
    time.sleep(after)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=timeout)
    return child.returncode, out, err


def whole_json_lines(out: bytes) -> bool:
    """Whether every line of ``out`` is complete JSON, the last one ended: nothing was cut mid-line."""
    try:
        for line in out.decode().splitlines():
            json.loads(line)
    except ValueError:
        return False
    return not out or out.endswith(b"\n")

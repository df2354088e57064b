"""Running and timing whole processes for the benchmarks (run.py, watch_latency.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMEOUT = 600.0  # seconds per process; a hung converter must not hang the benchmark


class ToolError(Exception):
    pass


def run_once(
    cmd: list[str], log: Path, timeout: float = TIMEOUT, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Run ``cmd`` to completion; return (wall seconds, peak RSS in KiB)."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=env,
            )
        except OSError as exc:
            raise ToolError(f"cannot run {cmd[0]}: {exc}") from exc
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        try:
            # wait4 gives this child's own rusage (its reaped descendants included),
            # unlike RUSAGE_CHILDREN, which keeps the maximum over every child so far.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-8:]
        if wall >= timeout:
            tail.insert(0, f"killed after {timeout:.0f} s")
        raise ToolError(f"exit status {proc.returncode}: " + " | ".join(tail))
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return wall, rss


def fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def find_handouts(explicit: str | None) -> list[str] | None:
    """The `handouts` that pip installed for this Python, else the one on PATH.

    Next to the interpreter first: a version manager's shim on PATH (pyenv, asdf) is a
    shell script that starts the version manager before the command, and adds its own
    tens of milliseconds to every figure.
    """
    if explicit:
        return explicit.split()
    exe = shutil.which("handouts", path=str(Path(sys.executable).parent)) or shutil.which(
        "handouts"
    )
    return [exe] if exe else None


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"

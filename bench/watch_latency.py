"""Save-to-written latency of `handouts watch`, beside a cold `handouts build` of the same case.

    python bench/watch_latency.py                 # sample, p7 and p70, 10 edits each
    python bench/watch_latency.py --edits 20 --cases sample

For each case one `handouts watch` process runs; after its first build, one word of one
definition in the case's handout is changed and saved (and changed back on the next save).
The latency is from the moment the file is saved and closed to the moment the handout's new
PDF is in place (its file replaced), seen by polling the file every half millisecond: what the
user waits for before the viewer can show the change. The watcher's line for that rebuild is
awaited, and half a second more, before the next edit: edits never pile up, and each save
finds the watcher idle, as a user's does. Cold builds are whole processes, timed
as bench/run.py times them, in the same run and under the same load.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from processes import find_handouts, fresh, loadavg, run_once

import content

EDITS = 10
COLD_RUNS = 5
WORD, OTHER = "協働", "共働"  # one word of a definition, and what the edit makes it
PAUSE = 0.5  # seconds between a rebuild and the next save, as a user looks before editing again
TIMEOUT = 60.0  # seconds to wait for a rebuild before the case is reported as failed


@dataclass
class Latency:
    case: str
    cold: list[float] = field(default_factory=list)
    saves: list[float] = field(default_factory=list)
    error: str | None = None


class Watcher:
    """A `handouts watch` process and the lines it prints, read on a thread."""

    def __init__(self, command: list[str], log: Path) -> None:
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log = log.open("w", encoding="utf-8")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.write(line)
            self.lines.put(line)

    def rebuilt(self) -> str:
        """The next line that reports a build's outcome."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError("no rebuild reported") from None
            if line.startswith("["):
                return line

    def close(self) -> None:
        self.proc.send_signal(2)  # Ctrl+C
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def edited(text: str) -> str:
    """The handout with one word of a definition changed: the first definition (text:) that
    has the word, or has it changed by the last edit, which this changes back."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("text:") and (WORD in line or OTHER in line):
            old, new = (WORD, OTHER) if WORD in line else (OTHER, WORD)
            lines[i] = line.replace(old, new, 1)
            return "\n".join(lines)
    raise RuntimeError(f"no definition with {WORD} to edit")


def replaced_at(path: Path, before: tuple[int, int], deadline: float) -> float:
    """The time the file at `path` is no longer the file `before` identified."""
    while True:
        now = time.perf_counter()
        try:
            info = os.stat(path)
            if (info.st_ino, info.st_mtime_ns) != before:
                return now
        except FileNotFoundError:
            pass
        if now > deadline:
            raise TimeoutError(f"{path.name} was not written")
        time.sleep(0.0005)


def measure(handouts: list[str], case: content.Case, work: Path, edits: int) -> Latency:
    result = Latency(case.key)
    try:
        for i in range(COLD_RUNS):
            out = fresh(work / f"cold{i}") / "out"
            cmd = [*handouts, "build", str(case.path), "--out", str(out)]
            result.cold.append(run_once(cmd, work / f"cold{i}.log")[0])
        handout = case.path / ("definitions.yaml" if case.key == "sample" else "handout1.yaml")
        number = case.path.name.lstrip("0")
        out = fresh(work / "watch") / "out"
        target = out / f"第{number}回_資料2.pdf"
        watcher = Watcher(
            [*handouts, "watch", str(case.path), "--out", str(out)], work / "watch.log"
        )
        try:
            watcher.rebuilt()  # the first build
            # A save the watch is sure to see (by event or by its recheck) before timing any.
            handout.write_text(handout.read_text(encoding="utf-8"), encoding="utf-8")
            watcher.rebuilt()
            for _ in range(edits):
                time.sleep(PAUSE)
                info = os.stat(target)
                before = (info.st_ino, info.st_mtime_ns)
                text = edited(handout.read_text(encoding="utf-8"))
                with open(handout, "w", encoding="utf-8") as f:
                    f.write(text)
                saved = time.perf_counter()
                result.saves.append(replaced_at(target, before, saved + TIMEOUT) - saved)
                line = watcher.rebuilt()
                if "書き出し" not in line:
                    raise RuntimeError(f"unexpected rebuild: {line.strip()}")
        finally:
            watcher.close()
    except (OSError, RuntimeError, TimeoutError) as exc:
        result.error = str(exc)
    return result


def report(results: list[Latency]) -> str:
    rows = [["case", "cold build s", "save → PDF s", "save / cold", "within a third"]]
    for r in results:
        if r.error or not r.cold or not r.saves:
            rows.append([r.case, "FAILED", r.error or "-", "-", "-"])
            continue
        cold, save = statistics.median(r.cold), statistics.median(r.saves)
        rows.append(
            [
                r.case,
                f"{cold:.3f} ({min(r.cold):.3f}-{max(r.cold):.3f})",
                f"{save:.3f} ({min(r.saves):.3f}-{max(r.saves):.3f})",
                f"{save / cold:.2f}",
                "yes" if save <= cold / 3 else "NO",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=EDITS, help="timed saves per case")
    parser.add_argument("--cases", default="sample,p7,p70", help="subset of sample,p7,p70")
    parser.add_argument("--handouts", help="command to run instead of `handouts` on PATH")
    args = parser.parse_args(argv)
    handouts = find_handouts(args.handouts)
    if handouts is None:
        print("handouts is not installed: run `pip install -e .` first.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="handouts-watch-bench-") as tmp:
        work = Path(tmp)
        results = run_cases(handouts, work, args.cases.split(","), args.edits)
    print(report(results))
    return 1 if any(r.error for r in results) else 0


def run_cases(handouts: list[str], work: Path, keys: list[str], edits: int) -> list[Latency]:
    """Every wanted case's cold builds and watched saves, after one untimed build."""
    cases = [c for c in content.build_cases(work / "content") if c.key in keys]
    print(f"watch latency: load average {loadavg()}", flush=True)
    run_once([*handouts, "build", str(cases[0].path), "--out", str(work / "warm")], work / "w.log")
    results = []
    for case in cases:
        results.append(measure(handouts, case, work / "runs" / case.key, edits))
        r = results[-1]
        status = r.error or f"save → PDF median {statistics.median(r.saves):.3f} s"
        print(f"  {case.key:<7} {status}", flush=True)
    return results


if __name__ == "__main__":
    sys.exit(main())

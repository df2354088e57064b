"""Time and peak memory of a build whose comparison handout has very many entries.

The layout must stay linear in rows: 50,000 entries as a table (layout: table) or as a list
build in seconds, memory growing with the entries. Not part of the test suite.

    python bench/many_rows.py                      # 10,000 / 25,000 / 50,000, table and list
    python bench/many_rows.py --entries 50000 --layout table
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_case(folder: Path, entries: int, layout: str) -> Path:
    """The sample committee with one comparison handout of `entries` entries, 1,000 a group."""
    shutil.copytree(ROOT / "content/koganei-kyodo", folder / "content/c")
    lines = ["kind: comparison", "title: 多くの例の比較", f"layout: {layout}", "groups:"]
    for group in range(max(1, entries // 1000)):
        lines += [f"  - heading: 区分{group + 1}", "    entries:"]
        for k in range(min(1000, entries)):
            lines += [
                f"      - source: 出典{group + 1}-{k + 1}",
                "        term: 協働",
                f"        text: 市民と行政がそれぞれの役割を果たしながら協力すること（{k + 1}）",
            ]
    meeting = folder / "content/c/04"
    (meeting / "definitions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return meeting


def measure(entries: int, layout: str) -> tuple[float, float]:
    """Seconds and peak MiB of one build, as a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        meeting = write_case(Path(tmp), entries, layout)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator", "build", str(meeting), "--out", f"{tmp}/out"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--layout", choices=["table", "list"], action="append")
    args = parser.parse_args()
    for layout in args.layout or ["table", "list"]:
        for entries in args.entries or [10_000, 25_000, 50_000]:
            seconds, peak = measure(entries, layout)
            print(f"{layout:5} {entries:7,} entries: {seconds:6.1f} s, peak {peak:6.0f} MiB")


if __name__ == "__main__":
    main()

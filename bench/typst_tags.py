"""What tags cost Typst on the same content: its PDFs with and without `pdf_tags`.

    python bench/typst_tags.py                  # sample and p700, 3 runs each
    python bench/typst_tags.py --cases p70 --runs 5

Issue 13 holds our tagging to 15 % of the time and 10 % of the bytes. Typst, the tool
the issue cites for tagging every PDF, is the yardstick for what a structure tree costs:
this compiles the Typst documents of `run.py` (bench/typst_doc.py) in this process, once
tagged (Typst's default) and once with `pdf_tags=False`, and prints median compile time
and bytes of each document.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import typst
import typst_doc

import content


def compile_once(source: Path, out: Path, tagged: bool) -> float:
    start = time.perf_counter()
    typst.compile(
        str(source),
        output=str(out),
        font_paths=[str(typst_doc.FONT_DIR)],
        ignore_system_fonts=True,
        pdf_tags=tagged,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default="sample,p700", help="comma-separated case keys")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if typst_doc.FONT_DIR is None:
        print("the BIZ UD .ttf fonts were not found under generator/", file=sys.stderr)
        return 1
    wanted = args.cases.split(",")
    print(f"typst-py {typst.__version__}, {args.runs} runs, medians")
    print(f"{'case':8} {'document':16} {'untagged':>18} {'tagged':>18} {'bytes':>7} {'time':>7}")
    with tempfile.TemporaryDirectory(prefix="typst-tags-") as tmp:
        work = Path(tmp)
        for case in content.build_cases(work / "content"):
            if case.key not in wanted:
                continue
            for source in typst_doc.write_meeting(case.path, work / case.key):
                figures = {}
                for tagged in (False, True):
                    out = work / f"{source.stem}-{tagged}.pdf"
                    times = [compile_once(source, out, tagged) for _ in range(args.runs)]
                    figures[tagged] = (statistics.median(times), out.stat().st_size)
                (t0, b0), (t1, b1) = figures[False], figures[True]
                print(
                    f"{case.key:8} {source.stem:16} {b0:>9,} B {t0:5.2f} s"
                    f" {b1:>9,} B {t1:5.2f} s {b1 / b0 - 1:+7.0%} {t1 / t0 - 1:+7.0%}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

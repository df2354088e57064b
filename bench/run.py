"""Benchmark `handouts build` against LibreOffice and Typst.

    python bench/run.py            # full run, a few minutes on 2 cores
    python bench/run.py --quick    # one timed run per case

Every figure is for a whole process, start-up included: wall time from
spawn to exit, and peak RSS of the process tree from os.wait4(). See
bench/README.md for what each case is.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import typst_doc
import word_pipeline
from processes import ToolError, find_handouts, fresh, loadavg, run_once
from pypdf import PdfReader

import content

RUNS = {"sample": 5, "p7": 5, "p70": 5, "p700": 3}
WATCH = "watch"  # `handouts watch`: save-to-written latency on these, beside their cold builds
WATCH_CASES = ["sample", "p7", "p70"]
WATCH_EDITS = 10
FIRST_BUILD_CASE = "p7"  # also timed with an empty user cache, as the first build on a machine
STARTUP_RUNS = 5


@dataclass
class Result:
    """Timings and outputs of one tool on one case."""

    tool: str
    case: str
    walls: list[float] = field(default_factory=list)
    rss_kb: int = 0
    pdfs: int = 0
    pages: int = 0
    pdf_bytes: int = 0
    docx_bytes: int = 0
    other_pdfs: list[str] = field(default_factory=list)  # e.g. a combined PDF
    other_pdf_pages: int = 0
    other_pdf_bytes: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.walls)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


# --- process measurement ---------------------------------------------------


def collect(result: Result, out_dir: Path, expect_pdfs: int | None = None) -> None:
    """Pages and bytes of the PDFs in ``out_dir``.

    Where DOCX files sit next to them, only the PDFs that pair with a DOCX count
    as documents (one per paper, as LibreOffice and Typst write them); any other
    PDF, such as a combined set of papers, is reported on its own.
    """
    pdfs = sorted(out_dir.rglob("*.pdf"))
    docx = sorted(out_dir.rglob("*.docx"))
    if docx:
        others = [p for p in pdfs if not p.with_suffix(".docx").exists()]
        pdfs = [p for p in pdfs if p.with_suffix(".docx").exists()]
    else:
        others = []
    if not pdfs or (expect_pdfs is not None and len(pdfs) != expect_pdfs):
        raise ToolError(f"expected {expect_pdfs or 'some'} PDFs in {out_dir}, found {len(pdfs)}")
    result.pdfs = len(pdfs)
    result.pages = sum(len(PdfReader(p).pages) for p in pdfs)
    result.pdf_bytes = sum(p.stat().st_size for p in pdfs)
    result.docx_bytes = sum(p.stat().st_size for p in docx)
    result.other_pdfs = [p.name for p in others]
    result.other_pdf_pages = sum(len(PdfReader(p).pages) for p in others)
    result.other_pdf_bytes = sum(p.stat().st_size for p in others)


def measure(
    result: Result, runs: int, work: Path, command, expect_pdfs=None, env=None
) -> Path | None:
    """Time ``command(out_dir)`` ``runs`` times, each into an empty directory."""
    out = None
    try:
        for i in range(runs):
            out = fresh(work / f"run{i}")
            wall, rss = run_once(command(out / "out"), work / f"run{i}.log", env=env)
            result.walls.append(wall)
            result.rss_kb = max(result.rss_kb, rss)
        collect(result, out / "out", expect_pdfs)
    except (ToolError, OSError) as exc:
        result.error = str(exc)
        return None
    return out / "out"


def first_builds(handouts: list[str], case, work: Path, runs: int) -> list[float] | str:
    """Wall times of builds that find the user cache (compiled templates) empty."""
    walls = []
    try:
        for i in range(runs):
            cache = fresh(work / f"cache{i}")
            env = {**os.environ, "HANDOUTS_CACHE_DIR": str(cache)}
            out = fresh(work / f"run{i}") / "out"
            cmd = [*handouts, "build", str(case.path), "--out", str(out)]
            walls.append(run_once(cmd, work / f"run{i}.log", env=env)[0])
    except (ToolError, OSError) as exc:
        return str(exc)
    return walls


# --- tools -----------------------------------------------------------------


# The reference .docx names the font as Windows does ("BIZ UD明朝 Medium"); Debian's
# fonts-morisawa-bizud-mincho and the bundled file call the family "BIZ UD明朝". Without this
# alias LibreOffice substitutes other fonts, and its PDFs are not the same content to compare.
FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {dir}
  <match target="pattern">
    <test name="family"><string>BIZ UD明朝 Medium</string></test>
    <edit name="family" mode="assign" binding="strong"><string>BIZ UD明朝</string></edit>
  </match>
</fontconfig>
"""


def soffice_env(work: Path) -> dict[str, str]:
    """LibreOffice's environment: fontconfig finds the fonts handouts embeds, by their names."""
    conf = work / "fonts.conf"
    fonts = typst_doc.FONT_DIR
    conf.write_text(FONTCONFIG.format(dir=f"<dir>{fonts}</dir>" if fonts else ""), encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def soffice_command(soffice: str, profile: Path, docx: list[Path]):
    def command(out: Path) -> list[str]:
        return [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docx),
        ]

    return command


def version_of(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        return (done.stdout.strip().splitlines() or ["?"])[0]
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def git_head() -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(content.REPO), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "?"
    return done.stdout.strip() or "?"


# --- report ----------------------------------------------------------------


def progress(name: str, r: Result) -> None:
    if r.ok:
        print(f"  {name:<11} {fmt_s(r)} s", flush=True)
    else:
        print(f"  {name:<11} FAILED: {r.error}", flush=True)


def fmt_s(r: Result | None) -> str:
    if r is None:
        return "-"
    if not r.ok:
        return "FAILED"
    if len(r.walls) == 1:
        return f"{r.median:.2f}"
    return f"{r.median:.2f} ({min(r.walls):.2f}-{max(r.walls):.2f})"


def ratio(other: Result | None, base: Result | None) -> str:
    if other is None or base is None or not (other.ok and base.ok):
        return "-"
    return f"{other.median / base.median:.2f}x"


def per_tool(results: list[Result | None], fn) -> str:
    return " / ".join(fn(r) if r is not None and r.ok else "-" for r in results)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


# Short names for the table headers, in the order the tools run.
SHORT = {"handouts": "h", "libreoffice": "LO", "word": "W+LO", "typst": "T"}
LONG = {
    "handouts": "handouts",
    "libreoffice": "LibreOffice",
    "word": "Word template+LO",
    "typst": "Typst",
}


def report(cases, results: dict[str, dict[str, Result]], tools: list[str]) -> str:
    rows = []
    others = [t for t in tools if t != "handouts"]
    for case in cases:
        got = [results[case.key].get(t) for t in tools]
        h = results[case.key].get("handouts")
        rows.append(
            [
                case.key,
                per_tool(got, lambda r: str(r.pages)),
                *(fmt_s(r) for r in got),
                *(ratio(results[case.key].get(t), h) for t in others),
                per_tool(got, lambda r: f"{r.rss_kb / 1024:.0f}"),
                per_tool(got, lambda r: f"{r.pdf_bytes / r.pages / 1024:.1f}k"),
            ]
        )
    names = "/".join(SHORT[t] for t in tools)
    main = table(
        [
            "case",
            f"pages {names}",
            *(f"{LONG[t]} s" for t in tools),
            *(f"{SHORT[t]}/h" for t in others),
            f"peak RSS MiB {names}",
            f"PDF bytes/page {names}",
        ],
        rows,
    )

    # Linearity: time per page, and the marginal cost of each extra page
    # between consecutive generated sizes (start-up cancels out there).
    lin_rows = []
    sized = [c for c in cases if c.target_pages]
    for i, case in enumerate(sized):
        row = [f"{case.key} (~{case.target_pages} p)"]
        for tool in tools:
            r = results[case.key].get(tool)
            prev = results[sized[i - 1].key].get(tool) if i else None
            if r is None or not r.ok:
                row += ["-", "-"]
                continue
            row.append(f"{1000 * r.median / r.pages:.1f}")
            if prev is not None and prev.ok and r.pages > prev.pages:
                row.append(f"{1000 * (r.median - prev.median) / (r.pages - prev.pages):.1f}")
            else:
                row.append("-")
        lin_rows.append(row)
    lin_headers = ["case"]
    for tool in tools:
        lin_headers += [f"{tool} ms/page", f"{tool} marginal ms/page"]
    linear = table(lin_headers, lin_rows) if lin_rows else ""

    out_rows = []
    for case in cases:
        h = results[case.key].get("handouts")
        if h is not None and h.ok:
            out_rows.append(
                [
                    case.key,
                    str(h.pdfs),
                    str(h.pages),
                    f"{h.pdf_bytes / 1024:.0f}",
                    f"{h.docx_bytes / 1024:.0f}",
                    f"{h.other_pdf_pages}" if h.other_pdfs else "-",
                    f"{h.other_pdf_bytes / 1024:.0f}" if h.other_pdfs else "-",
                    ", ".join(h.other_pdfs) or "-",
                ]
            )
    outputs = table(
        [
            "case",
            "PDFs",
            "PDF pages",
            "PDF KiB",
            "DOCX KiB",
            "other PDF pages",
            "other PDF KiB",
            "other PDFs",
        ],
        out_rows,
    )
    return "\n\n".join(
        [
            "Whole-process wall time: median (min-max) seconds. Ratios are competitor/handouts"
            " (above 1x: handouts is faster).\n" + main,
            "Linearity (median time per PDF page):\n" + linear,
            "handouts build outputs (last run):\n" + outputs,
        ]
    )


# --- main ------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one timed run per case")
    parser.add_argument("--runs", type=int, help="timed runs per case (overrides the defaults)")
    parser.add_argument(
        "--cases",
        default=",".join([*RUNS, WATCH]),
        help=f"comma-separated subset of {','.join([*RUNS, WATCH])}",
    )
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--no-typst", action="store_true")
    parser.add_argument(
        "--no-word", action="store_true", help="skip the docxtpl + LibreOffice pipeline"
    )
    parser.add_argument("--handouts", help="command to run instead of `handouts` on PATH")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)

    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(wanted) - set(RUNS) - {WATCH}
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")

    def runs_for(key: str) -> int:
        if args.runs:
            return args.runs
        return 1 if args.quick else RUNS[key]

    handouts = find_handouts(args.handouts)
    if handouts is None:
        print("handouts is not installed: run `pip install -e .` first.", file=sys.stderr)
        return 2
    soffice = None if args.no_libreoffice else shutil.which("soffice")
    has_typst = not args.no_typst and importlib.util.find_spec("typst") is not None
    typst_fonts = typst_doc.FONT_DIR is not None
    has_word = bool(soffice) and not args.no_word
    has_word = has_word and all(importlib.util.find_spec(m) for m in ("docxtpl", "docx"))

    tools = ["handouts"]
    print("handouts benchmark")
    python = sys.version.split()[0]
    print(f"  machine  : {platform.platform()}, {os.cpu_count()} CPUs, Python {python}")
    print(f"  load avg : {loadavg()} (other work on the machine skews every figure)")
    try:
        version = importlib.metadata.version("handouts")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    print(f"  handouts : {version} at {git_head()} ({' '.join(handouts)})")
    if soffice:
        tools.append("libreoffice")
        print(f"  LibreOffice: {version_of([soffice, '--version'])}")
    elif args.no_libreoffice:
        print("  LibreOffice: skipped (--no-libreoffice)")
    else:
        print("  LibreOffice: skipped, `soffice` is not on PATH (install LibreOffice to compare)")
    if has_word:
        tools.append("word")
        print(f"  Word template: docxtpl {importlib.metadata.version('docxtpl')}, then LibreOffice")
    elif soffice and not args.no_word:
        print("  Word template: skipped, docxtpl is not installed (`pip install docxtpl`)")
    if has_typst and not typst_fonts:
        has_typst = False
        print("  Typst    : skipped, the BIZ UD .ttf fonts were not found under generator/")
    elif has_typst:
        tools.append("typst")
        fonts = typst_doc.FONT_DIR.relative_to(content.REPO)
        print(f"  Typst    : typst-py {importlib.metadata.version('typst')}, fonts from {fonts}/")
    elif args.no_typst:
        print("  Typst    : skipped (--no-typst)")
    else:
        print("  Typst    : skipped, the Python package is not installed (`pip install typst`)")

    tmp = None
    if args.keep:
        work = args.keep.resolve()
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="handouts-bench-")
        work = Path(tmp.name)
    # Every tool runs as installed software does: Python keeps the bytecode of the modules
    # it compiles (a wheel install compiles it up front), here under the work folder, even
    # where PYTHONDONTWRITEBYTECODE is set. The warm-up run below fills it.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        all_cases = content.build_cases(work / "content")
        cases = [c for c in all_cases if c.key in wanted]
        print(f"  content  : {work / 'content'}")

        # Start-up: the CLI's --help, next to a bare interpreter for scale.
        startup = {}
        for name, cmd in (
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("handouts --help", [*handouts, "--help"]),
        ):
            try:
                walls = [
                    run_once(cmd, work / "startup.log")[0]
                    for _ in range(2 if args.quick else STARTUP_RUNS)
                ]
                startup[name] = walls
            except ToolError as exc:
                startup[name] = str(exc)

        # One untimed run of each tool first: byte-compiles modules, warms the
        # page cache and font caches, and creates the LibreOffice profile.
        profile = work / "lo-profile"
        lo_env = soffice_env(work)
        warm = work / "warmup"
        warm_case = all_cases[0].path  # the sample meeting
        print("\nwarming up ...", flush=True)
        try:
            run_once(
                [*handouts, "build", str(warm_case), "--out", str(fresh(warm / "h") / "out")],
                warm / "h.log",
            )
        except ToolError as exc:
            print(f"  handouts warm-up failed: {exc}")
        warm_docx = sorted((warm / "h" / "out").rglob("*.docx"))
        if soffice and warm_docx:
            try:
                run_once(
                    soffice_command(soffice, profile, warm_docx)(fresh(warm / "lo")),
                    warm / "lo.log",
                    env=lo_env,
                )
            except ToolError as exc:
                print(f"  LibreOffice warm-up failed: {exc}")
        word_templates = work / "word-templates"

        def word_command(meeting: Path):
            def command(out: Path) -> list[str]:
                script = str(Path(word_pipeline.__file__))
                args = [str(word_templates), str(meeting), str(out), soffice, profile.as_uri()]
                return [sys.executable, script, *args]

            return command

        if has_word:
            word_pipeline.write_templates(
                content.REPO / "templates" / "reference.docx", word_templates
            )
            try:
                run_once(word_command(warm_case)(fresh(warm / "w")), warm / "w.log", env=lo_env)
            except ToolError as exc:
                print(f"  Word template warm-up failed: {exc}")
        if has_typst:
            srcs = typst_doc.write_meeting(warm_case, warm / "typ")
            try:
                run_once(
                    typst_doc.compile_command(sys.executable, srcs, fresh(warm / "t")),
                    warm / "t.log",
                )
            except ToolError as exc:
                print(f"  Typst warm-up failed: {exc}")

        results: dict[str, dict[str, Result]] = {}
        first_build: list[float] | str | None = None
        for case in cases:
            runs = runs_for(case.key)
            res = results[case.key] = {}
            print(f"{case.key}: {case.label}, {runs} run(s) ...", flush=True)

            h = res["handouts"] = Result("handouts", case.key)
            h_work = work / "runs" / case.key / "handouts"
            h_work.mkdir(parents=True)
            h_out = measure(
                h,
                runs,
                h_work,
                lambda out, case=case: [*handouts, "build", str(case.path), "--out", str(out)],
            )
            progress("handouts", h)
            if case.key == FIRST_BUILD_CASE:
                first_build = first_builds(
                    handouts, case, work / "runs" / case.key / "first", runs_for(case.key)
                )

            if soffice:
                lo = res["libreoffice"] = Result("libreoffice", case.key)
                docx = sorted(h_out.rglob("*.docx")) if h_out else []
                if not docx:
                    lo.error = "no DOCX from handouts build to convert"
                else:
                    lo_work = work / "runs" / case.key / "libreoffice"
                    lo_work.mkdir(parents=True)
                    command = soffice_command(soffice, profile, docx)
                    measure(lo, runs, lo_work, command, len(docx), env=lo_env)
                progress("LibreOffice", lo)

            if has_word:
                wd = res["word"] = Result("word", case.key)
                w_work = work / "runs" / case.key / "word"
                w_work.mkdir(parents=True)
                measure(wd, runs, w_work, word_command(case.path), env=lo_env)
                progress("Word+LO", wd)

            if has_typst:
                ty = res["typst"] = Result("typst", case.key)
                t_work = work / "runs" / case.key / "typst"
                srcs = typst_doc.write_meeting(case.path, t_work / "src")
                measure(
                    ty,
                    runs,
                    t_work,
                    lambda out, srcs=srcs: typst_doc.compile_command(sys.executable, srcs, out),
                    len(srcs),
                )
                progress("Typst", ty)

        print()
        for name, walls in startup.items():
            if isinstance(walls, str):
                print(f"start-up {name}: FAILED [{walls}]")
            else:
                print(
                    f"start-up {name}: median {statistics.median(walls):.3f} s"
                    f" (min {min(walls):.3f}, max {max(walls):.3f}, {len(walls)} runs)"
                )
        if isinstance(first_build, str):
            print(f"first build ({FIRST_BUILD_CASE}, empty user cache): FAILED [{first_build}]")
        elif first_build:
            print(
                f"first build ({FIRST_BUILD_CASE}, empty user cache, templates compiled):"
                f" median {statistics.median(first_build):.3f} s"
                f" (min {min(first_build):.3f}, max {max(first_build):.3f})"
            )
        print(f"\nload average at the end: {loadavg()}\n")
        print(report(cases, results, tools))
        watched = []
        if WATCH in wanted:
            import watch_latency

            edits = 3 if args.quick else args.runs or WATCH_EDITS
            print("\n`handouts watch`: one word of one definition saved, until its PDF is replaced")
            watched = watch_latency.run_cases(handouts, work / WATCH, WATCH_CASES, edits)
            print(watch_latency.report(watched))

        if args.json:
            payload = {
                "startup": startup,
                "first_build": {"case": FIRST_BUILD_CASE, "walls": first_build},
                "cases": {
                    c.key: {
                        "label": c.label,
                        "target_pages": c.target_pages,
                        "results": {t: asdict(r) for t, r in results[c.key].items()},
                    }
                    for c in cases
                },
                "watch": [asdict(w) for w in watched],
            }
            args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        failed = any(r.error for res in results.values() for r in res.values())
        failed = failed or any(w.error for w in watched)
        return 1 if failed else 0
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())

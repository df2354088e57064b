"""Shared fixtures: the sample meeting built once, and readers for what a person would see."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.errors import InvalidArgument

try:
    settings.get_profile("ci")
except InvalidArgument:
    # HYPOTHESIS_PROFILE=ci runs the property tests on many more examples.
    settings.register_profile("ci", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "koganei-kyodo" / "04"
SEED = Path(__file__).resolve().parent / "data" / "seed.txt"


def copy_sample_committee(dest: Path) -> Path:
    """A writable copy of the sample committee at `dest` (its meeting folder is dest / "04").

    Writable whatever the checkout's permissions, since tests spoil and rebuild it.
    """
    shutil.copytree(SAMPLE.parent, dest)
    for path in dest.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


def run_handouts(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the command as a user does: a fresh process, output captured.

    The process imports this checkout's code from whatever folder it runs in, so the tests
    exercise the same code whether the package is installed, installed editable, or not at all.
    """
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=300,
    )


def pdf_text(path: Path, *, raw: bool = False, page: int | None = None) -> str:
    """pdftotext's reading; `raw` keeps drawing order (layout mode reads wide gaps as columns);
    `page`: that page only (from 1)."""
    mode = ["-raw"] if raw else []
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    return subprocess.run(
        ["pdftotext", *mode, *pages, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page_texts(path: Path) -> list[str]:
    """Each page's text in drawing order (pdftotext -raw, page by page)."""
    from pypdf import PdfReader

    return [pdf_text(path, raw=True, page=n) for n in range(1, len(PdfReader(path).pages) + 1)]


def docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def docx_all_text(path: Path) -> str:
    """Every paragraph's text in reading order, those in table cells included (row by row)."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def html_text(path: Path) -> str:
    """The text of a web page's <main>, as a screen reader reads it; the page must parse
    without a single error (html5lib, strict)."""
    import html5lib

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    main = parser.parse(path.read_bytes()).find(".//main")
    assert main is not None, path
    return "".join(main.itertext())


def squash(text: str) -> str:
    """Text with all whitespace removed (ASCII and the ideographic space U+3000)."""
    return re.sub(r"\s+", "", text)


def seed_papers() -> tuple[str, str]:
    """The real meeting's text split into its two papers: the 次第 and the 資料２."""
    text = SEED.read_text(encoding="utf-8")
    agenda, _, handout = text.partition("「協働」の定義について")
    return agenda, "「協働」の定義について" + handout


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) がないため、Word 互換ソフトでの確認を省きます"
)

# LibreOffice finds fonts through fontconfig: given only the bundled BIZ UD fonts, and the name
# the reference .docx uses for the 明朝 ("BIZ UD明朝 Medium", as Windows installs it) pointed at
# them, it lays the DOCX out the same whatever fonts the machine has installed.
_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <match target="pattern">
    <test name="family"><string>BIZ UD明朝 Medium</string></test>
    <edit name="family" mode="assign" binding="strong"><string>BIZ UD明朝</string></edit>
  </match>
</fontconfig>
"""


def libreoffice_pdf(docx: Path, work: Path) -> Path:
    """The DOCX as LibreOffice prints it, with the bundled fonts only; the PDF's path."""
    assert SOFFICE is not None
    conf = work / "fonts.conf"
    fonts = ROOT / "generator" / "fontfiles"
    conf.write_text(_FONTCONFIG.format(fonts=fonts, cache=work / "fc-cache"), encoding="utf-8")
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        capture_output=True, check=True, timeout=240,
        env={**os.environ, "FONTCONFIG_FILE": str(conf)},
    )  # fmt: skip
    return work / f"{docx.stem}.pdf"


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) がありません"
)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    result = run_handouts("build", SAMPLE, "--out", out)
    assert result.returncode == 0, result.stderr
    return out

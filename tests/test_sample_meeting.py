"""The real 第４回 meeting builds into papers that say exactly what the originals said."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import (
    SAMPLE,
    copy_sample_committee,
    docx_text,
    libreoffice_pdf,
    needs_poppler,
    needs_soffice,
    pdf_text,
    run_handouts,
    seed_papers,
    squash,
)

PAGE_NUMBER = re.compile(r"-[0-9０-９]+-")
AGENDA, HANDOUT = seed_papers()


def without_additions(text: str) -> str:
    """Drop what the issue allows us to add: page numbers and the 資料番号 label."""
    text = PAGE_NUMBER.sub("", squash(text))
    return text.removeprefix("資料２")


def test_build_writes_agenda_and_handout_as_docx_and_pdf(sample_build: Path) -> None:
    names = sorted(p.name for p in sample_build.iterdir())
    assert names == [
        "第4回_manifest.json",
        "第4回_会議資料.pdf",
        "第4回_次第.docx",
        "第4回_次第.pdf",
        "第4回_資料2.docx",
        "第4回_資料2.pdf",
    ]


@needs_poppler
@pytest.mark.parametrize(("stem", "seed"), [("第4回_次第", AGENDA), ("第4回_資料2", HANDOUT)])
def test_pdf_text_is_exactly_the_seed(sample_build: Path, stem: str, seed: str) -> None:
    assert without_additions(pdf_text(sample_build / f"{stem}.pdf")) == squash(seed)


@pytest.mark.parametrize(("stem", "seed"), [("第4回_次第", AGENDA), ("第4回_資料2", HANDOUT)])
def test_docx_text_is_exactly_the_seed(sample_build: Path, stem: str, seed: str) -> None:
    assert without_additions(docx_text(sample_build / f"{stem}.docx")) == squash(seed)


@needs_poppler
def test_handout_carries_its_number_and_page_numbers(sample_build: Path) -> None:
    text = squash(pdf_text(sample_build / "第4回_資料2.pdf"))
    assert text.startswith("資料２「協働」の定義について")
    assert PAGE_NUMBER.findall(text) == ["-1-", "-2-"]


@needs_poppler
def test_single_page_agenda_has_no_page_number(sample_build: Path) -> None:
    assert PAGE_NUMBER.findall(squash(pdf_text(sample_build / "第4回_次第.pdf"))) == []


@needs_poppler
def test_every_font_is_embedded_and_subset(sample_build: Path) -> None:
    for pdf in sample_build.glob("*.pdf"):
        listing = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listing, f"{pdf.name} has no fonts"
        for row in listing:
            name, *_rest = row.split()
            assert "+" in name, f"{pdf.name}: {name} is not subset"
            assert " yes yes " in row, f"{pdf.name}: {name} is not embedded"
        assert any("BIZUDMincho" in r for r in listing)


def test_pages_are_a4_portrait(sample_build: Path) -> None:
    from pypdf import PdfReader

    for pdf in sample_build.glob("*.pdf"):
        for page in PdfReader(pdf).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1


def test_build_reports_each_file_with_its_pages(tmp_path: Path) -> None:
    result = run_handouts("build", SAMPLE, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "第4回_資料2.pdf（2ページ）" in result.stdout
    assert "第4回_次第.pdf（1ページ）" in result.stdout
    assert "第4回_次第.docx" in result.stdout


def test_without_out_the_build_mirrors_content_under_handouts(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    copy_sample_committee(workspace / "content" / "koganei-kyodo")
    result = run_handouts("build", "content/koganei-kyodo/04", cwd=workspace)
    assert result.returncode == 0, result.stderr
    out = workspace / "handouts" / "koganei-kyodo" / "04"
    assert (out / "第4回_次第.pdf").is_file()
    assert (out / "第4回_資料2.docx").is_file()


@needs_poppler
@needs_soffice
@pytest.mark.parametrize(("stem", "seed"), [("第4回_次第", AGENDA), ("第4回_資料2", HANDOUT)])
def test_libreoffice_reads_the_docx(
    sample_build: Path, tmp_path: Path, stem: str, seed: str
) -> None:
    converted = libreoffice_pdf(sample_build / f"{stem}.docx", tmp_path)
    assert without_additions(pdf_text(converted)) == squash(seed)


@needs_poppler
def test_packet_never_gives_two_font_subsets_one_name(sample_build: Path) -> None:
    """A converter that takes fonts by name must not draw one paper with another's glyphs."""
    rows = subprocess.run(
        ["pdffonts", str(sample_build / "第4回_会議資料.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()[2:]  # fmt: skip
    names = [row.split()[0] for row in rows]
    assert len(names) >= 3
    assert len(set(names)) == len(names), names

"""The shortcuts that make builds fast never change what a build writes or reports.

- fonts parsed once and kept in the user's cache: the same PDF bytes with the cache cold, warm,
  corrupt or turned off;
- PDFs that embed only the glyphs they print.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import SAMPLE, run_handouts

# --- fonts kept between builds ---------------------------------------------------------------


def _build_bytes(tmp: Path, cache: str | None, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    out = tmp / f"out-{cache}"
    if cache is None:
        monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    else:
        monkeypatch.delenv("HANDOUTS_NO_CACHE", raising=False)
        monkeypatch.setenv("HANDOUTS_CACHE_DIR", cache)
    result = run_handouts("build", SAMPLE, "--out", out)
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_font_cache_never_changes_the_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    without = _build_bytes(tmp_path, None, monkeypatch)
    cold = _build_bytes(tmp_path, str(cache), monkeypatch)
    entries = sorted((cache / "fonts").iterdir())
    assert len(entries) == 2  # BIZ UD明朝 and BIZ UDゴシック
    warm = _build_bytes(tmp_path, str(cache), monkeypatch)
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:1000])  # a torn or damaged entry
    damaged = _build_bytes(tmp_path, str(cache), monkeypatch)
    assert without == cold == warm == damaged


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    without = _build_bytes(tmp_path, None, monkeypatch)
    assert _build_bytes(tmp_path, str(blocked), monkeypatch) == without


def test_restored_font_is_the_parsed_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    from generator import fontcache
    from generator.resources import bundled_fonts

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    path = bundled_fonts() / "BIZUDGothic-Regular.ttf"
    fontcache.load_ttfont(path, 0, "cold")
    restored = fontcache.load_ttfont(path, 0, "warm")
    parsed = TTFont("warm", str(path), asciiReadable=0)
    assert restored.face._parsed is not None  # it did come from the cache
    assert set(vars(restored)) == set(vars(parsed))
    assert restored.face.parsed_state() == {
        k: v
        for k, v in vars(parsed.face).items()
        if k not in ("_ttf_data", "filename", "_pdfScale")
    }
    assert restored.face._ttf_data == parsed.face._ttf_data
    assert restored.face.filename == parsed.face.filename
    sample = [0, 500, 1000, 2048, 12345]
    assert [restored.face._pdfScale(v) for v in sample] == [
        parsed.face._pdfScale(v) for v in sample
    ]
    assert fontcache.digest_of(path) is not None


# --- PDFs ---------------------------------------------------------------------------------------


def test_pdf_embeds_only_the_glyphs_it_prints() -> None:
    """A one-word paper carries a few glyphs, not the font's ASCII as well."""
    from datetime import datetime

    from fontTools.ttLib import TTFont as FTFont
    from pypdf import PdfReader

    from generator.build import JST
    from generator.fonts import FontRegistry
    from generator.metrics import Measure
    from generator.resources import default_templates
    from generator.styles import read_stylesheet
    from generator.tree import Document, Paragraph, Text
    from generator.writers.pdf_writer import write_pdf

    sheet = read_stylesheet(default_templates() / "reference.docx")
    measure = Measure(sheet, FontRegistry.for_committee({}))
    doc = Document([Paragraph("見出し", (Text("協働"),))], page_numbers="never")
    pdf, _ = write_pdf(doc, sheet, measure, author="", stamp=datetime(2011, 3, 2, tzinfo=JST))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    glyphs = []
    for ref in fonts.values():
        descriptor = ref.get_object()["/FontDescriptor"].get_object()
        program = descriptor["/FontFile2"].get_object().get_data()
        glyphs.append(FTFont(io.BytesIO(program))["maxp"].numGlyphs)
    assert glyphs and max(glyphs) <= 4  # .notdef, 協, 働 (and a space, reserved)
    assert b"/ASCII85Decode" not in pdf

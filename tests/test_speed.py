"""The shortcuts that make builds fast never change what a build writes or reports.

- fonts parsed once and kept in the user's cache: the same PDF bytes with the cache cold, warm,
  corrupt or turned off.
"""

from __future__ import annotations

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

"""Tiny TrueType fonts made with fontTools, for a committee's fallback font in tests.

The BIZ UD fonts lack some characters (𠮷, Hangul); a committee names a font of its own for
them (committee.yaml `fallback_fonts:`). These fonts draw each character as a square, under a
Japanese family name, as such a font has one.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen


def square(inset: int = 100):
    """A glyph: a square `inset` units inside the 1000-unit em."""
    pen = TTGlyphPen(None)
    pen.moveTo((inset, inset))
    pen.lineTo((inset, 1000 - inset))
    pen.lineTo((1000 - inset, 1000 - inset))
    pen.lineTo((1000 - inset, inset))
    pen.closePath()
    return pen.glyph()


def fallback_font(
    path: Path,
    family: dict[str, str],
    ps_name: str,
    glyphs: dict[str, object],
    cmap: dict[int, str],
    uvs: list[tuple[int, int, str]] | None = None,
) -> Path:
    """Write the font: `glyphs` by name, `cmap` code point → glyph name, `uvs` (base,
    selector, glyph name) variation sequences; every glyph one em wide."""
    names = [".notdef", *glyphs]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap(cmap, uvs=uvs)
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), **glyphs})
    fb.setupHorizontalMetrics({name: (1000, 0) for name in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps_name})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120, fsType=0)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path

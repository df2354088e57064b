"""reportlab's parse of a TrueType font, kept between builds.

reportlab reads a font's cmap, hmtx and loca tables into Python dicts and lists before it can
measure or subset anything: about 30 ms for each BIZ UD face, on every build, although the
result depends on nothing but the font's bytes. The parsed tables are stored in the user's
cache (generator.usercache) under the font's SHA-256, with reportlab's and Python's versions,
and restored in a few milliseconds. A restored face holds exactly what reportlab would have
parsed (checked when the entry is written), so the PDF bytes do not depend on the cache.

The font's SHA-256 is kept for the manifest, which lists the fonts a build used.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import sys
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .usercache import cache_dir, read_entry, write_entry

_FORMAT = 1
# Attributes that are not the parse: the file itself, where it was read from, and a function.
_NOT_STORED = frozenset({"_ttf_data", "filename", "_pdfScale", "_parsed", "_glyf"})
_NAME_TAG = "\0TTFNameBytes"
_DIGESTS: dict[Path, tuple[str, int]] = {}


def digest_of(path: Path) -> tuple[str, int] | None:
    """(SHA-256, size) of a font file this process has loaded, so it is read only once."""
    return _DIGESTS.get(path)


def load_ttfont(path: Path, index: int, name: str) -> TTFont:
    """The reportlab font for face `index` of `path`, registered under nothing yet.

    Subsets hold only the characters printed (not all of ASCII as well), and no shaping is
    applied: the layout has placed every glyph already.
    """
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    _DIGESTS[path] = (digest, len(data))
    folder = cache_dir("fonts")
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    entry = (
        folder / f"{digest}-{index}-reportlab{Version}-py{python}-{_FORMAT}.marshal"
        if folder is not None
        else None
    )
    stored = _unpack(read_entry(entry)) if entry is not None else None
    face = _Face(data, str(path), index, stored)
    if entry is not None and stored is None:
        packed = _pack(face.parsed_state())
        if packed is not None:
            write_entry(entry, packed)
    return _font(name, face)


class _Face(TTFontFace):
    """A TTFontFace whose table parse comes from `stored` when given."""

    def __init__(self, data: bytes, filename: str, index: int, stored: dict | None) -> None:
        self._parsed = stored
        self._glyf: bytes | None = None
        stream = io.BytesIO(data)
        stream.name = filename  # reportlab names the embedded font file after it
        super().__init__(stream, subfontIndex=index)

    def extractInfo(self, charInfo: int = 1) -> None:
        if self._parsed is None:
            super().extractInfo(charInfo)
            return
        self.__dict__.update(self._parsed)
        self._pdfScale = _scale(self.unitsPerEm)

    def parsed_state(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in _NOT_STORED}

    def get_table(self, tag: str) -> bytes:
        """A table's bytes; the glyph table copied once, not for every 256-glyph subset."""
        if tag != "glyf":
            return super().get_table(tag)
        if self._glyf is None:
            self._glyf = super().get_table(tag)
        return self._glyf


def _font(name: str, face: TTFontFace) -> TTFont:
    """A TTFont around an already parsed face, set up as TTFont.__init__ would."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = False
    font.shapable = False
    return font


def _scale(units_per_em: int) -> Any:
    """reportlab's font-unit → 1/1000 em conversion, as extractInfo defines it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _pack(state: dict[str, Any]) -> bytes | None:
    """The parsed state as a cache entry; None if it holds anything marshal would not keep."""
    encoded = {}
    for key, value in state.items():
        if type(value) is TTFNameBytes:
            encoded[key] = (_NAME_TAG, bytes(value), value.ustr)
        elif _plain(value):
            encoded[key] = value
        else:
            return None
    data = marshal.dumps(encoded)
    return data if _unpack(data) == state else None


def _unpack(data: bytes | None) -> dict[str, Any] | None:
    if data is None:
        return None
    try:
        encoded = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(encoded, dict):
        return None
    state = {}
    for key, value in encoded.items():
        if type(value) is tuple and len(value) == 3 and value[0] == _NAME_TAG:
            name = bytes.__new__(TTFNameBytes, value[1])
            name.ustr = value[2]
            value = name
        state[key] = value
    return state


_SCALARS = (int, float, str, bytes, bool, type(None))


def _plain(value: Any) -> bool:
    """Built of exact builtin types only, so marshal gives it back as it is."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list or kind is tuple:
        return all(_plain(v) for v in value)
    if kind is dict:
        return all(type(k) in _SCALARS and _plain(v) for k, v in value.items())
    return False

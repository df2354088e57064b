"""Fonts: the bundled BIZ UD faces, a committee's own TrueType files, and what each one covers.

Every font is read by one reader (generator.typeset.truetype), the one the PDF writer embeds
from. It takes TrueType outlines only: a CFF-flavoured OpenType font (Noto CJK, Source Han) is
refused here with a message instead of failing deep inside the writer.

A committee may name fallback fonts (committee.yaml `fallback_fonts:`): a character the style's
font lacks is drawn in the first of them that has it, in both writers. A variation sequence
(葛 + U+E0100) is drawn as the font's variant glyph when the font's cmap (format 14) lists it.
"""

from __future__ import annotations

import hashlib
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ..errors import HandoutsError
from ..model.paths import InputProblem, read_limited
from ..model.source import display_path
from ..resources import bundled_fonts
from .truetype import CFFError, FontError, TrueType

# Family names as Word knows them. Windows 10+ installs BIZ UD明朝 as "BIZ UD明朝 Medium" (the
# only weight, which Google Fonts and Debian ship as "Regular"): the reference .docx names that,
# so Word on the members' PCs shows the face the PDF embeds; the short name stays an alias.
BUNDLED = {
    "BIZ UD明朝 Medium": "BIZUDMincho-Regular.ttf",
    "BIZ UD明朝": "BIZUDMincho-Regular.ttf",
    "BIZ UDゴシック": "BIZUDGothic-Regular.ttf",
}


@dataclass(frozen=True)
class FontFace:
    """One font file (and face index in a .ttc) under the family name Word knows it by."""

    family: str
    path: Path
    index: int = 0

    @cached_property
    def pdf_name(self) -> str:
        """The name the layout and the PDF writer know the face by; unique per file and face."""
        return f"{self.path.stem}-{self.index}"

    def program(self) -> TrueType:
        """The font file as the PDF writer reads it (read once per process)."""
        return _load(self.path, self.index)

    def widths(self) -> dict[int, float]:
        """Advance widths in em (1.0 = font size) by code point."""
        return _widths(self.path, self.index)

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.program().cmap

    @cached_property
    def charset(self) -> frozenset[str]:
        """Every character the font maps to a glyph."""
        return _charset(self.path, self.index)

    def has_sequence(self, base: str, selector: str) -> bool:
        return (ord(base), ord(selector)) in _sequences(self.path, self.index)

    def variant(self, base: str, selector: str) -> str | None:
        """What to draw for base + variation selector: None when the font lacks the sequence.

        The base itself when the sequence is the font's default glyph; otherwise a private
        character mapped to the variant glyph for the PDF only (its text stays base + selector).
        """
        sequences = _sequences(self.path, self.index)
        key = (ord(base), ord(selector))
        if key not in sequences:
            return None
        glyph = sequences[key]
        if glyph is None:
            return base
        return _variant_char(self.path, self.index, base + selector, glyph)


class FontRegistry:
    """Family name (as the reference .docx styles name it) → the face embedded in PDFs."""

    def __init__(self, faces: dict[str, FontFace], fallbacks: Sequence[FontFace] = ()) -> None:
        self.faces = faces
        self.fallbacks = list(fallbacks)

    @classmethod
    def for_committee(
        cls,
        configured: dict[str, tuple[Path, int]],
        fallbacks: Sequence[tuple[Path, int]] = (),
    ) -> FontRegistry:
        faces = {name: FontFace(name, bundled_fonts() / file) for name, file in BUNDLED.items()}
        for name, (path, index) in configured.items():
            check_truetype(path, index)
            faces[name] = FontFace(name, path, index)
        chain = []
        for path, index in fallbacks:
            check_truetype(path, index)
            chain.append(FontFace(family_name(path, index), path, index))
        return cls(faces, chain)

    def pick(self, face: FontFace, ch: str) -> FontFace | None:
        """The face that draws ch: `face` if it has it, else the first fallback that does."""
        if ch in face.charset:
            return face
        for fallback in self.fallbacks:
            if ch in fallback.charset:
                return fallback
        return None

    def pick_sequence(self, face: FontFace, base: str, selector: str) -> FontFace | None:
        """The face that has the variation sequence base + selector, if any does."""
        for candidate in (face, *self.fallbacks):
            if candidate.has_sequence(base, selector):
                return candidate
        return None

    def pieces(self, face: FontFace, text: str) -> list[tuple[str, FontFace]]:
        """text cut where the drawing face changes; a variation selector stays with its base.

        A base with a selector goes to the first face that has the sequence, if any does.
        A character no face has stays with `face` (the build's preflight reports it first).
        """
        if face.charset.issuperset(text):
            return [(text, face)]
        out: list[tuple[str, FontFace]] = []
        i, n = 0, len(text)
        while i < n:
            unit = text[i]
            if i + 1 < n and is_variation_selector(text[i + 1]) and not is_variation_selector(unit):
                unit = text[i : i + 2]
                drawn = self.pick_sequence(face, unit[0], unit[1]) or self.pick(face, unit[0])
            elif is_variation_selector(unit):
                drawn = out[-1][1] if out else face  # a stray selector: dropped when drawn
            else:
                drawn = self.pick(face, unit)
            drawn = drawn or face
            if out and out[-1][1] is drawn:
                out[-1] = (out[-1][0] + unit, drawn)
            else:
                out.append((unit, drawn))
            i += len(unit)
        return out

    def glyphs(self, face: FontFace, text: str) -> list[tuple[str, FontFace]]:
        """One (character to draw, face) per glyph of text as the PDF draws it.

        A variation sequence becomes one glyph (see FontFace.variant); a selector the face has
        no variant for is left out, never drawn as a box.
        """
        out: list[tuple[str, FontFace]] = []
        for piece, drawn in self.pieces(face, text):
            for i, ch in enumerate(piece):
                if is_variation_selector(ch):
                    continue
                nxt = piece[i + 1] if i + 1 < len(piece) else ""
                if nxt and is_variation_selector(nxt):
                    ch = drawn.variant(ch, nxt) or ch
                out.append((ch, drawn))
        return out

    def face(self, family: str) -> FontFace:
        try:
            return self.faces[family]
        except KeyError:
            known = "、".join(self.faces)
            raise HandoutsError.single(
                f"フォント「{family}」のファイルが設定されていません",
                f"committee.yaml の fonts: に「{family}: {{file: フォントファイル.ttf}}」を書くか、"
                f"参照用 .docx のスタイルで {known} のどれかを使ってください",
            ) from None


def is_variation_selector(ch: str) -> bool:
    """U+FE00–FE0F (standardized variants) and U+E0100–E01EF (ideographic variants, IVS)."""
    cp = ord(ch)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def family_name(path: Path, index: int = 0) -> str:
    """The family name Word knows the font by: the Japanese name if the font has one."""
    return _load(path, index).family_name or path.stem


def check_truetype(path: Path, index: int = 0) -> None:
    """Refuse what the PDF writer cannot embed, with the reason and what to use instead."""
    if not path.is_file():
        raise HandoutsError.single(
            "フォントファイルがありません",
            "committee.yaml の fonts: のパスを確かめてください",
            file=display_path(path),
        )
    _load(path, index)


@cache
def _load(path: Path, index: int) -> TrueType:
    try:
        data = read_limited(path, "font")
    except InputProblem as exc:
        raise HandoutsError.single(exc.message, exc.hint, file=display_path(path)) from None
    _DIGESTS[path] = _Digest(data)
    try:
        font = TrueType(data, index)
    except CFFError:
        raise HandoutsError.single(
            "このフォントは CFF（PostScript）形式のため PDF に埋め込めません",
            "TrueType 形式（glyf）のフォントを指定してください（例: BIZ UD明朝、IPAex明朝）。"
            "Noto CJK や源ノ明朝は使えません",
            file=display_path(path),
        ) from None
    except (FontError, IndexError, ValueError, ArithmeticError, struct.error) as exc:
        raise HandoutsError.single(
            f"フォントファイルを読めません（{exc}）",
            "TrueType（.ttf / .ttc）のフォントファイルを指定してください",
            file=display_path(path),
        ) from None
    if not font.embeddable:
        raise HandoutsError.single(
            "このフォントはライセンスで PDF への埋め込みが禁じられています",
            "埋め込みを許すフォント（例: BIZ UD明朝、IPAex明朝）を指定してください",
            file=display_path(path),
        )
    return font


class _Digest:
    """A font file's SHA-256 for the manifest, computed on a thread beside the build.

    hashlib lets go of the GIL while it hashes large data, so on two cores the bundled fonts
    are hashed while the build goes on.
    """

    def __init__(self, data: bytes) -> None:
        self.size = len(data)
        self.sha256 = ""
        self._thread = threading.Thread(target=self._hash, args=(data,), daemon=True)
        self._thread.start()

    def _hash(self, data: bytes) -> None:
        self.sha256 = hashlib.sha256(data).hexdigest()

    def result(self) -> tuple[str, int]:
        self._thread.join()
        return self.sha256, self.size


_DIGESTS: dict[Path, _Digest] = {}


def digest_of(path: Path) -> tuple[str, int] | None:
    """(SHA-256, size) of a font file this process has read, so the manifest reads it only once."""
    digest = _DIGESTS.get(path)
    return None if digest is None else digest.result()


@cache
def _widths(path: Path, index: int) -> dict[int, float]:
    return _load(path, index).widths()


@cache
def _charset(path: Path, index: int) -> frozenset[str]:
    return frozenset(map(chr, _load(path, index).cmap))


def _sequences(path: Path, index: int) -> dict[tuple[int, int], int | None]:
    """(base, selector) → glyph, None for the base's own glyph, from cmap format 14."""
    return _load(path, index).variation_sequences


# Private code points (Supplementary Private Use Area-A) stand for variant glyphs inside the PDF;
# the ToUnicode map gives each back as its variation sequence, so copied text stays right.
_PRIVATE_START = 0xF0000
_SEQUENCE_OF: dict[int, str] = {}


def sequence_of(ch: str) -> str:
    """The text a drawn character stands for: its variation sequence when it is a private
    code standing for a variant glyph, else itself."""
    return _SEQUENCE_OF.get(ord(ch), ch)


@cache
def _variant_char(path: Path, index: int, sequence: str, gid: int) -> str:
    program = _load(path, index)
    code = _PRIVATE_START + len(_SEQUENCE_OF)
    _SEQUENCE_OF[code] = sequence
    program.cmap[code] = gid
    _widths(path, index)[code] = program.advances[gid] / program.units_per_em
    return chr(code)


def forget_font_files() -> None:
    """Read every font file again when next used: for a long-lived process (`handouts watch`)
    in which a font file the build read has been saved over."""
    for cached in (_load, _widths, _charset, _variant_char):
        cached.cache_clear()
    _DIGESTS.clear()

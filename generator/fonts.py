"""Fonts: the bundled BIZ UD faces, a committee's own TrueType files, and what each one covers.

reportlab embeds TrueType outlines only; a CFF-flavoured OpenType font (Noto CJK, Source Han)
is refused here with a message instead of failing deep inside the PDF writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import HandoutsError
from .model.source import display_path
from .resources import bundled_fonts

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

BUNDLED = {
    "BIZ UD明朝": "BIZUDMincho-Regular.ttf",
    "BIZ UDゴシック": "BIZUDGothic-Regular.ttf",
}


@dataclass(frozen=True)
class FontFace:
    """One font file (and face index in a .ttc) under the family name Word knows it by."""

    family: str
    path: Path
    index: int = 0

    @property
    def pdf_name(self) -> str:
        """The name reportlab registers; unique per file and face."""
        return f"{self.path.stem}-{self.index}"

    def ttfont(self) -> TTFont:
        return _load(self.path, self.index, self.pdf_name)

    def widths(self) -> dict[int, float]:
        """Advance widths in em (1.0 = font size) by code point."""
        return _widths(self.path, self.index, self.pdf_name)

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.ttfont().face.charToGlyph


class FontRegistry:
    """Family name (as the reference .docx styles name it) → the face embedded in PDFs."""

    def __init__(self, faces: dict[str, FontFace]) -> None:
        self.faces = faces

    @classmethod
    def for_committee(cls, configured: dict[str, tuple[Path, int]]) -> FontRegistry:
        faces = {name: FontFace(name, bundled_fonts() / file) for name, file in BUNDLED.items()}
        for name, (path, index) in configured.items():
            check_truetype(path, index)
            faces[name] = FontFace(name, path, index)
        return cls(faces)

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


def check_truetype(path: Path, index: int = 0) -> None:
    """Refuse what reportlab cannot embed, with the reason and what to use instead."""
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.ttLib import TTLibError

    shown = display_path(path)
    if not path.is_file():
        raise HandoutsError.single(
            "フォントファイルがありません",
            "committee.yaml の fonts: のパスを確かめてください",
            file=shown,
        )
    try:
        font = FTFont(str(path), fontNumber=index, lazy=True)
    except (TTLibError, OSError, AssertionError) as exc:
        raise HandoutsError.single(
            f"フォントファイルを読めません（{exc}）",
            "TrueType（.ttf / .ttc）のフォントファイルを指定してください",
            file=shown,
        ) from None
    if "glyf" not in font:
        raise HandoutsError.single(
            "このフォントは CFF（PostScript）形式のため PDF に埋め込めません",
            "TrueType 形式（glyf）のフォントを指定してください（例: BIZ UD明朝、IPAex明朝）。"
            "Noto CJK や源ノ明朝は使えません",
            file=shown,
        )


@cache
def _load(path: Path, index: int, name: str) -> TTFont:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(name, str(path), subfontIndex=index)
    pdfmetrics.registerFont(font)
    return font


@cache
def _widths(path: Path, index: int, name: str) -> dict[int, float]:
    face = _load(path, index, name).face
    return {cp: w / 1000 for cp, w in face.charWidths.items()}

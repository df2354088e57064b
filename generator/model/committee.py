"""committee.yaml: what every meeting of one committee shares."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .text import Name


class Style(BaseModel):
    """How the committee writes numbers and dates in its papers."""

    model_config = ConfigDict(extra="forbid")

    digits: Literal["fullwidth", "halfwidth"] = "fullwidth"
    calendar: Literal["wareki", "seireki"] = "wareki"
    private_mark: Name = "（非公開）"
    """Printed after a `public: false` material's title in the public edition's 次第."""


class FontFile(BaseModel):
    """A TrueType font the committee uses instead of, or in addition to, the bundled ones."""

    model_config = ConfigDict(extra="forbid")

    file: str
    index: int = 0


class Normalize(BaseModel):
    """How content text is tidied before it is printed: each step is on unless turned off."""

    model_config = ConfigDict(extra="forbid")

    nfc: bool = True
    """Unicode NFC: a kana and a separate voiced mark (か + ゙) become one character (が)."""
    fullwidth_kana: bool = True
    """Half-width katakana and their punctuation (ｶﾞｲﾄﾞ｡) become full-width (ガイド。)."""


class Committee(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    secretariat: Name | None = None
    style: Style = Style()
    fonts: dict[str, FontFile] = {}
    """Font family name as the reference .docx styles name it → the file to embed in PDFs."""
    fallback_fonts: list[FontFile] = []
    """Fonts tried in order for a character the style's font lacks (外字: rare name kanji)."""
    normalize: Normalize = Normalize()

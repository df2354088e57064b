"""committee.yaml: what every meeting of one committee shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .text import Name


@dataclass(frozen=True, kw_only=True)
class Style:
    """How the committee writes numbers and dates in its papers."""

    digits: Literal["fullwidth", "halfwidth"] = "fullwidth"
    calendar: Literal["wareki", "seireki"] = "wareki"
    private_mark: Name = "（非公開）"
    """Printed after a `public: false` material's title in the public edition's 次第."""


@dataclass(frozen=True, kw_only=True)
class FontFile:
    """A TrueType font the committee uses instead of, or in addition to, the bundled ones."""

    file: str
    index: int = 0


@dataclass(frozen=True, kw_only=True)
class Normalize:
    """How content text is tidied before it is printed: each step is on unless turned off."""

    nfc: bool = True
    """Unicode NFC: a kana and a separate voiced mark (か + ゙) become one character (が)."""
    fullwidth_kana: bool = True
    """Half-width katakana and their punctuation (ｶﾞｲﾄﾞ｡) become full-width (ガイド。)."""


@dataclass(frozen=True, kw_only=True)
class Committee:
    name: Name
    secretariat: Name | None = None
    style: Style = field(default_factory=Style)
    fonts: dict[str, FontFile] = field(default_factory=dict)
    """Font family name as the reference .docx styles name it → the file to embed in PDFs."""
    fallback_fonts: list[FontFile] = field(default_factory=list)
    """Fonts tried in order for a character the style's font lacks (外字: rare name kanji)."""
    normalize: Normalize = field(default_factory=Normalize)

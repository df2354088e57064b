"""Tidy the content's printed text once, on the validated models, so both writers print the same.

What a 公用文 secretariat expects, each step switchable in committee.yaml (`normalize:`):

- NFC: text pasted from a Mac or a PDF often carries a kana and its voiced mark as two
  characters (か + U+3099); NFC joins them (が), so they are searched, measured and broken as
  one character. NFC alone would also replace a CJK compatibility ideograph (塚 U+FA10, a
  form used in names) by its unified ideograph (塚 U+585A), which prints differently; it is
  written as its standardized variation sequence instead (塚 + U+FE00), which keeps the form
  wherever the font has it (the BIZ UD fonts do).
- Half-width katakana (ｶﾞｲﾄﾞ｡) become full-width (ガイド。); ASCII letters and digits stay.

The ideographic space (U+3000, 全角スペース) is text, never whitespace to strip: it is kept.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import jaconv

from .committee import Normalize
from .load import MeetingContent
from .printed import Loc, Located, map_printed

_COMPAT_RANGES = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _compat_variants() -> dict[str, str]:
    """Each CJK compatibility ideograph → its unified ideograph + variation selector.

    Unicode assigns the selectors in code point order among the compatibility ideographs of
    one unified ideograph (FE00 for the first, FE01 for the second …).
    """
    by_base: dict[str, list[str]] = {}
    for lo, hi in _COMPAT_RANGES:
        for cp in range(lo, hi + 1):
            decomposition = unicodedata.decomposition(chr(cp))
            if decomposition and not decomposition.startswith("<"):
                by_base.setdefault(chr(int(decomposition, 16)), []).append(chr(cp))
    return {
        compat: base + chr(0xFE00 + i)
        for base, compats in by_base.items()
        for i, compat in enumerate(compats)
    }


_COMPAT_VARIANTS = _compat_variants()
_COMPAT_TABLE = str.maketrans(_COMPAT_VARIANTS)
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")  # ｡ … ﾟ: the half-width katakana block
_COMPAT = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _COMPAT_RANGES) + "]")


def normalize_text(text: str, settings: Normalize) -> str:
    if text.isascii():
        return text
    if settings.fullwidth_kana and _HALFWIDTH_KANA.search(text):
        text = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    if settings.nfc:
        if _COMPAT.search(text):
            text = text.translate(_COMPAT_TABLE)
        text = unicodedata.normalize("NFC", text)
    return text


def normalize_content(content: MeetingContent) -> MeetingContent:
    """The same content with every printed string normalized as the committee asks."""
    settings = content.committee.normalize
    if not (settings.nfc or settings.fullwidth_kana):
        return content

    def tidy(_loc: Loc, text: str) -> str:
        tidied = normalize_text(text, settings)
        if tidied == text:
            return text
        return Located(tidied, text.origin) if isinstance(text, Located) else tidied

    return dataclasses.replace(
        content,
        committee=map_printed(content.committee, tidy),
        meeting=map_printed(content.meeting, tidy),
        handouts=[
            dataclasses.replace(
                h, material=map_printed(h.material, tidy), content=map_printed(h.content, tidy)
            )
            for h in content.handouts
        ],
        minutes=None if content.minutes is None else map_printed(content.minutes, tidy),
    )

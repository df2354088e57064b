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
import types
import typing
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

import jaconv

from .model import MeetingContent
from .model.committee import Normalize
from .model.schema import fields
from .model.text import Printed

__all__ = ["Loc", "normalize_content", "normalize_text", "printed_strings"]

Loc = tuple[str | int, ...]

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
        return normalize_text(text, settings)

    return dataclasses.replace(
        content,
        committee=_map_model(content.committee, tidy),
        meeting=_map_model(content.meeting, tidy),
        handouts=[
            dataclasses.replace(
                h, material=_map_model(h.material, tidy), content=_map_model(h.content, tidy)
            )
            for h in content.handouts
        ],
        minutes=None if content.minutes is None else _map_model(content.minutes, tidy),
    )


def printed_strings(model: Any) -> list[tuple[Loc, str]]:
    """Every printed string of a model with where it stands in its YAML file."""
    found: list[tuple[Loc, str]] = []

    def collect(loc: Loc, text: str) -> str:
        found.append((loc, text))
        return text

    _map_model(model, collect)
    return found


def _map_model(model: Any, fn: Callable[[Loc, str], str], loc: Loc = ()) -> Any:
    """`model` with fn applied to each printed string (typed with generator.model.text)."""
    updates = {}
    for name, annotation, _ in fields(type(model)):
        value = getattr(model, name)
        new = _map_value(value, annotation, fn, (*loc, name))
        if new is not value:
            updates[name] = new
    return dataclasses.replace(model, **updates) if updates else model


def _map_value(value: Any, annotation: Any, fn: Callable[[Loc, str], str], loc: Loc) -> Any:
    if dataclasses.is_dataclass(value):
        return _map_model(value, fn, loc)
    if isinstance(value, str):
        if not _is_printed(annotation):
            return value
        new = fn(loc, value)
        return value if new == value else new
    if isinstance(value, list):
        item = _argument(annotation, list, 0)
        items = [_map_value(v, item, fn, (*loc, i)) for i, v in enumerate(value)]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        item = _argument(annotation, dict, 1)
        mapped = {k: _map_value(v, item, fn, (*loc, k)) for k, v in value.items()}
        return value if all(mapped[k] is v for k, v in value.items()) else mapped
    return value


def _options(annotation: Any) -> tuple[Any, ...]:
    """The members of a union (`Name | None`), or the annotation itself."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


@cache
def _argument(annotation: Any, container: type, index: int) -> Any:
    """The item type of list[X] / dict[K, X] inside `annotation`, or None."""
    for option in _options(annotation):
        if typing.get_origin(option) is typing.Annotated:
            option = typing.get_args(option)[0]
        if typing.get_origin(option) is container:
            return typing.get_args(option)[index]
    return None


@cache
def _is_printed(annotation: Any) -> bool:
    """Whether a string is printed text: its type is marked so by generator.model.text."""
    for option in _options(annotation):
        if typing.get_origin(option) is typing.Annotated:
            if any(isinstance(meta, Printed) for meta in option.__metadata__):
                return True
            if _is_printed(typing.get_args(option)[0]):
                return True
    return False

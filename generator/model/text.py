"""Constraints every content string shares, whatever field it is in."""

from __future__ import annotations

import re
from typing import Annotated

from .schema import Check

# Control characters (C0, DEL, C1: Unicode category Cc) but newline and tab, lone surrogates
# (Cs), the interlinear annotation marks U+FFF9–FFFB and the non-characters U+FFFE and U+FFFF:
# never printed. A DOCX cannot even hold most of them (XML forbids them), so refusing them here
# is the only way not to lose them silently; the annotation marks tag content values on their
# way through the templates (generator.render.markup).
UNPRINTABLE = re.compile(
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufff9-\\ufffb\\ufffe\\uffff]"
)


def _plain_text(value: str) -> str:
    found = UNPRINTABLE.search(value)
    if found is not None:
        raise ValueError(
            f"見えない制御文字（U+{ord(found.group()):04X}、{found.start() + 1}文字目）が入っています"
            " — ほかの文書から貼り付けたときに紛れ込みます。この値を打ち直してください"
        )
    if "\u2028" in value or "\u2029" in value:
        raise ValueError(
            "Unicode の行区切り文字（U+2028/U+2029）が入っています"
            " — 改行したいところでは普通に改行してください（値は「|」の下に行を分けて書きます）"
        )
    return value.rstrip("\n")


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("空になっています — 文字を書いてください")
    return value


class Printed:
    """Marks a string type as printed text, so normalization and the glyph check reach it."""


PRINTED = Printed()

ContentText = Annotated[str, PRINTED, Check(_plain_text)]
"""Text that is printed: any characters except invisible control characters.

A block scalar's final newline (`|`) is YAML's, not the content's, so it is dropped.
"""

Name = Annotated[str, PRINTED, Check(_plain_text), Check(_non_blank)]
"""Printed text that may not be empty (titles, names, places)."""

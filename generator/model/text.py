"""Constraints every content string shares, whatever field it is in."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

_FORBIDDEN = {c for c in range(32) if chr(c) not in "\n\t"} | {0x7F}


def _plain_text(value: str) -> str:
    for ch in value:
        if ord(ch) in _FORBIDDEN:
            raise ValueError(
                f"制御文字（U+{ord(ch):04X}）が入っています"
                " — 見えない文字が紛れ込んでいます。この値を打ち直してください"
            )
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("空になっています — 文字を書いてください")
    return value


ContentText = Annotated[str, AfterValidator(_plain_text)]
"""Text that is printed: any characters except invisible control characters."""

Name = Annotated[str, AfterValidator(_plain_text), AfterValidator(_non_blank)]
"""Printed text that may not be empty (titles, names, places)."""

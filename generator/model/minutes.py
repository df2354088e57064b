"""minutes.yaml: the body of a 会議録 — per agenda item, what was explained and said, decisions.

The head of the record (日時, 場所, 出席者 …, 議事) comes from meeting.yaml, so the 次第 and the
会議録 state the same facts; this file holds only what happened at the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from .outline import Outline
from .schema import Check
from .text import ContentText, Name


def _statement(value: object) -> object:
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict) and len(value) == 1:
        ((key, text),) = value.items()
        if isinstance(key, str) and key not in ("text", "speaker") and not key.isascii():
            return {"speaker": key, "text": text}
    if isinstance(value, list):
        raise ValueError(
            "発言の中に一覧が書かれています — 発言は一つずつ「- 委員: 発言の内容」の形で並べてください"
        )
    return value


@dataclass(frozen=True, kw_only=True)
class Statement:
    """A paragraph of the record: said by `speaker` (printed 【委員】) or narrative when none."""

    speaker: Name | None = None
    text: Name


Said = list[Annotated[Statement, Check(_statement, before=True)]]


@dataclass(frozen=True, kw_only=True)
class Part3:
    heading: Name
    said: Said = field(default_factory=list)
    decision: ContentText | None = None


@dataclass(frozen=True, kw_only=True)
class Part2:
    heading: Name
    said: Said = field(default_factory=list)
    decision: ContentText | None = None
    parts: list[Part3] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Part:
    """One agenda item's proceedings: its heading, what was said, what was decided."""

    heading: Name
    said: Said = field(default_factory=list)
    decision: ContentText | None = None
    parts: list[Part2] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Minutes:
    outline: Outline | None = None
    """The head of this record, when it differs from the committee's (minutes.outline)."""
    said: Said = field(default_factory=list)
    """The record written as running text, without headings, before any proceedings."""
    proceedings: list[Part] = field(default_factory=list)
    closing: ContentText | None = None
    """A last line such as 「午後５時、閉会した。」"""

"""Who attended: groups of people (委員, 事務局 …), absentees and observers (傍聴者)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from .schema import AtLeast, Check
from .text import ContentText, Name


def _member(value: object) -> object:
    if isinstance(value, str):
        return {"name": value}
    if isinstance(value, list):
        raise ValueError(
            "名前の中に一覧が書かれています — 一人ずつ「- 名前」の行に書き、役職があれば"
            "「- {name: 名前, role: 役職}」と書いてください"
        )
    return value


@dataclass(frozen=True, kw_only=True)
class Member:
    name: Name
    role: ContentText | None = None
    """Printed after the name (中川市民協働推進部長) or before it, as the committee's style says."""


@dataclass(frozen=True, kw_only=True)
class Group:
    """People who came as one group: 委員, 事務局, 理事者側 … (no members: なし)."""

    label: ContentText = ""
    role: ContentText | None = None
    """The role of every member who has none of their own (例: 委員 → 荒金委員)."""
    members: list[Annotated[Member, Check(_member, before=True)]] = field(default_factory=list)
    suffix: ContentText = ""
    """Printed after the names (例: の各委員)."""


def _observers(value: object) -> object:
    if isinstance(value, str) and value.strip() in ("なし", "無し", "0", "０"):
        return 0
    if isinstance(value, str):
        raise ValueError(
            f"傍聴者は人数か「なし」で書いてください（「{value}」と書かれています） — 例: observers: 2"
        )
    return value


@dataclass(frozen=True, kw_only=True)
class Attendance:
    present: list[Group] = field(default_factory=list)
    absent: list[Group] = field(default_factory=list)
    observers: Annotated[int, Check(_observers, before=True), AtLeast(0)] | None = None
    """How many people watched (傍聴者); 0 or なし prints なし."""

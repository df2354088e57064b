"""A comparison handout: how a term is defined by several sources, grouped (例: 「協働」の定義)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from .schema import AtLeast
from .text import ContentText, Name


@dataclass(frozen=True, kw_only=True)
class Entry:
    source: Name
    detail: ContentText | None = None
    term: ContentText | None = None
    text: Name


@dataclass(frozen=True, kw_only=True)
class Group:
    heading: Name
    entries: Annotated[list[Entry], AtLeast(1)]


@dataclass(frozen=True, kw_only=True)
class ComparisonHandout:
    kind: Literal["comparison"]
    title: Name
    # list: each source with its definition below it (A4 portrait);
    # table: a 比較表 with columns 出典 / 用語 / 定義 (A4 landscape).
    layout: Literal["list", "table"] = "list"
    groups: Annotated[list[Group], AtLeast(1)]

    @property
    def template(self) -> str:
        return "comparison-table.xml.j2" if self.layout == "table" else "comparison.xml.j2"

"""A comparison handout: how a term is defined by several sources, grouped (例: 「協働」の定義)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .text import ContentText, Name


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Name
    detail: ContentText | None = None
    term: ContentText | None = None
    text: Name


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heading: Name
    entries: list[Entry] = Field(min_length=1)


class ComparisonHandout(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["comparison"]
    title: Name
    # list: each source with its definition below it (A4 portrait);
    # table: a 比較表 with columns 出典 / 用語 / 定義 (A4 landscape).
    layout: Literal["list", "table"] = "list"
    groups: list[Group] = Field(min_length=1)

    @property
    def template(self) -> str:
        return "comparison-table.xml.j2" if self.layout == "table" else "comparison.xml.j2"

"""A comparison handout: how a term is defined by several sources, grouped (例: 「協働」の定義).

Also a plain term list: the source, the group heading and the table's columns are optional, and
the entries may come from a spreadsheet (`entries_from:`) instead of the YAML.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Annotated, Literal

from ..errors import HandoutsError
from .columns import column_choice
from .schema import AtLeast, Check, rule
from .source import Source, display_path
from .spreadsheet import SheetReader
from .text import ContentText, Name


@dataclass(frozen=True, kw_only=True)
class Entry:
    source: Name | None = None
    detail: ContentText | None = None
    term: ContentText | None = None
    text: Name


@dataclass(frozen=True, kw_only=True)
class Group:
    heading: Name | None = None
    entries: Annotated[list[Entry], AtLeast(1)]


@dataclass(frozen=True, kw_only=True)
class Section:
    """A closing section of prose after the entries (趣旨, 考え方)."""

    heading: Name | None = None
    text: Name


# The table's columns: field → header as printed by default, and its share of the width.
COLUMNS = {"source": "出典", "term": "用語", "text": "定義"}
_WIDTHS = {"source": 30, "term": 12, "text": 58}

# A spreadsheet's column names → the entry's fields; 区分 groups the rows under headings.
SHEET_COLUMNS = {
    "区分": "heading",
    "出典": "source",
    "補足": "detail",
    "用語": "term",
    "定義": "text",
}


def _pair(value: str) -> str:
    if len(value) not in (0, 2):
        raise ValueError(
            '括弧は始めと終わりの 2 文字で書いてください — 例: brackets: 【】、〔〕。括弧なしは ""'
        )
    return value


_CHOSEN_COLUMNS = Check(column_choice(COLUMNS, "text", "{source: 出典, text: 定義}"))


@dataclass(frozen=True, kw_only=True)
class ComparisonHandout:
    kind: Literal["comparison"]
    title: Name
    # list: each source with its definition below it (A4 portrait);
    # table: a 比較表 with columns 出典 / 用語 / 定義 (A4 landscape).
    layout: Literal["list", "table"] = "list"
    lead: ContentText | None = None
    """A sentence before the entries (この資料は、…をまとめたものです。)."""
    brackets: Annotated[str, Check(_pair)] = "【】"
    """The two characters around a group's heading; "" for none."""
    columns: Annotated[dict[str, Name], _CHOSEN_COLUMNS] | None = None
    """The table's columns in order, each with its header: {source: 出典, text: 定義}."""
    groups: Annotated[list[Group], AtLeast(1)] | None = None
    entries_from: str | None = None
    """A spreadsheet (.xlsx or .csv) whose rows are the entries, instead of `groups`."""
    sheet: str | None = None
    closing: list[Section] = field(default_factory=list)

    @staticmethod
    @rule("groups", "entries_from", "sheet")
    def _one_source_of_entries(
        groups: list[Group] | None, entries_from: str | None, sheet: str | None
    ) -> None:
        if (groups is None) == (entries_from is None):
            raise ValueError(
                "groups（YAML に書いた例）か entries_from（表のファイル）のどちらか一つを"
                "書いてください — 例: entries_from: 定義一覧.xlsx"
            )
        if sheet is not None and entries_from is None:
            raise ValueError("sheet は entries_from と一緒に書いてください — 表のシートの名前です")

    @staticmethod
    @rule("columns", "layout", at="columns")
    def _columns_of_a_table(columns: dict[str, str] | None, layout: str) -> None:
        if columns is not None and layout != "table":
            raise ValueError(
                "columns は比較表（layout: table）の列です — 表にするなら layout: table を書き、"
                "一覧のままならこの行を消してください"
            )

    @property
    def template(self) -> str:
        return "comparison-table.xml.j2" if self.layout == "table" else "comparison.xml.j2"

    @property
    def opening(self) -> str:
        return self.brackets[:1]

    @property
    def closing_bracket(self) -> str:
        return self.brackets[1:]

    @property
    def table_columns(self) -> list[tuple[str, str, int]]:
        """(field, header, width share) of each column of the 比較表, in order."""
        chosen = self.columns if self.columns is not None else COLUMNS
        return [(name, header, _WIDTHS[name]) for name, header in chosen.items()]

    def with_rows(self, source: Source, reader: SheetReader) -> ComparisonHandout:
        """The handout with its groups read from `entries_from`, when it names a spreadsheet."""
        if self.entries_from is None:
            return self
        sheet = reader.table(
            source, ("entries_from",), self.entries_from, self.sheet, SHEET_COLUMNS
        )
        if "定義" not in sheet.headers:
            raise HandoutsError.single(
                "「定義」の列がありません",
                f"1 行目に「定義」と書いた列を作ってください（列の名前: {'、'.join(SHEET_COLUMNS)}）",
                file=display_path(sheet.path),
            )
        problems, groups = [], []
        for row in sheet.rows:
            if row.get("定義") is None:
                problems.append(
                    row.at("定義").problem(
                        "空欄です", "定義の本文を書くか、使わない行は消してください"
                    )
                )
                continue
            heading = row.get("区分")
            if not groups or (heading is not None and heading != groups[-1][0]):
                groups.append((heading, []))
            fields = {SHEET_COLUMNS[h]: v for h, v in row.values.items() if h != "区分"}
            groups[-1][1].append(Entry(**fields))
        if problems:
            raise HandoutsError(problems)
        if not groups:
            raise HandoutsError.single(
                "表に内容の行がありません",
                "2 行目から、1 行に 1 つずつ例を書いてください",
                file=display_path(sheet.path),
            )
        return dataclasses.replace(
            self, groups=[Group(heading=h, entries=entries) for h, entries in groups]
        )

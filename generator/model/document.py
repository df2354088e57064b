"""A general handout (`kind: document`): headings, paragraphs, lists, tables and page breaks.

Enough for a 進め方, a スケジュール（案）, a 趣旨説明 or a 論点の整理. Numbered lists follow the
公用文 ladder １ → （１） → ア → （ア）, one rung a level; bullets (・, ●) and ※ notes are labels.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from ..errors import HandoutsError
from .printed import Located
from .schema import AtLeast, Check, rule
from .source import Source, display_path
from .spreadsheet import SheetReader
from .text import ContentText, Name

RUNGS = ("１", "（１）", "ア", "（ア）")
"""The 公用文 ladder of numbered lists, from the outermost level in."""


def _as_text(value: Any) -> Any:
    """A number or a date written where text goes prints as written (2025, 2025-05-20)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return value
    return value if isinstance(value, str) else str(value)


def _as_item(value: Any) -> Any:
    """A list item written as plain text is an item without sub-items."""
    text = _as_text(value)
    return {"text": text} if isinstance(text, str) else value


_ITEM = Check(_as_item, before=True)


# A fixed depth (the ladder has four rungs) rather than a recursive record: the schema builds
# one validator per type and a type that holds itself would never finish.
@dataclass(frozen=True, kw_only=True)
class Item4:
    text: Name


@dataclass(frozen=True, kw_only=True)
class Item3:
    text: Name
    items: list[Annotated[Item4, _ITEM]] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Item2:
    text: Name
    items: list[Annotated[Item3, _ITEM]] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Item:
    text: Name
    items: list[Annotated[Item2, _ITEM]] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class HeaderCell:
    """A header cell over several columns (`span`) or rows (`rows`): 令和６年度 over 前期 and
    後期, 回 beside both header rows. The rows below a cell over rows leave its column out."""

    text: ContentText
    span: Annotated[int, AtLeast(1)] = 1
    rows: Annotated[int, AtLeast(1)] = 1


def _as_cell(value: Any) -> Any:
    """A header cell written as plain text is a cell over one column and one row."""
    text = _as_text(value)
    return {"text": text} if isinstance(text, str) else value


_CELL = Check(_as_text, before=True)


def _header_widths(header: list[list[HeaderCell]]) -> list[int]:
    """How many grid columns each header row covers, cells reaching down from above included.

    A cell over more rows than the header has is an error.
    """
    counts, below = [], []  # below: (rows still to reach, span) of cells over several rows
    for row in header:
        counts.append(sum(span for _, span in below) + sum(c.span for c in row))
        below = [(left - 1, span) for left, span in below if left > 1]
        below += [(c.rows - 1, c.span) for c in row if c.rows > 1]
    if below:
        raise ValueError(
            "rows（縦にまとめる数）が見出しの行の数を越えています — 見出しの行の数以内にしてください"
        )
    return counts


def _column_count(header: list, columns: list | None, rows: list | None) -> int | None:
    """The table's columns as its header says (None: an uneven header, reported on its own)."""
    if columns is not None:
        return len(columns)
    if header:
        try:
            counts = _header_widths(header)
        except ValueError:
            return None
        return counts[0] if len(set(counts)) == 1 else None
    if rows is None:
        return None  # the rows and their header come from a spreadsheet, read later
    return max((len(r) for r in rows), default=1)


@dataclass(frozen=True, kw_only=True)
class DocTable:
    header: list[list[Annotated[HeaderCell, Check(_as_cell, before=True)]]] = field(
        default_factory=list
    )
    """Header rows, repeated on every page; a cell is text or {text: …, span: 2}."""
    columns: list[Annotated[Name, _CELL]] | None = None
    """One header row of plain column names (the short form of `header`)."""
    widths: list[Annotated[int, AtLeast(1)]] | None = None
    """Each column's share of the width, e.g. [1, 3, 2]; equal when not written."""
    rows: list[list[Annotated[ContentText, _CELL]]] | None = None
    rows_from: str | None = None
    """A spreadsheet (.xlsx or .csv): its first row is the header, each later row a row."""
    sheet: str | None = None

    @staticmethod
    @rule("rows", "rows_from", "header", "columns")
    def _rows_and_header(
        rows: list | None, rows_from: str | None, header: list, columns: list | None
    ) -> None:
        if (rows is None) == (rows_from is None):
            raise ValueError(
                "rows（YAML に書いた行）か rows_from（表のファイル）のどちらか一つを書いてください"
                " — 例: rows: [[第１回, ５月, 委員長の選出]]"
            )
        if rows_from is not None and (header or columns is not None):
            raise ValueError(
                "rows_from の表では、表の 1 行目が見出しになります"
                " — header と columns の行を消してください"
            )
        if header and columns is not None:
            raise ValueError(
                "header と columns はどちらか一方だけ書いてください — 見出しが一行なら columns で足ります"
            )

    @staticmethod
    @rule("header", at="header")
    def _even_header(header: list[list[HeaderCell]]) -> None:
        counts = _header_widths(header)
        if len(set(counts)) > 1:
            shown = "、".join(f"{i}行目 {n}列" for i, n in enumerate(counts, 1))
            raise ValueError(
                f"見出しの行の列の数がそろっていません（{shown}）"
                " — span（横にまとめる数）と rows（縦にまとめる数）を確かめてください"
            )

    @staticmethod
    @rule("header", "columns", "widths", "rows", at="widths")
    def _a_width_a_column(
        header: list, columns: list | None, widths: list | None, rows: list | None
    ) -> None:
        n = _column_count(header, columns, rows)
        if widths is not None and n is not None and len(widths) != n:
            raise ValueError(
                f"widths の数（{len(widths)}）が列の数（{n}）と違います — 列ごとに一つずつ書いてください"
            )

    @staticmethod
    @rule("header", "columns", "rows", at="rows")
    def _rows_fit(header: list, columns: list | None, rows: list | None) -> None:
        n = _column_count(header, columns, rows)
        for index, row in enumerate(rows or (), 1):
            if n is not None and len(row) > n:
                raise ValueError(
                    f"{index}行目のセルが {len(row)} 個あり、列の数 {n} より多くなっています"
                    " — セルを減らすか、見出しの列を増やしてください"
                )

    @property
    def width_count(self) -> int:
        """The number of columns: from the header, else the widest row."""
        if self.columns is not None:
            return len(self.columns)
        if self.header:
            return max(sum(c.span for c in row) for row in self.header)
        return max((len(r) for r in self.rows or ()), default=1)

    @property
    def shares(self) -> list[int]:
        return list(self.widths) if self.widths is not None else [1] * self.width_count

    @property
    def header_rows(self) -> list[list[HeaderCell]]:
        if self.columns is not None:
            return [[HeaderCell(text=c) for c in self.columns]]
        return self.header

    def padded_rows(self) -> list[list[str]]:
        """Each body row with empty cells up to the number of columns."""
        n = self.width_count
        return [[*row, *([""] * (n - len(row)))] for row in self.rows or ()]

    def with_rows(self, source: Source, reader: SheetReader, loc: tuple) -> DocTable:
        """The table with its header and rows read from `rows_from`, when it names a file."""
        if self.rows_from is None:
            return self
        sheet = reader.table(source, loc, self.rows_from, self.sheet, None)
        if not sheet.rows:
            raise HandoutsError.single(
                "表に内容の行がありません",
                "1 行目に列の名前、2 行目から内容を書いてください",
                file=display_path(sheet.path),
            )
        if self.widths is not None and len(self.widths) != len(sheet.headers):
            raise HandoutsError(
                [
                    source.problem(
                        (*loc[:-1], "widths"),
                        f"widths の数（{len(self.widths)}）が {self.rows_from} の列の数"
                        f"（{len(sheet.headers)}）と違います",
                        "列ごとに一つずつ書いてください",
                    )
                ]
            )
        rows = [[row.values.get(h, "") for h in sheet.headers] for row in sheet.rows]
        return dataclasses.replace(self, columns=sheet.headers, rows=rows)


@dataclass(frozen=True, kw_only=True)
class Block:
    """One block of the body: exactly one of its keys is written."""

    heading: Name | None = None
    level: Literal[1, 2, 3] = 1
    text: ContentText | None = None
    items: list[Annotated[Item, _ITEM]] | None = None
    start: Literal["１", "（１）", "ア", "（ア）"] = "１"
    """The rung the list starts at: （１） for a list under a heading numbered １."""
    bullets: list[Name] | None = None
    mark: Literal["・", "●", "○", "◆", "■"] = "・"
    notes: list[Name] | None = None
    table: DocTable | None = None
    pagebreak: bool = False

    @staticmethod
    @rule("heading", "text", "items", "bullets", "notes", "table", "pagebreak")
    def _one_kind(*values: Any) -> None:
        written = sum(v is not None and v is not False for v in values)
        if written != 1:
            raise ValueError(
                "一つの項目には heading、text、items、bullets、notes、table、pagebreak のどれか一つを"
                "書いてください — 「- 」で項目を分けます"
            )

    def paragraphs(self) -> list[str]:
        """The text block's lines: each is a paragraph of its own (its first line indented)."""
        text = self.text or ""
        origin = getattr(text, "origin", None)
        lines = [line for line in text.split("\n") if line.strip()]
        return [line if origin is None else Located(line, origin) for line in lines]

    def ladder(self) -> list[tuple[int, int, str]]:
        """The numbered list as (rung, number, text) in reading order, rungs from `start`."""
        first = RUNGS.index(self.start)
        out: list[tuple[int, int, str]] = []

        def walk(items: list, depth: int) -> None:
            for number, item in enumerate(items, 1):
                out.append((min(first + depth, len(RUNGS) - 1), number, item.text))
                walk(getattr(item, "items", []), depth + 1)

        walk(self.items or [], 0)
        return out


@dataclass(frozen=True, kw_only=True)
class DocumentHandout:
    kind: Literal["document"]
    title: Name
    orientation: Literal["portrait", "landscape"] = "portrait"
    body: Annotated[list[Block], AtLeast(1)]

    @property
    def template(self) -> str:
        return "document.xml.j2"

    def with_rows(self, source: Source, reader: SheetReader) -> DocumentHandout:
        """The document with each table's rows read from its `rows_from`, where it names one."""
        body, problems = [], []
        for index, block in enumerate(self.body):
            if block.table is not None and block.table.rows_from is not None:
                try:
                    table = block.table.with_rows(
                        source, reader, ("body", index, "table", "rows_from")
                    )
                except HandoutsError as exc:
                    problems.extend(exc.problems)
                    continue
                block = dataclasses.replace(block, table=table)
            body.append(block)
        if problems:
            raise HandoutsError(problems)
        return dataclasses.replace(self, body=body)

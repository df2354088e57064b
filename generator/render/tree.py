"""The document tree: what both writers draw, so the DOCX and the PDF cannot drift apart.

A template renders markup; `markup.parse` turns it into these objects. Style names refer to the
named styles of the reference .docx; neither the tree nor the templates carry measurements.
A run of text knows which content value each part of it came from (its Origin), so a problem
found after rendering still points at the YAML file, line and field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ..model.printed import Origin


@dataclass(frozen=True, slots=True)
class Sourced:
    """Characters start … end - 1 of a run come from one content value."""

    start: int
    end: int
    origin: Origin


@dataclass(frozen=True, slots=True)
class Text:
    """A run of text, optionally in a named character style, and where its parts came from."""

    text: str
    style: str | None = None
    sources: tuple[Sourced, ...] = dataclasses.field(default=(), compare=False)

    def origin_at(self, index: int) -> Origin | None:
        """The content value character `index` of the run came from; None: the template's."""
        for sourced in self.sources:
            if sourced.start <= index < sourced.end:
                return sourced.origin
        return None


@dataclass(frozen=True, slots=True)
class Fit:
    """Text spread evenly over a width given in ems (均等割り付け), e.g. 日　時 in four ems."""

    text: str
    width: float


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A line break inside a paragraph (a newline in the content)."""


Inline = Text | Fit | LineBreak


@dataclass(frozen=True, slots=True)
class Label:
    """The number or term that hangs before a paragraph's text, such as （１）.

    When the label is wider than the style's hanging indent, `extend="left"` lets it reach
    further into the margin (the text column stays), `extend="right"` moves the text column.
    """

    inlines: tuple[Inline, ...]
    extend: Literal["left", "right"] = "left"


@dataclass(frozen=True, slots=True)
class Paragraph:
    style: str
    inlines: tuple[Inline, ...]
    label: Label | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its paragraphs, across `span` columns of the grid.

    A cell merged over `rows` rows (a header such as 区分 beside two header rows) is followed,
    in each row below it, by a `merged` cell: empty, with no rule between it and the one above.
    """

    blocks: tuple[Paragraph, ...]
    span: int = 1
    rows: int = 1
    merged: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """A table row. It is never split across pages; header rows repeat on every page."""

    cells: tuple[Cell, ...]
    header: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A grid as wide as the text column; `columns` are the columns' shares of that width.

    `style` names a table style of the reference .docx (its borders and cell margins).
    """

    columns: tuple[float, ...]
    rows: tuple[Row, ...]
    style: str = "Table Grid"


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """One paper: its blocks, the page-level choices its template made, and its metadata.

    `template` is the file that rendered it, where its own words are found; `author` and `date`
    are the build's (the secretariat, the meeting's date), set before it is written.
    """

    blocks: list[Block]
    title: str = ""
    orientation: Literal["portrait", "landscape"] = "portrait"
    page_numbers: Literal["auto", "always", "never"] = "auto"
    template: Path | None = None
    author: str = ""
    date: datetime | None = None

    def page_numbered(self, pages: int) -> bool:
        """Whether its pages carry page numbers: by default only when it has more than one."""
        return self.page_numbers == "always" or (self.page_numbers == "auto" and pages > 1)


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """Plain text of inlines, with line breaks as newlines."""
    return "".join("\n" if isinstance(i, LineBreak) else i.text for i in inlines)


def paragraph_text(p: Paragraph) -> str:
    label = inline_text(p.label.inlines) if p.label else ""
    return label + inline_text(p.inlines)


def paragraphs(blocks: list[Block]) -> Iterator[Paragraph]:
    """Every paragraph in reading order, those in table cells included (row by row)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.blocks


def map_paragraphs(node: Any, fn: Callable[[Paragraph], Paragraph]) -> Any:
    """node with fn applied to each paragraph it holds, at any depth (tables, cells …).

    Containers are rebuilt only when something inside them changed.
    """
    if isinstance(node, Paragraph):
        return fn(node)
    if isinstance(node, list | tuple):
        items = [map_paragraphs(item, fn) for item in node]
        if all(a is b for a, b in zip(items, node, strict=True)):
            return node
        return type(node)(items)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, str | Path | datetime) or value is None:
                continue
            new = map_paragraphs(value, fn)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node

"""The document tree: what both writers draw, so the DOCX and the PDF cannot drift apart.

A template renders markup; `markup.parse` turns it into these objects. Style names refer to the
named styles of the reference .docx; neither the tree nor the templates carry measurements.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Text:
    """A run of text, optionally in a named character style."""

    text: str
    style: str | None = None


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
    """One table cell: its paragraphs, across `span` columns of the grid."""

    blocks: tuple[Paragraph, ...]
    span: int = 1


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
    """One paper: its blocks and page-level choices made by the template."""

    blocks: list[Block]
    title: str = ""
    orientation: Literal["portrait", "landscape"] = "portrait"
    page_numbers: Literal["auto", "always", "never"] = "auto"
    meta: dict[str, str] = field(default_factory=dict)


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

"""Lay the document tree out on pages: our own line breaking, then a simple page flow.

Layout comes first and drawing after, so the number of pages is known before anything is
drawn (page numbers appear only when a paper has more than one page).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..linebreak import break_lines
from ..metrics import Measure, label_indents
from ..styles import Border, BorderLine, ParagraphStyle, StyleSheet
from ..tree import Document, Fit, LineBreak, Paragraph, Text

_DRAWN_SPACE = " "


@dataclass(slots=True)
class Segment:
    """Characters drawn in one font with one spacing, starting at x (relative to the line)."""

    text: str
    font: str
    size: float
    x: float
    char_space: float


@dataclass(slots=True)
class PlacedLine:
    x: float  # left edge of the line's box
    baseline: float  # distance from the page top
    segments: list[Segment]


@dataclass(slots=True)
class Rule:
    """A drawn line (a border side), from the page's top-left corner, in points."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: str  # RRGGBB


@dataclass(slots=True)
class Page:
    lines: list[PlacedLine] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


@dataclass(slots=True)
class _Glyphs:
    """A paragraph's characters with their font, size and advance, label first."""

    text: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    sizes: list[float] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    extra: list[float] = field(default_factory=list)  # 均等割り付け space after the char

    def add(self, ch: str, font: str, size: float, width: float, extra: float = 0.0) -> None:
        self.text.append(ch)
        self.fonts.append(font)
        self.sizes.append(size)
        self.widths.append(width)
        self.extra.append(extra)


@dataclass(slots=True)
class _Block:
    style: ParagraphStyle
    lines: list[PlacedLine]  # x and baseline relative to the block's own top
    heights: list[float]  # height of each line
    left: float  # page x of the paragraph's left edge (first-line start)
    right: float  # page x of its right edge


class Layout:
    def __init__(self, sheet: StyleSheet, measure: Measure, orientation: str) -> None:
        self.sheet = sheet
        self.measure = measure
        self.page = sheet.page.oriented(orientation)
        self.text_width = self.page.width - self.page.left - self.page.right
        self.body_height = self.page.height - self.page.top - self.page.bottom

    def pages(self, doc: Document) -> list[Page]:
        blocks = [self.block(p) for p in doc.blocks]
        return _Flow(self.page.top, self.body_height, self.sheet.sum_spacing).run(blocks)

    def block(self, p: Paragraph) -> _Block:
        style = self.sheet.paragraph(p.style)
        glyphs = _Glyphs()
        label_width = 0.0
        if p.label is not None:
            self._glyphs(style, p.label.inlines, glyphs)
            label_width = sum(glyphs.widths) + sum(glyphs.extra)
        self._glyphs(style, p.inlines, glyphs)
        left, hang = label_indents(style, p.label, label_width)
        width = self.text_width - left - style.right
        advances = [w + e for w, e in zip(glyphs.widths, glyphs.extra, strict=True)]
        text = "".join(glyphs.text)
        broken = break_lines(text, advances, width + hang, width)
        lines, heights = [], []
        for i, line in enumerate(broken):
            first = i == 0
            x = self.page.left + left - (hang if first else 0.0)
            avail = width + (hang if first else 0.0)
            last = i == len(broken) - 1 or (line.end < len(text) and text[line.end] == "\n")
            segs, size = self._segments(glyphs, line.start, line.end, line.hang, avail, style, last)
            height = _line_height(style, size)
            baseline = sum(heights) + (height - size) / 2 + size * 0.88
            lines.append(PlacedLine(x, baseline, segs))
            heights.append(height)
        right_edge = self.page.left + self.text_width - style.right
        return _Block(style, lines, heights, self.page.left + left - hang, right_edge)

    def _glyphs(self, style: ParagraphStyle, inlines: tuple, out: _Glyphs) -> None:
        for item in inlines:
            if isinstance(item, LineBreak):
                out.add("\n", "", style.size, 0.0)
                continue
            family, size = self.measure.font_of(
                style, item.style if isinstance(item, Text) else None
            )
            face = self.measure.fonts.face(family)
            name, widths = face.pdf_name, face.widths()
            chars = item.text
            if isinstance(item, Fit) and len(chars) > 1:
                natural = sum(widths.get(ord(c), 1.0) for c in chars) * size
                gap = max(0.0, item.width * size - natural) / (len(chars) - 1)
                for j, c in enumerate(chars):
                    out.add(
                        c,
                        name,
                        size,
                        widths.get(ord(c), 1.0) * size,
                        gap if j < len(chars) - 1 else 0.0,
                    )
                continue
            for c in chars:
                out.add(c, name, size, widths.get(ord(c), 1.0) * size)

    def _segments(
        self, g: _Glyphs, start: int, end: int, hang: bool, avail: float,
        style: ParagraphStyle, last: bool,
    ) -> tuple[list[Segment], float]:  # fmt: skip
        """Place the characters of one line: alignment, justification, hanging punctuation."""
        fitted_end = end - 1 if hang else end
        tail = fitted_end
        while tail > start and g.text[tail - 1] == _DRAWN_SPACE:
            tail -= 1
        natural = sum(g.widths[start:tail]) + sum(g.extra[start:tail])
        slack = avail - natural
        gap, offset = 0.0, 0.0
        justify = style.align == "distribute" or (style.align == "both" and not last)
        if justify and tail - start > 1:
            gap = slack / (tail - start - 1)
        elif style.align == "center":
            offset = slack / 2
        elif style.align == "right":
            offset = slack
        segments: list[Segment] = []
        x = offset
        size = style.size
        for i in range(start, end):
            ch = g.text[i]
            if ch == "\n":
                continue
            space = g.extra[i] + (gap if i < tail - 1 else 0.0)
            size = max(size, g.sizes[i]) if i == start else size
            seg = segments[-1] if segments else None
            if (
                seg
                and seg.font == g.fonts[i]
                and seg.size == g.sizes[i]
                and seg.char_space == space
            ):
                seg.text += ch
            else:
                segments.append(Segment(ch, g.fonts[i], g.sizes[i], x, space))
            x += g.widths[i] + space
        return segments, max([style.size, *(g.sizes[start:end])])


def _rule(line: BorderLine | None, x1: float, y1: float, x2: float, y2: float) -> list[Rule]:
    return [] if line is None else [Rule(x1, y1, x2, y2, line.width, line.color)]


def _border_rules(
    border: Border, box: tuple[float, float, float, float], first: bool, last: bool
) -> list[Rule]:
    """A paragraph's border sides around its text, each `space` away from it, as Word draws.

    A paragraph split across pages is left open at the break.
    """
    left, top, right, bottom = box

    def out(line: BorderLine | None) -> float:
        return line.space + line.width / 2 if line is not None else 0.0

    x1, x2 = left - out(border.left), right + out(border.right)
    y1 = top - out(border.top) if first else top
    y2 = bottom + out(border.bottom) if last else bottom
    return [
        *_rule(border.top if first else None, x1, y1, x2, y1),
        *_rule(border.bottom if last else None, x1, y2, x2, y2),
        *_rule(border.left, x1, y1, x1, y2),
        *_rule(border.right, x2, y1, x2, y2),
    ]


def _gap(after: float, before: float, add: bool) -> float:
    """Space between two paragraphs: Word takes the larger of the two unless told to add them."""
    return after + before if add else max(after, before)


def _pad(line: BorderLine | None) -> float:
    """Room a border side takes outside the text: its distance from the text and its width."""
    return line.space + line.width if line is not None else 0.0


def _line_height(style: ParagraphStyle, size: float) -> float:
    if style.line_rule == "exact":
        return style.line
    natural = size * 1.0
    if style.line_rule == "atLeast":
        return max(style.line, natural)
    return natural * style.line


class _Flow:
    """Place blocks top to bottom, page by page: keep-with-next, widow and orphan control."""

    def __init__(self, top: float, height: float, add_spacing: bool = False) -> None:
        self.top = top
        self.height = height
        self.add_spacing = add_spacing  # see StyleSheet.sum_spacing
        self.pages: list[Page] = [Page()]
        self.y = 0.0  # used height on the current page

    def run(self, blocks: list[_Block]) -> list[Page]:
        after = 0.0  # the previous paragraph's space after, given once the next block is known
        for i, block in enumerate(blocks):
            style = block.style
            before = _gap(after, style.space_before, self.add_spacing) if self.y > 0 else 0.0
            if style.page_break_before and self.y > 0:
                self.new_page()
                before = style.space_before  # Word keeps it when the style asks for the break
            need = self._keep_height(blocks, i)
            if self.y > 0 and self.y + before + need > self.height and need <= self.height:
                self.new_page()
                before = 0.0
            self.y += before
            self.place(block)
            after = style.space_after
        return self.pages

    def _keep_height(self, blocks: list[_Block], i: int) -> float:
        """Height that must fit on this page: the block's first lines and what it keeps with."""
        block = blocks[i]
        border = block.style.border or Border()
        if not block.style.keep_next or i + 1 >= len(blocks):
            if len(block.heights) > 2:
                return _pad(border.top) + sum(block.heights[:2])
            return _pad(border.top) + sum(block.heights) + _pad(border.bottom)
        own = _pad(border.top) + sum(block.heights) + _pad(border.bottom)
        nxt = blocks[i + 1]
        return (
            own
            + _gap(block.style.space_after, nxt.style.space_before, self.add_spacing)
            + min(self._keep_height(blocks, i + 1), self.height)
        )

    def place(self, block: _Block) -> None:
        n = len(block.lines)
        border = block.style.border or Border()
        i = 0
        while i < n:
            room = self.height - self.y - (_pad(border.top) if i == 0 else 0.0)
            fit, used = 0, 0.0
            while i + fit < n and (
                used + block.heights[i + fit] + (_pad(border.bottom) if i + fit == n - 1 else 0.0)
                <= room + 1e-6
            ):
                used += block.heights[i + fit]
                fit += 1
            if fit < n - i:
                if fit >= 2 and n - i - fit == 1:
                    fit -= 1  # widow: never leave one line alone at the top of the next page
                if fit < 2 and n - i > 1 and self.y > 0:
                    fit = 0  # orphan: never leave one line alone at the bottom
            if fit == 0:
                if self.y == 0:
                    fit = 1  # a line taller than the page: place it anyway
                else:
                    self.new_page()
                    continue
            self._emit(block, i, i + fit)
            i += fit
            if i < n:
                self.new_page()

    def _emit(self, block: _Block, start: int, end: int) -> None:
        page = self.pages[-1]
        border = block.style.border
        first, last = start == 0, end == len(block.lines)
        if border is not None and first:
            self.y += _pad(border.top)
        origin = sum(block.heights[:start])
        top = self.top + self.y
        for line in block.lines[start:end]:
            page.lines.append(PlacedLine(line.x, top + line.baseline - origin, line.segments))
        height = sum(block.heights[start:end])
        self.y += height
        if border is not None:
            box = (block.left, top, block.right, top + height)
            page.rules.extend(_border_rules(border, box, first, last))
            if last:
                self.y += _pad(border.bottom)

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = 0.0

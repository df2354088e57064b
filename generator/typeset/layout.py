"""Lay the document tree out on pages: our own line breaking, then a simple page flow.

Layout comes first and drawing after, so the number of pages is known before anything is
drawn (page numbers appear only when a paper has more than one page).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import repeat

from ..render.tree import Document, Fit, LineBreak, Paragraph, Row, Table, Text
from .fonts import FontFace
from .linebreak import Line, break_lines
from .styles import Border, BorderLine, ParagraphStyle, TableStyle
from .typography import Typography, label_indents

_DRAWN_SPACE = " "
_TAB_DRAWN = "\u3000"


@dataclass(slots=True)
class Segment:
    """Characters drawn in one font with one spacing, starting at x (relative to the line)."""

    text: str
    font: str
    size: float
    x: float
    char_space: float
    bold: bool = False
    node: Paragraph | None = None  # the paragraph it belongs to, for the PDF's structure tree
    part: int = 0  # which of the paragraph's inlines it draws, label inlines first
    start: int = 0  # index in that inline's text of its first character


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
class _Run:
    """Characters drawn alike: one font and size, each followed by the same extra space."""

    start: int  # index of its first character in the paragraph
    font: str  # "" for a line break
    size: float
    extra: float  # 均等割り付け space after each character
    bold: bool = False
    part: int = 0  # index of the inline it comes from, label inlines first


@dataclass(slots=True)
class _Glyphs:
    """A paragraph's characters with their advances, label first, in runs drawn alike."""

    text: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    runs: list[_Run] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # each run's start, for bisecting
    firsts: dict[int, int] = field(default_factory=dict)  # each inline's first character

    def add(
        self,
        chars: str,
        font: str,
        size: float,
        widths: list[float],
        extra: float,
        bold: bool = False,
        part: int = 0,
    ) -> None:
        if not chars:
            return
        self.starts.append(len(self.text))
        self.runs.append(_Run(len(self.text), font, size, extra, bold, part))
        self.text.extend(chars)
        self.widths.extend(widths)

    def advances(self) -> list[float]:
        """Each character's width plus the space after it, as the line breaker measures."""
        out = self.widths.copy()
        ends = [*self.starts[1:], len(out)]
        for run, end in zip(self.runs, ends, strict=False):  # no run: one end, nothing to do
            if run.extra:
                for i in range(run.start, end):
                    out[i] += run.extra
        return out

    def spans(self, start: int, end: int) -> list[tuple[int, int, _Run]]:
        """The runs that characters start … end - 1 belong to, each cut to that range."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        out = []
        for k in range(first, len(self.runs)):
            run = self.runs[k]
            if run.start >= end:
                break
            stop = self.starts[k + 1] if k + 1 < len(self.runs) else len(self.text)
            out.append((max(run.start, start), min(stop, end), run))
        return out


@dataclass(slots=True)
class _Block:
    style: ParagraphStyle
    lines: list[PlacedLine]  # x and baseline relative to the block's own top
    heights: list[float]  # height of each line
    left: float  # page x of the paragraph's left edge (first-line start)
    right: float  # page x of its right edge


class Layout:
    """The page flow of one orientation of the reference's page, in the committee's typography."""

    def __init__(self, typography: Typography, orientation: str) -> None:
        self.sheet = typography.sheet
        self.typography = typography
        self.page = self.sheet.page.oriented(orientation)
        self.text_width = self.page.width - self.page.left - self.page.right
        self.body_height = self.page.height - self.page.top - self.page.bottom

    def pages(self, doc: Document) -> list[Page]:
        blocks = [self.block(b) if isinstance(b, Paragraph) else self.table(b) for b in doc.blocks]
        return _Flow(self.page.top, self.body_height, self.sheet.sum_spacing).run(blocks)

    def block(self, p: Paragraph, x0: float | None = None, column: float | None = None) -> _Block:
        """Lay a paragraph out in a column (the text column, or a table cell's inside).

        In a cell no 、。 hangs past the column: it would touch the cell's rule.
        """
        hanging = x0 is None
        x0 = self.page.left if x0 is None else x0
        column = self.text_width if column is None else column
        style = self.sheet.paragraph(p.style)
        glyphs = _Glyphs()
        label_width = 0.0
        labels = 0
        if p.label is not None:
            self._glyphs(style, p.label.inlines, glyphs)
            label_width = sum(glyphs.advances())
            labels = len(p.label.inlines)
        self._glyphs(style, p.inlines, glyphs, labels)
        left, hang = label_indents(style, p.label, label_width)
        if p.label is None and style.first_line > 0:
            hang = -style.first_line  # 字下げ: the first line starts further in, as in Word
        width = column - left - style.right
        text = "".join(glyphs.text)
        broken = break_lines(text, glyphs.advances(), width + hang, width, hanging)
        lines, heights = [], []
        top = 0.0
        for i, line in enumerate(broken):
            first = i == 0
            x = x0 + left - (hang if first else 0.0)
            avail = width + (hang if first else 0.0)
            last = i == len(broken) - 1 or (line.end < len(text) and text[line.end] == "\n")
            segs, size = _segments(glyphs, text, line, avail, style, last, p)
            height = _line_height(style, size)
            lines.append(PlacedLine(x, top + (height - size) / 2 + size * 0.88, segs))
            heights.append(height)
            top += height
        right_edge = x0 + column - style.right
        return _Block(style, lines, heights, x0 + left - hang, right_edge)

    def _glyphs(
        self, style: ParagraphStyle, inlines: tuple, out: _Glyphs, first_part: int = 0
    ) -> None:
        """Each glyph with its face: the run's font, else the first fallback that has it.

        A variation sequence is one glyph; a tab is drawn as a full-width space (the font
        has no glyph for a tab, and a box must never be drawn).
        """
        fonts = self.typography.fonts
        for part, item in enumerate(inlines, start=first_part):
            out.firsts[part] = len(out.text)
            if isinstance(item, LineBreak):
                out.add("\n", "", style.size, [0.0], 0.0, part=part)
                continue
            run_style = item.style if isinstance(item, Text) else None
            family, size = self.typography.font_of(style, run_style)
            bold = self.typography.bold_of(style, run_style)
            face = fonts.face(family)
            chars = item.text.replace("\t", _TAB_DRAWN)
            if face.charset.issuperset(chars):
                pieces = [(chars, face, _advances(chars, face, size))]
            else:
                pieces = [
                    (c, f, _advances(c, f, size)) for c, f in _by_face(fonts.glyphs(face, chars))
                ]
            gap = 0.0
            if isinstance(item, Fit):
                count = sum(len(chars) for chars, _, _ in pieces)
                if count > 1:
                    natural = sum(sum(widths) for _, _, widths in pieces)
                    gap = max(0.0, item.width * size - natural) / (count - 1)
            for k, (chars, drawn, widths) in enumerate(pieces):
                if gap and k == len(pieces) - 1:
                    # no space after the last character of a 均等割り付け
                    out.add(chars[:-1], drawn.pdf_name, size, widths[:-1], gap, bold, part)
                    out.add(chars[-1], drawn.pdf_name, size, widths[-1:], 0.0, bold, part)
                else:
                    out.add(chars, drawn.pdf_name, size, widths, gap, bold, part)

    def table(self, t: Table) -> _TableBlock:
        """A table as wide as the text column, its columns in the shares the template gave."""
        style = self.sheet.table(t.style)
        total = sum(t.columns)
        widths = [self.text_width * c / total for c in t.columns]
        # The line above a row takes room of its own, as in Word: the table's top, then insideH.
        rules = [style.borders.get("top" if i == 0 else "insideH") for i in range(len(t.rows))]
        rows = [
            self._row(row, widths, style, rule.width if rule is not None else 0.0)
            for row, rule in zip(t.rows, rules, strict=True)
        ]
        _center_over_rows(t, rows)
        return _TableBlock(style, rows)

    def _row(self, row: Row, widths: list[float], style: TableStyle, rule: float) -> _Row:
        """Each cell's paragraphs laid out by the paragraph code, inside the cell margins."""
        pieces: list[_Piece] = []
        edges, x, column, height = [], self.page.left, 0, 0.0
        for cell in row.cells:
            width = sum(widths[column : column + cell.span])
            column += cell.span
            edges.append(x)
            inside = width - style.cell_left - style.cell_right
            y, after = rule + style.cell_top, None
            for p in cell.blocks:
                block = self.block(p, x + style.cell_left, inside)
                before = block.style.space_before
                y += before if after is None else _gap(after, before, self.sheet.sum_spacing)
                top = y
                for line, line_height in zip(block.lines, block.heights, strict=True):
                    placed = PlacedLine(line.x, top + line.baseline, line.segments)
                    pieces.append(_Piece(placed, y, y + line_height))
                    y += line_height
                after = block.style.space_after
            height = max(height, y + (after or 0.0) + style.cell_bottom)
            x += width
        edges.append(x)
        keep = all(self.sheet.paragraph(p.style).keep_next for c in row.cells for p in c.blocks)
        merged = tuple((edges[i], edges[i + 1]) for i, cell in enumerate(row.cells) if cell.merged)
        return _Row(pieces, edges, height, row.header, keep, merged)


def _center_over_rows(t: Table, rows: list[_Row]) -> None:
    """A header cell over several rows (回 beside 前期 and 後期) is set in the middle of their
    height, as Word sets the DOCX's (vAlign); its lines were laid out in its first row.

    Header rows are always placed together, so the lines never leave their page.
    """
    for i, (row, laid) in enumerate(zip(t.rows, rows, strict=True)):
        if not row.header or not laid.pieces:
            continue
        below = laid.height - max(p.bottom for p in laid.pieces)  # space after, cell margin
        for k, cell in enumerate(row.cells):
            left, right = laid.edges[k], laid.edges[k + 1]
            mine = [j for j, p in enumerate(laid.pieces) if left <= p.line.x < right]
            if cell.rows < 2 or not mine:
                continue
            needed = max(laid.pieces[j].bottom for j in mine) + below
            shift = (sum(r.height for r in rows[i : i + cell.rows]) - needed) / 2
            for j in mine:
                p = laid.pieces[j]
                line = PlacedLine(p.line.x, p.line.baseline + shift, p.line.segments)
                laid.pieces[j] = _Piece(line, p.top + shift, p.bottom + shift)


def _advances(chars: str, face: FontFace, size: float) -> list[float]:
    """Each character's advance in points (1 em where the font has no width for it)."""
    return [w * size for w in map(face.widths().get, map(ord, chars), repeat(1.0))]


def _by_face(glyphs: list[tuple[str, FontFace]]) -> list[tuple[str, FontFace]]:
    """Consecutive glyphs of one face joined into one string."""
    out: list[tuple[str, FontFace]] = []
    for ch, face in glyphs:
        if out and out[-1][1] is face:
            out[-1] = (out[-1][0] + ch, face)
        else:
            out.append((ch, face))
    return out


def _segments(
    g: _Glyphs,
    text: str,
    line: Line,
    avail: float,
    style: ParagraphStyle,
    last: bool,
    node: Paragraph | None = None,
) -> tuple[list[Segment], float]:
    """Place the characters of one line: alignment, justification, hanging punctuation.

    Returns the line's segments and the largest font size on it.
    """
    start, end, widths = line.start, line.end, g.widths
    tail = end - 1 if line.hang else end
    while tail > start and text[tail - 1] == _DRAWN_SPACE:
        tail -= 1
    spans = g.spans(start, end)
    natural = sum(widths[start:tail]) + sum(
        run.extra * (min(b, tail) - a) for a, b, run in spans if a < tail
    )
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
    for a, b, run in spans:
        if not run.font:
            continue  # a line break: nothing drawn
        # Justified, each character before `tail` is followed by the gap, the last of them
        # too as far as its segment goes; what follows it starts where no gap was added.
        pieces = [(a, b, run.extra)]
        if gap:
            pieces = [(a, min(b, tail), run.extra + gap), (max(a, tail), b, run.extra)]
        for lo, hi, space in pieces:
            if lo >= hi:
                continue
            seg = segments[-1] if segments else None
            if seg and (seg.font, seg.size, seg.char_space, seg.bold, seg.part) == (
                run.font,
                run.size,
                space,
                run.bold,
                run.part,
            ):
                seg.text += text[lo:hi]
            else:
                start = lo - g.firsts[run.part]
                segments.append(
                    Segment(
                        text[lo:hi], run.font, run.size, x, space, run.bold, node, run.part, start
                    )
                )
            x += sum(widths[lo:hi]) + space * (hi - lo)
            if gap and hi == tail and lo < tail:
                x -= gap
    return segments, max([style.size, *(run.size for _, _, run in spans)])


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


def _open_spans(
    left: float, right: float, merged: tuple[tuple[float, float], ...]
) -> list[tuple[float, float]]:
    """Where a rule runs from `left` to `right`: everywhere but over merged cells."""
    spans, x = [], left
    for start, end in merged:
        if start > x:
            spans.append((x, start))
        x = max(x, end)
    if x < right:
        spans.append((x, right))
    return spans


def _pad(line: BorderLine | None) -> float:
    """Room a border side takes outside the text: its distance from the text and its width."""
    return line.space + line.width if line is not None else 0.0


@dataclass(slots=True)
class _Piece:
    """One line of a table row, its top and bottom measured from the row's top."""

    line: PlacedLine  # baseline measured from the row's top
    top: float
    bottom: float


@dataclass(slots=True)
class _Row:
    pieces: list[_Piece]
    edges: list[float]  # page x of each cell's left edge, then of the row's right edge
    height: float
    header: bool
    keep: bool = False  # every paragraph in it keeps with the next: so does the row
    merged: tuple[tuple[float, float], ...] = ()  # x ranges of cells merged with the row above

    def first_line(self) -> float:
        """Height down to the bottom of the row's first line: the least of it a page can hold."""
        return min((p.bottom for p in self.pieces), default=self.height)

    def cut(self, room: float) -> float:
        """The lowest place within `room` that passes between lines of every cell (0: none)."""
        cut = room
        while True:
            through = [p.top for p in self.pieces if p.top < cut - 1e-6 < p.bottom - 2e-6]
            if not through:
                return max(cut, 0.0)
            cut = min(through)

    def split(self, cut: float) -> tuple[_Row, _Row]:
        """A row taller than a page: the lines above `cut` here, the rest on the next page.

        The rest keeps the room the row had above its first line (border, margin, spacing).
        """
        above = min((p.top for p in self.pieces), default=0.0)
        shift = cut - above if above < cut else cut  # always moves on: no endless splitting
        head = [p for p in self.pieces if p.bottom <= cut + 1e-6]
        tail = [
            _Piece(
                PlacedLine(p.line.x, p.line.baseline - shift, p.line.segments),
                p.top - shift,
                p.bottom - shift,
            )
            for p in self.pieces
            if p.bottom > cut + 1e-6
        ]
        return (
            _Row(head, self.edges, cut, self.header, merged=self.merged),
            _Row(tail, self.edges, self.height - shift, self.header),
        )


@dataclass(slots=True)
class _TableBlock:
    style: TableStyle
    rows: list[_Row]
    head: list[_Row] = field(init=False)  # split once: the flow asks for them at every row
    body: list[_Row] = field(init=False)

    def __post_init__(self) -> None:
        self.head = [r for r in self.rows if r.header]
        self.body = [r for r in self.rows if not r.header]

    def lead_height(self) -> float:
        """What must fit where the table starts: the header rows and the first row after them."""
        return sum(r.height for r in self.head) + self.keep_height(0)

    def opening(self) -> float:
        """The least of the table a page must hold where it starts: header rows and one line."""
        body = self.body
        return sum(r.height for r in self.head) + (body[0].first_line() if body else 0.0)

    def keep_height(self, i: int) -> float:
        """Height of body row i and, if it keeps with the next, of the row after it."""
        body = self.body
        if i >= len(body):
            return 0.0
        return body[i].height + (body[i + 1].height if body[i].keep and i + 1 < len(body) else 0.0)


def _line_height(style: ParagraphStyle, size: float) -> float:
    if style.line_rule == "exact":
        return style.line
    natural = size * 1.0
    if style.line_rule == "atLeast":
        return max(style.line, natural)
    return natural * style.line


class _Flow:
    """Place blocks top to bottom, page by page: keep-with-next, keep-lines-together, widow
    and orphan control."""

    def __init__(self, top: float, height: float, add_spacing: bool = False) -> None:
        self.top = top
        self.height = height
        self.add_spacing = add_spacing  # see StyleSheet.sum_spacing
        self.pages: list[Page] = [Page()]
        self.y = 0.0  # used height on the current page

    def run(self, blocks: list[_Block | _TableBlock]) -> list[Page]:
        after = 0.0  # the previous paragraph's space after, given once the next block is known
        for i, block in enumerate(blocks):
            if isinstance(block, _TableBlock):
                self.y += after if self.y > 0 else 0.0
                self.table(block)
                after = 0.0
                continue
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

    def _keep_height(self, blocks: list[_Block | _TableBlock], i: int) -> float:
        """Height that must fit on this page: the block's first lines (all of them when its
        style keeps them together) and what it keeps with."""
        block = blocks[i]
        assert isinstance(block, _Block)
        border = block.style.border or Border()
        if not block.style.keep_next or i + 1 >= len(blocks):
            if len(block.heights) > 2 and not block.style.keep_lines:
                return _pad(border.top) + sum(block.heights[:2])
            return _pad(border.top) + sum(block.heights) + _pad(border.bottom)
        own = _pad(border.top) + sum(block.heights) + _pad(border.bottom)
        nxt = blocks[i + 1]
        if isinstance(nxt, _TableBlock):
            return own + block.style.space_after + min(nxt.lead_height(), self.height)
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

    def table(self, table: _TableBlock) -> None:
        """Rows top to bottom, each kept whole on a page; the header rows open every page."""
        room, lead = self.height - self.y, table.lead_height()
        # A first row taller than any page starts here if its first line fits (as LibreOffice
        # lays out the DOCX), rather than leaving the rest of this page empty.
        if self.y > 0 and lead > room + 1e-6 and (lead <= self.height or table.opening() > room):
            self.new_page()
        # Header rows that fill half a page are not repeated: the rows need the room.
        head = table.head if sum(r.height for r in table.head) < self.height / 2 else []
        placed = self._rows(table.head)
        page_room = self.height - sum(r.height for r in head)
        for i, row in enumerate(table.body):
            while self.y + table.keep_height(i) > self.height + 1e-6:
                room = self.height - self.y
                cut = row.cut(room)
                if any(not r.header for r, _ in placed) and (
                    row.height <= page_room + 1e-6 or cut <= 1e-6
                ):
                    self._table_page(table, placed)
                    placed = self._rows(head)
                    continue
                if row.height <= room + 1e-6:
                    break  # kept with the next row on no page: the row alone goes here
                # Taller than a page: it starts here and goes on over the next pages.
                first, row = row.split(cut if cut > 1e-6 else room)
                placed += self._rows([first])
                self._table_page(table, placed)
                placed = self._rows(head)
            placed += self._rows([row])
        self._emit_rows(table, placed)

    def _rows(self, rows: list[_Row]) -> list[tuple[_Row, float]]:
        placed = []
        for row in rows:
            placed.append((row, self.y))
            self.y += row.height
        return placed

    def _table_page(self, table: _TableBlock, placed: list[tuple[_Row, float]]) -> None:
        self._emit_rows(table, placed)
        self.new_page()

    def _emit_rows(self, table: _TableBlock, placed: list[tuple[_Row, float]]) -> None:
        """One page's part of a table: its lines, and its grid closed at top and bottom."""
        page = self.pages[-1]
        borders = table.style.borders
        for k, (row, y) in enumerate(placed):
            top = self.top + y
            for piece in row.pieces:
                line = piece.line
                page.lines.append(PlacedLine(line.x, top + line.baseline, line.segments))
            left, right = row.edges[0], row.edges[-1]
            above = borders.get("insideH" if k else "top")
            middle = top + (above.width / 2 if above is not None else 0.0)
            for start, end in _open_spans(left, right, row.merged if k else ()):
                page.rules += _rule(above, start, middle, end, middle)
            for j, x in enumerate(row.edges):
                side = "left" if j == 0 else "right" if j == len(row.edges) - 1 else "insideV"
                page.rules += _rule(borders.get(side), x, top, x, top + row.height)
            below = borders.get("bottom")
            if k == len(placed) - 1 and below is not None:
                bottom = top + row.height + below.width / 2
                page.rules += _rule(below, left, bottom, right, bottom)

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = 0.0

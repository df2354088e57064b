"""Parse a rendered template (a small XML vocabulary) into the document tree.

Templates write markup rather than build objects, so a new kind of handout is a template, not
code. Jinja2 autoescapes every value, so the content's `<`, `&` and quotes come back here as the
exact characters the secretariat typed.

    <document title="…" orientation="portrait|landscape" page-numbers="auto|always|never">
      <p style="スタイル名"><label extend="left|right">（１）</label>text <span style="用語">…</span>
         <fit width="4">日時</fit><br/></p>
      <table style="Table Grid">             (a table style of the reference .docx)
        <col width="30"/><col width="70"/>   (each column's share of the text width)
        <tr header="1"><td><p …>…</p></td><td><p …>…</p></td></tr>   (repeated on every page)
        <tr><td span="2"><p …>…</p></td></tr>                         (one cell over two columns)
        <tr><td rowspan="2">…</td>…</tr><tr>…</tr>   (one cell over two rows: the row below
                                                     leaves that column out)
      </table>
    </document>

Inside <p>, every character is content: a newline is a line break. Between blocks, whitespace
is the template's layout and is ignored.

A content value the template printed arrives marked (`mark`) with the number of its origin;
the marks are taken out here, and each Text run keeps which of its characters came from where.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from typing import Any, TypeVar
from xml.parsers import expat

from ..model.printed import Origin
from .tree import (
    Block,
    Cell,
    Document,
    Fit,
    Inline,
    Label,
    LineBreak,
    Paragraph,
    Row,
    Sourced,
    Table,
    Text,
)

_Read = TypeVar("_Read")

# Unicode's interlinear annotation characters, which content may not hold (model.text).
_OPEN, _SEP, _CLOSE = "\ufff9", "\ufffa", "\ufffb"
_MARK = re.compile(f"{_OPEN}([0-9]+){_SEP}|{_CLOSE}")


class MarkupError(ValueError):
    """The template produced markup that is not the vocabulary above; `element` is where (the
    innermost element being read, unless the raiser named another), `line` its output line."""

    def __init__(self, message: str, element: ET.Element | None = None) -> None:
        super().__init__(message)
        self.element = element
        self.line: int | None = None


def _at_element(read: Callable[..., _Read]) -> Callable[..., _Read]:
    """A reading method whose MarkupError, if it names no element yet, is at the element read."""

    @wraps(read)
    def reading(self: _Parser, el: ET.Element, *args: Any) -> _Read:
        try:
            return read(self, el, *args)
        except MarkupError as exc:
            if exc.element is None:
                exc.element = el
            raise

    return reading


def mark(text: str, origin: int) -> str:
    """`text` marked as coming from origin number `origin` of the render."""
    return f"{_OPEN}{origin}{_SEP}{text}{_CLOSE}"


def parse(markup: str, origins: Sequence[Origin] = ()) -> Document:
    """The document tree of `markup`; marked values get `origins` by their numbers."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line, _col = exc.position
        raise MarkupError(
            f"テンプレートの出力が正しい形になっていません（{line}行目）: {exc}"
        ) from exc
    if root.tag != "document":
        raise MarkupError("テンプレートの出力は <document> で始めてください", root)
    if _OPEN in markup:
        for el in root.iter():
            for name, value in el.attrib.items():
                el.set(name, _MARK.sub("", value))
    try:
        return _Parser(origins).document(root)
    except MarkupError as exc:
        if exc.element is not None:
            exc.line = _line_of(markup, root, exc.element)
        raise


def _line_of(markup: str, root: ET.Element, element: ET.Element) -> int | None:
    """The output line where `element` starts: the parser reports elements in the order
    ElementTree iterates them, and knows the line of each start tag."""
    index = next(n for n, el in enumerate(root.iter()) if el is element)
    seen: list[int] = []
    reader = expat.ParserCreate()

    def start(_name: str, _attributes: dict[str, str]) -> None:
        seen.append(reader.CurrentLineNumber)

    reader.StartElementHandler = start
    reader.Parse(markup.encode(), True)
    return seen[index] if index < len(seen) else None


class _Parser:
    def __init__(self, origins: Sequence[Origin]) -> None:
        self.origins = origins

    @_at_element
    def document(self, root: ET.Element) -> Document:
        _expect_blank(root.text, "document")
        blocks: list[Block] = []
        for child in root:
            if child.tag == "p":
                blocks.append(self.paragraph(child))
            elif child.tag == "table":
                blocks.append(self.table(child))
            else:
                raise MarkupError(
                    f"<document> の中には <p> と <table> だけを書けます（<{child.tag}> があります）",
                    child,
                )
            _expect_blank(child.tail, "document")
        return Document(
            blocks=blocks,
            title=root.get("title", ""),
            orientation=_choice(root, "orientation", ("portrait", "landscape")),
            page_numbers=_choice(root, "page-numbers", ("auto", "always", "never")),
        )

    @_at_element
    def table(self, el: ET.Element) -> Table:
        _expect_blank(el.text, "table")
        columns: list[float] = []
        rows: list[Row] = []
        above: dict[int, Cell] = {}  # grid column → the merged cell still reaching down there
        for child in el:
            if child.tag == "col" and not rows:
                columns.append(_column_width(child))
            elif child.tag == "tr" and columns:
                rows.append(self.row(child, len(columns), above))
                if rows[-1].header and not all(r.header for r in rows):
                    raise MarkupError('<tr header="1"> は表の最初の行にだけ付けられます', child)
            else:
                raise MarkupError(
                    "<table> の中には <col> を列の数だけ書き、続けて <tr> を書いてください", child
                )
            _expect_blank(child.tail, "table")
        if not rows:
            raise MarkupError("<table> には <tr> を一つ以上書いてください")
        if above:
            raise MarkupError("<td> の rowspan が表の最後の行を越えています")
        return Table(tuple(columns), tuple(rows), el.get("style") or "Table Grid")

    @_at_element
    def row(self, el: ET.Element, columns: int, above: dict[int, Cell]) -> Row:
        """A row; where a cell of a row above reaches down (rowspan), a merged cell stands."""
        written = [self.cell(child) for child in _only(el, "td")]
        cells: list[Cell] = []
        column, reaching = 0, {}
        while column < columns and (written or column in above):
            if column in above:
                top = above.pop(column)
                style = top.blocks[0].style
                cells.append(Cell((Paragraph(style, ()),), top.span, top.rows - 1, merged=True))
            else:
                cells.append(written.pop(0))
            if cells[-1].rows > 1:
                reaching[column] = cells[-1]
            column += cells[-1].span
        cells += written
        above.update(reaching)
        if sum(c.span for c in cells) != columns:
            raise MarkupError(
                f"<tr> のセルの数（span を含めて）を <col> の数 {columns} に合わせてください"
            )
        return Row(tuple(cells), header=_choice(el, "header", ("0", "1")) == "1")

    @_at_element
    def cell(self, el: ET.Element) -> Cell:
        blocks = [self.paragraph(child) for child in _only(el, "p")]
        if not blocks:
            raise MarkupError("<td> には <p> を一つ以上書いてください（空のセルも <p> で）")
        span, rows = el.get("span", "1"), el.get("rowspan", "1")
        if not span.isdigit() or int(span) < 1:
            raise MarkupError("<td> の span は 1 以上の整数で書いてください")
        if not rows.isdigit() or int(rows) < 1:
            raise MarkupError("<td> の rowspan は 1 以上の整数で書いてください")
        return Cell(tuple(blocks), int(span), int(rows))

    @_at_element
    def paragraph(self, el: ET.Element) -> Paragraph:
        style = el.get("style")
        if not style:
            raise MarkupError("<p> には style を付けてください")
        label = None
        inlines: list[Inline] = []
        self.text(el.text, None, inlines)
        for child in el:
            if child.tag == "label":
                if label is not None or inlines:
                    raise MarkupError("<label> は <p> の最初に一つだけ書けます", child)
                extend = _choice(child, "extend", ("left", "right"))
                label = Label(tuple(self.inlines(child)), extend)  # type: ignore[arg-type]
            else:
                self.inline(child, None, inlines)
            self.text(child.tail, None, inlines)
        return Paragraph(style=style, inlines=tuple(inlines), label=label)

    def inlines(self, el: ET.Element, style: str | None = None) -> list[Inline]:
        out: list[Inline] = []
        self.text(el.text, style, out)
        for child in el:
            self.inline(child, style, out)
            self.text(child.tail, style, out)
        return out

    @_at_element
    def inline(self, el: ET.Element, style: str | None, out: list[Inline]) -> None:
        if el.tag == "span":
            out.extend(self.inlines(el, el.get("style") or style))
        elif el.tag == "br":
            out.append(LineBreak())
        elif el.tag == "fit":
            try:
                width = float(el.get("width", ""))
            except ValueError as exc:
                raise MarkupError("<fit> の width は文字数（数値）で書いてください") from exc
            out.append(Fit(_MARK.sub("", "".join(el.itertext())), width))
        else:
            raise MarkupError(f"<p> の中で使えない要素です: <{el.tag}>")

    def text(self, text: str | None, style: str | None, out: list[Inline]) -> None:
        """Split content text at newlines into runs and line breaks."""
        if not text:
            return
        text, sources = self.unmark(text) if _OPEN in text else (text, ())
        at = 0
        for i, part in enumerate(text.split("\n")):
            if i:
                out.append(LineBreak())
            if part:
                end = at + len(part)
                inside = tuple(
                    Sourced(max(s.start, at) - at, min(s.end, end) - at, s.origin)
                    for s in sources
                    if s.start < end and s.end > at
                )
                out.append(Text(part, style, inside))
            at += len(part) + 1

    def unmark(self, text: str) -> tuple[str, tuple[Sourced, ...]]:
        """`text` without its marks, and which of its characters each marked value covers."""
        clean: list[str] = []
        sources: list[Sourced] = []
        opened: list[tuple[int, int]] = []  # (origin number, where it starts in the clean text)
        length, done = 0, 0
        for found in _MARK.finditer(text):
            clean.append(text[done : found.start()])
            length += found.start() - done
            done = found.end()
            if found[1] is not None:
                opened.append((int(found[1]), length))
            elif opened:
                number, start = opened.pop()
                if start < length and number < len(self.origins):
                    sources.append(Sourced(start, length, self.origins[number]))
        clean.append(text[done:])
        return "".join(clean), tuple(sorted(sources, key=lambda s: (s.start, -s.end)))


def _only(el: ET.Element, tag: str) -> Iterator[ET.Element]:
    """The children of `el`, each a <tag>, with nothing but whitespace around them."""
    _expect_blank(el.text, el.tag)
    for child in el:
        if child.tag != tag:
            raise MarkupError(
                f"<{el.tag}> の中には <{tag}> だけを書けます（<{child.tag}> があります）", child
            )
        yield child
        _expect_blank(child.tail, el.tag)


def _choice(el: ET.Element, name: str, allowed: tuple[str, ...]) -> str:
    value = el.get(name, allowed[0])
    if value not in allowed:
        raise MarkupError(f"<{el.tag} {name}> は {' / '.join(allowed)} のどれかにしてください", el)
    return value


def _column_width(el: ET.Element) -> float:
    try:
        width = float(el.get("width", ""))
    except ValueError:
        width = 0.0
    if not width > 0:
        raise MarkupError("<col> の width は列の幅の割合（正の数）で書いてください", el)
    return width


def _expect_blank(text: str | None, where: str) -> None:
    if text and text.strip():
        raise MarkupError(
            f"<{where}> の中の文字は <p> で囲んでください: {_MARK.sub('', text).strip()[:20]}"
        )

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
      </table>
    </document>

Inside <p>, every character is content: a newline is a line break. Between blocks, whitespace
is the template's layout and is ignored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
    Table,
    Text,
)


class MarkupError(ValueError):
    """The template produced markup that is not the vocabulary above."""


def parse(markup: str) -> Document:
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line, _col = exc.position
        raise MarkupError(
            f"テンプレートの出力が正しい形になっていません（{line}行目）: {exc}"
        ) from exc
    if root.tag != "document":
        raise MarkupError("テンプレートの出力は <document> で始めてください")
    _expect_blank(root.text, "document")
    blocks: list[Block] = []
    for child in root:
        if child.tag == "p":
            blocks.append(_paragraph(child))
        elif child.tag == "table":
            blocks.append(_table(child))
        else:
            raise MarkupError(
                f"<document> の中には <p> と <table> だけを書けます（<{child.tag}> があります）"
            )
        _expect_blank(child.tail, "document")
    return Document(
        blocks=blocks,
        title=root.get("title", ""),
        orientation=_choice(root, "orientation", ("portrait", "landscape")),
        page_numbers=_choice(root, "page-numbers", ("auto", "always", "never")),
    )


def _choice(el: ET.Element, name: str, allowed: tuple[str, ...]) -> str:
    value = el.get(name, allowed[0])
    if value not in allowed:
        raise MarkupError(f"<{el.tag} {name}> は {' / '.join(allowed)} のどれかにしてください")
    return value


def _table(el: ET.Element) -> Table:
    _expect_blank(el.text, "table")
    columns: list[float] = []
    rows: list[Row] = []
    for child in el:
        if child.tag == "col" and not rows:
            columns.append(_column_width(child))
        elif child.tag == "tr" and columns:
            rows.append(_row(child, len(columns)))
            if rows[-1].header and not all(r.header for r in rows):
                raise MarkupError('<tr header="1"> は表の最初の行にだけ付けられます')
        else:
            raise MarkupError(
                "<table> の中には <col> を列の数だけ書き、続けて <tr> を書いてください"
            )
        _expect_blank(child.tail, "table")
    if not rows:
        raise MarkupError("<table> には <tr> を一つ以上書いてください")
    return Table(tuple(columns), tuple(rows), el.get("style") or "Table Grid")


def _column_width(el: ET.Element) -> float:
    try:
        width = float(el.get("width", ""))
    except ValueError:
        width = 0.0
    if not width > 0:
        raise MarkupError("<col> の width は列の幅の割合（正の数）で書いてください")
    return width


def _row(el: ET.Element, columns: int) -> Row:
    _expect_blank(el.text, "tr")
    cells = []
    for child in el:
        if child.tag != "td":
            raise MarkupError(f"<tr> の中には <td> だけを書けます（<{child.tag}> があります）")
        cells.append(_cell(child))
        _expect_blank(child.tail, "tr")
    if sum(c.span for c in cells) != columns:
        raise MarkupError(
            f"<tr> のセルの数（span を含めて）を <col> の数 {columns} に合わせてください"
        )
    return Row(tuple(cells), header=_choice(el, "header", ("0", "1")) == "1")


def _cell(el: ET.Element) -> Cell:
    _expect_blank(el.text, "td")
    blocks = []
    for child in el:
        if child.tag != "p":
            raise MarkupError(f"<td> の中には <p> だけを書けます（<{child.tag}> があります）")
        blocks.append(_paragraph(child))
        _expect_blank(child.tail, "td")
    if not blocks:
        raise MarkupError("<td> には <p> を一つ以上書いてください（空のセルも <p> で）")
    span = el.get("span", "1")
    if not span.isdigit() or int(span) < 1:
        raise MarkupError("<td> の span は 1 以上の整数で書いてください")
    return Cell(tuple(blocks), int(span))


def _expect_blank(text: str | None, where: str) -> None:
    if text and text.strip():
        raise MarkupError(f"<{where}> の中の文字は <p> で囲んでください: {text.strip()[:20]}")


def _paragraph(el: ET.Element) -> Paragraph:
    style = el.get("style")
    if not style:
        raise MarkupError("<p> には style を付けてください")
    label = None
    inlines: list[Inline] = []
    _text(el.text, None, inlines)
    for child in el:
        if child.tag == "label":
            if label is not None or inlines:
                raise MarkupError("<label> は <p> の最初に一つだけ書けます")
            extend = _choice(child, "extend", ("left", "right"))
            label = Label(tuple(_inlines(child)), extend)  # type: ignore[arg-type]
        else:
            _inline(child, None, inlines)
        _text(child.tail, None, inlines)
    return Paragraph(style=style, inlines=tuple(inlines), label=label)


def _inlines(el: ET.Element, style: str | None = None) -> list[Inline]:
    out: list[Inline] = []
    _text(el.text, style, out)
    for child in el:
        _inline(child, style, out)
        _text(child.tail, style, out)
    return out


def _inline(el: ET.Element, style: str | None, out: list[Inline]) -> None:
    if el.tag == "span":
        out.extend(_inlines(el, el.get("style") or style))
    elif el.tag == "br":
        out.append(LineBreak())
    elif el.tag == "fit":
        try:
            width = float(el.get("width", ""))
        except ValueError as exc:
            raise MarkupError("<fit> の width は文字数（数値）で書いてください") from exc
        out.append(Fit("".join(el.itertext()), width))
    else:
        raise MarkupError(f"<p> の中で使えない要素です: <{el.tag}>")


def _text(text: str | None, style: str | None, out: list[Inline]) -> None:
    """Split content text at newlines into runs and line breaks."""
    if not text:
        return
    for i, part in enumerate(text.split("\n")):
        if i:
            out.append(LineBreak())
        if part:
            out.append(Text(part, style))

"""Draw the laid-out pages with reportlab: fonts embedded and subset, nothing left to chance."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from ..metrics import Measure
from ..styles import StyleSheet
from ..tree import Document, paragraphs
from .pdf_layout import Layout, Page


def write_pdf(
    doc: Document,
    sheet: StyleSheet,
    measure: Measure,
    *,
    author: str,
    stamp: datetime,
) -> tuple[bytes, int]:
    """The PDF's bytes and its page count; the same bytes for the same inputs."""
    from reportlab.pdfgen.canvas import Canvas

    layout = Layout(sheet, measure, doc.orientation)
    pages = layout.pages(doc)
    numbered = doc.page_numbers == "always" or (doc.page_numbers == "auto" and len(pages) > 1)
    first = next(paragraphs(doc.blocks), None)
    body = sheet.paragraph(first.style if first is not None else "Normal")
    initial = measure.fonts.face(body.font).ttfont().fontName
    out = io.BytesIO()
    with _source_date(stamp):
        canvas = Canvas(
            out,
            pagesize=(layout.page.width, layout.page.height),
            invariant=1,
            initialFontName=initial,
            lang="ja",
        )
    canvas.setTitle(doc.title)
    canvas.setAuthor(author)
    canvas.setCreator("handouts")
    for number, page in enumerate(pages, start=1):
        _draw(canvas, page, layout.page.height)
        if numbered:
            _page_number(canvas, sheet, measure, layout, number)
        canvas.showPage()
    canvas.save()
    return out.getvalue(), len(pages)


def _draw(canvas, page: Page, height: float) -> None:
    from reportlab.lib.colors import HexColor

    canvas.setLineCap(2)  # square ends: the sides of a box meet at its corners
    for rule in page.rules:
        canvas.setLineWidth(rule.width)
        canvas.setStrokeColor(HexColor(f"#{rule.color}"))
        canvas.line(rule.x1, height - rule.y1, rule.x2, height - rule.y2)
    text = canvas.beginText()
    for line in page.lines:
        y = height - line.baseline
        for seg in line.segments:
            text.setFont(seg.font, seg.size)
            text.setCharSpace(seg.char_space)
            text.setTextOrigin(line.x + seg.x, y)
            text.textOut(seg.text)
    canvas.drawText(text)


def _page_number(canvas, sheet: StyleSheet, measure: Measure, layout: Layout, n: int) -> None:
    style = sheet.paragraph("ページ番号")
    face = measure.fonts.face(style.font)
    label = f"- {n} -"
    width = sum(face.widths().get(ord(c), 1.0) for c in label) * style.size
    page = layout.page
    slack = page.width - page.left - page.right - style.left - style.right - width
    offset = {"center": slack / 2, "right": slack}.get(style.align, 0.0)
    x = page.left + style.left + offset
    canvas.setFont(face.ttfont().fontName, style.size)
    canvas.drawString(x, page.footer, label)


@contextmanager
def _source_date(stamp: datetime) -> Iterator[None]:
    """reportlab dates the file from SOURCE_DATE_EPOCH: set it to the build's date meanwhile."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved

"""Draw the laid-out pages with reportlab: fonts embedded and subset, nothing left to chance.

The page content is written as PDF operators directly: one text object per page, a font or
spacing set only when it changes, each line moved to relative to the last. reportlab still
embeds and subsets the fonts, numbers the objects and writes the file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from ..metrics import Measure
from ..styles import StyleSheet
from ..tree import Document, paragraphs
from .pdf_layout import Layout, Page, PlacedLine, Segment


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
    with _reportlab_settings(stamp):
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
        content = _Content(canvas._doc, layout.page.height)
        for number, page in enumerate(pages, start=1):
            lines = page.lines
            if numbered:
                lines = [*lines, _page_number(sheet, measure, layout, number)]
            canvas.addLiteral(content.page(page, lines))
            canvas.showPage()
        canvas.save()
    return out.getvalue(), len(pages)


def _page_number(sheet: StyleSheet, measure: Measure, layout: Layout, n: int) -> PlacedLine:
    """The page number as one more line, in the ページ番号 style, at the footer distance."""
    style = sheet.paragraph("ページ番号")
    face = measure.fonts.face(style.font)
    label = f"- {n} -"
    width = sum(face.widths().get(ord(c), 1.0) for c in label) * style.size
    page = layout.page
    slack = page.width - page.left - page.right - style.left - style.right - width
    offset = {"center": slack / 2, "right": slack}.get(style.align, 0.0)
    x = page.left + style.left + offset
    return PlacedLine(
        x, page.height - page.footer, [Segment(label, face.pdf_name, style.size, 0.0, 0.0)]
    )


class _Content:
    """Pages as PDF content streams, their text in the fonts reportlab subsets."""

    def __init__(self, pdf: Any, height: float) -> None:
        from reportlab.pdfbase.pdfmetrics import getFont

        self.pdf = pdf  # reportlab's document: it numbers the font subsets
        self.height = height
        self.font = getFont

    def page(self, page: Page, lines: list[PlacedLine]) -> str:
        out = ["2 J"]  # square line ends: the sides of a box meet at its corners
        width, color = None, None
        for rule in page.rules:
            if rule.width != width:
                width = rule.width
                out.append(f"{_num(width)} w")
            if rule.color != color:
                color = rule.color
                out.append(f"{_rgb(color)} RG")
            y1, y2 = self.height - rule.y1, self.height - rule.y2
            out.append(f"{_num(rule.x1)} {_num(y1)} m {_num(rule.x2)} {_num(y2)} l S")
        if lines:
            out.append("BT")
            out.extend(self._text(lines))
            out.append("ET")
        return "\n".join(out)

    def _text(self, lines: list[PlacedLine]) -> Iterator[str]:
        """Text operators; positions in thousandths of a point, each move relative to the last."""
        x0 = y0 = 0
        font, space = None, 0.0
        for line in lines:
            y = round((self.height - line.baseline) * 1000)
            for seg in line.segments:
                if seg.char_space != space:
                    space = seg.char_space
                    yield f"{_num(space)} Tc"
                x = round((line.x + seg.x) * 1000)
                yield f"{_milli(x - x0)} {_milli(y - y0)} Td"
                x0, y0 = x, y
                ttf = self.font(seg.font)
                for subset, codes in ttf.splitString(seg.text, self.pdf):
                    name = ttf.getSubsetInternalName(subset, self.pdf)
                    if (name, seg.size) != font:
                        font = (name, seg.size)
                        yield f"{name} {_num(seg.size)} Tf"
                    yield f"<{codes.hex()}> Tj"


def _num(value: float) -> str:
    """A number as PDF writes it: three decimals at most, no trailing zeros."""
    return _milli(round(value * 1000))


def _milli(thousandths: int) -> str:
    sign = "-" if thousandths < 0 else ""
    whole, frac = divmod(abs(thousandths), 1000)
    if not frac:
        return f"{sign}{whole}" if whole else "0"
    return f"{sign}{whole}.{frac:03d}".rstrip("0")


def _rgb(color: str) -> str:
    """RRGGBB as the three components PDF takes, 0 to 1."""
    return " ".join(_num(int(color[i : i + 2], 16) / 255) for i in (0, 2, 4))


@contextmanager
def _reportlab_settings(stamp: datetime) -> Iterator[None]:
    """What reportlab takes from the environment, set for one PDF and put back after.

    It dates the file from SOURCE_DATE_EPOCH (set to the build's date). Streams are only
    deflated: ASCII85 on top of that makes them a quarter larger and costs time.
    """
    from reportlab import rl_config

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    saved_a85 = rl_config.useA85
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved_a85
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved

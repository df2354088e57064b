"""Write the laid-out pages as a PDF: fonts embedded and subset, nothing left to chance.

The layout has placed every glyph, so the page content is written as PDF operators directly:
one text object per page, a font or spacing set only when it changes, each line moved to
relative to the last. The file itself is generator.writers.pdf_file.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..typeset.layout import Layout, Page, PlacedLine, Segment
from ..typeset.pages import Typeset
from .pdf_file import Fonts, Objects, milli, number, pdf_date, text_string


def write_pdf(paper: Typeset) -> bytes:
    """The PDF's bytes: the same bytes for the same inputs."""
    doc, pages, layout = paper.document, paper.pages, paper.layout
    numbered = paper.page_numbered
    registry = paper.typography.fonts
    fonts = Fonts({f.pdf_name: f for f in (*registry.faces.values(), *registry.fallbacks)})
    objects = Objects()
    tree, resources = objects.reserve(), objects.reserve()
    box = f"0 0 {number(layout.page.width)} {number(layout.page.height)}".encode()
    content = _Content(fonts, layout.page.height)
    kids = []
    for n, page in enumerate(pages, start=1):
        lines = page.lines
        if numbered:
            lines = [*lines, _page_number(layout, n)]
        stream = objects.stream(content.page(page, lines).encode("latin-1"))
        kids.append(
            objects.add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [%s] /Resources %d 0 R"
                b" /Contents %d 0 R >>" % (tree, box, resources, stream)
            )
        )
    objects.put(resources, b"<< /Font %s /ProcSet [/PDF /Text] >>" % fonts.write(objects))
    objects.put(
        tree,
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)),
    )
    assert doc.date is not None, "the build dates every document before it is written"
    date = pdf_date(doc.date)
    info = objects.add(
        b"<< /Title %s /Author %s /Creator (handouts) /Producer (handouts)"
        b" /CreationDate (%s) /ModDate (%s) >>"
        % (text_string(doc.title), text_string(doc.author), date, date)
    )
    catalog = objects.add(b"<< /Type /Catalog /Pages %d 0 R /Lang (ja) >>" % tree)
    return objects.finish(catalog, info)


def _page_number(layout: Layout, n: int) -> PlacedLine:
    """The page number as one more line, in the ページ番号 style, at the footer distance."""
    style = layout.sheet.paragraph("ページ番号")
    face = layout.typography.fonts.face(style.font)
    label = f"- {n} -"
    width = sum(face.widths().get(ord(c), 1.0) for c in label) * style.size
    page = layout.page
    slack = page.width - page.left - page.right - style.left - style.right - width
    offset = {"center": slack / 2, "right": slack}.get(style.align, 0.0)
    x = page.left + style.left + offset
    label_segment = Segment(label, face.pdf_name, style.size, 0.0, 0.0, style.bold)
    return PlacedLine(x, page.height - page.footer, [label_segment])


class _Content:
    """Pages as PDF content streams."""

    def __init__(self, fonts: Fonts, height: float) -> None:
        self.fonts = fonts
        self.height = height

    def page(self, page: Page, lines: list[PlacedLine]) -> str:
        out = ["2 J"]  # square line ends: the sides of a box meet at its corners
        width, color = None, None
        for rule in page.rules:
            if rule.width != width:
                width = rule.width
                out.append(f"{number(width)} w")
            if rule.color != color:
                color = rule.color
                out.append(f"{_rgb(color)} RG")
            y1, y2 = self.height - rule.y1, self.height - rule.y2
            out.append(f"{number(rule.x1)} {number(y1)} m {number(rule.x2)} {number(y2)} l S")
        if lines:
            out.append("BT")
            out.extend(self._text(lines))
            out.append("ET")
        return "\n".join(out)

    def _text(self, lines: list[PlacedLine]) -> Iterator[str]:
        """Text operators; positions in thousandths of a point, each move relative to the last."""
        x0 = y0 = 0
        font, space = None, 0.0
        stroke = 0.0  # the outline added to bold text; 0: not bold
        for line in lines:
            y = round((self.height - line.baseline) * 1000)
            for seg in line.segments:
                if seg.char_space != space:
                    space = seg.char_space
                    yield f"{number(space)} Tc"
                bold = seg.size * _BOLD_STROKE if seg.bold else 0.0
                if bold != stroke:
                    yield f"0 G {number(bold)} w 2 Tr" if bold else "0 Tr"
                    stroke = bold
                x = round((line.x + seg.x) * 1000)
                yield f"{milli(x - x0)} {milli(y - y0)} Td"
                x0, y0 = x, y
                for name, codes in self.fonts.font(seg.font).encode(seg.text):
                    if (name, seg.size) != font:
                        font = (name, seg.size)
                        yield f"/{name} {number(seg.size)} Tf"
                    yield f"<{codes}> Tj"


# Bold as Word and LibreOffice draw it for a font without a bold face (BIZ UD明朝 has none):
# each glyph filled and outlined in black, the outline this fraction of the font size wide.
_BOLD_STROKE = 0.03


def _rgb(color: str) -> str:
    """RRGGBB as the three components PDF takes, 0 to 1."""
    return " ".join(number(int(color[i : i + 2], 16) / 255) for i in (0, 2, 4))

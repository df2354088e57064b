"""Write the document tree as a .docx that starts from the reference .docx (its styles, page).

Paragraphs are written as WordprocessingML with their style ids resolved once per document;
the package around them is the reference's (generator.writers.docx_package).
"""

from __future__ import annotations

from ..render.languages import passages, pieces
from ..render.tree import (
    Block,
    Fit,
    Inline,
    LineBreak,
    Paragraph,
    Table,
    Text,
    paragraph_text,
    paragraphs,
)
from ..typeset.pages import Typeset
from ..typeset.styles import ParagraphStyle, StyleSheet
from ..typeset.typography import Typography, label_indents
from .docx_package import Properties, write_package

_TWIPS = 20

# A passage's language as Word records it: Hangul is East Asian text to Word, so its language
# is w:eastAsia; English is w:val, the language of Latin text.
_LANGUAGES = {"ko": '<w:lang w:eastAsia="ko-KR"/>', "en": '<w:lang w:val="en-US"/>'}


def write_docx(paper: Typeset) -> bytes:
    """The .docx file's bytes: the same for the same inputs (fixed zip times, fixed properties)."""
    doc, sheet = paper.document, paper.layout.sheet
    body = _Paragraphs(sheet, paper.typography).render(doc.blocks, paper.layout.text_width)
    assert doc.date is not None, "the build dates every document before it is written"
    return write_package(
        sheet.path,
        body,
        landscape=doc.orientation == "landscape",
        footer=_page_number(sheet) if paper.page_numbered else None,
        properties=Properties(
            doc.title,
            doc.author,
            doc.date,
            pages=len(paper.pages),
            paragraphs=tuple(paragraph_text(p) for p in paragraphs(doc.blocks)),
        ),
    )


class _Paragraphs:
    def __init__(self, sheet: StyleSheet, typography: Typography) -> None:
        self.sheet = sheet
        self.typography = typography

    def render(self, blocks: list[Block], text_width: float) -> str:
        return "".join(
            self.paragraph(b) if isinstance(b, Paragraph) else self.table(b, text_width)
            for b in blocks
        )

    def table(self, t: Table, text_width: float) -> str:
        """A fixed grid as wide as the text; rows kept whole, header rows repeated by Word."""
        style = self.sheet.table(t.style)
        total = sum(t.columns)
        grid = [round(text_width * c / total * _TWIPS) for c in t.columns]
        # The package is in compatibility mode 15, where a table's border sits on the margin
        # (before it, a table reached left by its cell margin).
        indent = 0
        out = [
            f"<w:tbl><w:tblPr><w:tblStyle w:val={quoteattr(style.style_id)}/>"
            f'<w:tblW w:w="{sum(grid)}" w:type="dxa"/>'
            f'<w:tblInd w:w="{indent}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
            ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in grid),
            "</w:tblGrid>",
        ]
        for row in t.rows:
            header = "<w:tblHeader/>" if row.header else ""
            out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
            column = 0
            for cell in row.cells:
                width = sum(grid[column : column + cell.span])
                column += cell.span
                span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
                if cell.merged:
                    span += "<w:vMerge/>"
                elif cell.rows > 1:
                    span += '<w:vMerge w:val="restart"/>'
                    if row.header:  # in the middle of its rows, as the PDF sets it
                        span += '<w:vAlign w:val="center"/>'
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}</w:tcPr>')
                out.extend(self.paragraph(p) for p in cell.blocks)
                out.append("</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    def paragraph(self, p: Paragraph) -> str:
        style = self.sheet.paragraph(p.style)
        ppr = f"<w:pStyle w:val={quoteattr(style.style_id)}/>"
        runs = ""
        if p.label is not None:
            width = self.typography.width(style, p.label.inlines)
            left, hang = label_indents(style, p.label, width)
            if (left, hang) != (style.left, style.hanging):
                ppr += (
                    f'<w:ind w:leftChars="0" w:left="{round(left * _TWIPS)}"'
                    f' w:hangingChars="0" w:hanging="{round(hang * _TWIPS)}"/>'
                )
            runs = self.runs(p.label.inlines, style)
        runs += self.runs(p.inlines, style)
        return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"

    def runs(self, inlines: tuple[Inline, ...], style: ParagraphStyle) -> str:
        out = []
        for item in inlines:
            if isinstance(item, Text):
                out.append(self.text_runs(item, style))
            elif isinstance(item, Fit):
                out.append(self.fit(item, style))
            elif isinstance(item, LineBreak):
                out.append("<w:r><w:br/></w:r>")
        return "".join(out)

    def text_runs(self, item: Text, style: ParagraphStyle) -> str:
        """One run per font and language: characters drawn from a fallback font name it in
        w:rFonts, a passage in another language (generator.render.languages) has its w:lang."""
        rstyle = f"<w:rStyle w:val={quoteattr(self._char_id(item.style))}/>" if item.style else ""
        fonts = self.typography.fonts
        face = fonts.face(self.typography.font_of(style, item.style)[0])
        foreign = passages(item.text)
        out = []
        start = 0
        for piece, drawn in fonts.pieces(face, item.text):
            named = "" if drawn is face else _font_names(drawn.family)
            for text, lang in pieces(piece, foreign, start):
                marked = _LANGUAGES[lang] if lang is not None else ""
                rpr = f"<w:rPr>{rstyle}{named}{marked}</w:rPr>" if rstyle or named or marked else ""
                out.append(f"<w:r>{rpr}{_text(text)}</w:r>")
            start += len(piece)
        return "".join(out)

    def fit(self, item: Fit, style: ParagraphStyle) -> str:
        """均等割り付け as letter spacing after each character but the last.

        Word's own w:fitText is not honoured by LibreOffice; spacing looks the same in both.
        """
        text = item.text
        natural = self.typography.width(style, (Text(text),))
        if len(text) < 2:
            return f"<w:r>{_text(text)}</w:r>"
        gap = round(max(0.0, item.width * style.size - natural) / (len(text) - 1) * _TWIPS)
        return (
            f'<w:r><w:rPr><w:spacing w:val="{gap}"/></w:rPr>{_text(text[:-1])}</w:r>'
            f"<w:r>{_text(text[-1])}</w:r>"
        )

    def _char_id(self, name: str) -> str:
        return self.sheet.character(name).style_id


def _font_names(family: str) -> str:
    """w:rFonts naming one family for every script, so Word picks it whatever the character."""
    name = quoteattr(family)
    return (
        f'<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name} w:hint="eastAsia"/>'
    )


def _text(text: str) -> str:
    """Text as w:t elements, tabs as w:tab (a literal tab inside w:t is not a tab in Word)."""
    parts = text.split("\t")
    out = []
    for i, part in enumerate(parts):
        if i:
            out.append("<w:tab/>")
        if part:
            out.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return "".join(out)


def _page_number(sheet: StyleSheet) -> str:
    """The footer's paragraph: - 1 - with Word's PAGE field, in the ページ番号 style."""
    style = sheet.paragraph("ページ番号")
    return (
        f"<w:p><w:pPr><w:pStyle w:val={quoteattr(style.style_id)}/></w:pPr>"
        '<w:r><w:t xml:space="preserve">- </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        '<w:r><w:t xml:space="preserve"> -</w:t></w:r></w:p>'
    )


def escape(text: str) -> str:
    """Text as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    """A quoted XML attribute value (xml.sax.saxutils would import urllib and http for it)."""
    escaped = escape(value).replace('"', "&quot;")
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'

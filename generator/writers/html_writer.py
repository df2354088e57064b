"""The HTML edition of the public papers, for the city's website (JIS X 8341-3).

Each paper's page is written from the structure the tagged PDF carries
(generator.writers.pdf_tags.Structure, itself from the document tree), so the page and the PDF
give the same text in the same roles: h1/h2 for headings, ordered lists whose items keep their
printed labels (（１）, １) hanging as printed, tables with header cells scoped to their columns
and the printed columns' widths, <dfn> for a defined term; a paragraph's placing (centred,
right, the 資料番号's box) from its style in the reference .docx (generator.writers.web_styles).
The pages need nothing outside themselves: no script, no font, no style sheet to fetch; one
small style, with a print style (A4, without the link back, an entry kept on one page), is in
each page, and the characters only a committee's fallback font draws come with their glyphs
(generator.writers.web_fonts).

`index.html` lists the meeting's public papers as cities list files: each a link with its
format and size, 「資料２ 「協働」の定義について（PDF形式 85キロバイト）」, beside its HTML page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from math import ceil
from unicodedata import east_asian_width

from ..render.languages import passages, pieces
from ..render.tree import Document, Fit, LineBreak, Text
from ..typeset.fonts import FontRegistry
from ..typeset.styles import StyleSheet
from ..typeset.typography import Typography
from .pdf_tags import Element, Slot, Structure
from .web_fonts import font_faces
from .web_styles import class_of, class_rules

_STYLE = """
body { font-family: sans-serif; line-height: 1.7; max-width: 48em; margin: 1em auto;
  padding: 0 1em; color: #000; background: #fff; }
h1, h2, h3 { line-height: 1.4; word-break: auto-phrase; text-wrap: balance; }
ol.labelled { list-style: none; padding-left: 0; }
ol.labelled > li { display: flex; }
ol.labelled > li > .label { flex: none; display: flex; justify-content: flex-end;
  width: var(--hang, auto); white-space: pre; }
ol.labelled > li > .body { flex: 1; min-width: 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 0.2em 0.4em; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; }
th { text-align: center; }
th > p, td > p { margin: 0; }
dl.particulars { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em; }
dl.particulars dd { margin: 0; }
th > :first-child, td > :first-child { margin-top: 0; }
th > :last-child, td > :last-child { margin-bottom: 0; }
td > h2 { font-size: 1.1em; }
dfn { font-style: normal; font-weight: bold; }
li > a + a { white-space: nowrap; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  a { color: #000; text-decoration: none; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  ol.labelled > li:not(:has(ol)) { break-inside: avoid; }
  h1, h2 { break-after: avoid; }
}
@page { size: A4; margin: 20mm; }
"""

_TAGS = {
    "Document": "main",
    "P": "p",
    "H1": "h1",
    "H2": "h2",
    "H3": "h3",
    "H4": "h4",
    "H5": "h5",
    "H6": "h6",
    "THead": "thead",
    "TBody": "tbody",
    "TR": "tr",
}


@dataclass(frozen=True)
class Listed:
    """One public paper on the index: what it is called, its PDF and, if made, its page."""

    title: str  # 資料２ 「協働」の定義について
    pdf: str  # file name of the PDF, in the same folder
    size: int  # the PDF's bytes
    page: str | None = None  # file name of its HTML page


def paper_page(document: Document, typography: Typography, index: str = "index.html") -> bytes:
    """One paper as a web page of its own, with a link back to the meeting's list: headings
    where the styles have them, and what the PDF draws with a committee's fallback font, the
    page draws with it too."""
    sheet = typography.sheet
    used: set[str] = set()  # the paragraph styles on the page
    main = _element(Structure(document, sheet.headings).root, sheet, used)
    nav = f'<nav><a href="{escape(index)}">会議資料の一覧へ戻る</a></nav>\n'
    look = class_rules(sheet, used) + font_faces(main, typography.fonts)
    return _page(document.title, nav + main, look)


def index_page(
    title: str, particulars: list[tuple[str, str]], papers: list[Listed], fonts: FontRegistry
) -> bytes:
    """The meeting's page: when and where it is held, then each public paper's PDF with its
    format and size, and its page; a name's 外字 drawn as in the papers."""
    facts = "".join(
        f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>\n" for name, value in particulars
    )
    items = []
    for paper in papers:
        size = f"PDF形式 {kilobytes(paper.size)}キロバイト"
        link = f'<a href="{escape(paper.pdf)}">{escape(paper.title)}（{size}）</a>'
        if paper.page is not None:
            link += f'　<a href="{escape(paper.page)}">HTML版</a>'
        items.append(f"<li>{link}</li>\n")
    body = (
        f'<main>\n<h1>{escape(title)}</h1>\n<dl class="particulars">\n{facts}</dl>\n'
        f"<h2>会議資料</h2>\n<ul>\n{''.join(items)}</ul>\n</main>"
    )
    return _page(title, body, font_faces(body, fonts))


def kilobytes(size: int) -> int:
    """Bytes as the whole kilobytes (1,024 bytes) a city's file list shows, rounded up."""
    return max(1, ceil(size / 1024))


def _page(title: str, body: str, look: str) -> bytes:
    """The page around `body`; `look`: the page's own style rules, after the shared ones."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}{look}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    ).encode()


def _element(element: Element, sheet: StyleSheet, used: set[str]) -> str:
    inner = "".join(
        _slot(k) if isinstance(k, Slot) else _element(k, sheet, used) for k in element.kids
    )
    kind = element.kind
    if kind == "L":
        # role="list": Safari drops the list from VoiceOver when its markers are hidden
        hang = _hang(element)
        return f'<ol class="labelled" role="list" style="--hang: {hang}em">\n{inner}</ol>\n'
    if kind == "LI":
        return f"<li>{inner}</li>\n"
    if kind == "Lbl":
        return f'<span class="label">{inner}</span>'
    if kind == "LBody":
        return f'<div class="body">{inner}</div>'
    if kind == "Span":
        return f"<dfn>{inner}</dfn>"
    if kind in ("TH", "TD"):
        return _cell(element, inner) + "\n"
    if kind == "Table":
        return f"<table>\n{_columns(element.shares)}{inner}</table>\n"
    tag = _TAGS[kind]
    name = class_of(sheet, element.style) if element.style else ""
    if name:
        used.add(element.style)
    attribute = f' class="{name}"' if name else ""
    return f"<{tag}{attribute}>{inner}</{tag}>\n"  # a line each: readable source


def _hang(items: Element) -> float:
    """A list's hanging indent in em, as printed: its labels' most common width. A wider label
    (（１０） after （９）) reaches to the left and its text stays in line with the others'."""
    widths = Counter(
        sum(1.0 if east_asian_width(c) in "WFA" else 0.5 for c in _label(item))
        for item in items.kids
        if isinstance(item, Element)
    )
    return min(widths, key=lambda width: (-widths[width], width), default=0.0)


def _label(item: Element) -> str:
    """The text of a list item's label."""
    return "".join(
        inline.text
        for lbl in item.kids
        if isinstance(lbl, Element) and lbl.kind == "Lbl"
        for slot in lbl.kids
        if isinstance(slot, Slot)
        for inline in slot.inlines
        if isinstance(inline, Text | Fit)
    )


def _columns(shares: tuple[float, ...]) -> str:
    """The columns' widths as printed, so that a narrow column (the 用語) is not squeezed to one
    character a line: Japanese text may break anywhere, so a browser's own sizing would."""
    if not shares:
        return ""
    total = sum(shares)
    cols = "".join(f'<col style="width: {100 * share / total:.1f}%">' for share in shares)
    return f"<colgroup>{cols}</colgroup>\n"


def _cell(element: Element, inner: str) -> str:
    colspan = f' colspan="{element.columns}"' if element.columns > 1 else ""
    colspan += f' rowspan="{element.rows}"' if element.rows > 1 else ""
    if element.kind == "TH":
        return f'<th scope="col"{colspan}>{inner}</th>'
    return f"<td{colspan}>{inner}</td>"


def _slot(slot: Slot) -> str:
    """A slot's text; a passage in another language in a span with its lang."""
    out = []
    for inline in slot.inlines:
        if isinstance(inline, LineBreak):
            out.append("<br>")
        elif isinstance(inline, Text) and (found := passages(inline.text)):
            for text, lang in pieces(inline.text, found):
                out.append(
                    escape(text) if lang is None else f'<span lang="{lang}">{escape(text)}</span>'
                )
        elif isinstance(inline, Text | Fit):
            out.append(escape(inline.text))
    return "".join(out)

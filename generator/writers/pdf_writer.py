"""Write the laid-out pages as a PDF: fonts embedded and subset, nothing left to chance.

The layout has placed every glyph, so the page content is written as PDF operators directly:
one text object per page, a font or spacing set only when it changes, each line moved to
relative to the last. The file itself is generator.writers.pdf_file.

Every file is tagged (PDF/UA-1): each run of text is marked content under its element of the
structure tree (generator.writers.pdf_tags), page numbers and rules are artifacts. With its
XMP metadata and sRGB output intent (generator.writers.pdf_archive) it is also PDF/A-2A.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..render.languages import Passage, passages, pieces
from ..render.tree import Document, Text
from ..typeset.layout import Layout, Page, PlacedLine, Segment
from ..typeset.pages import Typeset
from .pdf_archive import metadata, output_intent
from .pdf_file import Fonts, Objects, milli, number, pdf_date, text_string
from .pdf_tags import Element, Slot, Structure, kept


def write_pdf(paper: Typeset, *, first: int = 1, artifact: bool = False) -> bytes:
    """The PDF's bytes: the same bytes for the same inputs.

    `first`: its first object number, and the first key its pages have in the structure's
    parent tree; the build gives each paper numbers no other paper uses, so that the packet
    can take its objects as they are.
    `artifact`: every mark is an artifact (the 資料番号 box laid over another maker's page, whose
    structure tree, if it has one, does not know it).
    """
    doc, pages, layout = paper.document, paper.pages, paper.layout
    numbered = paper.page_numbered
    registry = paper.typography.fonts
    fonts = Fonts({f.pdf_name: f for f in (*registry.faces.values(), *registry.fallbacks)})
    objects = Objects(first)
    tree, resources = objects.reserve(), objects.reserve()
    box = f"0 0 {number(layout.page.width)} {number(layout.page.height)}".encode()
    structure = Structure(Document([]) if artifact else doc, layout.sheet.headings)
    content = _Content(fonts, layout.page.height, structure)
    kids = []
    for n, page in enumerate(pages, start=1):
        lines = page.lines
        if numbered:
            lines = [*lines, _page_number(layout, n)]
        stream = objects.stream(content.page(page, lines, n - 1).encode("latin-1"))
        kids.append(
            objects.add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [%s] /Resources %d 0 R"
                b" /Contents %d 0 R /StructParents %d /Tabs /S >>"
                % (tree, box, resources, stream, first + n - 1)
            )
        )
    objects.put(resources, b"<< /Font %s /ProcSet [/PDF /Text] >>" % fonts.write(objects))
    # The objects a packet replaces get object streams of their own (the page tree's root here,
    # the Document element in _structure_tree), so that nothing of theirs is left behind.
    objects.put(
        tree,
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)),
        alone=True,
    )
    assert doc.date is not None, "the build dates every document before it is written"
    date = pdf_date(doc.date)
    info = objects.add(
        b"<< /Title %s /Author %s /Creator (handouts) /Producer (handouts)"
        b" /CreationDate (%s) /ModDate (%s) >>"
        % (text_string(doc.title), text_string(doc.author), date, date)
    )
    root = _structure_tree(objects, structure.root, kids, content.parents, first)
    xmp = metadata(objects, doc.title, doc.author, doc.date, tagged=True)
    intent = output_intent(objects)
    catalog = objects.add(
        b"<< /Type /Catalog /Pages %d 0 R /Lang (ja) /MarkInfo << /Marked true >>"
        b" /StructTreeRoot %d 0 R /ViewerPreferences << /DisplayDocTitle true >>"
        b" /Metadata %d 0 R /OutputIntents [%d 0 R] >>" % (tree, root, xmp, intent)
    )
    return objects.finish(catalog, info, b"1.7")


def _structure_tree(
    objects: Objects, document: Element, pages: list[int], parents: list[list[Element]], key: int
) -> int:
    """The structure tree's objects; its root. Elements without content are left out."""
    root = objects.reserve()
    written = kept(document)

    def write(element: Element, parent: int) -> int:
        number = element.number = objects.reserve()
        page = None
        items = []
        for kid in element.kids:
            if isinstance(kid, Element):
                if id(kid) in written:
                    items.append(b"%d 0 R" % write(kid, number))
                continue
            for on, mcid in kid.marks:
                if page is None:
                    page = on
                if on == page:
                    items.append(b"%d" % mcid)
                else:
                    items.append(b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (pages[on], mcid))
        where = b" /Pg %d 0 R" % pages[page] if page is not None else b""
        attributes = _attributes(element)
        objects.put(
            number,
            b"<< /S /%s /P %d 0 R%s%s /K %s >>"
            % (element.kind.encode(), parent, where, attributes, _one_or_array(items)),
            alone=element is document,
        )
        return number

    top = write(document, root)
    arrays = [
        objects.add(b"[%s]" % b" ".join(b"%d 0 R" % e.number for e in marked)) for marked in parents
    ]
    nums = b" ".join(b"%d %d 0 R" % (i, a) for i, a in enumerate(arrays, start=key))
    tree = objects.add(b"<< /Nums [%s] >>" % nums)
    objects.put(
        root,
        b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
        % (top, tree, key + len(pages)),
    )
    return root


def _attributes(element: Element) -> bytes:
    """A table cell's attributes: a header cell heads its column, a cell spans its columns
    and rows."""
    span = b" /ColSpan %d" % element.columns if element.columns > 1 else b""
    span += b" /RowSpan %d" % element.rows if element.rows > 1 else b""
    if element.kind == "TH":
        return b" /A << /O /Table /Scope /Column%s >>" % span
    return b" /A << /O /Table%s >>" % span if span else b""


def _one_or_array(items: list[bytes]) -> bytes:
    return items[0] if len(items) == 1 else b"[%s]" % b" ".join(items)


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
    label_segment = Segment(label, face.pdf_name, style.size, 0.0, 0.0, style.bold)  # no node
    return PlacedLine(x, page.height - page.footer, [label_segment])


class _Content:
    """Pages as PDF content streams, their text marked as the structure tree's content."""

    def __init__(self, fonts: Fonts, height: float, structure: Structure) -> None:
        self.fonts = fonts
        self.height = height
        self.structure = structure
        self.parents: list[list[Element]] = []  # per page: the element of each MCID

    def page(self, page: Page, lines: list[PlacedLine], index: int) -> str:
        self.parents.append([])
        out = ["2 J"]  # square line ends: the sides of a box meet at its corners
        if page.rules:
            out.append("/Artifact BMC")
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
        if page.rules:
            out.append("EMC")
        if lines:
            out.append("BT")
            out.extend(self._text(lines, index))
            out.append("ET")
        return "\n".join(out)

    def _mark(self, slot: Slot | None, index: int, numbering: bool) -> str:
        """The operator opening marked content for slot (None: an artifact, such as the page
        number when `numbering`, or a repeated header row)."""
        if slot is None:
            if numbering:
                return "/Artifact << /Type /Pagination /Subtype /Footer >> BDC"
            return "/Artifact << /Type /Pagination >> BDC"
        marked = self.parents[index]
        slot.marks.append((index, len(marked)))
        marked.append(slot.owner)
        return f"/{slot.owner.kind} << /MCID {len(marked) - 1} >> BDC"

    def _text(self, lines: list[PlacedLine], index: int) -> Iterator[str]:
        """Text operators; positions in thousandths of a point, each move relative to the last.

        Consecutive segments of one slot share one marked-content sequence, across lines.
        A passage in another language (generator.render.languages) is a Span with its /Lang
        nested in it, open across the segments it runs over (a change of font, a line's end)
        and closed where the passage or the slot's sequence ends.
        """
        x0 = y0 = 0
        font, space = None, 0.0
        stroke = 0.0  # the outline added to bold text; 0: not bold
        current: Slot | bool | None = False  # False: no marked content open
        source: tuple = (None, -1)  # the (paragraph, inline) of `current`
        foreign: list[Passage] = []  # the passages of the inline `source` draws
        speaking: str | None = None  # the /Lang of the open Span; None: no Span open
        for line in lines:
            y = round((self.height - line.baseline) * 1000)
            drawn = None  # the look of the segment just drawn on this line
            for seg in line.segments:
                if seg.node is not source[0] or seg.part != source[1]:
                    source = (seg.node, seg.part)
                    slot = self.structure.slot(seg.node, seg.part)
                    repeat = slot is not None and slot.repeated and slot.marks
                    if repeat and slot.marks[0][0] != index:
                        slot = None  # a header row repeated on a later page
                    foreign = []
                    if slot is not None:
                        label = seg.node.label.inlines if seg.node.label is not None else ()
                        part = seg.part - len(label)
                        inline = seg.node.inlines[part] if part >= 0 else label[seg.part]
                        if isinstance(inline, Text):
                            foreign = passages(inline.text)
                if slot is not current:
                    if speaking is not None:
                        yield "EMC"
                        speaking = None
                    if current is not False:
                        yield "EMC"
                    yield self._mark(slot, index, seg.node is None)
                    current = slot
                if seg.char_space != space:
                    space = seg.char_space
                    yield f"{number(space)} Tc"
                bold = seg.size * _BOLD_STROKE if seg.bold else 0.0
                if bold != stroke:
                    yield f"0 G {number(bold)} w 2 Tr" if bold else "0 Tr"
                    stroke = bold
                look = (seg.font, seg.size, seg.char_space, seg.bold)
                if look != drawn:  # else it goes on where the last one ended, as one run did
                    x = round((line.x + seg.x) * 1000)
                    yield f"{milli(x - x0)} {milli(y - y0)} Td"
                    x0, y0 = x, y
                drawn = look
                for text, lang in pieces(seg.text, foreign, seg.start):
                    if lang != speaking:
                        if speaking is not None:
                            yield "EMC"
                        if lang is not None:
                            yield f"/Span << /Lang ({lang}) >> BDC"
                        speaking = lang
                    for name, codes in self.fonts.font(seg.font).encode(text):
                        if (name, seg.size) != font:
                            font = (name, seg.size)
                            yield f"/{name} {number(seg.size)} Tf"
                        yield f"<{codes}> Tj"
        if speaking is not None:
            yield "EMC"
        if current is not False:
            yield "EMC"


# Bold as Word and LibreOffice draw it for a font without a bold face (BIZ UD明朝 has none):
# each glyph filled and outlined in black, the outline this fraction of the font size wide.
_BOLD_STROKE = 0.03


def _rgb(color: str) -> str:
    """RRGGBB as the three components PDF takes, 0 to 1."""
    return " ".join(number(int(color[i : i + 2], 16) / 255) for i in (0, 2, 4))

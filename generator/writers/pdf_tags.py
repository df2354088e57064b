"""The structure tree of a tagged PDF (PDF/UA-1), taken from the document tree.

Screen readers and the text a citizen copies out of a PDF follow this tree, not the drawing
order, so it says what each line is. Roles come from the styles of reference.docx:

- a heading style (one with an outline level, Word's アウトライン レベル: 表題 1, 見出し and
  表区分 2, a document's 見出し１ … ３ 2 … 4) → H1 … H6, a level never skipped (a 見出し with
  no 表題 above it is H1);
- a paragraph with a label such as （１）, １　or ア → a list item: L / LI / Lbl (the label) /
  LBody (the text); items of one style form one list, items of another style right after an
  item form a list nested in its LBody (the 次第's 細目 under its 議題), and a paragraph
  without a label among nested items stays in the outer item (a 次第注記 among 提出資料);
- a label set in a character style (the 用語 before a 定義) is not a number but a term: Span
  inside a P, and that P continues the list item before it (the entry it defines);
- a paragraph without a label in a style that carries on the entry above it (a 定義 without a
  term, the narrative 発言 of a 会議録) continues the list item before it, as it is printed,
  indented under that item's text; among labelled paragraphs of its own style (the speakers
  of one agenda item) it ends their list and continues the item around them;
- any other run in a character style → Span; any other paragraph → P (the 資料番号 too);
- a table → Table / THead (header rows) / TBody / TR / TH (Scope Column) or TD, with ColSpan
  and RowSpan (a cell merged into the one above is part of it, not a cell of its own);
  the header rows drawn again on the table's later pages are artifacts (read once).

Everything drawn that is not in the tree (page numbers, rules, boxes) is an artifact; the
writer marks it so. The HTML edition (generator.writers.html_writer) is written from this same
tree, so a web page and its PDF say the same things in the same roles.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..render.tree import Block, Document, Inline, Paragraph, Table, Text

CONTINUES = {"定義", "発言"}  # unlabelled, the text of the list item above


class Slot:
    """Content of an element: the inlines it holds, and where the PDF drew them ((page index,
    MCID) pairs). The HTML edition reads the same inlines.

    A plain class with slots: a long paper has tens of thousands of them.
    """

    __slots__ = ("inlines", "marks", "owner", "repeated")

    def __init__(self, owner: Element) -> None:
        self.owner = owner
        self.marks: list[tuple[int, int]] = []
        self.inlines: list[Inline] = []
        self.repeated = False  # in a table's header row, which every page of the table repeats


class Element:
    """A structure element: its type, its kids in order, for a table cell the columns and rows
    it spans, and for a table its columns' shares of the width (the HTML edition sizes its
    columns as printed)."""

    __slots__ = ("columns", "kids", "kind", "number", "rows", "shares", "style")

    def __init__(self, kind: str, columns: int = 1, rows: int = 1) -> None:
        self.kind = kind
        self.kids: list[Element | Slot] = []
        self.columns = columns
        self.rows = rows
        self.number = 0  # its object number, once the PDF writer has given it one
        self.shares: tuple[float, ...] = ()
        self.style = ""  # a P's or heading's paragraph style (the web page takes its look)

    def add(self, kind: str, columns: int = 1, rows: int = 1) -> Element:
        child = Element(kind, columns, rows)
        self.kids.append(child)
        return child

    def slot(self) -> Slot:
        slot = Slot(self)
        self.kids.append(slot)
        return slot


@dataclass
class _ListLevel:
    style: str
    items: Element  # the L
    body: Element  # the last item's LBody


class Structure:
    """The tree of one document, and which slot each (paragraph, inline index) draws into."""

    def __init__(self, doc: Document, headings: Mapping[str, int]) -> None:
        self.root = Element("Document")
        self.headings = headings  # paragraph style → heading level (StyleSheet.headings)
        self.slots: dict[tuple[int, int], Slot] = {}
        self._level = 0  # the deepest heading level so far
        self._blocks(doc.blocks, self.root)

    def slot(self, node: Paragraph | None, part: int) -> Slot | None:
        """The slot for a drawn segment; None: not content (an artifact)."""
        if node is None:
            return None
        return self.slots.get((id(node), part))

    def _blocks(self, blocks: list[Block] | tuple[Block, ...], container: Element) -> None:
        lists: list[_ListLevel] = []
        for block in blocks:
            if isinstance(block, Table):
                lists.clear()
                self._table(block, container)
                continue
            heading = self.headings.get(block.style)
            if heading is not None:
                lists.clear()
                self._level = min(heading, self._level + 1, 6)  # PDF has H1 … H6
                self._content(block, container.add(f"H{self._level}"))
            elif block.label is not None and _is_term(block):
                self._content(block, (lists[-1].body if lists else container).add("P"))
            elif block.label is not None:
                self._item(block, container, lists)
            elif block.style in CONTINUES and lists:
                if lists[-1].style == block.style:  # a narrative among speakers
                    lists.pop()
                self._content(block, (lists[-1].body if lists else container).add("P"))
            elif len(lists) > 1:  # a note among nested items: it stays in the outer item
                del lists[1:]
                self._content(block, lists[0].body.add("P"))
            else:
                lists.clear()
                self._content(block, container.add("P"))

    def _item(self, p: Paragraph, container: Element, lists: list[_ListLevel]) -> None:
        """A labelled paragraph as a list item, in its list or a new (nested) one."""
        if any(level.style == p.style for level in lists):
            while lists[-1].style != p.style:
                lists.pop()
            items = lists[-1].items
        else:
            items = (lists[-1].body if lists else container).add("L")
            lists.append(_ListLevel(p.style, items, items))
        item = items.add("LI")
        assert p.label is not None
        self._parts(p, item.add("Lbl"), 0, p.label.inlines, plain=True)
        lists[-1].body = item.add("LBody")
        self._parts(p, lists[-1].body, len(p.label.inlines), p.inlines)

    def _content(self, p: Paragraph, element: Element) -> None:
        """A paragraph's label and text into element; styled runs as Span inside it."""
        element.style = p.style
        labels = p.label.inlines if p.label is not None else ()
        self._parts(p, element, 0, labels)
        self._parts(p, element, len(labels), p.inlines)

    def _parts(
        self, p: Paragraph, element: Element, first: int, inlines: tuple, plain: bool = False
    ) -> None:
        for part, inline in enumerate(inlines, start=first):
            styled = not plain and isinstance(inline, Text) and inline.style is not None
            if styled:
                slot = element.add("Span").slot()
            elif element.kids and isinstance(element.kids[-1], Slot):
                slot = element.kids[-1]  # plain runs in a row are one piece of content
            else:
                slot = element.slot()
            slot.inlines.append(inline)
            self.slots[(id(p), part)] = slot

    def _table(self, table: Table, container: Element) -> None:
        element = container.add("Table")
        element.shares = table.columns
        head = [r for r in table.rows if r.header]
        body = [r for r in table.rows if not r.header]
        for group, rows in (("THead", head), ("TBody", body)):
            if not rows:
                continue
            section = element.add(group)
            for row in rows:
                tr = section.add("TR")
                for cell in row.cells:
                    if cell.merged:  # the cell above reaches down here (its RowSpan)
                        continue
                    kind = "TH" if row.header else "TD"
                    self._blocks(cell.blocks, tr.add(kind, cell.span, cell.rows))
                if row.header:
                    for slot in _slots(tr):
                        slot.repeated = True


def _slots(element: Element) -> Iterator[Slot]:
    for kid in element.kids:
        if isinstance(kid, Slot):
            yield kid
        else:
            yield from _slots(kid)


def _is_term(p: Paragraph) -> bool:
    """Whether the label is a term set in a character style (用語), not a number."""
    assert p.label is not None
    return any(isinstance(i, Text) and i.style is not None for i in p.label.inlines)


def kept(root: Element) -> set[int]:
    """The elements that go into the file (by id): those holding content, and table cells."""
    out: set[int] = set()

    def visit(element: Element) -> bool:
        holds = False
        for kid in element.kids:
            holds = (visit(kid) if isinstance(kid, Element) else bool(kid.marks)) or holds
        if holds or element.kind in ("TD", "TH"):
            out.add(id(element))
            return True
        return False

    visit(root)
    return out

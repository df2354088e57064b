"""Read a tagged PDF's structure tree back as text, as a screen reader walks it.

An independent reader (pypdf for the objects, our own small reading of the content streams):
each element on a line, indented by depth, with its table attributes, and each piece of marked
content as the text it draws, in tree order. Tests compare the dump with a reference file kept
in tests/data/structure/, as Typst's test suite does for its tag trees.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)


def structure_dump(path: Path) -> str:
    reader = PdfReader(str(path))
    texts = _marked_texts(reader)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    lines: list[str] = []

    def visit(element: DictionaryObject, depth: int, page: int | None) -> None:
        if "/Pg" in element:
            page = pages[element.raw_get("/Pg").idnum]
        attributes = element.get("/A")
        shown = ""
        if attributes is not None:
            shown = " " + " ".join(
                f"{k[1:]}={str(v).lstrip('/')}" for k, v in sorted(attributes.items()) if k != "/O"
            )
        lines.append("  " * depth + str(element["/S"])[1:] + shown)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if isinstance(kid, int):
                lines.append("  " * (depth + 1) + f'"{texts[(page, kid)]}"')
                continue
            kid = kid.get_object()
            if kid.get("/Type") == "/MCR":
                on = pages[kid.raw_get("/Pg").idnum]
                lines.append("  " * (depth + 1) + f'"{texts[(on, kid["/MCID"])]}"')
            else:
                visit(kid, depth + 1, page)

    top = root["/K"]
    for element in top if isinstance(top, list) else [top]:
        visit(element.get_object(), 0, None)
    return "\n".join(lines) + "\n"


def reading_order(path: Path) -> list[tuple[int, int]]:
    """The marked content as the tree reads it: (page index, MCID), depth first, each /K in order.

    An element's own content and its child elements take turns as /K lists them (ISO 32000-1,
    14.7.2), so a P holding [Span, text] reads the Span first.
    """
    reader = PdfReader(str(path))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    order: list[tuple[int, int]] = []

    def visit(element: DictionaryObject, page: int | None) -> None:
        if "/Pg" in element:
            page = pages[element.raw_get("/Pg").idnum]
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if isinstance(kid, int):
                assert page is not None
                order.append((page, kid))
                continue
            kid = kid.get_object()
            if kid.get("/Type") == "/MCR":
                order.append((pages[kid.raw_get("/Pg").idnum], kid["/MCID"]))
            else:
                visit(kid, page)

    top = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]
    for element in top if isinstance(top, list) else [top]:
        visit(element.get_object(), None)
    return order


def paint_order(path: Path) -> list[tuple[int, int]]:
    """The marked content that draws text as the pages paint it: (page index, MCID), first paint."""
    return list(_marked_texts(PdfReader(str(path))))


def tagged_text(path: Path) -> str:
    """The text a screen reader reads: the marked content in the tree's order, artifacts not."""
    lines = (line.strip() for line in structure_dump(path).splitlines())
    return "".join(line[1:-1] for line in lines if line.startswith('"'))


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text each marked-content sequence with an MCID draws, by (page index, MCID)."""
    out: dict[tuple[int, int], str] = {}
    for n, page in enumerate(reader.pages):
        fonts = {name: _to_unicode(font) for name, font in page["/Resources"]["/Font"].items()}
        stack: list[int | None] = []
        font: dict[int, str] = {}
        for operands, operator in ContentStream(page["/Contents"].get_object(), reader).operations:
            if operator == b"BDC":
                properties = operands[1]
                mcid = properties.get("/MCID") if isinstance(properties, dict) else None
                if mcid is None and operands[0] != "/Artifact" and stack:
                    mcid = stack[-1]  # nested without an MCID (a /Lang span): its parent's
                stack.append(mcid)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC":
                stack.pop()
            elif operator == b"Tf":
                font = fonts[operands[0]]
            elif operator == b"Tj" and stack and stack[-1] is not None:
                key = (n, stack[-1])
                codes = bytes(getattr(operands[0], "original_bytes", operands[0]))
                out[key] = out.get(key, "") + "".join(font.get(b, "?") for b in codes)
    return out


def _to_unicode(font: DictionaryObject | IndirectObject) -> dict[int, str]:
    data = font.get_object()["/ToUnicode"].get_object().get_data()
    return {
        int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for block in _BLOCK.findall(data)
        for code, text in _BFCHAR.findall(block)
    }

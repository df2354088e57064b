"""One PDF from PDFs this build has just written: the meeting packet.

Every part comes from a writer of this build: a paper from our PDF writer, an attached PDF as
pypdf wrote it when it was stamped. Both write plain files: a classic cross-reference table,
one flat page tree whose pages hold their own attributes, every object written out. So their
objects are copied as they are, each reference renumbered, under a new catalog with the
outline, the page labels and the packet's own title and dates; the parts' own catalogs and
document information are left behind. Why this is not pypdf's merge: bench/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .pdf_file import Objects, pdf_date, text_string

_XREF_AT = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_XREF = re.compile(rb"xref\s+0 (\d+)\s+")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r\n]{2}")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_REF = re.compile(rb"(\d+) 0 R\b")
_OBJ_HEAD = re.compile(rb"(\d+) 0 obj\s*")
_KEY_REF = {
    key: re.compile(rb"/" + key + rb"\s+(\d+) 0 R\b") for key in (b"Root", b"Pages", b"Info")
}
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_MEDIABOX = re.compile(rb"/MediaBox\s*\[([^\]]*)\]")
_ROTATE = re.compile(rb"/Rotate\s+(-?\d+)")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n)")
_INHERITED = re.compile(rb"/(?:Resources|MediaBox|CropBox|Rotate)\b")
_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


class SpliceError(Exception):
    """The PDF is not one this module can copy objects from."""


@dataclass(frozen=True)
class Part:
    """One paper inside the packet: what its pages are labelled, its outline entry, its PDF."""

    label: str  # 次第, 資料２
    title: str  # 資料２ 「協働」の定義について
    pdf: bytes
    public: bool = True


@dataclass(frozen=True)
class _Object:
    head: bytes  # the object's dictionary (or other value), references still the old ones
    tail: bytes  # "stream … endstream" as written, or b""


@dataclass(frozen=True)
class _Parsed:
    objects: dict[int, _Object]
    pages: list[int]  # page objects in order
    skipped: set[int]  # catalog, page tree and document information: made anew
    tree: int  # the page tree's root, the /Parent of every page


def splice(
    papers: list[Part], *, title: str, author: str, date: datetime, duplex: bool = False
) -> tuple[bytes, int]:
    """The papers in one PDF: an outline entry and page labels (資料２ 1/3) per paper.

    With `duplex`, a blank page goes before any paper that would start on a back (even) page.
    """
    out = Objects()
    tree = out.reserve()
    kids: list[int] = []
    labels: list[tuple[int, str]] = []
    starts: list[tuple[str, int]] = []
    for paper in papers:
        parsed = _parse(paper.pdf)
        if duplex and len(kids) % 2:
            kids.append(out.add(_blank_after(out.body_of(kids[-1]), tree)))
            labels.append((len(kids) - 1, "白紙"))
        numbers = {old: out.reserve() for old in parsed.objects if old not in parsed.skipped}
        numbers[parsed.tree] = tree

        def renumber(match: re.Match, numbers: dict[int, int] = numbers) -> bytes:
            old = int(match[1])
            if old not in numbers:
                raise SpliceError(f"reference to object {old}, which is not copied")
            return b"%d 0 R" % numbers[old]

        for old, new in numbers.items():
            if old == parsed.tree:
                continue
            obj = parsed.objects[old]
            out.put(new, _REF.sub(renumber, obj.head) + obj.tail)
        first = len(kids)
        count = len(parsed.pages)
        kids += [numbers[p] for p in parsed.pages]
        labels += [(first + i, f"{paper.label} {i + 1}/{count}") for i in range(count)]
        if count:
            starts.append((paper.title, numbers[parsed.pages[0]]))
    out.put(
        tree,
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)),
    )
    outline = _outline(out, starts)
    nums = b" ".join(b"%d << /P %s >>" % (i, text_string(label)) for i, label in labels)
    when = b"(" + pdf_date(date) + b")"
    info = out.add(
        b"<< /Title %s /Author %s /Creator (handouts) /Producer (handouts)"
        b" /CreationDate %s /ModDate %s >>" % (text_string(title), text_string(author), when, when)
    )
    catalog = out.add(
        b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines"
        b" /PageLabels << /Nums [%s] >> /Lang (ja) /ViewerPreferences << /DisplayDocTitle true >> >>"
        % (tree, outline, nums)
    )
    return out.finish(catalog, info, b"1.7"), len(kids)


def _outline(out: Objects, entries: list[tuple[str, int]]) -> int:
    """The outline: one entry per paper, each opening its first page whole."""
    root = out.reserve()
    items = [out.reserve() for _ in entries]
    for i, ((title, page), number) in enumerate(zip(entries, items, strict=True)):
        links = b""
        if i > 0:
            links += b" /Prev %d 0 R" % items[i - 1]
        if i + 1 < len(items):
            links += b" /Next %d 0 R" % items[i + 1]
        out.put(
            number,
            b"<< /Title %s /Parent %d 0 R%s /Dest [%d 0 R /Fit] >>"
            % (text_string(title), root, links, page),
        )
    if items:
        out.put(
            root,
            b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
            % (items[0], items[-1], len(items)),
        )
    else:
        out.put(root, b"<< /Type /Outlines /Count 0 >>")
    return root


def _parse(pdf: bytes) -> _Parsed:
    """The objects of a PDF from our writer, by number, and its pages in order."""
    found = _XREF_AT.search(pdf, len(pdf) - 64)
    if found is None:
        raise SpliceError("no cross-reference table at the end")
    table = _XREF.match(pdf, int(found[1]))
    if table is None:
        raise SpliceError("not a classic cross-reference table")
    offsets: list[tuple[int, int]] = []
    pos = table.end()
    for number in range(int(table[1])):
        entry = _ENTRY.match(pdf, pos)
        if entry is None:
            raise SpliceError("damaged cross-reference table")
        pos = entry.end()
        if entry[3] == b"n":
            if entry[2] != b"00000":
                raise SpliceError("object generations")
            offsets.append((int(entry[1]), number))
    trailer = _TRAILER.search(pdf, pos)
    if trailer is None:
        raise SpliceError("no trailer")
    offsets.sort()
    ends = [o for o, _ in offsets[1:]] + [int(found[1])]
    objects = {
        n: _object(pdf, start, end, n) for (start, n), end in zip(offsets, ends, strict=True)
    }
    root = _ref(_KEY_REF[b"Root"], trailer[1])
    info = _ref(_KEY_REF[b"Info"], trailer[1], required=False)
    tree = _ref(_KEY_REF[b"Pages"], objects[root].head)
    kids = _KIDS.search(objects[tree].head)
    if kids is None or _INHERITED.search(objects[tree].head):
        raise SpliceError("page tree with attributes to inherit")
    pages = [int(n) for n in _REF.findall(kids[1])]
    if not all(_PAGE.search(objects[page].head) for page in pages):
        raise SpliceError("nested page tree")
    skipped = {root, tree} | ({info} if info is not None else set())
    return _Parsed(objects, pages, skipped, tree)


def _object(pdf: bytes, start: int, end: int, number: int) -> _Object:
    head = _OBJ_HEAD.match(pdf, start)
    if head is None or int(head[1]) != number:
        raise SpliceError(f"object {number} is not where the table says")
    body = pdf[head.end() : end].rstrip()
    if not body.endswith(b"endobj"):
        raise SpliceError(f"object {number} does not end")
    body = body[: -len(b"endobj")].rstrip()
    found = _STREAM.search(body)
    if found is None:
        return _Object(body, b"")
    if not body.endswith(b"endstream"):
        raise SpliceError(f"object {number}: a stream that does not end")
    cut = found.start() + 2
    return _Object(body[:cut], b"\n" + body[cut:].lstrip())


def _ref(pattern: re.Pattern, text: bytes, required: bool = True) -> int | None:
    found = pattern.search(text)
    if found is None:
        if required:
            raise SpliceError(f"no {pattern.pattern!r}")
        return None
    return int(found[1])


def _blank_after(page: bytes, tree: int) -> bytes:
    """A page with nothing on it, the size and turn of the sheet it is the back of."""
    box = _MEDIABOX.search(page)
    if box is None:
        raise SpliceError("a page without a media box")
    turned = _ROTATE.search(page)
    rotate = b" /Rotate %s" % turned[1] if turned is not None and int(turned[1]) % 360 else b""
    return b"<< /Type /Page /Parent %d 0 R /MediaBox [%s]%s >>" % (tree, box[1].strip(), rotate)

"""One PDF from PDFs this build has just written: the meeting packet.

Every part comes from a writer of this build: a paper from our PDF writer, an attached PDF as
pypdf wrote it when it was stamped. Both write plain files: one flat page tree whose pages
hold their own attributes; pypdf a classic cross-reference table with every object written
out, our writer a cross-reference stream and object streams. A paper of ours, numbered apart
from the other papers by the build, is taken as it is; any other part's objects are copied,
each reference renumbered. Both go under a new catalog with the outline, the page labels and
the packet's own title and dates; the parts' own catalogs, document information, metadata and
output intents are left behind. Why this is not pypdf's merge: bench/README.md.

The papers' structure trees become one: each paper's Document element becomes a Part of the
packet's Document, its pages' /StructParents keys shifted past the papers before it. A part
without a structure tree (an attached PDF that had none) is copied untagged; the packet then
claims neither PDF/UA nor PDF/A, and the build says so.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

from .pdf_archive import metadata, output_intent
from .pdf_file import Objects, pdf_date, text_string

_XREF_AT = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_XREF = re.compile(rb"xref\s+0 (\d+)\s+")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r\n]{2}")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_REF = re.compile(rb"(\d+) 0 R\b")
_OBJ_HEAD = re.compile(rb"(\d+) 0 obj\s*")
_KEY_REF = {
    key: re.compile(rb"/" + key + rb"\s+(\d+) 0 R\b")
    for key in (b"Root", b"Pages", b"Info", b"StructTreeRoot", b"ParentTree")
}
_STRUCT_PARENTS = re.compile(rb"(/StructParents?)\s+(\d+)")
_TOP_KIDS = re.compile(rb"/K(?![A-Za-z])\s*(\[[^\]]*\]|\d+\s+0\s+R)")
_NUM_ENTRY = re.compile(rb"(\d+)\s*(\d+\s+0\s+R|\[[^\]]*\])")
_ROLE_MAP = re.compile(rb"/RoleMap\s*(?:<<(.*?)>>|(\d+)\s+0\s+R)", re.S)
_ROLE = re.compile(rb"/([^\s/<>\[\]()]+)\s*/([^\s/<>\[\]()]+)")
_DOCUMENT = re.compile(rb"/S\s*/Document\b")
_XREF_STREAM = re.compile(rb"/Type\s*/XRef\b.*/W\s*\[1 4 2\]", re.S)
_FIRST = re.compile(rb"/First\s+(\d+)")
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
class _Tags:
    """A part's structure tree: the elements at its top, its parent tree's entries, its roles."""

    root: int  # the StructTreeRoot
    tops: list[int]  # its kids: one Document element, as our writer writes it, or others
    parents: list[tuple[int, bytes]]  # (StructParents key, value as written: a reference or array)
    roles: list[tuple[bytes, bytes]]  # the RoleMap: a type of the part's own → a standard one
    made_anew: set[int]  # the root, the parent tree's nodes and the role map
    own: bool  # one Document element, which becomes the Part itself

    @property
    def next_key(self) -> int:
        return max((key for key, _ in self.parents), default=-1) + 1


@dataclass(frozen=True)
class _Parsed:
    objects: dict[int, _Object]
    pages: list[int]  # page objects in order
    skipped: set[int]  # catalog, page tree, document information, structure root: made anew
    tree: int  # the page tree's root, the /Parent of every page
    tags: _Tags | None  # None: an untagged PDF

    def reached(self) -> list[int]:
        """The objects the pages and the structure tree refer to, directly or not, in order."""
        roots = list(self.pages)
        if self.tags is not None:
            roots += self.tags.tops
            roots += [int(n) for _, value in self.tags.parents for n in _REF.findall(value)]
        seen: set[int] = set()
        stack = roots[::-1]
        while stack:
            number = stack.pop()
            if number in seen or number in self.skipped or number not in self.objects:
                continue
            seen.add(number)
            stack.extend(int(n) for n in reversed(_REF.findall(self.objects[number].head)))
        return sorted(seen)


def splice(
    papers: list[Part], *, title: str, author: str, date: datetime, duplex: bool = False
) -> tuple[bytes, int]:
    """The papers in one PDF: an outline entry and page labels (資料２ 1/3) per paper.

    With `duplex`, a blank page goes before any paper that would start on a back (even) page.
    A paper from our writer whose object numbers no other part uses is taken as it is: its
    objects under their own numbers (streams byte for byte), its page tree a node of the
    packet's, its Document element a Part. Any other part is copied object by object under new
    numbers.
    """
    ours = [_Ours.of(paper.pdf) for paper in papers]
    top = max((o.size if o is not None else 1 for o in ours), default=1)
    out = Objects(top)
    tree = out.reserve()
    document = out.reserve()
    packet = _Packet(out, tree, document, top)
    taken: list[range] = []
    for paper, own in zip(papers, ours, strict=True):
        if duplex and packet.count % 2:
            packet.blank()
        numbers = range(own.low, own.size) if own is not None else range(0)
        if own is not None and own.adoptable and not any(_meet(numbers, r) for r in taken):
            taken.append(numbers)
            packet.adopt(paper, own)
        else:
            packet.copy(paper, _parse(paper.pdf))
    out.put(
        tree,
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (packet.count, b" ".join(b"%d 0 R" % k for k in packet.kids)),
    )
    outline = _outline(out, packet.starts)
    nums = b" ".join(b"%d << /P %s >>" % (i, text_string(label)) for i, label in packet.labels)
    when = b"(" + pdf_date(date) + b")"
    info = out.add(
        b"<< /Title %s /Author %s /Creator (handouts) /Producer (handouts)"
        b" /CreationDate %s /ModDate %s >>" % (text_string(title), text_string(author), when, when)
    )
    root = out.reserve()
    out.put(
        document,
        b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>"
        % (root, b" ".join(b"%d 0 R" % p for p in packet.parts)),
    )
    nums_tree = out.add(b"<< /Nums [%s] >>" % b" ".join(packet.parents))
    roles = b"".join(b" /%s /%s" % pair for pair in packet.roles.items())
    out.put(
        root,
        b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d%s >>"
        % (document, nums_tree, packet.next_key, b" /RoleMap <<%s >>" % roles if roles else b""),
    )
    tagged = packet.tagged
    xmp = metadata(out, title, author, date, tagged=tagged, archival=tagged)
    archive = b" /OutputIntents [%d 0 R]" % output_intent(out) if tagged else b""
    catalog = out.add(
        b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines"
        b" /PageLabels << /Nums [%s] >> /Lang (ja) /ViewerPreferences << /DisplayDocTitle true >>"
        b" /MarkInfo << /Marked %s >> /StructTreeRoot %d 0 R /Metadata %d 0 R%s >>"
        % (tree, outline, nums, b"true" if tagged else b"false", root, xmp, archive)
    )
    return out.finish(catalog, info, b"1.7"), packet.count


def _meet(a: range, b: range) -> bool:
    return a.start < b.stop and b.start < a.stop


class _Packet:
    """The packet as its parts are added: its pages, labels, outline entries and tags."""

    def __init__(self, out: Objects, tree: int, document: int, top: int) -> None:
        self.out, self.tree, self.document = out, tree, document
        self.kids: list[int] = []  # the page tree root's kids: pages, and papers' page trees
        self.count = 0  # pages so far
        self.last_page: Callable[[], bytes] = bytes  # reads the last page's dictionary
        self.labels: list[tuple[int, str]] = []
        self.starts: list[tuple[str, int]] = []
        self.parts: list[int] = []  # one Part element per tagged paper
        self.parents: list[bytes] = []  # the parent tree's entries, key and value as written
        self.roles: dict[bytes, bytes] = {}
        self.next_key = top  # parent tree keys for copied parts: above every number of a part
        self.tagged = True

    def blank(self) -> None:
        self.kids.append(self.out.add(_blank_after(self.last_page(), self.tree)))
        self.labels.append((self.count, "白紙"))
        self.count += 1

    def _paged(self, paper: Part, pages: list[int], last: Callable[[], bytes]) -> None:
        """A part's pages added; `last` reads its last page's dictionary, if a blank follows."""
        count = len(pages)
        self.labels += [(self.count + i, f"{paper.label} {i + 1}/{count}") for i in range(count)]
        if count:
            self.starts.append((paper.title, pages[0]))
            self.last_page = last
        self.count += count

    def adopt(self, paper: Part, own: _Ours) -> None:
        """A paper from our writer, its objects under the numbers they have."""
        out, tags = self.out, own.tags
        assert tags is not None
        replaced = {own.pages_root, tags.tops[0]}  # each alone in an object stream: dropped
        dropped = own.left_behind | {own.rows[n][1] for n in replaced}
        for number, (kind, field, index) in enumerate(own.rows):
            if kind == 1 and number not in dropped:
                out.adopt(number, own.written(number))
            elif kind == 2 and number not in replaced:  # what is left behind stays, unused
                out.adopt_packed(number, field, index)
        node = own.body(own.pages_root)
        out.put(own.pages_root, node[:-2].rstrip() + b" /Parent %d 0 R >>" % self.tree)
        element = own.body(tags.tops[0])
        element = _DOCUMENT.sub(b"/S /Part", element)
        out.put(tags.tops[0], _REF.sub(lambda m: self._parent(m, tags.root), element))
        self.parts.append(tags.tops[0])
        self.parents += [b"%d %s" % entry for entry in tags.parents]
        self.next_key = max(self.next_key, own.size)
        self.kids.append(own.pages_root)
        pages = [int(n) for n in _REF.findall(_KIDS.search(node)[1])]
        self._paged(paper, pages, lambda: own.body(pages[-1]))

    def _parent(self, match: re.Match, root: int) -> bytes:
        return b"%d 0 R" % self.document if int(match[1]) == root else match[0]

    def copy(self, paper: Part, parsed: _Parsed) -> None:
        """Any other PDF, its objects renumbered after everything else."""
        out = self.out
        copied = parsed.reached()
        numbers = {old: out.reserve() for old in copied}
        numbers[parsed.tree] = self.tree
        shift = self.next_key
        tags = parsed.tags
        if tags is None:
            self.tagged = False
        elif tags.own:
            numbers[tags.root] = self.document
            self.parts.append(numbers[tags.tops[0]])
        else:  # another maker's tree: its top elements go into a Part of their own
            numbers[tags.root] = out.reserve()
            self.parts.append(numbers[tags.root])
        if tags is not None:
            self.next_key += tags.next_key
            for role, standard in tags.roles:
                self.roles.setdefault(role, standard)

        def shifted(match: re.Match) -> bytes:
            return match[1] + b" %d" % (int(match[2]) + shift)

        def renumber(match: re.Match) -> bytes:
            old = int(match[1])
            if old not in numbers:
                raise SpliceError(f"reference to object {old}, which is not copied")
            return b"%d 0 R" % numbers[old]

        for old in copied:
            obj = parsed.objects[old]
            head = _REF.sub(renumber, obj.head)
            if tags is None:  # keys into a tree that is not there
                head = _STRUCT_PARENTS.sub(b"", head)
            else:
                head = _STRUCT_PARENTS.sub(shifted, head)
                if tags.own and old == tags.tops[0]:
                    head = _DOCUMENT.sub(b"/S /Part", head)
            out.put(numbers[old], head + obj.tail)
        if tags is not None:
            self.parents += [b"%d %s" % (k + shift, _REF.sub(renumber, v)) for k, v in tags.parents]
            if not tags.own:
                out.put(
                    numbers[tags.root],
                    b"<< /Type /StructElem /S /Part /P %d 0 R /K [%s] >>"
                    % (self.document, b" ".join(b"%d 0 R" % numbers[t] for t in tags.tops)),
                )
        pages = [numbers[p] for p in parsed.pages]
        self.kids += pages
        self._paged(paper, pages, lambda: out.body_of(pages[-1]))


class _Ours:
    """A PDF from our writer, read only as far as the packet needs: its cross-reference rows,
    its catalog's trees, and the few objects the packet changes."""

    def __init__(self, pdf: bytes, rows: list[tuple[int, int, int]], trailer: bytes) -> None:
        self.pdf = pdf
        self.rows = rows  # by object number: (kind, offset or object stream, index)
        self.size = len(rows)
        self.low = next((n for n, row in enumerate(rows) if n and row[0]), self.size)
        self._streams: dict[int, dict[int, _Object]] = {}
        self.packed: dict[int, set[int]] = {}  # object stream → the objects it holds
        for number, (kind, field, _) in enumerate(rows):
            if kind == 2:
                self.packed.setdefault(field, set()).add(number)
        starts = sorted(field for kind, field, _ in rows if kind == 1)
        self._ends = dict(zip(starts, [*starts[1:], len(pdf)], strict=True))
        catalog_number = _ref(_KEY_REF[b"Root"], trailer)
        catalog = self.body(catalog_number)
        self.pages_root = _ref(_KEY_REF[b"Pages"], catalog)
        self.tags = _tags(_Lookup(self), catalog)
        self.left_behind = {catalog_number, _ref(_KEY_REF[b"Info"], trailer), self.size - 1}
        for key in (b"Metadata", b"OutputIntents"):
            found = re.search(rb"/" + key + rb"\s*\[?\s*(\d+) 0 R", catalog)
            if found is not None:
                self.left_behind.add(int(found[1]))
                self.left_behind |= {int(n) for n in _REF.findall(self.body(int(found[1])))}
        if self.tags is not None:
            self.left_behind |= self.tags.made_anew
        # what the packet replaces must be alone in its object stream
        self.adoptable = (
            self.tags is not None
            and self.tags.own
            and all(
                rows[n][0] == 2 and self.packed[rows[n][1]] == {n}
                for n in (self.pages_root, self.tags.tops[0])
            )
        )

    @classmethod
    def of(cls, pdf: bytes) -> _Ours | None:
        """The PDF read so, if our writer wrote it (a cross-reference stream), else None."""
        found = _XREF_AT.search(pdf, len(pdf) - 64)
        if found is None or _XREF.match(pdf, int(found[1])) is not None:
            return None
        at = int(found[1])
        head = _OBJ_HEAD.match(pdf, at)
        if head is None:
            return None
        xref = _object(pdf, at, pdf.index(b"endobj", at) + len(b"endobj"), int(head[1]))
        if not _XREF_STREAM.search(xref.head):
            return None
        rows = [
            (row[0], int.from_bytes(row[1:5], "big"), int.from_bytes(row[5:7], "big"))
            for row in _png_up_rows(_inflate(xref), 7)
        ]
        return cls(pdf, rows, xref.head)

    def written(self, number: int) -> bytes:
        """An object at an offset, exactly as written: "N 0 obj … endobj"."""
        start = self.rows[number][1]
        return self.pdf[start : self._ends[start]]

    def body(self, number: int) -> bytes:
        kind, field, _ = self.rows[number]
        if kind == 1:
            return _object(self.pdf, field, self._ends[field], number).head
        if kind != 2:
            raise SpliceError(f"object {number} is not in the file")
        if field not in self._streams:
            holder = _object(self.pdf, self.rows[field][1], self._ends[self.rows[field][1]], field)
            self._streams[field] = _unpacked(holder, self.packed[field])
        return self._streams[field][number].head


class _Lookup:
    """Objects of an _Ours by number, read as they are asked for (as `_tags` reads a dict)."""

    def __init__(self, own: _Ours) -> None:
        self.own = own

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and 0 < number < self.own.size and self.own.rows[number][0]

    def __getitem__(self, number: int) -> _Object:
        return _Object(self.own.body(number), b"")


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
    """The objects of a PDF from our writer or pypdf, by number, and its pages in order."""
    found = _XREF_AT.search(pdf, len(pdf) - 64)
    if found is None:
        raise SpliceError("no cross-reference table at the end")
    table = _XREF.match(pdf, int(found[1]))
    if table is None:
        objects, trailer_dict = _cross_reference_stream(pdf, int(found[1]))
    else:
        objects, trailer_dict = _cross_reference_table(pdf, table, int(found[1]))
    root = _ref(_KEY_REF[b"Root"], trailer_dict)
    info = _ref(_KEY_REF[b"Info"], trailer_dict, required=False)
    tree = _ref(_KEY_REF[b"Pages"], objects[root].head)
    kids = _KIDS.search(objects[tree].head)
    if kids is None or _INHERITED.search(objects[tree].head):
        raise SpliceError("page tree with attributes to inherit")
    pages = [int(n) for n in _REF.findall(kids[1])]
    if not all(_PAGE.search(objects[page].head) for page in pages):
        raise SpliceError("nested page tree")
    skipped = {root, tree} | ({info} if info is not None else set())
    tags = _tags(objects, objects[root].head)
    if tags is not None:
        skipped |= tags.made_anew
    return _Parsed(objects, pages, skipped, tree, tags)


def _cross_reference_stream(pdf: bytes, at: int) -> tuple[dict[int, _Object], bytes]:
    """The objects of a file indexed by a cross-reference stream as our writer writes it
    (/W [1 4 2], no /Index): those at an offset, and those packed in object streams."""
    head = _OBJ_HEAD.match(pdf, at)
    if head is None:
        raise SpliceError("no cross-reference stream where startxref points")
    xref = _object(pdf, at, pdf.index(b"endobj", at) + len(b"endobj"), int(head[1]))
    if not _XREF_STREAM.search(xref.head):
        raise SpliceError("not a cross-reference stream as this program writes it")
    offsets: list[tuple[int, int]] = []
    packed: dict[int, list[int]] = {}  # object stream → its objects
    for number, row in enumerate(_png_up_rows(_inflate(xref), 7)):
        kind, field = row[0], int.from_bytes(row[1:5], "big")
        if kind == 1 and number != int(head[1]):
            offsets.append((field, number))
        elif kind == 2:
            packed.setdefault(field, []).append(number)
    objects = _objects_at(pdf, offsets, at)
    for holder, numbers in packed.items():
        objects.update(_unpacked(objects.pop(holder), set(numbers)))
    return objects, xref.head


def _png_up_rows(data: bytes, width: int) -> list[bytes]:
    """The rows of data written with PNG's Up filter (predictor 12), as our writer does."""
    if data[:: width + 1].strip(b"\x02"):
        raise SpliceError("a cross-reference stream row not filtered as this program does")
    count = len(data) // (width + 1)
    table = bytearray(width * count)
    for c in range(width):
        sums = accumulate(data[c + 1 :: width + 1])
        table[c::width] = bytes(map((255).__and__, sums))
    return [bytes(table[i : i + width]) for i in range(0, len(table), width)]


def _inflate(obj: _Object) -> bytes:
    """A deflated stream's data."""
    body = obj.tail.strip()
    data = body[len(b"stream") : -len(b"endstream")]
    return zlib.decompress(data.lstrip(b"\r\n"))


def _unpacked(holder: _Object, numbers: set[int]) -> dict[int, _Object]:
    """The objects an object stream holds."""
    first = _FIRST.search(holder.head)
    if first is None:
        raise SpliceError("an object stream without /First")
    data = _inflate(holder)
    index = [int(v) for v in data[: int(first[1])].split()]
    starts = [(index[i], int(first[1]) + index[i + 1]) for i in range(0, len(index), 2)]
    ends = [at for _, at in starts[1:]] + [len(data)]
    found = {n: _Object(data[a:b].strip(), b"") for (n, a), b in zip(starts, ends, strict=True)}
    if not numbers <= found.keys():
        raise SpliceError("an object stream that does not hold what the index says")
    return {n: found[n] for n in numbers}


def _cross_reference_table(
    pdf: bytes, table: re.Match, at: int
) -> tuple[dict[int, _Object], bytes]:
    """The objects of a file indexed by a classic cross-reference table, and its trailer."""
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
    return _objects_at(pdf, offsets, at), trailer[1]


def _objects_at(pdf: bytes, offsets: list[tuple[int, int]], end: int) -> dict[int, _Object]:
    """The objects at these (offset, number) places, each ending where the next begins."""
    offsets = sorted(offsets)
    ends = [o for o, _ in offsets[1:]] + [end]
    return {n: _object(pdf, start, stop, n) for (start, n), stop in zip(offsets, ends, strict=True)}


def _tags(objects: dict[int, _Object], catalog: bytes) -> _Tags | None:
    """The structure tree, if the catalog has one this module can read; None otherwise."""
    root = _ref(_KEY_REF[b"StructTreeRoot"], catalog, required=False)
    if root is None or root not in objects:
        return None
    head = objects[root].head
    kids = _TOP_KIDS.search(head)
    tree = _ref(_KEY_REF[b"ParentTree"], head, required=False)
    if kids is None or tree is None:
        return None
    tops = [int(n) for n in _REF.findall(kids[1])]
    made_anew = {root}
    parents = _number_tree(objects, tree, made_anew)
    if parents is None or not all(t in objects for t in tops):
        return None
    roles: list[tuple[bytes, bytes]] = []
    role_map = _ROLE_MAP.search(head)
    if role_map is not None:
        entries = role_map[1]
        if entries is None:
            made_anew.add(int(role_map[2]))
            entries = objects[int(role_map[2])].head if int(role_map[2]) in objects else b""
        roles = _ROLE.findall(entries)
    own = len(tops) == 1 and bool(_DOCUMENT.search(objects[tops[0]].head))
    return _Tags(root, tops, parents, roles, made_anew, own)


def _number_tree(
    objects: dict[int, _Object], node: int, seen: set[int]
) -> list[tuple[int, bytes]] | None:
    """A number tree's entries, its nodes added to `seen`; None if it cannot be read."""
    if node in seen or node not in objects:
        return None
    seen.add(node)
    head = objects[node].head
    out: list[tuple[int, bytes]] = []
    nums = _array_after(head, b"/Nums")
    if nums is not None:
        out += [(int(key), value) for key, value in _NUM_ENTRY.findall(nums)]
    kids = _array_after(head, b"/Kids")
    for kid in _REF.findall(kids or b""):
        entries = _number_tree(objects, int(kid), seen)
        if entries is None:
            return None
        out += entries
    return out


def _array_after(head: bytes, key: bytes) -> bytes | None:
    """The inside of the array that follows key, arrays within it kept whole."""
    at = head.find(key + b"[")
    at = head.find(key + b" ") if at < 0 else at
    if at < 0:
        return None
    start = head.find(b"[", at)
    depth = 0
    for i in range(start, len(head)):
        depth += {91: 1, 93: -1}.get(head[i], 0)
        if depth == 0:
            return head[start + 1 : i]
    return None


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

"""PDF files written directly: numbered objects, the cross-reference table, embedded font subsets.

The layout decides where every glyph goes, so a PDF library has little left to do; writing the
file here keeps a build from importing one (figures: bench/README.md). The files are plain PDF: one flat page tree, every stream deflated, and an ID derived from the
content, so the same pages give the same bytes. Objects that are not streams (pages, the
structure tree's many small elements) are packed into deflated object streams, indexed by a
cross-reference stream (PDF 1.5): a tagged paper would otherwise be several times its size.

Fonts are embedded as TrueType subsets of at most 255 characters each (simple fonts with
one-byte codes, as PDF 1.3 readers expect), with a ToUnicode map so text can be copied and
searched, characters beyond the basic plane and variation sequences included.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from operator import sub

from ..typeset.fonts import FontFace, sequence_of
from ..typeset.truetype import TrueType

_SUBSET_SIZE = 256  # codes 1 … 255 for characters; code 0 is .notdef
_PACKED_PER_STREAM = 1000  # objects per object stream
_LOW_BYTE = (255).__and__
_FREE = bytes(7)  # a cross-reference row for a number no object has
_STARTXREF = re.compile(rb"startxref\n(\d+)\n%%EOF\n\Z")
_SIZE = re.compile(rb"\d+ 0 obj\n<< /Type /XRef /Size (\d+)")


def text_string(value: str) -> bytes:
    """A PDF text string: as it is when plain ASCII, else UTF-16 with its byte order mark."""
    if value.isascii() and value.isprintable() and not any(c in value for c in "()\\"):
        return b"(" + value.encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def pdf_date(date: datetime) -> bytes:
    """D:YYYYMMDDHHmmSS+09'00', from the build's date (never the clock)."""
    offset = date.strftime("%z") or "+0000"
    return (date.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'").encode()


def number(value: float) -> str:
    """A number as PDF writes it: three decimals at most, no trailing zeros."""
    return milli(round(value * 1000))


def milli(thousandths: int) -> str:
    sign = "-" if thousandths < 0 else ""
    whole, frac = divmod(abs(thousandths), 1000)
    if not frac:
        return f"{sign}{whole}" if whole else "0"
    return f"{sign}{whole}.{frac:03d}".rstrip("0")


class Objects:
    """Objects numbered as they are reserved, written in number order with their xref stream.

    Numbers start at `first`: the papers of one meeting use numbers no other paper uses, so
    the packet can take their objects as they are (generator.writers.pdfsplice): an object
    of another file written as it was (`adopt`), or left in its adopted object stream
    (`adopt_packed`). The few objects a packet replaces each get an object stream of their
    own (`alone`), so that replacing one leaves nothing behind.
    """

    def __init__(self, first: int = 1) -> None:
        self.bodies: dict[int, bytes] = {}
        self.count = first - 1
        self.adopted: dict[int, bytes] = {}  # number → "N 0 obj … endobj" as another file had it
        self.adopted_packed: dict[int, tuple[int, int]] = {}  # number → (object stream, index)
        self.alone: set[int] = set()  # objects each in an object stream of its own

    def reserve(self) -> int:
        self.count += 1
        return self.count

    def put(self, number: int, body: bytes, *, alone: bool = False) -> None:
        self.bodies[number] = body
        if alone:
            self.alone.add(number)

    def add(self, body: bytes) -> int:
        number = self.reserve()
        self.put(number, body)
        return number

    def adopt(self, number: int, written: bytes) -> None:
        self.adopted[number] = written

    def adopt_packed(self, number: int, holder: int, index: int) -> None:
        self.adopted_packed[number] = (holder, index)

    def stream(self, data: bytes, extra: bytes = b"") -> int:
        """A deflated stream; `extra` adds entries to its dictionary."""
        packed = zlib.compress(data)
        return self.add(
            b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream"
            % (len(packed), extra, packed)
        )

    def body_of(self, number: int) -> bytes:
        return self.bodies[number]

    def finish(self, catalog: int, info: int, version: bytes = b"1.7") -> bytes:
        """The file: objects that are not streams packed into object streams, then the rest,
        then the cross-reference stream that finds them all (numbers not used: free)."""
        bodies, alone = self.bodies, self.alone
        packed = [
            n for n in sorted(bodies) if n not in alone and not bodies[n].endswith(b"endstream")
        ]
        groups = [
            packed[at : at + _PACKED_PER_STREAM] for at in range(0, len(packed), _PACKED_PER_STREAM)
        ]
        where = dict(self.adopted_packed)  # object → (its object stream, index in it)
        for group in [*groups, *([n] for n in sorted(alone))]:
            holder = self.reserve()
            self.put(holder, _object_stream(group, bodies))
            where.update((n, (holder, i)) for i, n in enumerate(group))
        chunks = [b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n"]
        size = len(chunks[0])
        offsets: dict[int, int] = {}
        for n in sorted(bodies.keys() - where.keys() | self.adopted.keys()):
            chunk = self.adopted.get(n) or b"%d 0 obj\n%s\nendobj\n" % (n, bodies[n])
            offsets[n] = size
            chunks.append(chunk)
            size += len(chunk)
        digest = hashlib.md5(b"".join(chunks), usedforsecurity=False).hexdigest().encode()
        xref = max(self.count, *offsets, *where) + 1
        offsets[xref] = size
        rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
        for n in range(1, xref + 1):
            if n in offsets:
                rows.append(b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00")
            elif n in where:
                holder, index = where[n]
                rows.append(b"\x02" + holder.to_bytes(4, "big") + index.to_bytes(2, "big"))
            else:
                rows.append(_FREE)
        packed_rows = zlib.compress(_png_up(rows))
        chunks.append(
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R"
            b" /ID [<%s> <%s>] /Length %d /Filter /FlateDecode"
            b" /DecodeParms << /Columns 7 /Predictor 12 >> >>\nstream\n%s\nendstream\n"
            b"endobj\nstartxref\n%d\n%%%%EOF\n"
            % (xref, xref + 1, catalog, info, digest, digest, len(packed_rows), packed_rows, size)
        )
        return b"".join(chunks)


def next_number(pdf: bytes) -> int:
    """The first object number a PDF from this module leaves unused (its /Size)."""
    at = _STARTXREF.search(pdf, max(0, len(pdf) - 64))
    found = _SIZE.match(pdf, int(at[1])) if at is not None else None
    if found is None:
        raise ValueError("not a PDF this program wrote")
    return int(found[1])


def _png_up(rows: list[bytes]) -> bytes:
    """Rows as PNG's Up filter writes them: each byte less the one above it, so that the
    cross-reference stream's steady rows deflate to almost nothing. Column by column."""
    width, count = len(rows[0]), len(rows)
    table = b"".join(rows)
    out = bytearray((width + 1) * count)
    out[0 :: width + 1] = b"\x02" * count
    for c in range(width):
        column = table[c::width]
        above = b"\0" + column[:-1]
        out[c + 1 :: width + 1] = bytes(map(_LOW_BYTE, map(sub, column, above)))
    return bytes(out)


def _object_stream(numbers: list[int], bodies: dict[int, bytes]) -> bytes:
    """An object stream holding the objects `numbers`, deflated."""
    offsets, data, at = [], [], 0
    for n in numbers:
        offsets.append(b"%d %d" % (n, at))
        data.append(bodies[n])
        at += len(bodies[n]) + 1
    index = b" ".join(offsets) + b"\n"
    packed = zlib.compress(index + b"\n".join(data))
    return (
        b"<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
        % (
            len(numbers),
            len(index),
            len(packed),
            packed,
        )
    )


@dataclass
class _Subset:
    name: str  # its resource name in content streams, e.g. F1+0
    chars: list[str] = field(default_factory=lambda: ["\0"])  # by code; code 0 is .notdef


class _Font:
    """One face used in a document: its characters assigned to subsets as they first appear."""

    def __init__(self, face: FontFace, number: int) -> None:
        self.face = face
        self.program: TrueType = face.program()
        self.number = number
        self.subsets: list[_Subset] = []
        self.hex: dict[str, str] = {}  # character → its code in its subset, as two hex digits
        self.subset_of: dict[str, int] = {}  # character → its subset

    def encode(self, text: str) -> list[tuple[str, str]]:
        """text as (resource name, hex codes) runs, one per subset it falls in."""
        if not text:
            return []
        subset_of = self.subset_of
        if not subset_of.keys() >= set(text):
            self._assign(text)
        codes = "".join(map(self.hex.__getitem__, text))
        subsets = list(map(subset_of.__getitem__, text))
        if subsets.count(subsets[0]) == len(subsets):
            return [(self.subsets[subsets[0]].name, codes)]
        out, at = [], 0
        for subset, run in groupby(subsets):
            count = sum(1 for _ in run)
            out.append((self.subsets[subset].name, codes[2 * at : 2 * (at + count)]))
            at += count
        return out

    def _assign(self, text: str) -> None:
        """Codes for the characters of text met for the first time, in the order they come."""
        cmap = self.program.cmap
        for ch in dict.fromkeys(text):
            if ch in self.subset_of:
                continue
            if not self.subsets or len(self.subsets[-1].chars) >= _SUBSET_SIZE:
                self.subsets.append(_Subset(f"F{self.number}+{len(self.subsets)}"))
            if ord(ch) not in cmap:  # .notdef (the preflight has reported it)
                self.subset_of[ch], self.hex[ch] = 0, "00"
                continue
            subset = self.subsets[-1]
            subset.chars.append(ch)
            self.subset_of[ch] = len(self.subsets) - 1
            self.hex[ch] = f"{len(subset.chars) - 1:02x}"

    def write(self, objects: Objects) -> dict[str, int]:
        """Each subset's font objects; resource name → font dictionary."""
        program = self.program
        cmap = program.cmap
        out = {}
        for subset in self.subsets:
            glyphs = [0, *(cmap[ord(c)] for c in subset.chars[1:])]
            base = f"{_tag(glyphs)}+{program.postscript_name}".encode()
            raw = program.subset(glyphs)
            file = objects.stream(raw, b" /Length1 %d" % len(raw))
            bbox = " ".join(number(program.scale(v)) for v in program.bbox)
            descriptor = objects.add(
                b"<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%s]"
                b" /ItalicAngle %s /Ascent %s /Descent %s /CapHeight %s /StemV %d"
                b" /MissingWidth %s /FontFile2 %d 0 R >>"
                % (
                    base,
                    program.flags,
                    bbox.encode(),
                    number(program.italic_angle).encode(),
                    number(program.ascent).encode(),
                    number(program.descent).encode(),
                    number(program.cap_height).encode(),
                    program.stem_v,
                    number(program.scale(program.advances[0])).encode(),
                    file,
                )
            )
            widths = " ".join(number(program.scale(program.advances[g])) for g in glyphs)
            unicode = objects.stream(_to_unicode(base.decode(), subset.chars))
            out[subset.name] = objects.add(
                b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar 0 /LastChar %d"
                b" /Widths [%s] /FontDescriptor %d 0 R /ToUnicode %d 0 R >>"
                % (base, len(glyphs) - 1, widths.encode(), descriptor, unicode)
            )
        return out


class Fonts:
    """The faces a document draws with, by the name the layout gives them (FontFace.pdf_name)."""

    def __init__(self, faces: dict[str, FontFace]) -> None:
        self.faces = faces
        self.used: dict[str, _Font] = {}

    def font(self, pdf_name: str) -> _Font:
        font = self.used.get(pdf_name)
        if font is None:
            font = self.used[pdf_name] = _Font(self.faces[pdf_name], len(self.used) + 1)
        return font

    def write(self, objects: Objects) -> bytes:
        """Every subset used, as the /Font resource dictionary of the pages."""
        entries = {}
        for font in self.used.values():
            entries.update(font.write(objects))
        return b"<< %s >>" % b" ".join(b"/%s %d 0 R" % (k.encode(), v) for k, v in entries.items())


def _tag(glyphs: list[int]) -> str:
    """The six capital letters PDF puts before a subset's font name, taken from its glyphs.

    Two different subsets of one font must not share a name: the meeting packet puts the
    papers' subsets side by side, and a printer driver or converter that takes fonts by name
    would draw one paper's text with another's glyphs. The same glyphs give the same tag.
    """
    digest = int.from_bytes(hashlib.sha256(array("H", glyphs).tobytes()).digest()[:8], "big")
    letters = []
    for _ in range(6):
        digest, digit = divmod(digest, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(letters)


def _to_unicode(name: str, chars: list[str]) -> bytes:
    """The subset's codes → the text they stand for, in UTF-16 (a variant glyph gives back its
    variation sequence), at most 100 entries a block as the CMap format allows."""
    entries = [
        f"<{code:02X}> <{sequence_of(ch).encode('utf-16-be').hex().upper()}>"
        for code, ch in enumerate(chars)
        if code
    ]
    blocks = []
    for start in range(0, len(entries), 100):
        block = entries[start : start + 100]
        blocks.append(f"{len(block)} beginbfchar\n" + "\n".join(block) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        f"/CMapName /{name} def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()

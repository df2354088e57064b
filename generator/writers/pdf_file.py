"""PDF files written directly: numbered objects, the cross-reference table, embedded font subsets.

The layout decides where every glyph goes, so a PDF library has little left to do; writing the
file here keeps a build from importing one (figures: bench/README.md). The files are plain PDF: a classic cross-reference table, one flat page tree, every stream
deflated, and an ID derived from the content, so the same pages give the same bytes.

Fonts are embedded as TrueType subsets of at most 255 characters each (simple fonts with
one-byte codes, as PDF 1.3 readers expect), with a ToUnicode map so text can be copied and
searched, characters beyond the basic plane and variation sequences included.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from ..typeset.fonts import FontFace, sequence_of
from ..typeset.truetype import TrueType

_SUBSET_SIZE = 256  # codes 1 … 255 for characters; code 0 is .notdef


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
    """Objects numbered as they are reserved, written in number order with their xref table."""

    def __init__(self) -> None:
        self.bodies: dict[int, bytes] = {}
        self.count = 0

    def reserve(self) -> int:
        self.count += 1
        return self.count

    def put(self, number: int, body: bytes) -> None:
        self.bodies[number] = body

    def add(self, body: bytes) -> int:
        number = self.reserve()
        self.put(number, body)
        return number

    def stream(self, data: bytes, extra: bytes = b"") -> int:
        """A deflated stream; `extra` adds entries to its dictionary."""
        packed = zlib.compress(data)
        return self.add(
            b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream"
            % (len(packed), extra, packed)
        )

    def body_of(self, number: int) -> bytes:
        return self.bodies[number]

    def finish(self, catalog: int, info: int, version: bytes = b"1.4") -> bytes:
        chunks = [b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n"]
        size = len(chunks[0])
        offsets = []
        for n in range(1, self.count + 1):
            chunk = b"%d 0 obj\n%s\nendobj\n" % (n, self.bodies[n])
            offsets.append(size)
            chunks.append(chunk)
            size += len(chunk)
        digest = hashlib.md5(b"".join(chunks), usedforsecurity=False).hexdigest().encode()
        table = [b"xref\n0 %d\n0000000000 65535 f \n" % (self.count + 1)]
        table += [b"%010d 00000 n \n" % offset for offset in offsets]
        table.append(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (self.count + 1, catalog, info, digest, digest, size)
        )
        return b"".join(chunks + table)


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

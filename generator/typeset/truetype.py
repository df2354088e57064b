"""TrueType fonts as the PDF writer needs them: which glyph draws a character, how wide it is,
and a subset of the font to embed in a PDF.

Only what a PDF needs is read: the character map, advance widths, glyph locations and the few
metrics of the font descriptor, plus the family name and the variation sequences (cmap format
14) the glyph check needs. Tables are read as arrays, so a large CJK face is ready at once;
why not fontTools: bench/README.md. A subset keeps the glyphs a document prints (and the parts of composite glyphs),
renumbered from 1 after .notdef, with the font's hinting programs, as PDF readers expect of an
embedded TrueType font (FontFile2).
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Sequence
from functools import cached_property

_BIG_ENDIAN = sys.byteorder == "big"
# Composite glyph flags (the glyf table)
_ARGS_ARE_WORDS = 0x0001
_HAVE_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_HAVE_XY_SCALE = 0x0040
_HAVE_2X2 = 0x0080
# PDF font descriptor flags
_FIXED_PITCH, _SYMBOLIC, _ITALIC, _FORCE_BOLD = 1, 4, 64, 1 << 18
_CHECKSUM_MAGIC = 0xB1B0AFBA


class FontError(ValueError):
    """The file is not a TrueType font this writer can embed; the message says why."""


class CFFError(FontError):
    """An OpenType font with CFF (PostScript) outlines, which PDF takes only as a CID font."""


def _array(code: str, data: bytes) -> array:
    """Big-endian numbers from the font as a native array."""
    out = array(code, data)
    if not _BIG_ENDIAN:
        out.byteswap()
    return out


class TrueType:
    """One face of a .ttf or .ttc file."""

    def __init__(self, data: bytes, index: int = 0) -> None:
        try:
            self._read(data, index)
        except struct.error:  # a table shorter than its fields: the file is cut short
            raise FontError("フォントファイルが途中で切れているか、壊れています") from None

    def _read(self, data: bytes, index: int) -> None:
        self.data = data
        self.tables = _directory(data, index)
        if "CFF " in self.tables or "CFF2" in self.tables:
            raise CFFError("CFF（PostScript）形式のフォントです")
        for tag in ("head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"):
            if tag not in self.tables:
                raise FontError(f"{tag} テーブルがありません")
        head = self.table("head")
        if struct.unpack_from(">I", head, 12)[0] != 0x5F0F3CF5:
            raise FontError("head テーブルが壊れています")
        self.units_per_em = struct.unpack_from(">H", head, 18)[0]
        if not 16 <= self.units_per_em <= 16384:  # the range the TrueType specification allows
            raise FontError(f"head テーブルの unitsPerEm（{self.units_per_em}）が壊れています")
        self.bbox = struct.unpack_from(">4h", head, 36)
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        self.glyph_count = struct.unpack_from(">H", self.table("maxp"), 4)[0]
        hhea = self.table("hhea")
        ascender, descender = struct.unpack_from(">2h", hhea, 4)
        metrics = struct.unpack_from(">H", hhea, 34)[0]
        if not 0 < metrics <= self.glyph_count:
            raise FontError("hhea テーブルが壊れています")
        raw = self.table("hmtx")
        if len(raw) < 4 * metrics + 2 * (self.glyph_count - metrics):
            raise FontError("hmtx テーブルが壊れています")
        hmtx = _array("H", raw[: 4 * metrics])
        self.advances = hmtx[0::2]
        self.advances.extend([hmtx[-2]] * (self.glyph_count - metrics))
        # Left side bearings: in the pairs first, then alone for the glyphs past the pairs.
        sides = _array("h", raw[: 2 * (metrics + self.glyph_count)])
        self.side_bearings = sides[1 : 2 * metrics : 2] + sides[2 * metrics :]
        loca = self.table("loca")
        n = self.glyph_count + 1
        self.loca = _array("I", loca[: 4 * n]) if long_loca else _array("H", loca[: 2 * n])
        if not long_loca:
            self.loca = array("I", (2 * v for v in self.loca))
        if len(self.loca) != n:
            raise FontError("loca テーブルが壊れています")
        self.cmap = _cmap(data, *self.tables["cmap"])
        # A no-break space is drawn as a space, as Word does.
        if 0x20 in self.cmap:
            self.cmap[0xA0] = self.cmap[0x20]
        elif 0xA0 in self.cmap:
            self.cmap[0x20] = self.cmap[0xA0]
        os2 = self.table("OS/2") if "OS/2" in self.tables else b""
        self.embeddable = not os2 or _embeddable(struct.unpack_from(">H", os2, 8)[0])
        weight = struct.unpack_from(">H", os2, 4)[0] if os2 else 400
        if len(os2) >= 72:
            ascender, descender = struct.unpack_from(">2h", os2, 68)
        cap = struct.unpack_from(">h", os2, 88)[0] if len(os2) >= 90 else ascender
        post = self.table("post") if "post" in self.tables else bytes(32)
        angle = struct.unpack_from(">h", post, 4)[0] + struct.unpack_from(">H", post, 6)[0] / 65536
        fixed = struct.unpack_from(">I", post, 12)[0] != 0
        self.ascent, self.descent, self.cap_height = (
            self.scale(ascender), self.scale(descender), self.scale(cap)
        )  # fmt: skip
        self.italic_angle = angle
        self.stem_v = 50 + int((weight / 65.0) ** 2)
        self.flags = (
            _SYMBOLIC
            | (_ITALIC if angle else 0)
            | (_FORCE_BOLD if weight >= 600 else 0)
            | (_FIXED_PITCH if fixed else 0)
        )

    def table(self, tag: str) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset : offset + length]

    def scale(self, units: float) -> float:
        """Font units in thousandths of an em, as PDF font dictionaries typography."""
        return units * 1000 / self.units_per_em

    @cached_property
    def family_name(self) -> str:
        """The family name (name ID 1) Word knows the font by: the Japanese one if there is one."""
        return _family_name(self.table("name")) if "name" in self.tables else ""

    @cached_property
    def variation_sequences(self) -> dict[tuple[int, int], int | None]:
        """(base, selector) → the glyph drawn for that variation sequence, None for the base's
        own glyph (cmap format 14)."""
        offset, _length = self.tables["cmap"]
        return _format14(self.data, offset)

    @cached_property
    def postscript_name(self) -> str:
        """The PostScript name (name ID 6), fit for a PDF name."""
        name = _postscript_name(self.table("name")) if "name" in self.tables else ""
        name = "".join(
            c for c in name.replace(" ", "-") if 33 <= ord(c) <= 126 and c not in "[](){}<>/%"
        )
        return name or "Font"

    def widths(self) -> dict[int, float]:
        """Each mapped character's advance in ems."""
        advances, per_em = self.advances, self.units_per_em
        return {code: advances[glyph] / per_em for code, glyph in self.cmap.items()}

    def subset(self, glyphs: list[int], characters: Sequence[int] = ()) -> bytes:
        """A font program holding `glyphs` (original ids, .notdef first) as glyphs 0, 1, 2 …,
        then the glyphs their composites are built of; code i of its cmap draws glyph i.

        With `characters` (the code point of each glyph after .notdef), the cmap maps those
        instead, as Unicode (formats 4 and 12): a font a browser can use, where a PDF reader
        only needs the codes of a simple font.
        """
        order, new = self._with_parts(glyphs)
        offsets, outlines = self._outlines(order, new)
        count = len(order)
        metrics = array("H")
        for glyph in order:
            metrics.append(self.advances[glyph])
            metrics.append(self.side_bearings[glyph] & 0xFFFF)
        head = bytearray(self.table("head"))
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set when the file is made
        struct.pack_into(">h", head, 50, 1)  # long glyph offsets
        hhea = bytearray(self.table("hhea"))
        struct.pack_into(">H", hhea, 34, count)
        maxp = bytearray(self.table("maxp"))
        struct.pack_into(">H", maxp, 4, count)
        if characters:
            cmap = _unicode_cmap(list(characters))
        else:
            codes = len(glyphs)
            cmap = struct.pack(">4HI5H", 0, 1, 1, 0, 12, 6, 10 + 2 * codes, 0, 0, codes)
            cmap += struct.pack(f">{codes}H", *range(codes))
        post = (
            b"\x00\x03\x00\x00" + self.table("post")[4:16] + bytes(16)
            if "post" in self.tables
            else None
        )
        tables = {
            "head": bytes(head),
            "hhea": bytes(hhea),
            "maxp": bytes(maxp),
            "hmtx": _big_endian(metrics),
            "loca": _big_endian(offsets),
            "glyf": outlines,
            "cmap": cmap,
        }
        if post is not None:
            tables["post"] = post
        for tag in ("name", "OS/2", "cvt ", "fpgm", "prep"):
            if tag in self.tables:
                tables[tag] = self.table(tag)
        return _font_file(tables)

    def _with_parts(self, glyphs: list[int]) -> tuple[list[int], dict[int, int]]:
        """`glyphs`, then every glyph a composite among them is built of; old id → new id."""
        order = list(glyphs)
        new = {g: i for i, g in enumerate(order)}
        glyf, loca = self.tables["glyf"][0], self.loca
        i = 0
        while i < len(order):
            start, end = loca[order[i]], loca[order[i] + 1]
            for part, _ in _components(self.data, glyf + start, end - start):
                if part not in new:
                    new[part] = len(order)
                    order.append(part)
            i += 1
        return order, new

    def _outlines(self, order: list[int], new: dict[int, int]) -> tuple[array, bytes]:
        """The glyph table of the subset and its offsets; composites point at the new ids."""
        glyf, loca = self.tables["glyf"][0], self.loca
        offsets, outlines, at = array("I"), [], 0
        for glyph in order:
            start, end = glyf + loca[glyph], glyf + loca[glyph + 1]
            outline = self.data[start:end]
            parts = _components(self.data, start, end - start)
            if parts:
                mutable = bytearray(outline)
                for part, where in parts:
                    struct.pack_into(">H", mutable, where - start, new[part])
                outline = bytes(mutable)
            outline += b"\0" * (-len(outline) % 4)
            offsets.append(at)
            outlines.append(outline)
            at += len(outline)
        offsets.append(at)
        return offsets, b"".join(outlines)


def _unicode_cmap(characters: list[int]) -> bytes:
    """A cmap mapping characters[i] to glyph i + 1: format 4 for those in the basic plane
    (platform 3 encoding 1, which every system reads), format 12 for all (encoding 10)."""
    pairs = sorted((code, glyph) for glyph, code in enumerate(characters, start=1))
    basic = [(code, glyph) for code, glyph in pairs if code < 0xFFFF]
    segments = [*basic, (0xFFFF, 0)]  # a segment per character, and the closing one
    count = len(segments)
    power = 1 << (count.bit_length() - 1)
    format4 = struct.pack(
        ">7H",
        4,
        16 + 8 * count,
        0,
        2 * count,
        2 * power,
        power.bit_length() - 1,
        2 * count - 2 * power,
    )
    format4 += struct.pack(f">{count}H", *(code for code, _ in segments)) + b"\0\0"
    format4 += struct.pack(f">{count}H", *(code for code, _ in segments))
    format4 += struct.pack(f">{count}H", *((glyph - code) & 0xFFFF for code, glyph in segments))
    format4 += bytes(2 * count)  # no glyph index arrays: each segment's delta maps it
    groups = b"".join(struct.pack(">3I", code, code, glyph) for code, glyph in pairs)
    format12 = struct.pack(">2H3I", 12, 0, 16 + len(groups), 0, len(pairs)) + groups
    header = struct.pack(">2H", 0, 2)
    first = 4 + 2 * 8
    records = struct.pack(">2HI2HI", 3, 1, first, 3, 10, first + len(format4))
    return header + records + format4 + format12


def _directory(data: bytes, index: int) -> dict[str, tuple[int, int]]:
    """Tag → (offset, length) of the face's tables; a .ttc face by its index."""
    if len(data) < 12:
        raise FontError("フォントファイルが短すぎます")
    base = 0
    if data[:4] == b"ttcf":
        count = struct.unpack_from(">I", data, 8)[0]
        if not 0 <= index < count:
            raise FontError(
                f"このフォント集（.ttc）には {count} 書体しかありません（index: {index}）"
            )
        base = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    elif index:
        raise FontError("フォント集（.ttc）ではないので index は 0 にしてください")
    version = data[base : base + 4]
    if version == b"OTTO":
        raise CFFError("CFF（PostScript）形式のフォントです")
    if version not in (b"\x00\x01\x00\x00", b"true"):
        raise FontError("TrueType のフォントではありません")
    count = struct.unpack_from(">H", data, base + 4)[0]
    tables = {}
    for i in range(count):
        at = base + 12 + 16 * i
        tag = data[at : at + 4].decode("latin-1")
        offset, length = struct.unpack_from(">2I", data, at + 8)
        if offset + length > len(data):
            raise FontError(f"フォントファイルが途中で切れています（{tag} テーブルが足りません）")
        tables[tag] = (offset, length)
    return tables


def _embeddable(fs_type: int) -> bool:
    """OS/2 fsType: not 'restricted license', and subsetting and outlines allowed."""
    return fs_type & 0x000F != 0x0002 and not fs_type & 0x0300


def _cmap(data: bytes, offset: int, length: int) -> dict[int, int]:
    """Character → glyph from the Unicode subtable: format 12 (all planes) if there is one,
    else format 4 (the basic plane). Characters mapped to glyph 0 are left out: they would
    print as the .notdef box."""
    count = struct.unpack_from(">H", data, offset + 2)[0]
    found: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">2HI", data, offset + 4 + 8 * i)
        kind = struct.unpack_from(">H", data, offset + sub)[0]
        found[(kind, platform * 100 + encoding)] = offset + sub
    for key in ((12, 310), (12, 4), (12, 6), (4, 301), (4, 3), (4, 4), (4, 1), (4, 0)):
        if key in found:
            at = found[key]
            out = _format12(data, at) if key[0] == 12 else _format4(data, at)
            out.pop(0xFFFF, None)
            if 0 in out.values():
                return {code: glyph for code, glyph in out.items() if glyph}
            return out
    raise FontError("Unicode の文字対応表（cmap 形式 4 か 12）がありません")


def _format4(data: bytes, at: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = _array("H", data[at + 14 : at + 14 + 2 * segments])
    starts_at = at + 16 + 2 * segments
    starts = _array("H", data[starts_at : starts_at + 2 * segments])
    deltas = _array("h", data[starts_at + 2 * segments : starts_at + 4 * segments])
    ranges_at = starts_at + 4 * segments
    ranges = _array("H", data[ranges_at : ranges_at + 2 * segments])
    out: dict[int, int] = {}
    for i in range(segments):
        start, end, delta, rng = starts[i], ends[i], deltas[i], ranges[i]
        if start > end:
            continue
        if rng == 0:
            first = (start + delta) & 0xFFFF
            if first + end - start <= 0xFFFF:
                out.update(
                    zip(range(start, end + 1), range(first, first + end - start + 1), strict=True)
                )
            else:
                out.update((c, (c + delta) & 0xFFFF) for c in range(start, end + 1))
            continue
        where = ranges_at + 2 * i + rng
        glyphs = _array("H", data[where : where + 2 * (end - start + 1)])
        out.update((start + k, (g + delta) & 0xFFFF) for k, g in enumerate(glyphs) if g)
    return out


def _format12(data: bytes, at: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    numbers = _array("I", data[at + 16 : at + 16 + 12 * groups])
    starts, ends, firsts = numbers[0::3], numbers[1::3], numbers[2::3]
    out = dict(zip(starts, firsts, strict=True))  # most groups are one character
    for start, end, glyph in zip(starts, ends, firsts, strict=True):
        if end > start:
            ahead = zip(
                range(start + 1, end + 1), range(glyph + 1, glyph + end - start + 1), strict=True
            )
            out.update(ahead)
    return out


def _format14(data: bytes, cmap: int) -> dict[tuple[int, int], int | None]:
    """The variation sequences of the cmap's Unicode Variation Sequences subtable, if any."""
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">2HI", data, cmap + 4 + 8 * i)
        at = cmap + sub
        if (platform, encoding) == (0, 5) and struct.unpack_from(">H", data, at)[0] == 14:
            return _sequences(data, at)
    return {}


def _uint24(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 3], "big")


def _sequences(data: bytes, at: int) -> dict[tuple[int, int], int | None]:
    out: dict[tuple[int, int], int | None] = {}
    records = struct.unpack_from(">I", data, at + 6)[0]
    for i in range(records):
        record = at + 10 + 11 * i
        selector = _uint24(data, record)
        default, special = struct.unpack_from(">2I", data, record + 3)
        if default:
            ranges = struct.unpack_from(">I", data, at + default)[0]
            for k in range(ranges):
                start = _uint24(data, at + default + 4 + 4 * k)
                extra = data[at + default + 4 + 4 * k + 3]
                out.update(((base, selector), None) for base in range(start, start + extra + 1))
        if special:
            mappings = struct.unpack_from(">I", data, at + special)[0]
            for k in range(mappings):
                where = at + special + 4 + 5 * k
                glyph = struct.unpack_from(">H", data, where + 3)[0]
                out[(_uint24(data, where), selector)] = glyph
    return out


def _names(table: bytes, name_id: int) -> list[tuple[int, int, int, bytes]]:
    """(platform, encoding, language, raw string) of each record of one name ID."""
    count, strings = struct.unpack_from(">2xHH", table, 0)
    out = []
    for i in range(count):
        platform, encoding, language, nid, length, offset = struct.unpack_from(
            ">6H", table, 6 + 12 * i
        )
        if nid == name_id:
            out.append(
                (platform, encoding, language, table[strings + offset : strings + offset + length])
            )
    return out


def _family_name(table: bytes) -> str:
    """Name ID 1 as Windows gives it: Japanese first, then US English, then any record."""
    records = _names(table, 1)
    for language in (0x411, 0x409):
        for platform, encoding, lang, raw in records:
            if platform == 3 and encoding in (1, 10) and lang == language:
                return raw.decode("utf-16-be", "replace")
    for platform, encoding, _lang, raw in records:
        if platform in (0, 3):
            return raw.decode("utf-16-be", "replace")
        if platform == 1 and encoding == 0:
            return raw.decode("mac_roman", "replace")
    return ""


def _postscript_name(table: bytes) -> str:
    fallback = ""
    for platform, encoding, _language, raw in _names(table, 6):
        if platform in (0, 3):
            return raw.decode("utf-16-be", "replace")
        if platform == 1 and encoding == 0 and not fallback:
            fallback = raw.decode("mac_roman", "replace")
    return fallback


def _components(data: bytes, at: int, length: int) -> list[tuple[int, int]]:
    """(glyph, where its id is written) for each part of a composite glyph; [] for a simple one."""
    if length < 10 or struct.unpack_from(">h", data, at)[0] >= 0:
        return []
    out = []
    pos = at + 10
    flags = _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags, glyph = struct.unpack_from(">2H", data, pos)
        out.append((glyph, pos + 2))
        pos += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        if flags & _HAVE_SCALE:
            pos += 2
        elif flags & _HAVE_XY_SCALE:
            pos += 4
        elif flags & _HAVE_2X2:
            pos += 8
    return out


def _big_endian(values: array) -> bytes:
    out = array(values.typecode, values)
    if not _BIG_ENDIAN:
        out.byteswap()
    return out.tobytes()


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(_array("I", padded)) & 0xFFFFFFFF


def _font_file(tables: dict[str, bytes]) -> bytes:
    """The tables as one TrueType file: directory sorted by tag, checksums, head adjusted."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(
        ">I4H", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16
    )
    offset = 12 + 16 * count
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(
            struct.pack(">4s3I", tag.encode("latin-1"), _checksum(data), offset, len(data))
        )
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head_at = 12 + 16 * count + sum(len(b) for b in body[: tags.index("head")])
    struct.pack_into(
        ">I", font, head_at + 8, (_CHECKSUM_MAGIC - _checksum(bytes(font))) & 0xFFFFFFFF
    )
    return bytes(font)

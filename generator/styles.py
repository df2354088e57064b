"""Read the look from the reference .docx, so the PDF follows the same named styles as Word.

The secretariat changes a style in Word (size, indent, spacing, alignment, font) and saves the
reference .docx into templates/; both writers follow. Only what the PDF needs is read; the DOCX
writer copies the styles part as it is.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import HandoutsError
from .model.source import display_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
_TWIP = 1 / 20  # points


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Border:
    width: float  # pt
    space: float  # pt between text and line


@dataclass(frozen=True)
class ParagraphStyle:
    name: str
    style_id: str
    font: str
    size: float
    bold: bool = False
    align: str = "left"  # left | center | right | both | distribute
    left: float = 0.0
    right: float = 0.0
    first_line: float = 0.0  # negative: hanging indent
    space_before: float = 0.0
    space_after: float = 0.0
    line: float = 1.0
    line_rule: str = "auto"  # auto (multiple of single) | exact | atLeast (points)
    keep_next: bool = False
    page_break_before: bool = False
    border: Border | None = None

    @property
    def hanging(self) -> float:
        return max(0.0, -self.first_line)


@dataclass(frozen=True)
class CharacterStyle:
    name: str
    style_id: str
    font: str | None = None
    size: float | None = None
    bold: bool | None = None


@dataclass(frozen=True)
class PageSetup:
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    header: float
    footer: float
    line_pitch: float

    def oriented(self, orientation: str) -> PageSetup:
        """The same margins on a landscape sheet (the long edge becomes the width)."""
        if (orientation == "landscape") == (self.width > self.height):
            return self
        return PageSetup(
            self.height, self.width, self.left, self.right, self.top, self.bottom,
            self.header, self.footer, self.line_pitch,
        )  # fmt: skip


@dataclass(frozen=True)
class StyleSheet:
    path: Path
    page: PageSetup
    paragraphs: dict[str, ParagraphStyle] = field(default_factory=dict)
    characters: dict[str, CharacterStyle] = field(default_factory=dict)

    def paragraph(self, name: str) -> ParagraphStyle:
        try:
            return self.paragraphs[name]
        except KeyError:
            raise HandoutsError.single(
                f"段落スタイル「{name}」が参照用 .docx にありません",
                "テンプレートのスタイル名を直すか、Word でそのスタイルを作って保存してください",
                file=display_path(self.path),
            ) from None

    def character(self, name: str) -> CharacterStyle:
        try:
            return self.characters[name]
        except KeyError:
            raise HandoutsError.single(
                f"文字スタイル「{name}」が参照用 .docx にありません",
                "テンプレートのスタイル名を直すか、Word でそのスタイルを作って保存してください",
                file=display_path(self.path),
            ) from None

    @property
    def fonts(self) -> set[str]:
        """Every font family the styles name: each needs a file for the PDF."""
        names = {p.font for p in self.paragraphs.values()}
        return names | {c.font for c in self.characters.values() if c.font}


def read_stylesheet(path: Path) -> StyleSheet:
    try:
        with zipfile.ZipFile(path) as z:
            styles = etree.fromstring(z.read("word/styles.xml"))
            document = etree.fromstring(z.read("word/document.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise HandoutsError.single(
            f"参照用 .docx を読めません（{exc}）",
            "Word で開けることを確かめ、「Word 文書 (*.docx)」で保存し直してください",
            file=display_path(path),
        ) from None
    page = _page(document)
    raw = {s.get(_q("styleId")): s for s in styles.findall("w:style", _NS)}
    defaults = _props(styles.find("w:docDefaults", _NS), page.line_pitch, 10.5)
    paragraphs, characters = {}, {}
    for sid, el in raw.items():
        kind = el.get(_q("type"))
        name_el = el.find("w:name", _NS)
        name = name_el.get(_q("val")) if name_el is not None else sid
        if kind == "paragraph":
            props = _resolve(sid, raw, defaults, page.line_pitch)
            paragraphs[name] = ParagraphStyle(name=name, style_id=sid, **props)
        elif kind == "character":
            own = _props(el, page.line_pitch, defaults.get("size", 10.5))
            characters[name] = CharacterStyle(
                name, sid, own.get("font"), own.get("size"), own.get("bold")
            )
    return StyleSheet(path=path, page=page, paragraphs=paragraphs, characters=characters)


def _resolve(sid: str, raw: dict, defaults: dict, pitch: float) -> dict:
    chain, seen = [], set()
    while sid in raw and sid not in seen:
        seen.add(sid)
        chain.append(raw[sid])
        based = raw[sid].find("w:basedOn", _NS)
        sid = based.get(_q("val")) if based is not None else None
    props = dict(defaults)
    for el in reversed(chain):
        props.update(_props(el, pitch, props.get("size", 10.5)))
    props.setdefault("font", "")
    props.setdefault("size", 10.5)
    return props


def _props(el: etree._Element | None, pitch: float, size: float) -> dict:
    """The properties an element sets itself (style or docDefaults), in points."""
    out: dict = {}
    if el is None:
        return out
    rpr = el.find(".//w:rPr", _NS)
    if rpr is not None:
        fonts = rpr.find("w:rFonts", _NS)
        if fonts is not None and fonts.get(_q("eastAsia")):
            out["font"] = fonts.get(_q("eastAsia"))
        sz = rpr.find("w:sz", _NS)
        if sz is not None:
            out["size"] = int(sz.get(_q("val"))) / 2
        b = rpr.find("w:b", _NS)
        if b is not None:
            out["bold"] = b.get(_q("val"), "1") not in ("0", "false")
    ppr = el.find(".//w:pPr", _NS)
    if ppr is None:
        return out
    size = out.get("size", size)
    jc = ppr.find("w:jc", _NS)
    if jc is not None:
        out["align"] = {"start": "left", "end": "right"}.get(jc.get(_q("val")), jc.get(_q("val")))
    ind = ppr.find("w:ind", _NS)
    if ind is not None:
        out.update(_indents(ind, size))
    spacing = ppr.find("w:spacing", _NS)
    if spacing is not None:
        out.update(_spacing(spacing, pitch))
    for tag, key in (("keepNext", "keep_next"), ("pageBreakBefore", "page_break_before")):
        flag = ppr.find(f"w:{tag}", _NS)
        if flag is not None:
            out[key] = flag.get(_q("val"), "1") not in ("0", "false")
    bdr = ppr.find("w:pBdr", _NS)
    if bdr is not None:
        sides = [s for s in bdr if s.get(_q("val")) not in (None, "nil", "none")]
        if sides:
            out["border"] = Border(
                width=int(sides[0].get(_q("sz"), "4")) / 8,
                space=float(sides[0].get(_q("space"), "0")),
            )
    return out


def _indents(ind: etree._Element, size: float) -> dict:
    """Indents in points; Word's 字 units (leftChars=100 per character) win when present."""

    def value(*names: str) -> float | None:
        for name in names:
            chars = ind.get(_q(f"{name}Chars"))
            if chars is not None and int(chars) != 0:
                return int(chars) / 100 * size
            twips = ind.get(_q(name))
            if twips is not None:
                return int(twips) * _TWIP
        return None

    out = {}
    left, right = value("left", "start"), value("right", "end")
    hanging, first = value("hanging"), value("firstLine")
    if left is not None:
        out["left"] = left
    if right is not None:
        out["right"] = right
    if hanging is not None:
        out["first_line"] = -hanging
    elif first is not None:
        out["first_line"] = first
    return out


def _spacing(spacing: etree._Element, pitch: float) -> dict:
    out: dict = {}
    for side in ("before", "after"):
        lines = spacing.get(_q(f"{side}Lines"))
        twips = spacing.get(_q(side))
        if lines is not None:
            out[f"space_{side}"] = int(lines) / 100 * pitch
        elif twips is not None:
            out[f"space_{side}"] = int(twips) * _TWIP
    line = spacing.get(_q("line"))
    if line is not None:
        rule = spacing.get(_q("lineRule"), "auto")
        out["line_rule"] = rule
        out["line"] = int(line) / 240 if rule == "auto" else int(line) * _TWIP
    return out


def _page(document: etree._Element) -> PageSetup:
    sect = document.find(".//w:body/w:sectPr", _NS)
    size = sect.find("w:pgSz", _NS) if sect is not None else None
    mar = sect.find("w:pgMar", _NS) if sect is not None else None
    grid = sect.find("w:docGrid", _NS) if sect is not None else None

    def twips(el: etree._Element | None, name: str, default: int) -> float:
        value = el.get(_q(name)) if el is not None else None
        return (int(value) if value is not None else default) * _TWIP

    return PageSetup(
        width=twips(size, "w", 11906),
        height=twips(size, "h", 16838),
        top=twips(mar, "top", 1701),
        bottom=twips(mar, "bottom", 1417),
        left=twips(mar, "left", 1417),
        right=twips(mar, "right", 1417),
        header=twips(mar, "header", 851),
        footer=twips(mar, "footer", 992),
        line_pitch=twips(grid, "linePitch", 360),
    )

"""Read the look from the reference .docx, so the PDF follows the same named styles as Word.

The secretariat changes a style in Word (size, indent, spacing, alignment, font) and saves the
reference .docx into templates/; both writers follow. Only what the PDF needs is read; the DOCX
writer copies the styles part as it is.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..errors import HandoutsError
from ..model.source import display_path
from .ooxml import W, w

_NS = {"w": W}
_TWIP = 1 / 20  # points


@dataclass(frozen=True)
class BorderLine:
    """One side of a paragraph or table border, as Word's w:top / w:insideH … give it."""

    width: float  # pt
    space: float  # pt between text and line
    color: str = "000000"  # RRGGBB


@dataclass(frozen=True)
class Border:
    """A paragraph border: each side drawn only when the style sets it (a rule under a title)."""

    top: BorderLine | None = None
    left: BorderLine | None = None
    bottom: BorderLine | None = None
    right: BorderLine | None = None


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
    keep_lines: bool = False  # 段落を分割しない: the whole paragraph on one page
    page_break_before: bool = False
    border: Border | None = None
    outline_level: int | None = None  # Word's アウトライン レベル: 0 … 8 a heading, 9 body text

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
class TableStyle:
    """A table style's borders and cell margins (Table Grid: thin lines all round)."""

    name: str
    style_id: str
    borders: dict[str, BorderLine] = field(default_factory=dict)  # top … insideH, insideV
    cell_top: float = 0.0
    cell_left: float = 0.0
    cell_bottom: float = 0.0
    cell_right: float = 0.0


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


_BODY_TEXT = 9  # the outline level of a paragraph that is not a heading
_NAMED_HEADINGS = {"表題": 0, "見出し": 1, "表区分": 1}  # outline levels, by name


@dataclass(frozen=True)
class StyleSheet:
    path: Path
    page: PageSetup
    paragraphs: dict[str, ParagraphStyle] = field(default_factory=dict)
    characters: dict[str, CharacterStyle] = field(default_factory=dict)
    tables: dict[str, TableStyle] = field(default_factory=dict)
    # w:doNotUseHTMLParagraphAutoSpacing: space after and the next space before add up;
    # otherwise (Word's default) the larger of the two separates the paragraphs.
    sum_spacing: bool = False

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

    def table(self, name: str) -> TableStyle:
        try:
            return self.tables[name]
        except KeyError:
            raise HandoutsError.single(
                f"表のスタイル「{name}」が参照用 .docx にありません",
                "テンプレートの <table style> を直すか、Word でその表スタイルを作って保存してください",
                file=display_path(self.path),
            ) from None

    @cached_property
    def headings(self) -> dict[str, int]:
        """Paragraph style → its heading level (1: H1), from the style's outline level, which
        Word's navigation pane and its PDF export read too. A reference .docx whose styles
        have none keeps 表題, 見出し and 表区分 as headings by their names."""
        levels = {}
        for name, style in self.paragraphs.items():
            level = style.outline_level
            if level is None:
                level = _NAMED_HEADINGS.get(name, _BODY_TEXT)
            if level < _BODY_TEXT:
                levels[name] = level + 1
        return levels

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
            names = set(z.namelist())
            settings = _optional(z, "word/settings.xml", names)
            theme = _optional(z, min((n for n in names if _THEME.match(n)), default=""), names)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise HandoutsError.single(
            f"参照用 .docx を読めません（{exc}）",
            "Word で開けることを確かめ、「Word 文書 (*.docx)」で保存し直してください",
            file=display_path(path),
        ) from None
    page = _page(document)
    read = _Reader(page.line_pitch, _theme_fonts(theme, settings))
    raw = {s.get(w("styleId")): s for s in styles.findall("w:style", _NS)}
    defaults = read.props(styles.find("w:docDefaults", _NS), 10.5)
    paragraphs, characters, tables = {}, {}, {}
    for sid, el in raw.items():
        kind = el.get(w("type"))
        name_el = el.find("w:name", _NS)
        name = name_el.get(w("val")) if name_el is not None else sid
        if kind == "paragraph":
            props = _resolve(sid, raw, defaults, read)
            paragraphs[name] = ParagraphStyle(name=name, style_id=sid, **props)
        elif kind == "character":
            own = read.props(el, defaults.get("size", 10.5))
            characters[name] = CharacterStyle(
                name, sid, own.get("font"), own.get("size"), own.get("bold")
            )
        elif kind == "table":
            tables[name] = _table_style(name, sid, raw)
    return StyleSheet(
        path=path,
        page=page,
        paragraphs=paragraphs,
        characters=characters,
        tables=tables,
        sum_spacing=_sum_spacing(settings),
    )


_THEME = re.compile(r"word/theme/theme\d*\.xml$")


def _optional(z: zipfile.ZipFile, name: str, names: set[str]) -> etree._Element | None:
    return etree.fromstring(z.read(name)) if name in names else None


def _on(el: etree._Element) -> bool:
    """An on/off property: present means on unless its val says otherwise."""
    return el.get(w("val"), "1") not in ("0", "false", "off")


def _sum_spacing(settings: etree._Element | None) -> bool:
    """Word's spacing rule: whether space after and the next space before add up."""
    flag = (
        settings.find("w:compat/w:doNotUseHTMLParagraphAutoSpacing", _NS)
        if settings is not None
        else None
    )
    return flag is not None and _on(flag)


def _theme_fonts(theme: etree._Element | None, settings: etree._Element | None) -> dict[str, str]:
    """Theme font slots (minorEastAsia …) → family, as Word picks them for Japanese text."""
    if theme is None:
        return {}
    lang = settings.find("w:themeFontLang", _NS) if settings is not None else None
    script = _SCRIPTS.get((lang.get(w("eastAsia")) if lang is not None else None) or "ja-JP")
    a = {"a": _DRAWING}
    out = {}
    for slot in ("major", "minor"):
        scheme = theme.find(f".//a:fontScheme/a:{slot}Font", a)
        if scheme is None:
            continue
        ea = scheme.find("a:ea", a)
        family = ea.get("typeface", "") if ea is not None else ""
        for font in scheme.findall("a:font", a):
            if not family and font.get("script") == script:
                family = font.get("typeface", "")
        if family:
            out[f"{slot}EastAsia"] = family
    return out


_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_SCRIPTS = {"ja-JP": "Jpan", "zh-CN": "Hans", "zh-TW": "Hant", "ko-KR": "Hang"}


def _resolve(sid: str, raw: dict, defaults: dict, read: _Reader) -> dict:
    props = dict(defaults)
    for el in reversed(_chain(sid, raw)):
        props.update(read.props(el, props.get("size", 10.5)))
    props.setdefault("font", "")
    props.setdefault("size", 10.5)
    return props


def _chain(sid: str | None, raw: dict) -> list[etree._Element]:
    """A style and the styles it is based on, nearest first."""
    chain, seen = [], set()
    while sid in raw and sid not in seen:
        seen.add(sid)
        chain.append(raw[sid])
        based = raw[sid].find("w:basedOn", _NS)
        sid = based.get(w("val")) if based is not None else None
    return chain


class _Reader:
    """Reads the properties one element sets itself (a style or docDefaults), in points."""

    def __init__(self, pitch: float, theme: dict[str, str]) -> None:
        self.pitch = pitch
        self.theme = theme

    def props(self, el: etree._Element | None, size: float) -> dict:
        out: dict = {}
        if el is None:
            return out
        rpr = el.find(".//w:rPr", _NS)
        if rpr is not None:
            out.update(self.run(rpr))
        ppr = el.find(".//w:pPr", _NS)
        if ppr is not None:
            out.update(self.paragraph(ppr, out.get("size", size)))
        return out

    def run(self, rpr: etree._Element) -> dict:
        out: dict = {}
        fonts = rpr.find("w:rFonts", _NS)
        if fonts is not None:
            # A theme slot wins over the family named beside it, as in Word.
            family = self.theme.get(fonts.get(w("eastAsiaTheme"), "")) or fonts.get(w("eastAsia"))
            if family:
                out["font"] = family
        sz = rpr.find("w:sz", _NS)
        if sz is not None:
            out["size"] = int(sz.get(w("val"))) / 2
        b = rpr.find("w:b", _NS)
        if b is not None:
            out["bold"] = _on(b)
        return out

    def paragraph(self, ppr: etree._Element, size: float) -> dict:
        out: dict = {}
        jc = ppr.find("w:jc", _NS)
        if jc is not None:
            val = jc.get(w("val"))
            out["align"] = {"start": "left", "end": "right"}.get(val, val)
        ind = ppr.find("w:ind", _NS)
        if ind is not None:
            out.update(_indents(ind, size))
        spacing = ppr.find("w:spacing", _NS)
        if spacing is not None:
            out.update(_spacing(spacing, self.pitch))
        for tag, key in (
            ("keepNext", "keep_next"),
            ("keepLines", "keep_lines"),
            ("pageBreakBefore", "page_break_before"),
        ):
            flag = ppr.find(f"w:{tag}", _NS)
            if flag is not None:
                out[key] = _on(flag)
        outline = ppr.find("w:outlineLvl", _NS)
        if outline is not None:
            out["outline_level"] = min(int(outline.get(w("val"), _BODY_TEXT)), _BODY_TEXT)
        bdr = ppr.find("w:pBdr", _NS)
        if bdr is not None:
            sides = {side: _line(bdr.find(f"w:{side}", _NS)) for side in _SIDES}
            out["border"] = Border(**sides) if any(sides.values()) else None
        return out


_SIDES = ("top", "left", "bottom", "right")


def _line(el: etree._Element | None) -> BorderLine | None:
    """One border side; None when absent or set to none (Word's way of removing a line)."""
    if el is None or el.get(w("val")) in (None, "nil", "none"):
        return None
    color = el.get(w("color"), "auto")
    return BorderLine(
        width=int(el.get(w("sz"), "4")) / 8,
        space=float(el.get(w("space"), "0")),
        color=color if re.fullmatch(r"[0-9A-Fa-f]{6}", color) else "000000",
    )


def _table_style(name: str, sid: str, raw: dict) -> TableStyle:
    """Borders and cell margins of a table style, each side inherited separately."""
    borders: dict[str, BorderLine | None] = {}
    margins: dict[str, float] = {}
    for el in reversed(_chain(sid, raw)):
        tbl = el.find("w:tblPr", _NS)
        if tbl is None:
            continue
        for side in el.findall("w:tblPr/w:tblBorders/*", _NS):
            borders[etree.QName(side).localname] = _line(side)
        for side in el.findall("w:tblPr/w:tblCellMar/*", _NS):
            if side.get(w("type"), "dxa") == "dxa":
                margins[etree.QName(side).localname] = int(side.get(w("w"), "0")) * _TWIP
    return TableStyle(
        name,
        sid,
        {k: v for k, v in borders.items() if v is not None},
        cell_top=margins.get("top", 0.0),
        cell_left=margins.get("left", margins.get("start", 0.0)),
        cell_bottom=margins.get("bottom", 0.0),
        cell_right=margins.get("right", margins.get("end", 0.0)),
    )


def _indents(ind: etree._Element, size: float) -> dict:
    """Indents in points; Word's 字 units (leftChars=100 per character) win when present."""

    def value(*names: str) -> float | None:
        for name in names:
            chars = ind.get(w(f"{name}Chars"))
            if chars is not None and int(chars) != 0:
                return int(chars) / 100 * size
            twips = ind.get(w(name))
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
        lines = int(spacing.get(w(f"{side}Lines"), "0"))
        twips = spacing.get(w(side))
        if lines:
            out[f"space_{side}"] = lines / 100 * pitch
        elif twips is not None or spacing.get(w(f"{side}Lines")) is not None:
            out[f"space_{side}"] = int(twips or 0) * _TWIP
    line = spacing.get(w("line"))
    if line is not None:
        rule = spacing.get(w("lineRule"), "auto")
        out["line_rule"] = rule
        out["line"] = int(line) / 240 if rule == "auto" else int(line) * _TWIP
    return out


def _page(document: etree._Element) -> PageSetup:
    sect = document.find(".//w:body/w:sectPr", _NS)
    size = sect.find("w:pgSz", _NS) if sect is not None else None
    mar = sect.find("w:pgMar", _NS) if sect is not None else None
    grid = sect.find("w:docGrid", _NS) if sect is not None else None

    def twips(el: etree._Element | None, name: str, default: int) -> float:
        value = el.get(w(name)) if el is not None else None
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

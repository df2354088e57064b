"""The 資料番号 box on an attached PDF's first page, drawn exactly as on a generated handout.

The box is a tiny paper of its own (templates/stamp.xml.j2 through the same layout and PDF
writer, so reference.docx's 資料番号 style and the committee's fonts apply), laid over the page
with pypdf: the original content stays as it was and its text stays extractable. The box goes in
the top-right corner as a reader sees the page (whatever its size or /Rotate), moved away from
the page's text when there is room, never past the page edge.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from math import hypot

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from ..errors import HandoutsError
from ..model.attachment import pdf_errors, quiet_pypdf
from ..typeset.layout import Page
from ..typeset.pages import Typeset
from ..typeset.styles import PageSetup
from .disarm import described, disarm

_MM = 72 / 25.4
_EDGE = 5 * _MM  # printers cannot print the outermost 4–5 mm
_STEP = 2.5 * _MM  # how finely other places are tried
_GAP = 1.0  # clearance between the box and the page's text
_MAX_STEPS = 256  # places tried along each direction: up to A0 they are _STEP apart

Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF coordinates (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def common(self, other: Rect) -> float:
        """The area both cover."""
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.top, other.top) - max(self.bottom, other.bottom)
        return max(0.0, w) * max(0.0, h)

    def overlaps(self, other: Rect, gap: float = 0.0) -> bool:
        return (
            self.left - gap < other.right
            and other.left < self.right + gap
            and self.bottom - gap < other.top
            and other.bottom < self.top + gap
        )


@dataclass(frozen=True)
class StampArt:
    """The stamp drawn once: a one-page PDF and the part of that page the box covers."""

    pdf: bytes
    extent: Rect

    @classmethod
    def of(cls, stamp: Typeset, pdf: bytes) -> StampArt:
        """`pdf` is the typeset stamp written by the PDF writer; its pages tell where the box is."""
        pages = stamp.pages
        if not pages or (not pages[0].lines and not pages[0].rules):
            raise HandoutsError.single(
                "資料番号のテンプレート（stamp.xml.j2）が何も描きません",
                "templates/stamp.xml.j2 を直すか、消して既定のものに戻してください",
            )
        faces = stamp.typography.fonts
        widths = {f.pdf_name: f.widths() for f in (*faces.faces.values(), *faces.fallbacks)}
        return cls(pdf, _extent(pages[0], stamp.layout.page.height, widths))


@dataclass(frozen=True)
class Stamped:
    pdf: bytes
    clear: bool  # False: no free corner, the box overlaps the page's text
    removed: list[str]  # the active content taken out, as the summary says it


@dataclass(frozen=True)
class View:
    """A page as a reader sees it: the visible box turned by /Rotate."""

    width: float
    height: float
    to_user: Matrix  # display coordinates → the page's own user space


def for_packet(pdf: bytes, art: StampArt | None, page_setup: PageSetup) -> Stamped:
    """An attached PDF as it goes into the packet: its active content removed (disarm.py), the
    stamp `art` over its first page when the material has a label, written anew as plainly as
    the packet's splice reads it; the rest of the document untouched.

    The preferred place mirrors the reference .docx: the right margin from the right edge and
    the header distance from the top, both shrunk on a page smaller than the reference's.
    """
    with quiet_pypdf():
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(pdf), strict=False))
        clear = art is None or _stamp(writer.pages[0], art, page_setup)
        removed = disarm(writer)
        out = io.BytesIO()
        writer.write(out)
    return Stamped(out.getvalue(), clear, described(removed))


def _stamp(page: PageObject, art: StampArt, page_setup: PageSetup) -> bool:
    """Lay the stamp over the page; whether it found a place clear of the page's text."""
    view = view_of(page)
    preferred = (
        page_setup.right * min(1.0, view.width / page_setup.width),
        page_setup.header * min(1.0, view.height / page_setup.height),
    )
    target, clear = place(art.extent, view, text_boxes(page, view), preferred)
    scale = target.width / art.extent.width
    placement = (
        Transformation()
        .translate(-art.extent.left, -art.extent.bottom)
        .scale(scale, scale)
        .translate(target.left, target.bottom)
        .transform(Transformation(view.to_user))
    )
    page.merge_transformed_page(PdfReader(io.BytesIO(art.pdf)).pages[0], placement)
    page.compress_content_streams()
    return clear


def view_of(page: PageObject) -> View:
    """Where the visible page is, and how display coordinates map into the page's space."""
    media, crop = page.mediabox, page.cropbox
    x0, y0 = max(float(media.left), float(crop.left)), max(float(media.bottom), float(crop.bottom))
    x1, y1 = min(float(media.right), float(crop.right)), min(float(media.top), float(crop.top))
    w, h = x1 - x0, y1 - y0
    rotation = _rotation(page.get("/Rotate", 0))
    if rotation == 90:
        return View(h, w, (0, 1, -1, 0, x0 + w, y0))
    if rotation == 180:
        return View(w, h, (-1, 0, 0, -1, x0 + w, y0 + h))
    if rotation == 270:
        return View(h, w, (0, -1, 1, 0, x0, y0 + h))
    return View(w, h, (1, 0, 0, 1, x0, y0))


def place(
    extent: Rect, view: View, obstacles: list[Rect], preferred: tuple[float, float]
) -> tuple[Rect, bool]:
    """Where the box goes, in display coordinates, and whether it avoids every obstacle.

    `preferred` is (distance from the right edge, distance from the top). The nearest free place
    in the top band of the page wins; with none free, the one overlapping the least. A page too
    small for the box gets it scaled down, never cut off.
    """
    edge = min(_EDGE, view.width * 0.05, view.height * 0.05)
    scale = min(
        1.0, (view.width - 2 * edge) / extent.width, (view.height - 2 * edge) / extent.height
    )
    w, h = extent.width * scale, extent.height * scale
    max_right, max_top = view.width - w - edge, view.height - h - edge

    def at(right: float, top: float) -> Rect:
        x, y = view.width - right, view.height - top
        return Rect(x - w, y - h, x, y)

    want = (_clamp(preferred[0], edge, max_right), _clamp(preferred[1], edge, max_top))
    rights = _steps(edge, min(max_right, view.width / 2))
    tops = _steps(edge, min(max_top, max(view.height / 4, want[1])))
    candidates = sorted(
        [want, *((r, t) for r in rights for t in tops)],
        key=lambda c: hypot(c[0] - want[0], c[1] - want[1]),
    )
    farthest = at(max(r for r, _ in candidates), max(t for _, t in candidates))
    band = Rect(farthest.left, farthest.bottom, view.width, view.height)
    near = [o for o in obstacles if o.overlaps(band, _GAP)]
    for right, top in candidates:
        rect = at(right, top)
        if not any(rect.overlaps(o, _GAP) for o in near):
            return rect, True
    return min((at(*c) for c in candidates), key=lambda r: sum(r.common(o) for o in near)), False


def text_boxes(page: PageObject, view: View) -> list[Rect]:
    """Approximate boxes of the page's text runs, in display coordinates.

    pypdf reports where each run starts; its extent is estimated from the characters (full
    width for CJK, a generous half for the rest). Images and drawings are not seen.
    """
    to_display = _invert(view.to_user)
    boxes: list[Rect] = []

    def visit(text: str, cm: list, tm: list, _font: object, size: float) -> None:
        if not text.strip():
            return
        m = _multiply(tuple(tm), tuple(cm))  # type: ignore[arg-type]
        for k, line in enumerate(text.split("\n")):
            if not line.strip():
                continue
            advance = sum(_em(c) for c in line) * size
            base = -k * 1.2 * size
            corners = [(x, y) for x in (0.0, advance) for y in (base - 0.25 * size, base + size)]
            points = [_apply(to_display, _apply(m, p)) for p in corners]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            boxes.append(Rect(min(xs), min(ys), max(xs), max(ys)))

    try:
        page.extract_text(visitor_text=visit)
    except pdf_errors():
        return boxes  # text we cannot read is text we cannot avoid; the stamp still goes on
    return boxes


def _extent(page: Page, height: float, widths: dict[str, dict[int, float]]) -> Rect:
    """The part of the stamp's page that the box and its text cover (PDF coordinates)."""
    xs: list[float] = []
    ys: list[float] = []  # from the page top, as the layout measures
    for rule in page.rules:
        half = rule.width / 2
        xs += [min(rule.x1, rule.x2) - half, max(rule.x1, rule.x2) + half]
        ys += [min(rule.y1, rule.y2) - half, max(rule.y1, rule.y2) + half]
    for line in page.lines:
        for seg in line.segments:
            x = line.x + seg.x
            advance = sum(widths[seg.font].get(ord(c), 1.0) for c in seg.text) * seg.size
            xs += [x, x + advance + seg.char_space * len(seg.text)]
            ys += [line.baseline - seg.size, line.baseline + 0.25 * seg.size]
    return Rect(min(xs), height - max(ys), max(xs), height - min(ys))


def _rotation(value: object) -> int:
    """The page's /Rotate in degrees; a value that is not a multiple of 90 counts as none, as
    viewers show it."""
    try:
        degrees = int(value) % 360  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return degrees if degrees % 90 == 0 else 0


def _em(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6


def _steps(low: float, high: float) -> list[float]:
    """Places from `low` to `high`, `_STEP` apart; on a huge page, at most `_MAX_STEPS` of them
    (so the search takes the same time and memory whatever the page size)."""
    if high <= low:
        return [low]
    step = max(_STEP, (high - low) / _MAX_STEPS)
    n = int((high - low) / step)
    return [low + i * step for i in range(n + 1)]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    """a then b, as PDF matrices compose (row vectors)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _apply(m: Matrix, p: tuple[float, float]) -> tuple[float, float]:
    x, y = p
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))

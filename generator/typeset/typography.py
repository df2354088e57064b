"""The committee's typography: the reference .docx's styles and the fonts they name.

Text is measured here for both writers, so a label pushes the indent the same in each.
"""

from __future__ import annotations

from ..render.tree import Fit, Inline, Label, LineBreak, Text
from .fonts import FontFace, FontRegistry
from .styles import ParagraphStyle, StyleSheet

_MAX_LABEL_EMS = 8  # the widest label that still gets a column of its own


class Typography:
    """Styles and fonts together: what a run of a style is drawn in, and how wide it is."""

    def __init__(self, sheet: StyleSheet, fonts: FontRegistry) -> None:
        self.sheet = sheet
        self.fonts = fonts

    def faces_in_effect(self) -> list[FontFace]:
        """The faces the styles name, in name order, then the committee's fallback fonts."""
        return [self.fonts.face(f) for f in sorted(self.sheet.fonts)] + self.fonts.fallbacks

    def font_of(self, para: ParagraphStyle, run_style: str | None) -> tuple[str, float]:
        """The font family and size a run is drawn in: its character style over the paragraph's."""
        if run_style is None:
            return para.font, para.size
        char = self.sheet.character(run_style)
        return char.font or para.font, char.size or para.size

    def bold_of(self, para: ParagraphStyle, run_style: str | None) -> bool:
        """Whether a run is bold: its character style's setting, else the paragraph's."""
        char = None if run_style is None else self.sheet.character(run_style)
        return para.bold if char is None or char.bold is None else char.bold

    def width(self, para: ParagraphStyle, inlines: tuple[Inline, ...]) -> float:
        """Width in points of inlines set on one line."""
        total = 0.0
        for item in inlines:
            if isinstance(item, Fit):
                total += item.width * para.size
            elif isinstance(item, Text):
                family, size = self.font_of(para, item.style)
                widths = self.fonts.face(family).widths()
                total += sum(widths.get(ord(c), 1.0) for c in item.text) * size
            elif isinstance(item, LineBreak):
                break
        return total


def label_indents(style: ParagraphStyle, label: Label | None, width: float) -> tuple[float, float]:
    """(left indent, hanging) in points for a paragraph whose label is `width` wide.

    A label wider than the style's hanging indent either reaches further left (numbers such
    as （１０）, so the text column stays) or moves the text column right (a term before its
    definition), as the label's `extend` says. A label longer than a few words would squeeze
    the text column off the page: it then runs on as the paragraph's first words instead.
    """
    hang = style.hanging
    if label is None or width <= hang or width > _MAX_LABEL_EMS * style.size:
        return style.left, hang
    if label.extend == "left":
        return style.left, width
    return style.left - hang + width, width

"""The look a web page takes from the reference .docx: where a paragraph sits, and its box.

The HTML edition is read on screens of every width, so it does not copy the printed page's
sizes and indents; it keeps what tells a reader what a line is: a centred title, a
right-aligned date line, the 資料番号 boxed at the top right, bold where the style is bold,
small print (a roster's furigana) smaller.
Each paragraph of the page carries its style's id (ASCII, as Word stores it) as its class.
"""

from __future__ import annotations

import re

from ..typeset.styles import ParagraphStyle, StyleSheet

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_SMALL = 0.9  # a style this much smaller than the body text is small print on the page too
_SMALLEST = 0.6  # of the page's text size, however small the print
_ALIGN = {"center": "center", "right": "right", "both": "justify", "distribute": "justify"}


def class_rules(sheet: StyleSheet, used: set[str]) -> str:
    """A rule for each paragraph style in `used` (by name) that sets something a page shows."""
    rules = []
    body = sheet.paragraphs.get("Normal")
    for name in sorted(used):
        style = sheet.paragraphs.get(name)
        declarations = _declarations(style, body) if class_of(sheet, name) else []
        if style is not None and declarations:
            rules.append(f".{style.style_id} {{ {' '.join(declarations)} }}\n")
    return "".join(rules)


def class_of(sheet: StyleSheet, name: str) -> str:
    """The class a paragraph of style `name` carries; "" for a style the sheet lacks, or
    whose id is not a plain CSS name."""
    style = sheet.paragraphs.get(name)
    return style.style_id if style is not None and _PLAIN.fullmatch(style.style_id) else ""


def _declarations(style: ParagraphStyle, body: ParagraphStyle | None) -> list[str]:
    out = []
    align = _ALIGN.get(style.align)
    if align is not None:
        out.append(f"text-align: {align};")
    if body is not None and style.size < _SMALL * body.size:
        # small print stays smaller than the text (a roster's furigana), though readable
        out.append(f"font-size: {max(_SMALLEST, style.size / body.size):.2f}em;")
    if style.bold:
        out.append("font-weight: bold;")
    border = style.border
    if border is not None and all((border.top, border.left, border.bottom, border.right)):
        # a boxed paragraph: the box as wide as its text, on the side its indents push it to
        out.append("border: 1px solid #000; padding: 0 0.4em; width: fit-content;")
        side = _side(style, align)
        if side != "left":
            out.append("margin-left: auto;" if side == "right" else "margin: 0 auto;")
    elif border is not None and border.bottom is not None:
        out.append("border-bottom: 1px solid #000;")
    return out


def _side(style: ParagraphStyle, align: str | None) -> str:
    """Where a boxed paragraph sits: pushed by the larger indent (the 資料番号's left indent
    puts it at the right), else by its alignment."""
    if style.left != style.right:
        return "right" if style.left > style.right else "left"
    return {"right": "right", "center": "center"}.get(align or "", "left")

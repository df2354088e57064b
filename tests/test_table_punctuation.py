"""A line-end 、。 in a table cell stays inside the cell: it never hangs onto the cell's rule.

In running text a line may end with a 、 hanging past the margin (ぶら下げ, JIS X 4051); in a
cell the margin is the few points before the rule, so there the 、 goes to the next line with
the character before it.
"""

from __future__ import annotations

from pathlib import Path

from generator.render.markup import parse
from generator.typeset.fonts import FontRegistry
from generator.typeset.layout import Layout
from generator.typeset.styles import read_stylesheet
from generator.typeset.typography import Typography

REFERENCE = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"


def layout() -> Layout:
    sheet = read_stylesheet(REFERENCE)
    return Layout(Typography(sheet, FontRegistry.for_committee({}, [])), "portrait")


def right_ends(page) -> list[float]:
    """Where each drawn line's last glyph ends (all glyphs here are one em wide; justification
    spaces them apart, but adds nothing after the last)."""
    ends = []
    for line in page.lines:
        for seg in line.segments:
            n = len(seg.text)
            ends.append(line.x + seg.x + n * seg.size + (n - 1) * seg.char_space)
    return ends


def test_a_comma_at_a_cells_line_end_stays_inside_the_cell() -> None:
    flow = layout()
    style = flow.sheet.table("Table Grid")
    inside = flow.text_width - style.cell_left - style.cell_right
    fits = int(inside // 10.5)  # 表本文 is 10.5 pt: this many characters fill a line
    text = "あ" * fits + "、" + "い" * 10 + "。"
    # 本文 is 12 pt with its first line indented by one character.
    running = "あ" * (int(flow.text_width // 12) - 1) + "、" + "い" * 10 + "。"
    markup = (
        '<document><table><col width="1"/>'
        f'<tr><td><p style="表本文">{text}</p></td></tr></table>'
        f'<p style="本文">{running}</p></document>'
    )
    (page,) = flow.pages(parse(markup))
    cell_lines, body_lines = page.lines[:2], page.lines[2:]
    right_rule = flow.page.left + flow.text_width
    for end in right_ends(type(page)(lines=cell_lines)):
        assert end <= right_rule - style.cell_right + 0.01
    assert cell_lines[1].segments[0].text.startswith("あ、")  # pushed out with its character
    # Outside a table the comma still hangs, as before.
    assert max(right_ends(type(page)(lines=body_lines))) > right_rule

"""The look is edited in Word: a style changed in the reference .docx moves the PDF's glyphs.

Each test copies the sample meeting into a workspace, edits a style of templates/reference.docx
the way Word saves it (sizes in half-points, indents in twips or 字 units, spacing in twips or
lines), rebuilds, and measures where pdftotext finds the text.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample_committee, needs_poppler, run_handouts
from lxml import etree
from pdf_structure import structure_dump

pytestmark = needs_poppler

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HANDOUT = "第4回_資料2"
TITLE = "「協働」の定義について"
# The reference page: A4, margins top 1701, left and right 1417, bottom 1417 twips.
LEFT, RIGHT, TOP = 1417 / 20, 595.3 - 1417 / 20, 1701 / 20


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Word:
    """A word as pdftotext places it: page number and box in points from the top-left."""

    page: int
    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top


def pdf_words(pdf: Path) -> list[Word]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(xhtml)
    words = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for el in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = [float(el.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            words.append(Word(number, *box, el.text or ""))
    return words


def first(words: list[Word], start: str, nth: int = 0) -> Word:
    found = [word for word in words if word.text.startswith(start)]
    assert len(found) > nth, f"{start!r} not found in the PDF"
    return found[nth]


def same_line(words: list[Word], word: Word) -> list[Word]:
    return [o for o in words if o.page == word.page and abs(o.top - word.top) < 1]


def line_below(words: list[Word], word: Word) -> Word:
    """The first word of the next line down on the same page."""
    below = [o for o in words if o.page == word.page and o.top > word.top + 1]
    top = min(o.top for o in below)
    return min((o for o in below if abs(o.top - top) < 1), key=lambda o: o.left)


Edit = Callable[[etree._Element], None]


def edit_part(docx: Path, part: str, edit: Edit) -> None:
    """Rewrite one XML part of a .docx in place, keeping every other part as it was."""
    with zipfile.ZipFile(docx) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    root = etree.fromstring(parts[part])
    edit(root)
    parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            z.writestr(info, parts[info.filename])


def style(styles: etree._Element, name: str) -> etree._Element:
    for el in styles.findall("w:style", NS):
        if el.find("w:name", NS).get(w("val")) == name:
            return el
    raise KeyError(name)


# Children of w:pPr and w:rPr in the order the schema (and so Word) requires.
PPR_ORDER = ["keepNext", "keepLines", "pageBreakBefore", "pBdr", "kinsoku", "overflowPunct", "autoSpaceDE",
             "autoSpaceDN", "snapToGrid", "spacing", "ind", "jc", "outlineLvl"]  # fmt: skip
RPR_ORDER = ["rFonts", "b", "kern", "sz", "szCs"]


def set_child(parent: etree._Element, order: list[str], tag: str, **attrs: str) -> etree._Element:
    """Replace (or add, in schema order) a property element, as Word writes it."""
    old = parent.find(f"w:{tag}", NS)
    el = etree.Element(w(tag), {w(k): v for k, v in attrs.items()})
    if old is not None:
        parent.replace(old, el)
        return el
    later = [c for c in parent if etree.QName(c).localname in order[order.index(tag) + 1 :]]
    if later:
        later[0].addprevious(el)
    else:
        parent.append(el)
    return el


def ppr(name: str, tag: str, **attrs: str) -> Edit:
    def edit(styles: etree._Element) -> None:
        el = style(styles, name)
        props = el.find("w:pPr", NS)
        if props is None:
            props = etree.Element(w("pPr"))
            el.find("w:qFormat", NS).addnext(props)
        set_child(props, PPR_ORDER, tag, **attrs)

    return edit


def rpr(name: str, tag: str, **attrs: str) -> Edit:
    def edit(styles: etree._Element) -> None:
        el = style(styles, name)
        props = el.find("w:rPr", NS)
        if props is None:
            props = etree.SubElement(el, w("rPr"))
        set_child(props, RPR_ORDER, tag, **attrs)

    return edit


def workspace(tmp: Path, *edits: tuple[str, Edit]) -> Path:
    """The sample in a workspace with its own reference.docx, edited; its meeting folder."""
    copy_sample_committee(tmp / "content" / "koganei-kyodo")
    (tmp / "templates").mkdir()
    reference = tmp / "templates" / "reference.docx"
    shutil.copy(ROOT / "templates" / "reference.docx", reference)
    for part, edit in edits:
        edit_part(reference, part, edit)
    return tmp / "content" / "koganei-kyodo" / "04"


def build(tmp: Path, *edits: tuple[str, Edit]) -> Path:
    """Edit the workspace's reference.docx and rebuild (in this process: the CLI is tested
    end to end by the sample's tests and by the theme font test below)."""
    from generator.build import build as build_meeting

    out = tmp / "out"
    build_meeting(workspace(tmp, *edits), out)
    return out


def styles_edit(*edits: Edit) -> tuple[str, Edit]:
    def edit(root: etree._Element) -> None:
        for e in edits:
            e(root)

    return "word/styles.xml", edit


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> list[Word]:
    """The sample as the unedited reference .docx sets it."""
    return pdf_words(build(tmp_path_factory.mktemp("before")) / f"{HANDOUT}.pdf")


def docx_style_of(docx: Path, text: str) -> str:
    import docx as python_docx

    for p in python_docx.Document(str(docx)).paragraphs:
        if p.text.startswith(text):
            return p.style.name
    raise AssertionError(f"{text!r} not in {docx.name}")


def test_title_size_and_alignment_follow_the_style(tmp_path: Path, before: list[Word]) -> None:
    import docx as python_docx

    out = build(tmp_path, styles_edit(rpr("表題", "sz", val="40"), ppr("表題", "jc", val="right")))
    old, new = first(before, TITLE), first(pdf_words(out / f"{HANDOUT}.pdf"), TITLE)
    assert old.height == pytest.approx(14, abs=0.2)
    assert new.height == pytest.approx(20, abs=0.2)  # BIZ UD's glyph box is one em
    assert new.right == pytest.approx(RIGHT, abs=0.5)
    assert old.left + old.right == pytest.approx(LEFT + RIGHT, abs=1)  # it was centred
    assert docx_style_of(out / f"{HANDOUT}.docx", TITLE) == "表題"
    title = python_docx.Document(str(out / f"{HANDOUT}.docx")).styles["表題"]
    assert title.font.size.pt == 20


def test_character_style_size_follows(tmp_path: Path, before: list[Word]) -> None:
    out = build(tmp_path, styles_edit(rpr("用語", "sz", val="32")))
    new = pdf_words(out / f"{HANDOUT}.pdf")
    assert first(before, "協働事業").height == pytest.approx(12, abs=0.2)
    assert first(new, "協働事業").height == pytest.approx(16, abs=0.2)


def test_left_indent_in_character_units(tmp_path: Path, before: list[Word]) -> None:
    """定義 indented 4字 (Word writes leftChars and the twips it works out): 24pt further in."""
    out = build(tmp_path, styles_edit(ppr("定義", "ind", leftChars="400", left="960")))
    new = pdf_words(out / f"{HANDOUT}.pdf")
    # The term hangs at the indent; the definition's next line starts after the term.
    assert first(new, "協働事業").left == pytest.approx(LEFT + 48, abs=0.3)
    assert first(new, "協働事業").left - first(before, "協働事業").left == pytest.approx(
        24, abs=0.3
    )
    wrapped_old = line_below(before, first(before, "協働事業"))
    wrapped_new = line_below(new, first(new, "協働事業"))
    assert wrapped_new.left - wrapped_old.left == pytest.approx(24, abs=0.3)
    assert docx_style_of(out / f"{HANDOUT}.docx", "協働事業") == "定義"


def test_indent_in_character_units_alone(tmp_path: Path) -> None:
    """Only the 字 attribute (no twips): one 字 is the style's font size (12pt)."""
    out = build(tmp_path, styles_edit(ppr("定義", "ind", leftChars="200")))
    assert first(pdf_words(out / f"{HANDOUT}.pdf"), "協働事業").left == pytest.approx(
        LEFT + 24, abs=0.3
    )


def test_hanging_indent_in_character_units(tmp_path: Path, before: list[Word]) -> None:
    """出典 with a 3字 hanging indent: its second line starts 3字 (36pt) from the margin."""
    edit = ppr("出典", "ind", leftChars="300", left="720", hangingChars="300", hanging="720")
    new = pdf_words(build(tmp_path, styles_edit(edit)) / f"{HANDOUT}.pdf")
    assert first(before, "りの在り方").left == pytest.approx(LEFT + 24, abs=0.3)
    assert first(new, "りの在り方").left == pytest.approx(LEFT + 36, abs=0.3)
    assert first(new, "１", 1).left == pytest.approx(LEFT, abs=0.3)  # the number hangs


def test_spacing_before_in_lines(tmp_path: Path, before: list[Word]) -> None:
    """見出し with 2 lines before (beforeLines="200"): 2 × the 18pt grid pitch, not 20pt."""
    out = build(tmp_path, styles_edit(ppr("見出し", "spacing", beforeLines="200", before="720")))
    new = pdf_words(out / f"{HANDOUT}.pdf")

    def gap(words: list[Word]) -> float:
        heading = first(words, "【他市等の例】")
        above = first(words, "協力して実施する")
        return heading.top - above.top

    assert gap(before) == pytest.approx(20 + 20, abs=0.2)
    assert gap(new) == pytest.approx(20 + 36, abs=0.2)


@pytest.mark.parametrize(
    ("rule", "line", "pitch"),
    [("exact", "600", 30.0), ("auto", "480", 24.0), ("atLeast", "300", 15.0)],
)
def test_line_spacing_rules(tmp_path: Path, rule: str, line: str, pitch: float) -> None:
    """Normal's line spacing: exactly 30pt, double (2 × 12pt), at least 15pt (12pt text)."""
    edit = ppr("Normal", "spacing", before="0", after="0", line=line, lineRule=rule)
    words = pdf_words(build(tmp_path, styles_edit(edit)) / f"{HANDOUT}.pdf")
    assert first(words, "協力して実施する").top - first(words, "協働事業").top == pytest.approx(
        pitch, abs=0.2
    )


def test_distributed_title_fills_the_line(tmp_path: Path, before: list[Word]) -> None:
    out = build(tmp_path, styles_edit(ppr("表題", "jc", val="distribute")))
    words = pdf_words(out / f"{HANDOUT}.pdf")
    title = same_line(words, first(words, "「"))
    assert "".join(o.text for o in title) == TITLE
    assert min(o.left for o in title) == pytest.approx(LEFT, abs=0.3)
    assert max(o.right for o in title) == pytest.approx(RIGHT, abs=0.3)


def test_page_break_before_starts_each_group_on_a_new_page(tmp_path: Path) -> None:
    out = build(tmp_path, styles_edit(ppr("見出し", "pageBreakBefore")))
    words = pdf_words(out / f"{HANDOUT}.pdf")
    for heading in ("【小金井市の例】", "【他市等の例】"):
        found = first(words, heading)
        assert found.page > 1
        assert found.top == min(o.top for o in words if o.page == found.page)
        # Word keeps the space before a paragraph that asks for its page break.
        assert found.top == pytest.approx(TOP + 20 + 4, abs=0.3)


def test_larger_of_space_after_and_before_separates_paragraphs(
    tmp_path: Path, before: list[Word]
) -> None:
    """表題 has 20pt after: a heading asking for 5pt before stays put, as in Word.

    With Word's compatibility option to add them (doNotUseHTMLParagraphAutoSpacing), it moves.
    """
    small = ppr("見出し", "spacing", before="100")
    collapsed = pdf_words(build(tmp_path / "max", styles_edit(small)) / f"{HANDOUT}.pdf")

    def add_spacing(settings: etree._Element) -> None:
        etree.SubElement(settings.find("w:compat", NS), w("doNotUseHTMLParagraphAutoSpacing"))

    added = pdf_words(
        build(tmp_path / "sum", styles_edit(small), ("word/settings.xml", add_spacing))
        / f"{HANDOUT}.pdf"
    )
    heading = "【小金井市の例】"
    assert first(collapsed, heading).top == pytest.approx(first(before, heading).top, abs=0.1)
    assert first(added, heading).top - first(before, heading).top == pytest.approx(5, abs=0.1)


def pdf_lines(pdf: Path) -> list[tuple[float, float, float, float]]:
    """Straight lines drawn on page 1 (x1, y1, x2, y2 from the top-left), from the content."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    ops = ContentStream(page.get_contents(), page.pdf).operations
    lines, start = [], None
    for operands, op in ops:
        if op == b"m":
            start = [float(v) for v in operands]
        elif op == b"l" and start is not None:
            x, y = (float(v) for v in operands)
            lines.append((start[0], height - start[1], x, height - y))
    return lines


def test_bottom_border_draws_one_rule_under_the_title(tmp_path: Path, before: list[Word]) -> None:
    """A bottom-only border is one line under the text, and the text below makes room for it."""

    def border(styles: etree._Element) -> None:
        ppr("表題", "pBdr")(styles)
        pbdr = style(styles, "表題").find("w:pPr/w:pBdr", NS)
        etree.SubElement(
            pbdr,
            w("bottom"),
            {w("val"): "single", w("sz"): "12", w("space"): "4", w("color"): "auto"},
        )

    out = build(tmp_path, styles_edit(border))
    words = pdf_words(out / f"{HANDOUT}.pdf")
    title = first(words, TITLE)
    rules = [r for r in pdf_lines(out / f"{HANDOUT}.pdf") if max(r[1], r[3]) > title.top]
    assert len(rules) == 1, rules  # under the title (資料２'s box is above it)
    x1, y1, x2, y2 = rules[0]
    assert y1 == y2 and title.bottom < y1 < title.bottom + 12
    assert (x1, x2) == (pytest.approx(LEFT), pytest.approx(RIGHT))
    heading = "【小金井市の例】"
    assert first(words, heading).top - first(before, heading).top == pytest.approx(5.5, abs=0.1)


def test_page_size_and_margins_come_from_the_section(tmp_path: Path, before: list[Word]) -> None:
    from pypdf import PdfReader

    def b4_wider_margins(document: etree._Element) -> None:
        section = document.find(".//w:body/w:sectPr", NS)
        section.find("w:pgSz", NS).attrib.update({w("w"): "14570", w("h"): "20636"})
        section.find("w:pgMar", NS).attrib.update({w("left"): "2268", w("top"): "2268"})

    out = build(tmp_path, ("word/document.xml", b4_wider_margins))
    page = PdfReader(out / f"{HANDOUT}.pdf").pages[0]
    assert float(page.mediabox.width) == pytest.approx(728.5, abs=0.1)
    assert float(page.mediabox.height) == pytest.approx(1031.8, abs=0.1)
    heading = "【小金井市の例】"
    new = first(pdf_words(out / f"{HANDOUT}.pdf"), heading)
    old = first(before, heading)
    assert new.left - old.left == pytest.approx((2268 - 1417) / 20, abs=0.1)
    assert new.top - old.top == pytest.approx((2268 - 1701) / 20, abs=0.1)


def test_theme_font_is_the_font_the_pdf_needs(tmp_path: Path) -> None:
    """A style set to the theme's 日本語 font (Word's 本文のフォント) asks for that font."""

    def theme_font(styles: etree._Element) -> None:
        fonts = style(styles, "表題").find("w:rPr/w:rFonts", NS)
        fonts.set(w("eastAsiaTheme"), "minorEastAsia")

    meeting = workspace(tmp_path, ("word/styles.xml", theme_font))
    result = run_handouts("build", meeting, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "ＭＳ 明朝" in result.stderr  # the reference's theme: ＭＳ 明朝 for Japanese text
    assert "Traceback" not in result.stderr


def ink(pdf: Path, word: Word, dpi: int = 150) -> int:
    """Dark pixels inside a word's box on its page, as pdftoppm renders the page in grey."""
    scale = dpi / 72
    box = [round(word.left * scale), round(word.top * scale)]
    box += [round(word.right * scale) - box[0], round(word.bottom * scale) - box[1]]
    crop = ("-x", "-y", "-W", "-H")
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(word.page), "-l", str(word.page)]
        + [arg for pair in zip(crop, map(str, box), strict=True) for arg in pair]
        + [str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    _magic, _size, _depth, pixels = pgm.split(maxsplit=3)
    return sum(1 for value in pixels if value < 128)


def test_bold_in_a_style_is_bold_in_the_pdf(tmp_path: Path, before: list[Word]) -> None:
    """Word draws BIZ UD明朝 bold by emboldening it; the printed PDF must be bold as well,
    with the characters where they were."""
    plain = build(tmp_path / "plain") / f"{HANDOUT}.pdf"
    bold = build(tmp_path / "bold", styles_edit(rpr("表題", "b"), rpr("用語", "b")))
    pdf = bold / f"{HANDOUT}.pdf"
    words = pdf_words(pdf)
    for text in (TITLE, "協働事業"):
        old, new = first(before, text), first(words, text)
        assert ink(pdf, new) > 1.2 * ink(plain, old), text
        assert (new.left, new.right) == pytest.approx((old.left, old.right), abs=0.01)
    body = first(before, "市民及び市が")
    assert ink(pdf, first(words, "市民及び市が")) == ink(plain, body)


def test_keep_lines_together_moves_a_paragraph_whole_to_the_next_page(tmp_path: Path) -> None:
    """段落を分割しない on 定義: a definition that would cross the page break starts the next page."""
    from generator.build import build as build_meeting

    sentence = "相互の存在意識を認識し尊重し合い、"

    def pages_of_the_long_definition(folder: Path, *edits: tuple[str, Edit]) -> set[int]:
        meeting = workspace(folder, *edits)
        definitions = meeting / "definitions.yaml"
        text = definitions.read_text(encoding="utf-8")
        definitions.write_text(text.replace(sentence, sentence * 20, 1), encoding="utf-8")
        build_meeting(meeting, folder / "out")
        words = pdf_words(folder / "out" / f"{HANDOUT}.pdf")
        return {word.page for word in words if "存在意識" in word.text}

    assert pages_of_the_long_definition(tmp_path / "split") == {1, 2}
    kept = pages_of_the_long_definition(tmp_path / "kept", styles_edit(ppr("定義", "keepLines")))
    assert kept == {2}


def no_outline_levels(styles: etree._Element) -> None:
    """A reference .docx from before the styles had outline levels (a committee's own)."""
    for level in styles.findall(".//w:outlineLvl", NS):
        level.getparent().remove(level)


def test_the_outline_level_set_in_word_decides_what_a_screen_reader_hears_as_a_heading(
    tmp_path: Path,
) -> None:
    """段落 → アウトライン レベル: 本文 on 見出し makes 【小金井市の例】 a paragraph, レベル 2 on
    出典 makes each source a heading; a reference without outline levels keeps 表題 and
    見出し as headings by their names."""

    def roles(folder: Path, *edits: tuple[str, Edit]) -> dict[str, str]:
        dump = structure_dump(build(folder, *edits) / f"{HANDOUT}.pdf").splitlines()
        return {text.strip().strip('"'): tag.strip() for tag, text in pairwise(dump)}

    shipped = roles(tmp_path / "shipped")
    assert shipped[TITLE] == "H1" and shipped["【小金井市の例】"] == "H2"
    assert roles(tmp_path / "old", styles_edit(no_outline_levels)) == shipped
    edited = roles(
        tmp_path / "edited",
        styles_edit(ppr("見出し", "outlineLvl", val="9"), ppr("出典", "outlineLvl", val="1")),
    )
    assert edited[TITLE] == "H1" and edited["【小金井市の例】"] == "P"
    assert edited["１　小金井市市民参加条例（第２条（定義）第２号）"] == "H2"

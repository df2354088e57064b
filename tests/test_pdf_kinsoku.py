"""Line breaking checked where members see it: on the PDF's pages, not in the algorithm.

Each test lays text out through the real writer, reads back where every glyph landed (a small
PDF text interpreter over the content stream: fonts' widths, ToUnicode maps and the embedded
glyphs), and checks what a proofreader would: no line starts with 、 or 」, no line ends with
「, no word or number is split, every line but the last of a paragraph reaches the right edge,
nothing crosses it except a hanging 、。, no glyph is a box and no character went missing.
The rules come from generator.kinsoku (JIS X 4051 classes as data).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream, NumberObject

from generator.render.tree import Document, Label, Paragraph, Text, paragraph_text
from generator.typeset import kinsoku
from generator.typeset.fonts import FontRegistry
from generator.typeset.pages import typeset
from generator.typeset.styles import StyleSheet, read_stylesheet
from generator.typeset.typography import Typography
from generator.writers.pdf_writer import write_pdf

# Each example writes and reads back a PDF (~30 ms): modest by default, many more on CI.
EXAMPLES = 400 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 40
TOLERANCE = 0.05  # pt: coordinates are written with a few decimals
STAMP = datetime(2011, 3, 2, tzinfo=timezone.utc)

NOT_AT_START = kinsoku.NOT_AT_LINE_START
NOT_AT_END = kinsoku.NOT_AT_LINE_END
HANGING = kinsoku.HANGING_PUNCTUATION
ALNUM = kinsoku.LATIN_LETTERS + kinsoku.DIGITS
DIGITS = kinsoku.DIGITS


# --- Reading the PDF back -------------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    """One glyph as drawn: the text it stands for, its advance box and its font."""

    text: str
    x0: float
    x1: float
    baseline: float  # from the page's top
    font: str
    glyph: int  # index in the embedded font: the same for the same drawn shape

    @property
    def notdef(self) -> bool:
        """Drawn with the font's .notdef glyph: a box (豆腐)."""
        return self.glyph == 0


@dataclass(frozen=True)
class PdfLine:
    page: int
    baseline: float
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


class _PdfFont:
    """What a PDF viewer knows of an embedded TrueType subset."""

    def __init__(self, obj) -> None:
        self.name = str(obj["/BaseFont"]).lstrip("/")
        self.first = int(obj["/FirstChar"])
        self.widths = [float(w) for w in obj["/Widths"]]
        cmap = obj["/ToUnicode"].get_object().get_data().decode("latin-1")
        self.unicode = {
            int(src, 16): bytes.fromhex(dst).decode("utf-16-be")
            for src, dst in re.findall(
                r"<([0-9A-F]+)>\s*<([0-9A-F]+)>", cmap.split("beginbfchar", 1)[-1]
            )
        }
        embedded = TTFont(io.BytesIO(obj["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
        order = {name: gid for gid, name in enumerate(embedded.getGlyphOrder())}
        self.glyph = {}
        for table in embedded["cmap"].tables:
            self.glyph.update({code: order[name] for code, name in table.cmap.items()})


def read_pdf(data: bytes) -> list[list[Glyph]]:
    """Every glyph of every page, in drawing order (the text operators reportlab writes)."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        resources = page["/Resources"]["/Font"]
        fonts: dict[str, _PdfFont] = {}
        glyphs: list[Glyph] = []
        font, size, char_space, word_space, leading = None, 0.0, 0.0, 0.0, 0.0
        x = y = line_x = line_y = 0.0  # the glyph origin and the start of the text line
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                key = str(operands[0])
                if key not in fonts:
                    fonts[key] = _PdfFont(resources[key].get_object())
                font, size = fonts[key], float(operands[1])
            elif op == b"Tc":
                char_space = float(operands[0])
            elif op == b"Tw":
                word_space = float(operands[0])
            elif op == b"TL":
                leading = float(operands[0])
            elif op == b"Tm":
                a, b, c, d, line_x, line_y = map(float, operands)
                assert (a, b, c, d) == (1, 0, 0, 1), "text is neither rotated nor scaled"
                x, y = line_x, line_y
            elif op in (b"Td", b"T*"):
                dx, dy = (float(operands[0]), float(operands[1])) if op == b"Td" else (0, -leading)
                line_x, line_y = line_x + dx, line_y + dy
                x, y = line_x, line_y
            elif op in (b"Tz", b"TD", b"'", b'"'):
                raise AssertionError(f"the writer does not use {op!r}: extend this reader")
            elif op in (b"Tj", b"TJ"):
                assert font is not None
                for part in operands[0] if op == b"TJ" else operands:
                    if isinstance(part, NumberObject | float | int):
                        x -= float(part) / 1000 * size
                        continue
                    raw = getattr(part, "get_original_bytes", lambda p=part: bytes(p))()
                    for code in raw:
                        advance = font.widths[code - font.first] / 1000 * size
                        glyphs.append(
                            Glyph(
                                font.unicode.get(code, ""),
                                x,
                                x + advance,
                                round(height - y, 3),
                                font.name,
                                font.glyph.get(code, 0),
                            )
                        )
                        x += advance + char_space + (word_space if code == 32 else 0.0)
        pages.append(glyphs)
    return pages


def pdf_lines(data: bytes, footer_from: float) -> list[PdfLine]:
    """The body's lines, top to bottom, page after page (the page number is left out)."""
    lines = []
    for number, glyphs in enumerate(read_pdf(data), start=1):
        rows: dict[float, list[Glyph]] = {}
        for g in glyphs:
            if g.baseline < footer_from:
                rows.setdefault(g.baseline, []).append(g)
        for baseline in sorted(rows):
            ordered = tuple(sorted(rows[baseline], key=lambda g: g.x0))
            lines.append(PdfLine(number, baseline, ordered))
    return lines


# --- What a proofreader checks ----------------------------------------------------------------


def check_paragraph(expected: str, lines: list[PdfLine], right: float, justified: bool) -> None:
    """The rules for one paragraph's lines; `expected` is its text as the tree holds it."""
    drawn = "".join(line.text for line in lines)
    want = expected.replace("\t", "\u3000").replace("\n", "")
    assert drawn == want, "text lost or changed between the content and the PDF"
    glyphs = [g for line in lines for g in line.glyphs]
    assert not [g.text for g in glyphs if g.notdef], "a glyph is drawn as a box (tofu)"
    forced = _forced_breaks(expected)
    position = 0
    for i, line in enumerate(lines):
        text = line.text
        start, position = position, position + len(text)
        if i > 0 and start not in forced:
            assert text[0] not in NOT_AT_START, f"line starts with {text[0]!r}: {text}"
        if i < len(lines) - 1 and position not in forced:
            assert text.rstrip(" ")[-1:] not in NOT_AT_END, f"line ends with an opening: {text}"
            _assert_unit_kept(want, position, text, lines[i + 1].text)
        _assert_within_edge(line, right)
        last = i == len(lines) - 1 or position in forced
        if justified and not last:
            _assert_reaches_edge(line, right)


def _forced_breaks(text: str) -> set[int]:
    """Positions (in the text without newlines) where a newline forced a break."""
    out, removed = set(), 0
    for i, ch in enumerate(text):
        if ch == "\n":
            out.add(i - removed)
            removed += 1
    return out


def _assert_unit_kept(text: str, b: int, line: str, nxt: str) -> None:
    """No break inside a word, a number, ―― or ……, or between a number and its unit."""
    before, after = text[b - 1], text[b]
    where = f"{line} | {nxt}"
    assert not (before in ALNUM and after in ALNUM), f"word or number split: {where}"
    assert not (before in kinsoku.CL08_INSEPARABLE and after in kinsoku.CL08_INSEPARABLE), (
        f"―― or …… split: {where}"
    )
    seps = kinsoku.DIGIT_SEPARATORS
    if b >= 2 and before in seps and text[b - 2] in DIGITS and after in DIGITS:
        raise AssertionError(f"number split after its separator: {where}")
    if b + 1 < len(text) and after in seps and before in DIGITS and text[b + 1] in DIGITS:
        raise AssertionError(f"number split before its separator: {where}")
    assert not (before in DIGITS and after in kinsoku.CL13_POSTFIXED_ABBREVIATIONS), (
        f"unit split from its number: {where}"
    )
    assert not (before in kinsoku.CL12_PREFIXED_ABBREVIATIONS and after in DIGITS), (
        f"currency sign split from its number: {where}"
    )


def _assert_within_edge(line: PdfLine, right: float) -> None:
    """Only a hanging 、。 at the very end may pass the right edge.

    ASCII spaces after the last word are not seen; a 全角スペース is a character like any other.
    """
    visible = [g for g in line.glyphs if g.text != " "]
    for j, g in enumerate(visible):
        if g.x1 <= right + TOLERANCE:
            continue
        hangs = j == len(visible) - 1 and g.text in HANGING and g.x0 >= right - TOLERANCE
        assert hangs, f"{g.text!r} crosses the right edge by {g.x1 - right:.2f}pt: {line.text}"


def _assert_reaches_edge(line: PdfLine, right: float) -> None:
    visible = [g for g in line.glyphs if g.text != " "]
    if len(visible) < 2:
        return  # one glyph cannot be spread
    end = visible[-1]
    edge = end.x0 if end.text in HANGING and end.x1 > right + TOLERANCE else end.x1
    assert abs(edge - right) <= TOLERANCE, f"line ends {right - edge:.2f}pt short: {line.text}"


# --- Through the real build ---------------------------------------------------------------

LONG = [
    # Punctuation, brackets and quotes wherever they fall; a number with a comma and a decimal.
    "市民及び市が、それぞれの役割と責任に基づき、対等の立場で連携協力し「市政」を充実させ、"
    "又は発展させることをいう。予算は５,０００千円（前年度比３．５％増）で、ＮＰＯ法人と"
    "ISO 9001 の認証を持つ事業者が、――市民の声を聴きながら――共同で実施する。",
    # Iteration marks, small kana, prolonged sound marks, dividing punctuation, ellipses.
    "人々が集まるコミュニティーセンターでは、ボランティア・グループが「ちょっとした」"
    "お手伝い……たとえば、買い物や通院の付き添い、ゴミ出しなどを行っている！　また、"
    "令和６年４月１日からは、10:00〜16:00 の間、パートナーシップ協定に基づく窓口を開く？",
    # Latin words, a hyphenated word, currency and units, nested brackets.
    "COVID-19 の影響で、イベント（「市民まつり」『協働フェスタ』など）は中止となったが、"
    "参加費￥１,２００は返金し、会場の気温３５℃を超える日は、屋外のプログラムを取りやめた。"
    "ＮＰＯ・ＮＧＯ・自治会・町内会、ＰＴＡ等との意見交換会は、年４回開催する予定である。",
]


def _workspace(root: Path, texts: list[str], terms: list[str]) -> Path:
    """A committee with one meeting whose handout holds the texts (a comparison handout)."""
    committee = root / "content" / "kinsoku"
    meeting = committee / "01"
    meeting.mkdir(parents=True)
    (committee / "committee.yaml").write_text("name: 禁則確認委員会\n", encoding="utf-8")
    (meeting / "meeting.yaml").write_text(
        "number: 1\ndate: 2024-04-01\nstart: '10:00'\nend: '12:00'\nplace: 第一会議室\n"
        "agenda:\n  - 確認\nmaterials:\n  - title: 確認用の資料\n    handout: handout.yaml\n",
        encoding="utf-8",
    )
    entries = "".join(
        f"      - source: 出典{i + 1}\n        term: {term}\n        text: {text}\n"
        if term
        else f"      - source: 出典{i + 1}\n        text: {text}\n"
        for i, (text, term) in enumerate(zip(texts, terms, strict=True))
    )
    (meeting / "handout.yaml").write_text(
        "kind: comparison\ntitle: 禁則の確認\ngroups:\n  - heading: 例\n    entries:\n" + entries,
        encoding="utf-8",
    )
    return meeting


def _built(meeting: Path, out: Path) -> tuple[bytes, Document, StyleSheet]:
    """The handout's PDF from the real build, and the tree it was drawn from."""
    from generator.build import build
    from generator.model import load_meeting
    from generator.model.normalize import normalize_content
    from generator.render.papers import render_meeting
    from generator.render.templating import Templates
    from generator.workspace import Workspace

    build(meeting, out)
    content = normalize_content(load_meeting(meeting))
    templates = Templates(Workspace.of(meeting).template_dirs())
    paper = render_meeting(content, templates, []).papers[1]
    sheet = read_stylesheet(templates.path_of("reference.docx"))
    return (out / f"{paper.stem}.pdf").read_bytes(), paper.document, sheet


def check_document(data: bytes, doc: Document, sheet: StyleSheet) -> None:
    """Split the PDF's lines into the tree's paragraphs and check each."""
    page = sheet.page
    lines = pdf_lines(data, footer_from=page.height - page.bottom)
    i = 0
    for block in doc.blocks:
        assert isinstance(block, Paragraph)
        want = paragraph_text(block).replace("\t", "\u3000").replace("\n", "")
        taken, text = [], ""
        while len(text) < len(want) and i < len(lines):
            taken.append(lines[i])
            text += lines[i].text
            i += 1
        style = sheet.paragraph(block.style)
        right = page.left + (page.width - page.left - page.right) - style.right
        check_paragraph(paragraph_text(block), taken, right, style.align == "both")
    assert i == len(lines), "the PDF has lines the tree does not"


def test_long_paragraphs_obey_kinsoku_in_the_built_pdf(tmp_path: Path) -> None:
    terms = ["協働", "", "市民協働事業"]
    meeting = _workspace(tmp_path, LONG, terms)
    data, doc, sheet = _built(meeting, tmp_path / "out")
    check_document(data, doc, sheet)


def test_the_checks_catch_a_badly_set_line() -> None:
    """The proofreading rules fail on what they must catch (a check that cannot fail is none)."""
    right = 100.0

    def line(text: str, start: float = 0.0, step: float = 10.0) -> PdfLine:
        glyphs = tuple(
            Glyph(ch, start + k * step, start + (k + 1) * step, 10.0, "F", 1)
            for k, ch in enumerate(text)
        )
        return PdfLine(1, 10.0, glyphs)

    with pytest.raises(AssertionError, match="starts with"):
        check_paragraph(
            "あいうえおかきくけこ、さ", [line("あいうえおかきくけこ"), line("、さ")], right, True
        )
    with pytest.raises(AssertionError, match="opening"):
        check_paragraph(
            "あいうえおかきくけ「こさ", [line("あいうえおかきくけ「"), line("こさ")], right, True
        )
    with pytest.raises(AssertionError, match="split"):
        check_paragraph(
            "あいうえおかきくけＮＰＯ", [line("あいうえおかきくけＮ"), line("ＰＯ")], right, True
        )
    with pytest.raises(AssertionError, match="short"):
        check_paragraph(
            "あいうえおかきくけこ", [line("あいうえお"), line("かきくけこ")], right, True
        )
    with pytest.raises(AssertionError, match="crosses"):
        check_paragraph("あいうえおかきくけこさ", [line("あいうえおかきくけこさ")], right, True)
    with pytest.raises(AssertionError, match="lost"):
        check_paragraph("あいうえお", [line("あいうえ")], right, False)


def test_ideographic_spaces_start_lines_in_both_outputs(tmp_path: Path) -> None:
    """A paragraph indented with 全角スペース keeps it, also after a line break in the content.

    Copied text keeps it too (pypdf's extraction; poppler's pdftotext never prints a U+3000,
    it turns every space glyph into a gap, so it cannot tell).
    """
    texts = ["|\n          　一つ目の段落です。\n          　二つ目の段落です。"]
    meeting = _workspace(tmp_path, texts, [""])
    data, doc, sheet = _built(meeting, tmp_path / "out")
    check_document(data, doc, sheet)
    page = sheet.page
    starts = [line.text for line in pdf_lines(data, page.height - page.bottom)]
    assert "\u3000一つ目の段落です。" in starts
    assert "\u3000二つ目の段落です。" in starts
    shown = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "\n\u3000一つ目の段落です。\n\u3000二つ目の段落です。" in shown
    import docx

    paragraphs = [
        p.text for p in docx.Document(str(tmp_path / "out" / "第1回_資料1.docx")).paragraphs
    ]
    assert "\u3000一つ目の段落です。\n\u3000二つ目の段落です。" in paragraphs


# --- Properties: random text at many widths ------------------------------------------------


@cache
def _setup() -> tuple[StyleSheet, Typography]:
    sheet = read_stylesheet(ROOT / "templates" / "reference.docx")
    return sheet, Typography(sheet, FontRegistry.for_committee({}))


ORDINARY = "協働市民参加条例役割責任対等立場連携充実発展あいうえおかきくけこさしすせそカタナ"
TOKENS = [
    "ＮＰＯ", "ISO", "COVID-19", "５,０００", "３．５", "10:00", "2024/4/1", "１２３", "ａｂｃ",
    "――", "……", "‥‥", "「", "」", "（", "）", "『", "』", "【", "】", "〔", "〕", "“", "”",
    "、", "。", "，", "．", "・", "：", "；", "？", "！", "‼", "〜", "～", "ー", "っ", "ゃ", "ょ",
    "ッ", "ャ", "ヵ", "ヶ", "々", "ゝ", "ヽ", "〻", "５０％", "３５℃", "￥５００", "＄１０",
    "\u3000", "ｶﾅ", "｢", "｣", "､", "｡", "ｰ", "ｯ", "(", ")", "[", "]", "!", "?", ",", ".", "!?",
]  # fmt: skip


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """Random mixes of the characters the rules are about, with ordinary text between them.

    An ordinary character after each token keeps every unit shorter than a line, so a legal
    break always exists and every rule can be asked of every line.
    """
    parts = draw(
        st.lists(
            st.tuples(
                st.sampled_from(TOKENS) | st.text(alphabet=ORDINARY, min_size=1, max_size=6),
                st.sampled_from(ORDINARY),
            ),
            min_size=20,
            max_size=80,
        )
    )
    return "".join(token + plain for token, plain in parts)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=paragraphs(),
    style=st.sampled_from(["定義", "出典", "次第細目", "次第項目"]),
    term=st.text(alphabet="協働市民事業ＮＰＯ", min_size=0, max_size=12),
    extend=st.sampled_from(["left", "right"]),
)
@example(  # a line that ends with a 全角スペース still reaches the edge
    text="ＮＰＯ協ISO協"
    + "「協" * 12
    + "、協｢協ＮＰＯ協"
    + "「協" * 3
    + "ああ協" * 4
    + "ああああ協"
    + "あああああ協" * 2
    + "ああああああ協" * 9
    + "｢協"
    + "ああああああ協" * 2
    + "\u3000協",
    style="定義",
    term="事事事事",
    extend="right",
)
def test_random_paragraphs_obey_kinsoku_at_any_width(
    text: str, style: str, term: str, extend: str
) -> None:
    """Any text at any indent: the width changes with the style and the label's length."""
    sheet, typography = _setup()
    label = Label((Text(term, "用語"), Text("\u3000")), extend) if term else None  # type: ignore[arg-type]
    doc = Document([Paragraph(style, (Text(text),), label)], title="確認", date=STAMP)
    data = write_pdf(typeset(doc, typography))
    check_document(data, doc, sheet)


# --- The DOCX: Word and LibreOffice break its lines themselves ------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFF = {"0", "false", "off"}


def _docx_part(path: Path, part: str):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _effective(styles, style_id: str, prop: str) -> bool | None:
    """Whether a paragraph property is on for a style, following basedOn; None if never set."""
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    style = by_id.get(style_id)
    while style is not None:
        element = style.find(f"{W}pPr/{W}{prop}")
        if element is not None:
            return element.get(f"{W}val", "1") not in OFF
        based = style.find(f"{W}basedOn")
        style = by_id.get(based.get(f"{W}val")) if based is not None else None
    default = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}{prop}")
    return None if default is None else default.get(f"{W}val", "1") not in OFF


def _paragraph_styles(styles) -> list[str]:
    return [
        s.get(f"{W}styleId") for s in styles.iter(f"{W}style") if s.get(f"{W}type") == "paragraph"
    ]


@pytest.mark.parametrize("docx", ["reference", "built"])
def test_every_paragraph_style_keeps_word_kinsoku_and_hanging_punctuation(
    docx: str, sample_build: Path
) -> None:
    """w:kinsoku (行頭・行末禁則) is on in every style, w:overflowPunct (ぶら下げ) in every style
    but those of table cells: there a hanging 、。 would touch the cell's rule, so it is off
    (and the PDF does not hang them in cells either).

    w:topLinePunct stays off: it would set a line-initial bracket in half width, which
    公用文 papers (and our PDF) do not do.
    """
    path = (
        ROOT / "templates" / "reference.docx"
        if docx == "reference"
        else sample_build / "第4回_資料2.docx"
    )
    styles = _docx_part(path, "word/styles.xml")
    ids = _paragraph_styles(styles)
    assert {"Normal", "DocTitle", "Definition", "EntrySource", "GroupHeading"} <= set(ids)
    for style_id in ids:
        assert _effective(styles, style_id, "kinsoku") is True, style_id
        in_cells = style_id in {"TableHeading", "TableText", "TableGroup", "TableKana"}
        assert _effective(styles, style_id, "overflowPunct") is not in_cells, style_id
        assert not _effective(styles, style_id, "topLinePunct"), style_id
    assert _effective(styles, "DocTitle", "snapToGrid") is False


def test_no_paragraph_of_the_built_docx_turns_kinsoku_off(sample_build: Path) -> None:
    for stem in ("第4回_次第", "第4回_資料2"):
        document = _docx_part(sample_build / f"{stem}.docx", "word/document.xml")
        paragraphs = list(document.iter(f"{W}p"))
        assert paragraphs
        for p in paragraphs:
            for prop in ("kinsoku", "overflowPunct"):
                element = p.find(f"{W}pPr/{W}{prop}")
                assert element is None or element.get(f"{W}val", "1") not in OFF
            assert p.find(f"{W}pPr/{W}topLinePunct") is None

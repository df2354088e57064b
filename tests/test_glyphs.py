"""No box (豆腐) ever: a character no font can draw stops the build at its line, a fallback
font draws what the body font lacks in both outputs, and variation selectors are kept only
where a font has the variant.

The fallback font is made here (fontTools): a tiny TrueType font with a Japanese family name
that has 𠮷 (U+20BB7, not in the BIZ UD fonts) and one variation sequence.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import needs_poppler, pdf_text, run_handouts
from fontTools.ttLib import TTFont
from synthetic_font import fallback_font, square
from test_pdf_kinsoku import Glyph, read_pdf

YOSHI = "\U00020bb7"  # 𠮷 (つちよし): in names, in no BIZ UD font
TSUJI = "辻"
ONE_DOT = "\U000e0100"  # 辻 + U+E0100: the one-dot 辻 the BIZ UD fonts have as a variant
NO_SUCH = "\U000e0105"  # 辻 + U+E0105: a sequence no font here has
KUZU = "葛"
TEST_VARIANT = "\U000e0103"  # 葛 + U+E0103: only in the test font
FAMILY = "テスト外字明朝"

# handout.yaml as _workspace writes it: the first entry's text is on this line.
TEXT_LINE = 7


def _make_font(path: Path) -> Path:
    """A TrueType font: 𠮷 as a square, and 葛 + U+E0103 as a smaller square."""
    return fallback_font(
        path,
        {"en": "Test Gaiji Mincho", "ja": FAMILY},
        "TestGaijiMincho-Regular",
        {"yoshi": square(80), "kuzu.variant": square(250)},
        {ord(YOSHI): "yoshi"},
        uvs=[(ord(KUZU), ord(TEST_VARIANT), "kuzu.variant")],
    )


def _workspace(root: Path, text: str, committee: str = "", template: str | None = None) -> Path:
    """A workspace whose one handout has `text` as its first entry's text (line 7)."""
    folder = root / "content" / "c"
    meeting = folder / "01"
    meeting.mkdir(parents=True)
    (folder / "committee.yaml").write_text(f"name: 確認委員会\n{committee}", encoding="utf-8")
    (meeting / "meeting.yaml").write_text(
        "number: 1\ndate: 2024-04-01\nstart: '10:00'\nend: '12:00'\nplace: 会議室\n"
        "agenda:\n  - 確認\nmaterials:\n  - title: 名簿\n    handout: handout.yaml\n",
        encoding="utf-8",
    )
    (meeting / "handout.yaml").write_text(
        "kind: comparison\ntitle: 名簿\ngroups:\n  - heading: 委員\n    entries:\n"
        f"      - source: 委員名簿\n        text: {text}\n",
        encoding="utf-8",
    )
    if template is not None:
        (root / "templates").mkdir()
        (root / "templates" / "comparison.xml.j2").write_text(template, encoding="utf-8")
    return meeting


def _build(root: Path, meeting: Path):
    return run_handouts("build", meeting.relative_to(root), "--out", "out", cwd=root)


def _pdf(root: Path) -> list[Glyph]:
    return [g for page in read_pdf((root / "out" / "第1回_資料1.pdf").read_bytes()) for g in page]


def _docx_xml(root: Path) -> str:
    with zipfile.ZipFile(root / "out" / "第1回_資料1.docx") as z:
        return z.read("word/document.xml").decode("utf-8")


def _runs_with(xml: str, text: str) -> list[str]:
    return [run for run in xml.split("<w:r>") if text in run]


FALLBACK = "fallback_fonts:\n  - file: fonts/gaiji.ttf\n"


def test_a_character_no_font_has_stops_the_build_at_its_line(tmp_path: Path) -> None:
    meeting = _workspace(tmp_path, f"委員長　{YOSHI}田一郎")
    result = _build(tmp_path, meeting)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    where = f"content/c/01/handout.yaml:{TEXT_LINE}: groups.0.entries.0.text: "
    assert f"{where}「{YOSHI}」（U+20BB7）はどのフォント" in result.stderr
    assert "fallback_fonts" in result.stderr  # what to do
    assert not (tmp_path / "out").exists()


@needs_poppler
def test_a_fallback_font_draws_it_in_the_pdf_and_names_it_in_the_docx(tmp_path: Path) -> None:
    _make_font(tmp_path / "content" / "c" / "fonts" / "gaiji.ttf")
    meeting = _workspace(tmp_path, f"委員長　{YOSHI}田一郎", committee=FALLBACK)
    result = _build(tmp_path, meeting)
    assert result.returncode == 0, result.stderr
    glyphs = _pdf(tmp_path)
    assert not [g.text for g in glyphs if g.notdef]
    yoshi = [g for g in glyphs if g.text == YOSHI]
    assert len(yoshi) == 1 and "TestGaijiMincho" in yoshi[0].font
    assert {g.font.partition("+")[2] for g in glyphs if g.text == "田"} == {"BIZUDMincho-Regular"}
    assert f"{YOSHI}田一郎" in pdf_text(tmp_path / "out" / "第1回_資料1.pdf")  # copy and search
    xml = _docx_xml(tmp_path)
    (run,) = _runs_with(xml, YOSHI)
    assert f'w:eastAsia="{FAMILY}"' in run and f'w:ascii="{FAMILY}"' in run
    assert FAMILY not in "".join(_runs_with(xml, "田一郎"))


def test_a_variant_kept_where_the_font_has_it_and_dropped_with_a_warning_elsewhere(
    tmp_path: Path,
) -> None:
    text = f"{TSUJI}{ONE_DOT}本委員と{TSUJI}{NO_SUCH}井委員と{TSUJI}村委員"
    meeting = _workspace(tmp_path, text)
    result = _build(tmp_path, meeting)
    assert result.returncode == 0, result.stderr
    where = f"content/c/01/handout.yaml:{TEXT_LINE}: groups.0.entries.0.text: "
    assert f"注意: {where}「{TSUJI}」の異体字セレクタ（U+E0105）" in result.stderr
    assert "U+E0100" not in result.stderr
    glyphs = _pdf(tmp_path)
    drawn = "".join(g.text for g in glyphs)
    assert f"{TSUJI}{ONE_DOT}本委員と{TSUJI}井委員と{TSUJI}村委員" in drawn  # copied text
    assert not [g for g in glyphs if g.notdef]
    variant = next(g for g in glyphs if g.text == TSUJI + ONE_DOT)
    plain = [g for g in glyphs if g.text == TSUJI]
    assert len(plain) == 2 and variant.x1 - variant.x0 == plain[0].x1 - plain[0].x0
    xml = _docx_xml(tmp_path)
    assert f"{TSUJI}{ONE_DOT}本委員と{TSUJI}井委員" in xml and NO_SUCH not in xml


def test_the_web_page_draws_it_with_the_committees_glyph_too(tmp_path: Path) -> None:
    """The HTML edition carries a subset of the fallback font holding 𠮷 alone, inside the page
    (no font to fetch), used for that character only; a page without such characters has none."""
    _make_font(tmp_path / "content" / "c" / "fonts" / "gaiji.ttf")
    meeting = _workspace(tmp_path, f"委員長　{YOSHI}田一郎", committee=FALLBACK)
    assert _build(tmp_path, meeting).returncode == 0
    folder = tmp_path / "out" / "第1回_公開用"
    page = (folder / "第1回_資料1.html").read_text(encoding="utf-8")
    assert f"{YOSHI}田一郎" in page
    (face,) = re.findall(r"@font-face \{([^}]*)\}", page)
    family = re.search(r'font-family: "([^"]+)"', face)[1]
    assert re.search(r"unicode-range: ([^;]*);", face)[1] == "U+20BB7"
    fonts = re.findall(r"body \{ font-family: ([^;]*);", page)
    assert fonts[-1] == f'"{family}", sans-serif'  # the rule that wins: the committee's first
    data = base64.b64decode(re.search(r"url\(data:font/ttf;base64,([^)]*)\)", face)[1])
    font = TTFont(io.BytesIO(data))  # read by fontTools, not by handouts' own reader
    glyph = font.getBestCmap()[ord(YOSHI)]
    font["glyf"][glyph].recalcBounds(font["glyf"])
    assert (font["glyf"][glyph].xMin, font["glyf"][glyph].yMax) == (80, 920)  # the square
    assert set(font.getBestCmap()) == {ord(YOSHI)}
    assert "@font-face" not in (folder / "第1回_次第.html").read_text(encoding="utf-8")


def test_the_websites_meeting_page_draws_a_place_name_s_gaiji_too(tmp_path: Path) -> None:
    _make_font(tmp_path / "content" / "c" / "fonts" / "gaiji.ttf")
    meeting = _workspace(tmp_path, "委員長　山田一郎", committee=FALLBACK)
    path = meeting / "meeting.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("place: 会議室", f"place: {YOSHI}野会議室"),
        encoding="utf-8",
    )
    assert _build(tmp_path, meeting).returncode == 0
    index = (tmp_path / "out" / "第1回_公開用" / "index.html").read_text(encoding="utf-8")
    assert f"<dd>{YOSHI}野会議室</dd>" in index
    assert re.search(r"unicode-range: ([^;]*);", index)[1] == "U+20BB7"


def test_the_variant_is_a_different_glyph(tmp_path: Path) -> None:
    """The one-dot 辻 is drawn with its own glyph, not the two-dot one under another name."""
    meeting = _workspace(tmp_path, f"{TSUJI}{ONE_DOT}と{TSUJI}")
    assert _build(tmp_path, meeting).returncode == 0
    glyphs = _pdf(tmp_path)
    variant = next(g for g in glyphs if g.text == TSUJI + ONE_DOT)
    plain = next(g for g in glyphs if g.text == TSUJI)
    assert variant.font == plain.font and variant.glyph != plain.glyph


def test_a_fallback_font_with_the_sequence_draws_the_variant(tmp_path: Path) -> None:
    _make_font(tmp_path / "content" / "c" / "fonts" / "gaiji.ttf")
    meeting = _workspace(tmp_path, f"{KUZU}{TEST_VARIANT}西委員", committee=FALLBACK)
    result = _build(tmp_path, meeting)
    assert result.returncode == 0, result.stderr
    assert "注意" not in result.stderr
    glyphs = _pdf(tmp_path)
    (kuzu,) = [g for g in glyphs if g.text.startswith(KUZU)]
    assert kuzu.text == KUZU + TEST_VARIANT and "TestGaijiMincho" in kuzu.font
    (run,) = _runs_with(_docx_xml(tmp_path), KUZU)
    assert f'w:eastAsia="{FAMILY}"' in run


@pytest.mark.parametrize(
    ("yaml_text", "code"),
    [
        ('"委員\\u200b名簿"', "U+200B"),  # zero width space, pasted from a web page
        ('"委員\\u2060名簿"', "U+2060"),  # word joiner
    ],
)
def test_invisible_characters_stop_the_build_at_their_line(
    tmp_path: Path, yaml_text: str, code: str
) -> None:
    meeting = _workspace(tmp_path, yaml_text)
    result = _build(tmp_path, meeting)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"handout.yaml:{TEXT_LINE}: groups.0.entries.0.text: 見えない文字（{code}" in result.stderr
    )


def test_control_characters_stop_the_build_at_their_line(tmp_path: Path) -> None:
    """A C0 control character (here BEL, written as a YAML escape) is refused at its line."""
    meeting = _workspace(tmp_path, '"委員\\a名簿"')
    result = _build(tmp_path, meeting)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"handout.yaml:{TEXT_LINE}: groups.0.entries.0.text: " in result.stderr
    assert "U+0007" in result.stderr


def test_a_template_character_no_font_has_points_at_the_template_line(tmp_path: Path) -> None:
    from generator.resources import default_templates

    template = (default_templates() / "comparison.xml.j2").read_text(encoding="utf-8")
    lines = template.splitlines()
    index = next(i for i, line in enumerate(lines) if 'style="表題"' in line)
    lines[index] = lines[index].replace("</p>", f"（{YOSHI}）</p>")
    meeting = _workspace(tmp_path, "委員名簿", template="\n".join(lines) + "\n")
    result = _build(tmp_path, meeting)
    assert result.returncode == 1
    assert f"templates/comparison.xml.j2:{index + 1}: 「{YOSHI}」（U+20BB7）" in result.stderr


def test_a_heading_font_lacking_a_character_is_named(tmp_path: Path) -> None:
    """The 明朝 has every character but the ゴシック (here a font with almost none) does not."""
    _make_font(tmp_path / "content" / "c" / "fonts" / "gaiji.ttf")
    committee = "fonts:\n  BIZ UDゴシック:\n    file: fonts/gaiji.ttf\n"
    meeting = _workspace(tmp_path, "委員名簿", committee=committee)
    result = _build(tmp_path, meeting)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # The title is a content value: its line; 資料 is the template's own text: its line.
    title = "handout.yaml:2: title: 「名」（U+540D）、「簿」（U+7C3F）は段落スタイル「表題」"
    assert title + "のフォント「BIZ UDゴシック」" in result.stderr
    # meeting.yaml names the material 名簿 too, but the heading printed the handout's title.
    assert "meeting.yaml" not in result.stderr
    assert "comparison.xml.j2:5: 「資」（U+8CC7）、「料」（U+6599）は段落スタイル「資料番号」" in (
        result.stderr
    )


def test_a_tab_prints_as_a_space_not_a_box(tmp_path: Path) -> None:
    meeting = _workspace(tmp_path, '"氏名\\t辻村"')
    assert _build(tmp_path, meeting).returncode == 0
    glyphs = _pdf(tmp_path)
    assert not [g for g in glyphs if g.notdef]
    assert "氏名\u3000辻村" in "".join(g.text for g in glyphs)
    assert "<w:tab/>" in _docx_xml(tmp_path)

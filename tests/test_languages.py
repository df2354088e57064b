"""A passage in another language is marked for screen readers (WCAG 3.1.2, JIS X 8341-3).

A definition quoting a Korean notice (「한국어 안내」) and an ordinance's English name is built:
the PDF draws each passage under a /Lang span, the HTML edition puts it in a span with its
lang, the DOCX run has its w:lang. Abbreviations in the same text (NPO, ISO9001) are read by
the Japanese voice and stay unmarked; copying the text out of the PDF gives it all, in order;
the accessibility checker still finds no error.

The BIZ UD fonts have no Hangul: the committee names a fallback font made here (fontTools)
that has the five syllables, as a committee printing Korean would name one.
"""

from __future__ import annotations

import zipfile
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import copy_sample_committee, needs_poppler, pdf_text, run_handouts, squash
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from pdf_structure import _to_unicode
from pypdf import PdfReader
from pypdf.generic import ContentStream
from synthetic_font import fallback_font, square
from test_accessible import _outloud, needs_outloud

from generator.render.languages import passages, pieces

KOREAN = "한국어 안내"
ENGLISH = "Koganei City Citizen Participation Ordinance"
TEXT = (
    f"市民及び市が「{KOREAN}」を用意し、NPOやISO9001の認証を受けた団体と協力することをいう。"
    f"英語では{ENGLISH}という。"
)
FIRST_TEXT = "text: 市民及び市が、それぞれの役割と責任に基づき、対等の立場で連携協力し市政を充実させ、又は発展させることをいう。"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _hangul_font(path: Path) -> None:
    """A TrueType font with a Japanese family name whose only glyphs are the syllables used."""
    syllables = sorted(set(KOREAN) - {" "})
    fallback_font(
        path,
        {"en": "Test Hangul Gothic", "ja": "テストハングルゴシック"},
        "TestHangulGothic-Regular",
        {f"uni{ord(c):04X}": square() for c in syllables},
        {ord(c): f"uni{ord(c):04X}" for c in syllables},
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample meeting, its first definition's text replaced by TEXT; the output folder."""
    root = tmp_path_factory.mktemp("languages")
    committee = copy_sample_committee(root / "ws" / "koganei-kyodo")
    _hangul_font(committee / "fonts" / "hangul.ttf")
    with (committee / "committee.yaml").open("a", encoding="utf-8") as f:
        f.write("fallback_fonts:\n  - file: fonts/hangul.ttf\n")
    definitions = committee / "04" / "definitions.yaml"
    yaml = definitions.read_text(encoding="utf-8")
    assert FIRST_TEXT in yaml
    definitions.write_text(yaml.replace(FIRST_TEXT, f"text: {TEXT}", 1), encoding="utf-8")
    out = root / "out"
    result = run_handouts("build", committee / "04", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def _drawn_languages(path: Path) -> list[tuple[str, str | None]]:
    """Each piece of text the PDF's pages draw, with the /Lang of the span around it (None:
    the document's)."""
    reader = PdfReader(str(path))
    out: list[tuple[str, str | None]] = []
    for page in reader.pages:
        fonts = {name: _to_unicode(font) for name, font in page["/Resources"]["/Font"].items()}
        font: dict[int, str] = {}
        langs: list[str | None] = []
        for operands, operator in ContentStream(page["/Contents"].get_object(), reader).operations:
            if operator == b"BDC":
                lang = operands[1].get("/Lang") if hasattr(operands[1], "get") else None
                langs.append(lang if lang is not None else (langs[-1] if langs else None))
            elif operator == b"BMC":
                langs.append(langs[-1] if langs else None)
            elif operator == b"EMC":
                langs.pop()
            elif operator == b"Tf":
                font = fonts[operands[0]]
            elif operator == b"Tj":
                codes = bytes(getattr(operands[0], "original_bytes", operands[0]))
                out.append(("".join(font.get(b, "?") for b in codes), langs[-1] if langs else None))
    return out


def _marked(drawn: list[tuple[str, str | None]], lang: str) -> str:
    return "".join(text for text, marked in drawn if marked == lang)


def test_the_pdf_draws_the_korean_and_english_passages_under_their_lang(built: Path) -> None:
    drawn = _drawn_languages(built / "第4回_資料2.pdf")
    assert _marked(drawn, "ko") == KOREAN
    assert _marked(drawn, "en") == ENGLISH  # whether or not a line ends inside it
    japanese = "".join(text for text, lang in drawn if lang is None)
    assert "NPOやISO9001の認証" in japanese  # abbreviations: the Japanese voice reads them
    assert "「」" in japanese and "英語ではという。" in japanese  # punctuation stays outside
    # one span for the Korean passage, though its space is drawn in another font than its words
    pages = PdfReader(str(built / "第4回_資料2.pdf")).pages
    assert sum(page.get_contents().get_data().count(b"/Lang (ko)") for page in pages) == 1


def test_the_packet_keeps_the_spans(built: Path) -> None:
    drawn = _drawn_languages(built / "第4回_会議資料.pdf")
    assert (_marked(drawn, "ko"), _marked(drawn, "en")) == (KOREAN, ENGLISH)


@needs_poppler
def test_copying_the_text_out_of_the_pdf_gives_it_all_in_order(built: Path) -> None:
    assert squash(TEXT) in squash(pdf_text(built / "第4回_資料2.pdf", raw=True))


def test_the_html_edition_marks_the_passages_with_lang(built: Path) -> None:
    page = (built / "第4回_公開用" / "第4回_資料2.html").read_text(encoding="utf-8")
    assert f'「<span lang="ko">{KOREAN}</span>」' in page
    assert f'英語では<span lang="en">{ENGLISH}</span>という。' in page
    assert "NPOやISO9001の認証" in page
    assert page.count("<span lang=") == 2


def test_the_docx_runs_of_the_passages_have_their_language(built: Path) -> None:
    with zipfile.ZipFile(built / "第4回_資料2.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    runs: dict[str | None, str] = {}
    for run in body.iter(f"{W}r"):
        lang = run.find(f"{W}rPr/{W}lang")
        key = None if lang is None else lang.get(f"{W}eastAsia") or lang.get(f"{W}val")
        runs[key] = runs.get(key, "") + "".join(t.text or "" for t in run.iter(f"{W}t"))
    assert runs["ko-KR"] == KOREAN  # split where the fallback font draws, each run marked
    assert runs["en-US"] == ENGLISH
    assert "NPOやISO9001の認証" in runs[None]
    xml = etree.tostring(body, encoding="unicode")
    assert 'w:eastAsia="ko-KR"' in xml and 'w:val="en-US"' in xml


@needs_outloud
def test_the_accessibility_checker_finds_no_error(built: Path) -> None:
    assert _outloud([built / "第4回_資料2.pdf"]) == {"第4回_資料2.pdf": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("「한국어 안내」", [("「", None), ("한국어 안내", "ko"), ("」", None)]),
        ("ハングル（한）", [("ハングル（", None), ("한", "ko"), ("）", None)]),  # one word is ko
        (f"({ENGLISH}).", [("(", None), (ENGLISH, "en"), (").", None)]),
        ("the NPO sector", [("the NPO sector", "en")]),  # an abbreviation inside English
        ("certified by ISO9001.", [("certified by ISO9001", "en"), (".", None)]),
        ("Article ３ of the Ordinance", [("Article ３ of the Ordinance", "en")]),
        ("NPO, ISO9001", [("NPO, ISO9001", None)]),  # capitals only: no word
        ("Koganei市", [("Koganei市", None)]),  # a single word
        ("URL: https://www.city.koganei.lg.jp/", [("URL: https://www.city.koganei.lg.jp/", None)]),
        ("連絡先 kyodo@example.lg.jp まで", [("連絡先 kyodo@example.lg.jp まで", None)]),
        (
            "ＮＰＯ法人　Ｋｏｇａｎｅｉ",
            [("ＮＰＯ法人　Ｋｏｇａｎｅｉ", None)],
        ),  # full-width: Japanese
    ],
)
def test_which_passages_are_in_another_language(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert pieces(text, passages(text)) == expected


def test_a_line_s_share_of_a_run_is_cut_where_its_passage_starts_and_ends() -> None:
    text = f"英語では{ENGLISH}という。"
    found = passages(text)
    assert pieces(text[:8], found, 0) == [("英語では", None), ("Koga", "en")]
    assert pieces(text[10:20], found, 10) == [(text[10:20], "en")]  # inside it, both ends
    assert pieces(text[44:], found, 44) == [("ance", "en"), ("という。", None)]


_MIXED = st.text(
    alphabet=st.sampled_from(list("協働市民 　、。「」()0１9Koganeicity NPO@:/.한국어안내-")),
    max_size=60,
)


@given(_MIXED, st.data())
def test_cutting_any_share_of_any_text_loses_nothing(text: str, data: st.DataObject) -> None:
    """Whatever the text and wherever a line cuts it, the pieces put back are that share,
    and the passages are in order, apart, and start and end on a letter or digit."""
    found = passages(text)
    assert all(0 <= a.start < a.end <= len(text) for a in found)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert all(text[p.start].isalnum() and text[p.end - 1].isalnum() for p in found)
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    share = pieces(text[lo:hi], found, lo)
    assert "".join(piece for piece, _ in share) == text[lo:hi]
    assert all(piece for piece, _ in share) or text[lo:hi] == ""

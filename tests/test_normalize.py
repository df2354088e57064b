"""The content's text is tidied once, the way a 公用文 secretariat expects, in both outputs:
half-width katakana become full-width, a kana and a separate voiced mark become one character,
a compatibility ideograph of a name keeps its form, and the 全角スペース stays. Each step can
be turned off in committee.yaml.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from conftest import docx_text
from hypothesis import given, settings
from hypothesis import strategies as st
from test_glyphs import _build, _pdf, _workspace

from generator.model.committee import Normalize
from generator.model.normalize import normalize_text

ON = Normalize()
EXAMPLES = 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 200

HALFWIDTH = "ｶﾞｲﾄﾞﾌﾞｯｸ｢ﾎﾟｹｯﾄ版｣､ﾃﾞｰﾀ･ｾﾝﾀｰ｡"
FULLWIDTH = "ガイドブック「ポケット版」、データ・センター。"
DECOMPOSED = "か\u3099くにん"  # か + combining voiced mark, as pasted from a Mac or a PDF
TSUKA = "\ufa10"  # 塚 as a CJK compatibility ideograph (a name's form)


def _outputs(root: Path) -> tuple[str, str]:
    """The handout's text as the PDF draws it and as the DOCX holds it."""
    pdf = "".join(g.text for g in _pdf(root))
    return pdf, docx_text(root / "out" / "第1回_資料1.docx")


def test_halfwidth_katakana_and_split_voiced_marks_are_made_whole(tmp_path: Path) -> None:
    meeting = _workspace(tmp_path, f"NPO の{HALFWIDTH}{DECOMPOSED}")
    result = _build(tmp_path, meeting)
    assert result.returncode == 0, result.stderr
    for text in _outputs(tmp_path):
        assert f"NPO の{FULLWIDTH}がくにん" in text


def test_a_compatibility_ideograph_keeps_its_form(tmp_path: Path) -> None:
    """塚 (U+FA10) becomes 塚 + U+FE00, which the font draws in the same form, not as 塚."""
    meeting = _workspace(tmp_path, f"{TSUKA}本委員と\u585a田委員")
    result = _build(tmp_path, meeting)
    assert result.returncode == 0, result.stderr
    assert "注意" not in result.stderr
    pdf, docx = _outputs(tmp_path)
    assert "\u585a\ufe00本委員と\u585a田委員" in pdf
    assert "\u585a\ufe00本委員と\u585a田委員" in docx
    glyphs = _pdf(tmp_path)
    variant = next(g for g in glyphs if g.text == "\u585a\ufe00")
    plain = next(g for g in glyphs if g.text == "\u585a")
    assert variant.font == plain.font and variant.glyph != plain.glyph


def test_each_step_can_be_turned_off(tmp_path: Path) -> None:
    committee = "normalize:\n  nfc: false\n  fullwidth_kana: false\n"
    meeting = _workspace(tmp_path, f"{HALFWIDTH}{DECOMPOSED}", committee=committee)
    result = _build(tmp_path, meeting)
    assert result.returncode == 0, result.stderr
    _, docx = _outputs(tmp_path)
    assert f"{HALFWIDTH}{DECOMPOSED}" in docx


def test_ideographic_spaces_are_kept_at_both_ends(tmp_path: Path) -> None:
    meeting = _workspace(tmp_path, '"\u3000委員名簿\u3000（案）\u3000"')
    assert _build(tmp_path, meeting).returncode == 0
    for text in _outputs(tmp_path):
        assert "\u3000委員名簿\u3000（案）\u3000" in text


def test_a_misspelt_switch_is_an_error_at_its_line(tmp_path: Path) -> None:
    committee = "normalize:\n  nfkc: true\n"
    meeting = _workspace(tmp_path, "委員名簿", committee=committee)
    result = _build(tmp_path, meeting)
    assert result.returncode == 1
    assert "content/c/committee.yaml:3: normalize.nfkc: 知らない項目です" in result.stderr
    assert "nfc" in result.stderr


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text())
def test_normalized_text_is_stable_and_keeps_ascii(text: str) -> None:
    once = normalize_text(text, ON)
    assert normalize_text(once, ON) == once
    assert unicodedata.is_normalized("NFC", once)
    assert not [c for c in once if 0xFF61 <= ord(c) <= 0xFF9F], "half-width katakana left"
    assert not [c for c in once if 0xF900 <= ord(c) <= 0xFAFF and unicodedata.decomposition(c)]
    assert [c for c in once if c.isascii()] == [c for c in text if c.isascii()]
    assert once.count("\u3000") == text.count("\u3000")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text())
def test_with_every_step_off_text_is_untouched(text: str) -> None:
    assert normalize_text(text, Normalize(nfc=False, fullwidth_kana=False)) == text

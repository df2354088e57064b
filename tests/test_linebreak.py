"""Tests for generator.typeset.linebreak: where the lines of the PDF papers end.

The examples read like a proofreader's checklist; the properties check the same rules
on random text against a slow, independent statement of them (regular expressions and
brute force over every break position).
"""

from __future__ import annotations

import itertools
import re
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.typeset import kinsoku
from generator.typeset.linebreak import Line, break_lines

# `pytest --hypothesis-profile=ci` runs the properties on many more examples.
settings.register_profile("ci", max_examples=2000, deadline=None)

FULL = 1.0  # width of a full-width (zenkaku) character
HALF = 0.5  # width of an ASCII or half-width character
EPS = 1e-9

# The classes, spelled out independently of generator.kinsoku (JIS X 4051 numbers).
NOT_AT_START = {
    "cl-02 closing brackets": "）〕］｝〉》」』】〙〗〟’”)]}｣",
    "cl-03 hyphens": "‐〜゠–～",
    "cl-04 dividing punctuation": "？！‼⁇⁈⁉?!",
    "cl-05 middle dots": "・：；:;･",
    "cl-06 full stops": "。．.｡",
    "cl-07 commas": "、，,､",
    "cl-09 iteration marks": "ゝゞヽヾ々〻",
    "cl-10 prolonged sound mark": "ーｰ",
    "cl-11 small kana": "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    + "".join(chr(c) for c in range(0x31F0, 0x3200))
    + "ｧｨｩｪｫｬｭｮｯ",
}
NOT_AT_END = "（〔［｛〈《「『【〘〖〝‘“([{｢"
HANGING = "、。，．､｡,."


def width_of(ch: str) -> float:
    """Advance of ch in the tests' font: marks and format characters take no space."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    return HALF if unicodedata.east_asian_width(ch) in ("Na", "H") else FULL


def layout(text: str, width: float, first_width: float | None = None) -> list[str]:
    """The text of each line, after checking every rule on the result."""
    widths = [width_of(ch) for ch in text]
    first = width if first_width is None else first_width
    lines = break_lines(text, widths, first, width)
    check_layout(text, widths, first, width, lines)
    return [text[line.start : line.end] for line in lines]


# --- an independent statement of the rules ------------------------------------------------


def _chars(s: str) -> str:
    return "".join(re.escape(ch) for ch in s)


_ALNUM = _chars(kinsoku.LATIN_LETTERS + kinsoku.DIGITS)
_DIGIT = _chars(kinsoku.DIGITS)
# Stretches that must not be split: words, numbers, ―― ……, ￥５００, ５０％.
_UNITS = [
    re.compile(f"[{_ALNUM}]+(?:[{_chars(kinsoku.WORD_JOINERS)}][{_ALNUM}]+)*"),
    re.compile(f"[{_DIGIT}]+(?:[{_chars(kinsoku.DIGIT_SEPARATORS)}][{_DIGIT}]+)+"),
    re.compile(f"[{_chars(kinsoku.CL08_INSEPARABLE)}]{{2,}}"),
    re.compile(f"[{_chars(kinsoku.CL12_PREFIXED_ABBREVIATIONS)}][{_DIGIT}]"),
    re.compile(f"[{_DIGIT}][{_chars(kinsoku.CL13_POSTFIXED_ABBREVIATIONS)}]"),
]
_NEVER_FIRST = set(
    kinsoku.NOT_AT_LINE_START + kinsoku.COMBINING_MARKS + kinsoku.NO_BREAK_GLUE + " "
)
_NEVER_LAST = set(kinsoku.NOT_AT_LINE_END + kinsoku.NO_BREAK_GLUE)


def kinsoku_ok(p: str, i: int) -> bool:
    """Line-start and line-end rules allow a break before p[i] (spaces end the line)."""
    if p[i] in _NEVER_FIRST:
        return False
    before = p[:i].rstrip(" ")
    return not before or before[-1] not in _NEVER_LAST


def legal(p: str, i: int) -> bool:
    """Every rule allows a break before p[i]: kinsoku and no unit split."""
    return kinsoku_ok(p, i) and not any(
        m.start() < i < m.end() for unit in _UNITS for m in unit.finditer(p)
    )


def fits(p: str, w: list[float], s: int, b: int, avail: float) -> bool:
    """p[s:b] fits in avail, trailing ASCII spaces taking no width."""
    t = len(p[s:b].rstrip(" ")) + s
    return sum(w[s:t]) <= avail + EPS


def check_paragraph(
    p: str, w: list[float], spans: list[tuple[int, int, bool]], avail: list[float]
) -> None:
    """Each line is the greedy choice: the longest line that obeys the rules."""
    n = len(p)
    for (s, b, hang), av in zip(spans, avail, strict=True):
        assert b > s, "a line is empty"
        if hang:
            assert p[b - 1] in HANGING and sum(w[s : b - 1]) <= av + EPS
        else:
            drawn = p[s:b].rstrip(" ")
            assert fits(p, w, s, b, av) or len(drawn) == 1, f"{drawn!r} is wider than {av}"
        ends = range(s + 1, n + 1)
        fitting = [c for c in ends if (c == n or legal(p, c)) and fits(p, w, s, c, av)]
        hanging = [
            c
            for c in ends
            if p[c - 1] in HANGING
            and (c == n or legal(p, c))
            and sum(w[s : c - 1]) <= av + EPS  # what precedes the hanging character fits
            and not fits(p, w, s, c, av)
        ]
        if fitting or hanging:
            best = max(fitting + hanging)
            assert (b, hang) == (best, best not in fitting), f"line {p[s:b]!r} of {p!r}"
            continue
        # No allowed break fits: one unit wider than the line, broken where it fits,
        # keeping line-start and line-end rules when that is possible.
        assert not hang
        by_kinsoku = [c for c in ends if fits(p, w, s, c, av) and kinsoku_ok(p, c)]
        if by_kinsoku:
            assert b == max(by_kinsoku), f"forced line {p[s:b]!r} of {p!r}"
        else:
            forced = max([c for c in ends if fits(p, w, s, c, av)], default=s + 1)
            forced += len(p[forced:]) - len(p[forced:].lstrip(" "))  # spaces stay on the line
            assert b == forced, f"forced line {p[s:b]!r} of {p!r}"


def check_layout(
    text: str, widths: list[float], first: float, width: float, lines: list[Line]
) -> None:
    """Assert every documented property of break_lines' result."""
    assert all(isinstance(line, Line) for line in lines)
    paragraphs = text.split("\n")
    pos = 0
    k = 0
    for p in paragraphs:
        group: list[Line] = []
        while k < len(lines) and lines[k].start < pos + max(len(p), 1):
            group.append(lines[k])
            k += 1
        if not p:
            assert [(g.start, g.end, g.hang) for g in group] == [(pos, pos, False)]
        else:
            assert group[0].start == pos and group[-1].end == pos + len(p)
            for one, two in itertools.pairwise(group):
                assert two.start == one.end, "lines are not contiguous"
            spans = [(g.start - pos, g.end - pos, g.hang) for g in group]
            avail = [first if g is lines[0] else width for g in group]
            check_paragraph(p, widths[pos : pos + len(p)], spans, avail)
        pos += len(p) + 1
    assert k == len(lines), "lines past the end of the text"
    # Nothing is lost: the lines, with a newline where one forced the break, are the text.
    rebuilt = text[lines[0].start : lines[0].end]
    for prev, line in itertools.pairwise(lines):
        rebuilt += "\n" * (line.start - prev.end) + text[line.start : line.end]
    assert rebuilt == text


# --- examples ------------------------------------------------------------------------------


def test_empty_text_is_one_empty_line() -> None:
    assert break_lines("", [], 10, 10) == [Line(0, 0, False)]


def test_newlines_force_breaks_and_are_on_no_line() -> None:
    assert break_lines("あ\n\nい\n", [1, 0, 0, 1, 0], 10, 10) == [
        Line(0, 1, False),
        Line(2, 2, False),
        Line(3, 4, False),
        Line(5, 5, False),
    ]


def test_first_line_has_its_own_width() -> None:
    assert layout("あ" * 10, 4, first_width=3) == ["あああ", "ああああ", "あああ"]
    assert layout("あ\nいいいいい", 4, first_width=1) == ["あ", "いいいい", "い"]


def test_lines_are_filled_to_the_width() -> None:
    assert layout("市民及び市が連携協力する", 5) == ["市民及び市", "が連携協力", "する"]
    assert layout("ABCDEFGH あいう", 5) == ["ABCDEFGH ", "あいう"]
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point: it still fits in 0.3.
    assert break_lines("あい", [0.1, 0.2], 0.3, 0.3) == [Line(0, 2, False)]


@pytest.mark.parametrize(("name", "chars"), NOT_AT_START.items())
def test_no_line_starts_with_a_closing_or_small_character(name: str, chars: str) -> None:
    for ch in chars:
        # Five full-width characters fill the line: ch would start the second one.
        lines = layout("あいうえお" + ch + "かきくけこ", 5)
        assert not any(line.startswith(ch) for line in lines), (name, ch, lines)
        if ch in HANGING:
            assert lines[0] == "あいうえお" + ch  # hangs in the margin
        else:
            assert lines[1] == "お" + ch + "かきく"  # お is pushed out with it


@pytest.mark.parametrize("ch", NOT_AT_END)
def test_no_line_ends_with_an_opening_bracket(ch: str) -> None:
    lines = layout("あいうえ" + ch + "かきくけこ", 5)
    assert lines[0] == "あいうえ"
    assert lines[1].startswith(ch + "か")


def test_brief_classes_are_in_the_kinsoku_tables() -> None:
    for chars in NOT_AT_START.values():
        assert set(chars) <= set(kinsoku.NOT_AT_LINE_START)
    assert set(NOT_AT_END) <= set(kinsoku.NOT_AT_LINE_END)
    assert set(HANGING) == set(kinsoku.HANGING_PUNCTUATION)
    assert set("―…‥") <= set(kinsoku.CL08_INSEPARABLE)


def test_hanging_punctuation_stays_past_the_margin() -> None:
    text = "市民及び市が、対等の立場で連携協力する。"
    widths = [width_of(ch) for ch in text]
    assert break_lines(text, widths, 6, 6) == [
        Line(0, 7, True),  # 市民及び市が、: the comma hangs
        Line(7, 13, False),
        Line(13, 20, True),  # 連携協力する。: the full stop hangs at the paragraph end
    ]
    # Only one character hangs: 。」 cannot both hang, so が is pushed out with them.
    assert layout("市民及び市が。」と", 6) == ["市民及び市", "が。」と"]
    # Half-width and ASCII stops and commas hang too.
    assert break_lines("ｱｲｳｴ｡ｵ", [HALF] * 6, 2, 2)[0] == Line(0, 5, True)
    assert break_lines("ab,cd", [HALF] * 5, 1, 1)[0] == Line(0, 3, True)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("あいう５,０００円", 5, ["あいう", "５,０００", "円"]),
        ("あいう５，０００円", 5, ["あいう", "５，０００", "円"]),
        ("あいうえ３．５倍", 6, ["あいうえ", "３．５倍"]),
        ("午前は10:00から", 3.5, ["午前は", "10:00か", "ら"]),
        ("約1.5倍", 2, ["約", "1.5", "倍"]),
        ("あいうえＮＰＯ法人", 6, ["あいうえ", "ＮＰＯ法人"]),
        ("規格はISO9001です", 5, ["規格は", "ISO9001で", "す"]),
        ("あいうえ――かな", 5, ["あいうえ", "――かな"]),
        ("あいうえ……かな", 5, ["あいうえ", "……かな"]),
        ("予算は￥５００", 4, ["予算は", "￥５００"]),
        ("率は５０％", 4, ["率は", "５０％"]),
        ("期日は2024/4/1", 5, ["期日は", "2024/4/1"]),
        ("電話03-1234-5678", 6, ["電話", "03-1234-5678"]),
    ],
)
def test_words_numbers_and_dashes_are_not_split(
    text: str, width: float, expected: list[str]
) -> None:
    assert layout(text, width) == expected


def test_ideographic_space_at_line_start_is_kept() -> None:
    assert layout("\u3000市民参加\n\u3000協働", 10) == ["\u3000市民参加", "\u3000協働"]
    assert layout("あいうえお\u3000かき", 5) == ["あいうえお", "\u3000かき"]


def test_ascii_spaces_stay_at_the_end_of_the_line() -> None:
    assert layout("the quick brown fox", 3) == ["the ", "quick ", "brown ", "fox"]
    # Spaces do not count at the line end, however many there are.
    assert layout("ab    cd", 1) == ["ab    ", "cd"]
    # An opening bracket followed by a space still does not end a line.
    assert layout("abc ( de", 3) == ["abc ", "( de"]


def test_unit_wider_than_the_line_is_broken_where_it_fits() -> None:
    assert layout("ＡＢＣＤＥＦＧＨ", 3) == ["ＡＢＣ", "ＤＥＦ", "ＧＨ"]
    # The bracket is not left alone at a line start even then.
    assert layout("「ＡＢＣＤＥＦ」", 7) == ["「ＡＢＣＤＥ", "Ｆ」"]
    # A character wider than the line gets a line of its own.
    assert layout("あいう", 0.5) == ["あ", "い", "う"]
    assert layout("ＡＢ  Ｃ", 0.5) == ["Ａ", "Ｂ  ", "Ｃ"]


def test_variation_selector_stays_with_its_kanji() -> None:
    # 」 cannot start a line; pushing out only 葛 would orphan its selector (U+E0100).
    assert layout("あいう葛\U000e0100」", 4) == ["あいう", "葛\U000e0100」"]


def test_widths_must_match_text() -> None:
    with pytest.raises(ValueError, match="2 widths for 3 characters"):
        break_lines("あいう", [1, 1], 5, 5)


@pytest.mark.parametrize(
    "text",
    [
        "市民及び市が、それぞれの役割と責任に基づき「協働」する。\n" * 5000,
        "A" * 200_000,
        "」" * 200_000,
        "…" * 200_000,
        "a" + " " * 200_000 + "b",
    ],
    ids=["prose", "long-word", "closing-brackets", "ellipsis", "spaces"],
)
def test_time_is_linear(text: str) -> None:
    widths = [width_of(ch) for ch in text]
    start = time.perf_counter()
    break_lines(text, widths, 40, 40)
    # About 0.1 s on a 2-core machine; a quadratic slip would take minutes.
    assert time.perf_counter() - start < 2.0


# --- properties ----------------------------------------------------------------------------

_ORDINARY = "市民協働委員会議事録条例定義第号年月日あいうえおかきくけこアイウエオｱｲｳ"
_SPECIAL = (
    kinsoku.NOT_AT_LINE_START
    + kinsoku.NOT_AT_LINE_END
    + kinsoku.CL08_INSEPARABLE
    + kinsoku.CL12_PREFIXED_ABBREVIATIONS
    + kinsoku.CL13_POSTFIXED_ABBREVIATIONS
    + kinsoku.DIGIT_SEPARATORS
    + kinsoku.WORD_JOINERS
    + kinsoku.NO_BREAK_GLUE
    + "0123456789０１２３４５６７８９AZaxＡＮＰＯéß"
    + "  \u3000\u3000\n\u3099\ufe0f"
)
_SNIPPETS = [
    "５,０００",
    "５，０００",
    "３．５",
    "1.5",
    "10:00",
    "ＮＰＯ",
    "ISO 9001",
    "――",
    "……",
    "‥‥",
    "COVID-19",
    "￥５００",
    "５０％",
    "。」",
    "、「",
    "\u3000",
    "\n\n",
]
texts = st.lists(
    st.one_of(
        st.sampled_from(_ORDINARY),
        st.sampled_from(_ORDINARY),
        st.sampled_from(_SPECIAL),
        st.sampled_from(_SNIPPETS),
    ),
    max_size=50,
).map("".join)
line_widths = st.one_of(
    st.integers(2, 80).map(lambda k: k / 2),
    st.floats(1.0, 40.0, allow_nan=False, allow_infinity=False),
)


@given(texts, line_widths, line_widths)
def test_random_text_obeys_every_rule(text: str, first: float, width: float) -> None:
    widths = [width_of(ch) for ch in text]
    check_layout(text, widths, first, width, break_lines(text, widths, first, width))


@given(texts, line_widths)
def test_no_forbidden_character_starts_a_line_unless_forced(text: str, width: float) -> None:
    widths = [width_of(ch) for ch in text]
    lines = break_lines(text, widths, width, width)
    for prev, line in itertools.pairwise(lines):
        if line.start != prev.end:
            continue  # after a newline
        a = text.rfind("\n", 0, prev.start) + 1
        z = text.find("\n", prev.start)
        p = text[a : len(text) if z < 0 else z]
        s, b = prev.start - a, prev.end - a
        if legal(p, b):
            continue
        # Only a unit wider than the line may be broken against the rules: then no
        # allowed break fits in the line before.
        w = widths[a:]
        assert not any(legal(p, c) and fits(p, w, s, c, width) for c in range(s + 1, b))


# Widths in eighths are exact in binary, so sums compare without rounding doubt.
chars_and_widths = st.lists(
    st.tuples(
        st.sampled_from(_ORDINARY + _SPECIAL),
        st.integers(0, 24).map(lambda k: k / 8),
    ),
    max_size=50,
)


@given(
    chars_and_widths,
    st.integers(0, 80).map(lambda k: k / 4),
    st.integers(1, 80).map(lambda k: k / 4),
)
def test_any_character_widths_obey_every_rule(
    pairs: list[tuple[str, float]], first: float, width: float
) -> None:
    text = "".join(ch for ch, _ in pairs)
    widths = [w for _, w in pairs]
    check_layout(text, widths, first, width, break_lines(text, widths, first, width))

"""Tests for generator.render.formatting: the text of dates, times and numbers in the papers."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model.clock import parse_time
from generator.render.formatting import (
    apply_digits,
    format_date,
    list_number,
    section_number,
    seireki_date,
    time_range,
    to_fullwidth_digits,
    to_halfwidth_digits,
    wareki_date,
)

D = datetime.date
T = datetime.time

# Text mixing everything the digit converters must leave alone.
MIXED = "第4回 ＡＢＣabcアイウあいう漢字（）～: ：-１２３"


# --- digits -----------------------------------------------------------------


def test_to_fullwidth_digits_converts_only_ascii_digits() -> None:
    assert to_fullwidth_digits("0123456789") == "０１２３４５６７８９"
    assert to_fullwidth_digits(MIXED) == "第４回 ＡＢＣabcアイウあいう漢字（）～: ：-１２３"


def test_to_halfwidth_digits_converts_only_fullwidth_digits() -> None:
    assert to_halfwidth_digits("０１２３４５６７８９") == "0123456789"
    assert to_halfwidth_digits(MIXED) == "第4回 ＡＢＣabcアイウあいう漢字（）～: ：-123"


DIGITS = "0123456789０１２３４５６７８９"
SEPARATORS = ",.:-"


@given(st.text())
def test_digit_conversion_changes_digits_and_separators_inside_numbers_only(text: str) -> None:
    full, half = to_fullwidth_digits(text), to_halfwidth_digits(text)
    assert len(full) == len(half) == len(text)
    for i, (original, f, h) in enumerate(zip(text, full, half, strict=True)):
        if original in "0123456789":
            assert f in (original, chr(ord(original) + 0xFEE0))
            assert h == original
        elif original in "０１２３４５６７８９":
            assert f == original
            assert h == chr(ord(original) - 0xFEE0)
        elif original in SEPARATORS and 0 < i < len(text) - 1:
            assert h == original
            if f != original:
                assert f == chr(ord(original) + 0xFEE0)
                assert text[i - 1] in DIGITS and text[i + 1] in DIGITS
        else:
            assert f == h == original


@given(st.text(alphabet="0123456789０１２３,.:-円％ 　、"))
def test_numbers_of_japanese_text_print_wholly_full_width(text: str) -> None:
    """Without half-width letters, no half-width digit or separator is left between digits."""
    full = to_fullwidth_digits(text)
    assert not re.search("[0-9]", full)
    assert not re.search("[０-９][,.:-][０-９]", full)
    assert to_fullwidth_digits(full) == full


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("1,234,567円", "１，２３４，５６７円"),
        ("12.5％", "１２．５％"),
        ("午前10:30から", "午前１０：３０から"),
        ("3-2-1", "３－２－１"),
        ("本町3-2-1（電話042-387-9999）", "本町３－２－１（電話０４２－３８７－９９９９）"),
        ("１,２３４人", "１，２３４人"),
        ("1, 2, 3", "１, ２, ３"),
        ("-5度から10.度", "-５度から１０.度"),
        (
            "https://example.lg.jp/r3/1.2-3.html（1.2）",
            "https://example.lg.jp/r3/1.2-3.html（１．２）",
        ),
        ("kyodo-1.2@example.lg.jp", "kyodo-1.2@example.lg.jp"),
        ("ISO9001と1,000", "ISO9001と１，０００"),
    ],
)
def test_separators_inside_numbers_turn_full_width(typed: str, printed: str) -> None:
    assert to_fullwidth_digits(typed) == printed


@given(st.text(alphabet="0123456789abcXYZ第回（） 、.-/"))
def test_a_digit_stays_half_width_only_inside_a_half_width_word(text: str) -> None:
    full = to_fullwidth_digits(text)
    for word in re.finditer(r"[A-Za-z0-9]+", text):
        kept = any(c.isalpha() for c in word.group())
        assert full[word.start() : word.end()] == (
            word.group()
            if kept
            else word.group().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        )


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("ISO9001の認証", "ISO9001の認証"),
        ("A4判で2部", "A4判で２部"),
        ("Windows11と第3版", "Windows11と第３版"),
        (
            "詳細はhttps://www.city.koganei.lg.jp/2011/kyodo3.htmlを参照（2011年）",
            "詳細はhttps://www.city.koganei.lg.jp/2011/kyodo3.htmlを参照（２０１１年）",
        ),
        ("問合せ: kyodo2@example.lg.jp（内線123）", "問合せ: kyodo2@example.lg.jp（内線１２３）"),
        ("平成23年度", "平成２３年度"),
    ],
)
def test_half_width_words_and_addresses_keep_their_digits(typed: str, printed: str) -> None:
    assert to_fullwidth_digits(typed) == printed


def test_apply_digits_dispatches_on_style() -> None:
    assert apply_digits("第4回（１０）", "fullwidth") == "第４回（１０）"
    assert apply_digits("第4回（１０）", "halfwidth") == "第4回（10）"


def test_apply_digits_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match=r"fullwidth.*halfwidth"):
        apply_digits("1", "zenkaku")


# --- dates ------------------------------------------------------------------


def test_wareki_date_real_sample() -> None:
    assert wareki_date(D(2011, 3, 2)) == "平成２３年３月２日（水）"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(1873, 1, 1), "明治６年１月１日（水）"),
        (D(1912, 7, 29), "明治４５年７月２９日（月）"),
        (D(1912, 7, 30), "大正元年７月３０日（火）"),
        (D(1913, 1, 1), "大正２年１月１日（水）"),
        (D(1926, 12, 24), "大正１５年１２月２４日（金）"),
        (D(1926, 12, 25), "昭和元年１２月２５日（土）"),
        (D(1927, 1, 1), "昭和２年１月１日（土）"),
        (D(1989, 1, 7), "昭和６４年１月７日（土）"),
        (D(1989, 1, 8), "平成元年１月８日（日）"),
        (D(1990, 1, 1), "平成２年１月１日（月）"),
        (D(2019, 4, 30), "平成３１年４月３０日（火）"),
        (D(2019, 5, 1), "令和元年５月１日（水）"),
        (D(2020, 1, 1), "令和２年１月１日（水）"),
    ],
)
def test_wareki_date_era_boundaries(day: datetime.date, expected: str) -> None:
    assert wareki_date(day) == expected


def test_wareki_date_weekdays_over_a_week() -> None:
    week = [wareki_date(D(2011, 2, 28) + datetime.timedelta(days=i)) for i in range(7)]
    assert week == [
        "平成２３年２月２８日（月）",
        "平成２３年３月１日（火）",
        "平成２３年３月２日（水）",
        "平成２３年３月３日（木）",
        "平成２３年３月４日（金）",
        "平成２３年３月５日（土）",
        "平成２３年３月６日（日）",
    ]


def test_wareki_date_halfwidth_and_without_weekday() -> None:
    assert wareki_date(D(2011, 3, 2), digits="halfwidth") == "平成23年3月2日（水）"
    assert wareki_date(D(2019, 5, 1), digits="halfwidth") == "令和元年5月1日（水）"
    assert wareki_date(D(2011, 12, 25), weekday=False) == "平成２３年１２月２５日"


def test_wareki_date_refuses_dates_before_the_solar_calendar() -> None:
    with pytest.raises(ValueError, match=r"1872-12-31.*1873-01-01"):
        wareki_date(D(1872, 12, 31))


def test_seireki_date() -> None:
    assert seireki_date(D(2011, 3, 2)) == "２０１１年３月２日（水）"
    assert seireki_date(D(2011, 3, 2), digits="halfwidth") == "2011年3月2日（水）"
    assert seireki_date(D(2019, 5, 1), weekday=False) == "２０１９年５月１日"
    assert seireki_date(D(1850, 10, 10), digits="halfwidth") == "1850年10月10日（木）"


def test_format_date_dispatches_on_calendar() -> None:
    assert format_date(D(2011, 3, 2), "wareki", "fullwidth") == "平成２３年３月２日（水）"
    assert format_date(D(2011, 3, 2), "seireki", "halfwidth") == "2011年3月2日（水）"
    assert format_date(D(2011, 3, 2), "wareki", "halfwidth", weekday=False) == "平成23年3月2日"


def test_format_date_rejects_unknown_calendar() -> None:
    with pytest.raises(ValueError, match=r"wareki.*seireki"):
        format_date(D(2011, 3, 2), "gregorian", "fullwidth")


def test_format_date_rejects_unknown_digits() -> None:
    with pytest.raises(ValueError, match=r"fullwidth.*halfwidth"):
        format_date(D(2011, 3, 2), "wareki", "kanji")


# --- times ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (T(10, 0), T(12, 0), "午前１０時～１２時"),
        (T(14, 0), T(16, 30), "午後２時～４時３０分"),
        (T(10, 0), T(13, 0), "午前１０時～午後１時"),
        (T(9, 30), T(11, 45), "午前９時３０分～１１時４５分"),
        (T(11, 30), T(12, 0), "午前１１時３０分～１２時"),
        (T(10, 0), T(12, 30), "午前１０時～午後０時３０分"),
        (T(12, 0), T(13, 0), "午後０時～１時"),
        (T(12, 30), T(14, 5), "午後０時３０分～２時５分"),
        (T(18, 0), T(23, 59), "午後６時～１１時５９分"),
        (T(22, 0), T(0, 30), "午後１０時～午前０時３０分"),
        (T(0, 0), T(1, 0), "午前０時～１時"),
    ],
)
def test_time_range(start: datetime.time, end: datetime.time, expected: str) -> None:
    assert time_range(start, end) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (T(10, 0), "午前１０時"),
        (T(0, 0), "午前０時"),
        (T(11, 59), "午前１１時５９分"),
        (T(12, 0), "午後０時"),
        (T(12, 1), "午後０時１分"),
        (T(23, 0), "午後１１時"),
    ],
)
def test_time_range_without_end(start: datetime.time, expected: str) -> None:
    assert time_range(start, None) == expected


def test_time_range_halfwidth() -> None:
    assert time_range(T(10, 0), T(12, 0), digits="halfwidth") == "午前10時～12時"
    assert time_range(T(14, 0), T(16, 30), digits="halfwidth") == "午後2時～4時30分"
    assert time_range(T(10, 0), T(13, 0), digits="halfwidth") == "午前10時～午後1時"
    assert time_range(T(12, 0), None, digits="halfwidth") == "午後0時"


def test_time_range_uses_fullwidth_tilde() -> None:
    assert "\uff5e" in time_range(T(10, 0), T(12, 0))
    assert "\u301c" not in time_range(T(10, 0), T(12, 0))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10:00", T(10, 0)),
        ("9:30", T(9, 30)),
        ("09:05", T(9, 5)),
        ("0:00", T(0, 0)),
        ("23:59", T(23, 59)),
        ("１０：００", T(10, 0)),
        ("１４:３０", T(14, 30)),
        (" 10:00 ", T(10, 0)),
    ],
)
def test_parse_time(value: str, expected: datetime.time) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    "value",
    ["25:00", "24:00", "10:60", "abc", "", "10", "10:0", "10:000", "100:00", "-1:00", "10時"],
)
def test_parse_time_rejects(value: str) -> None:
    with pytest.raises(
        ValueError, match=re.escape(f"時刻「{value}」は正しくありません。") + ".*例: 10:00"
    ):
        parse_time(value)


@given(st.times())
def test_parse_time_reads_hh_mm(t: datetime.time) -> None:
    assert parse_time(t.strftime("%H:%M")) == t.replace(second=0, microsecond=0)


# --- numbers ----------------------------------------------------------------


def test_list_number_up_to_ten_and_beyond() -> None:
    assert [list_number(n) for n in range(1, 11)] == [
        "（１）",
        "（２）",
        "（３）",
        "（４）",
        "（５）",
        "（６）",
        "（７）",
        "（８）",
        "（９）",
        "（１０）",
    ]
    assert list_number(11) == "（１１）"
    assert list_number(123) == "（１２３）"


def test_list_number_halfwidth_keeps_fullwidth_parentheses() -> None:
    assert list_number(1, digits="halfwidth") == "（1）"
    assert list_number(10, digits="halfwidth") == "（10）"


def test_section_number() -> None:
    assert section_number(1) == "１"
    assert section_number(12) == "１２"
    assert section_number(12, digits="halfwidth") == "12"


@pytest.mark.parametrize("number", [list_number, section_number])
def test_numbers_start_at_one(number: Callable[[int], str]) -> None:
    with pytest.raises(ValueError, match="1 以上"):
        number(0)
    with pytest.raises(ValueError, match="1 以上"):
        number(-1)

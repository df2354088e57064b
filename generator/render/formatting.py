"""Formatting of data into the text of Japanese official documents (公用文).

Pure functions, registered as Jinja2 filters: templates keep numbers, dates and
times as data and choose the committee's style (digit width, calendar) only here.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.committee import Style

# Only the ten digits: jaconv's converters would also change letters and kana.
_ASCII_DIGITS = "0123456789"
_FULLWIDTH_DIGITS = "０１２３４５６７８９"
_TO_FULLWIDTH = str.maketrans(_ASCII_DIGITS, _FULLWIDTH_DIGITS)
_TO_HALFWIDTH = str.maketrans(_FULLWIDTH_DIGITS, _ASCII_DIGITS)

_WEEKDAYS = "月火水木金土日"  # indexed by date.weekday()

# Era start dates, newest first. Dates before the solar calendar (1873-01-01,
# 明治６年) have no Gregorian-to-wareki mapping this simple, so they are refused.
_ERAS: tuple[tuple[datetime.date, str], ...] = (
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
    (datetime.date(1912, 7, 30), "大正"),
    (datetime.date(1868, 1, 25), "明治"),  # only its year (元年 = 1868) is used
)
_SOLAR_CALENDAR_START = datetime.date(1873, 1, 1)

_NOON = datetime.time(12, 0)


# Half-width words and addresses keep their digits as typed: ISO9001, A4, Windows11,
# https://www.example.lg.jp/2011/, kyodo2@example.lg.jp. "ISO９００１" mixes widths, and a
# URL with full-width digits cannot be typed back from the paper or copied from the PDF.
_KEPT = re.compile(
    r"[a-z][a-z0-9+.-]*://[!-~]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[a-z0-9]*[a-z][a-z0-9]*",
    re.ASCII | re.IGNORECASE,
)
_ASCII_DIGIT = re.compile("[0-9]")
# A separator inside a number: 1,234,567 / 12.5 / 10:30 / 3-2-1 (between two digits).
_INNER_SEPARATOR = re.compile("(?<=[０-９])[,.:-](?=[０-９])")
_FULLWIDTH_SEPARATORS = {",": "，", ".": "．", ":": "：", "-": "－"}


def to_fullwidth_digits(text: str) -> str:
    """Turn ASCII digits, and the separators inside a number, into full-width ones
    (「１，２３４円」「１２．５％」「１０：３０」「３－２－１」), but not those of a half-width
    word or address; every other character stays as is."""
    if not _ASCII_DIGIT.search(text) and not _INNER_SEPARATOR.search(text):
        return text
    out, done = [], 0
    for kept in _KEPT.finditer(text):
        out.append(_fullwidth_numbers(text[done : kept.start()]))
        out.append(kept.group())
        done = kept.end()
    out.append(_fullwidth_numbers(text[done:]))
    return "".join(out)


def _fullwidth_numbers(text: str) -> str:
    """Text outside half-width words: full-width digits, and separators between them."""
    digits = text.translate(_TO_FULLWIDTH)
    return _INNER_SEPARATOR.sub(lambda m: _FULLWIDTH_SEPARATORS[m.group()], digits)


def to_halfwidth_digits(text: str) -> str:
    """Turn full-width digits into ASCII ones, leaving every other character as is."""
    return text.translate(_TO_HALFWIDTH)


_DIGIT_STYLES = {"fullwidth": to_fullwidth_digits, "halfwidth": to_halfwidth_digits}


def apply_digits(text: str, digits: str) -> str:
    """Render the digits of text in the committee's style ("fullwidth" or "halfwidth")."""
    try:
        convert = _DIGIT_STYLES[digits]
    except KeyError:
        raise ValueError(
            f"数字の書き方「{digits}」は使えません。digits には fullwidth（全角）"
            "か halfwidth（半角）を書いてください"
        ) from None
    return convert(text)


def _date_text(
    year: str, d: datetime.date, digits: str, weekday: bool, long_weekday: bool = False
) -> str:
    """`year` is the year as written, its 年 included ("令和６年", "２０１１年")."""
    text = f"{year}{d.month}月{d.day}日"
    if weekday:
        text += f"（{_WEEKDAYS[d.weekday()]}{'曜日' if long_weekday else ''}）"
    return apply_digits(text, digits)


def _era_year(d: datetime.date, year: int | None = None) -> str:
    """The era and its year number for the era in effect on `d` ("令和元", "平成２３")."""
    if d < _SOLAR_CALENDAR_START:
        raise ValueError(
            f"日付「{d.isoformat()}」は和暦にできません。和暦で書けるのは"
            "明治6年1月1日（1873-01-01）以降です。"
            "日付を確かめるか、calendar を seireki にしてください"
        )
    start, era = next((start, era) for start, era in _ERAS if d >= start)
    number = (d.year if year is None else year) - start.year + 1
    return era + ("元" if number == 1 else str(number))


def wareki_date(
    d: datetime.date,
    digits: str = "fullwidth",
    weekday: bool = True,
    *,
    long_weekday: bool = False,
    western: bool = False,
) -> str:
    """Write a date in the Japanese era, as in "平成２３年３月２日（水）".

    An era's first year is 元年 ("令和元年５月１日（水）"), as official papers write it.
    `long_weekday` writes （水曜日）; `western` puts the 西暦 beside the year:
    "令和６年（２０２４年）５月１０日（金）".
    """
    year = _era_year(d) + "年" + (f"（{d.year}年）" if western else "")
    return _date_text(year, d, digits, weekday, long_weekday)


def seireki_date(
    d: datetime.date,
    digits: str = "fullwidth",
    weekday: bool = True,
    *,
    long_weekday: bool = False,
    western: bool = False,
) -> str:
    """Write a date in the Gregorian calendar, as in "２０１１年３月２日（水）"."""
    return _date_text(f"{d.year}年", d, digits, weekday, long_weekday)


_CALENDARS = {"wareki": wareki_date, "seireki": seireki_date}


def format_date(
    d: datetime.date,
    calendar: str,
    digits: str,
    weekday: bool = True,
    *,
    long_weekday: bool = False,
    western: bool = False,
) -> str:
    """Write a date in the committee's calendar ("wareki" or "seireki")."""
    try:
        write = _CALENDARS[calendar]
    except KeyError:
        raise ValueError(
            f"暦の指定「{calendar}」は使えません。calendar には wareki（和暦）"
            "か seireki（西暦）を書いてください"
        ) from None
    return write(d, digits, weekday, long_weekday=long_weekday, western=western)


def fiscal_year(d: datetime.date) -> int:
    """The 年度 a date falls in: the Japanese fiscal year starts on April 1."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_text(d: datetime.date, calendar: str, digits: str) -> str:
    """The 年度 of a date as papers write it: "令和４年度" (or "２０２２年度" in seireki).

    The era is the one in effect on the date, so April 2019 is 平成３１年度 and a meeting
    in February 2020 is in 令和元年度.
    """
    year = fiscal_year(d)
    text = _era_year(d, year) if calendar == "wareki" else str(year)
    return apply_digits(f"{text}年度", digits)


def _clock(t: datetime.time, period: str, zero_minutes: bool = False) -> str:
    hour = t.hour - 12 if period == "午後" else t.hour
    if t.minute or zero_minutes:
        return f"{hour}時{t.minute:02d}分" if zero_minutes else f"{hour}時{t.minute}分"
    return f"{hour}時"


def _period(t: datetime.time, clock: int) -> str:
    if clock == 24:
        return ""
    return "午前" if t < _NOON else "午後"


def time_range(
    start: datetime.time,
    end: datetime.time | None,
    digits: str = "fullwidth",
    *,
    period: str = "once",
    to: str = "～",
    clock: int = 12,
    zero_minutes: bool = False,
) -> str:
    """Write a meeting's hours, as in "午前１０時～午後１時" or "午後２時～４時３０分".

    Noon is 午後０時, the common 公用文 convention. A morning meeting that ends
    exactly at noon ends at "１２時" (午前１２時, which the 1872 time table also
    allows for noon), so 10:00-12:00 reads "午前１０時～１２時". The period
    (午前/午後) of the end is written only when it differs from the start's, unless
    `period` is "each" ("午後３時～午後５時"). `to` joins the two ("～" or "から"),
    `clock` 24 writes "１０時～１７時" without periods, `zero_minutes` writes "９時００分".
    Seconds are ignored: papers give times to the minute.
    """
    start_period = _period(start, clock)
    text = start_period + _clock(start, start_period, zero_minutes)
    if end is not None:
        if clock == 24:
            end_period = ""
        elif start_period == "午前" and end == _NOON:
            end_period = "午前"
        else:
            end_period = "午前" if end < _NOON else "午後"
        shown = end_period if end_period != start_period or period == "each" else ""
        text += to + shown + _clock(end, end_period, zero_minutes)
    return apply_digits(text, digits)


def duration(start: datetime.time, end: datetime.time, zero_minutes: bool = False) -> str:
    """The length of a meeting, as in "２時間" or "１時間３５分" (digits left ASCII)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes < 0:
        raise ValueError("終了時刻が開始時刻より前です。start と end を確かめてください")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}分"
    if rest or zero_minutes:
        return f"{hours}時間{rest:02d}分" if zero_minutes else f"{hours}時間{rest}分"
    return f"{hours}時間"


def open_close(
    start: datetime.time,
    end: datetime.time | None,
    digits: str = "fullwidth",
    *,
    clock: int = 12,
    zero_minutes: bool = False,
    with_duration: bool = True,
) -> str:
    """Hours as 開会 and 閉会, as in "９時００分開会　１１時００分閉会（会議時間２時間００分）"."""
    text = _period(start, clock) + _clock(start, _period(start, clock), zero_minutes) + "開会"
    if end is not None:
        end_period = _period(end, clock)
        text += "　" + end_period + _clock(end, end_period, zero_minutes) + "閉会"
        if with_duration:
            text += f"（会議時間{duration(start, end, zero_minutes)}）"
    return apply_digits(text, digits)


def styled_date(d: datetime.date, style: Style, weekday: bool = True) -> str:
    """A date as the committee writes it (its calendar, digits and weekday)."""
    return format_date(
        d,
        style.calendar,
        style.digits,
        weekday,
        long_weekday=style.weekday == "long",
        western=style.western_year,
    )


def styled_hours(start: datetime.time, end: datetime.time | None, style: Style) -> str:
    """The hours as the committee writes them: 午前１０時～１２時, or ９時開会　１１時閉会 …"""
    if style.hours == "open_close":
        return open_close(
            start, end, style.digits, clock=style.clock, zero_minutes=style.zero_minutes,
            with_duration=style.duration,
        )  # fmt: skip
    return time_range(
        start,
        end,
        style.digits,
        period=style.time_period,
        to=style.time_to,
        clock=style.clock,
        zero_minutes=style.zero_minutes,
    )


def _check_number(n: int) -> None:
    if n < 1:
        raise ValueError(f"番号「{n}」は使えません。番号は 1 以上にしてください")


def list_number(n: int, digits: str = "fullwidth") -> str:
    """Number a list item, as in "（１）"; the parentheses stay full-width in either digit style."""
    _check_number(n)
    return f"（{apply_digits(str(n), digits)}）"


def section_number(n: int, digits: str = "fullwidth") -> str:
    """Number a section heading, as in "１" or "１２"."""
    _check_number(n)
    return apply_digits(str(n), digits)


# --- numbering ladders, designations and labels ------------------------------------------

# The counters a numbering pattern may hold; the first one found in the pattern is replaced.
_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474)) + "".join(
    chr(c) for c in range(0x3251, 0x3260)
)
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_COUNTERS = {
    "1": "arabic",
    "１": "arabic",
    "ア": "kana",
    "①": "circled",
    "a": "latin",
    "ａ": "latin",
}

LADDER = ("（１）", "ア", "（ア）")
"""The 公用文 ladder for items below a section: （１）, then ア, then （ア）."""


def _counter_of(pattern: str) -> int:
    return next((i for i, ch in enumerate(pattern) if ch in _COUNTERS), -1)


def ladder_number(n: int, pattern: str, digits: str = "fullwidth") -> str:
    """Number the n-th item by a pattern: "（１）" → （３）, "ア" → ウ, "1." → ３., "・" → ・.

    The pattern's first counter is replaced: 1 or １ (numbers), ア (katakana in 五十音 order),
    ① (circled numbers) or a (letters); a pattern without one is a mark printed on every item.
    """
    _check_number(n)
    at = _counter_of(pattern)
    if at < 0:
        return pattern
    kind = _COUNTERS[pattern[at]]
    if kind == "arabic":
        counter = apply_digits(str(n), digits)
    else:
        table = {"kana": _KANA, "circled": _CIRCLED, "latin": _LATIN}[kind]
        if n > len(table):
            raise ValueError(
                f"「{pattern[at]}」の番号は{len(table)}までです。{n}番目の項目には付けられません"
                "。項目を分けるか、番号の付け方（numbering）を 1 などにしてください"
            )
        counter = table[n - 1]
        if pattern[at] == "ａ":
            counter = chr(ord(counter) + 0xFEE0)
    return pattern[:at] + counter + pattern[at + 1 :]


def fill(label: str, ems: float) -> str:
    """`label` followed by as many ideographic spaces as fit within `ems` (an ASCII character is
    half an em): a number label then fills the hanging indent its paragraph style leaves for
    it. "１" → "１　" in two; "（1）" (two and a half) stays as it is in three."""
    width = sum(0.5 if ch.isascii() else 1.0 for ch in label)
    if width >= ems:
        return label
    return label + "\u3000" * int(ems - width)


def designation(
    number: int | None,
    *,
    pattern: str = "第{n}回{extra}",
    year: str = "",
    extra: bool = False,
    date: str = "",
    undated: str = "{date}",
) -> str:
    """What a meeting is called beside the committee's name: 第４回, 令和４年度第１回, 第１０回臨時.

    `pattern` names the number {n}, the 年度 {year} and 臨時 {extra}; a meeting with no
    number is named by `undated` (its {date}, or "" for none). Digits are left as written.
    """
    if number is None:
        return undated.replace("{date}", date)
    return (
        pattern.replace("{n}", str(number))
        .replace("{year}", year)
        .replace("{extra}", "臨時" if extra else "")
    )


_STEM_DROPS = str.maketrans("", "", "（）()「」『』 \u3000")
_UNSAFE = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def file_stem(designation_text: str, date: datetime.date) -> str:
    """The start of a meeting's file names: 第4回 (`第4回_次第.pdf`), 令和4年度第1回; a meeting
    with no designation is named by its date, 2024-05-10, unique and in order in a folder."""
    stem = to_halfwidth_digits(designation_text).translate(_STEM_DROPS).translate(_UNSAFE)
    return stem or date.isoformat()


def safe_name(text: str, limit: int = 40) -> str:
    """Text usable in a file name on Windows and elsewhere: no \\ / : * ? " < > |."""
    return to_halfwidth_digits(text).translate(_UNSAFE).strip()[:limit]


def kana_number(n: int) -> str:
    """Number a list item of the third and fourth rungs of the 公用文 ladder: ア, イ, ウ …"""
    return ladder_number(n, "ア")

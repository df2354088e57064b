"""Formatting of data into the text of Japanese official documents (公用文).

Pure functions, registered as Jinja2 filters: templates keep numbers, dates and
times as data and choose the committee's style (digit width, calendar) only here.
"""

from __future__ import annotations

import datetime
import re

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


def to_fullwidth_digits(text: str) -> str:
    """Turn ASCII digits into full-width ones, but not those of a half-width word or address;
    every other character stays as is."""
    if not _ASCII_DIGIT.search(text):
        return text
    out, done = [], 0
    for kept in _KEPT.finditer(text):
        out.append(text[done : kept.start()].translate(_TO_FULLWIDTH))
        out.append(kept.group())
        done = kept.end()
    out.append(text[done:].translate(_TO_FULLWIDTH))
    return "".join(out)


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


def _date_text(year: str, d: datetime.date, digits: str, weekday: bool) -> str:
    text = f"{year}年{d.month}月{d.day}日"
    if weekday:
        text += f"（{_WEEKDAYS[d.weekday()]}）"
    return apply_digits(text, digits)


def wareki_date(d: datetime.date, digits: str = "fullwidth", weekday: bool = True) -> str:
    """Write a date in the Japanese era, as in "平成２３年３月２日（水）".

    An era's first year is 元年 ("令和元年５月１日（水）"), as official papers write it.
    """
    if d < _SOLAR_CALENDAR_START:
        raise ValueError(
            f"日付「{d.isoformat()}」は和暦にできません。和暦で書けるのは"
            "明治6年1月1日（1873-01-01）以降です。"
            "日付を確かめるか、calendar を seireki にしてください"
        )
    start, era = next((start, era) for start, era in _ERAS if d >= start)
    number = d.year - start.year + 1
    year = era + ("元" if number == 1 else str(number))
    return _date_text(year, d, digits, weekday)


def seireki_date(d: datetime.date, digits: str = "fullwidth", weekday: bool = True) -> str:
    """Write a date in the Gregorian calendar, as in "２０１１年３月２日（水）"."""
    return _date_text(str(d.year), d, digits, weekday)


_CALENDARS = {"wareki": wareki_date, "seireki": seireki_date}


def format_date(d: datetime.date, calendar: str, digits: str, weekday: bool = True) -> str:
    """Write a date in the committee's calendar ("wareki" or "seireki")."""
    try:
        write = _CALENDARS[calendar]
    except KeyError:
        raise ValueError(
            f"暦の指定「{calendar}」は使えません。calendar には wareki（和暦）"
            "か seireki（西暦）を書いてください"
        ) from None
    return write(d, digits, weekday)


def _clock(t: datetime.time, period: str) -> str:
    hour = t.hour - 12 if period == "午後" else t.hour
    return f"{hour}時{t.minute}分" if t.minute else f"{hour}時"


def time_range(start: datetime.time, end: datetime.time | None, digits: str = "fullwidth") -> str:
    """Write a meeting's hours, as in "午前１０時～午後１時" or "午後２時～４時３０分".

    Noon is 午後０時, the common 公用文 convention. A morning meeting that ends
    exactly at noon ends at "１２時" (午前１２時, which the 1872 time table also
    allows for noon), so 10:00-12:00 reads "午前１０時～１２時". The period
    (午前/午後) of the end is written only when it differs from the start's.
    Seconds are ignored: papers give times to the minute.
    """
    start_period = "午前" if start < _NOON else "午後"
    text = start_period + _clock(start, start_period)
    if end is not None:
        if start_period == "午前" and end == _NOON:
            end_period = "午前"
        else:
            end_period = "午前" if end < _NOON else "午後"
        shown_period = end_period if end_period != start_period else ""
        text += "～" + shown_period + _clock(end, end_period)
    return apply_digits(text, digits)


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


_IROHA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)


def kana_number(n: int) -> str:
    """Number a list item of the third and fourth rungs of the 公用文 ladder: ア, イ, ウ …"""
    _check_number(n)
    if n > len(_IROHA):
        raise ValueError(
            f"番号「{n}」はア～ンの{len(_IROHA)}個を超えています。項目を分けてください"
        )
    return _IROHA[n - 1]

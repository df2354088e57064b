"""Turn schema errors into messages a secretariat can act on, in Japanese, at the right line."""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from typing import Any

from ..errors import HandoutsError, Problem
from .schema import Invalid, Issue, field_names, parse
from .source import Source

_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")

_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("必須の項目がありません", "この項目を書き足してください"),
    "str": ("文字列で書いてください", "値を文字で書いてください（引用符で囲むと確実です）"),
    "int": ("整数で書いてください", "例: 4"),
    "list": ("一覧の形で書いてください", "各行を「- 」で始めてください"),
    "mapping": ("「項目名: 値」の形で書いてください", "見本にならって字下げしてください"),
    "bool": ("はい・いいえの値で書いてください", "true か false を書いてください"),
    "time": ("時刻の形ではありません", '"10:00" のように 時:分 で書いてください'),
    "key": (
        "項目名が文字ではありません",
        "項目名は見本と同じ英字で書いてください（例: place）",
    ),
}


def validate(model: type, source: Source, data: Any = None, loc: tuple = ()) -> Any:
    """Validate `data` (default: the whole file) against `model`, or raise every problem."""
    try:
        return parse(model, source.data if data is None else data)
    except Invalid as exc:
        exact = source.exact()
        if data is None and exact is not source:
            # Report from the data as the round-trip loader reads it, exactly as always.
            return validate(model, exact, loc=loc)
        raise HandoutsError([_problem(model, source, loc, i) for i in exc.issues]) from None


def _problem(model: type, source: Source, base: tuple, issue: Issue) -> Problem:
    loc = base + issue.loc
    kind, value = issue.kind, issue.input
    if kind == "unknown":
        return source.problem(loc, "知らない項目です", _did_you_mean(model, issue.loc))
    if kind == "choice":
        allowed = "、".join(str(a) for a in issue.detail)
        return source.problem(loc, "使えない値です", f"{allowed} のどれかを書いてください")
    if kind == "value":
        text, _, hint = str(issue.detail).partition(" — ")
        return source.problem(loc, text, hint)
    if kind == "at_least":
        if isinstance(value, list):
            return source.problem(loc, "一つも書かれていません", "少なくとも一つ書いてください")
        return source.problem(loc, "小さすぎます", f"{issue.detail} 以上の数を書いてください")
    if kind == "none":
        where = (
            "「- 」の後に値を書くか、この行を消して"
            if loc and isinstance(loc[-1], int)
            else "「:」の後に値を書いて"
        )
        return source.problem(loc, "値が書かれていません", f"{where}ください")
    if kind == "str" and isinstance(value, int | float | datetime.date):
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        return source.problem(
            loc,
            f"{shown} が文字ではなく数・日付・真偽値として読まれました",
            f'文字として書くには "{shown}" のように引用符で囲んでください',
        )
    if kind == "str" and isinstance(value, list):
        return source.problem(
            loc,
            "ここには一覧（「- 」の並び）は書けません。文字を一つ書いてください",
            "複数行にするなら「|」の次の行から字下げして書きます。項目を入れ子にするのは"
            "agenda や items の中だけです（「- text: 見出し」の次の行に「  items:」）",
        )
    if kind == "date":
        return source.problem(loc, *_date_problem(value))
    return source.problem(loc, *_MESSAGES[kind])


def _date_problem(value: object) -> tuple[str, str]:
    """Why a date was refused: a day that does not exist (2011-02-30) or not a date at all."""
    if isinstance(value, datetime.datetime):
        return (
            "日付に時刻が付いています",
            "date: には日付だけを書き、時刻は start: と end: に書いてください",
        )
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return "日付の形ではありません", "2011-03-02 のように 年-月-日 で書いてください"
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"{month}月という月はありません", "月は 01〜12 で書いてください"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (
            f"{year}年{month}月{day}日という日はありません",
            f"{year}年{month}月は{last}日までです。日付を確かめてください",
        )
    return "日付の形ではありません", "2011-03-02 のように 年-月-日（月と日は2けた）で書いてください"


def _did_you_mean(model: type, loc: tuple) -> str:
    """Suggest the nearest known key: `titel` → `title`."""
    fields = field_names(model, loc[:-1])
    key = str(loc[-1]) if loc else ""
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    if close:
        return f"「{close[0]}」の書き間違いではありませんか"
    if fields:
        return "書ける項目は " + "、".join(fields) + " です"
    return "この行を消してください"

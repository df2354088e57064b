"""Turn schema errors into messages a secretariat can act on, in Japanese, at the right line."""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import HandoutsError, Problem
from .source import Source

M = TypeVar("M", bound=BaseModel)

_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")

_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("必須の項目がありません", "この項目を書き足してください"),
    "string_type": ("文字列で書いてください", "値を文字で書いてください（引用符で囲むと確実です）"),
    "int_type": ("整数で書いてください", "例: 4"),
    "int_parsing": ("整数で書いてください", "例: 4"),
    "int_from_float": ("整数で書いてください", "例: 4"),
    "greater_than_equal": ("小さすぎます", "1 以上の数を書いてください"),
    "list_type": ("一覧の形で書いてください", "各行を「- 」で始めてください"),
    "dict_type": ("「項目名: 値」の形で書いてください", "見本にならって字下げしてください"),
    "model_type": ("「項目名: 値」の形で書いてください", "見本にならって字下げしてください"),
    "too_short": ("一つも書かれていません", "少なくとも一つ書いてください"),
    "bool_type": ("はい・いいえの値で書いてください", "true か false を書いてください"),
    "bool_parsing": ("はい・いいえの値で書いてください", "true か false を書いてください"),
    "invalid_key": (
        "項目名が文字ではありません",
        "項目名は見本と同じ英字で書いてください（例: place）",
    ),
}


def validate(model: type[M], source: Source, data: Any = None, loc: tuple = ()) -> M:
    """Validate `data` (default: the whole file) against `model`, or raise every problem."""
    try:
        return model.model_validate(source.data if data is None else data)
    except ValidationError as exc:
        exact = source.exact()
        if data is None and exact is not source:
            # Report from the data as the round-trip loader reads it, exactly as always.
            return validate(model, exact, loc=loc)
        raise HandoutsError([_problem(model, source, loc, err) for err in exc.errors()]) from None


def _problem(model: type[BaseModel], source: Source, base: tuple, err: dict) -> Problem:
    loc = base + tuple(k for k in err["loc"] if not _is_union_tag(k))
    kind = err["type"]
    if kind == "extra_forbidden":
        return source.problem(loc, "知らない項目です", _did_you_mean(model, loc[len(base) :]))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return source.problem(loc, "使えない値です", f"{expected} のどれかを書いてください")
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        text, _, hint = message.partition(" — ")
        return source.problem(loc, text, hint)
    if err.get("input", "") is None and kind.endswith("_type"):
        where = (
            "「- 」の後に値を書くか、この行を消して"
            if loc and isinstance(loc[-1], int)
            else "「:」の後に値を書いて"
        )
        return source.problem(loc, "値が書かれていません", f"{where}ください")
    if kind == "string_type" and isinstance(err.get("input"), int | float | datetime.date):
        shown = str(err["input"]).lower() if isinstance(err["input"], bool) else str(err["input"])
        return source.problem(
            loc,
            f"{shown} が文字ではなく数・日付・真偽値として読まれました",
            f'文字として書くには "{shown}" のように引用符で囲んでください',
        )
    if kind.startswith("date_"):
        return source.problem(loc, *_date_problem(err.get("input")))
    message, hint = _MESSAGES.get(kind, (f"値が正しくありません（{err['msg']}）", ""))
    return source.problem(loc, message, hint)


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


def _is_union_tag(key: object) -> bool:
    return isinstance(key, str) and key.startswith(("function-", "tagged-union["))


def _did_you_mean(model: type[BaseModel], loc: tuple) -> str:
    """Suggest the nearest known key: `titel` → `title`."""
    fields = _fields_at(model, loc[:-1])
    key = str(loc[-1]) if loc else ""
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    if close:
        return f"「{close[0]}」の書き間違いではありませんか"
    if fields:
        return "書ける項目は " + "、".join(fields) + " です"
    return "この行を消してください"


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model that sits at `loc` (following lists and nested models)."""
    current: Any = model
    for key in loc:
        if isinstance(key, int):
            continue
        field = getattr(current, "model_fields", {}).get(key)
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None

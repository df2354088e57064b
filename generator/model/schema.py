"""Content data → typed records: the schema is the records' annotations; every problem is kept.

A record is a frozen dataclass. Its annotations say what each key of the YAML mapping may hold:
str, int, bool, datetime.date, datetime.time, a Literal, `X | None`, list[X], dict[str, X],
another record, or Annotated[X, …] with `Check` (a rule of our own) and `AtLeast` (a minimum
number or length). `parse` returns the record, or raises `Invalid` listing every `Issue` found
with where it stands (the key path) and what was written; generator.model.validate words them
for the secretariat.

Written here rather than with pydantic, a measured choice: importing pydantic and building its
validators for these few records took about 115 ms of the 270 ms that a whole build of a
7-page meeting took (Python 3.11, 2 cores); this module imports in about a millisecond.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["AtLeast", "Check", "Invalid", "Issue", "field_names", "fields", "parse", "rule"]

Loc = tuple[str | int, ...]

_TRUE = {"true", "t", "yes", "y", "on", "1"}
_FALSE = {"false", "f", "no", "n", "off", "0"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Check:
    """A rule of our own: `fn(value)` returns the value to keep or raises ValueError.

    The error's text is the message, `what — what to do`. `before` runs it on the value as
    written, before its type is checked (to say "fill this in" rather than "wrong type").
    """

    fn: Callable[[Any], Any]
    before: bool = False


@dataclass(frozen=True)
class AtLeast:
    """The smallest number allowed, or for a list the fewest items."""

    n: int


@dataclass(frozen=True)
class Issue:
    """One thing wrong: where, which kind, what was written, and the kind's own detail.

    Kinds: missing, unknown (key), key (not text), none, str, int, bool, date, time, list,
    mapping, choice (detail: the allowed values), at_least (detail: the minimum), value
    (detail: the message of a Check or a rule).
    """

    loc: Loc
    kind: str
    input: Any = None
    detail: Any = None


class Invalid(Exception):
    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(f"{len(issues)} problem(s)")
        self.issues = issues


def rule(*needs: str, at: str | None = None) -> Callable[[Callable], Callable]:
    """Mark a record's check across fields: run once the fields it `needs` are all valid.

    Not run while the record has a key it does not know: a misspelt key (`titel`) is the
    problem to fix first, and the rule would only repeat it in other words.

    It is called with those fields' values and raises ValueError to report a problem at the
    record itself, or at its field `at`.
    """

    def mark(fn: Callable) -> Callable:
        fn.__rule__ = (needs, at)  # type: ignore[attr-defined]
        return fn

    return mark


def parse(record: type, data: Any) -> Any:
    """`data` as a `record`, or Invalid with every problem found."""
    issues: list[Issue] = []
    value = _record(record, data, (), issues)
    if issues:
        raise Invalid(issues)
    return value


@cache
def fields(record: type) -> tuple[tuple[str, Any, bool], ...]:
    """Each field's name, full annotation and whether it must be written."""
    hints = typing.get_type_hints(record, include_extras=True)
    return tuple(
        (
            f.name,
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(record)
    )


def field_names(record: type, loc: Loc) -> list[str]:
    """The keys the record at `loc` (inside `record`, through lists and dicts) may have."""
    current: Any = record
    for key in loc:
        if isinstance(key, int):
            continue
        if dataclasses.is_dataclass(current):
            annotation = next((a for name, a, _ in fields(current) if name == key), None)
        else:
            annotation = current
        current = _record_in(annotation)
        if current is None:
            return []
    return [name for name, _, _ in fields(current)]


def _record_in(annotation: Any) -> type | None:
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _record_in(arg)
        if found is not None:
            return found
    return None


def _default(record: type, name: str) -> Any:
    f = record.__dataclass_fields__[name]
    return f.default if f.default_factory is dataclasses.MISSING else f.default_factory()


@cache
def _rules(record: type) -> tuple[Callable, ...]:
    return tuple(
        getattr(record, name)
        for name in dir(record)
        if hasattr(getattr(record, name, None), "__rule__")
    )


_FAIL = object()


def _record(record: type, data: Any, loc: Loc, issues: list[Issue]) -> Any:
    if not isinstance(data, dict):
        issues.append(Issue(loc, "mapping", data))
        return _FAIL
    before = len(issues)
    known = fields(record)
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for name, annotation, required in known:
        if name in data:
            value = _value(annotation, data[name], (*loc, name), issues)
            if value is _FAIL:
                failed.add(name)
            else:
                values[name] = value
        elif required:
            issues.append(Issue((*loc, name), "missing"))
            failed.add(name)
    names = {name for name, _, _ in known}
    strays = [key for key in data if not isinstance(key, str) or key not in names]
    for key in strays:
        kind = "unknown" if isinstance(key, str) else "key"
        issues.append(Issue((*loc, key), kind, data[key] if kind == "unknown" else key))
    for check in _rules(record) if not strays else ():
        needs, at = check.__rule__
        if failed.isdisjoint(needs):
            try:
                check(*(values[n] if n in values else _default(record, n) for n in needs))
            except ValueError as exc:
                issues.append(Issue(loc if at is None else (*loc, at), "value", None, str(exc)))
    if len(issues) > before:
        return _FAIL
    return record(**values)


def _value(annotation: Any, value: Any, loc: Loc, issues: list[Issue]) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _annotated(annotation, value, loc, issues)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not types.NoneType]
        if value is None and len(options) < len(typing.get_args(annotation)):
            return None
        (only,) = options
        return _value(only, value, loc, issues)
    if value is None:
        issues.append(Issue(loc, "none"))
        return _FAIL
    if origin is typing.Literal:
        allowed = typing.get_args(annotation)
        if any(type(value) is type(a) and value == a for a in allowed):
            return value
        issues.append(Issue(loc, "choice", value, allowed))
        return _FAIL
    if origin is list:
        return _list(typing.get_args(annotation)[0], value, loc, issues)
    if origin is dict:
        return _dict(typing.get_args(annotation)[1], value, loc, issues)
    if dataclasses.is_dataclass(annotation):
        return _record(annotation, value, loc, issues)
    converted = _SCALARS[annotation](value)
    if converted is _FAIL:
        issues.append(Issue(loc, annotation.__name__, value))
    return converted


def _annotated(annotation: Any, value: Any, loc: Loc, issues: list[Issue]) -> Any:
    inner, *marks = typing.get_args(annotation)
    checks = [m for m in marks if isinstance(m, Check)]
    for check in (c for c in checks if c.before):
        value = _checked(check, value, loc, issues)
        if value is _FAIL:
            return _FAIL
    value = _value(inner, value, loc, issues)
    if value is _FAIL:
        return _FAIL
    for least in (m for m in marks if isinstance(m, AtLeast)):
        size = len(value) if isinstance(value, list) else value
        if size < least.n:
            issues.append(Issue(loc, "at_least", value, least.n))
            return _FAIL
    for check in (c for c in checks if not c.before):
        value = _checked(check, value, loc, issues)
        if value is _FAIL:
            return _FAIL
    return value


def _checked(check: Check, value: Any, loc: Loc, issues: list[Issue]) -> Any:
    try:
        return check.fn(value)
    except ValueError as exc:
        issues.append(Issue(loc, "value", value, str(exc)))
        return _FAIL


def _list(item: Any, value: Any, loc: Loc, issues: list[Issue]) -> Any:
    if not isinstance(value, list):
        issues.append(Issue(loc, "list", value))
        return _FAIL
    items = [_value(item, v, (*loc, i), issues) for i, v in enumerate(value)]
    return _FAIL if any(v is _FAIL for v in items) else items


def _dict(item: Any, value: Any, loc: Loc, issues: list[Issue]) -> Any:
    if not isinstance(value, dict):
        issues.append(Issue(loc, "mapping", value))
        return _FAIL
    out = {}
    for key, v in value.items():
        if not isinstance(key, str):
            issues.append(Issue((*loc, key), "key", key))
            continue
        out[key] = _value(item, v, (*loc, key), issues)
    return _FAIL if len(out) < len(value) or any(v is _FAIL for v in out.values()) else out


def _str(value: Any) -> Any:
    return value if isinstance(value, str) else _FAIL


def _int(value: Any) -> Any:
    """YAML's integers, and numbers written as text or as 4.0; never true/false."""
    if isinstance(value, bool):
        return _FAIL
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return _FAIL
    return _FAIL


def _bool(value: Any) -> Any:
    """true/false, and the yes/no words YAML 1.1 files use (YAML 1.2 reads them as text)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
    return _FAIL


def _date(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return _FAIL
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return _FAIL
    return _FAIL


def _time(value: Any) -> Any:
    return value if isinstance(value, datetime.time) else _FAIL


_SCALARS: dict[Any, Callable[[Any], Any]] = {
    str: _str,
    int: _int,
    bool: _bool,
    datetime.date: _date,
    datetime.time: _time,
}

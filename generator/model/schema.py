"""Content data → typed records: the schema is the records' annotations; every problem is kept.

A record is a frozen dataclass. Its annotations say what each key of the YAML mapping may hold:
str, int, bool, datetime.date, datetime.time, a Literal, `X | None`, list[X], dict[str, X],
another record, or Annotated[X, …] with `Check` (a rule of our own) and `AtLeast` (a minimum
number or length). `parse` returns the record, or raises `Invalid` listing every `Issue` found
with where it stands (the key path) and what was written; generator.model.validate words them
for the secretariat.

Written here rather than with pydantic, a measured choice: pydantic's import and validator
building cost a short build a large share of its time (figures: bench/README.md).
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
    value = _validator(record)(data, (), issues)
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
    annotation: Any = record
    for key in loc:
        annotation = _inside(_bare(annotation), key)
    found = _bare(annotation)
    return [name for name, _, _ in fields(found)] if dataclasses.is_dataclass(found) else []


def _bare(annotation: Any) -> Any:
    """The type under Annotated[…] and `| None`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not types.NoneType]
            if len(options) != 1:
                return None
            annotation = options[0]
        else:
            return annotation


def _inside(annotation: Any, key: str | int) -> Any:
    """The annotation of what `key` holds inside a value of `annotation`, or None."""
    if dataclasses.is_dataclass(annotation):
        return next((a for name, a, _ in fields(annotation) if name == key), None)
    origin = typing.get_origin(annotation)
    if origin is list and isinstance(key, int):
        return typing.get_args(annotation)[0]
    if origin is dict:
        return typing.get_args(annotation)[1]
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
Validator = Callable[[Any, Loc, list[Issue]], Any]
"""Checks one value at a place: the value to keep, or _FAIL with the issues appended."""


@cache
def _validator(annotation: Any) -> Validator:
    """The check for values of `annotation`, built once per annotation: big files are fast."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *marks = typing.get_args(annotation)
        return _annotated(_validator(inner), tuple(marks))
    if origin in (typing.Union, types.UnionType):
        (only,) = (a for a in typing.get_args(annotation) if a is not types.NoneType)
        return _optional(_validator(only))
    if origin is typing.Literal:
        return _not_none(_choice(typing.get_args(annotation)))
    if origin is list:
        return _not_none(_list(_validator(typing.get_args(annotation)[0])))
    if origin is dict:
        return _not_none(_dict(_validator(typing.get_args(annotation)[1])))
    if dataclasses.is_dataclass(annotation):
        return _not_none(_record(annotation))
    return _not_none(_scalar(_SCALARS[annotation], annotation.__name__))


def _optional(inner: Validator) -> Validator:
    def check(value: Any, loc: Loc, issues: list[Issue]) -> Any:
        return None if value is None else inner(value, loc, issues)

    return check


def _not_none(inner: Validator) -> Validator:
    def check(value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if value is None:
            issues.append(Issue(loc, "none"))
            return _FAIL
        return inner(value, loc, issues)

    return check


def _scalar(convert: Callable[[Any], Any], kind: str) -> Validator:
    def check(value: Any, loc: Loc, issues: list[Issue]) -> Any:
        converted = convert(value)
        if converted is _FAIL:
            issues.append(Issue(loc, kind, value))
        return converted

    return check


def _choice(allowed: tuple) -> Validator:
    def check(value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if any(type(value) is type(a) and value == a for a in allowed):
            return value
        issues.append(Issue(loc, "choice", value, allowed))
        return _FAIL

    return check


def _annotated(inner: Validator, marks: tuple) -> Validator:
    before = [m.fn for m in marks if isinstance(m, Check) and m.before]
    after = [m.fn for m in marks if isinstance(m, Check) and not m.before]
    least = [m.n for m in marks if isinstance(m, AtLeast)]

    def check(value: Any, loc: Loc, issues: list[Issue]) -> Any:
        for fn in before:
            value = _checked(fn, value, loc, issues)
            if value is _FAIL:
                return _FAIL
        value = inner(value, loc, issues)
        if value is _FAIL:
            return _FAIL
        for n in least:
            if (len(value) if isinstance(value, list) else value) < n:
                issues.append(Issue(loc, "at_least", value, n))
                return _FAIL
        for fn in after:
            value = _checked(fn, value, loc, issues)
            if value is _FAIL:
                return _FAIL
        return value

    return check


def _checked(fn: Callable[[Any], Any], value: Any, loc: Loc, issues: list[Issue]) -> Any:
    try:
        return fn(value)
    except ValueError as exc:
        issues.append(Issue(loc, "value", value, str(exc)))
        return _FAIL


def _list(item: Validator) -> Validator:
    def check(value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if not isinstance(value, list):
            issues.append(Issue(loc, "list", value))
            return _FAIL
        items = [item(v, (*loc, i), issues) for i, v in enumerate(value)]
        return _FAIL if any(v is _FAIL for v in items) else items

    return check


def _dict(item: Validator) -> Validator:
    def check(value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if not isinstance(value, dict):
            issues.append(Issue(loc, "mapping", value))
            return _FAIL
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                issues.append(Issue((*loc, key), "key", key))
                continue
            out[key] = item(v, (*loc, key), issues)
        return _FAIL if len(out) < len(value) or any(v is _FAIL for v in out.values()) else out

    return check


def _record(record: type) -> Validator:
    known = [(name, _validator(a), required) for name, a, required in fields(record)]
    names = {name for name, _, _ in known}
    rules = _rules(record)

    def check(data: Any, loc: Loc, issues: list[Issue]) -> Any:
        if not isinstance(data, dict):
            issues.append(Issue(loc, "mapping", data))
            return _FAIL
        before = len(issues)
        values: dict[str, Any] = {}
        failed: set[str] = set()
        for name, validate, required in known:
            if name in data:
                value = validate(data[name], (*loc, name), issues)
                if value is _FAIL:
                    failed.add(name)
                else:
                    values[name] = value
            elif required:
                issues.append(Issue((*loc, name), "missing"))
                failed.add(name)
        strays = [key for key in data if not isinstance(key, str) or key not in names]
        for key in strays:
            kind = "unknown" if isinstance(key, str) else "key"
            issues.append(Issue((*loc, key), kind, data[key] if kind == "unknown" else key))
        for rule_check in rules if not strays else ():
            needs, at = rule_check.__rule__
            if failed.isdisjoint(needs):
                try:
                    rule_check(*(values[n] if n in values else _default(record, n) for n in needs))
                except ValueError as exc:
                    where = loc if at is None else (*loc, at)
                    issues.append(Issue(where, "value", None, str(exc)))
        if len(issues) > before:
            return _FAIL
        return record(**values)

    return check


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

"""The printed strings of the content: one walk over the records, for every job that needs them.

A string field is printed text when its type says so (generator.model.text). Normalization
rewrites these strings, the glyph preflight checks them, and `locate` tags each with where it
is written, so the rendered papers can point back at the YAML file, line and field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import Problem
from .schema import fields
from .source import Source
from .text import Printed

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a printed value is written: a YAML file and the field's path in it."""

    source: Source
    loc: Loc

    @property
    def file(self) -> Path:
        return self.source.shown

    @property
    def line(self) -> int | None:
        return self.source.line(self.loc)

    @property
    def field(self) -> str:
        return ".".join(str(k) for k in self.loc)

    def problem(self, message: str, hint: str = "") -> Problem:
        return self.source.problem(self.loc, message, hint)


class Located(str):
    """A printed string that knows its Origin; it compares and prints as the plain string."""

    __slots__ = ("origin",)
    origin: Origin

    def __new__(cls, text: str, origin: Origin) -> Located:
        value = super().__new__(cls, text)
        value.origin = origin
        return value


def map_printed(model: Any, fn: Callable[[Loc, str], str], loc: Loc = ()) -> Any:
    """`model` with fn applied to each printed string; records rebuilt only where one changed."""
    updates = {}
    for name, annotation, _ in fields(type(model)):
        value = getattr(model, name)
        new = _map_value(value, annotation, fn, (*loc, name))
        if new is not value:
            updates[name] = new
    return dataclasses.replace(model, **updates) if updates else model


def printed_strings(model: Any) -> list[tuple[Loc, str]]:
    """Every printed string of a model with where it stands in its YAML file."""
    found: list[tuple[Loc, str]] = []

    def collect(loc: Loc, text: str) -> str:
        found.append((loc, text))
        return text

    map_printed(model, collect)
    return found


def locate(model: Any, source: Source) -> Any:
    """`model` with each printed string a Located one, pointing into `source`.

    A string that already knows where it is (a spreadsheet's cell) keeps its place.
    """
    return map_printed(
        model,
        lambda loc, text: text if isinstance(text, Located) else Located(text, Origin(source, loc)),
    )


def _map_value(value: Any, annotation: Any, fn: Callable[[Loc, str], str], loc: Loc) -> Any:
    if dataclasses.is_dataclass(value):
        return map_printed(value, fn, loc)
    if isinstance(value, str):
        if not _is_printed(annotation):
            return value
        new = fn(loc, value)
        return value if new is value else new
    if isinstance(value, list):
        item = _argument(annotation, list, 0)
        items = [_map_value(v, item, fn, (*loc, i)) for i, v in enumerate(value)]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        item = _argument(annotation, dict, 1)
        mapped = {k: _map_value(v, item, fn, (*loc, k)) for k, v in value.items()}
        return value if all(mapped[k] is v for k, v in value.items()) else mapped
    return value


def _options(annotation: Any) -> tuple[Any, ...]:
    """The members of a union (`Name | None`), or the annotation itself."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


@cache
def _argument(annotation: Any, container: type, index: int) -> Any:
    """The item type of list[X] / dict[K, X] inside `annotation`, or None."""
    for option in _options(annotation):
        if typing.get_origin(option) is typing.Annotated:
            option = typing.get_args(option)[0]
        if typing.get_origin(option) is container:
            return typing.get_args(option)[index]
    return None


@cache
def _is_printed(annotation: Any) -> bool:
    """Whether a string is printed text: its type is marked so by generator.model.text."""
    for option in _options(annotation):
        if typing.get_origin(option) is typing.Annotated:
            if any(isinstance(meta, Printed) for meta in option.__metadata__):
                return True
            if _is_printed(typing.get_args(option)[0]):
                return True
    return False

"""A template's run is bounded: its time, the size of what it makes, the loops it can count.

A user template is code the secretariat may have been sent; nested `range(99999)` loops,
`'x' * 10**10` or `lipsum(n=10**6)` must end in a message at the template line, not hang the
build or run it out of memory. Bounds are far above what any paper needs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import generate_lorem_ipsum

SECONDS = 20.0  # a template's whole run
OUTPUT_CHARS = 50_000_000  # the markup a template makes
RANGE_ITEMS = 2_000_000  # all range() items of one run together
_VALUE_ITEMS = 10_000_000  # a string or list made by * in a template
_LOREM_PARAGRAPHS = 100


class TemplateTooCostly(Exception):
    """A template run past one of the bounds; the message says which."""


@dataclass
class _Budget:
    deadline: float
    range_items: int = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateTooCostly(f"テンプレートの実行が {SECONDS:.0f} 秒を超えました")


_BUDGET: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def _bounded_range(*args: int) -> range:
    numbers = safe_range(*args)
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()
        budget.range_items += len(numbers)
        if budget.range_items > RANGE_ITEMS:
            raise TemplateTooCostly(
                f"テンプレートの range() の回数が合わせて {RANGE_ITEMS:,} を超えました"
            )
    return numbers


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if not 0 <= n <= _LOREM_PARAGRAPHS or not 0 < min <= max <= 1000:
        raise TemplateTooCostly(f"lipsum() の段落は {_LOREM_PARAGRAPHS} までです")
    return generate_lorem_ipsum(n, html, min, max)


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with `*` and `**` checked before they build a huge value, and the clock
    checked at every call and attribute lookup."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.update(range=_bounded_range, lipsum=_bounded_lipsum)
        for name in ("center", "indent"):  # the filters whose argument sets a size
            self.filters[name] = _sized(self.filters[name])
        self.filters["format"] = _formatting(self.filters["format"])

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise TemplateTooCostly("テンプレートの ** の指数が大きすぎます（1000 まで）")
        elif operator == "%" and isinstance(left, str):
            _check_widths(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """`'…'.format` is checked when looked up, as Jinja2 sandboxes it there."""
        text = getattr(value, "__self__", None)
        if isinstance(text, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_widths(text)
        return super().wrap_str_format(value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)


def _check_repeat(value: Any, times: Any) -> None:
    sized = isinstance(value, str | bytes | list | tuple) and isinstance(times, int)
    if sized and len(value) * times > _VALUE_ITEMS:
        raise TemplateTooCostly(
            f"テンプレートの * で作る値が大きすぎます（{_VALUE_ITEMS:,} 文字まで）"
        )


# A printf width or precision of 8 digits or more, or one taken from the arguments (*); the
# same in a str.format field ({:>99999999}, or a width from the arguments: {:>{}}).
_WIDE = re.compile(r"%[-#0 +]*(?:\*|\d{8,}|\d*\.(?:\*|\d{8,}))|\{[^{}]*:[^{}]*(?:\d{8,}|\{)")


def _check_widths(template: str) -> None:
    if _WIDE.search(template):
        raise TemplateTooCostly("テンプレートで指定した幅が大きすぎます（7 桁まで）")


def _formatting(filter_: Any) -> Any:
    """The `format` filter, refusing a printf width that would make a huge string."""

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            _check_widths(value)
        return filter_(value, *args, **kwargs)

    return bounded


def _sized(filter_: Any) -> Any:
    """`filter_` refusing a width or indent that would make a huge string."""

    def bounded(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, int) and width > _VALUE_ITEMS:
            raise TemplateTooCostly(f"フィルタの幅が大きすぎます（{_VALUE_ITEMS:,} まで）")
        return filter_(value, width, *args, **kwargs)

    return bounded


def run_bounded(chunks: Iterable[str]) -> str:
    """The rendered text from a template's `generate()`, stopped past the time or size bound."""
    budget = _Budget(time.monotonic() + SECONDS)
    token = _BUDGET.set(budget)
    try:
        parts: list[str] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > OUTPUT_CHARS:
                raise TemplateTooCostly(
                    f"テンプレートが作る文書が大きすぎます（{OUTPUT_CHARS:,} 文字まで）"
                )
            budget.tick()
            parts.append(chunk)
        return "".join(parts)
    finally:
        _BUDGET.reset(token)

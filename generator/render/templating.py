"""Jinja2 templates → markup → document tree. Templates choose the words and the styles."""

from __future__ import annotations

import hashlib
import os
import pickle
from bisect import bisect_right
from collections.abc import Generator, Iterator
from contextvars import ContextVar
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any
from xml.etree.ElementTree import ParseError

import jinja2
from jinja2 import (
    BytecodeCache,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    pass_context,
)
from jinja2.bccache import Bucket, bc_magic
from jinja2.runtime import Context
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from ..errors import HandoutsError, Problem
from ..model.outline import Item, Item2, Item3
from ..model.printed import Located, Origin
from ..model.source import display_path
from . import formatting
from .bounds import BoundedEnvironment, TemplateTooCostly, run_bounded
from .loader import ConfinedLoader, TemplateRefused, checked_path, confinement_root
from .markup import MarkupError, mark, parse
from .tree import Document

# The origins of the content values printed by the template being rendered, by marker number.
_ORIGINS: ContextVar[list[Origin] | None] = ContextVar("origins", default=None)


def _style(ctx: Context) -> Any:
    return ctx["style"]


@pass_context
def _finalize(ctx: Context, value: Any) -> Any:
    """Every printed value follows the committee's digit style (１２３ for fullwidth); a content
    value is marked with its origin, which the markup parser hands on to the tree.

    A macro's output (Markup) is markup whose values were finalized when it was rendered.
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, Item | Item2 | Item3):
        value = value.text  # an agenda item printed whole, as templates wrote {{ item }}
    printed = value
    if ctx["style"].digits == "fullwidth" and isinstance(value, str | int):
        printed = formatting.to_fullwidth_digits(str(value))
    origins = _ORIGINS.get()
    if isinstance(value, Located) and origins is not None:
        origins.append(value.origin)
        return mark(str(printed), len(origins) - 1)
    return printed


@pass_context
def _date(ctx: Context, value: Any, weekday: bool = True) -> str:
    return formatting.styled_date(value, _style(ctx), weekday)


@pass_context
def _time_range(ctx: Context, start: Any, end: Any = None) -> str:
    """The hours in the committee's style: 午前１０時～１２時, or ９時開会　１１時閉会 …"""
    return formatting.styled_hours(start, end, _style(ctx))


@pass_context
def _ladder(ctx: Context, n: int, pattern: str) -> str:
    return formatting.ladder_number(n, pattern, _style(ctx).digits)


@pass_context
def _list_number(ctx: Context, n: int) -> str:
    return formatting.list_number(n, _style(ctx).digits)


@pass_context
def _section_number(ctx: Context, n: int) -> str:
    return formatting.section_number(n, _style(ctx).digits)


class Templates:
    """The templates in effect for one workspace: its own files first, then the built-in ones."""

    def __init__(self, dirs: list[Path]) -> None:
        self.dirs = dirs
        self.roots = [confinement_root(d) for d in dirs]
        self.env = BoundedEnvironment(
            loader=ConfinedLoader(dirs, self.roots),
            autoescape=True,
            undefined=StrictUndefined,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.bytecode_cache = _Compiled.in_user_cache(self.env)
        self.env.filters.update(
            date=_date,
            time_range=_time_range,
            list_number=_list_number,
            section_number=_section_number,
            ladder=_ladder,
            fill=formatting.fill,
            kana_number=formatting.kana_number,
        )

    def in_effect(self) -> dict[str, Path]:
        """Each template name → the file used for it: the first folder that has it wins."""
        found: dict[str, Path] = {}
        for d in self.dirs:
            for path in sorted(d.rglob("*")) if d.is_dir() else ():
                if _is_template(path):
                    found.setdefault(path.relative_to(d).as_posix(), path)
        return dict(sorted(found.items()))

    def path_of(self, name: str) -> Path | None:
        """The file used for `name`: the first folder's that has it, checked to lie inside
        that folder after links and to be a file (else a message naming it)."""
        for d, root in zip(self.dirs, self.roots, strict=True):
            if os.path.lexists(d / name):
                try:
                    checked_path(d / name, root)
                except TemplateRefused as exc:
                    raise HandoutsError([exc.problem]) from None
                return d / name
        return None

    def render(self, name: str, context: dict[str, Any]) -> Document:
        """The paper template `name` makes of `context`; its runs know their content values."""
        origins: list[Origin] = []
        token = _ORIGINS.set(origins)
        trace = _Trace()
        try:
            markup = self._markup(name, context, trace)
        finally:
            _ORIGINS.reset(token)
        try:
            document = parse(markup, origins)
        except MarkupError as exc:
            cause = exc.__cause__
            line = cause.position[0] if isinstance(cause, ParseError) else exc.line
            place = trace.place(line) if line is not None else None
            raise self._problem(name, place or (None, None), str(exc)) from None
        document.template = self.path_of(name)
        return document

    def _markup(self, name: str, context: dict[str, Any], trace: _Trace) -> str:
        try:
            template = self.env.get_template(name)
            return run_bounded(trace.follow(template.generate(context)))
        except TemplateRefused as exc:
            raise HandoutsError([exc.problem]) from None
        except TemplateTooCostly as exc:
            raise self._problem(
                name,
                _template_place(exc.__traceback__),
                str(exc),
                "テンプレートの繰り返し（for・range）の回数や、* やフィルタで作る値の大きさを減らしてください",
            ) from None
        except MemoryError:
            raise self._problem(
                name,
                (None, None),
                "テンプレートの実行でメモリが足りなくなりました",
                "テンプレートの繰り返し（for・range）の回数や、* やフィルタで作る値の大きさを減らしてください",
            ) from None
        except TemplateSyntaxError as exc:
            place = (Path(exc.filename) if exc.filename else None, exc.lineno)
            raise self._problem(
                name, place, f"テンプレートの書き方に誤りがあります（{exc.message}）"
            ) from None
        except TemplateNotFound as exc:
            if exc.name != name:
                raise self._problem(
                    name,
                    _template_place(exc.__traceback__),
                    f"読み込もうとしたテンプレート {exc.name} が見つかりません",
                    "include や import で読めるのは templates/ の中のテンプレートだけです"
                    "（/ や ../ で始まる場所は読めません）",
                ) from None
            where = "、".join(str(display_path(d)) for d in self.dirs)
            raise HandoutsError.single(
                f"テンプレート {name} が見つかりません", f"{where} に置いてください"
            ) from None
        except SecurityError as exc:
            raise self._problem(
                name,
                _template_place(exc.__traceback__),
                f"テンプレートで使えない操作です（{exc}）",
                "テンプレートからは内容の値とフィルタだけを使えます（Python の内部には触れられません）",
            ) from None
        except UndefinedError as exc:
            raise self._problem(
                name,
                _template_place(exc.__traceback__),
                f"テンプレートに書かれた名前がありません（{exc}）",
                "{{ }} の中の名前の書き間違いを確かめてください",
            ) from None
        except (TemplateError, TypeError, ArithmeticError, LookupError, RecursionError) as exc:
            # TypeError and the like: a filter or operator given a value of the wrong kind
            place = _template_place(exc.__traceback__)
            raise self._problem(name, place, f"テンプレートの実行に失敗しました（{exc}）") from None
        except ValueError as exc:
            place = _template_place(exc.__traceback__)
            message, _, hint = str(exc).partition("。")
            raise self._problem(name, place, message, hint) from None

    def _problem(
        self, name: str, place: tuple[Path | None, int | None], message: str, hint: str = ""
    ) -> HandoutsError:
        """A problem at `place` (file, line): the template that failed, which may be one that
        `name` includes; the file is `name`'s when the place has none."""
        path, line = place
        path = path or self.path_of(name)
        shown = display_path(path) if path else Path(name)
        hint = hint or "テンプレートを直すか、templates/ から消して既定のものに戻してください"
        return HandoutsError([Problem(message, hint, file=shown, line=line)])


# Environment settings that change the code a template compiles to.
_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
)


class _Compiled(BytecodeCache):
    """Templates compiled by earlier builds, from the user's cache (generator.usercache).

    Jinja2 turns each template into Python code on every run, which a short build notices; the
    code is kept per template file and reused while the file's text is the same (Jinja2
    checks its checksum). The folder is named after Jinja2's version and the settings the
    code depends on, so code compiled under other settings is never picked up.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_user_cache(cls, env: jinja2.Environment) -> _Compiled | None:
        from .usercache import cache_dir

        folder = cache_dir("templates")
        if folder is None:
            return None
        settings = (
            jinja2.__version__,
            type(env).__qualname__,
            env.autoescape if isinstance(env.autoescape, bool) else env.autoescape.__qualname__,
            env.undefined.__qualname__,
            getattr(env.finalize, "__qualname__", None),
            *(getattr(env, name) for name in _SYNTAX),
            sorted(env.extensions),
            env.optimized,
        )
        tag = hashlib.sha256(repr(settings).encode()).hexdigest()[:16]
        return cls(folder / tag)

    def load_bytecode(self, bucket: Bucket) -> None:
        from .usercache import read_entry

        data = read_entry(self.folder / f"{bucket.key}.code")
        # Only an entry written for this very text: Jinja2 unpickles the checksum.
        expected = bc_magic + pickle.dumps(bucket.checksum, 2)
        if data is not None and data.startswith(expected):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        from .usercache import write_entry

        write_entry(self.folder / f"{bucket.key}.code", bucket.bytecode_to_string())


class _Trace:
    """Which template line wrote each line of the output, so that a markup error in the output
    is reported where the secretariat can fix it."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # output line (1-based) where each recorded chunk starts
        self.places: list[tuple[Template, int]] = []  # the template and code line writing it

    def follow(self, chunks: Generator[str, None, None]) -> Iterator[str]:
        line = 1
        for chunk in chunks:
            frame = _innermost(chunks) if "\n" in chunk or not self.places else None
            template = frame.f_globals.get("__jinja_template__") if frame is not None else None
            if template is not None:
                self.starts.append(line)
                self.places.append((template, frame.f_lineno))
            line += chunk.count("\n")
            yield chunk

    def place(self, line: int) -> tuple[Path | None, int | None] | None:
        """The template file and line that wrote output line `line`, if known."""
        k = bisect_right(self.starts, line) - 1
        if k < 0:
            return None
        template, code_line = self.places[k]
        path = Path(template.filename) if template.filename else None
        # the lines after the chunk's first are, in a template's own text, its next lines
        return path, template.get_corresponding_lineno(code_line) + line - self.starts[k]


def _innermost(generator: Generator[str, None, None]) -> FrameType | None:
    """The frame of the template function that is yielding (an include's, when inside one)."""
    frame = None
    current: Any = generator
    while current is not None and hasattr(current, "gi_frame"):
        frame = current.gi_frame
        current = current.gi_yieldfrom
    return frame


def _is_template(path: Path) -> bool:
    """A template or reference .docx; not a README, a hidden file or Word's ~$ lock file."""
    hidden = path.name.startswith((".", "~$"))
    return path.is_file() and path.suffix in (".j2", ".docx") and not hidden


def _template_place(tb: TracebackType | None) -> tuple[Path | None, int | None]:
    """The template file and line Jinja2 maps the innermost failing frame to, if any: with
    {% include %}, the included template's."""
    place: tuple[Path | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            place = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return place

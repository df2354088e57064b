"""Click, speaking Japanese: its help pages, its usage errors and its suggestions.

Click writes its own strings in English ("Usage:", "Missing argument", "Did you mean") and
wraps help by counting characters, so a line of kanji runs to twice the terminal's width.
Here the help is laid out by display width (a kanji takes two columns) and every usage error
is said in Japanese, with the usage line and where to read more.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
)

from .console import never_fail_on_characters

HELP_WIDTH = 80
_OPTIONS = "[オプション]"

# A line does not start with these (JIS X 4051's closing brackets and punctuation, in short).
_NO_LINE_START = set("、。，．：；！？）」』】〕’”ー・…―～")
# … nor end with these.
_NO_LINE_END = set("（「『【〔‘“")
# Click's section headings, by the name it passes (it names them in English).
_HEADINGS = {"Options": "オプション", "Commands": "コマンド"}


def columns(text: str) -> int:
    """Display width: wide and ambiguous characters take two columns on a Japanese console."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def _units(text: str) -> list[str]:
    """Pieces a line may break between: half-width words, spaces, single wide characters,
    with closing punctuation kept after, and opening brackets before, their neighbour."""
    units: list[str] = []
    for piece in re.findall(r" +|[!-~]+|.", text):
        joined = units and (piece[0] in _NO_LINE_START or units[-1][-1] in _NO_LINE_END)
        if joined and not units[-1].isspace() and not piece.isspace():
            units[-1] += piece
        else:
            units.append(piece)
    return units


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns (a longer half-width word stands alone)."""
    lines: list[str] = []
    line = ""
    for unit in _units(" ".join(text.split())):
        if unit.isspace():
            if line:
                line += " "
            continue
        if line and columns(line) + columns(unit) > width:
            lines.append(line.rstrip())
            line = ""
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _join_lines(paragraph: str) -> str:
    """A paragraph's lines as one: a space between half-width words, none next to kanji."""
    out = ""
    for line in (part.strip() for part in paragraph.splitlines()):
        if out and line and out[-1].isascii() and line[0].isascii():
            out += " "
        out += line
    return out


class HelpFormatter(click.HelpFormatter):
    """Click's help layout, measured in display columns and at most 80 wide."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, **_: Any) -> None:
        super().__init__(indent_increment, width, max_width=HELP_WIDTH)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{' ' * self.current_indent}{prefix or '使い方: '}{prog} "
        lines = wrap(args, max(self.width - columns(head), 20)) or [""]
        self.write(head + lines[0] + "\n")
        for line in lines[1:]:
            self.write(" " * columns(head) + line + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        for n, paragraph in enumerate(paragraphs):
            if n:
                self.write("\n")
            for line in wrap(_join_lines(paragraph), self.width - self.current_indent):
                self.write(indent + line + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_width = min(max((columns(term) for term, _ in rows), default=0), col_max)
        at = self.current_indent + first_width + col_spacing
        for term, text in rows:
            lines = wrap(_join_lines(text), max(self.width - at, 20))
            head = " " * self.current_indent + term
            if not lines:
                self.write(head + "\n")
                continue
            if columns(term) > first_width:
                self.write(head + "\n")
                head = ""
            self.write(head + " " * (at - columns(head)) + lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * at + line + "\n")

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_HEADINGS.get(name, name)):
            yield


class Context(click.Context):
    formatter_class = HelpFormatter


class Folder(click.Path):
    """A folder parameter: a file named instead is refused in Japanese; folders complete."""

    def __init__(self, what: str) -> None:
        super().__init__(file_okay=False, path_type=Path)
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(value)
        if path.is_file():
            self.fail(f"「{value}」はファイルです — {self.what}を指定してください", param, ctx)
        return path


class _Japanese:
    """What Japanese commands and the group share: the help option's text and the usage line."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "この説明を表示します"
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Click's parser raises some usage errors without the context: give it theirs, so the
        message shows the usage line and can look the option up."""
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, ctx.command
            raise

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces))


class Command(_Japanese, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _OPTIONS)
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Words left over are named in Japanese (a path with spaces, unquoted, is the usual)."""
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise click.UsageError(
                f'余分な語があります: {" ".join(rest)} — 空白を含むフォルダ名は " " で囲んでください',
                ctx,
            )
        return rest


class Group(_Japanese, click.Group):
    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _OPTIONS)
        kwargs.setdefault("subcommand_metavar", "コマンド [引数]...")
        super().__init__(*args, **kwargs)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            raise click.UsageError(_no_such_command(name, list(self.commands)), ctx)
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Run the command; a usage error is shown in Japanese and exits with code 2."""
        never_fail_on_characters()
        kwargs.setdefault("complete_var", "_HANDOUTS_COMPLETE")  # also when run as handouts.exe
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else "")
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            _show(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("中断しました", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _no_such_command(name: str, commands: list[str]) -> str:
    import difflib  # only when a command is mistyped

    near = difflib.get_close_matches(name, commands, n=1)
    if near:
        return f"「{name}」というコマンドはありません — 「{near[0]}」の書き間違いではありませんか"
    listed = "、".join(sorted(commands))
    return f"「{name}」というコマンドはありません — 使えるのは {listed} です"


def _show(exc: click.ClickException) -> None:
    """The usage line, where to read more, and the problem in Japanese."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        click.echo(f"説明を見るには: {ctx.command_path} --help\n", err=True)
    click.echo(f"エラー: {_message(exc)}", err=True)


def _message(exc: click.ClickException) -> str:
    if isinstance(exc, MissingParameter) and exc.param is not None:
        name = _name(exc.param)
        return f"{name}{' ' if name.isascii() else ''}を指定してください"
    if isinstance(exc, NoSuchOption):
        near = exc.possibilities[:1] if exc.possibilities else []
        hint = f" — 「{near[0]}」の書き間違いではありませんか" if near else ""
        return f"「{exc.option_name}」というオプションはありません{hint}"
    if isinstance(exc, BadOptionUsage):
        option = _option(exc)
        if option is not None and option.is_flag:
            return f"{exc.option_name} には値を付けません"
        return f"{exc.option_name} の後に値を書いてください"
    if isinstance(exc, BadParameter) and exc.param is not None:
        return f"{_name(exc.param)}: {exc.message}"
    return exc.format_message()


def _name(param: click.Parameter) -> str:
    """How the usage line names the parameter: 会議フォルダ, or --out."""
    if isinstance(param, click.Argument):
        return param.metavar or (param.name or "").upper()
    return max(param.opts, key=len)


def _option(exc: BadOptionUsage) -> click.Option | None:
    if exc.ctx is None:
        return None
    for param in exc.ctx.command.params:
        if isinstance(param, click.Option) and exc.option_name in param.opts:
            return param
    return None

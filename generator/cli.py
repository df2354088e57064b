"""The `handouts` command. Heavy libraries load inside commands, so `--help` stays instant."""

from __future__ import annotations

import atexit
import gc
import os
from pathlib import Path
from typing import Any

import click

from . import __version__
from .commands import completion  # noqa: F401  (registers PowerShell completion)
from .commands.click_japanese import Folder, Group
from .commands.shellquote import command_line
from .errors import HandoutsError


class _Commands(Group):
    """The command group, and the one place where a problem with the input becomes output:
    every problem listed, then exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandoutsError as exc:
            _echo_problems(exc)
            ctx.exit(1)


def _echo_problems(exc: HandoutsError) -> None:
    """Every problem, one a line, as `build` and `watch` print them."""
    for problem in exc.problems:
        click.echo(f"エラー: {problem}", err=True)
    if len(exc.problems) > 1:
        click.echo(f"（{len(exc.problems)} 件の問題があります）", err=True)


def _meeting_folder(_ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    """A meeting is named by its folder; its meeting.yaml, given instead, names the same."""
    return value.parent if value.name == "meeting.yaml" and value.is_file() else value


_meeting_argument = click.argument(
    "meeting", metavar="会議フォルダ", type=click.Path(path_type=Path), callback=_meeting_folder
)
_out_option = click.option(
    "--out",
    metavar="フォルダ",
    type=Folder("出力先のフォルダ"),
    help="出力先（既定: handouts/ の下の、content/ の下と同じ位置）",
)
_duplex_option = click.option(
    "--duplex",
    is_flag=True,
    help="両面印刷用: 会議資料の PDF に白紙を入れ、どの資料も表面（奇数ページ）から始めます",
)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="handouts",
    message="%(prog)s %(version)s",
    help="版（バージョン）を表示します",
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """会議の次第と資料を、YAML の内容から Word（.docx）と PDF で作ります。

    各コマンドの説明は handouts コマンド名 --help で表示します。
    """
    _in_a_folder()
    _run_once(ctx)


def _in_a_folder() -> None:
    """The current folder still exists: every relative path is read against it."""
    try:
        os.getcwd()
    except OSError:
        raise HandoutsError.single(
            "今いるフォルダ（作業中のフォルダ）が削除されています",
            "cd で作業フォルダに移ってから、もう一度実行してください",
        ) from None


def _run_once(ctx: click.Context) -> None:
    """A command runs once and exits: Python's cycle collector only costs it time.

    Reference counting frees what a build lets go of (its peak memory is the same without the
    collector), but the collector walks every live object again and again, and once more at
    exit (the share of a short build's time: bench/README.md). It is off while the command runs; when it is
    turned back on, the objects left are frozen first, so neither its next collection nor
    the interpreter's last one at exit walks them again.
    """
    if gc.isenabled():
        gc.disable()
        ctx.call_on_close(_resume_collector)
    atexit.register(gc.freeze)


def _resume_collector() -> None:
    gc.freeze()
    gc.enable()


@main.command(short_help="次第と資料を作ります（.docx と .pdf）")
@_meeting_argument
@_out_option
@_duplex_option
@click.option(
    "--open", "open_packet", is_flag=True, help="作ったあと、会議資料の PDF をビューアで開きます"
)
def build(meeting: Path, out: Path | None, duplex: bool, open_packet: bool) -> None:
    """会議フォルダの次第と資料を作ります（.docx と .pdf）。

    次第と資料を綴じた会議資料（PDF）と、作ったファイルの記録（manifest.json）も作ります。
    """
    from .build import build as run
    from .model.source import display_path

    result = run(meeting, out, duplex=duplex)
    for w in result.written:
        pages = f"（{w.pages}ページ）" if w.path.suffix == ".pdf" else ""
        click.echo(f"作成: {display_path(w.path)}{pages}")
    for title in result.listed_only:
        click.echo(f"次第のみ: {title}（資料のファイルがないため、次第に載せるだけです）")
    for path in result.removed:
        click.echo(f"削除: {display_path(path)}（前回作ったもので、今回の内容では作られないため）")
    for warning in result.warnings:
        click.echo(f"注意: {warning}", err=True)
    if open_packet:
        _open_packet([w.path for w in result.written])


def _open_packet(written: list[Path]) -> None:
    from .commands.viewer import members_packet, open_in_viewer

    packet = members_packet(written)
    failed = open_in_viewer(packet) if packet is not None else None
    if failed:
        click.echo(failed, err=True)


@main.command(short_help="保存するたびに作り直します（Ctrl+C で終わります）")
@_meeting_argument
@_out_option
@_duplex_option
@click.option(
    "--open",
    "open_packet",
    is_flag=True,
    help="最初に作ったとき、会議資料の PDF をビューアで開きます",
)
@click.option(
    "--poll",
    is_flag=True,
    help="ファイルの変更を一定の間隔で確かめます（ネットワークドライブなど、保存に気づかないとき）",
)
def watch(meeting: Path, out: Path | None, duplex: bool, open_packet: bool, poll: bool) -> None:
    """会議フォルダを見張り、内容を保存するたびに作り直します（Ctrl+C で終わります）。

    変わった資料と会議資料・記録だけを作り直し、中身が変わらないファイルは書き換えません。
    """
    from .commands.watch import Console, watch_meeting

    console = Console(
        say=click.echo,
        problems=_echo_problems,
        warn=lambda warning: click.echo(f"注意: {warning}", err=True),
    )
    try:
        watch_meeting(meeting, out, console, duplex=duplex, open_packet=open_packet, poll=poll)
    except KeyboardInterrupt:
        click.echo("見張りを終えました（作り直しの途中で止めたため、そのファイルは前のままです）")


@main.command(short_help="作らずに確かめます（何も書き出しません）")
@_meeting_argument
def check(meeting: Path) -> None:
    """会議フォルダを、作るときと同じように確かめます（何も書き出しません）。"""
    from .build import prepare
    from .model.source import display_path

    prepared = prepare(meeting)
    for warning in prepared.result.warnings:
        click.echo(f"注意: {warning}", err=True)
    count = len(prepared.files)
    click.echo(
        f"問題ありません: {display_path(meeting)}（{count} 個のファイルを作れます。何も書き出していません）"
    )


@main.command(short_help="次の回の会議フォルダを、前の回から作ります")
@click.argument("meeting", metavar="新しい会議フォルダ", type=click.Path(path_type=Path))
@click.option(
    "--from",
    "source",
    metavar="会議フォルダ",
    type=Folder("写す元の会議フォルダ"),
    help="写す元の会議（既定: 同じ委員会でいちばん新しい開催日の回）",
)
@click.option(
    "--date",
    "date",
    metavar="年-月-日",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="新しい会議の開催日。年度ごとに数える委員会では回の番号もこれで決まります",
)
def new(meeting: Path, source: Path | None, date: Any) -> None:
    """次の回の会議フォルダを、前の回の内容をもとに作ります。"""
    from .commands.new import new_meeting, summary

    made = new_meeting(meeting, source, date.date() if date is not None else None)
    for line in summary(made):
        click.echo(line)


@main.command(short_help="新しい委員会の作業フォルダを、見本つきで作ります")
@click.argument("folder", metavar="作業フォルダ", type=Folder("新しい作業フォルダの名前"))
def init(folder: Path) -> None:
    """新しい委員会の作業フォルダを、見本の内容つきで作ります。"""
    from .commands.scaffold import EXAMPLE_MEETING, init_workspace
    from .model.source import display_path

    written = init_workspace(folder)
    for path in written:
        click.echo(f"作成: {display_path(path)}")
    example = command_line("handouts", "build", str(display_path(folder / EXAMPLE_MEETING)))
    click.echo(f"見本の会議を作るには: {example}")


@main.command(short_help="使われるテンプレートと置き場所を表示します")
@click.argument("where", metavar="[作業フォルダ]", default=".", type=click.Path(path_type=Path))
@click.option(
    "--copy",
    "name",
    metavar="名前",
    help="既定のテンプレートを作業フォルダの templates/ に写します（編集して使うため）",
)
def templates(where: Path, name: str | None) -> None:
    """使われるテンプレートと、その置き場所（作業フォルダ／既定）を表示します。

    作業フォルダには、その中の会議フォルダも指定できます（既定: 今いるフォルダ）。
    """
    from .commands.scaffold import copy_template, describe_templates
    from .model.source import display_path
    from .workspace import Workspace

    if not where.is_dir():
        raise HandoutsError.single(
            "フォルダがありません", "作業フォルダか会議フォルダを指定してください", file=where
        )
    workspace = Workspace.at(where)
    if name is None:
        for line in describe_templates(workspace):
            click.echo(line)
        return
    copied = copy_template(workspace, name)
    click.echo(
        f"作成: {display_path(copied)}（既定を写しました。編集すると、この作業フォルダの会議すべてに効きます）"
    )

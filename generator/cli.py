"""The `handouts` command. Heavy libraries load inside commands, so `--help` stays instant."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__


def _fail(exc: Exception) -> None:
    problems = getattr(exc, "problems", [exc])
    for problem in problems:
        click.echo(f"エラー: {problem}", err=True)
    if len(problems) > 1:
        click.echo(f"（{len(problems)} 件の問題があります）", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def main() -> None:
    """会議の次第と資料を、YAML の内容から Word（.docx）と PDF で作ります。"""


@main.command()
@click.argument("meeting", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="出力先フォルダ（既定: handouts/ の下、content/ と同じ位置）",
)
def build(meeting: Path, out: Path | None) -> None:
    """MEETING フォルダの次第と資料を作ります（.docx と .pdf）。"""
    from .build import build as run
    from .errors import HandoutsError
    from .model.source import display_path

    try:
        result = run(meeting, out)
    except HandoutsError as exc:
        _fail(exc)
        return
    for w in result.written:
        pages = f"（{w.pages}ページ）" if w.path.suffix == ".pdf" else ""
        click.echo(f"作成: {display_path(w.path)}{pages}")
    for title in result.listed_only:
        click.echo(f"次第のみ: {title}（資料のファイルがないため、次第に載せるだけです）")

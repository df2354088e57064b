"""Templates are read only from the workspace's templates/ and the installed package.

A name is looked up folder by folder, as Jinja2's FileSystemLoader does; the file found must
then resolve, after every symbolic link, inside the folder it was found in (a link to
/etc/hostname, or a folder linked to /, is refused by name), be a regular file, be small, and
be UTF-8. Each refusal is a message at the file, and at the line for a wrong encoding.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateError, TemplateNotFound
from jinja2.loaders import split_template_path

from ..errors import Problem, os_reason
from ..model.source import display_path

TEMPLATE_LIMIT = 1024 * 1024  # bytes; the built-in templates are a few KiB
_RESTORE = "テンプレートを直すか、templates/ から消して既定のものに戻してください"


class TemplateRefused(TemplateError):
    """A template file the build will not read; carries the message for the secretariat."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def confinement_root(folder: Path) -> Path:
    """What a template folder's files must resolve into: the folder itself as named (a
    templates/ that is a link to elsewhere leads outside the workspace)."""
    return folder.parent.resolve() / folder.name


class ConfinedLoader(BaseLoader):
    """Jinja2's file lookup over `dirs`, first folder first, refusing what leads outside."""

    def __init__(self, dirs: list[Path], roots: list[Path]) -> None:
        self.dirs = dirs
        self.roots = roots

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, object]:
        pieces = split_template_path(template)  # TemplateNotFound for "..", as Jinja2 does
        for folder, root in zip(self.dirs, self.roots, strict=True):
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            source = read_template(path, root)
            return source, str(path), _UpToDate(path)
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        raise TypeError("templates are looked up by name only")


def checked_path(path: Path, root: Path) -> Path:
    """`path` resolved, if it is a regular file inside `root`; else a refusal naming it."""
    shown = display_path(path)
    try:
        real = path.resolve(strict=True)
        mode = os.stat(real).st_mode
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop
        raise TemplateRefused(
            Problem(
                f"テンプレートを開けません（{os_reason(exc)}）",
                "リンクや置き場所を確かめ、templates/ に実際のファイルとして置いてください",
                file=shown,
            )
        ) from None
    if not real.is_relative_to(root):
        raise TemplateRefused(
            Problem(
                f"テンプレートが templates/ の外（{real}）を指すリンクです",
                "リンクではなくファイルそのものを templates/ に置いてください"
                "（テンプレートからは作業フォルダの外を読めません）",
                file=shown,
            )
        )
    if not stat.S_ISREG(mode):
        raise TemplateRefused(
            Problem(
                "テンプレートの名前でフォルダなど、ファイルでないものがあります",
                "templates/ のその名前をテンプレートのファイルにするか、消して既定のものに"
                "戻してください",
                file=shown,
            )
        )
    return real


def read_template(path: Path, root: Path) -> str:
    """The text of the template at `path`, checked as `checked_path` does, UTF-8 and small."""
    real = checked_path(path, root)
    shown = display_path(path)
    size = os.stat(real).st_size
    if size > TEMPLATE_LIMIT:
        raise TemplateRefused(
            Problem(
                f"テンプレートが大きすぎます（{size:,} バイト。上限は {TEMPLATE_LIMIT:,} バイト）",
                _RESTORE,
                file=shown,
            )
        )
    data = real.read_bytes()[: TEMPLATE_LIMIT + 1]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TemplateRefused(
            Problem(
                "テンプレートの文字コードが UTF-8 ではありません（Shift_JIS などで保存されています）",
                "エディタで文字コードに「UTF-8」を選んで保存し直してください",
                file=shown,
                line=line,
            )
        ) from None


class _UpToDate:
    """Jinja2's check whether a loaded template's file is still the one it read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mtime = os.stat(path).st_mtime

    def __call__(self) -> bool:
        try:
            return os.stat(self.path).st_mtime == self.mtime
        except OSError:
            return False

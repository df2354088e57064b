"""A committee's workspace from the package: `handouts init` and `handouts templates`.

A new workspace gets example content and a README, but no copies of the built-in templates:
a copy would stay at today's version when handouts is updated and hide which files were
changed on purpose. `templates --copy NAME` copies exactly the one file to be changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutsError, Problem
from ..model.source import display_path
from ..output import write_all
from ..render.templating import Templates
from ..resources import default_templates, skeleton
from ..workspace import Workspace
from .shellquote import command_line

EXAMPLE_MEETING = Path("content") / "iinkai" / "01"


def init_workspace(folder: Path) -> list[Path]:
    """Write the example workspace into `folder`; refuse if anything of it is already there."""
    folder = folder.resolve()
    source = skeleton()
    targets = {
        folder / path.relative_to(source): path
        for path in sorted(source.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    content = folder / "content"
    clashes = [content] if content.exists() else []
    clashes += [t for t in targets if t.exists() and not t.is_relative_to(content)]
    if clashes:
        raise HandoutsError(
            [
                Problem(
                    "すでにあります（上書きはしません）",
                    "空のフォルダか、まだないフォルダを指定してください",
                    file=display_path(path),
                )
                for path in clashes
            ]
        )
    write_all({target: path.read_bytes() for target, path in targets.items()})
    return list(targets)


@dataclass(frozen=True)
class TemplateInEffect:
    name: str
    path: Path
    own: bool  # from the workspace's templates/, not the package
    overrides: bool  # the package has one of the same name, which this one replaces


def templates_in_effect(workspace: Workspace) -> list[TemplateInEffect]:
    builtin_dir = default_templates().resolve()
    builtin = Templates([builtin_dir]).in_effect()
    listed = []
    for name, path in Templates(workspace.template_dirs()).in_effect().items():
        own = not path.resolve().is_relative_to(builtin_dir)
        listed.append(TemplateInEffect(name, path, own, own and name in builtin))
    return listed


def describe_templates(workspace: Workspace) -> list[str]:
    """What `handouts templates` prints: each template in effect and where it comes from."""
    listed = templates_in_effect(workspace)
    width = max((len(t.name) for t in listed), default=0) + 2
    lines = [f"作業フォルダ: {display_path(workspace.root)}"]
    for t in listed:
        origin = "作業フォルダ" if t.own else "既定"
        note = (
            "（既定を上書き）" if t.overrides else "（作業フォルダだけにあるもの）" if t.own else ""
        )
        lines.append(f"  {t.name:<{width}}{origin:　<6}  {display_path(t.path)}{note}")
    lines.append(
        f"変えるには: {command_line('handouts', 'templates', str(display_path(workspace.root)))}"
        " --copy 名前"
        " で既定を templates/ に写し、それを編集します"
    )
    return lines


def copy_template(workspace: Workspace, name: str) -> Path:
    """Copy one built-in template into the workspace's templates/, to be edited there."""
    builtin = Templates([default_templates()]).in_effect()
    if name not in builtin:
        raise HandoutsError.single(
            f"既定のテンプレートに {name} はありません",
            f"{'、'.join(builtin)} のどれかを指定してください",
        )
    target = workspace.templates / name
    if target.exists():
        raise HandoutsError.single(
            "すでにあります（上書きはしません）",
            "そのファイルを編集するか、消してからもう一度写してください",
            file=display_path(target),
        )
    write_all({target: builtin[name].read_bytes()})
    return target

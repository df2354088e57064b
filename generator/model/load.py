"""Load a meeting folder: its committee, its meeting, its handouts and its minutes, validated together."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import HandoutsError, Problem
from ..workspace import Workspace
from .committee import Committee, Style
from .kinds import HANDOUT_KINDS
from .labels import material_labels
from .meeting import Material, Meeting
from .minutes import Minutes
from .paths import InputProblem, MaterialFiles, resolve_input
from .printed import locate
from .source import Source, display_path, load_yaml
from .spreadsheet import DateWriter, Sheet, SheetReader
from .validate import validate

T = TypeVar("T")


@dataclass(frozen=True)
class Handout:
    """A material whose content is written in YAML: it becomes a paper of its own."""

    number: int
    material: Material
    content: Any
    source: Source


@dataclass(frozen=True)
class MeetingContent:
    committee: Committee
    meeting: Meeting
    handouts: list[Handout]
    committee_source: Source
    meeting_source: Source
    minutes: Minutes | None = None
    minutes_source: Source | None = None
    sheets: tuple[Sheet, ...] = ()  # the spreadsheets the handouts' rows were read from

    @property
    def folder(self) -> Path:
        return self.meeting_source.path.parent

    @property
    def sources(self) -> list[Source]:
        extra = [self.minutes_source] if self.minutes_source is not None else []
        return [
            self.committee_source,
            self.meeting_source,
            *(h.source for h in self.handouts),
            *extra,
        ]

    def located(self) -> MeetingContent:
        """The same content with every printed string knowing its file, line and field."""
        meeting = locate(self.meeting, self.meeting_source)
        materials = dict(meeting.numbered())
        minutes = self.minutes
        if minutes is not None and self.minutes_source is not None:
            minutes = locate(minutes, self.minutes_source)
        return dataclasses.replace(
            self,
            committee=locate(self.committee, self.committee_source),
            meeting=meeting,
            handouts=[
                dataclasses.replace(
                    h, material=materials[h.number], content=locate(h.content, h.source)
                )
                for h in self.handouts
            ],
            minutes=minutes,
        )

    @property
    def labels(self) -> dict[int, str]:
        """Each titled material's label (資料2, 参考資料1, "" for none) by its number."""
        return material_labels(self.committee, self.meeting)


def load_meeting(folder: Path, write_date: DateWriter | None = None) -> MeetingContent:
    """Load and validate everything a build of `folder` needs, listing every problem found.

    `write_date` prints a spreadsheet's date cells (the build passes the committee's wording;
    without it they read as 2024-05-10)."""
    problems: list[Problem] = []
    folder = folder.resolve()
    meeting_file = folder / "meeting.yaml"
    committee_file = folder.parent / "committee.yaml"
    if not meeting_file.is_file():
        raise HandoutsError([_no_meeting_file(folder)])
    committee = _collect(problems, lambda: _load_committee(committee_file))
    source = _collect(problems, lambda: load_yaml(meeting_file))
    meeting = None if source is None else _collect(problems, lambda: validate(Meeting, source))
    style = committee[0].style if committee is not None else Style()
    reader = SheetReader(Workspace.of(folder).root, style)
    if write_date is not None:
        reader.write_date = write_date
    handouts = [] if source is None else _load_handouts(meeting, source, reader, problems)
    minutes = None if source is None else _load_minutes(source, problems)
    if committee is not None and meeting is not None and source is not None:
        problems.extend(_unknown_references(committee[0], meeting, source))
    if problems:
        raise HandoutsError(problems)
    assert committee is not None and meeting is not None and source is not None
    minutes_model, minutes_source = minutes if minutes is not None else (None, None)
    return MeetingContent(
        committee[0],
        meeting,
        handouts,
        committee[1],
        source,
        minutes=minutes_model,
        minutes_source=minutes_source,
        sheets=tuple(reader.read),
    )


def _unknown_references(committee: Committee, meeting: Meeting, source: Source) -> list[Problem]:
    """Items whose `see:` names a material label the meeting does not have."""
    import unicodedata

    def key(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    known = {key(label): label for label in material_labels(committee, meeting).values() if label}
    shown = "、".join(known.values()) or "（番号の付いた資料がありません）"
    problems = []

    def walk(items: Any, loc: tuple) -> None:
        for i, item in enumerate(items):
            for j, label in enumerate(item.see):
                if key(label) not in known:
                    problems.append(
                        source.problem(
                            (*loc, i, "see", j),
                            f"「{label}」という資料はありません",
                            f"この会議の資料は {shown} です",
                        )
                    )
            walk(getattr(item, "items", ()), (*loc, i, "items"))

    first: dict[str, int] = {}
    titled = [i for i, m in enumerate(meeting.materials) if m.title is not None]
    labels = material_labels(committee, meeting).items()
    for index, (number, label) in zip(titled, labels, strict=True):
        if not label:
            continue
        if key(label) in first:
            problems.append(
                source.problem(
                    ("materials", index, "label"),
                    f"「{label}」は{first[key(label)]}番目の資料にも付いています",
                    "資料ごとに違う label にしてください（ファイル名と資料番号が重なるため）",
                )
            )
        first.setdefault(key(label), number)
    walk(meeting.agenda, ("agenda",))
    for n, section in enumerate(meeting.outline or ()):
        walk(section.items, ("outline", n, "items"))
    return problems


def _load_minutes(source: Source, problems: list[Problem]) -> tuple[Minutes, Source] | None:
    """The 会議録's body named by `minutes:` in meeting.yaml, if any."""
    name = source.data.get("minutes") if isinstance(source.data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        path = resolve_input(source.path.parent, name, Workspace.of(source.path.parent).root)
    except InputProblem as exc:
        problems.append(source.problem(("minutes",), exc.message, exc.hint))
        return None
    if not path.is_file():
        problems.append(
            source.problem(
                ("minutes",),
                f"ファイル {name} がありません",
                "会議録の内容を書いた YAML ファイル（例: minutes.yaml）を meeting.yaml と同じ"
                "フォルダに置くか、minutes: の行を消してください",
            )
        )
        return None
    return _collect(problems, lambda: _load(Minutes, path))


def _no_meeting_file(folder: Path) -> Problem:
    """Why `folder` is not a meeting folder, and which folders nearby are."""
    shown = display_path(folder)
    if not folder.exists():
        nearby = _meeting_folders(folder.parent)
        hint = f"{display_path(folder.parent)} にある会議は {nearby} です" if nearby else ""
        return Problem("フォルダがありません", hint or "フォルダ名を確かめてください", file=shown)
    if not folder.is_dir():
        return Problem("フォルダではありません", "会議のフォルダを指定してください", file=shown)
    if (folder / "meeting.yaml").exists():
        return Problem(
            "meeting.yaml がファイルではありません（フォルダなど）",
            "会議の内容を書いた meeting.yaml ファイルを置いてください",
            file=shown,
        )
    inside = _meeting_folders(folder)
    hint = (
        f"会議のフォルダ（{inside}）を指定してください"
        if inside
        else "会議のフォルダを指定してください（例: content/委員会名/04）"
    )
    return Problem("meeting.yaml がありません", hint, file=shown)


def _meeting_folders(parent: Path) -> str:
    """The meeting folders directly inside `parent`, named for a hint: "03、04"."""
    try:
        names = sorted(p.name for p in parent.iterdir() if (p / "meeting.yaml").is_file())
    except OSError:
        return ""
    return "、".join(names)


def _collect(problems: list[Problem], load: Callable[[], T]) -> T | None:
    try:
        return load()
    except HandoutsError as exc:
        problems.extend(exc.problems)
        return None


def _load_committee(path: Path) -> tuple[Committee, Source]:
    if os.path.lexists(path) and not path.is_file():
        raise HandoutsError.single(
            "committee.yaml がファイルではありません（フォルダなど）",
            "委員会の設定（name: 委員会名）を書いた committee.yaml ファイルを置いてください",
            file=display_path(path),
        )
    if not path.is_file():
        raise HandoutsError.single(
            "committee.yaml がありません",
            "会議フォルダの一つ上のフォルダに委員会の設定（name: 委員会名）を置いてください",
            file=display_path(path),
        )
    return _load(Committee, path)


def _load(model: type[T], path: Path) -> tuple[T, Source]:
    source = load_yaml(path)
    return validate(model, source), source


def _handout_files(data: Any) -> list[tuple[int, int, str]]:
    """(index in materials, 資料 number, file name) of each handout, read from the raw YAML.

    Read raw rather than from the model, so a handout's own problems are reported even when
    meeting.yaml has some too.
    """
    materials = data.get("materials") if isinstance(data, dict) else None
    out, number = [], 0
    for index, item in enumerate(materials if isinstance(materials, list) else []):
        if not isinstance(item, dict) or item.get("title") is None:
            continue
        number += 1
        if isinstance(item.get("handout"), str):
            out.append((index, number, item["handout"]))
    return out


def _load_handouts(
    meeting: Meeting | None, source: Source, reader: SheetReader, problems: list[Problem]
) -> list[Handout]:
    handouts = []
    files = MaterialFiles(source, reader.root, problems)
    for index, number, name in _handout_files(source.data):
        loc = ("materials", index, "handout")
        path = files.claim(loc, name, number)
        if path is None:
            continue
        if path.is_dir():
            problems.append(
                source.problem(
                    loc,
                    f"{name} はファイルではなくフォルダです",
                    "資料の内容を書いた YAML ファイルの名前（例: definitions.yaml）を書いてください",
                )
            )
            continue
        if path.exists() and not path.is_file():
            problems.append(
                source.problem(
                    loc,
                    f"{name} はファイルではありません（特殊なファイルです）",
                    "資料の内容を書いた YAML ファイルの名前（例: definitions.yaml）を書いてください",
                )
            )
            continue
        if not path.is_file():
            problems.append(
                source.problem(
                    loc,
                    f"ファイル {name} がありません",
                    "ファイル名と、meeting.yaml と同じフォルダにあるかを確かめてください",
                )
            )
            continue
        loaded = _collect(problems, lambda p=path: _load_handout(p, reader))
        if loaded is not None and meeting is not None:
            handouts.append(Handout(number, meeting.materials[index], loaded[0], loaded[1]))
    return handouts


def _load_handout(path: Path, reader: SheetReader) -> tuple[Any, Source]:
    source = load_yaml(path)
    kind = source.data.get("kind")
    model = HANDOUT_KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        known = "、".join(HANDOUT_KINDS)
        what = "kind がありません" if kind is None else f"kind「{kind}」は使えません"
        raise HandoutsError(
            [source.problem(("kind",), what, f"kind: には {known} のどれかを書いてください")]
        )
    content = validate(model, source)
    with_rows = getattr(content, "with_rows", None)
    return (content if with_rows is None else with_rows(source, reader)), source

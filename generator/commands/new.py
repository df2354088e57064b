"""`handouts new`: start the next meeting's content from a previous meeting's.

The agenda, the materials and the handout files are carried over as they were written
(comments and key order kept: ruamel round-trip for meeting.yaml, a byte copy for handouts).
The number goes up by one; the date and hours are left blank with a comment that says what
to write, and the model refuses a blank with "まだ書かれていません", so `handouts check`
fails until they are filled. Attached PDFs are not copied: they belong to the old meeting.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import tempfile
from codecs import BOM_UTF8
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.util import load_yaml_guess_indent

from ..errors import HandoutsError, Problem, os_reason
from ..model.meeting import written_date
from ..model.source import Source, display_path, load_yaml, read_text
from ..render.formatting import fiscal_year
from .shellquote import command_line

# Fields left for the secretariat, what they are called, and the comment that shows the spot.
_BLANKS = {
    "date": ("開催日", "← 開催日を 年-月-日 で書いてください（前回: {}）"),
    "start": ("開始時刻", "← 開始時刻を書いてください（前回: {}）"),
    "end": (
        "終了時刻",
        "← 終了時刻を書いてください（前回: {}）。決まっていなければこの行を消します",
    ),
}
_COMMENT_COLUMN = 16


@dataclass(frozen=True)
class Blank:
    """A field of the new meeting.yaml the secretariat must fill in."""

    field: str
    label: str
    line: int | None


@dataclass(frozen=True)
class Attachment:
    """A material's attached PDF from the previous meeting, not copied."""

    number: int
    title: str
    file: str
    line: int | None


@dataclass(frozen=True)
class NewMeeting:
    folder: Path
    source: Path
    previous_number: int | None
    number: int | None
    files: list[Path]
    blanks: list[Blank]
    attachments: list[Attachment]
    notes: list[str] = field(default_factory=list)


def new_meeting(
    folder: Path, source: Path | None = None, date: datetime.date | None = None
) -> NewMeeting:
    """Write `folder` as the meeting after `source` (default: the committee's latest by date).

    `date`, when given, is written as the new meeting's date. A committee that numbers its
    meetings by 年度 (style.numbering: fiscal_year) starts again at 1 when the new meeting is
    in a later 年度 than the previous one: its date's, or without one today's.
    """
    folder = folder.resolve()
    _refuse_existing(folder)
    source = source.resolve() if source is not None else latest_meeting(folder.parent, folder)
    meeting_file = source / "meeting.yaml"
    if not meeting_file.is_file():
        raise HandoutsError.single(
            "写す元の会議に meeting.yaml がありません",
            "--from には前回の会議フォルダ（例: content/委員会名/04）を指定してください",
            file=display_path(source),
        )
    checked = load_yaml(meeting_file)  # syntax errors reported in Japanese with their line
    previous = _number(checked)
    number = None if previous is None else previous + 1
    notes: list[str] = []
    previous_date = written_date(checked.data)
    if number is not None and previous_date is not None and _by_fiscal_year(folder.parent):
        when = date or datetime.date.today()
        if fiscal_year(when) > fiscal_year(previous_date):
            number = 1
            notes.append(
                f"{fiscal_year(when)}年度の最初の会議として第1回にしました"
                f"（前回は{fiscal_year(previous_date)}年度）"
                + ("" if date else " — 開催日が違う年度なら number: を直してください")
            )
    form = FileForm.of(meeting_file.read_bytes())
    text = read_text(meeting_file).replace("\r\n", "\n")
    data = _round_trip().load(text)
    if number is not None:
        data["number"] = number
    _leave_blank(data, keep=("date",) if date is not None else ())
    if date is not None:
        data["date"] = date
    handouts = _handout_files(data, source)
    minutes = _minutes_file(data)
    _write(folder, form.encode(_dump(data, text)), {rel: source / rel for rel in handouts})
    written = load_yaml(folder / "meeting.yaml")
    return NewMeeting(
        folder=folder,
        source=source,
        previous_number=previous,
        number=number,
        files=[folder / "meeting.yaml", *(folder / rel for rel in handouts)],
        blanks=[
            Blank(key, _BLANKS[key][0], written.line((key,)))
            for key in _BLANKS
            if key in written.data and written.data[key] is None
        ],
        attachments=_attachments(written, folder),
        notes=notes + ([] if number is None else _notes(folder, number)) + minutes,
    )


def _by_fiscal_year(committee: Path) -> bool:
    """Whether committee.yaml says the committee numbers its meetings by 年度."""
    path = committee / "committee.yaml"
    try:
        data = load_yaml(path).data if path.is_file() else None
    except HandoutsError:
        return False
    style = data.get("style") if isinstance(data, dict) else None
    return isinstance(style, dict) and style.get("numbering") == "fiscal_year"


def _minutes_file(data: Any) -> list[str]:
    """The 会議録 belongs to the meeting it records: the new meeting starts without one."""
    if isinstance(data, dict) and "minutes" in data:
        del data["minutes"]
        return ["会議録（minutes:）は前回のものなので写していません。会議の後で書き足してください"]
    return []


def latest_meeting(committee: Path, exclude: Path | None = None) -> Path:
    """The sibling meeting folder held latest: by `date:`, then by `number:` (a meeting whose
    date is not written yet, being prepared, counts as the latest)."""
    folders = committee.iterdir() if committee.is_dir() else ()
    candidates = sorted(d for d in folders if d != exclude and _is_meeting(d))
    if not candidates:
        raise HandoutsError.single(
            "前回の会議が見つかりません（meeting.yaml のある会議フォルダがありません）",
            "--from で写す元の会議フォルダを指定してください（例: --from content/委員会名/04）",
            file=display_path(committee),
        )
    problems: list[Problem] = []
    numbered: list[tuple[datetime.date, int, Path]] = []
    for d in candidates:
        try:
            loaded = load_yaml(d / "meeting.yaml")
            number = _number(loaded)
        except HandoutsError as exc:
            problems.extend(exc.problems)
            continue
        numbered.append((written_date(loaded.data) or datetime.date.max, number or 0, d))
    if problems:
        hint = "直すか、--from で写す元の会議フォルダを指定してください"
        raise HandoutsError([Problem(p.message, hint, p.file, p.line, p.field) for p in problems])
    return max(numbered)[2]


def _is_meeting(folder: Path) -> bool:
    """A folder with meeting.yaml; not a hidden one (the staging folder of a `new` under way)."""
    return not folder.name.startswith(".") and (folder / "meeting.yaml").is_file()


def _refuse_existing(folder: Path) -> None:
    if folder.exists() and not (folder.is_dir() and not any(folder.iterdir())):
        raise HandoutsError.single(
            "このフォルダはすでにあります（上書きはしません）",
            "次の回のフォルダ名（例: 05）を指定するか、中身を確かめてから別の名前にしてください",
            file=display_path(folder),
        )


def _number(source: Source) -> int | None:
    """The meeting's number; None for a meeting without one (named by its date)."""
    if isinstance(source.data, dict) and "number" not in source.data:
        return None
    number = source.data.get("number")
    if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
        return number
    raise HandoutsError(
        [
            source.problem(
                ("number",), "回の番号が読めません", "number: に 4 のような整数を書いてください"
            )
        ]
    )


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)  # as the build reads it: `10:00` stays a string
    yaml.preserve_quotes = True
    return yaml


def _dump(data: Any, original: str) -> str:
    """Write back with the original's list indentation, without a `%YAML` line."""
    _, indent, offset = load_yaml_guess_indent(original)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long title onto a second line
    if indent is not None and offset is not None:
        yaml.indent(mapping=2, sequence=indent, offset=offset)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _leave_blank(data: Any, keep: tuple[str, ...] = ()) -> None:
    """Empty the date and hours, with a comment beside each that says what to write there."""
    for position, key in enumerate(_BLANKS):
        if key in keep:
            continue
        if key not in data and key == "end":
            continue  # the committee does not print an end time: do not ask for one
        previous = data.get(key)
        shown = "なし" if previous is None else str(previous)
        column = _comment_column(data, key)
        if key in data:
            data[key] = None
        else:
            data.insert(min(position + 1, len(data)), key, None)
        data.yaml_add_eol_comment(_BLANKS[key][1].format(shown), key, column=column)


def _comment_column(data: Any, key: str) -> int:
    """Where the key's own comment stood, so the new one lines up with its neighbours."""
    tokens = data.ca.items.get(key) or []
    comment = tokens[2] if len(tokens) > 2 else None
    return max(getattr(comment, "column", 0), _COMMENT_COLUMN)


def _materials(data: Any) -> list[tuple[int, int, Any]]:
    """(index in the list, 資料 number, item) for each material written as a mapping."""
    materials = data.get("materials")
    out, number = [], 0
    for index, item in enumerate(materials if isinstance(materials, list) else ()):
        if isinstance(item, dict) and item.get("title") is not None:
            number += 1
            out.append((index, number, item))
    return out


def _handout_files(data: Any, source: Path) -> list[Path]:
    """Handout files inside the previous meeting's folder, relative to it (copied as they are).

    Files outside it (`../共通/名簿.yaml`) are shared: the reference still works from the new
    folder, so they are neither copied nor changed.
    """
    found: list[Path] = []
    for _, _, item in _materials(data):
        handout = item.get("handout")
        if not isinstance(handout, str):
            continue
        path = (source / handout).resolve()
        if path.is_file() and path.is_relative_to(source):
            for used in [path, *_spreadsheets(path)]:
                rel = used.relative_to(source)
                if rel not in found:
                    found.append(rel)
    return found


def _spreadsheets(handout: Path) -> list[Path]:
    """The spreadsheets inside the meeting folder a handout reads rows from: copied with it."""
    from ..model.kinds import spreadsheet_names

    try:
        data = load_yaml(handout).data
    except HandoutsError:
        return []  # `check` on the new meeting will say what is wrong with it
    paths = [(handout.parent / name).resolve() for name in spreadsheet_names(data)]
    source = handout.parent.resolve()
    return [p for p in paths if p.is_file() and p.is_relative_to(source)]


def _attachments(written: Source, folder: Path) -> list[Attachment]:
    """Attached PDFs the new meeting names but does not have: the secretariat replaces them."""
    missing = []
    for index, number, item in _materials(written.data):
        attach = item.get("attach")
        if isinstance(attach, str) and not (folder / attach).is_file():
            line = written.line(("materials", index, "attach"))
            missing.append(Attachment(number, str(item["title"]), attach, line))
    return missing


def _notes(folder: Path, number: int) -> list[str]:
    if folder.name.isdigit() and int(folder.name) != number:
        return [
            f"フォルダ名は {folder.name} ですが、第{number}回として作りました"
            " — 回が違うなら meeting.yaml の number: を直してください"
        ]
    return []


@dataclass(frozen=True)
class FileForm:
    """How a text file is written down: its line endings and whether it starts with a BOM.

    Notepad and Windows editors save CRLF, some with a BOM; the new meeting.yaml is written
    the same way as the one it was copied from, so a diff of the two shows only the changes.
    """

    newline: str
    bom: bool

    @classmethod
    def of(cls, raw: bytes) -> FileForm:
        crlf = raw.count(b"\r\n")
        return cls("\r\n" if crlf > raw.count(b"\n") - crlf else "\n", raw.startswith(BOM_UTF8))

    def encode(self, text: str) -> bytes:
        """`text` (lines ending in \\n) in this form, as UTF-8."""
        body = text.replace("\n", self.newline).encode("utf-8")
        return BOM_UTF8 + body if self.bom else body


def _write(folder: Path, meeting_yaml: bytes, copies: dict[Path, Path]) -> None:
    """Write everything into a temporary folder, then rename it into place: all or nothing."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise HandoutsError.single(
            f"会議フォルダを作れません（{os_reason(exc)}）",
            "このフォルダに書き込めるか（権限・読み取り専用でないか）を確かめてください",
            file=display_path(folder.parent),
        ) from None
    try:
        (staging / "meeting.yaml").write_bytes(meeting_yaml)
        for rel, original in copies.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, staging / rel)
        if folder.is_dir():
            folder.rmdir()  # empty, checked above
        os.chmod(staging, 0o755)
        os.replace(staging, folder)
    except OSError as exc:
        raise HandoutsError.single(
            f"会議フォルダを作れません（{os_reason(exc)}）",
            "フォルダの場所と権限を確かめてください",
            file=display_path(folder),
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def summary(made: NewMeeting) -> list[str]:
    """What `handouts new` prints: what was written, then exactly what is left to do."""
    meeting_file = display_path(made.folder / "meeting.yaml")
    if made.number is None:
        done = f"次の会議の内容を、{display_path(made.source)} の会議から作りました"
    else:
        done = (
            f"第{made.number}回の内容を、第{made.previous_number}回（{display_path(made.source)}）"
            "から作りました"
        )
    lines = [
        done,
        *(f"作成: {display_path(path)}" for path in made.files),
        *made.notes,
    ]
    if made.blanks:
        lines.append("書き込んでください:")
        lines += [f"  {meeting_file}:{b.line}: {b.field}（{b.label}）" for b in made.blanks]
    if made.attachments:
        lines.append("差し替えてください（添付の PDF は前回のものなので写していません）:")
        lines += [
            f"  {meeting_file}:{a.line}: 資料{a.number}「{a.title}」の {a.file}"
            f" — 今回の PDF を {display_path(made.folder / a.file)} に置くか、attach: の行を消してください"
            for a in made.attachments
        ]
    lines.append("議題と資料は前回のままです。今回の内容に直してから確かめてください:")
    lines.append(f"  {command_line('handouts', 'check', str(display_path(made.folder)))}")
    return lines

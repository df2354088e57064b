"""The other meetings of a committee: two meetings called the same would share file names."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import HandoutsError, Problem
from ..model import MeetingContent
from ..model.meeting import Meeting, written_date
from ..model.source import display_path, load_yaml
from .naming import meeting_stem


def meeting_folders(committee: Path, exclude: Path | None = None) -> list[Path]:
    """The meeting folders of a committee: those with meeting.yaml, not hidden (a `new` under way)."""
    if not committee.is_dir():
        return []
    return sorted(
        d
        for d in committee.iterdir()
        if d != exclude and not d.name.startswith(".") and (d / "meeting.yaml").is_file()
    )


def duplicate_designations(content: MeetingContent) -> list[Problem]:
    """A 注意 for each other meeting folder of the committee called as this meeting is."""
    folder = content.folder
    ours = meeting_stem(content.committee, content.meeting)
    found = []
    for other in meeting_folders(folder.parent, exclude=folder):
        try:
            data = load_yaml(other / "meeting.yaml").data
        except HandoutsError:
            continue  # its own build reports its problems
        if not isinstance(data, dict):
            continue
        date = written_date(data)
        number = data.get("number")
        if date is None or not (number is None or isinstance(number, int)):
            continue
        extra = data.get("extraordinary") is True
        meeting: Meeting = replace(content.meeting, number=number, date=date, extraordinary=extra)
        if meeting_stem(content.committee, meeting) == ours:
            found.append(
                content.meeting_source.problem(
                    ("number",) if content.meeting.number is not None else ("date",),
                    f"{display_path(other)} の会議も「{ours}」です。作るファイルの名前が重なります",
                    "number:（回の番号）か extraordinary:、開催日を確かめてください",
                )
            )
    return found

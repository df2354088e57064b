"""What a meeting and its materials are called: 第４回, 令和４年度第１回, 資料１－２ …

One place gives the designation printed in titles and the stem of every file name, so the
two never disagree; and each material's label, which the 次第, the 資料番号 box, the stamp,
the packet's bookmarks and page labels and the file names all print.
"""

from __future__ import annotations

from ..formatting import designation, file_stem, fiscal_year_text, format_date, material_label
from .committee import Committee
from .meeting import Meeting


def meeting_designation(committee: Committee, meeting: Meeting) -> str:
    """第4回, 令和4年度第1回, 第10回臨時, or for a meeting without a number its date (or "").

    Digits are left as ASCII: templates print them in the committee's digit style.
    """
    style = committee.style
    return designation(
        meeting.number,
        pattern=style.designation,
        year=fiscal_year_text(meeting.date, style.calendar, "halfwidth"),
        extra=meeting.extraordinary,
        date=format_date(meeting.date, style.calendar, "halfwidth", weekday=False),
        undated=style.undated_designation,
    )


def meeting_title(committee: Committee, meeting: Meeting) -> str:
    """The committee's name with the designation where the committee puts it."""
    text = meeting_designation(committee, meeting)
    if committee.style.designation_place == "after":
        return committee.name + text
    return text + committee.name


def meeting_stem(committee: Committee, meeting: Meeting) -> str:
    """The start of the meeting's file names: 第4回 (第4回_次第.pdf), 令和4年度第1回, 第10回臨時;
    a meeting without a number is named by its date, 2024-05-10."""
    if meeting.number is None:
        return meeting.date.isoformat()
    return file_stem(meeting_designation(committee, meeting), meeting.date)


def material_labels(committee: Committee, meeting: Meeting) -> dict[int, str]:
    """Each material's label by its place among the titled materials (1, 2, … as numbered()
    gives them): the committee's pattern counted over the materials that use it, a
    material's own `label:` (a pattern with {n} counts on its own), or "" for numbered: false."""
    counters: dict[str, int] = {}
    labels: dict[int, str] = {}
    for number, material in meeting.numbered():
        if material.title is None:
            continue
        if not material.numbered:
            labels[number] = ""
            continue
        pattern = material.label if material.label is not None else committee.style.material_label
        if "{n}" in pattern:
            counters[pattern] = counters.get(pattern, 0) + 1
            labels[number] = material_label(pattern, counters[pattern])
        else:
            labels[number] = pattern
    return labels

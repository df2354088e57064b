"""What a meeting is called: 第４回, 令和４年度第１回, 第１０回臨時, or its date.

One place gives the designation printed in titles and the stem of every file name, so the
two never disagree.
"""

from __future__ import annotations

from ..model.committee import Committee
from ..model.meeting import Meeting
from .formatting import designation, file_stem, fiscal_year_text, format_date


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

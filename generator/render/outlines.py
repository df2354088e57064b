"""The outline of a 次第 or a 会議録 head as templates walk it: sections with their numbers,
labels, values and numbered lines, worked out from the meeting's facts and the committee's style.

The look (paragraph styles, the order of the parts of a line) stays in the templates; this
module only decides the words: which sections are shown, their numbers, and the text of
dates, attendance and material lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import HandoutsError
from ..model import MeetingContent
from ..model.attendance import Group
from ..model.committee import Style
from ..model.outline import DEFAULT_MINUTES_OUTLINE, DEFAULT_OUTLINE, Section
from . import formatting as fmt

_SECTION_EMS = 2  # the hanging indent of 次第項目, in characters: "１　"
_ITEM_EMS = (3, 2, 3)  # of 次第細目, 次第細目２, 次第細目３: （１）, ア　, （ア）


@dataclass(frozen=True)
class Line:
    """One numbered (or unnumbered) line below a section label."""

    text: str
    label: str = ""
    level: int = 1
    kind: str = "item"  # item, material, note (次第注記), group (a group of people)
    public: bool = True  # false: the public edition marks it (style.private_mark)
    extend: str = "left"  # a label wider than its indent: into the margin, or moving the text


@dataclass(frozen=True)
class View:
    """A section as a template prints it."""

    number: str  # "１　", or "" when not numbered
    label: str
    show: str | None
    value: str | None
    lines: list[Line] = field(default_factory=list)


def group_text(group: Group, style: Style) -> str:
    """The names of a group as one line: 荒金委員、井上委員 / 政策室長　田部井則人　…; なし if none."""
    if not group.members:
        return "なし"
    parts, previous = [], None
    for member in group.members:
        role = member.role if member.role is not None else group.role
        if style.role_place == "after":
            parts.append(member.name + (role or ""))
        elif role and role != previous:
            parts.append(f"{role}　{member.name}")
        else:
            parts.append(member.name)
        previous = role
    text = style.member_separator.join(parts) + group.suffix
    if style.count_members:
        text += f"（{len(group.members)}名）"
    return text


def group_label(group: Group, style: Style) -> str:
    return style.group_label.replace("{label}", group.label) if group.label else ""


def outline(
    content: MeetingContent, sections: Any, section_numbering: str | None = None
) -> list[View]:
    """The sections to print, numbered in order; a section with nothing to show is left out
    (提出資料 with no materials, attendance the meeting does not state)."""
    style = content.committee.style
    numbering = style.section_numbering if section_numbering is None else section_numbering
    views: list[View] = []
    count = 0
    for section in sections:
        view = _view(content, section, style)
        if view is None:
            continue
        number = ""
        if section.numbered and numbering:
            count += 1
            number = fmt.fill(fmt.ladder_number(count, numbering, style.digits), _SECTION_EMS)
        views.append(View(number, view.label, view.show, view.value, view.lines))
    return views


def agenda_outline(content: MeetingContent) -> list[View]:
    return _reported(lambda: outline(content, _agenda_sections(content)), content)


def fact_label(content: MeetingContent, show: str, default: str) -> str:
    """What the 次第 calls a fact of the meeting (会場 for its place, say); `default` when it
    does not show it."""
    labels = (str(s.label) for s in _agenda_sections(content) if s.show == show and s.label)
    return next(labels, default)


def _agenda_sections(content: MeetingContent) -> tuple[Section, ...] | list[Section]:
    return content.meeting.outline or content.committee.outline or DEFAULT_OUTLINE


def minutes_outline(content: MeetingContent) -> list[View]:
    minutes = content.minutes
    sections = (
        (minutes.outline if minutes is not None else None)
        or content.committee.minutes.outline
        or DEFAULT_MINUTES_OUTLINE
    )
    numbering = content.committee.minutes.section_numbering
    return _reported(lambda: outline(content, sections, numbering), content)


def _reported(make: Any, content: MeetingContent) -> list[View]:
    """A numbering that runs out (more than 44 items numbered ア …) as the secretariat's problem."""
    try:
        return make()
    except ValueError as exc:
        message, _, hint = str(exc).partition("。")
        raise HandoutsError.single(message, hint, file=content.meeting_source.shown) from None


def _view(content: MeetingContent, section: Section, style: Style) -> View | None:
    meeting = content.meeting
    ladder = section.numbering or style.numbering_ladder
    value: str | None = None
    lines: list[Line] = []
    show = section.show
    if show == "agenda":
        lines = item_lines(meeting.agenda, ladder, style.digits, content)
    elif show == "materials":
        if not meeting.materials:
            return None
        lines = material_lines(content, section, style)
    elif show in ("present", "absent"):
        if meeting.attendance is None:
            return None
        groups = getattr(meeting.attendance, show)
        if section.group is not None:
            groups = [g for g in groups if g.label == section.group]
        if not groups:
            value = "なし"
        elif len(groups) == 1 and (section.group is not None or not groups[0].label):
            value = group_text(groups[0], style)
        else:
            lines = [
                Line(group_text(g, style), group_label(g, style), kind="group") for g in groups
            ]
    elif show == "observers":
        if meeting.attendance is None or meeting.attendance.observers is None:
            return None
        n = meeting.attendance.observers
        value = "なし" if n == 0 else f"{n}名"
    if section.value is not None:
        value = section.value if value is None else f"{value}　{section.value}"
    if section.items:
        lines += item_lines(section.items, ladder, style.digits, content)
    lines += [Line(text, kind="note") for text in section.lines]
    return View("", section.label, show, value, lines)


def item_lines(items: Any, ladder: list[str], digits: str, content: MeetingContent) -> list[Line]:
    """Items and the items below them, each numbered by its level's pattern of the ladder."""
    out: list[Line] = []

    def walk(items: Any, level: int) -> None:
        pattern = ladder[min(level, len(ladder)) - 1]
        for n, item in enumerate(items, 1):
            label = fmt.fill(fmt.ladder_number(n, pattern, digits), _ITEM_EMS[level - 1])
            out.append(Line(item.text + _see(item), label if pattern else "", level))
            walk(getattr(item, "items", ()), level + 1)

    walk(items, 1)
    return out


def _see(item: Any) -> str:
    return f"（{'・'.join(item.see)}）" if getattr(item, "see", None) else ""


def material_lines(content: MeetingContent, section: Section, style: Style) -> list[Line]:
    """The materials as the committee lists them: （１）題名, 資料１　題名 or 題名（資料１）.

    Lines are numbered by the section's numbering, by default （１） unless the labels stand
    before the titles; labels before titles are padded to the widest, so the titles align.
    """
    labels = content.labels
    if section.numbering:
        pattern = section.numbering[0]
    else:
        pattern = "" if style.material_list == "before" else "（１）"
    widest = max(
        (_ems(fmt.apply_digits(label, style.digits)) for label in labels.values()), default=0.0
    )
    out: list[Line] = []
    count = 0
    for number, m in content.meeting.numbered():
        if m.note is not None:
            out.append(Line(m.note, kind="note"))
            continue
        label, text = fmt.apply_digits(labels[number], style.digits), m.title or ""
        if style.material_list == "after" and label:
            text += f"（{label}）"
        shown = ""
        if pattern:
            count += 1
            shown = fmt.fill(fmt.ladder_number(count, pattern, style.digits), _ITEM_EMS[0])
        if style.material_list == "before":
            shown = fmt.fill(shown + label, _ems(shown) + widest + 1)
        extend = "right" if style.material_list == "before" else "left"
        out.append(Line(text, shown, 1, "material", m.public, extend))
    return out


def _ems(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)

"""Every document a meeting makes, each rendered through its template.

The papers (the 次第, one per handout, and the 会議録 when the meeting has minutes) are written
as DOCX and PDF; the public edition's 次第 and the 資料番号 box of each attached PDF go only
into the packets. All are rendered
here, before any is checked or drawn, so every one of them passes the same preflight.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import HandoutsError, Problem
from ..model import Material, MeetingContent
from .formatting import safe_name, styled_date, styled_hours, to_fullwidth_digits
from .naming import meeting_stem as named_stem
from .naming import meeting_title
from .outlines import agenda_outline, fact_label, minutes_outline
from .templating import Templates
from .tree import Document

AGENDA = "次第"


@dataclass(frozen=True)
class Paper:
    """One paper of the meeting: its file name, what the packet calls it, and its document."""

    stem: str  # the file name without its suffix: 第4回_資料2
    label: str  # what its pages are labelled in the packet: 次第, 資料２
    title: str  # its entry in the packet's outline: 資料２ 「協働」の定義について
    document: Document
    number: int = 0  # its 資料 number; 0 for the 次第, -1 for the 会議録
    public: bool = True


@dataclass(frozen=True)
class Rendered:
    papers: list[Paper]
    public_agenda: Document | None  # the public edition's 次第, when a material is not public
    stamps: dict[int, Document]  # the 資料番号 box for each attached PDF, by 資料 number

    def documents(self) -> list[Document]:
        public = [] if self.public_agenda is None else [self.public_agenda]
        return [*(p.document for p in self.papers), *public, *self.stamps.values()]

    def with_documents(self, documents: list[Document]) -> Rendered:
        """The same papers with `documents` (in the order of `documents()`) in their place."""
        count = len(self.papers)
        papers = [
            dataclasses.replace(p, document=d)
            for p, d in zip(self.papers, documents[:count], strict=True)
        ]
        rest = documents[count:]
        public = None
        if self.public_agenda is not None:
            public, rest = rest[0], rest[1:]
        return Rendered(papers, public, dict(zip(self.stamps, rest, strict=True)))


def meeting_stem(content: MeetingContent) -> str:
    """What every file of the meeting is named after: 第4回, 令和4年度第1回, or its date."""
    return named_stem(content.committee, content.meeting)


def meeting_name(content: MeetingContent) -> str:
    """The meeting as its papers name it: 第４回小金井市市民協働のあり方等検討委員会."""
    return _digits(content, meeting_title(content.committee, content.meeting))


def packet_title(content: MeetingContent) -> str:
    """The packet's document title: 第４回小金井市市民協働のあり方等検討委員会会議資料."""
    return f"{meeting_name(content)}会議資料"


def meeting_particulars(content: MeetingContent) -> list[tuple[str, str]]:
    """When and where, as the 次第 writes and labels them (会場 where its outline says so), for
    the meeting's page on the website: (日時, 令和６年５月１０日（金）午前９時～１１時), …"""
    meeting, style = content.meeting, content.committee.style
    when = styled_date(meeting.date, style) + styled_hours(meeting.start, meeting.end, style)
    return [
        (fact_label(content, "date", "日時"), when),
        (fact_label(content, "place", "場所"), _digits(content, str(meeting.place))),
    ]


def material_listing(content: MeetingContent, number: int, material: Material) -> tuple[str, str]:
    """(label, outline title) of a material in the packet: 資料２, 資料２ 「協働」の定義について;
    a material without a label goes by its title."""
    label = content.labels[number]
    title = f"{label} {material.title}".strip()
    return _digits(content, label or str(material.title)), _digits(content, title)


def paper_name(content: MeetingContent, number: int, material: Material) -> str:
    """A material's paper in file names: its label (資料2), or its title when it has none."""
    return safe_name(content.labels[number] or str(material.title))


def render_meeting(
    content: MeetingContent, templates: Templates, attached: Iterable[int]
) -> Rendered:
    """The 次第, one paper per handout, the public 次第 and a stamp per attached material."""
    base = paper_context(content)
    stem = meeting_stem(content)
    papers = [Paper(f"{stem}_次第", AGENDA, AGENDA, templates.render("agenda.xml.j2", base))]
    problems: list[Problem] = []
    labels = content.labels
    for h in content.handouts:
        context = {
            **base,
            "handout": h.content,
            "number": h.number,
            "material": h.material,
            "label": labels[h.number],
        }
        try:
            document = templates.render(h.content.template, context)
        except HandoutsError as exc:
            problems.extend(exc.problems)
            continue
        label, title = material_listing(content, h.number, h.material)
        name = f"{stem}_{paper_name(content, h.number, h.material)}"
        papers.append(Paper(name, label, title, document, h.number, h.material.public))
    if problems:
        raise HandoutsError(problems)
    papers += render_minutes(content, templates)
    public_agenda = None
    if any(m.title is not None and not m.public for m in content.meeting.materials):
        public_agenda = templates.render("agenda.xml.j2", {**base, "public_edition": True})
    materials = dict(content.meeting.numbered())
    stamps = {
        number: templates.render(
            "stamp.xml.j2",
            {**base, "number": number, "material": materials[number], "label": labels[number]},
        )
        for number in attached
        if labels[number]
    }
    return Rendered(papers, public_agenda, stamps)


def render_minutes(content: MeetingContent, templates: Templates) -> list[Paper]:
    """The 会議録, when meeting.yaml names its minutes file: the head from the meeting's facts
    (generator.render.outlines), the body from the minutes file. Not part of the packet."""
    if content.minutes is None:
        return []
    context = {
        **paper_context(content),
        "outline": minutes_outline(content),
        "minutes": content.minutes,
        "public_edition": True,
    }
    document = templates.render("minutes.xml.j2", context)
    name = f"{meeting_stem(content)}_会議録"
    return [Paper(name, "会議録", "会議録", document, number=-1)]


def paper_context(content: MeetingContent) -> dict[str, Any]:
    """What every template sees: the committee, its style, the meeting and its materials,
    the meeting's title (its designation with the name), the materials' labels and the
    outline of the 次第 (generator.render.outlines)."""
    return {
        "committee": content.committee,
        "meeting": content.meeting,
        "style": content.committee.style,
        "materials": content.meeting.numbered(),
        "public_edition": False,
        "title": meeting_title(content.committee, content.meeting),
        "labels": content.labels,
        "outline": agenda_outline(content),
    }


def _digits(content: MeetingContent, text: str) -> str:
    """Numbers as the committee prints them (１２３ when its style says fullwidth)."""
    return to_fullwidth_digits(text) if content.committee.style.digits == "fullwidth" else text

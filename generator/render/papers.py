"""Every document a meeting makes, each rendered through its template.

The papers (the 次第 and one per handout) are written as DOCX and PDF; the public edition's
次第 and the 資料番号 box of each attached PDF go only into the packets. All are rendered
here, before any is checked or drawn, so every one of them passes the same preflight.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import HandoutsError, Problem
from ..model import Material, MeetingContent
from .formatting import to_fullwidth_digits
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
    number: int = 0  # its 資料 number; 0 for the 次第
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
    """What every file of the meeting is named after: 第4回."""
    return f"第{content.meeting.number}回"


def packet_title(content: MeetingContent) -> str:
    """The packet's document title: 第４回小金井市市民協働のあり方等検討委員会会議資料."""
    return _digits(content, f"{meeting_stem(content)}{content.committee.name}会議資料")


def material_listing(content: MeetingContent, number: int, material: Material) -> tuple[str, str]:
    """(label, outline title) of a material in the packet: 資料２, 資料２ 「協働」の定義について."""
    label = _digits(content, f"資料{number}")
    return label, _digits(content, f"{label} {material.title}")


def render_meeting(
    content: MeetingContent, templates: Templates, attached: Iterable[int]
) -> Rendered:
    """The 次第, one paper per handout, the public 次第 and a stamp per attached material."""
    base = paper_context(content)
    stem = meeting_stem(content)
    papers = [Paper(f"{stem}_次第", AGENDA, AGENDA, templates.render("agenda.xml.j2", base))]
    problems: list[Problem] = []
    for h in content.handouts:
        context = {**base, "handout": h.content, "number": h.number, "material": h.material}
        try:
            document = templates.render(h.content.template, context)
        except HandoutsError as exc:
            problems.extend(exc.problems)
            continue
        label, title = material_listing(content, h.number, h.material)
        papers.append(
            Paper(f"{stem}_資料{h.number}", label, title, document, h.number, h.material.public)
        )
    if problems:
        raise HandoutsError(problems)
    public_agenda = None
    if any(m.title is not None and not m.public for m in content.meeting.materials):
        public_agenda = templates.render("agenda.xml.j2", {**base, "public_edition": True})
    materials = dict(content.meeting.numbered())
    stamps = {
        number: templates.render(
            "stamp.xml.j2", {**base, "number": number, "material": materials[number]}
        )
        for number in attached
    }
    return Rendered(papers, public_agenda, stamps)


def paper_context(content: MeetingContent) -> dict[str, Any]:
    """What every template sees: the committee, its style, the meeting and its materials."""
    return {
        "committee": content.committee,
        "meeting": content.meeting,
        "style": content.committee.style,
        "materials": content.meeting.numbered(),
        "public_edition": False,
    }


def _digits(content: MeetingContent, text: str) -> str:
    """Numbers as the committee prints them (１２３ when its style says fullwidth)."""
    return to_fullwidth_digits(text) if content.committee.style.digits == "fullwidth" else text

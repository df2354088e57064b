"""The meeting packet (会議資料): the 次第 and every material's paper in one PDF, as members get it.

Generated handouts go in as written; attached PDFs get the 資料番号 stamp. Each paper has an
outline entry and page labels (資料２ 1/3), so a member on a tablet can find and name a page.
When a material is not public, a public edition leaves it out and its 次第 marks the item.

A packet of generated papers only is spliced from their PDFs (generator.pdfsplice); one with
attached PDFs is merged by pypdf, which is loaded only then.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .attachment import Attachment, load_attachments
from .errors import Problem
from .formatting import to_fullwidth_digits
from .metrics import Measure
from .model import MeetingContent
from .pdfsplice import Paper, splice
from .styles import StyleSheet
from .templating import Templates
from .tree import Document
from .writers.pdf_layout import Layout

if TYPE_CHECKING:
    from pypdf import PdfWriter

    from .stamp import StampArt

_BLANK_LABEL = "白紙"


@dataclass(frozen=True)
class Press:
    """What prints a paper the way the generated handouts look: templates, styles and fonts."""

    templates: Templates
    sheet: StyleSheet
    measure: Measure
    author: str
    date: datetime

    def pdf(self, document: Document) -> tuple[bytes, int]:
        from .writers.pdf_writer import write_pdf

        return write_pdf(document, self.sheet, self.measure, author=self.author, stamp=self.date)


@dataclass(frozen=True)
class Part:
    """One paper inside the packet."""

    label: str  # 次第, 資料２: what page labels and the outline call it
    title: str  # the outline entry
    pdf: bytes
    public: bool = True
    ours: bool = True  # written by this build's PDF writer (not an attached PDF)


@dataclass(frozen=True)
class Packets:
    files: dict[Path, bytes]
    pages: dict[Path, int]
    attachments: list[Attachment]
    warnings: list[Problem]  # stamps that could not avoid the page's text


def packets(
    content: MeetingContent,
    press: Press,
    context: dict[str, Any],
    papers: dict[int, bytes],
    out: Path,
    *,
    duplex: bool = False,
) -> Packets:
    """The members' packet, and the public edition when any material is not public.

    `papers` holds the written PDFs by 資料 number (0 for the 次第); `context` is what the
    templates saw, so the public 次第 differs from the members' only by its flag.
    """
    attachments = load_attachments(content)
    parts, warnings = _parts(content, press, context, papers, attachments)
    stem = content.stem
    title = _digits(content, f"{content.title}会議資料")
    agenda = Part("次第", "次第", papers[0])
    editions = {out / f"{stem}_会議資料.pdf": (title, [agenda, *parts])}
    if any(m.title is not None and not m.public for m in content.meeting.materials):
        document = press.templates.render("agenda.xml.j2", {**context, "public_edition": True})
        public_agenda = Part("次第", "次第", press.pdf(document)[0])
        editions[out / f"{stem}_会議資料_公開用.pdf"] = (
            f"{title}（公開用）",
            [public_agenda, *(p for p in parts if p.public)],
        )
    files, pages = {}, {}
    for path, (edition_title, edition_parts) in editions.items():
        files[path], pages[path] = assemble(
            edition_parts, title=edition_title, author=press.author, date=press.date, duplex=duplex
        )
    return Packets(files, pages, attachments, warnings)


def _parts(
    content: MeetingContent,
    press: Press,
    context: dict[str, Any],
    papers: dict[int, bytes],
    attachments: list[Attachment],
) -> tuple[list[Part], list[Problem]]:
    """Every material that has a paper, in list order; warnings for stamps that overlap text."""
    attached = {a.number: a for a in attachments}
    labels = content.labels
    parts, warnings = [], []
    for index, (number, material) in enumerate(content.meeting.numbered()):
        if material.title is None:
            continue
        label = _digits(content, labels[number] or material.title)
        title = _digits(content, f"{labels[number]} {material.title}".strip())
        if number in papers:
            parts.append(Part(label, title, papers[number], material.public))
        elif number in attached and not labels[number]:
            parts.append(Part(label, title, attached[number].data, material.public, ours=False))
        elif number in attached:
            from .stamp import stamp_first_page

            art = _stamp_art(
                press, {**context, "number": number, "material": material, "label": labels[number]}
            )
            stamped = stamp_first_page(attached[number].data, art, press.sheet.page)
            if not stamped.clear:
                warnings.append(
                    content.meeting_source.problem(
                        ("materials", index, "attach"),
                        f"{material.attach} の1ページ目は右上に空きがなく、資料番号が文字に"
                        "重なっています",
                        "会議資料のそのページを見て、読めるかを確かめてください",
                    )
                )
            parts.append(Part(label, title, stamped.pdf, material.public, ours=False))
    return parts, warnings


def _stamp_art(press: Press, context: dict[str, Any]) -> StampArt:
    from .stamp import StampArt

    document = press.templates.render("stamp.xml.j2", context)
    layout = Layout(press.sheet, press.measure, document.orientation)
    return StampArt.draw(document, layout, press.pdf(document)[0])


def assemble(
    parts: list[Part], *, title: str, author: str, date: datetime, duplex: bool = False
) -> tuple[bytes, int]:
    """One PDF of `parts` in order: an outline entry and page labels per part.

    With `duplex`, a blank page before any part that would start on a back (even) page.
    """
    if all(part.ours for part in parts):
        papers = [Paper(part.label, part.title, part.pdf) for part in parts]
        return splice(papers, title=title, author=author, date=date, duplex=duplex)
    from pypdf import PdfReader, PdfWriter

    from .attachment import quiet_pypdf

    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"
    with quiet_pypdf():
        for part in parts:
            if duplex and len(writer.pages) % 2:
                _blank_page(writer)
            start = len(writer.pages)
            writer.append(PdfReader(io.BytesIO(part.pdf)), outline_item=part.title)
            count = len(writer.pages) - start
            for i in range(count):
                writer.set_page_label(start + i, start + i, prefix=f"{part.label} {i + 1}/{count}")
        _describe(writer, title=title, author=author, date=date)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue(), len(writer.pages)


def _blank_page(writer: PdfWriter) -> None:
    """A page with nothing on it, the size of the sheet it is the back of."""
    last = writer.pages[-1]
    blank = writer.add_blank_page(float(last.mediabox.width), float(last.mediabox.height))
    rotation = int(last.get("/Rotate", 0) or 0) % 360
    if rotation:
        blank.rotate(rotation)
    index = len(writer.pages) - 1
    writer.set_page_label(index, index, prefix=_BLANK_LABEL)


def _describe(writer: PdfWriter, *, title: str, author: str, date: datetime) -> None:
    """Title, author, language and dates from the inputs (never the clock): same bytes each time."""
    from pypdf.generic import NameObject, TextStringObject

    from .writers.pdf_file import pdf_date

    stamp = pdf_date(date).decode()
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": author,
            "/Creator": "handouts",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject("ja")
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences().display_doctitle = True


def _digits(content: MeetingContent, text: str) -> str:
    """Numbers as the committee prints them (１２３ when its style says fullwidth)."""
    return to_fullwidth_digits(text) if content.committee.style.digits == "fullwidth" else text

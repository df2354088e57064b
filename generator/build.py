"""One build: a meeting folder's content → every paper of the meeting, as DOCX and PDF."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .errors import HandoutsError, Problem
from .fonts import FontRegistry
from .glyphs import preflight
from .manifest import previous_outputs
from .metrics import Measure
from .model import MeetingContent, load_meeting
from .normalize import normalize_content
from .output import write_all
from .styles import read_stylesheet
from .templating import Templates
from .tree import Document
from .workspace import Workspace

JST = timezone(timedelta(hours=9))
_LAST_ZIP_SECOND = 4354819199  # 2107-12-31 23:59:59 UTC: the last time a .docx (zip) can carry


@dataclass(frozen=True)
class Paper:
    """One paper of the meeting (the 次第 or a 資料), rendered to the tree."""

    stem: str
    document: Document
    template: str = ""  # the template that made it, to point at a line of it
    number: int = 0  # its 資料 number; 0 for the 次第, -1 for the 会議録


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int


@dataclass(frozen=True)
class BuildResult:
    written: list[Written]
    listed_only: list[str]  # materials named in the 次第 that have no handout of their own
    warnings: list[Problem] = field(default_factory=list)  # what was changed to print at all
    removed: list[Path] = field(default_factory=list)  # an earlier build's outputs now stale


@dataclass(frozen=True)
class Prepared:
    """Every output of a build, rendered in memory: `check` stops here, `build` writes it."""

    files: dict[Path, bytes]
    result: BuildResult


def build(meeting_folder: Path, out: Path | None = None, *, duplex: bool = False) -> BuildResult:
    prepared = prepare(meeting_folder, out, duplex=duplex)
    record = next(p for p in prepared.files if p.suffix == ".json")
    earlier = previous_outputs(record)
    write_all(prepared.files)
    return replace(prepared.result, removed=_remove_stale(record.parent, earlier, prepared.files))


def _remove_stale(out: Path, earlier: set[str], now: dict[Path, bytes]) -> list[Path]:
    """Delete what the previous build wrote and this one no longer does.

    A public edition left from when a material was 非公開, or a 資料 whose material was
    removed, would otherwise sit beside the new papers and could be handed out or published.
    """
    removed = []
    for name in sorted(earlier - {p.name for p in now}):
        path = out / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def prepare(meeting_folder: Path, out: Path | None = None, *, duplex: bool = False) -> Prepared:
    """Load, validate, render and lay out every paper and the packets; write nothing.

    `duplex`: blank pages in the packets so that every paper starts on a front page.
    """
    content = normalize_content(load_meeting(meeting_folder))
    workspace = Workspace.of(meeting_folder)
    out = out if out is not None else workspace.default_output(meeting_folder)
    templates = Templates(workspace.template_dirs())
    papers = render_papers(content, templates)
    reference = templates.path_of("reference.docx")
    if reference is None:
        raise HandoutsError.single(
            "参照用 .docx（reference.docx）が見つかりません",
            "templates/ に reference.docx を置くか、消して既定のものに戻してください",
        )
    sheet = read_stylesheet(reference)
    fonts = FontRegistry.for_committee(_configured_fonts(content), _fallback_fonts(content))
    for family in sorted(sheet.fonts):
        fonts.face(family)
    measure = Measure(sheet, fonts)
    checked = preflight(content, [(p.document, p.template) for p in papers], measure, templates)
    papers = [replace(p, document=d) for p, d in zip(papers, checked.documents, strict=True)]
    stamp = build_date(content)
    author = content.committee.secretariat or content.committee.name

    from .writers.docx_writer import write_docx
    from .writers.pdf_writer import write_pdf

    files: dict[Path, bytes] = {}
    written = []
    pdfs: dict[int, bytes] = {}
    for paper in papers:
        pdf, pages = write_pdf(paper.document, sheet, measure, author=author, stamp=stamp)
        pdfs[paper.number] = pdf
        numbered = paper.document.page_numbers == "always" or (
            paper.document.page_numbers == "auto" and pages > 1
        )
        docx = write_docx(
            paper.document, sheet, measure, page_numbers=numbered, author=author, stamp=stamp
        )
        for suffix, data in ((".docx", docx), (".pdf", pdf)):
            path = out / f"{paper.stem}{suffix}"
            files[path] = data
            written.append(Written(path, pages))

    from .manifest import manifest, manifest_name
    from .packet import Press, packets

    press = Press(templates, sheet, measure, author, stamp)
    packed = packets(content, press, paper_context(content), pdfs, out, duplex=duplex)
    files.update(packed.files)
    written += [Written(path, pages) for path, pages in packed.pages.items()]
    record = out / manifest_name(content)
    files[record] = manifest(
        content, press, files, {w.path: w.pages for w in written}, packed.attachments,
        duplex=duplex,
    )  # fmt: skip
    written.append(Written(record, 0))
    listed_only = [
        m.title for _, m in content.meeting.numbered() if m.title and not (m.handout or m.attach)
    ]
    from .model.siblings import duplicate_designations

    warnings = checked.warnings + packed.warnings + duplicate_designations(content)
    return Prepared(files, BuildResult(written, listed_only, warnings))  # type: ignore[arg-type]


def render_papers(content: MeetingContent, templates: Templates) -> list[Paper]:
    """The 次第 and one paper per handout, each through its template."""
    stem = content.stem
    base = paper_context(content)
    papers = [Paper(f"{stem}_次第", templates.render("agenda.xml.j2", base), "agenda.xml.j2")]
    problems: list[Problem] = []
    for h in content.handouts:
        context: dict[str, Any] = {
            **base,
            "handout": h.content,
            "number": h.number,
            "material": h.material,
            "label": content.labels[h.number],
        }
        try:
            document = templates.render(h.content.template, context)
            papers.append(
                Paper(
                    f"{stem}_{paper_name(content, h.number, h.material)}",
                    document,
                    h.content.template,
                    number=h.number,
                )
            )
        except HandoutsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise HandoutsError(problems)
    return papers + render_minutes(content, templates)


def render_minutes(content: MeetingContent, templates: Templates) -> list[Paper]:
    """The 会議録, when meeting.yaml names its minutes file: the head from the meeting's facts
    (generator/outlines.py), the body from the minutes file. Not part of the packet."""
    if content.minutes is None:
        return []
    from .outlines import minutes_outline

    context = {
        **paper_context(content),
        "outline": minutes_outline(content),
        "minutes": content.minutes,
        "public_edition": True,
    }
    document = templates.render("minutes.xml.j2", context)
    return [Paper(f"{content.stem}_会議録", document, "minutes.xml.j2", number=-1)]


def paper_name(content: MeetingContent, number: int, material: Any) -> str:
    """A material's paper in file names: its label (資料2), or its title when it has none."""
    from .formatting import safe_name

    return safe_name(content.labels[number] or material.title)


def paper_context(content: MeetingContent) -> dict[str, Any]:
    """What every template sees: the committee, its style, the meeting and its materials,
    the meeting's title (its designation with the name), the materials' labels and the
    outline of the 次第 (generator/outlines.py)."""
    from .outlines import agenda_outline

    return {
        "committee": content.committee,
        "meeting": content.meeting,
        "style": content.committee.style,
        "materials": content.meeting.numbered(),
        "public_edition": False,
        "title": content.title,
        "labels": content.labels,
        "outline": agenda_outline(content),
    }


def build_date(content: MeetingContent) -> datetime:
    """The date the files carry: SOURCE_DATE_EPOCH if set, else the meeting's date (JST).

    Derived from the inputs, never from the clock, so the same content gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        if int(epoch) > _LAST_ZIP_SECOND:
            raise HandoutsError.single(
                f"環境変数 SOURCE_DATE_EPOCH（{epoch}）が大きすぎます",
                "2107年末までの日時を 1970年からの秒数で指定するか、指定を外してください",
            )
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    d = content.meeting.date
    return datetime(d.year, d.month, d.day, tzinfo=JST)


def _configured_fonts(content: MeetingContent) -> dict[str, tuple[Path, int]]:
    base = content.committee_source.path.parent
    return {
        name: ((base / f.file).resolve(), f.index) for name, f in content.committee.fonts.items()
    }


def _fallback_fonts(content: MeetingContent) -> list[tuple[Path, int]]:
    base = content.committee_source.path.parent
    return [((base / f.file).resolve(), f.index) for f in content.committee.fallback_fonts]

"""One build: a meeting folder's content → every paper of the meeting, as DOCX and PDF.

`prepare` reads as the pipeline, one phase a line: load the content, render every document,
preflight them all, typeset them, write the papers, assemble the packets, write the HTML
edition of the public papers, record the manifest.
`build` then writes the files as one set; `check` stops before that.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date as date_type
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .errors import HandoutsError, Problem
from .model import MeetingContent, load_meeting
from .model.attachment import REMAKE, Attachment, load_attachments, pdf_errors
from .model.committee import Style
from .model.normalize import normalize_content
from .model.paths import InputProblem, check_zip_sizes, resolve_input
from .model.source import display_path
from .output import check_spelled, journal_for, public_folder_name, recover, write_all
from .render.formatting import format_date
from .render.papers import (
    Rendered,
    material_listing,
    meeting_name,
    meeting_particulars,
    meeting_stem,
    packet_title,
    render_meeting,
)
from .render.siblings import duplicate_designations
from .render.templating import Templates
from .render.tree import Document
from .typeset.fonts import FontRegistry
from .typeset.pages import Typeset, typeset
from .typeset.preflight import preflight
from .typeset.styles import read_stylesheet
from .typeset.typography import Typography
from .workspace import Workspace
from .writers.manifest import previous_outputs

JST = timezone(timedelta(hours=9))
_LAST_ZIP_SECOND = 4354819199  # 2107-12-31 23:59:59 UTC: the last time a .docx (zip) can carry
_LAST_ZIP_YEAR = 2107


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
    """Every output of a build, made in memory: `check` stops here, `build` writes it."""

    files: dict[Path, bytes]
    result: BuildResult


@dataclass(frozen=True)
class WrittenPaper:
    """One paper's files as written, and its page count."""

    docx: bytes
    pdf: bytes
    pages: int


class Reuse:
    """What one build may take from the build before it. A cold build takes nothing; a
    long-lived process (`handouts watch`, generator/commands/warm.py) keeps what an edit did not
    touch. Whatever it keeps, the files are the ones a cold build writes."""

    def inputs(self, inputs: Inputs) -> Inputs:
        """The loaded inputs, their templates and typography perhaps the last build's."""
        return inputs

    def typeset(self, document: Document, typography: Typography) -> Typeset:
        return typeset(document, typography)

    def paper(self, stem: str, document: Document, first: int) -> WrittenPaper | None:
        """The paper as the last build wrote it, if it would write the same bytes now."""
        return None

    def keep(self, stem: str, document: Document, first: int, written: WrittenPaper) -> None:
        """This build's paper, for the next build."""


COLD = Reuse()


@dataclass(frozen=True)
class Inputs:
    """What the load phase gives every later one."""

    content: MeetingContent
    attachments: list[Attachment]
    templates: Templates
    typography: Typography
    out: Path
    author: str
    date: datetime


def build(meeting_folder: Path, out: Path | None = None, *, duplex: bool = False) -> BuildResult:
    prepared = prepare(meeting_folder, out, duplex=duplex)
    _written, removed = write_set(prepared.files)
    return replace(prepared.result, removed=removed)


def write_set(
    files: dict[Path, bytes], on_disk: Callable[[Path, bytes], bool] = lambda _p, _d: False
) -> tuple[list[Path], list[Path]]:
    """Write a build's files as one set, the previous build's stale outputs removed with it;
    the files written and those removed. A file `on_disk` says is there with its bytes already
    is left as it is (its modification time stays)."""
    record = next(p for p in files if p.suffix == ".json")
    journal = journal_for(record)
    check_spelled([*files, journal])
    if record.parent.is_dir():
        recover(journal)  # a build killed half-way: its folder back to one whole set first
    stale = _stale(record, files)
    changed = {path: data for path, data in files.items() if not on_disk(path, data)}
    write_all(changed, remove=stale, journal=journal)
    return list(changed), stale


def prepare(
    meeting_folder: Path,
    out: Path | None = None,
    *,
    duplex: bool = False,
    reuse: Reuse = COLD,
) -> Prepared:
    """Every file of the build, in memory; nothing is written.

    `duplex`: blank pages in the packets so that every paper starts on a front page.
    `reuse`: what may be taken from the last build of this meeting (commands/warm.py).
    """
    inputs = reuse.inputs(load(meeting_folder, out))
    rendered = render_meeting(
        inputs.content, inputs.templates, (a.number for a in inputs.attachments)
    )
    checked = preflight(inputs.content, rendered.documents(), inputs.typography)
    rendered = rendered.with_documents([_dated(d, inputs) for d in checked.documents])
    files, pages = write_papers(inputs, rendered, reuse)
    packets = assemble_packets(inputs, rendered, files, duplex=duplex)
    files.update(packets.files)
    pages.update(packets.pages)
    html, html_pages = write_html_edition(inputs, rendered, files, pages, packets.stamped)
    files.update(html)
    pages.update(html_pages)
    record = inputs.out / f"{meeting_stem(inputs.content)}_manifest.json"
    files[record] = record_manifest(
        inputs, rendered, files, pages, duplex=duplex, disarmed=packets.disarmed
    )
    written = [Written(path, pages.get(path, 0)) for path in files]
    listed_only = [
        m.title
        for _, m in inputs.content.meeting.numbered()
        if m.title and not (m.handout or m.attach)
    ]
    warnings = checked.warnings + packets.warnings + duplicate_designations(inputs.content)
    return Prepared(files, BuildResult(written, listed_only, warnings))


def load(meeting_folder: Path, out: Path | None) -> Inputs:
    """The content, validated, normalized and located; its attachments; the look it asks for."""
    content = normalize_content(load_meeting(meeting_folder, _excel_date)).located()
    _check_printable_date(content)
    attachments = load_attachments(content)
    workspace = Workspace.of(meeting_folder)
    templates = Templates(workspace.template_dirs())
    reference = templates.path_of("reference.docx")
    if reference is None:
        raise HandoutsError.single(
            "参照用 .docx（reference.docx）が見つかりません",
            "templates/ に reference.docx を置くか、消して既定のものに戻してください",
        )
    try:
        check_zip_sizes(reference, "docx")
    except InputProblem as exc:
        raise HandoutsError.single(exc.message, exc.hint, file=display_path(reference)) from None
    sheet = read_stylesheet(reference)
    try:
        fonts = FontRegistry.for_committee(_configured_fonts(content), _fallback_fonts(content))
        typography = Typography(sheet, fonts)
        typography.faces_in_effect()  # every font the styles name has a file, or a message says so
    except HandoutsError as exc:
        raise HandoutsError([_at_font_line(content, p) for p in exc.problems]) from None
    return Inputs(
        content,
        attachments,
        templates,
        typography,
        out if out is not None else workspace.default_output(meeting_folder),
        content.committee.secretariat or content.committee.name,
        build_date(content),
    )


def write_papers(
    inputs: Inputs, rendered: Rendered, reuse: Reuse = COLD
) -> tuple[dict[Path, bytes], dict[Path, int]]:
    """Each paper typeset and written as a .docx and a .pdf, by its file name; the page count
    of each.

    Each PDF's object numbers follow the previous one's, so the packet takes them as they are.
    """
    from .writers.docx_writer import write_docx
    from .writers.pdf_file import next_number
    from .writers.pdf_writer import write_pdf

    files: dict[Path, bytes] = {}
    pages: dict[Path, int] = {}
    first = 1
    for paper in rendered.papers:
        written = reuse.paper(paper.stem, paper.document, first)
        if written is None:
            laid = reuse.typeset(paper.document, inputs.typography)
            written = WrittenPaper(write_docx(laid), write_pdf(laid, first=first), len(laid.pages))
            reuse.keep(paper.stem, paper.document, first, written)
        for suffix, data in ((".docx", written.docx), (".pdf", written.pdf)):
            files[inputs.out / f"{paper.stem}{suffix}"] = data
            pages[inputs.out / f"{paper.stem}{suffix}"] = written.pages
        first = next_number(written.pdf)
    return files, pages


def _public_agenda_pdf(inputs: Inputs, agenda: Document, papers: list[bytes]) -> tuple[bytes, int]:
    """The public edition's 次第 as a PDF, its object numbers after the papers'; its pages."""
    from .writers.pdf_file import next_number
    from .writers.pdf_writer import write_pdf

    agenda_set = typeset(agenda, inputs.typography)
    first = max(map(next_number, papers))
    return write_pdf(agenda_set, first=first), len(agenda_set.pages)


@dataclass(frozen=True)
class Packets:
    """The packets, and what went into them from outside: the attached PDFs as stamped."""

    files: dict[Path, bytes]
    pages: dict[Path, int]
    stamped: dict[int, bytes]  # each attached PDF as the packets hold it, by 資料 number
    disarmed: dict[int, list[str]]  # the active content removed from each, by 資料 number
    warnings: list[Problem]  # stamps over text, active content removed, untagged attachments


def assemble_packets(
    inputs: Inputs, rendered: Rendered, files: dict[Path, bytes], *, duplex: bool
) -> Packets:
    """The packets from the papers' PDFs and the stamped attachments."""
    from .writers.packet import assemble, editions
    from .writers.pdfsplice import Part

    content = inputs.content
    pdf_of = {p.number: files[inputs.out / f"{p.stem}.pdf"] for p in rendered.papers}
    stamped, warnings, disarmed = _stamped(inputs, rendered)
    materials = []
    for number, material in content.meeting.numbered():
        if material.title is not None and (number in pdf_of or number in stamped):
            label, title = material_listing(content, number, material)
            pdf = pdf_of.get(number) or stamped[number]
            materials.append(Part(label, title, pdf, material.public))
    agenda = Part("次第", "次第", pdf_of[0])
    public_agenda = None
    if rendered.public_agenda is not None:
        public, _ = _public_agenda_pdf(inputs, rendered.public_agenda, list(pdf_of.values()))
        public_agenda = Part("次第", "次第", public)
    stem, title = meeting_stem(content), packet_title(content)
    packets: dict[Path, bytes] = {}
    pages: dict[Path, int] = {}
    for edition in editions(inputs.out, stem, title, agenda, public_agenda, materials):
        packets[edition.path], pages[edition.path] = assemble(
            edition, author=inputs.author, date=inputs.date, duplex=duplex
        )
    return Packets(packets, pages, stamped, disarmed, warnings)


def write_html_edition(
    inputs: Inputs,
    rendered: Rendered,
    files: dict[Path, bytes],
    pages: dict[Path, int],
    stamped: dict[int, bytes],
) -> tuple[dict[Path, bytes], dict[Path, int]]:
    """The public edition for the city's website, in 第N回_公開用/: a page per public paper,
    beside its PDF, and index.html listing them with their formats and sizes; the page count
    of each PDF. A paper that is not public is not in it; the 次第 is the public one; an
    attached PDF is there as stamped, with no page of its own."""
    from .writers.html_writer import Listed, index_page, paper_page

    content = inputs.content
    stem = meeting_stem(content)
    folder = inputs.out / public_folder_name(stem)
    out: dict[Path, bytes] = {}
    counts: dict[Path, int] = {}
    listed: dict[int, Listed] = {}  # by 資料 number: the 次第 (0), the 資料, the 会議録 (-1)
    public = {number for number, m in content.meeting.numbered() if m.public}
    attached = {a.number: a.pages for a in inputs.attachments if a.number in public}
    for number, material in content.meeting.numbered():
        if number in attached and number in stamped:
            name = f"{stem}_資料{number}.pdf"
            out[folder / name], counts[folder / name] = stamped[number], attached[number]
            title = material_listing(content, number, material)[1]
            listed[number] = Listed(title, name, len(stamped[number]))
    for paper in rendered.papers:
        if not paper.public:
            continue
        written = inputs.out / f"{paper.stem}.pdf"
        document, pdf, count = paper.document, files[written], pages[written]
        if paper.number == 0 and rendered.public_agenda is not None:
            document = rendered.public_agenda
            papers = [files[inputs.out / f"{p.stem}.pdf"] for p in rendered.papers]
            pdf, count = _public_agenda_pdf(inputs, document, papers)
        title = document.title if paper.number <= 0 else paper.title  # 次第, 会議録: their own
        out[folder / f"{paper.stem}.pdf"], counts[folder / f"{paper.stem}.pdf"] = pdf, count
        out[folder / f"{paper.stem}.html"] = paper_page(document, inputs.typography)
        listed[paper.number] = Listed(title, f"{paper.stem}.pdf", len(pdf), f"{paper.stem}.html")
    public_packet = f"{stem}_会議資料_公開用.pdf"
    if inputs.out / public_packet not in files:
        public_packet = f"{stem}_会議資料.pdf"
    packet = files[inputs.out / public_packet]
    out[folder / public_packet] = packet
    counts[folder / public_packet] = pages[inputs.out / public_packet]
    papers_listed = [listed[n] for n in sorted(listed, key=lambda n: (n < 0, n))]
    papers_listed.append(Listed("会議資料（一括）", public_packet, len(packet)))
    out[folder / "index.html"] = index_page(
        meeting_name(content), meeting_particulars(content), papers_listed, inputs.typography.fonts
    )
    return out, counts


def _stamped(
    inputs: Inputs, rendered: Rendered
) -> tuple[dict[int, bytes], list[Problem], dict[int, list[str]]]:
    """Each attached PDF with its 資料番号 box on the first page (one without a label as it is)
    and no active content, by 資料 number; warnings; the active content removed from each."""
    if not inputs.attachments:
        return {}, [], {}
    from .writers.pdf_writer import write_pdf
    from .writers.stamp import StampArt, for_packet
    from .writers.tagged import is_tagged

    page = inputs.typography.sheet.page
    stamped, warnings, disarmed = {}, [], {}
    for index, (number, material) in enumerate(inputs.content.meeting.numbered()):
        attachment = next((a for a in inputs.attachments if a.number == number), None)
        if attachment is None or material.title is None:
            continue
        art = None
        if number in rendered.stamps:
            stamp = typeset(rendered.stamps[number], inputs.typography)
            art = StampArt.of(stamp, write_pdf(stamp, artifact=True))
        loc = ("materials", index, "attach")
        try:
            result = for_packet(attachment.data, art, page)
        except pdf_errors() as exc:
            raise HandoutsError(
                [
                    inputs.content.meeting_source.problem(
                        loc,
                        f"{material.attach} は壊れているため資料番号を入れられません（{exc}）",
                        REMAKE,
                    )
                ]
            ) from None
        stamped[number] = result.pdf
        disarmed[number] = result.removed
        if not is_tagged(attachment.data):
            warnings.append(
                inputs.content.meeting_source.problem(
                    loc,
                    f"{material.attach} はタグ付き PDF ではありません。会議資料は作りましたが、"
                    "読み上げ（PDF/UA）の検査には通りません",
                    "元の文書を「タグ付き PDF」（Word なら「ドキュメント構造タグを含める」）で"
                    "書き出して差し替えてください",
                )
            )
        if result.removed:
            warnings.append(
                inputs.content.meeting_source.problem(
                    loc,
                    f"{material.attach} から、開くと動く内容（{'、'.join(result.removed)}）を"
                    "取り除いて会議資料に綴じました",
                    "元のファイルはそのままです。必要なら作成元に確かめてください",
                )
            )
        if not result.clear:
            warnings.append(
                inputs.content.meeting_source.problem(
                    loc,
                    f"{material.attach} の1ページ目は右上に空きがなく、資料番号が文字に"
                    "重なっています",
                    "会議資料のそのページを見て、読めるかを確かめてください",
                )
            )
    return stamped, warnings, disarmed


def record_manifest(
    inputs: Inputs,
    rendered: Rendered,
    files: dict[Path, bytes],
    pages: dict[Path, int],
    *,
    duplex: bool,
    disarmed: dict[int, list[str]],
) -> bytes:
    """The archive record of this build: every output and every input, with their hashes."""
    from .writers.manifest import manifest

    templates = [d.template for d in rendered.documents() if d.template is not None]
    templates.append(inputs.typography.sheet.path)
    return manifest(
        inputs.content,
        files,
        pages,
        attachments=inputs.attachments,
        templates=templates,
        fonts=inputs.typography.faces_in_effect(),
        libraries=_libraries(bool(inputs.attachments)),
        duplex=duplex,
        disarmed=disarmed,
    )


def _libraries(attached: bool) -> dict[str, str]:
    """Versions of the libraries that can change the outputs' bytes in this build.

    Jinja2 renders the templates and lxml re-serializes the DOCX parts; pypdf reads and stamps
    attached PDFs (the PDF and DOCX writers are handouts' own). Read from the modules the build
    has loaded anyway.
    """
    import jinja2
    from lxml import etree

    found = {"jinja2": jinja2.__version__, "lxml": etree.__version__}
    if attached:
        import pypdf

        found["pypdf"] = pypdf.__version__
    return found


def _excel_date(date: date_type, style: Style) -> str:
    """A spreadsheet's date cell as the committee writes dates (令和６年５月１０日)."""
    return format_date(date, style.calendar, style.digits, weekday=False)


def _dated(document: Document, inputs: Inputs) -> Document:
    """The document with the build's author and date, which both writers put in its metadata."""
    return replace(document, author=inputs.author, date=inputs.date)


def _stale(record: Path, now: dict[Path, bytes]) -> list[Path]:
    """What the previous build of this meeting wrote and this one no longer does.

    A public edition left from when a material was 非公開, or a 資料 whose material was
    removed, would otherwise sit beside the new papers and could be handed out or published.
    Only a file still exactly as that build wrote it (its hash in the manifest) is removed.
    """
    names = {p.relative_to(record.parent).as_posix() for p in now}
    stale = []
    for name, sha256 in sorted(previous_outputs(record, now[record]).items()):
        path = record.parent / name
        ours = name not in names and path.is_file() and not path.is_symlink()
        if ours and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
            stale.append(path)
    return stale


def build_date(content: MeetingContent) -> datetime:
    """The date the files carry: SOURCE_DATE_EPOCH if set, else the meeting's date (JST).

    Derived from the inputs, never from the clock, so the same content gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and not epoch.isascii():
        raise HandoutsError.single(
            f"環境変数 SOURCE_DATE_EPOCH（{epoch}）が半角の数字ではありません",
            "1970年からの秒数を半角の数字（0〜9）で指定するか、指定を外してください",
        )
    if epoch.isdigit():
        if int(epoch) > _LAST_ZIP_SECOND:
            raise HandoutsError.single(
                f"環境変数 SOURCE_DATE_EPOCH（{epoch}）が大きすぎます",
                "2107年末までの日時を 1970年からの秒数で指定するか、指定を外してください",
            )
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    d = content.meeting.date
    if d.year > _LAST_ZIP_YEAR:
        raise HandoutsError(
            [
                content.meeting_source.problem(
                    ("date",),
                    f"{d.year}年の日付は Word ファイルに記録できません（{_LAST_ZIP_YEAR}年まで）",
                    "開催日の年を確かめてください",
                )
            ]
        )
    return datetime(d.year, d.month, d.day, tzinfo=JST)


def _check_printable_date(content: MeetingContent) -> None:
    """A 和暦 date the 次第 cannot print is reported at meeting.yaml's date line, not inside the
    template that would print it."""
    if content.committee.style.calendar != "wareki":
        return
    from .render.formatting import wareki_date

    try:
        wareki_date(content.meeting.date)
    except ValueError as exc:
        message, _, hint = str(exc).partition("。")
        raise HandoutsError([content.meeting_source.problem(("date",), message, hint)]) from None


def _configured_fonts(content: MeetingContent) -> dict[str, tuple[Path, int]]:
    return {
        name: (_font_path(content, ("fonts", name, "file"), f.file), f.index)
        for name, f in content.committee.fonts.items()
    }


def _fallback_fonts(content: MeetingContent) -> list[tuple[Path, int]]:
    return [
        (_font_path(content, ("fallback_fonts", i, "file"), f.file), f.index)
        for i, f in enumerate(content.committee.fallback_fonts)
    ]


def _at_font_line(content: MeetingContent, problem: Problem) -> Problem:
    """A problem with a font file committee.yaml names, moved to the line that names it."""
    base = content.committee_source.path.parent
    named = {
        **{("fonts", name, "file"): f.file for name, f in content.committee.fonts.items()},
        **{
            ("fallback_fonts", i, "file"): f.file
            for i, f in enumerate(content.committee.fallback_fonts)
        },
    }
    if problem.file is None or problem.line is not None:
        return problem
    for loc, file in named.items():
        try:
            path = (base / file).resolve()
        except (OSError, RuntimeError, ValueError):  # said already where the path was checked
            continue
        if display_path(path) == problem.file:
            return content.committee_source.problem(loc, f"{file}: {problem.message}", problem.hint)
    return problem


def _font_path(content: MeetingContent, loc: tuple[str | int, ...], name: str) -> Path:
    """A font file committee.yaml names, resolved inside the workspace, or a message at its line."""
    source = content.committee_source
    try:
        return resolve_input(source.path.parent, name, Workspace.of(content.folder).root)
    except InputProblem as exc:
        raise HandoutsError([source.problem(loc, exc.message, exc.hint)]) from None

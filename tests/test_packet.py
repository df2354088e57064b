"""The meeting packet: 次第 and papers in one PDF, stamped attachments, outline, public edition."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_sample_committee, needs_poppler, pdf_text, run_handouts, squash
from hypothesis import example, given
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

PACKET = "第4回_会議資料.pdf"
PUBLIC = "第4回_会議資料_公開用.pdf"
MANIFEST = "第4回_manifest.json"
A4 = (595.28, 841.89)


# --- making the inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One page of a test attachment: its text, size, /Rotate and where the text starts."""

    text: str
    size: tuple[float, float] = A4
    rotate: int = 0
    at: tuple[float, float] | None = None  # text origin; default: top left inside margins


def make_pdf(path: Path, sheets: list[Sheet]) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    for sheet in sheets:
        canvas.setPageSize(sheet.size)
        canvas.setFont("Helvetica", 14)
        x, y = sheet.at or (72, sheet.size[1] - 100)
        canvas.drawString(x, y, sheet.text)
        canvas.showPage()
    canvas.save()
    if any(s.rotate for s in sheets):
        writer = PdfWriter(io.BytesIO(out.getvalue()))
        for page, sheet in zip(writer.pages, sheets, strict=True):
            if sheet.rotate:
                page.rotate(sheet.rotate)
        out = io.BytesIO()
        writer.write(out)
    path.write_bytes(out.getvalue())
    return path


MEETING = """\
number: 4
date: 2011-03-02
start: "10:00"
end: "12:00"
place: 萌え木ホールＡ会議室
agenda:
  - 協働の定義
materials:
  - title: 市民協働に関する小金井市実態調査報告書
    attach: report.pdf
  - title: 「協働の定義」についての小金井市及び他市等の例
    handout: definitions.yaml
  - title: 「協働の意義」についての他市等の例
{extra}
  - note: 以下は、情報提供として資料を提出するものです。
  - title: 新聞記事抜粋
    attach: clipping.pdf
"""


def workspace(
    root: Path, extra: str = "", committee_extra: str = "", mark: str | None = None
) -> Path:
    """A copy of the sample committee whose 第４回 attaches PDFs; returns the meeting folder."""
    committee = root / "content" / "koganei-kyodo"
    copy_sample_committee(committee)
    meeting = committee / "04"
    (meeting / "meeting.yaml").write_text(MEETING.format(extra=extra), encoding="utf-8")
    path = committee / "committee.yaml"
    text = path.read_text(encoding="utf-8")
    if mark is not None:
        assert "\nstyle:\n" in text
        text = text.replace("\nstyle:\n", f"\nstyle:\n  private_mark: {mark}\n")
    path.write_text(text + committee_extra, encoding="utf-8")
    make_pdf(
        meeting / "report.pdf",
        [Sheet("Survey report page one"), Sheet("Survey report page two"), Sheet("Page three")],
    )
    make_pdf(meeting / "clipping.pdf", [Sheet("Newspaper clipping", size=(A4[1], A4[0]))])
    return meeting


def build(meeting: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_handouts("build", meeting, "--out", out, *args)
    assert result.returncode == 0, result.stderr
    return result


def outline(pdf: Path) -> list[tuple[str, int]]:
    reader = PdfReader(pdf)
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


def page_text(pdf: Path, page: int) -> str:
    """Text of one page (1-based), whitespace removed."""
    return squash(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip


def word_box(pdf: Path, page: int, word: str) -> tuple[float, float, float, float, float, float]:
    """(xMin, yMin, xMax, yMax, width, height) of `word` on the page as a reader sees it.

    pdftotext gives the word in display coordinates (y down) but the unturned page size.
    """
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found = re.search(
        rf'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">{word}</word>',
        html,
    )
    assert found, f"{word} not on page {page}"
    x0, y0, x1, y1 = map(float, found.groups())
    shown = PdfReader(pdf).pages[page - 1]
    width, height = float(shown.mediabox.width), float(shown.mediabox.height)
    if shown.rotation % 180:
        width, height = height, width
    return x0, y0, x1, y1, width, height


# --- the members' packet -------------------------------------------------------------------


@pytest.fixture(scope="module")
def packet_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("packet")
    meeting = workspace(root / "ws")
    out = root / "out"
    return meeting, out, build(meeting, out).stdout


def test_packet_holds_the_agenda_then_every_paper_in_list_order(packet_build) -> None:
    _, out, stdout = packet_build
    assert f"{PACKET}（7ページ）" in stdout  # 次第 1 + 資料１ 3 + 資料２ 2 + 資料４ 1
    assert outline(out / PACKET) == [
        ("次第", 0),
        ("資料１ 市民協働に関する小金井市実態調査報告書", 1),
        ("資料２ 「協働の定義」についての小金井市及び他市等の例", 4),
        ("資料４ 新聞記事抜粋", 6),
    ]


def test_material_without_a_file_is_listed_only_in_the_agenda(packet_build) -> None:
    _, out, stdout = packet_build
    assert "次第のみ: 「協働の意義」についての他市等の例" in stdout
    assert "次第のみ: 市民協働" not in stdout and "次第のみ: 新聞記事抜粋" not in stdout
    assert "「協働の意義」についての他市等の例" in page_text(out / PACKET, 1)


def test_every_page_has_a_label_naming_its_paper(packet_build) -> None:
    _, out, _ = packet_build
    assert PdfReader(out / PACKET).page_labels == [
        "次第 1/1", "資料１ 1/3", "資料１ 2/3", "資料１ 3/3", "資料２ 1/2", "資料２ 2/2", "資料４ 1/1",
    ]  # fmt: skip


def test_packet_is_titled_in_japanese_by_the_secretariat(packet_build) -> None:
    _, out, _ = packet_build
    reader = PdfReader(out / PACKET)
    assert reader.metadata.title == "第４回小金井市市民協働のあり方等検討委員会会議資料"
    assert reader.metadata.author == "小金井市"
    assert reader.trailer["/Root"]["/Lang"] == "ja"


@needs_poppler
def test_attachment_first_page_is_stamped_and_keeps_its_text(packet_build) -> None:
    _, out, _ = packet_build
    first, second = page_text(out / PACKET, 2), page_text(out / PACKET, 3)
    assert first.startswith("資料１") or first.endswith("資料１")
    assert "Surveyreportpageone" in first
    assert "資料１" not in second and "Surveyreportpagetwo" in second


@needs_poppler
def test_stamp_sits_top_right_clear_of_the_page_text(packet_build) -> None:
    _, out, _ = packet_build
    x0, y0, x1, y1, width, height = word_box(out / PACKET, 2, "資料１")
    assert width / 2 < x0 < x1 <= width and 0 <= y0 < y1 < height / 4
    tx0, ty0, tx1, _, *_ = word_box(out / PACKET, 2, "Survey")
    assert y1 < ty0 or x1 < tx0 or tx1 < x0


@needs_poppler
def test_stamp_matches_the_generated_handouts_number(packet_build) -> None:
    """Same style from reference.docx: the same font and size as 資料２'s own box."""
    _, out, _ = packet_build
    stamp = word_box(out / PACKET, 2, "資料１")
    own = word_box(out / PACKET, 5, "資料２")
    assert abs((stamp[3] - stamp[1]) - (own[3] - own[1])) < 0.5
    assert abs((stamp[2] - stamp[0]) - (own[2] - own[0])) < 0.5


def test_attachment_pages_keep_their_size(packet_build) -> None:
    _, out, _ = packet_build
    pages = PdfReader(out / PACKET).pages
    assert [round(float(p.mediabox.width)) for p in pages] == [595] * 6 + [842]


def test_individual_papers_are_still_written(packet_build) -> None:
    _, out, _ = packet_build
    assert {"第4回_次第.pdf", "第4回_資料2.pdf", "第4回_資料2.docx", PACKET, MANIFEST} <= {
        p.name for p in out.iterdir()
    }
    assert not (out / PUBLIC).exists()  # every material is public


# --- where the stamp goes ------------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize(
    "sheet",
    [
        Sheet("Landscape", size=(A4[1], A4[0])),
        Sheet("Rotated ninety", rotate=90),
        Sheet("Rotated oneeighty", rotate=180),
        Sheet("Rotated twoseventy", size=(A4[1], A4[0]), rotate=270),
        Sheet("Postcard", size=(283, 420)),
        Sheet("Ticket", size=(120, 60), at=(5, 30)),
        Sheet("Crowded top right", at=(430, A4[1] - 60)),
    ],
    ids=lambda s: s.text,
)
def test_stamp_is_inside_the_page_as_a_reader_sees_it(tmp_path: Path, sheet: Sheet) -> None:
    meeting = workspace(tmp_path / "ws")
    make_pdf(meeting / "report.pdf", [sheet])
    build(meeting, tmp_path / "out")
    packet = tmp_path / "out" / PACKET
    x0, y0, x1, y1, width, height = word_box(packet, 2, "資料１")
    assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    assert (x0 + x1) / 2 >= width / 2 - 1 and y1 < height / 2  # top right, upright as read
    assert sheet.text.replace(" ", "") in page_text(packet, 2)


@needs_poppler
def test_stamp_moves_off_text_at_the_usual_place(tmp_path: Path) -> None:
    meeting = workspace(tmp_path / "ws")
    make_pdf(meeting / "report.pdf", [Sheet("HEADERTEXT", at=(430, A4[1] - 60))])
    result = build(meeting, tmp_path / "out")
    packet = tmp_path / "out" / PACKET
    sx0, sy0, sx1, sy1, *_ = word_box(packet, 2, "資料１")
    tx0, ty0, tx1, ty1, *_ = word_box(packet, 2, "HEADERTEXT")
    assert sy1 <= ty0 or ty1 <= sy0 or sx1 <= tx0 or tx1 <= sx0
    assert "資料番号が文字に重なっています" not in result.stderr


def test_a_page_full_of_text_gets_the_stamp_and_a_warning(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    meeting = workspace(tmp_path / "ws")
    canvas = Canvas(str(meeting / "report.pdf"), pagesize=A4, invariant=1)
    canvas.setFont("Helvetica", 14)
    for y in range(0, 842, 8):
        canvas.drawString(0, y, "8" * 80)
    canvas.save()
    result = build(meeting, tmp_path / "out")
    assert re.search(
        r"meeting\.yaml:\d+: materials\.0\.attach: report\.pdf の1ページ目", result.stderr
    )
    assert "資料１" in page_text(tmp_path / "out" / PACKET, 2)


@given(
    width=st.floats(20, 3000),
    height=st.floats(20, 3000),
    texts=st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(1, 400), st.floats(1, 60)),
        max_size=30,
    ),
)
@example(width=20.0, height=20.0, texts=[(0.5, 0.125, 1.0, 1.0)])  # the preferred place lay outside
def test_placement_never_leaves_the_page(width: float, height: float, texts: list) -> None:
    from generator.writers.stamp import Rect, View, place

    extent = Rect(450, 700, 530, 730)
    obstacles = [Rect(x * width, y * height, x * width + w, y * height + h) for x, y, w, h in texts]
    view = View(width, height, (1, 0, 0, 1, 0, 0))
    rect, clear = place(extent, view, obstacles, (70.85, 42.5))
    assert 0 <= rect.left < rect.right <= width and 0 <= rect.bottom < rect.top <= height
    assert rect.width <= extent.width + 1e-9
    if clear:
        assert not any(rect.overlaps(o) for o in obstacles)


# --- duplex ----------------------------------------------------------------------------------


def test_duplex_starts_every_paper_on_a_front_page(tmp_path: Path) -> None:
    meeting = workspace(tmp_path / "ws")
    result = build(meeting, tmp_path / "out", "--duplex")
    packet = tmp_path / "out" / PACKET
    starts = [page for _, page in outline(packet)]
    assert starts == [0, 2, 6, 8]  # 次第 1+白紙, 資料１ 3+白紙, 資料２ 2, 資料４
    assert all(page % 2 == 0 for page in starts)
    assert f"{PACKET}（9ページ）" in result.stdout
    reader = PdfReader(packet)
    for blank in (1, 5):
        assert reader.pages[blank].extract_text() == ""
        assert not reader.pages[blank].get_contents()
    assert reader.page_labels[1] == "白紙" and reader.page_labels[5] == "白紙"


def test_without_duplex_there_are_no_blank_pages(packet_build) -> None:
    _, out, _ = packet_build
    assert all(page.extract_text().strip() for page in PdfReader(out / PACKET).pages)


# --- the public edition -------------------------------------------------------------------


PRIVATE = "  - title: 個人情報を含む名簿\n    attach: roster.pdf\n    public: false"


@pytest.fixture(scope="module")
def public_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("public")
    meeting = workspace(root / "ws", extra=PRIVATE, mark="【非公開】")
    make_pdf(meeting / "roster.pdf", [Sheet("Secret roster"), Sheet("More names")])
    build(meeting, root / "out")
    return root / "out"


def test_public_edition_leaves_out_the_private_paper(public_build: Path) -> None:
    public = public_build / PUBLIC
    assert [title for title, _ in outline(public)] == [
        "次第",
        "資料１ 市民協働に関する小金井市実態調査報告書",
        "資料２ 「協働の定義」についての小金井市及び他市等の例",
        "資料５ 新聞記事抜粋",
    ]
    assert len(PdfReader(public).pages) == 7
    assert "Secret" not in pdf_text(public) and "More names" not in pdf_text(public)
    assert PdfReader(public).metadata.title.endswith("会議資料（公開用）")


def test_members_packet_still_has_everything(public_build: Path) -> None:
    packet = public_build / PACKET
    assert ("資料４ 個人情報を含む名簿", 6) in outline(packet)
    assert len(PdfReader(packet).pages) == 9
    assert "Secretroster" in page_text(packet, 7)


@needs_poppler
def test_public_agenda_marks_the_private_item(public_build: Path) -> None:
    assert "（４）個人情報を含む名簿【非公開】" in page_text(public_build / PUBLIC, 1)
    for members in (public_build / PACKET, public_build / "第4回_次第.pdf"):
        agenda = page_text(members, 1)
        assert "（４）個人情報を含む名簿" in agenda and "非公開" not in agenda


def test_default_mark_and_a_private_item_without_a_file(tmp_path: Path) -> None:
    meeting = workspace(tmp_path / "ws", extra="  - title: 個人情報を含む名簿\n    public: false")
    build(meeting, tmp_path / "out")
    assert "（４）個人情報を含む名簿（非公開）" in page_text(tmp_path / "out" / PUBLIC, 1)


# --- the manifest --------------------------------------------------------------------------


def test_manifest_hashes_every_output(public_build: Path) -> None:
    record = json.loads((public_build / MANIFEST).read_text(encoding="utf-8"))
    files = {
        p.relative_to(public_build).as_posix() for p in public_build.rglob("*") if p.is_file()
    } - {MANIFEST}
    assert {e["file"] for e in record["outputs"]} == files
    for entry in record["outputs"]:
        data = (public_build / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        if entry["file"].endswith(".pdf"):
            assert entry["pages"] == len(PdfReader(public_build / entry["file"]).pages)


def test_manifest_hashes_the_inputs_used(public_build: Path) -> None:
    record = json.loads((public_build / MANIFEST).read_text(encoding="utf-8"))
    inputs = {e["file"]: e for e in record["inputs"]}
    meeting = public_build.parent / "ws" / "content" / "koganei-kyodo" / "04"
    for name in ("report.pdf", "roster.pdf", "meeting.yaml", "definitions.yaml"):
        entry = inputs[f"content/koganei-kyodo/04/{name}"]
        assert entry["sha256"] == hashlib.sha256((meeting / name).read_bytes()).hexdigest()
    assert inputs["content/koganei-kyodo/04/report.pdf"]["pages"] == 3
    roles = {e["role"] for e in record["inputs"]}
    assert roles == {"content", "attachment", "template", "font"}
    assert any(f.endswith("reference.docx") for f in inputs)
    assert any(f.endswith("stamp.xml.j2") for f in inputs)


def test_manifest_names_the_committees_fallback_font(tmp_path: Path) -> None:
    from generator.resources import bundled_fonts

    meeting = workspace(
        tmp_path / "ws", committee_extra="fallback_fonts:\n  - file: fonts/extra.ttf\n"
    )
    font = meeting.parent / "fonts" / "extra.ttf"
    font.parent.mkdir()
    shutil.copy(bundled_fonts() / "BIZUDGothic-Regular.ttf", font)
    build(meeting, tmp_path / "out")
    record = json.loads((tmp_path / "out" / MANIFEST).read_text(encoding="utf-8"))
    entry = next(
        e for e in record["inputs"] if e["file"] == "content/koganei-kyodo/fonts/extra.ttf"
    )
    assert entry["role"] == "font"
    assert entry["sha256"] == hashlib.sha256(font.read_bytes()).hexdigest()


def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    """Two workspaces in different places, built at different times: identical files."""
    outs = []
    for name in ("a", "b"):
        meeting = workspace(tmp_path / name / "ws", extra=PRIVATE)
        make_pdf(meeting / "roster.pdf", [Sheet("Secret roster")])
        build(meeting, tmp_path / name / "out", "--duplex")
        outs.append(tmp_path / name / "out")
    for name in (PACKET, PUBLIC, MANIFEST):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


# --- bad attachments -----------------------------------------------------------------------


def encrypted(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret", algorithm="RC4-128")
    with path.open("wb") as f:
        writer.write(f)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.unlink(), "ファイル report.pdf がありません"),
        (lambda p: p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8), "report.pdf は壊れている"),
        (lambda p: p.write_bytes(p.read_bytes()[:300]), "report.pdf は壊れている"),
        (lambda p: p.write_text("not a pdf"), "report.pdf は PDF ではありません"),
        (encrypted, "report.pdf はパスワードで保護（暗号化）されています"),
    ],
    ids=["missing", "garbage", "truncated", "not-pdf", "encrypted"],
)
def test_bad_attachment_names_the_material_and_writes_nothing(
    tmp_path: Path, damage, message: str
) -> None:
    meeting = workspace(tmp_path / "ws")
    damage(meeting / "report.pdf")
    out = tmp_path / "out"
    result = run_handouts("build", meeting, "--out", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(
        i
        for i, text in enumerate((meeting / "meeting.yaml").read_text().splitlines(), 1)
        if "attach: report.pdf" in text
    )
    assert f"meeting.yaml:{line}: materials.0.attach: {message}" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_every_bad_attachment_is_reported_at_once(tmp_path: Path) -> None:
    meeting = workspace(tmp_path / "ws")
    (meeting / "report.pdf").unlink()
    (meeting / "clipping.pdf").write_bytes(b"%PDF-1.4 broken")
    result = run_handouts("build", meeting, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "materials.0.attach" in result.stderr and "materials.4.attach" in result.stderr


@pytest.mark.parametrize(
    ("material", "message"),
    [
        (
            "  - title: 表\n    attach: table.xlsx",
            "attach には PDF ファイル（.pdf）を指定してください",
        ),
        (
            "  - title: 二重\n    handout: definitions.yaml\n    attach: report.pdf",
            "handout と attach は一つの資料にどちらか一方だけ書けます",
        ),
        ("  - note: 注記\n    public: false", "public は title と一緒に書いてください"),
    ],
    ids=["not-pdf-name", "handout-and-attach", "public-on-note"],
)
def test_material_fields_are_checked(tmp_path: Path, material: str, message: str) -> None:
    meeting = workspace(tmp_path / "ws", extra=material)
    result = run_handouts("build", meeting, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert message in result.stderr

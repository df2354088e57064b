"""Accessible publication: tagged PDF/UA-1 and PDF/A-2 papers and packets, and the HTML edition.

What a city's web team and archive check: an accessibility checker (outloud, PDF/UA-1 rules)
finds no error in the papers or the public packet; the structure tree reads as the paper does
(compared with reference dumps in tests/data/structure/); the PDF/A parts are there and agree
with the document information; the HTML edition parses, lists only public papers with their
sizes, and says what the PDFs say.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from math import ceil
from pathlib import Path

import pytest
from conftest import (
    copy_sample_committee,
    needs_poppler,
    pdf_text,
    run_handouts,
    squash,
)
from pdf_structure import paint_order, reading_order, structure_dump, tagged_text
from pypdf import PdfReader

REFERENCE = Path(__file__).resolve().parent / "data" / "structure"
PAGE_NUMBER = re.compile(r"-[0-9０-９]+-")
PRIVATE_TITLE = "「協働の意義」についての他市等の例"
PUBLIC_FOLDER = "第4回_公開用"
needs_outloud = pytest.mark.skipif(
    shutil.which("outloud") is None and not (Path(sys.executable).parent / "outloud").exists(),
    reason="outloud（pip install outloud）がありません",
)
needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf がありません")


def _meeting(root: Path, *, table: bool, private: bool) -> Path:
    """The sample meeting, its handout in the table layout and one material not public if asked."""
    copy_sample_committee(root / "content" / "koganei-kyodo")
    meeting = root / "content" / "koganei-kyodo" / "04"
    if table:
        path = meeting / "definitions.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ngroups:", "\nlayout: table\ngroups:", 1), encoding="utf-8")
    if private:
        path = meeting / "meeting.yaml"
        text = path.read_text(encoding="utf-8")
        line = f"  - title: {PRIVATE_TITLE}\n"
        assert line in text
        path.write_text(text.replace(line, line + "    public: false\n"), encoding="utf-8")
    return meeting


def _build(meeting: Path, out: Path) -> subprocess.CompletedProcess:
    result = run_handouts("build", meeting, "--out", out)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def list_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as it is: the list layout, every material public."""
    root = tmp_path_factory.mktemp("list")
    _build(_meeting(root / "ws", table=False, private=False), root / "out")
    return root / "out"


@pytest.fixture(scope="module")
def table_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with its handout as a table and one material not public: a public packet."""
    root = tmp_path_factory.mktemp("table")
    _build(_meeting(root / "ws", table=True, private=True), root / "out")
    return root / "out"


def _pdfs(out: Path) -> list[Path]:
    return sorted(out.rglob("*.pdf"))


# --- PDF/UA-1 ----------------------------------------------------------------------------------


def _outloud_results(paths: list[Path]) -> dict[str, dict]:
    """outloud's JSON result for each file, by file name."""
    exe = shutil.which("outloud") or str(Path(sys.executable).parent / "outloud")
    result = subprocess.run(
        [exe, "--json", "-", "--fail-on", "never", "-q", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout[result.stdout.index("{") :])
    return {Path(f["path"]).name: f for f in report["results"]}


def _outloud(paths: list[Path]) -> dict[str, int]:
    """Errors outloud reports, by file name."""
    return {
        name: f["counts"]["error"] + (f["error"] is not None)
        for name, f in _outloud_results(paths).items()
    }


def _misread(finding: dict, path: Path) -> bool:
    """Whether a warning is one of outloud's known misreadings of a correct file.

    - HDG-010 takes a heading for a reference number when it is all word characters with a
      digit in at most two "words"; Japanese puts no spaces between words, so a title such as
      第４回…委員会次第 is one word with a digit. No PDF/UA-1 clause limits a heading's text.
    - ORD-001 lists each element's own content before its kids', wherever the content stands
      in /K, so a P holding [Span 用語, definition] reads as definition first although /K and
      the page both put the term first; test_pages_paint_content_in_the_trees_order checks
      the order exactly instead.
    - TBL-014 matches a ruled grid to a Table through the Table's own /Pg, which is optional
      (ISO 32000-1, table 323) and names one page only, so a tagged table reads as untagged.
    """
    rule = finding["rule"]
    if rule == "HDG-010":
        return re.fullmatch(r"第[0-9０-９]+回\S+", finding.get("evidence", "")) is not None
    if rule == "TBL-014":
        return "Table" in structure_dump(path).split()
    return rule == "ORD-001"


@needs_outloud
def test_accessibility_checker_finds_no_error_in_papers_and_packets(
    list_build: Path, table_build: Path
) -> None:
    checked = [
        list_build / "第4回_次第.pdf",
        list_build / "第4回_資料2.pdf",
        list_build / "第4回_会議資料.pdf",
        table_build / "第4回_資料2.pdf",
        table_build / "第4回_会議資料_公開用.pdf",
        table_build / PUBLIC_FOLDER / "第4回_次第.pdf",
    ]
    for paths in (checked[:3], checked[3:]):  # the two builds share file names
        results = _outloud_results(paths)
        assert len(results) == len(paths)
        for path in paths:
            result = results[path.name]
            assert result["error"] is None and result["counts"]["error"] == 0, result
            warnings = [f for f in result["findings"] if f["severity"] == "warning"]
            assert [f for f in warnings if not _misread(f, path)] == [], path


def test_pages_paint_content_in_the_trees_order(list_build: Path, table_build: Path) -> None:
    """A reader that follows the page (copying text, reflowing) gets what the tags say, in order."""
    for pdf in _pdfs(list_build) + _pdfs(table_build):
        painted = paint_order(pdf)
        assert painted, pdf
        assert [m for m in reading_order(pdf) if m in set(painted)] == painted, pdf


@needs_poppler
def test_every_pdf_says_it_is_tagged(list_build: Path, table_build: Path) -> None:
    for pdf in _pdfs(list_build) + _pdfs(table_build):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), pdf
        reader = PdfReader(str(pdf))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "ja"
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
        assert all(page["/Tabs"] == "/S" for page in reader.pages)


@pytest.mark.parametrize(
    ("build", "name", "reference"),
    [
        ("list_build", "第4回_次第.pdf", "次第.txt"),
        ("list_build", "第4回_資料2.pdf", "資料2_list.txt"),
        ("table_build", "第4回_資料2.pdf", "資料2_table.txt"),
        ("table_build", "第4回_会議資料_公開用.pdf", "会議資料_公開用.txt"),
    ],
)
def test_structure_tree_reads_as_the_reference(
    build: str, name: str, reference: str, request: pytest.FixtureRequest
) -> None:
    """HANDOUTS_UPDATE_REFERENCES=1 rewrites the references; read the diff before committing."""
    dump = structure_dump(request.getfixturevalue(build) / name)
    path = REFERENCE / reference
    if os.environ.get("HANDOUTS_UPDATE_REFERENCES"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(dump, encoding="utf-8")
    assert dump == path.read_text(encoding="utf-8")


def test_packet_holds_one_part_per_paper(table_build: Path) -> None:
    dump = structure_dump(table_build / "第4回_会議資料_公開用.pdf").splitlines()
    assert dump[0] == "Document"
    assert [line for line in dump if line.startswith("  ") and not line.startswith("   ")] == [
        "  Part",
        "  Part",
    ]


def test_table_header_cells_head_their_columns_and_a_group_row_spans_them(
    table_build: Path,
) -> None:
    dump = structure_dump(table_build / "第4回_資料2.pdf")
    assert dump.count("TH Scope=Column") == 3
    assert "TD ColSpan=3" in dump
    assert "THead" in dump and "TBody" in dump


# --- PDF/A-2 -----------------------------------------------------------------------------------


def _xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_pdfa_identification_agrees_with_the_document_information(list_build: Path) -> None:
    for pdf in _pdfs(list_build):
        reader = PdfReader(str(pdf))
        xmp, info = _xmp(reader), reader.metadata
        assert "<pdfaid:part>2</pdfaid:part>" in xmp
        assert "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        title = re.search(r'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', xmp)
        assert title is not None and title[1] == info.title
        assert f"<dc:creator><rdf:Seq><rdf:li>{info.author}</rdf:li>" in xmp
        assert "<pdf:Producer>handouts</pdf:Producer>" in xmp and info.producer == "handouts"
        created = re.search(r"<xmp:CreateDate>(.*?)</xmp:CreateDate>", xmp)
        assert created is not None and created[1] == info.creation_date.isoformat()
        modified = re.search(r"<xmp:ModifyDate>(.*?)</xmp:ModifyDate>", xmp)
        assert modified is not None and modified[1] == info.modification_date.isoformat()


def test_every_pdf_has_an_srgb_output_intent_an_id_and_a_binary_header(list_build: Path) -> None:
    for pdf in _pdfs(list_build):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in data[10:14])
        reader = PdfReader(str(pdf))
        assert len(reader.trailer["/ID"]) == 2
        assert "/Encrypt" not in reader.trailer
        (intent,) = reader.trailer["/Root"]["/OutputIntents"]
        intent = intent.get_object()
        assert intent["/S"] == "/GTS_PDFA1"
        profile = intent["/DestOutputProfile"].get_object()
        assert profile["/N"] == 3
        _assert_srgb_profile(profile.get_data())
        assert b"/JavaScript" not in data and b"/Launch" not in data


def _assert_srgb_profile(data: bytes) -> None:
    """A real ICC profile: its header, its tags, and an independent reader (LittleCMS) takes it."""
    assert data[36:40] == b"acsp"
    assert int.from_bytes(data[0:4], "big") == len(data)
    assert data[12:24] == b"mntrRGB XYZ "
    count = int.from_bytes(data[128:132], "big")
    tags = {data[132 + 12 * i : 136 + 12 * i] for i in range(count)}
    assert {b"desc", b"cprt", b"wtpt", b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC"} <= tags
    image_cms = pytest.importorskip("PIL.ImageCms")
    from io import BytesIO

    profile = image_cms.ImageCmsProfile(BytesIO(data))
    assert image_cms.getProfileDescription(profile).strip() == "sRGB IEC61966-2.1"


def test_the_bundled_profile_is_srgb() -> None:
    from generator.writers.pdf_archive import srgb_profile

    _assert_srgb_profile(srgb_profile())


@needs_qpdf
def test_qpdf_finds_no_damage_in_any_pdf(list_build: Path, table_build: Path) -> None:
    for pdf in _pdfs(list_build) + _pdfs(table_build):
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, (pdf, result.stdout, result.stderr)


# --- the HTML edition --------------------------------------------------------------------------


def _parse_html(path: Path):
    html5lib = pytest.importorskip("html5lib")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes())


def _html_text(path: Path) -> str:
    tree = _parse_html(path)
    main = tree.find(".//main")
    assert main is not None
    return "".join(main.itertext())


@needs_poppler
@pytest.mark.parametrize("build", ["list_build", "table_build"])
def test_each_html_page_says_what_its_pdf_says(build: str, request: pytest.FixtureRequest) -> None:
    folder = request.getfixturevalue(build) / PUBLIC_FOLDER
    pages = sorted(folder.glob("*.html"))
    assert {p.name for p in pages} == {"index.html", "第4回_次第.html", "第4回_資料2.html"}
    for page in pages:
        if page.name == "index.html":
            continue
        pdf = page.with_suffix(".pdf")
        assert squash(_html_text(page)) == squash(tagged_text(pdf)), page
        if build == "list_build":  # and as drawn, the page numbers aside
            assert squash(_html_text(page)) == PAGE_NUMBER.sub("", squash(pdf_text(pdf))), page


def test_html_pages_are_semantic_and_self_contained(table_build: Path) -> None:
    folder = table_build / PUBLIC_FOLDER
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="ja">' in text
        assert "<script" not in text and "http" not in text and " src=" not in text
        assert "@media print" in text
    handout = _parse_html(folder / "第4回_資料2.html")
    headers = handout.findall(".//thead/tr/th")
    assert [h.get("scope") for h in headers] == ["col", "col", "col"]
    assert handout.find(".//td[@colspan='3']/h2") is not None
    agenda = _parse_html(folder / "第4回_次第.html")
    labels = ["".join(label.itertext()) for label in agenda.findall(".//ol/li/div/ol/li/span")]
    assert labels[:4] == ["（１）", "（２）", "（３）", "（４）"]
    assert agenda.find(".//h1") is not None


def test_html_pages_pass_the_checks_an_accessibility_checker_makes(
    list_build: Path, table_build: Path
) -> None:
    """One h1, a language and a title, header cells with a scope, no empty link, items in lists."""
    pages = [*(list_build / PUBLIC_FOLDER).glob("*.html")]
    for page in [*pages, *(table_build / PUBLIC_FOLDER).glob("*.html")]:
        tree = _parse_html(page)
        assert tree.get("lang") == "ja", page
        title = tree.find(".//head/title")
        assert title is not None and (title.text or "").strip(), page
        assert len(tree.findall(".//h1")) == 1, page
        assert all(th.get("scope") == "col" for th in tree.iter("th")), page
        assert all("".join(a.itertext()).strip() and a.get("href") for a in tree.iter("a")), page
        parents = {child: parent for parent in tree.iter() for child in parent}
        assert all(parents[li].tag in ("ol", "ul") for li in tree.iter("li")), page
        # lists whose markers are hidden (the labels are printed text) still say they are lists
        assert all(ol.get("role") == "list" for ol in tree.iter("ol")), page


def _style(page: Path) -> str:
    tree = _parse_html(page)
    style = tree.find(".//head/style")
    assert style is not None and style.text is not None
    return " ".join(style.text.split())


def _print_style(page: Path) -> str:
    """The rules inside @media print."""
    style = _style(page)
    start = style.index("@media print {") + len("@media print {")
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(style[end], 0)
        end += 1
    return style[start : end - 1]


def test_labels_hang_as_printed(list_build: Path) -> None:
    """Each list's text starts where its usual label ends, as on paper: （１０） reaches to the
    left of （９） and its text stays in line, also after the note that splits the list."""
    agenda = _parse_html(list_build / PUBLIC_FOLDER / "第4回_次第.html")
    hangs = [ol.get("style") for ol in agenda.iter("ol")]
    assert hangs == ["--hang: 2.0em", "--hang: 3.0em", "--hang: 3.0em", "--hang: 3.0em"]
    last = list(agenda.iter("ol"))[-1]
    assert ["".join(li[0].itertext()) for li in last][-2:] == ["（９）", "（１０）"]
    style = _style(list_build / PUBLIC_FOLDER / "第4回_次第.html")
    label = re.search(r"ol\.labelled > li > \.label \{([^}]*)\}", style)
    assert label is not None
    assert "width: var(--hang" in label[1] and "justify-content: flex-end" in label[1]
    assert "white-space: pre" in label[1]  # the full-width space after １ keeps its width


def test_the_page_places_the_title_and_the_number_box_as_the_paper_does(list_build: Path) -> None:
    """From the reference .docx's styles: the title centred, 資料２ boxed at the right (the
    資料番号 style's left indent pushes its box there), each paragraph named by its style."""
    page = list_build / PUBLIC_FOLDER / "第4回_資料2.html"
    main = _parse_html(page).find(".//main")
    assert main is not None
    assert [(child.tag, child.get("class")) for child in main[:2]] == [
        ("p", "MaterialNumber"),
        ("h1", "DocTitle"),
    ]
    rules = dict(re.findall(r"\.([A-Za-z]+) \{([^}]*)\}", _style(page)))
    assert rules["DocTitle"].strip() == "text-align: center;"
    box = rules["MaterialNumber"]
    assert "border: 1px solid #000;" in box and "width: fit-content;" in box
    assert "margin-left: auto;" in box and "margin: 0 auto;" not in box


def test_table_columns_are_as_wide_as_printed(table_build: Path) -> None:
    """The 用語 column is not squeezed to one character a line."""
    handout = _parse_html(table_build / PUBLIC_FOLDER / "第4回_資料2.html")
    widths = [col.get("style") for col in handout.findall(".//table/colgroup/col")]
    assert widths == ["width: 30.0%", "width: 12.0%", "width: 58.0%"]
    assert "table-layout: fixed" in _style(table_build / PUBLIC_FOLDER / "第4回_資料2.html")


def test_print_style_leaves_out_the_back_link_and_keeps_an_entry_together(
    list_build: Path,
) -> None:
    printed = _print_style(list_build / PUBLIC_FOLDER / "第4回_資料2.html")
    assert "nav { display: none; }" in printed
    assert "ol.labelled > li:not(:has(ol)) { break-inside: avoid; }" in printed
    assert "thead { display: table-header-group; }" in printed
    assert "@page { size: A4;" in _style(list_build / PUBLIC_FOLDER / "第4回_資料2.html")


def test_a_definition_without_a_term_stays_in_its_numbered_entry(list_build: Path) -> None:
    """As printed (indented under 「４　武蔵野市」), not at the margin splitting the list in two."""
    page = _parse_html(list_build / PUBLIC_FOLDER / "第4回_資料2.html")
    main = page.find(".//main")
    assert main is not None
    assert [child.tag for child in main] == ["p", "h1", "h2", "ol", "h2", "ol"]
    (entry,) = [li for li in main.findall("ol/li") if "武蔵野市" in "".join(li.itertext())]
    assert "協働とは、ＮＰＯ・市民活動を行う団体と市が" in "".join(entry.itertext())


def test_index_lists_each_public_paper_with_format_and_size(table_build: Path) -> None:
    folder = table_build / PUBLIC_FOLDER
    index = _parse_html(folder / "index.html")
    links = {a.get("href"): "".join(a.itertext()) for a in index.findall(".//li/a")}
    for name in ("第4回_次第.pdf", "第4回_資料2.pdf", "第4回_会議資料_公開用.pdf"):
        size = ceil((folder / name).stat().st_size / 1024)
        assert links[name].endswith(f"（PDF形式 {size}キロバイト）"), links[name]
    assert links["第4回_資料2.pdf"].startswith("資料２ ")
    assert links["第4回_資料2.html"] == "HTML版"
    assert all((folder / href).is_file() for href in links)
    assert (folder / "第4回_会議資料_公開用.pdf").read_bytes() == (
        table_build / "第4回_会議資料_公開用.pdf"
    ).read_bytes()


def test_a_paper_that_is_not_public_never_appears_in_the_html_edition(
    tmp_path: Path,
) -> None:
    """Not even from an earlier build, when the paper was public."""
    meeting = _meeting(tmp_path / "ws", table=False, private=False)
    out = tmp_path / "out"
    _build(meeting, out)
    assert (out / PUBLIC_FOLDER / "第4回_資料2.html").is_file()
    path = meeting / "meeting.yaml"
    text = path.read_text(encoding="utf-8")
    line = "    handout: definitions.yaml\n"
    path.write_text(text.replace(line, line + "    public: false\n"), encoding="utf-8")
    _build(meeting, out)
    folder = out / PUBLIC_FOLDER
    assert sorted(p.name for p in folder.iterdir()) == [
        "index.html",
        "第4回_会議資料_公開用.pdf",
        "第4回_次第.html",
        "第4回_次第.pdf",
    ]
    for page in folder.glob("*.html"):
        assert "定義" not in page.read_text(encoding="utf-8").replace("協働の定義", "")


# --- attached PDFs -----------------------------------------------------------------------------


def _attach(meeting: Path, name: str, pdf: bytes) -> None:
    (meeting / name).write_bytes(pdf)
    path = meeting / "meeting.yaml"
    text = path.read_text(encoding="utf-8")
    line = "  - title: 市民協働に関する小金井市実態調査報告書\n"
    path.write_text(text.replace(line, line + f"    attach: {name}\n"), encoding="utf-8")


def test_an_untagged_attachment_still_makes_the_packet_and_is_reported(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    meeting = _meeting(tmp_path / "ws", table=False, private=False)
    canvas = Canvas(str(tmp_path / "r.pdf"), invariant=1)
    canvas.drawString(72, 720, "Survey report")
    canvas.save()
    _attach(meeting, "report.pdf", (tmp_path / "r.pdf").read_bytes())
    out = tmp_path / "out"
    result = _build(meeting, out)
    assert "report.pdf" in result.stdout + result.stderr
    assert "タグ" in result.stdout + result.stderr
    record = json.loads((out / "第4回_manifest.json").read_text(encoding="utf-8"))
    (attachment,) = [e for e in record["inputs"] if e["role"] == "attachment"]
    assert attachment["tagged"] is False
    packet = PdfReader(str(out / "第4回_会議資料.pdf"))
    assert len(packet.pages) == 4
    assert "<pdfuaid:part>" not in _xmp(packet) and "<pdfaid:part>" not in _xmp(packet)
    # a public attachment is on the website too, stamped as in the packet, with no page of its own
    index = _parse_html(out / PUBLIC_FOLDER / "index.html")
    links = {a.get("href"): "".join(a.itertext()) for a in index.findall(".//li/a")}
    assert links["第4回_資料1.pdf"].startswith(
        "資料１ 市民協働に関する小金井市実態調査報告書（PDF形式 "
    )
    stamped = PdfReader(str(out / PUBLIC_FOLDER / "第4回_資料1.pdf"))
    assert "資料１" in stamped.pages[0].extract_text()


@needs_outloud
def test_a_tagged_attachment_keeps_its_tags_in_the_packet(list_build: Path, tmp_path: Path) -> None:
    meeting = _meeting(tmp_path / "ws", table=False, private=False)
    _attach(meeting, "tagged.pdf", (list_build / "第4回_次第.pdf").read_bytes())
    out = tmp_path / "out"
    result = _build(meeting, out)
    assert "タグ" not in result.stdout + result.stderr
    record = json.loads((out / "第4回_manifest.json").read_text(encoding="utf-8"))
    (attachment,) = [e for e in record["inputs"] if e["role"] == "attachment"]
    assert attachment["tagged"] is True
    dump = structure_dump(out / "第4回_会議資料.pdf").splitlines()
    assert [line for line in dump if line.startswith("  ") and not line.startswith("   ")] == [
        "  Part",
        "  Part",
        "  Part",
    ]
    assert _outloud([out / "第4回_会議資料.pdf"]) == {"第4回_会議資料.pdf": 0}

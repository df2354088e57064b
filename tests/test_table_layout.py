"""`layout: table`: a comparison handout as a 比較表 on A4 landscape, in the PDF and the DOCX.

The header row opens every page, a row is never split across pages, and every string of the
content is there, in order. The PDF's text is read in the order the file holds it
(`pdftotext -raw`): pdftotext's default reading guesses columns and interleaves the cells.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import (
    copy_sample_committee,
    libreoffice_pdf,
    needs_poppler,
    needs_soffice,
    run_handouts,
    squash,
)
from conftest import page_texts as pdf_page_texts

from generator.render.formatting import to_fullwidth_digits
from generator.render.markup import MarkupError, parse

HANDOUT = "第4回_資料2"
HEADER = "出典用語定義"
PAGE_NUMBER = re.compile(r"-[0-9０-９]+-")
SENTENCE = (
    "市民及び市が、それぞれの役割と責任に基づき、対等の立場で連携協力し市政を充実させること。"
)


def workspace(tmp: Path, definitions: str | None = None) -> Path:
    """The sample meeting in a workspace of its own, its handout set to `layout: table`."""
    copy_sample_committee(tmp / "content" / "koganei-kyodo")
    path = tmp / "content" / "koganei-kyodo" / "04" / "definitions.yaml"
    text = definitions if definitions is not None else path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ngroups:", "\nlayout: table\ngroups:", 1), encoding="utf-8")
    return tmp / "content" / "koganei-kyodo" / "04"


def build(meeting: Path, out: Path) -> Path:
    result = run_handouts("build", meeting, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def content_strings(meeting: Path) -> list[str]:
    """Every printed string of the handout's YAML, in order, as the committee prints digits."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((meeting / "definitions.yaml").read_text(encoding="utf-8"))
    out = [data["title"]]
    for group in data["groups"]:
        out.append(group["heading"])
        for entry in group["entries"]:
            out += [entry[k] for k in ("source", "detail", "term", "text") if k in entry]
    return [squash(to_fullwidth_digits(s)) for s in out]


def assert_in_order(strings: list[str], text: str) -> None:
    at = 0
    for s in strings:
        found = text.find(s, at)
        assert found >= 0, f"{s!r} missing (or out of order) after position {at}"
        at = found + len(s)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, whitespace and page number removed, in the order the PDF holds it."""
    return [PAGE_NUMBER.sub("", squash(text)) for text in pdf_page_texts(pdf)]


def docx_reading(path: Path) -> str:
    """The DOCX's text in reading order: body paragraphs and, row by row, table cells."""
    import docx

    body = docx.Document(str(path)).element.body
    return "".join(
        "".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t")))
        for p in body.iter(docx.oxml.ns.qn("w:p"))
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("table")
    meeting = workspace(tmp)
    return meeting, build(meeting, tmp / "out")


def long_definitions(entries: int = 30) -> str:
    """A comparison long enough for several landscape pages, each row's text marked."""
    lines = ["kind: comparison", "title: 長い比較表", "groups:"]
    for n in range(1, entries + 1):
        if n % 10 == 1:
            lines += [f"  - heading: 区分{n // 10 + 1}", "    entries:"]
        body = f"定義{n:03d}始" + SENTENCE * (1 + n * 7 % 6) + f"定義{n:03d}終"
        lines += [
            f"      - source: 出典{n:03d}の名称",
            f"        detail: 第{n}条",
            f"        term: 用語{n:03d}",
            f"        text: {body}",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def long_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("long")
    meeting = workspace(tmp, long_definitions())
    return meeting, build(meeting, tmp / "out")


def test_sample_builds_on_landscape_pages(sample: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    _meeting, out = sample
    pages = PdfReader(out / f"{HANDOUT}.pdf").pages
    assert len(pages) >= 1
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (
            pytest.approx(841.9, abs=0.5),
            pytest.approx(595.3, abs=0.5),
        )


@needs_poppler
def test_pdf_has_every_string_in_order(sample: tuple[Path, Path]) -> None:
    meeting, out = sample
    assert_in_order(content_strings(meeting), "".join(page_texts(out / f"{HANDOUT}.pdf")))


def test_docx_has_every_string_in_order_in_its_table(sample: tuple[Path, Path]) -> None:
    meeting, out = sample
    assert_in_order(content_strings(meeting), docx_reading(out / f"{HANDOUT}.docx"))


def test_docx_table_repeats_its_header_and_keeps_rows_whole(sample: tuple[Path, Path]) -> None:
    import docx
    from docx.oxml.ns import qn

    _meeting, out = sample
    document = docx.Document(str(out / f"{HANDOUT}.docx"))
    section = document.sections[0]
    assert section.page_width > section.page_height
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["出典", "用語", "定義"]
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(grid) * 635 - text_width) < 635 * len(grid)  # twips → EMU, rounding
    assert table.style.name == "Table Grid"
    assert {p.style.name for p in table.rows[1].cells[0].paragraphs} == {"表区分"}


@needs_poppler
def test_long_table_repeats_the_header_on_every_page(long_build: tuple[Path, Path]) -> None:
    _meeting, out = long_build
    pages = page_texts(out / f"{HANDOUT}.pdf")
    assert len(pages) >= 4
    assert pages[0].startswith("資料２長い比較表" + HEADER)
    for text in pages[1:]:
        assert text.startswith(HEADER)


@needs_poppler
def test_long_table_never_splits_a_row_across_pages(long_build: tuple[Path, Path]) -> None:
    meeting, out = long_build
    pages = page_texts(out / f"{HANDOUT}.pdf")
    for n in range(1, 31):
        mark = to_fullwidth_digits(f"{n:03d}")
        cells = [f"出典{mark}の名称", f"用語{mark}", f"定義{mark}始", f"定義{mark}終"]
        holding = [i for i, text in enumerate(pages) if any(c in text for c in cells)]
        assert len(holding) == 1, f"row {n} is on pages {[i + 1 for i in holding]}"
        assert all(c in pages[holding[0]] for c in cells)
    assert_in_order(content_strings(meeting), "".join(pages))


@needs_poppler
def test_row_taller_than_a_page_goes_on_between_lines(tmp_path: Path) -> None:
    """The one case a row must break: it goes on over the next page, header first, no line lost."""
    huge = "定義始" + SENTENCE * 60 + "定義終"
    definitions = (
        "kind: comparison\ntitle: 長い定義\ngroups:\n  - heading: 区分\n    entries:\n"
        f"      - source: 出典\n        term: 用語\n        text: {huge}\n"
    )
    meeting = workspace(tmp_path, definitions)
    pages = page_texts(build(meeting, tmp_path / "out") / f"{HANDOUT}.pdf")
    assert len(pages) >= 2
    assert all(text.startswith(HEADER) for text in pages[1:])
    body = "".join(text.removeprefix(HEADER) for text in pages)
    assert body.count(SENTENCE) == 60
    assert_in_order(content_strings(meeting), body)


@needs_soffice
def test_libreoffice_reads_the_table_docx(long_build: tuple[Path, Path], tmp_path: Path) -> None:
    meeting, out = long_build
    converted = libreoffice_pdf(out / f"{HANDOUT}.docx", tmp_path)
    assert converted.is_file()
    if shutil.which("pdftotext"):
        pages = page_texts(converted)
        assert len(pages) >= 4
        assert all(HEADER in text for text in pages)
        assert_in_order(content_strings(meeting), "".join(pages))


def test_unknown_layout_is_reported_at_its_line(tmp_path: Path) -> None:
    meeting = workspace(tmp_path)
    path = meeting / "definitions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("layout: table", "layout: 表"))
    result = run_handouts("build", meeting, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert re.search(
        r"definitions\.yaml:3: layout: 使えない値です — list、table のどれか", result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ('<table><col width="1"/><tr><td><p style="表本文">a</p></td>'
         '<td><p style="表本文">b</p></td></tr></table>', "<col> の数 1"),
        ('<table><col width="1"/><tr><td></td></tr></table>', "<td> には <p>"),
        ('<table><col width="幅"/><tr><td><p style="表本文">a</p></td></tr></table>', "width"),
    ],
)  # fmt: skip
def test_template_table_mistakes_are_named(markup: str, message: str) -> None:
    with pytest.raises(MarkupError, match=re.escape(message)):
        parse(f"<document>{markup}</document>")

"""Three real committees' meeting records (会議録), written through the model, not as text.

Each committee in content/ builds a 会議録 whose text holds the lines the published record
has (tests/data/realworld/*/expected.txt, from ../shared/reference/realworld), in order,
compared as that folder's README says: NFKC, all whitespace removed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, docx_text, needs_poppler, pdf_text, run_handouts, squash
from pdf_structure import structure_dump

EXPECTED = Path(__file__).resolve().parent / "data" / "realworld"
MEETINGS = {
    "komae-sanka-kyodo": "2019-12-13",
    "fuchu-kyodo-suishin": "01",
    "kamakura-kouhou": "2024-05-10",
}


def normal(text: str) -> str:
    return squash(unicodedata.normalize("NFKC", text))


def missing_in_order(text: str, expected: str) -> list[str]:
    """The expected lines not found in `text` after the line before them, in order."""
    haystack, at, missing = normal(text), 0, []
    for line in expected.splitlines():
        wanted = normal(line)
        if not wanted:
            continue
        found = haystack.find(wanted, at)
        if found < 0:
            missing.append(line)
        else:
            at = found + len(wanted)
    return missing


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for committee, meeting in MEETINGS.items():
        folder = tmp_path_factory.mktemp(committee)
        result = run_handouts("build", ROOT / "content" / committee / meeting, "--out", folder)
        assert result.returncode == 0, result.stderr
        out[committee] = folder
    return out


def record(folder: Path, suffix: str) -> Path:
    (path,) = folder.glob(f"*_会議録{suffix}")
    return path


def test_missing_in_order_reads_lines_in_order() -> None:
    assert missing_in_order("１ 日時\n令和元年", "1 日時\n令和元年") == []
    assert missing_in_order("令和元年 日時", "日時\n令和元年") == ["令和元年"]


@needs_poppler
@pytest.mark.parametrize("committee", MEETINGS)
def test_record_pdf_holds_the_published_text_in_order(
    built: dict[str, Path], committee: str
) -> None:
    expected = (EXPECTED / committee / "expected.txt").read_text(encoding="utf-8")
    text = pdf_text(record(built[committee], ".pdf"), raw=True)
    assert missing_in_order(text, expected) == []


@pytest.mark.parametrize("committee", MEETINGS)
def test_record_docx_holds_the_published_text_in_order(
    built: dict[str, Path], committee: str
) -> None:
    expected = (EXPECTED / committee / "expected.txt").read_text(encoding="utf-8")
    text = docx_text(record(built[committee], ".docx"))
    assert missing_in_order(text, expected) == []


NARRATIVE = {  # a narrative paragraph of each record, and the agenda item it is printed under
    "komae-sanka-kyodo": ("－資料２・３に基づき、事務局から説明－", "市民フォーラムについて"),
    "fuchu-kyodo-suishin": ("委員に委嘱状を伝達した。", "開会・委嘱状の伝達"),
    "kamakura-kouhou": ("次に、「2　その他(1)リハーサルの日程について」を議題とし", "審議内容"),
}


@pytest.mark.parametrize("committee", MEETINGS)
def test_what_was_said_stays_with_the_agenda_item_it_is_printed_under(
    built: dict[str, Path], committee: str
) -> None:
    """A screen reader, and the HTML edition written from the same tags, keep each narrative
    paragraph inside its item's list entry, as the page indents it; none falls out of the list."""
    dump = structure_dump(record(built[committee], ".pdf")).splitlines()
    top = {line.strip() for line in dump if line.startswith("  ") and not line.startswith("   ")}
    assert top == {"H1", "L"}
    said, item = NARRATIVE[committee]
    (at,) = [n for n, line in enumerate(dump) if line.strip().startswith(f'"{said}')]
    depth = len(dump[at - 1]) - len(dump[at - 1].lstrip())  # the paragraph's P
    holder = next(n for n in range(at - 2, -1, -1) if len(dump[n]) - len(dump[n].lstrip()) < depth)
    assert dump[holder].strip() == "LBody"
    assert dump[holder + 1].strip() == f'"{item}"'


def test_records_are_named_by_designation_or_date(built: dict[str, Path]) -> None:
    assert record(built["fuchu-kyodo-suishin"], ".pdf").name == "第1回_会議録.pdf"
    assert record(built["kamakura-kouhou"], ".pdf").name == "2024-05-10_会議録.pdf"
    assert record(built["komae-sanka-kyodo"], ".pdf").name == "2019-12-13_会議録.pdf"


def test_the_record_is_not_in_the_members_packet(built: dict[str, Path]) -> None:
    packet = next(built["fuchu-kyodo-suishin"].glob("*_会議資料.pdf"))
    from pypdf import PdfReader

    outline = [item.title for item in PdfReader(packet).outline]
    assert outline[0] == "次第" and not any("会議録" in title for title in outline)


def test_the_websites_list_puts_the_record_after_the_agenda_under_its_own_title(
    built: dict[str, Path],
) -> None:
    """A citizen finds the 次第 first and the 会議録 last, named as its first line names it."""
    (index,) = built["kamakura-kouhou"].glob("*_公開用/index.html")
    listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', index.read_text(encoding="utf-8"))
    assert [re.sub(r"（PDF形式 \d+キロバイト）", "", title) for title in listed] == [
        "議会広報委員会次第",
        "議会広報委員会会議録",
        "会議資料（一括）",
    ]


@pytest.mark.parametrize("committee", MEETINGS)
def test_the_websites_page_says_when_and_where_as_the_agenda_does(
    built: dict[str, Path], committee: str
) -> None:
    (index,) = built[committee].glob("*_公開用/index.html")
    facts = re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", index.read_text(encoding="utf-8"))
    assert [name for name, _ in facts] == (
        ["日時", "会場"] if committee == "fuchu-kyodo-suishin" else ["日時", "場所"]
    )
    (agenda,) = built[committee].glob("*_次第.docx")
    printed = normal(docx_text(agenda))
    assert all(normal(value) in printed for _, value in facts), facts


@needs_poppler
def test_the_agenda_follows_the_committees_outline(built: dict[str, Path]) -> None:
    text = normal(pdf_text(next(built["kamakura-kouhou"].glob("*_次第.pdf")), raw=True))
    assert text.startswith("議会広報委員会次第")
    assert "1議題(1)議会報告会についてア班編成についてイ手引きについて2その他" in text


soffice = shutil.which("soffice") or shutil.which("libreoffice")


@needs_poppler
@pytest.mark.skipif(soffice is None, reason="LibreOffice (soffice) がありません")
def test_libreoffice_reads_the_record_docx(built: dict[str, Path], tmp_path: Path) -> None:
    docx = record(built["komae-sanka-kyodo"], ".docx")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        capture_output=True, check=True, timeout=240,
    )  # fmt: skip
    expected = (EXPECTED / "komae-sanka-kyodo" / "expected.txt").read_text(encoding="utf-8")
    assert missing_in_order(pdf_text(tmp_path / f"{docx.stem}.pdf", raw=True), expected) == []

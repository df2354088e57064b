"""What Word shows about a .docx before its text: 互換モード in the title bar, and the
文書情報 (application, pages, words) read from the file's properties."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample_committee, run_handouts
from lxml import etree
from pypdf import PdfReader

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS = {"w": W, "ep": EP}


def compatibility_mode(docx: Path) -> str | None:
    settings = etree.fromstring(zipfile.ZipFile(docx).read("word/settings.xml"))
    found = settings.xpath(
        "w:compat/w:compatSetting[@w:name='compatibilityMode']/@w:val", namespaces=NS
    )
    return found[0] if found else None


def app_properties(docx: Path) -> dict[str, str]:
    app = etree.fromstring(zipfile.ZipFile(docx).read("docProps/app.xml"))
    return {etree.QName(el).localname: el.text or "" for el in app}


def body_text(docx: Path) -> str:
    """Every paragraph's text, table cells included, as Word counts it."""
    document = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    return "".join(document.xpath("//w:body//w:t/text()", namespaces=NS))


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's papers and the `init` example's, its comparison laid out as a table."""
    tmp = tmp_path_factory.mktemp("papers")
    assert run_handouts("build", ROOT / "content/koganei-kyodo/04", "--out", tmp).returncode == 0
    ws = tmp / "ws"
    assert run_handouts("init", ws).returncode == 0
    handout = ws / "content/iinkai/01/teigi.yaml"
    text = handout.read_text(encoding="utf-8")
    handout.write_text(text.replace("\ntitle:", "\nlayout: table\ntitle:", 1), encoding="utf-8")
    result = run_handouts("build", ws / "content/iinkai/01", "--out", tmp)
    assert result.returncode == 0, result.stderr
    return {p.stem: p for p in tmp.glob("*.docx")}


def test_every_paper_opens_without_compatibility_mode(papers: dict[str, Path]) -> None:
    assert {"第4回_次第", "第4回_資料2", "第1回_次第", "第1回_資料1"} <= set(papers)
    for docx in papers.values():
        assert compatibility_mode(docx) == "15", docx.name


def test_a_table_sits_on_the_margin_as_mode_15_places_it(papers: dict[str, Path]) -> None:
    document = zipfile.ZipFile(papers["第1回_資料2"]).read("word/document.xml").decode()
    assert "<w:tbl>" in document
    assert set(re.findall(r'<w:tblInd w:w="(\d+)"', document)) == {"0"}


def test_properties_name_handouts_and_the_pages_as_printed(papers: dict[str, Path]) -> None:
    for stem, docx in papers.items():
        app = app_properties(docx)
        assert app["Application"] == "handouts"
        assert "AppVersion" not in app and "Template" not in app
        pdf = docx.with_suffix(".pdf")
        assert int(app["Pages"]) == len(PdfReader(pdf).pages), stem
    assert app_properties(papers["第4回_資料2"])["Pages"] == "2"


def test_properties_count_the_characters_of_the_paper(papers: dict[str, Path]) -> None:
    for docx in papers.values():
        app = app_properties(docx)
        text = body_text(docx)
        assert int(app["CharactersWithSpaces"]) == len(text) > 50
        assert int(app["Characters"]) == len(re.sub(r"\s", "", text))
        # Word's count for Japanese: each character a word, a run of half-width letters one.
        ascii_runs = re.findall(r"[!-~]+", text)
        words = len(re.sub(r"\s", "", text)) - sum(map(len, ascii_runs)) + len(ascii_runs)
        assert int(app["Words"]) == words
    assert app_properties(papers["第4回_次第"])["Company"] == "小金井市"  # the secretariat


def test_a_reference_saved_by_word_2010_or_without_a_mode_gives_mode_15(tmp_path: Path) -> None:
    """A secretariat's own reference.docx keeps every setting but the mode."""
    for n, old in enumerate(("14", None)):
        committee = copy_sample_committee(tmp_path / f"c{n}" / "content" / "kyodo")
        reference = tmp_path / f"c{n}" / "templates" / "reference.docx"
        reference.parent.mkdir()
        _with_settings(ROOT / "templates" / "reference.docx", reference, old)
        result = run_handouts("build", committee / "04", "--out", tmp_path / f"out{n}")
        assert result.returncode == 0, result.stderr
        docx = tmp_path / f"out{n}" / "第4回_資料2.docx"
        assert compatibility_mode(docx) == "15"
        settings = zipfile.ZipFile(docx).read("word/settings.xml").decode()
        assert '<w:defaultTabStop w:val="720"/>' in settings  # the reference's own kept
        assert settings.index("<w:compat>") < settings.index("<w:themeFontLang")


def _with_settings(source: Path, dest: Path, mode: str | None) -> None:
    """A copy of `source` whose settings say `mode`, or have no w:compat at all."""
    with zipfile.ZipFile(source) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    settings = etree.fromstring(entries["word/settings.xml"])
    compat = settings.find(f"{{{W}}}compat")
    if mode is None:
        settings.remove(compat)
    else:
        compat.find(f"{{{W}}}compatSetting").set(f"{{{W}}}val", mode)
    entries["word/settings.xml"] = etree.tostring(settings, xml_declaration=True)
    with zipfile.ZipFile(dest, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)

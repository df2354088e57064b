"""Whatever the secretariat types is printed as typed: markup, template syntax and odd spacing
are content, never instructions; and a template from a workspace cannot reach past its folder.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    copy_sample_committee,
    docx_text,
    needs_poppler,
    pdf_text,
    run_handouts,
    squash,
)
from ruamel.yaml import YAML

PLACE = "A&B <会議室> &copy; &amp; {% if %} \"q\" 'q' back\\slash"
AGENDA = [
    "{{ meeting.number }} ${x} %(y)s {# c #}",
    "\u3000先頭と末尾の全角空白\u3000",
    "全角\u3000\u3000二つ",
    "tab\there",
]
BLOCK = "一行目\n二行目\n"  # a YAML block scalar: its final newline is YAML's, not the content's
TITLE = "<![CDATA[x]]> ]]> &#x41; <br/>"
NOTE = "<!-- コメント --> <?xml version='1.0'?>"
HANDOUT = {
    "kind": "comparison",
    "title": '<p style="表題">表題</p>',
    "groups": [
        {
            "heading": "{{ handout.title }} <label>",
            "entries": [
                {
                    "source": "\\n \\t ' \"",
                    "term": '<span style="用語">',
                    "text": "複数行の\n本文 & <i>斜体</i>\n",
                }
            ],
        }
    ],
}


def write_yaml(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        YAML().dump(data, f)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("ws")
    write_yaml(
        ws / "content/c/committee.yaml",
        {"name": "委員会 & <b>テスト</b>", "style": {"digits": "halfwidth"}},
    )
    meeting = {
        "number": 1,
        "date": "2011-03-02",
        "start": "10:00",
        "place": PLACE,
        "agenda": [*AGENDA, BLOCK],
        "materials": [{"title": TITLE, "handout": "h.yaml"}, {"note": NOTE}],
    }
    write_yaml(ws / "content/c/01/meeting.yaml", meeting)
    write_yaml(ws / "content/c/01/h.yaml", HANDOUT)
    result = run_handouts("build", "content/c/01", "--out", ws / "out", cwd=ws)
    assert result.returncode == 0, result.stderr
    return ws / "out"


def pdf_strings(path: Path) -> str:
    """The text as drawn, spaces included (pypdf reads the PDF's own ToUnicode map)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def docx_paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def agenda_values() -> list[str]:
    return ["委員会 & <b>テスト</b>", PLACE, *AGENDA, BLOCK.rstrip("\n"), TITLE, NOTE]


def handout_values() -> list[str]:
    group = HANDOUT["groups"][0]
    entry = group["entries"][0]
    return [HANDOUT["title"], group["heading"], entry["source"], entry["term"], entry["text"]]


def test_docx_holds_every_value_verbatim(built: Path) -> None:
    for name, values in (("第1回_次第", agenda_values()), ("第1回_資料1", handout_values())):
        text = "\n".join(docx_paragraphs(built / f"{name}.docx"))
        for value in values:
            assert value.rstrip("\n") in text, f"{value!r} not in {name}.docx"


@needs_poppler
def test_pdf_holds_every_value(built: Path) -> None:
    for name, values in (("第1回_次第", agenda_values()), ("第1回_資料1", handout_values())):
        for reader in (partial(pdf_text, raw=True), pdf_strings):
            text = squash(reader(built / f"{name}.pdf"))
            for value in values:
                assert squash(value) in text, f"{value!r} not in {name}.pdf ({reader.__name__})"


def test_full_width_spaces_are_kept_where_typed(built: Path) -> None:
    paragraphs = docx_paragraphs(built / "第1回_次第.docx")
    assert "（2）\u3000先頭と末尾の全角空白\u3000" in paragraphs
    assert "（3）全角\u3000\u3000二つ" in paragraphs
    drawn = pdf_strings(built / "第1回_次第.pdf")
    assert "\u3000先頭と末尾の全角空白\u3000" in drawn
    assert "全角\u3000\u3000二つ" in drawn


def test_block_scalar_lines_become_line_breaks_without_a_trailing_blank(built: Path) -> None:
    paragraphs = docx_paragraphs(built / "第1回_次第.docx")
    assert "（5）一行目\n二行目" in paragraphs
    lines = [line.strip() for line in pdf_strings(built / "第1回_次第.pdf").splitlines()]
    assert lines[lines.index("（5）一行目") + 1] == "二行目"
    handout = docx_paragraphs(built / "第1回_資料1.docx")
    assert any(p.endswith("複数行の\n本文 & <i>斜体</i>") for p in handout), handout


def test_tab_is_a_tab_in_word_and_a_gap_in_the_pdf(built: Path) -> None:
    assert "（4）tab\there" in docx_paragraphs(built / "第1回_次第.docx")
    drawn = pdf_strings(built / "第1回_次第.pdf")
    assert re.search(r"tab\s+here", drawn), drawn


def test_markup_in_content_does_not_become_structure(built: Path) -> None:
    """`<p style="表題">` typed as a title stays one paragraph, and no style is applied."""
    paragraphs = docx_paragraphs(built / "第1回_資料1.docx")
    assert '<p style="表題">表題</p>' in paragraphs
    assert "表題" not in paragraphs


# --- Templates -------------------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    copy_sample_committee(tmp_path / "content/c")
    (tmp_path / "templates").mkdir()
    return tmp_path


def with_agenda_template(ws: Path, old: str, new: str) -> int:
    """Put an edited copy of the built-in 次第 template in the workspace; the edited line."""
    text = (ROOT / "templates/agenda.xml.j2").read_text(encoding="utf-8")
    assert old in text
    (ws / "templates/agenda.xml.j2").write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def fails_cleanly(ws: Path, *expected: str) -> None:
    result = run_handouts("build", "content/c/04", "--out", ws / "out", cwd=ws)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert not (ws / "out").exists() or not any((ws / "out").iterdir())


def test_template_typo_is_an_error_not_an_empty_string(ws: Path) -> None:
    line = with_agenda_template(ws, "{{ meeting.place }}", "{{ meeting.plaec }}")
    fails_cleanly(ws, f"templates/agenda.xml.j2:{line}:", "plaec", "書き間違い")


@pytest.mark.parametrize(
    ("part", "said"),
    [
        ("{{ meeting.plaec }}", "plaec"),  # a name that is not there, found while rendering
        ("{% if meeting.place %}", "if"),  # a block never closed, found while compiling
    ],
)
def test_a_problem_in_an_included_template_names_that_template(
    ws: Path, part: str, said: str
) -> None:
    with_agenda_template(ws, "{{ meeting.place }}", '{% include "place.xml.j2" %}')
    (ws / "templates/place.xml.j2").write_text(f"{{# 場所 #}}\n{part}\n", encoding="utf-8")
    fails_cleanly(ws, "templates/place.xml.j2:2:", said)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('<p style="表題">', '<p styl="表題">', "<p> には style を付けてください"),
        ("<label>", '<label extend="up">', "<label extend> は left / right"),
        ('<p style="次第注記">', '<q style="次第注記">', "<document> の中には <p> と <table>"),
    ],
)
def test_markup_the_template_wrote_wrong_is_named_at_its_line(
    ws: Path, old: str, new: str, said: str
) -> None:
    """Not only broken XML: an element the vocabulary does not allow names the template line
    that wrote it, inside a loop too (the 次第's items, its notes)."""
    text = (ROOT / "templates/agenda.xml.j2").read_text(encoding="utf-8")
    closing = {"<q": ("</p>", "</q>")}.get(new[:2])
    at = text.index(old)
    edited = text[:at] + new + text[at + len(old) :]
    if closing is not None:  # the element's end tag too, on the same line
        end = edited.index(closing[0], at)
        edited = edited[:end] + closing[1] + edited[end + len(closing[0]) :]
    (ws / "templates/agenda.xml.j2").write_text(edited, encoding="utf-8")
    line = text[:at].count("\n") + 1
    fails_cleanly(ws, f"templates/agenda.xml.j2:{line}: {said}")


def test_undefined_name_in_a_template(ws: Path) -> None:
    line = with_agenda_template(ws, "{{ meeting.place }}", "{{ place }}")
    fails_cleanly(ws, f"templates/agenda.xml.j2:{line}:", "'place' is undefined")


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ meeting.__class__.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'].system('true') }}",
        "{{ meeting.agenda.append('x') }}",
    ],
)
def test_template_cannot_reach_python(ws: Path, expression: str) -> None:
    line = with_agenda_template(ws, "{{ meeting.place }}", expression)
    fails_cleanly(ws, f"templates/agenda.xml.j2:{line}:", "テンプレートで使えない操作です")


@pytest.mark.parametrize(
    "statement",
    [
        "{% include '/etc/passwd' %}",
        "{% include '../content/c/committee.yaml' %}",
        "{% include '../../x' %}",
        "{% import '/etc/hostname' as h %}",
    ],
)
def test_template_cannot_read_outside_the_templates_folder(ws: Path, statement: str) -> None:
    line = with_agenda_template(ws, "{{ meeting.place }}", statement)
    name = re.search(r"'([^']+)'", statement)[1]  # type: ignore[index]
    fails_cleanly(ws, f"templates/agenda.xml.j2:{line}:", f"{name} が見つかりません", "templates/")


# --- Long and rare text ---------------------------------------------------------------------------


def build_with(ws: Path, place: str, term: str, text: str) -> Path:
    meeting = ws / "content/c/04/meeting.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("萌え木ホールＡ会議室", place),
        encoding="utf-8",
    )
    handout = ws / "content/c/04/definitions.yaml"
    data = YAML().load(handout.read_text(encoding="utf-8"))
    data["groups"][0]["entries"][0]["term"] = term
    data["groups"][0]["entries"][0]["text"] = text
    write_yaml(handout, data)
    result = run_handouts("build", "content/c/04", "--out", ws / "out", cwd=ws)
    assert result.returncode == 0, result.stderr
    return ws / "out"


def test_pdf_text_layer_holds_characters_beyond_the_basic_plane(ws: Path) -> None:
    """𠀋 (U+2000B) is copied and searched as itself: its ToUnicode entry is UTF-16 (<D840DC0B>);
    reportlab on its own writes <2000B>, which readers that follow the PDF spec misread."""
    import zlib

    out = build_with(ws, "𠀋𩸽𠮟会館", "協働", "本文")
    data = (out / "第4回_次第.pdf").read_bytes()
    entries = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            cmap = zlib.decompress(stream)
        except zlib.error:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            entries += re.findall(rb"<[0-9A-F]+> <([0-9A-F]+)>", block)
    assert entries
    assert [e for e in entries if len(e) % 4] == []


def test_term_longer_than_a_line_keeps_its_definition_on_the_page(ws: Path) -> None:
    from pypdf import PdfReader

    out = build_with(ws, "会議室", "市民協働" * 12, "定義の本文がここに続きます。" * 3)
    assert len(PdfReader(str(out / "第4回_資料2.pdf")).pages) == 2  # as the sample: 2 pages


@needs_poppler
def test_addresses_and_half_width_words_keep_their_digits(tmp_path: Path) -> None:
    """A committee printing full-width digits still prints a URL and a word like ISO9001 as
    typed, so a reader can type them back from the paper; other digits turn full-width."""
    copy_sample_committee(tmp_path / "content/c")
    definitions = tmp_path / "content/c/04/definitions.yaml"
    end = "実施する公共性のある事業。"
    typed = "詳細は https://www.city.koganei.lg.jp/2011/kyodo3.html と ISO9001（2011年）"
    definitions.write_text(
        definitions.read_text(encoding="utf-8").replace(end, end + typed, 1), encoding="utf-8"
    )

    result = run_handouts("build", "content/c/04", "--out", tmp_path / "out", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    printed = "詳細はhttps://www.city.koganei.lg.jp/2011/kyodo3.htmlとISO9001（２０１１年）"
    assert printed in squash(pdf_text(tmp_path / "out/第4回_資料2.pdf"))
    assert printed in squash(docx_text(tmp_path / "out/第4回_資料2.docx"))

"""委員名簿 (kind: roster) and the general handout (kind: document), as members and citizens read
them: every string printed in order, a long roster over pages with its header on each and no
member's row split, the 公用文 numbering ladder, merged header cells, page breaks."""

from __future__ import annotations

import re
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import docx_all_text, needs_poppler, page_texts, squash
from pdf_structure import structure_dump

from generator.build import build
from generator.errors import HandoutsError


def workspace(root: Path, files: dict[str, str], handout: str) -> Path:
    """A committee (files relative to its folder) whose meeting 01 hands out `handout`."""
    committee = root / "content" / "iin"
    meeting = committee / "01"
    meeting.mkdir(parents=True)
    (committee / "committee.yaml").write_text("name: 北市委員会\n", encoding="utf-8")
    (meeting / "meeting.yaml").write_text(
        "number: 1\ndate: 2025-05-20\nstart: '10:00'\nplace: 会議室\nagenda: [議題]\n"
        f"materials:\n  - title: 資料\n    handout: {handout}\n",
        encoding="utf-8",
    )
    for name, text in files.items():
        (committee / name).write_text(text, encoding="utf-8")
    return meeting


def wide(digits: str) -> str:
    """Digits as the committee prints them by default (full-width)."""
    return digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def roster_yaml(count: int) -> str:
    lines = [
        "kind: roster",
        "title: 北市委員会委員名簿",
        "term: 任期　令和７年４月１日から",
        "members:",
    ]
    for i in range(1, count + 1):
        lines += [
            f"  - category: {'学識経験者' if i < 10 else '公募市民'}",
            f"    name: 委員{i:02d}　太郎",
            f"    kana: いいん{i:02d}　たろう",
            f"    affiliation: 北市第{i:02d}地区町会連合会　会長代行兼事務局長兼広報部長兼会計担当",
            f"    note: 備考{i:02d}",
        ]
        if i == 1:
            lines.append("    role: 会長")
    return "\n".join(lines) + "\n"


@needs_poppler
def test_a_60_member_roster_spans_pages_header_on_each_no_row_split(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, {"名簿.yaml": roster_yaml(60)}, "../名簿.yaml")
    out = tmp_path / "out"
    build(meeting, out)
    pages = [squash(t) for t in page_texts(out / "第1回_資料1.pdf")]
    assert len(pages) >= 3
    for page in pages:
        assert "区分氏名所属・役職備考" in page  # the header row opens every page
    for i in range(1, 61):
        # A member's row is whole on one page: kana, name, both lines of the affiliation, note.
        n = wide(f"{i:02d}")
        holding = [p for p in pages if f"委員{n}太郎" in p]
        assert len(holding) == 1, f"委員{n}"
        page = holding[0]
        assert f"いいん{n}たろう" in page
        assert f"北市第{n}地区町会連合会会長代行兼事務局長兼広報部長兼会計担当" in page
        assert f"備考{n}" in page
    everything = "".join(pages)
    # The Word file says the same, in the same order; the header row is in it once.
    header = "区分氏名所属・役職備考"
    docx = squash(docx_all_text(out / "第1回_資料1.docx"))
    assert re.sub(r"-[0-9]+-", "", everything.replace(header, "")) == docx.replace(header, "")
    assert everything.index("委員０１太郎") < everything.index("会長備考０１")
    assert everything.index("会長備考０１") < everything.index("委員０２太郎")


def test_the_rosters_web_page_prints_the_furigana_small_above_the_name(tmp_path: Path) -> None:
    """As on paper: the reading in small print right above the name in the same cell, the
    term's line at the right."""
    meeting = workspace(tmp_path, {"名簿.yaml": roster_yaml(2)}, "../名簿.yaml")
    out = tmp_path / "out"
    build(meeting, out)
    page = (out / "第1回_公開用" / "第1回_資料1.html").read_text(encoding="utf-8")
    assert (
        '<td><p class="TableKana">いいん０１　たろう</p>\n<p class="TableText">委員０１　太郎'
        in page
    )
    kana = re.search(r"\.TableKana \{([^}]*)\}", page)[1]
    assert float(re.search(r"font-size: ([\d.]+)em;", kana)[1]) < 0.7
    assert "th > p, td > p { margin: 0; }" in page
    assert '<p class="RightAligned">任期' in page
    assert "text-align: right;" in re.search(r"\.RightAligned \{([^}]*)\}", page)[1]


def test_the_roster_docx_repeats_its_header_and_keeps_rows_whole(tmp_path: Path) -> None:
    import docx

    meeting = workspace(tmp_path, {"名簿.yaml": roster_yaml(60)}, "../名簿.yaml")
    out = tmp_path / "out"
    build(meeting, out)
    (table,) = docx.Document(str(out / "第1回_資料1.docx")).tables
    rows = table._tbl.tr_lst
    assert rows[0].trPr.xpath("./w:tblHeader") and not rows[1].trPr.xpath("./w:tblHeader")
    assert all(r.trPr.xpath("./w:cantSplit") for r in rows)
    assert len(rows) == 61


def test_columns_and_their_headers_are_the_committees(tmp_path: Path) -> None:
    roster = roster_yaml(3) + "columns: {number: No., name: 氏名, role: 役職, affiliation: 所属}\n"
    meeting = workspace(tmp_path, {"名簿.yaml": roster}, "../名簿.yaml")
    out = tmp_path / "out"
    build(meeting, out)
    text = squash(docx_all_text(out / "第1回_資料1.docx"))
    assert "No.氏名役職所属１いいん０１たろう委員０１太郎会長北市第０１地区" in text
    assert "区分" not in text and "備考０１" not in text


def test_a_roster_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    (tmp_path / "名簿.yaml").write_text(roster_yaml(2), encoding="utf-8")
    meeting = workspace(tmp_path / "ws", {}, "../../../../名簿.yaml")
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    said = str(caught.value)
    assert "materials.0.handout" in said and "の外のファイルです" in said


def test_a_roster_from_a_csv_with_an_empty_name_names_the_cell(tmp_path: Path) -> None:
    roster = "kind: roster\ntitle: 名簿\nmembers_from: 名簿.csv\n"
    meeting = workspace(tmp_path, {"名簿.yaml": roster}, "../名簿.yaml")
    (meeting.parent / "名簿.csv").write_text(
        "区分,氏名,所属・役職\n学識経験者,山田　太郎,北大学\n公募市民,,\n", encoding="utf-8-sig"
    )
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    assert "名簿.csv:B3: 氏名: 空欄です" in str(caught.value)


DOCUMENT = """\
kind: document
title: 検討の進め方（案）
body:
  - heading: １　趣旨
  - text: |
      本委員会は、市民参加の在り方を検討します。
      第二段落です。
  - items:
      - 一つ目
      - text: 二つ目
        items:
          - text: 下の一つ目
            items:
              - text: さらに下
                items: [いちばん下]
  - start: （１）
    items: [括弧から]
  - bullets: [点の項目]
    mark: ●
  - heading: スケジュール
    level: 2
  - table:
      header:
        - [{text: 回, rows: 2}, {text: 令和７年度, span: 2}]
        - [前期, 後期]
      widths: [1, 2, 2]
      rows:
        - [第１回, ５月, 10]
  - notes: [日程は変わることがあります。]
  - pagebreak: true
  - heading: 参考
"""


@needs_poppler
def test_a_document_prints_every_block_in_order_with_the_ladder(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, {"01/doc.yaml": DOCUMENT}, "doc.yaml")
    out = tmp_path / "out"
    build(meeting, out)
    expected = (
        "資料１検討の進め方（案）１趣旨本委員会は、市民参加の在り方を検討します。第二段落です。"
        "１一つ目２二つ目（１）下の一つ目ア さらに下（ア）いちばん下（１）括弧から●点の項目"
        "スケジュール回令和７年度前期後期第１回５月１０※日程は変わることがあります。参考"
    )
    assert squash(docx_all_text(out / "第1回_資料1.docx")) == squash(expected)
    pages = [squash(t) for t in page_texts(out / "第1回_資料1.pdf")]
    assert len(pages) == 2 and pages[1] == "参考-2-"  # the page break, then the page number
    assert pages[0] == squash(expected).removesuffix("参考") + "-1-"


def test_a_documents_headings_are_headings_to_word_and_to_a_screen_reader(
    tmp_path: Path,
) -> None:
    """１　趣旨 and スケジュール head their parts: in the tags and the web page (h2, h3 under
    the title's h1), and in Word's navigation pane (the styles' outline levels)."""
    meeting = workspace(tmp_path, {"01/doc.yaml": DOCUMENT}, "doc.yaml")
    out = tmp_path / "out"
    build(meeting, out)
    dump = structure_dump(out / "第1回_資料1.pdf").splitlines()
    headings = [(line.strip(), after.strip()) for line, after in pairwise(dump)]
    assert [(tag, text) for tag, text in headings if tag in ("H1", "H2", "H3", "H4")] == [
        ("H1", '"検討の進め方（案）"'),
        ("H2", '"１　趣旨"'),
        ("H3", '"スケジュール"'),
        ("H2", '"参考"'),
    ]
    page = (out / "第1回_公開用" / "第1回_資料1.html").read_text(encoding="utf-8")
    assert re.findall(r"<(h\d)[ >]", page) == ["h1", "h2", "h3", "h2"]
    with zipfile.ZipFile(out / "第1回_資料1.docx") as docx:
        styles = docx.read("word/styles.xml").decode()
    for name, level in (("表題", 0), ("見出し１", 1), ("見出し２", 2)):
        style = re.search(f'<w:name w:val="{name}"/>.*?</w:style>', styles, re.S)[0]
        assert f'<w:outlineLvl w:val="{level}"/>' in style, name


def test_a_header_cell_over_two_rows_is_one_cell_to_a_screen_reader(tmp_path: Path) -> None:
    """回 beside both header rows: in the tags and the web page one cell over two rows, with
    no empty cell of its own in the second row (a reader would announce a blank header)."""
    meeting = workspace(tmp_path, {"01/doc.yaml": DOCUMENT}, "doc.yaml")
    out = tmp_path / "out"
    build(meeting, out)
    dump = structure_dump(out / "第1回_資料1.pdf")
    head = dump[dump.index("THead") : dump.index("TBody")].split("\n")
    assert [line.strip() for line in head if line.strip().startswith(("TR", "TH "))] == [
        "TR",
        "TH RowSpan=2 Scope=Column",
        "TH ColSpan=2 Scope=Column",
        "TR",
        "TH Scope=Column",
        "TH Scope=Column",
    ]
    page = (out / "第1回_公開用" / "第1回_資料1.html").read_text(encoding="utf-8")
    thead = page[page.index("<thead>") : page.index("</thead>")]
    rows = [re.findall(r"<th[^>]*>", row) for row in thead.split("<tr>")[1:]]
    assert rows == [
        ['<th scope="col" rowspan="2">', '<th scope="col" colspan="2">'],
        ['<th scope="col">', '<th scope="col">'],
    ]


def test_a_block_with_two_kinds_says_to_split_it(tmp_path: Path) -> None:
    doc = "kind: document\ntitle: 資料\nbody:\n  - heading: 見出し\n    text: 本文\n"
    meeting = workspace(tmp_path, {"01/doc.yaml": doc}, "doc.yaml")
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    assert "doc.yaml:4: body.0: 一つの項目には heading、text" in str(caught.value)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "header: [[{text: 回, rows: 2}, {text: 内容, span: 2}], [議題]]\n      rows: [[a]]",
            "5: body.0.table.header: 見出しの行の列の数がそろっていません（1行目 3列、2行目 2列）",
        ),
        (
            "columns: [回, 内容]\n      widths: [1, 2, 3]\n      rows: [[a]]",
            "6: body.0.table.widths: widths の数（3）",
        ),
        (
            "columns: [回, 内容]\n      rows: [[a, b], [a, b, c]]",
            "6: body.0.table.rows: 2行目のセルが 3 個あり",
        ),
    ],
)
def test_a_table_that_does_not_fit_its_header_is_reported_at_the_yaml(
    tmp_path: Path, table: str, message: str
) -> None:
    doc = f"kind: document\ntitle: 資料\nbody:\n  - table:\n      {table}\n"
    meeting = workspace(tmp_path, {"01/doc.yaml": doc}, "doc.yaml")
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    assert f"doc.yaml:{message}" in str(caught.value)


def test_a_header_cell_over_two_rows_sits_in_their_middle_and_has_no_rule_between() -> None:
    from generator.render.markup import parse
    from generator.typeset.fonts import FontRegistry
    from generator.typeset.layout import Layout
    from generator.typeset.styles import read_stylesheet
    from generator.typeset.typography import Typography

    sheet = read_stylesheet(Path(__file__).resolve().parent.parent / "templates/reference.docx")
    flow = Layout(Typography(sheet, FontRegistry.for_committee({}, [])), "portrait")
    markup = (
        '<document><table><col width="1"/><col width="1"/>'
        '<tr header="1"><td rowspan="2"><p style="表見出し">回</p></td>'
        '<td><p style="表見出し">前期</p></td></tr>'
        '<tr header="1"><td><p style="表見出し">後期</p></td></tr>'
        '<tr><td><p style="表本文">一</p></td><td><p style="表本文">二</p></td></tr>'
        "</table></document>"
    )
    (page,) = flow.pages(parse(markup))
    baseline = {line.segments[0].text: line.baseline for line in page.lines if line.segments}
    assert abs(baseline["回"] - (baseline["前期"] + baseline["後期"]) / 2) < 0.5
    # The rule between the two header rows stops at the merged cell.
    middle = flow.page.left + flow.text_width / 2
    between = [r for r in page.rules if r.y1 == r.y2 and baseline["前期"] < r.y1 < baseline["後期"]]
    assert between and all(r.x1 >= middle - 0.01 for r in between)

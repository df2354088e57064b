"""Rows from Excel: a comparison's entries read from an .xlsx or a Shift_JIS .csv.

What the secretariat sees: every cell's text printed in order in the PDF and the Word file,
Excel dates in the committee's calendar, and a problem in a cell named by file, sheet and cell.
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from conftest import docx_all_text, pdf_text, squash

from generator.build import build
from generator.errors import HandoutsError

openpyxl = pytest.importorskip("openpyxl")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext がない")

HEADERS = ["区分", "出典", "補足", "用語", "定義"]
ROWS = [
    ["北市の例", "北市市民参加条例", "第２条", "市民参加", "市民が市政に参加することをいう。"],
    [None, "北市総合計画", None, None, "市民と市が共に考え、行動すること。"],
    [
        "南町の例",
        "南町自治基本条例",
        "第３条",
        "協働",
        "町民と町が対等な立場で協力することをいう。",
    ],
]


def workspace(root: Path, handout: str, *, calendar: str = "wareki") -> Path:
    """A committee with one meeting whose 資料１ is `handout` (written as teigi.yaml)."""
    meeting = root / "content" / "iin" / "01"
    meeting.mkdir(parents=True)
    (meeting.parent / "committee.yaml").write_text(
        f"name: 北市委員会\nstyle:\n  calendar: {calendar}\n", encoding="utf-8"
    )
    (meeting / "meeting.yaml").write_text(
        "number: 1\ndate: 2025-05-20\nstart: '10:00'\nplace: 会議室\nagenda: [定義]\n"
        "materials:\n  - title: 定義の例\n    handout: teigi.yaml\n",
        encoding="utf-8",
    )
    (meeting / "teigi.yaml").write_text(handout, encoding="utf-8")
    return meeting


def write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1") -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)


COMPARISON = "kind: comparison\ntitle: 定義の比較\nentries_from: {file}\n"


def cells_in_order(rows: list[list]) -> list[str]:
    return [str(v) for row in rows for v in row if v is not None]


def assert_in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(squash(part), at)
        assert found >= 0, f"{part} が {at} 文字目より後にありません"
        at = found + len(squash(part))


@needs_poppler
@pytest.mark.parametrize("layout", ["list", "table"])
def test_every_cell_of_an_xlsx_prints_in_order_in_pdf_and_docx(tmp_path: Path, layout: str) -> None:
    meeting = workspace(tmp_path, COMPARISON.format(file="定義一覧.xlsx") + f"layout: {layout}\n")
    write_xlsx(meeting / "定義一覧.xlsx", [HEADERS, *ROWS])
    out = tmp_path / "out"
    build(meeting, out)
    expected = cells_in_order(ROWS)
    assert_in_order(squash(pdf_text(out / "第1回_資料1.pdf", raw=True)), expected)
    assert_in_order(squash(docx_all_text(out / "第1回_資料1.docx")), expected)


@needs_poppler
def test_a_shift_jis_csv_as_excel_saves_it_prints_every_cell(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, COMPARISON.format(file="定義一覧.csv"))
    lines = [",".join(HEADERS)] + [",".join(v or "" for v in row) for row in ROWS]
    (meeting / "定義一覧.csv").write_bytes("\r\n".join(lines).encode("cp932") + b"\r\n")
    out = tmp_path / "out"
    build(meeting, out)
    expected = cells_in_order(ROWS)
    assert_in_order(squash(pdf_text(out / "第1回_資料1.pdf", raw=True)), expected)
    assert_in_order(squash(docx_all_text(out / "第1回_資料1.docx")), expected)


def test_rows_under_one_区分_form_one_group_and_no_区分_column_means_one_group(
    tmp_path: Path,
) -> None:
    from generator.model import load_meeting

    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    write_xlsx(meeting / "a.xlsx", [HEADERS, *ROWS])
    (handout,) = load_meeting(meeting).handouts
    assert [g.heading for g in handout.content.groups] == ["北市の例", "南町の例"]
    assert [len(g.entries) for g in handout.content.groups] == [2, 1]

    write_xlsx(meeting / "a.xlsx", [["定義", "用語"], ["本文一", "語一"], ["本文二", None]])
    (handout,) = load_meeting(meeting).handouts
    (group,) = handout.content.groups
    assert group.heading is None
    assert [(e.term, e.text) for e in group.entries] == [("語一", "本文一"), (None, "本文二")]


def test_an_empty_定義_cell_names_file_sheet_and_cell_and_writes_nothing(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, COMPARISON.format(file="定義一覧.xlsx"))
    rows = [HEADERS, *ROWS]
    rows[2] = [None, "北市総合計画", None, None, "　"]  # only an ideographic space: blank
    write_xlsx(meeting / "定義一覧.xlsx", rows, sheet="一覧")
    out = tmp_path / "out"
    with pytest.raises(HandoutsError) as caught:
        build(meeting, out)
    shown = str(caught.value)
    assert "定義一覧.xlsx:一覧!E3: 定義: 空欄です — " in shown
    assert not out.exists()


def test_an_unknown_column_is_named_with_the_known_ones(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    write_xlsx(meeting / "a.xlsx", [["出典", "説明"], ["北市", "本文"]])
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    shown = str(caught.value)
    assert "a.xlsx:Sheet1!B1: 説明: 列の名前「説明」は使えません" in shown
    assert "区分、出典、補足、用語、定義" in shown


@needs_poppler
def test_an_excel_date_prints_in_the_committees_calendar(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    write_xlsx(
        meeting / "a.xlsx", [["出典", "補足", "定義"], ["北市", datetime.date(2021, 4, 1), "本文"]]
    )
    out = tmp_path / "out"
    build(meeting, out)
    assert "北市（令和３年４月１日）" in squash(pdf_text(out / "第1回_資料1.pdf"))


def test_the_spreadsheet_is_recorded_in_the_manifest(tmp_path: Path) -> None:
    import hashlib

    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    write_xlsx(meeting / "a.xlsx", [HEADERS, *ROWS])
    out = tmp_path / "out"
    build(meeting, out)
    record = json.loads((out / "第1回_manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in record["inputs"] if e["file"] == "content/iin/01/a.xlsx")
    assert entry["sha256"] == hashlib.sha256((meeting / "a.xlsx").read_bytes()).hexdigest()


def test_a_character_no_font_has_is_reported_at_its_cell(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    write_xlsx(meeting / "a.xlsx", [["出典", "定義"], ["北市", "本文"], ["\U00020bb7野市", "本文"]])
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    assert "a.xlsx:Sheet1!A3: 出典: 「\U00020bb7」（U+20BB7）は" in str(caught.value)


def test_a_spreadsheet_outside_the_workspace_is_not_read(tmp_path: Path) -> None:
    meeting = workspace(tmp_path / "ws", COMPARISON.format(file="../../../../secret.xlsx"))
    write_xlsx(tmp_path / "secret.xlsx", [HEADERS, *ROWS])
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    assert "entries_from: ../../../../secret.xlsx は作業フォルダの外にあります" in str(caught.value)


def test_a_broken_xlsx_and_an_old_xls_get_a_way_to_fix_them(tmp_path: Path) -> None:
    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    (meeting / "a.xlsx").write_bytes(b"not a zip")
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    assert "a.xlsx: Excel のファイルとして読めません" in str(caught.value)
    (meeting / "teigi.yaml").write_text(COMPARISON.format(file="a.xls"), encoding="utf-8")
    (meeting / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(HandoutsError) as caught:
        build(meeting, tmp_path / "out")
    assert "Excel ブック (*.xlsx)" in str(caught.value)


def test_a_merged_区分_cell_groups_the_rows_it_covers(tmp_path: Path) -> None:
    from generator.model import load_meeting

    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    book = openpyxl.Workbook()
    ws = book.active
    for row in [["区分", "定義"], ["北市の例", "一"], [None, "二"], ["南町の例", "三"]]:
        ws.append(row)
    ws.merge_cells("A2:A3")
    book.save(meeting / "a.xlsx")
    (handout,) = load_meeting(meeting).handouts
    assert [(g.heading, [e.text for e in g.entries]) for g in handout.content.groups] == [
        ("北市の例", ["一", "二"]),
        ("南町の例", ["三"]),
    ]


@needs_poppler
def test_a_document_table_takes_its_header_and_rows_from_a_csv(tmp_path: Path) -> None:
    doc = (
        "kind: document\ntitle: 日程\nbody:\n  - text: 次のとおりです。\n"
        "  - table:\n      rows_from: 日程.csv\n      widths: [1, 2, 3]\n"
    )
    meeting = workspace(tmp_path, doc)
    (meeting / "日程.csv").write_bytes(
        '回,時期,内容\r\n第１回,５月,委員長の選出\r\n第２回,７月,"現状の報告\n意見交換"\r\n'.encode(
            "cp932"
        )
    )
    out = tmp_path / "out"
    build(meeting, out)
    expected = [
        "回",
        "時期",
        "内容",
        "第１回",
        "５月",
        "委員長の選出",
        "第２回",
        "７月",
        "現状の報告",
        "意見交換",
    ]
    assert_in_order(squash(pdf_text(out / "第1回_資料1.pdf", raw=True)), expected)
    assert_in_order(squash(docx_all_text(out / "第1回_資料1.docx")), expected)


def test_a_sheet_is_chosen_by_name_and_a_wrong_name_lists_the_sheets(tmp_path: Path) -> None:
    from generator.model import load_meeting

    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx") + "sheet: 定義\n")
    book = openpyxl.Workbook()
    book.active.title = "表紙"
    book.active.append(["定義"])
    book.active.append(["表紙の行"])
    ws = book.create_sheet("定義")
    ws.append(["定義"])
    ws.append(["定義の行"])
    book.save(meeting / "a.xlsx")
    (handout,) = load_meeting(meeting).handouts
    assert [e.text for e in handout.content.groups[0].entries] == ["定義の行"]
    (meeting / "teigi.yaml").write_text(
        COMPARISON.format(file="a.xlsx") + "sheet: 一覧\n", encoding="utf-8"
    )
    with pytest.raises(HandoutsError) as caught:
        load_meeting(meeting)
    assert (
        "teigi.yaml:4: sheet: シート「一覧」が a.xlsx にありません — シートの名前は 表紙、定義 です"
        in str(caught.value)
    )


@needs_poppler
def test_cells_are_tidied_like_yaml_text(tmp_path: Path) -> None:
    """Half-width katakana pasted into Excel print full-width, as they do from the YAML."""
    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx"))
    write_xlsx(meeting / "a.xlsx", [["用語", "定義"], ["ｶﾞｲﾄﾞ", "案内のこと。"]])
    out = tmp_path / "out"
    build(meeting, out)
    assert "ガイド案内のこと。" in squash(pdf_text(out / "第1回_資料1.pdf", raw=True))


def test_columns_without_a_table_says_how_to_make_one(tmp_path: Path) -> None:
    from generator.model import load_meeting

    meeting = workspace(tmp_path, COMPARISON.format(file="a.xlsx") + "columns: {text: 解説}\n")
    write_xlsx(meeting / "a.xlsx", [["定義"], ["本文"]])
    with pytest.raises(HandoutsError) as caught:
        load_meeting(meeting)
    assert "teigi.yaml:4: columns: columns は比較表（layout: table）の列です" in str(caught.value)

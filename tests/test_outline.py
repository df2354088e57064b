"""Any committee's 次第 and 会議録: outlines, nested items, designations, labels, attendance,
date and time wording, `new` by date and 年度, and the messages for mistakes in the new fields."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import copy_sample_committee, needs_poppler, pdf_text, run_handouts
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import HandoutsError
from generator.model import load_meeting
from generator.render import formatting as fmt
from generator.render.naming import meeting_stem, meeting_title
from generator.render.outlines import agenda_outline, group_text

D = datetime.date
T = datetime.time

COMMITTEE = "name: テスト委員会\n"
MEETING = """\
number: 3
date: 2022-04-27
start: "19:00"
end: "20:50"
place: 会議室
agenda:
  - 開会
"""


def meeting(tmp_path: Path, extra: str = "", committee: str = COMMITTEE, base: str = MEETING):
    """Write a committee and one meeting (folder 01) and load it."""
    (tmp_path / "c" / "01").mkdir(parents=True, exist_ok=True)
    (tmp_path / "c" / "committee.yaml").write_text(committee, encoding="utf-8")
    (tmp_path / "c" / "01" / "meeting.yaml").write_text(base + extra, encoding="utf-8")
    return load_meeting(tmp_path / "c" / "01")


def problems(tmp_path: Path, extra: str = "", committee: str = COMMITTEE, base: str = MEETING):
    with pytest.raises(HandoutsError) as caught:
        meeting(tmp_path, extra, committee, base)
    return "\n".join(str(p) for p in caught.value.problems)


def lines_of(content) -> list[tuple[str, str]]:
    return [(line.label, line.text) for view in agenda_outline(content) for line in view.lines]


# --- date and time wording -------------------------------------------------------------------


def test_weekday_long_and_western_year() -> None:
    assert fmt.wareki_date(D(2019, 12, 13), long_weekday=True) == "令和元年１２月１３日（金曜日）"
    assert fmt.wareki_date(D(2024, 5, 10), western=True) == "令和６年（２０２４年）５月１０日（金）"
    assert fmt.format_date(D(2011, 3, 2), "wareki", "fullwidth") == "平成２３年３月２日（水）"


def test_time_wording_as_committees_write_it() -> None:
    assert fmt.time_range(T(15), T(17), period="each") == "午後３時～午後５時"
    assert fmt.time_range(T(19), T(19, 35)) == "午後７時～７時３５分"
    assert fmt.time_range(T(13), T(15), to="から") == "午後１時から３時"
    assert fmt.time_range(T(10), T(12), clock=24) == "１０時～１２時"
    assert fmt.time_range(T(9), T(11, 5), clock=24, zero_minutes=True) == "９時００分～１１時０５分"
    assert fmt.time_range(T(10), T(12)) == "午前１０時～１２時"  # the default, as before


def test_open_close_with_the_duration() -> None:
    assert (
        fmt.open_close(T(9), T(11), clock=24, zero_minutes=True)
        == "９時００分開会　１１時００分閉会（会議時間２時間００分）"
    )
    assert (
        fmt.open_close(T(13, 30), T(15))
        == "午後１時３０分開会　午後３時閉会（会議時間１時間３０分）"
    )
    assert fmt.open_close(T(13), None) == "午後１時開会"


@given(st.times(), st.times())
def test_duration_adds_up(a: T, b: T) -> None:
    start, end = sorted((a.replace(second=0, microsecond=0), b.replace(second=0, microsecond=0)))
    text = fmt.duration(start, end, zero_minutes=True)
    minutes = end.hour * 60 + end.minute - start.hour * 60 - start.minute
    if minutes >= 60:
        hours, rest = text.removesuffix("分").split("時間")
        assert int(hours) * 60 + int(rest) == minutes
    else:
        assert text == f"{minutes}分"


def test_fiscal_year_starts_in_april() -> None:
    assert fmt.fiscal_year(D(2023, 3, 31)) == 2022
    assert fmt.fiscal_year(D(2023, 4, 1)) == 2023
    assert fmt.fiscal_year_text(D(2022, 4, 27), "wareki", "fullwidth") == "令和４年度"
    assert fmt.fiscal_year_text(D(2020, 2, 1), "wareki", "fullwidth") == "令和元年度"
    assert fmt.fiscal_year_text(D(2019, 4, 10), "wareki", "halfwidth") == "平成31年度"
    assert fmt.fiscal_year_text(D(2022, 4, 27), "seireki", "halfwidth") == "2022年度"


# --- numbering ladder --------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=999))
def test_ladder_of_arabic_numbers_is_the_list_number(n: int) -> None:
    assert fmt.ladder_number(n, "（１）") == fmt.list_number(n)
    assert fmt.ladder_number(n, "１") == fmt.section_number(n)


def test_ladder_counts_kana_circled_letters_and_marks() -> None:
    assert [fmt.ladder_number(n, "ア") for n in (1, 2, 3, 6)] == ["ア", "イ", "ウ", "カ"]
    assert fmt.ladder_number(2, "（ア）") == "（イ）"
    assert fmt.ladder_number(3, "①") == "③"
    assert fmt.ladder_number(2, "1.") == "２."
    assert fmt.ladder_number(5, "・") == "・"
    with pytest.raises(ValueError, match="44まで"):
        fmt.ladder_number(45, "ア")


def test_fill_pads_a_label_to_its_hanging_indent() -> None:
    assert fmt.fill("ア", 2) == "ア　"
    assert fmt.fill("（１）", 3) == "（１）"
    assert fmt.fill("（1）", 3) == "（1）"  # two and a half: no room for another space
    assert fmt.fill("１", 3) == "１　　"


def test_nested_agenda_is_numbered_by_the_ladder(tmp_path: Path) -> None:
    content = meeting(
        tmp_path,
        base=MEETING.replace(
            "  - 開会\n",
            "  - 開会\n"
            "  - 議題:\n"
            "      - 議会報告会について:\n"
            "          - 班編成について\n"
            "          - 手引きについて\n"
            "      - text: その他の報告\n"
            "        items: [日程]\n",
        ),
    )
    assert lines_of(content) == [
        ("（１）", "開会"),
        ("（２）", "議題"),
        ("ア　", "議会報告会について"),
        ("（ア）", "班編成について"),
        ("（イ）", "手引きについて"),
        ("イ　", "その他の報告"),
        ("（ア）", "日程"),
    ]


def test_a_section_chooses_its_own_ladder(tmp_path: Path) -> None:
    content = meeting(
        tmp_path,
        "outline:\n  - {label: 議事, show: agenda, numbering: [１, （１）]}\n",
        base=MEETING.replace("  - 開会\n", "  - 開会\n  - 審議事項: [会議の公開について]\n"),
    )
    (view,) = agenda_outline(content)
    assert view.number == "１　" and view.label == "議事"
    assert [(line.label, line.text) for line in view.lines] == [
        ("１　　", "開会"),
        ("２　　", "審議事項"),
        ("（１）", "会議の公開について"),
    ]


# --- designation and file names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "extra", "title", "stem"),
    [
        ("", "", "第３回テスト委員会", "第3回"),
        ('  designation: "{year}第{n}回"\n', "", "令和4年度第3回テスト委員会", "令和4年度第3回"),
        ("", "extraordinary: true\n", "第３回臨時テスト委員会", "第3回臨時"),
        (
            "  designation: （第{n}回）\n  designation_place: after\n",
            "",
            "テスト委員会（第3回）",
            "第3回",
        ),
    ],
)
def test_designation_and_its_file_stem(
    tmp_path: Path, style: str, extra: str, title: str, stem: str
) -> None:
    committee = COMMITTEE + ("style:\n" + style if style else "")
    content = meeting(tmp_path, extra, committee)
    assert fmt.to_fullwidth_digits(
        meeting_title(content.committee, content.meeting)
    ) == fmt.to_fullwidth_digits(title)
    assert meeting_stem(content.committee, content.meeting) == stem


def test_a_meeting_without_a_number_is_named_by_its_date(tmp_path: Path) -> None:
    content = meeting(tmp_path, base=MEETING.replace("number: 3\n", ""))
    assert meeting_title(content.committee, content.meeting) == "令和4年4月27日テスト委員会"
    assert meeting_stem(content.committee, content.meeting) == "2022-04-27"
    committee = COMMITTEE + 'style:\n  undated_designation: ""\n'
    content = meeting(tmp_path, committee=committee, base=MEETING.replace("number: 3\n", ""))
    assert meeting_title(content.committee, content.meeting) == "テスト委員会"


def test_the_sample_keeps_its_names(tmp_path: Path) -> None:
    content = load_meeting(copy_sample_committee(tmp_path / "k") / "04")
    assert (
        meeting_title(content.committee, content.meeting),
        meeting_stem(content.committee, content.meeting),
    ) == ("第4回小金井市市民協働のあり方等検討委員会", "第4回")
    assert content.labels[2] == "資料2"


def test_two_meetings_with_one_designation_are_flagged(tmp_path: Path) -> None:
    committee = copy_sample_committee(tmp_path / "content" / "k")
    shutil.copytree(committee / "04", committee / "04b")
    result = run_handouts("check", "content/k/04b", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "注意: content/k/04b/meeting.yaml:1: number: content/k/04 の会議も「第4回」です" in (
        result.stderr
    )


# --- material labels ----------------------------------------------------------------------------


def test_labels_patterns_own_labels_and_unnumbered(tmp_path: Path) -> None:
    content = meeting(
        tmp_path,
        "materials:\n"
        "  - {title: 前回会議録, numbered: false}\n"
        "  - {title: 名簿, label: 資料１－１}\n"
        "  - {title: 規則, label: 資料１－２}\n"
        "  - title: 計画\n"
        "  - {title: 白書, label: '参考資料{n}'}\n"
        "  - {title: 記事, label: '参考資料{n}'}\n"
        "  - title: 予定\n",
    )
    assert list(content.labels.values()) == [
        "",
        "資料１－１",
        "資料１－２",
        "資料1",
        "参考資料1",
        "参考資料2",
        "資料2",
    ]


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        ("none", [("（１）", "名簿"), ("（２）", "チラシ")]),
        ("before", [("資料１　", "名簿"), ("　　　　", "チラシ")]),
        ("after", [("（１）", "名簿（資料１）"), ("（２）", "チラシ")]),
    ],
)
def test_the_committee_chooses_how_the_agenda_lists_materials(
    tmp_path: Path, listing: str, expected: list
) -> None:
    committee = COMMITTEE + f"style:\n  material_list: {listing}\n"
    content = meeting(
        tmp_path,
        "materials:\n  - title: 名簿\n  - {title: チラシ, numbered: false}\n",
        committee,
    )
    assert lines_of(content)[1:] == expected


def test_file_names_follow_the_label(tmp_path: Path) -> None:
    ws = tmp_path
    committee = copy_sample_committee(ws / "content" / "k")
    text = (committee / "04" / "meeting.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    handout: definitions.yaml", "    handout: definitions.yaml\n    label: 資料１－２"
    )
    (committee / "04" / "meeting.yaml").write_text(text, encoding="utf-8")
    result = run_handouts("build", "content/k/04", "--out", ws / "out", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert (ws / "out" / "第4回_資料1－2.pdf").is_file()


# --- attendance ---------------------------------------------------------------------------------


def test_attendance_groups_roles_and_observers(tmp_path: Path) -> None:
    content = meeting(
        tmp_path,
        "attendance:\n"
        "  present:\n"
        "    - label: 委員\n"
        "      role: 委員\n"
        "      members: [荒金, 井上]\n"
        "    - label: 事務局\n"
        "      members: [{name: 中川, role: 部長}]\n"
        "  absent: []\n"
        "  observers: なし\n"
        "outline:\n"
        "  - {label: 出席者, show: present}\n"
        "  - {label: 欠席者, show: absent}\n"
        "  - {label: 傍聴者, show: observers}\n",
    )
    present, absent, observers = agenda_outline(content)
    assert [(line.label, line.text) for line in present.lines] == [
        ("委員：", "荒金委員、井上委員"),
        ("事務局：", "中川部長"),
    ]
    assert absent.value == "なし" and observers.value == "なし"


def test_role_before_the_name_is_printed_once_for_those_who_share_it(tmp_path: Path) -> None:
    committee = (
        COMMITTEE + "style:\n  role_place: before\n  member_separator: 　\n  count_members: true\n"
    )
    content = meeting(
        tmp_path,
        "attendance:\n  present:\n    - members:\n"
        "        - {name: 田部井則人, role: 政策室長}\n"
        "        - {name: 馬場麻衣子, role: 推進担当}\n"
        "        - {name: 高橋健太朗, role: 推進担当}\n",
        committee,
    )
    group = content.meeting.attendance.present[0]
    assert group_text(group, content.committee.style) == (
        "政策室長　田部井則人　推進担当　馬場麻衣子　高橋健太朗（3名）"
    )


def test_attendance_is_shown_in_the_agenda_only_where_the_outline_asks(tmp_path: Path) -> None:
    content = meeting(tmp_path, "attendance:\n  observers: 2\n")
    assert [view.label for view in agenda_outline(content)] == ["日時", "場所", "議題"]


# --- messages for mistakes in the new fields -------------------------------------------------


def test_a_nested_list_says_how_to_nest(tmp_path: Path) -> None:
    said = problems(tmp_path, base=MEETING.replace("  - 開会\n", "  - 開会\n  - - 会議の公開\n"))
    assert "01/meeting.yaml:8: agenda.1: 「- 」の中にさらに一覧が書かれています" in said
    assert "items:" in said


def test_a_list_where_text_is_expected(tmp_path: Path) -> None:
    said = problems(tmp_path, base=MEETING.replace("place: 会議室", "place:\n  - 会議室\n  - 別室"))
    assert "place: ここには一覧（「- 」の並び）は書けません" in said and "「|」" in said


def test_four_levels_are_one_too_many(tmp_path: Path) -> None:
    said = problems(
        tmp_path,
        base=MEETING.replace("  - 開会\n", "  - 一:\n    - 二:\n      - 三:\n        - 四\n"),
    )
    assert "agenda.0.items.0.items.0: 項目は3階層までです" in said


@pytest.mark.parametrize(
    ("extra", "committee", "expected"),
    [
        (
            "attendance:\n  observers: たくさん\n",
            COMMITTEE,
            "attendance.observers: 傍聴者は人数か「なし」",
        ),
        ("outline:\n  - {label: 日時, show: when}\n", COMMITTEE, "outline.0.show: 使えない値です"),
        (
            "extraordinary: true\n",
            COMMITTEE + "style:\n  designation: 第回\n",
            "style.designation:",
        ),
        (
            "materials:\n  - {title: 名簿, label: 資料1, numbered: false}\n",
            COMMITTEE,
            "materials.0.label: numbered: false の資料には label を書けません",
        ),
        (
            "materials:\n  - title: 名簿\n",
            COMMITTEE,
            "",
        ),
        ("outline: []\n", COMMITTEE, "outline: 一つも書かれていません"),
        ("minutes: minutes.yaml\n", COMMITTEE, "minutes: ファイル minutes.yaml がありません"),
    ],
)
def test_malformed_new_fields(tmp_path: Path, extra: str, committee: str, expected: str) -> None:
    if not expected:
        meeting(tmp_path, extra, committee)  # valid
        return
    assert expected in problems(tmp_path, extra, committee)


def test_a_reference_to_a_material_that_does_not_exist(tmp_path: Path) -> None:
    said = problems(
        tmp_path,
        "materials:\n  - title: 名簿\n",
        base=MEETING.replace("  - 開会\n", "  - {text: 開会, see: [資料２]}\n"),
    )
    assert "agenda.0.see.0: 「資料２」という資料はありません — この会議の資料は 資料1 です" in said


def test_a_reference_prints_after_the_item(tmp_path: Path) -> None:
    content = meeting(
        tmp_path,
        "materials:\n  - title: 名簿\n",
        base=MEETING.replace("  - 開会\n", "  - {text: 委員紹介, see: [資料１]}\n"),
    )
    assert lines_of(content)[0] == ("（１）", "委員紹介（資料１）")


# --- handouts new -------------------------------------------------------------------------------


def test_new_continues_from_the_latest_meeting_by_date(tmp_path: Path) -> None:
    from generator.commands.new import new_meeting

    c = tmp_path / "c"
    for folder, number, date in (("a", 9, "2021-01-10"), ("b", 2, "2022-05-01")):
        (c / folder).mkdir(parents=True)
        (c / folder / "meeting.yaml").write_text(
            MEETING.replace("number: 3", f"number: {number}").replace("2022-04-27", date),
            encoding="utf-8",
        )
    (c / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    made = new_meeting(c / "new")
    assert made.source == (c / "b").resolve() and made.number == 3


@pytest.mark.parametrize(("date", "number"), [("2023-03-30", 4), ("2023-04-03", 1)])
def test_new_restarts_numbering_in_a_new_fiscal_year(
    tmp_path: Path, date: str, number: int
) -> None:
    from generator.commands.new import new_meeting

    meeting(tmp_path, committee=COMMITTEE + "style:\n  numbering: fiscal_year\n")
    made = new_meeting(tmp_path / "c" / "02", date=D.fromisoformat(date))
    assert made.number == number
    written = (tmp_path / "c" / "02" / "meeting.yaml").read_text(encoding="utf-8")
    assert f"number: {number}\n" in written and f"date: {date}\n" in written


def test_new_after_a_meeting_without_a_number(tmp_path: Path) -> None:
    from generator.commands.new import new_meeting

    meeting(tmp_path, base=MEETING.replace("number: 3\n", ""))
    made = new_meeting(tmp_path / "c" / "02")
    assert made.number is None
    assert "number" not in (tmp_path / "c" / "02" / "meeting.yaml").read_text(encoding="utf-8")


# --- multi-line values in Word and LibreOffice --------------------------------------------------


def test_line_breaks_do_not_stretch_in_word(sample_build: Path) -> None:
    with zipfile.ZipFile(sample_build / "第4回_次第.docx") as docx:
        assert b"<w:doNotExpandShiftReturn/>" in docx.read("word/settings.xml")


soffice = shutil.which("soffice") or shutil.which("libreoffice")


@needs_poppler
@pytest.mark.skipif(soffice is None, reason="LibreOffice (soffice) がありません")
def test_libreoffice_does_not_stretch_a_line_before_a_break(tmp_path: Path) -> None:
    committee = copy_sample_committee(tmp_path / "content" / "k")
    path = committee / "04" / "meeting.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - 協働の原則\n", "  - |\n    協働の原則（一行目）\n    二行目\n"
    )
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run_handouts("build", "content/k/04", "--out", out, cwd=tmp_path).returncode == 0
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "第4回_次第.docx")],
        capture_output=True, check=True, timeout=240,
    )  # fmt: skip
    read = pdf_text(tmp_path / "第4回_次第.pdf", raw=True)
    assert "協働の原則（一行目）" in read  # a stretched line reads as 協 働 の 原 則 …


def test_two_materials_with_one_label(tmp_path: Path) -> None:
    said = problems(tmp_path, "materials:\n  - {title: 名簿, label: 資料１}\n  - title: 規則\n")
    assert "materials.1.label: 「資料1」は1番目の資料にも付いています" in said


def test_the_sample_agenda_document_is_as_before(tmp_path: Path) -> None:
    """The default outline gives the very paragraphs the fixed 次第 template gave."""
    from generator.render.papers import render_meeting
    from generator.render.templating import Templates
    from generator.workspace import Workspace

    folder = copy_sample_committee(tmp_path / "k") / "04"
    content = load_meeting(folder)
    templates = Templates(Workspace.of(folder).template_dirs())
    agenda = render_meeting(content, templates, []).papers[0].document
    first, *_ = [b for b in agenda.blocks if b.style == "次第項目"]
    assert first.label.inlines[0].text == "１　" and first.inlines[0].text == "日時"
    tenth = agenda.blocks[-1]
    assert tenth.label.inlines[0].text == "（１０）" and tenth.label.extend == "left"
    assert [b.style for b in agenda.blocks].count("次第注記") == 1

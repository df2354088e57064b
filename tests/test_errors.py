"""Bad input, as a secretariat types it in a hurry: every problem named with its place and a fix.

Each case runs the command as a user does and checks what they read: exit code 1, the file and
line, the field, a Japanese hint they can act on, and never a Python traceback.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import copy_sample_committee, run_handouts

MEETING = Path("content/iinkai/04")
MEETING_YAML = MEETING / "meeting.yaml"
COMMITTEE_YAML = MEETING.parent / "committee.yaml"
HANDOUT_YAML = MEETING / "definitions.yaml"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace holding a copy of the sample committee, to be spoiled by each test."""
    copy_sample_committee(tmp_path / MEETING.parent)
    return tmp_path


def build(ws: Path, folder: Path | str = MEETING) -> subprocess.CompletedProcess:
    return run_handouts("build", folder, "--out", ws / "out", cwd=ws)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def fails_with(result: subprocess.CompletedProcess, *expected: str) -> str:
    """The error output, after checking it is a clean failure that says each expected thing."""
    assert result.returncode == 1, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    return result.stderr


# --- YAML syntax ---------------------------------------------------------------------------------


def test_tab_used_for_indentation(ws: Path) -> None:
    edit(ws / MEETING_YAML, "  - 協働の意義", "\t- 協働の意義")
    line = line_of(ws / MEETING_YAML, "\t- 協働の意義")
    fails_with(build(ws), f"{MEETING_YAML}:{line}:", "タブ", "空白（半角スペース）")


def test_bad_indentation(ws: Path) -> None:
    edit(ws / MEETING_YAML, "\nplace:", "\n  place:")
    fails_with(build(ws), f"{MEETING_YAML}:", "字下げ")


def test_unclosed_quote_points_at_the_line_where_it_opens(ws: Path) -> None:
    edit(ws / MEETING_YAML, 'start: "10:00"', 'start: "10:00')
    line = line_of(ws / MEETING_YAML, 'start: "10:00')
    fails_with(build(ws), f"{MEETING_YAML}:", "引用符", f"{line}行目")


def test_colon_inside_a_value_says_to_quote_it(ws: Path) -> None:
    edit(ws / MEETING_YAML, "place: 萌え木ホールＡ会議室", "place: 萌え木ホール: Ａ会議室")
    line = line_of(ws / MEETING_YAML, "place:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}:", "引用符", "囲んで")


def test_key_written_twice(ws: Path) -> None:
    edit(
        ws / MEETING_YAML, "place: 萌え木ホールＡ会議室", "place: 萌え木ホールＡ会議室\nplace: 別室"
    )
    line = line_of(ws / MEETING_YAML, "place: 別室")
    fails_with(build(ws), f"{MEETING_YAML}:{line}:", "「place」が二度", "どちらか一方を消して")


def test_value_starting_with_a_yaml_symbol(ws: Path) -> None:
    edit(ws / MEETING_YAML, "place: 萌え木ホールＡ会議室", "place: @会議室")
    fails_with(build(ws), f"{MEETING_YAML}:", "「@」", "引用符")


def test_invisible_control_character_in_the_file(ws: Path) -> None:
    edit(ws / MEETING_YAML, "place: 萌え木ホール", "place: 萌え木\x0bホール")
    line = line_of(ws / MEETING_YAML, "place:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}:", "U+000B", "打ち直して")


@pytest.mark.parametrize("tagged", ["!!int 四", "!!float x", "!!bool たぶん"])
def test_value_that_its_explicit_tag_cannot_hold(ws: Path, tagged: str) -> None:
    edit(ws / MEETING_YAML, "number: 4", f"number: {tagged}")
    tag = tagged.split()[0]
    fails_with(build(ws), f"{MEETING_YAML}:1:", f"「{tag}」の指定に合いません", "消して")


# --- Schema: keys, types, required fields ----------------------------------------------------------


def test_unknown_key_suggests_the_near_miss(ws: Path) -> None:
    edit(ws / MEETING_YAML, "  - title: 市民協働", "  - titel: 市民協働")
    line = line_of(ws / MEETING_YAML, "titel:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: materials.0.titel:", "知らない項目", "「title」")


def test_unknown_key_in_a_handout(ws: Path) -> None:
    edit(ws / HANDOUT_YAML, "        term: 協働\n", "        trem: 協働\n")
    line = line_of(ws / HANDOUT_YAML, "trem:")
    fails_with(build(ws), f"{HANDOUT_YAML}:{line}: groups.0.entries.0.trem:", "「term」")


def test_key_that_is_not_text(ws: Path) -> None:
    edit(
        ws / MEETING_YAML,
        "place: 萌え木ホールＡ会議室",
        "place: 萌え木ホールＡ会議室\n2: 第二会議室",
    )
    line = line_of(ws / MEETING_YAML, "2: 第二会議室")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: 2:", "項目名が文字ではありません")


def test_wrong_type(ws: Path) -> None:
    edit(ws / MEETING_YAML, "number: 4", "number: 第四回")
    fails_with(build(ws), f"{MEETING_YAML}:1: number:", "整数", "例: 4")


def test_number_where_text_is_expected_says_to_quote(ws: Path) -> None:
    edit(ws / MEETING_YAML, "place: 萌え木ホールＡ会議室", "place: 301")
    line = line_of(ws / MEETING_YAML, "place:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: place:", '"301"', "引用符")


def test_missing_required_field(ws: Path) -> None:
    edit(ws / MEETING_YAML, "place: 萌え木ホールＡ会議室\n", "")
    fails_with(build(ws), f"{MEETING_YAML}:1: place:", "必須", "書き足して")


def test_empty_value(ws: Path) -> None:
    edit(ws / MEETING_YAML, "place: 萌え木ホールＡ会議室", "place:")
    line = line_of(ws / MEETING_YAML, "place:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: place:", "値が書かれていません")


def test_empty_list_item(ws: Path) -> None:
    line = line_of(ws / MEETING_YAML, "  - その他")
    edit(ws / MEETING_YAML, "  - その他", "  -")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: agenda.3:", "値が書かれていません", "「- 」の後")


def test_material_with_neither_title_nor_note(ws: Path) -> None:
    edit(ws / MEETING_YAML, "  - title: 市民協働", "  - handout: 市民協働")
    fails_with(build(ws), "materials.0", "title（資料名）か note（注記）")


# --- Dates and times -------------------------------------------------------------------------------


def test_impossible_date(ws: Path) -> None:
    edit(ws / MEETING_YAML, "date: 2011-03-02", "date: 2011-02-30")
    line = line_of(ws / MEETING_YAML, "date:")
    fails_with(
        build(ws), f"{MEETING_YAML}:{line}: date:", "2011年2月30日という日はありません", "28日まで"
    )


def test_month_that_does_not_exist(ws: Path) -> None:
    edit(ws / MEETING_YAML, "date: 2011-03-02", "date: 2011-13-02")
    fails_with(build(ws), "date:", "13月という月はありません")


def test_date_in_another_format(ws: Path) -> None:
    edit(ws / MEETING_YAML, "date: 2011-03-02", "date: 2011/03/02")
    fails_with(build(ws), "date:", "日付の形ではありません", "2011-03-02 のように")


def test_impossible_time(ws: Path) -> None:
    edit(ws / MEETING_YAML, 'start: "10:00"', 'start: "25:00"')
    line = line_of(ws / MEETING_YAML, "start:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: start:", "25:00", "00:00〜23:59")


@pytest.mark.parametrize("written", ["12.30", "12", "true"])
def test_time_written_as_a_number(ws: Path, written: str) -> None:
    """`end: 12.30` is a number to YAML, not a time: say how to write it, never crash."""
    edit(ws / MEETING_YAML, 'end: "12:00"', f"end: {written}")
    line = line_of(ws / MEETING_YAML, "end:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: end:", "10:00")


def test_end_before_start_points_at_end(ws: Path) -> None:
    edit(ws / MEETING_YAML, 'end: "12:00"', 'end: "09:00"')
    line = line_of(ws / MEETING_YAML, "end:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: end:", "09:00", "10:00", "start と end")


# --- Agenda and materials --------------------------------------------------------------------------


def test_empty_agenda(ws: Path) -> None:
    for item in ("協働の定義", "協働の意義", "協働の原則", "その他"):
        edit(ws / MEETING_YAML, f"  - {item}\n", "")
    edit(ws / MEETING_YAML, "agenda:", "agenda: []")
    line = line_of(ws / MEETING_YAML, "agenda:")
    fails_with(build(ws), f"{MEETING_YAML}:{line}: agenda:", "一つも書かれていません")


def test_handout_file_missing(ws: Path) -> None:
    edit(ws / MEETING_YAML, "handout: definitions.yaml", "handout: definition.yaml")
    line = line_of(ws / MEETING_YAML, "handout:")
    fails_with(
        build(ws), f"{MEETING_YAML}:{line}: materials.1.handout:", "definition.yaml がありません"
    )


def test_handout_pointing_at_a_folder(ws: Path) -> None:
    (ws / MEETING / "siryou").mkdir()
    edit(ws / MEETING_YAML, "handout: definitions.yaml", "handout: siryou")
    fails_with(build(ws), "materials.1.handout:", "フォルダです", "YAML ファイルの名前")


def test_two_materials_with_the_same_handout(ws: Path) -> None:
    edit(
        ws / MEETING_YAML,
        "  - title: 「協働の意義」についての他市等の例",
        "  - title: 「協働の意義」についての他市等の例\n    handout: definitions.yaml",
    )
    line = line_of(ws / MEETING_YAML, "「協働の意義」") + 1
    fails_with(build(ws), f"{MEETING_YAML}:{line}: materials.2.handout:", "資料2でも使われて")


def test_handout_without_kind(ws: Path) -> None:
    edit(ws / HANDOUT_YAML, "kind: comparison\n", "")
    fails_with(build(ws), f"{HANDOUT_YAML}:1: kind:", "kind がありません", "comparison")


# --- Files and encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "named"), [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("iso2022_jp", "JIS")]
)
def test_file_not_in_utf8_names_its_encoding(ws: Path, encoding: str, named: str) -> None:
    path = ws / MEETING_YAML
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    fails_with(build(ws), f"{MEETING_YAML}:", named, "UTF-8", "保存し直して")


def test_utf16_file(ws: Path) -> None:
    path = ws / MEETING_YAML
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    fails_with(build(ws), f"{MEETING_YAML}:", "UTF-16", "UTF-8")


def test_utf8_with_bom_is_accepted(ws: Path) -> None:
    path = ws / MEETING_YAML
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = build(ws)
    assert result.returncode == 0, result.stderr


def test_binary_file(ws: Path) -> None:
    (ws / MEETING_YAML).write_bytes(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)))
    fails_with(build(ws), f"{MEETING_YAML}:", "文字の書かれたファイルではありません")


def test_empty_file(ws: Path) -> None:
    (ws / MEETING_YAML).write_text("", encoding="utf-8")
    fails_with(build(ws), f"{MEETING_YAML}:", "空です")


@pytest.mark.parametrize("text", ["- 協働の定義\n- 協働の意義\n", "第４回の会議\n"])
def test_top_level_not_a_mapping(ws: Path, text: str) -> None:
    (ws / MEETING_YAML).write_text(text, encoding="utf-8")
    fails_with(build(ws), f"{MEETING_YAML}:1:", "「項目名: 値」の形")


def test_meeting_folder_without_meeting_yaml(ws: Path) -> None:
    (ws / MEETING_YAML).unlink()
    fails_with(build(ws), f"{MEETING}:", "meeting.yaml がありません")


def test_committee_folder_given_instead_of_meeting_folder(ws: Path) -> None:
    fails_with(build(ws, MEETING.parent), "meeting.yaml がありません", "会議のフォルダ（04）")


def test_meeting_yaml_that_is_a_folder(ws: Path) -> None:
    (ws / MEETING_YAML).unlink()
    (ws / MEETING_YAML).mkdir()
    fails_with(build(ws), f"{MEETING}:", "meeting.yaml がファイルではありません")


def test_meeting_folder_that_does_not_exist_lists_the_ones_that_do(ws: Path) -> None:
    fails_with(build(ws, MEETING.parent / "05"), "フォルダがありません", "04")


def test_committee_yaml_missing(ws: Path) -> None:
    (ws / COMMITTEE_YAML).unlink()
    fails_with(build(ws), f"{COMMITTEE_YAML}:", "committee.yaml がありません", "一つ上のフォルダ")


# --- Every problem, not only the first -------------------------------------------------------------


def test_problems_in_several_files_are_all_listed(ws: Path) -> None:
    edit(ws / COMMITTEE_YAML, "name: ", "nmae: ")
    edit(ws / MEETING_YAML, "date: 2011-03-02", "date: 2011-02-30")
    edit(ws / MEETING_YAML, 'start: "10:00"', 'start: "25:00"')
    edit(ws / HANDOUT_YAML, "        term: 協働\n", "        trem: 協働\n")
    err = fails_with(
        build(ws),
        f"{COMMITTEE_YAML}:",
        "「name」の書き間違い",
        f"{MEETING_YAML}:2: date:",
        f"{MEETING_YAML}:3: start:",
        f"{HANDOUT_YAML}:",
        "「term」",
    )
    assert "件の問題があります" in err


def test_a_broken_handout_does_not_hide_problems_in_meeting_yaml(ws: Path) -> None:
    (ws / HANDOUT_YAML).write_bytes("kind: comparison\ntitle: 定義\n".encode("cp932"))
    edit(ws / MEETING_YAML, "place: 萌え木ホールＡ会議室", "place:")
    fails_with(build(ws), f"{HANDOUT_YAML}:", "Shift_JIS", f"{MEETING_YAML}:", "place:")


# --- Exit codes ------------------------------------------------------------------------------------


def test_usage_error_exits_2(ws: Path) -> None:
    result = run_handouts("build", cwd=ws)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_good_content_exits_0(ws: Path) -> None:
    result = build(ws)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_meeting_yaml_given_instead_of_its_folder_builds_that_meeting(ws: Path) -> None:
    result = build(ws, MEETING_YAML)
    assert result.returncode == 0, result.stderr
    assert (ws / "out" / "第4回_次第.pdf").is_file()


def test_a_handout_file_given_instead_of_the_meeting_folder_says_what_to_give(ws: Path) -> None:
    fails_with(build(ws, HANDOUT_YAML), "definitions.yaml", "会議のフォルダを指定してください")

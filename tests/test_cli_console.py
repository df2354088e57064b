"""The command as a city hall's Windows PC runs it: a cp932 or ASCII console, a C locale,
a Japanese user who mistypes, and commands pasted back into the shell."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample_committee
from hypothesis import given
from hypothesis import strategies as st

from generator.commands.click_japanese import columns, wrap
from generator.commands.shellquote import shell_word

COMMANDS = ("build", "check", "new", "init", "templates")


def handouts(*args: str | Path, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """The command in a fresh process, with `env` added; output kept as bytes, as written."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path, **env},
        capture_output=True,
        timeout=300,
    )


def committee_with_dashes(tmp_path: Path) -> Path:
    """The sample committee, its first material titled with an em dash and a wave dash."""
    committee = copy_sample_committee(tmp_path / "委員会")
    meeting = committee / "04" / "meeting.yaml"
    text = meeting.read_text(encoding="utf-8")
    old = "  - title: 市民協働に関する小金井市実態調査報告書\n"
    assert old in text
    new = "  - title: 実態調査報告書 — 平成２２年４月〜６月\n    attach: chosa.pdf\n"
    meeting.write_text(text.replace(old, new), encoding="utf-8")
    (committee / "04" / "chosa.pdf").write_bytes(_one_page_pdf())
    return committee


def _one_page_pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "report")
    canvas.save()
    return out.getvalue()


# --- a console that lacks characters ---------------------------------------------------


def test_cp932_build_with_dashes_and_a_folder_cp932_lacks_writes_and_prints_everything(
    tmp_path: Path,
) -> None:
    committee = committee_with_dashes(tmp_path)
    out = tmp_path / "出力𠮷"
    result = handouts("build", committee / "04", "--out", out, PYTHONIOENCODING="cp932")
    assert result.returncode == 0, result.stderr.decode("cp932", "replace")
    names = sorted(p.name for p in out.iterdir())
    assert "第4回_会議資料.pdf" in names and "第4回_次第.docx" in names
    printed = result.stdout.decode("cp932")  # every byte is cp932
    assert printed.count("作成: ") == len(names)
    assert "出力?" in printed  # 𠮷 (not in cp932) replaced, the rest of the name kept


def test_cp932_errors_show_the_dash_a_japanese_console_has(tmp_path: Path) -> None:
    committee = copy_sample_committee(tmp_path / "c")
    meeting = committee / "04" / "meeting.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("date: 2011-03-02", "date: 2011-02-30"),
        encoding="utf-8",
    )
    result = handouts("check", committee / "04", PYTHONIOENCODING="cp932")
    assert result.returncode == 1
    shown = result.stderr.decode("cp932")
    assert "2011年2月30日という日はありません ― 2011年2月は28日までです" in shown
    assert "\\u2014" not in shown and "Traceback" not in shown


def test_cp932_new_from_a_meeting_with_attachments_says_what_to_replace(tmp_path: Path) -> None:
    committee = committee_with_dashes(tmp_path)
    result = handouts("new", committee / "05", PYTHONIOENCODING="cp932")
    assert result.returncode == 0, result.stderr.decode("cp932", "replace")
    shown = result.stdout.decode("cp932")
    assert "資料1「実態調査報告書 ― 平成２２年４月～６月」の chosa.pdf ― 今回の PDF を" in shown
    assert (committee / "05" / "meeting.yaml").is_file()


@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_console_lacking_characters_never_stops_the_command(
    tmp_path: Path, command: str, encoding: str
) -> None:
    committee = committee_with_dashes(tmp_path / "𠮷")
    target = {
        "build": [committee / "04", "--out", tmp_path / "out"],
        "check": [committee / "04"],
        "new": [committee / "05"],
        "init": [tmp_path / "𠮷田町"],
        "templates": [committee / "04"],
    }[command]
    result = handouts(command, *target, PYTHONIOENCODING=encoding)
    assert result.returncode == 0, result.stderr
    assert result.stdout and b"Traceback" not in result.stderr


def test_an_ascii_console_shows_errors_without_a_traceback(tmp_path: Path) -> None:
    result = handouts("build", tmp_path / "ない会議", PYTHONIOENCODING="ascii")
    assert result.returncode == 1
    assert result.stderr and b"Traceback" not in result.stderr


def test_a_c_locale_still_writes_japanese_file_names(tmp_path: Path) -> None:
    committee = committee_with_dashes(tmp_path)
    result = handouts("build", committee / "04", "--out", tmp_path / "出力", LC_ALL="C", LANG="C")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "出力" / "第4回_会議資料.pdf").is_file()


# --- Japanese throughout ---------------------------------------------------------------


def test_build_without_a_meeting_asks_for_one_in_japanese() -> None:
    result = handouts("build")
    assert result.returncode == 2
    shown = result.stderr.decode()
    assert "使い方: " in shown and " build [オプション] 会議フォルダ" in shown
    assert "エラー: 会議フォルダを指定してください" in shown
    assert not re.search("Usage|Error|Missing|Try", shown)


def test_a_mistyped_command_is_named_with_the_one_meant() -> None:
    result = handouts("biuld", "content/koganei-kyodo/04")
    assert result.returncode == 2
    shown = result.stderr.decode()
    assert "「biuld」というコマンドはありません — 「build」の書き間違いではありませんか" in shown
    assert "No such command" not in shown and "Did you mean" not in shown


def test_an_unknown_command_lists_the_commands() -> None:
    shown = handouts("kakunin").stderr.decode()
    assert "「kakunin」というコマンドはありません — 使えるのは build、check、init" in shown


def test_a_mistyped_option_is_named_with_the_one_meant() -> None:
    result = handouts("build", "content/koganei-kyodo/04", "--outt", "x")
    assert result.returncode == 2
    assert (
        "「--outt」というオプションはありません — 「--out」の書き間違い" in result.stderr.decode()
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["build", "x", "--out"], "--out の後に値を書いてください"),
        (["build", "x", "--duplex=yes"], "--duplex には値を付けません"),
        (["build", "C:/会議", "資料/04"], "余分な語があります: 資料/04 — 空白を含むフォルダ名は"),
        (["templates", ".", "--copy"], "--copy の後に値を書いてください"),
    ],
)
def test_usage_mistakes_are_said_in_japanese(args: list[str], said: str) -> None:
    result = handouts(*args)
    assert result.returncode == 2
    assert said in result.stderr.decode()


def test_out_naming_a_file_says_to_give_a_folder(tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text("x", encoding="utf-8")
    result = handouts("build", "content/koganei-kyodo/04", "--out", "memo.txt", cwd=tmp_path)
    assert result.returncode == 2
    shown = result.stderr.decode()
    assert "エラー: --out: 「memo.txt」はファイルです — 出力先のフォルダを指定してください" in shown


def test_init_given_a_file_says_to_name_a_new_folder(tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text("x", encoding="utf-8")
    result = handouts("init", "memo.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "「memo.txt」はファイルです — 新しい作業フォルダの名前を指定してください" in (
        result.stderr.decode()
    )


@pytest.mark.parametrize("command", [None, *COMMANDS])
@pytest.mark.parametrize("terminal", ["200", "60"])
def test_help_is_japanese_and_fits_80_columns(command: str | None, terminal: str) -> None:
    result = handouts(*([command] if command else []), "--help", COLUMNS=terminal)
    assert result.returncode == 0
    shown = result.stdout.decode()
    widths = [_columns(line) for line in shown.splitlines()]
    assert max(widths) <= 80, shown
    assert "使い方: " in shown and "オプション:" in shown and "この説明を表示します" in shown
    assert not re.search(r"Usage|Options|Show|MEETING|FOLDER|WHERE|NAME|DIRECTORY", shown)


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


def test_version_names_the_tool_and_its_version() -> None:
    from generator import __version__

    for option in ("--version", "-V"):
        result = handouts(option)
        assert result.returncode == 0
        assert result.stdout.decode().strip() == f"handouts {__version__}"


def test_one_name_for_the_committee_folder() -> None:
    pages = "".join(handouts(*([c] if c else []), "--help").stdout.decode() for c in COMMANDS)
    assert "作業フォルダ" in pages and "ワークスペース" not in pages


# --- commands to paste back ------------------------------------------------------------


def test_init_suggests_a_build_command_that_survives_spaces(tmp_path: Path) -> None:
    result = handouts("init", "市民 委員会", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    line = next(s for s in result.stdout.decode().splitlines() if "見本の会議を作るには" in s)
    command = line.split(": ", 1)[1]
    assert command == "handouts build '市民 委員会/content/iinkai/01'"
    args = subprocess.run(
        ["sh", "-c", f'printf "%s\\n" {command.removeprefix("handouts build ")}'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert args == ["市民 委員会/content/iinkai/01"]


@pytest.mark.parametrize(
    ("path", "windows", "posix"),
    [
        ("content/委員会/05", "content/委員会/05", "content/委員会/05"),
        ("C:\\会議 資料\\05", '"C:\\会議 資料\\05"', "'C:\\会議 資料\\05'"),
        ("a&b(1)", '"a&b(1)"', "'a&b(1)'"),
        ("it's", '"it\'s"', "'it'\"'\"'s'"),
    ],
)
def test_suggested_paths_are_quoted_for_the_users_shell(
    path: str, windows: str, posix: str
) -> None:
    assert shell_word(path, windows=True) == windows
    assert shell_word(path, windows=False) == posix


# --- new keeps the file's form ---------------------------------------------------------


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", True), ("\r\n", False), ("\n", True)])
def test_new_writes_meeting_yaml_in_the_form_of_the_one_it_copies(
    tmp_path: Path, newline: str, bom: bool
) -> None:
    committee = copy_sample_committee(tmp_path / "c")
    old = committee / "04" / "meeting.yaml"
    text = old.read_text(encoding="utf-8").replace("\n", newline)
    old.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    result = handouts("new", committee / "05")
    assert result.returncode == 0, result.stderr.decode()
    raw = (committee / "05" / "meeting.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    lines = raw.split(b"\n")[:-1]
    assert len(lines) > 20
    assert all(line.endswith(b"\r") == (newline == "\r\n") for line in lines)
    assert handouts("check", committee / "05").returncode == 1  # blanks to fill, still readable


# --- shell completion ------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "powershell"])
def test_completion_scripts_for_each_documented_shell(shell: str) -> None:
    result = handouts(_HANDOUTS_COMPLETE=f"{shell}_source")
    assert result.returncode == 0
    script = result.stdout.decode()
    assert "_HANDOUTS_COMPLETE" in script
    if shell == "powershell":
        assert "Register-ArgumentCompleter -Native -CommandName handouts " in script
        assert "& handouts |" in script


@pytest.mark.parametrize(
    ("line", "typed", "offered"),
    [
        ("handouts bu", "bu", ["plain\tbuild"]),
        ("handouts build --d", "--d", ["plain\t--duplex"]),
        ("handouts templates --", "--", ["plain\t--copy", "plain\t--help"]),
    ],
)
def test_powershell_is_offered_commands_and_options(
    line: str, typed: str, offered: list[str]
) -> None:
    result = handouts(
        COMP_WORDS=line, COMP_INCOMPLETE=typed, _HANDOUTS_COMPLETE="powershell_complete"
    )
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == offered


def test_the_command_alone_lists_the_commands_in_japanese() -> None:
    shown = handouts().stdout.decode()
    assert "コマンド:" in shown and "build" in shown and "Commands" not in shown


# --- help text laid out by display width -----------------------------------------------


@given(
    st.text(alphabet="会議の資料を作ります、。（）「」abc def-- 12", min_size=1),
    st.integers(20, 78),
)
def test_help_lines_fit_and_never_start_with_closing_punctuation(text: str, width: int) -> None:
    lines = wrap(text, width)
    for n, line in enumerate(lines):
        assert columns(line) <= width or (" " not in line and len(_pieces(line)) == 1)
        if n and not re.search("^[、。）」]| [、。）」]", text):
            assert line[0] not in "、。）」"
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def _pieces(line: str) -> list[str]:
    return re.findall(r"[!-~]+", line)

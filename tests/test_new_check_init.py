"""The next meeting from the last one (`new`), a dry run (`check`), a new committee (`init`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    SAMPLE,
    copy_sample_committee,
    docx_all_text,
    docx_text,
    run_handouts,
    squash,
)


def workspace_with_sample(tmp_path: Path) -> Path:
    """A writable copy of the sample committee in a workspace of its own."""
    ws = tmp_path / "ws"
    copy_sample_committee(ws / "content" / SAMPLE.parent.name)
    return ws


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fill_in(meeting_yaml: Path, **values: str) -> None:
    """Write values on the blank lines, as the secretariat would, keeping the comments."""
    lines = meeting_yaml.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        key = line.split(":", 1)[0]
        if key in values:
            lines[i] = f"{key}: {values[key]}  {line[line.index('#') :]}"
    meeting_yaml.write_text("".join(lines), encoding="utf-8")


# --- new -------------------------------------------------------------------------------


def test_new_carries_the_meeting_over_with_number_up_and_hours_blank(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    committee = ws / "content" / "koganei-kyodo"
    result = run_handouts("new", "content/koganei-kyodo/05", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "第5回の内容を、第4回" in result.stdout
    for field, line in (("date", 2), ("start", 3), ("end", 4)):
        assert f"content/koganei-kyodo/05/meeting.yaml:{line}: {field}" in result.stdout

    old = (committee / "04" / "meeting.yaml").read_text(encoding="utf-8").splitlines()
    new = (committee / "05" / "meeting.yaml").read_text(encoding="utf-8").splitlines()
    assert new[0] == "number: 5"
    assert new[1].startswith("date: ") and "# ← 開催日" in new[1] and "2011-03-02" in new[1]
    assert new[2].startswith("start: ") and "# ← 開始時刻" in new[2]
    assert new[3].startswith("end: ") and "# ← 終了時刻" in new[3]
    assert new[4:] == old[4:]  # place, agenda, materials: line for line, quotes and order kept
    definitions = "definitions.yaml"
    assert (committee / "05" / definitions).read_bytes() == (
        committee / "04" / definitions
    ).read_bytes()


def test_new_keeps_comments_quotes_and_key_order(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    meeting = ws / "content" / "koganei-kyodo" / "04" / "meeting.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = "# 事務局メモ: 議題は委員長と相談\n" + text.replace(
        "place: 萌え木ホールＡ会議室", "place: '萌え木ホールＡ会議室'   # 予約済み"
    )
    meeting.write_text(text.replace("agenda:", "agenda:        # 順番は変えない"), encoding="utf-8")
    assert run_handouts("new", "content/koganei-kyodo/05", cwd=ws).returncode == 0
    new = (meeting.parent.parent / "05" / "meeting.yaml").read_text(encoding="utf-8")
    assert new.startswith("# 事務局メモ: 議題は委員長と相談\nnumber: 5\n")
    assert "place: '萌え木ホールＡ会議室'   # 予約済み\n" in new
    assert "agenda:        # 順番は変えない\n  - 協働の定義\n" in new
    keys = [line.split(":")[0] for line in new.splitlines() if line[:1].isalpha()]
    assert keys == ["number", "date", "start", "end", "place", "agenda", "materials"]


def test_check_says_what_to_fill_in_until_it_is_filled(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    assert run_handouts("new", "content/koganei-kyodo/05", cwd=ws).returncode == 0
    result = run_handouts("check", "content/koganei-kyodo/05", cwd=ws)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(
        line.startswith(
            "エラー: content/koganei-kyodo/05/meeting.yaml:2: date: まだ書かれていません"
        )
        and "年-月-日" in line
        for line in lines
    ), result.stderr
    assert "meeting.yaml:3: start: まだ書かれていません" in result.stderr
    assert "meeting.yaml:4: end: まだ書かれていません" in result.stderr
    assert "この行を消して" in result.stderr  # end is optional: say how to drop it

    fill_in(ws / "content/koganei-kyodo/05/meeting.yaml", date="2011-03-30", start="14:00")
    result = run_handouts("check", "content/koganei-kyodo/05", cwd=ws)
    assert result.returncode == 1
    assert "end: まだ書かれていません" in result.stderr and "date:" not in result.stderr

    fill_in(ws / "content/koganei-kyodo/05/meeting.yaml", end="16:00")
    result = run_handouts("check", "content/koganei-kyodo/05", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("問題ありません: content/koganei-kyodo/05")

    result = run_handouts("build", "content/koganei-kyodo/05", cwd=ws)
    assert result.returncode == 0, result.stderr
    agenda = squash(docx_text(ws / "handouts/koganei-kyodo/05/第5回_次第.docx"))
    assert agenda.startswith("第５回小金井市市民協働のあり方等検討委員会次第")
    assert "平成２３年３月３０日（水）午後２時～４時" in agenda


def test_new_refuses_an_existing_folder_and_leaves_it_alone(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    assert run_handouts("new", "content/koganei-kyodo/05", cwd=ws).returncode == 0
    target = ws / "content/koganei-kyodo/05"
    (target / "meeting.yaml").write_text("number: 5  # 書きかけ\n", encoding="utf-8")
    before = files_under(target)
    result = run_handouts("new", "content/koganei-kyodo/05", cwd=ws)
    assert result.returncode == 1
    assert (
        "content/koganei-kyodo/05: このフォルダはすでにあります（上書きはしません）"
        in result.stderr
    )
    assert files_under(target) == before
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]  # no staging left


def test_new_starts_from_the_highest_meeting_number_not_the_folder_name(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    committee = ws / "content" / "koganei-kyodo"
    text = (committee / "04" / "meeting.yaml").read_text(encoding="utf-8")
    for name, number in (("special", 7), ("10-draft", 6)):
        (committee / name).mkdir()
        (committee / name / "meeting.yaml").write_text(
            text.replace("number: 4", f"number: {number}"), encoding="utf-8"
        )
    (committee / "notes").mkdir()  # no meeting.yaml: not a meeting
    result = run_handouts("new", "content/koganei-kyodo/08", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "第8回の内容を、第7回（content/koganei-kyodo/special）から作りました" in result.stdout
    assert (committee / "08" / "meeting.yaml").read_text(encoding="utf-8").startswith("number: 8\n")
    # the previous meeting's handout file was not in "special": nothing to copy, check will say so
    assert not (committee / "08" / "definitions.yaml").exists()


def test_new_from_names_the_meeting_to_copy(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    committee = ws / "content" / "koganei-kyodo"
    shutil.copytree(committee / "04", committee / "09")
    (committee / "09" / "meeting.yaml").write_text(
        (committee / "04" / "meeting.yaml").read_text(encoding="utf-8").replace("4", "9", 1),
        encoding="utf-8",
    )
    result = run_handouts(
        "new", "content/koganei-kyodo/05", "--from", "content/koganei-kyodo/04", cwd=ws
    )
    assert result.returncode == 0, result.stderr
    assert (committee / "05" / "meeting.yaml").read_text(encoding="utf-8").startswith("number: 5\n")


def test_new_says_when_the_folder_name_and_number_disagree(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    result = run_handouts("new", "content/koganei-kyodo/06", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "フォルダ名は 06 ですが、第5回として作りました" in result.stdout


def test_new_lists_attached_pdfs_instead_of_copying_them(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    old = ws / "content" / "koganei-kyodo" / "04"
    meeting = old / "meeting.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "  - title: 市民協働に関する小金井市実態調査報告書\n",
            "  - title: 市民協働に関する小金井市実態調査報告書\n    attach: chosa.pdf\n",
        ),
        encoding="utf-8",
    )
    (old / "chosa.pdf").write_bytes(b"%PDF-1.4 old report")
    (ws / "content" / "common.pdf").write_bytes(b"%PDF-1.4 shared")
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "  - title: 新しい公共支援事業の実施に関するガイドライン\n",
            "  - title: 新しい公共支援事業の実施に関するガイドライン\n    attach: ../../common.pdf\n",
        ),
        encoding="utf-8",
    )
    result = run_handouts("new", "content/koganei-kyodo/05", cwd=ws)
    assert result.returncode == 0, result.stderr
    new = ws / "content" / "koganei-kyodo" / "05"
    assert not (new / "chosa.pdf").exists()
    assert "attach: chosa.pdf" in (new / "meeting.yaml").read_text(encoding="utf-8")
    assert (
        "content/koganei-kyodo/05/meeting.yaml:13: 資料1「市民協働に関する小金井市実態調査報告書」"
        "の chosa.pdf — 今回の PDF を content/koganei-kyodo/05/chosa.pdf に置くか" in result.stdout
    )
    assert "common.pdf" not in result.stdout  # shared by every meeting: nothing to replace


def test_new_without_a_previous_meeting_asks_for_from(tmp_path: Path) -> None:
    (tmp_path / "content" / "iinkai").mkdir(parents=True)
    result = run_handouts("new", "content/iinkai/01", cwd=tmp_path)
    assert result.returncode == 1
    assert "前回の会議が見つかりません" in result.stderr and "--from" in result.stderr
    assert not (tmp_path / "content" / "iinkai" / "01").exists()


# --- check -----------------------------------------------------------------------------


def test_check_passes_the_sample_and_writes_nothing(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    before = files_under(ws)
    result = run_handouts("check", "content/koganei-kyodo/04", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("問題ありません: content/koganei-kyodo/04")
    assert "何も書き出していません" in result.stdout
    assert files_under(ws) == before
    assert not (ws / "handouts").exists()


def test_check_lists_every_problem_across_files(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    committee = ws / "content" / "koganei-kyodo" / "committee.yaml"
    committee.write_text(
        committee.read_text(encoding="utf-8").replace("secretariat:", "secretary:"),
        encoding="utf-8",
    )
    definitions = ws / "content" / "koganei-kyodo" / "04" / "definitions.yaml"
    definitions.write_text(
        definitions.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8"
    )
    result = run_handouts("check", "content/koganei-kyodo/04", cwd=ws)
    assert result.returncode == 1
    assert "content/koganei-kyodo/committee.yaml:3: secretary: 知らない項目です" in result.stderr
    assert "content/koganei-kyodo/04/definitions.yaml:2: titel: 知らない項目です" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (ws / "handouts").exists()


def test_check_renders_the_templates_as_a_build_would(tmp_path: Path) -> None:
    ws = workspace_with_sample(tmp_path)
    (ws / "templates").mkdir()
    builtin = (ROOT / "templates" / "comparison.xml.j2").read_text(encoding="utf-8")
    (ws / "templates" / "comparison.xml.j2").write_text(
        "{{ handout.titel }}\n" + builtin, encoding="utf-8"
    )
    checked = run_handouts("check", "content/koganei-kyodo/04", cwd=ws)
    built = run_handouts("build", "content/koganei-kyodo/04", cwd=ws)
    assert checked.returncode == built.returncode == 1
    assert "エラー: templates/comparison.xml.j2:1: " in checked.stderr
    assert "titel" in checked.stderr and "Traceback" not in checked.stderr
    assert checked.stderr == built.stderr
    assert not (ws / "handouts").exists()


# --- init ------------------------------------------------------------------------------


def test_init_makes_a_workspace_whose_example_builds(tmp_path: Path) -> None:
    result = run_handouts("init", tmp_path / "iinkai-ws")
    assert result.returncode == 0, result.stderr
    ws = tmp_path / "iinkai-ws"
    assert sorted(files_under(ws)) == [
        "README.md",
        "content/iinkai/01/meeting.yaml",
        "content/iinkai/01/susumekata.yaml",
        "content/iinkai/01/teigi.xlsx",
        "content/iinkai/01/teigi.yaml",
        "content/iinkai/committee.yaml",
        "content/iinkai/meibo.yaml",
        "templates/README.md",
    ]
    assert "handouts new" in (ws / "README.md").read_text(encoding="utf-8")
    assert run_handouts("check", "content/iinkai/01", cwd=ws).returncode == 0
    result = run_handouts("build", "content/iinkai/01", cwd=ws)
    assert result.returncode == 0, result.stderr
    out = ws / "handouts" / "iinkai" / "01"
    agenda = squash(docx_text(out / "第1回_次第.docx"))
    assert agenda.startswith("第１回〇〇市市民参加推進委員会次第")
    handout = squash(docx_text(out / "第1回_資料2.docx"))
    assert handout.startswith("資料２「市民参加」の定義について")
    # Every kind at work: a roster, a comparison read from Excel, a general document.
    roster = squash(docx_all_text(out / "第1回_資料1.docx"))
    assert "委員名簿" in roster and "山田太郎" in roster and "会長" in roster
    assert "〇〇市市民参加条例" in handout  # a cell of teigi.xlsx
    document = squash(docx_all_text(out / "第1回_資料3.docx"))
    assert "（１）各回の議題" in document and "令和７年１１月" in document


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("私たちのメモ\n", encoding="utf-8")
    result = run_handouts("init", tmp_path)
    assert result.returncode == 1
    assert "README.md: すでにあります（上書きはしません）" in result.stderr
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "私たちのメモ\n"
    assert not (tmp_path / "content").exists()


def test_init_then_new_prepares_the_second_meeting(tmp_path: Path) -> None:
    assert run_handouts("init", tmp_path).returncode == 0
    result = run_handouts("new", "content/iinkai/02", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "content/iinkai/02/teigi.yaml").read_bytes() == (
        tmp_path / "content/iinkai/01/teigi.yaml"
    ).read_bytes()
    # The Excel file the comparison reads comes along; the committee's roster stays shared.
    assert (tmp_path / "content/iinkai/02/teigi.xlsx").read_bytes() == (
        tmp_path / "content/iinkai/01/teigi.xlsx"
    ).read_bytes()
    assert not (tmp_path / "content/iinkai/02/meibo.yaml").exists()


# --- from an installed wheel, outside the repository -------------------------------------


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def _borrow_dependencies(python: Path) -> None:
    """Let a new venv import the dependencies this test run has, wherever they are installed
    (a venv, the system, the user's folder), without downloading them: a .pth file lists
    those folders after the venv's own, so what the venv installs comes first."""
    folders = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], ROOT)
    assert site.returncode == 0, site.stderr
    (Path(site.stdout.strip()) / "borrowed-dependencies.pth").write_text("\n".join(folders) + "\n")


def test_installed_wheel_inits_and_builds_outside_the_repository(tmp_path: Path) -> None:
    """What a city hall PC gets: `pip install handouts-….whl`, then `handouts init`.

    Skipped (quickly) where no wheel can be built, e.g. offline without setuptools/wheel;
    in CI (CI=true) that is a failure instead.
    """
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("generator", "templates", "launcher"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheel = _run([sys.executable, "-m", "pip", "wheel", src, "--no-deps", "-w", tmp_path], tmp_path)
    if wheel.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"cannot build the wheel:\n{wheel.stdout}\n{wheel.stderr}")
        pytest.skip("cannot build a wheel here (offline, or no setuptools/wheel)")
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", venv], tmp_path)
    assert made.returncode == 0, made.stderr
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _borrow_dependencies(bin_dir / "python")
    (whl,) = tmp_path.glob("handouts-*.whl")
    # --ignore-installed: a handouts already installed where the dependencies are (as
    # `pip install .[test]` does in CI) would otherwise satisfy the request.
    installed = _run(
        [bin_dir / "python", "-m", "pip", "install", "--no-deps", "--ignore-installed", whl],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stderr

    handouts = bin_dir / "handouts"
    where = tmp_path / "city-hall"
    where.mkdir()
    result = _run([handouts, "init", "ws"], where)
    assert result.returncode == 0, result.stderr
    ws = where / "ws"
    assert (ws / "content/iinkai/01/meeting.yaml").is_file()
    result = _run([handouts, "build", "content/iinkai/01"], ws)
    assert result.returncode == 0, result.stderr
    assert (ws / "handouts/iinkai/01/第1回_資料2.pdf").stat().st_size > 0
    listing = _run([handouts, "templates"], ws)
    assert listing.returncode == 0, listing.stderr
    package = str(venv)
    assert all(
        package in line for line in listing.stdout.splitlines() if "既定" in line and ".j2" in line
    ), listing.stdout
    assert str(ROOT) not in listing.stdout  # the installed package, not this checkout
    # Without the Scripts folder on PATH, beside the handouts/ folder the build just wrote.
    python_m = _run([bin_dir / "python", "-m", "handouts", "check", "content/iinkai/01"], ws)
    assert python_m.returncode == 0, python_m.stderr
    assert "問題ありません" in python_m.stdout

"""A build that fails leaves the papers of the last good build exactly as they were.

The night before a meeting the secretariat must never find yesterday's PDF half-overwritten:
either every file of the new build lands, or none is touched and the message says which file
could not be replaced. No temporary file is left behind, and nothing is written outside --out.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import copy_sample_committee, run_handouts

from generator import output
from generator.build import build
from generator.errors import HandoutsError

MEETING = Path("content/iinkai/04")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with the sample committee and a first, good build in out/."""
    copy_sample_committee(tmp_path / MEETING.parent)
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def run(ws: Path) -> subprocess.CompletedProcess:
    return run_handouts("build", MEETING, "--out", ws / "out", cwd=ws)


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root, hidden ones included: its content hash and modification time."""
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def papers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def test_first_build_writes_the_papers_and_no_temporary_file(ws: Path) -> None:
    names = papers(ws / "out")
    assert {"第4回_次第.docx", "第4回_次第.pdf", "第4回_資料2.docx", "第4回_資料2.pdf"} <= set(
        names
    )
    assert not [n for n in names if n.startswith(".") or n.endswith((".tmp", ".old"))]


def test_bad_content_leaves_previous_papers_untouched(ws: Path) -> None:
    before = snapshot(ws / "out")
    meeting = ws / MEETING / "meeting.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("2011-03-02", "2011-02-30"))
    result = run(ws)
    assert result.returncode == 1
    assert snapshot(ws / "out") == before


def test_crash_while_rendering_leaves_previous_papers_untouched(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.writers import pdf_writer

    before = snapshot(ws / "out")
    real = pdf_writer.write_pdf
    calls = []

    def crash_on_second_paper(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("simulated crash")
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_writer, "write_pdf", crash_on_second_paper)
    with pytest.raises(RuntimeError, match="simulated crash"):
        build(ws / MEETING, ws / "out")
    assert snapshot(ws / "out") == before


@contextmanager
def replace_fails_on(
    monkeypatch: pytest.MonkeyPatch, nth: int, exc: BaseException, times: int = 99
) -> Iterator[None]:
    """os.replace raises `exc` whenever the nth new file is renamed into place (`times` tries:
    a file locked for good, or for a moment)."""
    real = os.replace
    renamed: list[Path] = []
    failed = []

    def replace(src, dst, *args, **kwargs):
        if str(src).endswith(".tmp"):
            if dst not in renamed:
                renamed.append(dst)
            if renamed.index(dst) == nth - 1 and len(failed) < times:
                failed.append(dst)
                raise exc
        return real(src, dst, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(output.os, "replace", replace)
        yield


def test_failure_half_way_through_renaming_puts_back_the_files_already_replaced(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(ws / "out")
    busy = PermissionError(13, "Permission denied")
    with replace_fails_on(monkeypatch, 3, busy), pytest.raises(HandoutsError) as raised:
        build(ws / MEETING, ws / "out")
    assert snapshot(ws / "out") == before
    [problem] = raised.value.problems
    assert "置き換えられません" in problem.message
    assert problem.file is not None and problem.file.name == "第4回_資料2.docx"
    assert "閉じ" in problem.hint


def test_a_file_locked_for_a_moment_is_retried(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(ws / "out")
    busy = PermissionError(13, "Permission denied")
    with replace_fails_on(monkeypatch, 3, busy, times=2):
        build(ws / MEETING, ws / "out")
    after = snapshot(ws / "out")
    assert sorted(after) == sorted(before)
    assert all(after[name][1] != before[name][1] for name in before)


def test_interrupt_while_renaming_puts_back_the_files_already_replaced(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(ws / "out")
    with replace_fails_on(monkeypatch, 2, KeyboardInterrupt()), pytest.raises(KeyboardInterrupt):
        build(ws / MEETING, ws / "out")
    assert snapshot(ws / "out") == before


def test_new_papers_all_land_when_nothing_fails(ws: Path) -> None:
    before = snapshot(ws / "out")
    meeting = ws / MEETING / "meeting.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("萌え木ホール", "本庁舎"))
    assert run(ws).returncode == 0
    after = snapshot(ws / "out")
    assert sorted(after) == sorted(before)
    assert all(after[name][0] != before[name][0] for name in before if "次第" in name)


def test_folder_squatting_on_an_output_name_is_named_and_nothing_is_touched(ws: Path) -> None:
    squatter = ws / "out" / "第4回_資料2.pdf"
    squatter.unlink()
    (squatter / "中身.txt").parent.mkdir()
    (squatter / "中身.txt").write_text("消さないで", encoding="utf-8")
    before = snapshot(ws / "out")
    result = run(ws)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "out/第4回_資料2.pdf" in result.stderr
    assert "同じ名前のフォルダ" in result.stderr
    assert snapshot(ws / "out") == before


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make path unwritable even for root (immutable flag), or skip where that is impossible."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root ignores permissions and chattr is not installed")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"root ignores permissions and chattr +i fails here: {done.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_output_folder_is_named(ws: Path) -> None:
    before = snapshot(ws / "out")
    with unwritable(ws / "out"):
        result = run(ws)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "out:" in result.stderr and "書き出せません" in result.stderr
    assert snapshot(ws / "out") == before


def test_file_that_cannot_be_replaced_is_named_and_the_others_are_put_back(ws: Path) -> None:
    before = snapshot(ws / "out")
    with unwritable(ws / "out" / "第4回_資料2.pdf"):
        result = run(ws)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "out/第4回_資料2.pdf: ファイルを置き換えられません" in result.stderr
    assert snapshot(ws / "out") == before


def test_build_writes_nothing_outside_out(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    copy_sample_committee(ws / MEETING.parent)
    before = snapshot(tmp_path)
    out = tmp_path / "elsewhere" / "deeper" / "out"
    result = run_handouts("build", MEETING, "--out", out, cwd=ws)
    assert result.returncode == 0, result.stderr
    after = snapshot(tmp_path)
    new = sorted(set(after) - set(before))
    assert all(name.startswith("elsewhere/deeper/out/") for name in new), new
    assert {name: after[name] for name in before} == before
    assert papers(out) == [Path(n).name for n in new]


def test_a_stale_file_that_cannot_be_removed_is_named_and_the_set_stays_whole(ws: Path) -> None:
    meeting = ws / MEETING / "meeting.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("    handout: definitions.yaml\n", ""),
        encoding="utf-8",
    )
    before = snapshot(ws / "out")
    with unwritable(ws / "out" / "第4回_資料2.pdf"):
        result = run(ws)
    assert result.returncode == 1
    assert "out/第4回_資料2.pdf: ファイルを削除できません" in result.stderr
    assert "閉じてからもう一度" in result.stderr
    assert snapshot(ws / "out") == before

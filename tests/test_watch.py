"""`handouts watch`: every save rebuilds what it changed, and only that, as a cold build would.

The rebuilds are driven in-process (generator.commands.warm) where the files are compared with
a cold `build` of the same inputs; the command itself runs as a user runs it, a process that is
saved at, then stopped with Ctrl+C. No assertion here is about time: latency is bench/'s.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample_committee, run_handouts
from test_atomic import unwritable
from test_packet import Sheet, make_pdf
from test_packet import workspace as attached_workspace
from test_spreadsheet_rows import COMPARISON, HEADERS, ROWS, write_xlsx
from test_spreadsheet_rows import workspace as spreadsheet_workspace

from generator.build import build
from generator.commands.viewer import members_packet
from generator.commands.warm import Unwritten, WarmBuilder
from generator.commands.watch import Console, Watch
from generator.errors import HandoutsError
from generator.resources import bundled_fonts, default_templates

WAIT = 120.0  # seconds a watched save may take to show, on a loaded machine


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file in folder, hidden ones (temporary files) included."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's modification time and inode: what a rewrite changes."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
        for p in folder.rglob("*")
        if p.is_file()
    }


def same_as_cold(meeting: Path, warm_out: Path, cold_out: Path, *, duplex: bool = False) -> None:
    if cold_out.exists():
        shutil.rmtree(cold_out)
    build(meeting, cold_out, duplex=duplex)
    warm, cold = outputs(warm_out), outputs(cold_out)
    assert sorted(warm) == sorted(cold)
    for name in cold:
        assert warm[name] == cold[name], f"{name} differs from a cold build's"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the warm builder: byte-identical, and only what changed is written ----------------------


@pytest.mark.parametrize("duplex", [False, True], ids=["simplex", "duplex"])
def test_every_rebuild_writes_what_a_cold_build_writes(tmp_path: Path, duplex: bool) -> None:
    meeting = attached_workspace(tmp_path / "ws")
    out, cold = tmp_path / "out", tmp_path / "cold"
    builder = WarmBuilder(meeting, out, duplex)
    builder.build()
    same_as_cold(meeting, out, cold, duplex=duplex)

    steps = [
        lambda: edit(meeting / "definitions.yaml", "対等の立場", "対等な立場"),
        lambda: edit(meeting / "meeting.yaml", "萌え木ホールＡ会議室", "萌え木ホールＢ会議室"),
        lambda: edit(meeting.parent / "committee.yaml", "secretariat: 小金井市", "secretariat: 市"),
        lambda: edit(
            meeting / "meeting.yaml",
            "  - title: 新聞記事抜粋\n",
            "  - title: 新聞記事\n    public: false\n",
        ),
        lambda: make_pdf(meeting / "report.pdf", [Sheet("A new report"), Sheet("Its second page")]),
        lambda: override_template(meeting, "agenda.xml.j2", "次第</p>", "次第（案）</p>"),
        lambda: edit(tmp_path / "ws" / "templates" / "agenda.xml.j2", "（案）", "（改定案）"),
        lambda: override_reference(meeting, "word/styles.xml", 'w:val="28"', 'w:val="32"'),
        # A part no style reads: only the .docx files carry it.
        lambda: override_reference(meeting, "docProps/app.xml", "<Pages>1", "<Pages>2"),
        lambda: edit(meeting / "meeting.yaml", "    handout: definitions.yaml\n", ""),
        lambda: edit(meeting / "meeting.yaml", "萌え木ホールＢ会議室", "萌え木ホールＡ会議室"),
    ]
    for step in steps:
        step()
        builder.build()
        same_as_cold(meeting, out, cold, duplex=duplex)


def override_template(meeting: Path, name: str, old: str, new: str) -> None:
    """The workspace's own copy of a built-in template, with one change."""
    own = meeting.parents[2] / "templates"
    own.mkdir(exist_ok=True)
    text = (default_templates() / name).read_text(encoding="utf-8")
    assert old in text
    (own / name).write_text(text.replace(old, new), encoding="utf-8")


def override_reference(meeting: Path, part: str, old: str, new: str) -> None:
    """The workspace's own reference .docx, one part changed as Word would save it."""
    own = meeting.parents[2] / "templates"
    own.mkdir(exist_ok=True)
    with zipfile.ZipFile(default_templates() / "reference.docx") as source:
        parts = {name: source.read(name) for name in source.namelist()}
    if (own / "reference.docx").is_file():
        with zipfile.ZipFile(own / "reference.docx") as source:
            parts = {name: source.read(name) for name in source.namelist()}
    text = parts[part].decode("utf-8")
    assert old in text
    parts[part] = text.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(own / "reference.docx", "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_long_handout_edited_here_and_there_is_laid_out_as_a_cold_build_lays_it(
    tmp_path: Path,
) -> None:
    meeting = copy_sample_committee(tmp_path / "content" / "koganei-kyodo") / "04"
    definitions = meeting / "definitions.yaml"
    head, _, groups = definitions.read_text(encoding="utf-8").partition("groups:\n")
    definitions.write_text(head + "groups:\n" + groups * 5, encoding="utf-8")  # ten pages
    out = tmp_path / "out"
    builder = WarmBuilder(meeting, out)
    builder.build()
    assert len(pdf_pages(out / "第4回_資料2.pdf")) > 6

    steps = [
        # a definition three lines longer: every page after it moves
        lambda: edit(
            definitions, "をいう。", "をいう。" + "市民と市が共に考え、行動すること。" * 4
        ),
        lambda: edit(definitions, "term: 協働", "term: 協働という言葉"),  # a wider label
        lambda: edit(definitions, "heading: 小金井市の例", "heading: 小金井市の例（抜粋）"),
        lambda: edit(definitions, "title: ", "layout: table\ntitle: "),  # cells, landscape
        # the same definitions in a wider column: the source column left out
        lambda: edit(
            definitions, "layout: table\n", "layout: table\ncolumns: {term: 用語, text: 定義}\n"
        ),
        lambda: edit(definitions, "term: 協働という言葉", "term: 協働"),
        lambda: edit(definitions, "layout: table\ncolumns: {term: 用語, text: 定義}\n", ""),
    ]
    for step in steps:
        step()
        builder.build()
        same_as_cold(meeting, out, tmp_path / "cold")


def pdf_pages(path: Path) -> list:
    from pypdf import PdfReader

    return list(PdfReader(path).pages)


EVERY_MEETING = [
    *sorted((ROOT / "content").glob("*/*/meeting.yaml")),
    *sorted((ROOT / "generator" / "skeleton" / "content").glob("*/*/meeting.yaml")),
]


@pytest.mark.parametrize("meeting_file", EVERY_MEETING, ids=lambda p: p.parent.parent.name)
def test_every_kind_of_paper_is_rebuilt_as_a_cold_build_makes_it(
    tmp_path: Path, meeting_file: Path
) -> None:
    """The committees in content/ and the skeleton: 会議録, 名簿, general handouts, rows from
    Excel. Every file of the meeting folder and the committee's own files are saved again,
    one after the other, as an editor saves them."""
    workspace = tmp_path / "ws"
    committee = workspace / "content" / meeting_file.parent.parent.name
    shutil.copytree(meeting_file.parent.parent, committee)
    meeting = committee / meeting_file.parent.name
    out = tmp_path / "out"
    builder = WarmBuilder(meeting, out)
    builder.build()
    same_as_cold(meeting, out, tmp_path / "cold")

    for path in sorted(p for p in committee.rglob("*") if p.is_file()):
        path.write_bytes(path.read_bytes() + (b"\n" if path.suffix == ".yaml" else b""))
        builder.build()
    same_as_cold(meeting, out, tmp_path / "cold")

    edit(committee / "committee.yaml", "\nname: ", "\nname: 新")  # in every paper's title
    rebuilt = builder.build()
    assert len(rebuilt.written) > 2
    same_as_cold(meeting, out, tmp_path / "cold")


def test_an_edited_definition_rewrites_its_paper_and_leaves_the_agenda(tmp_path: Path) -> None:
    meeting = copy_sample_committee(tmp_path / "content" / "koganei-kyodo") / "04"
    out = tmp_path / "out"
    builder = WarmBuilder(meeting, out)
    builder.build()
    before = stamps(out)

    edit(meeting / "definitions.yaml", "対等の立場", "対等な立場")
    rebuilt = builder.build()

    after = stamps(out)
    assert sorted(p.relative_to(out).as_posix() for p in rebuilt.written) == [
        "第4回_manifest.json",
        "第4回_会議資料.pdf",
        "第4回_公開用/第4回_会議資料.pdf",
        "第4回_公開用/第4回_資料2.html",
        "第4回_公開用/第4回_資料2.pdf",
        "第4回_資料2.docx",
        "第4回_資料2.pdf",
    ]
    for name in ("第4回_次第.docx", "第4回_次第.pdf"):
        assert after[name] == before[name], f"{name} was rewritten"
    for name in ("第4回_資料2.pdf", "第4回_会議資料.pdf"):
        assert after[name] != before[name]
    same_as_cold(meeting, out, tmp_path / "cold")


def test_a_build_whose_bytes_are_on_disk_writes_nothing(tmp_path: Path) -> None:
    meeting = copy_sample_committee(tmp_path / "content" / "koganei-kyodo") / "04"
    out = tmp_path / "out"
    build(meeting, out)  # an earlier `handouts build`
    before = stamps(out)

    rebuilt = WarmBuilder(meeting, out).build()

    assert rebuilt.written == []
    assert len(rebuilt.unchanged) == len(before)
    assert stamps(out) == before


def test_an_output_changed_by_hand_is_written_again(tmp_path: Path) -> None:
    meeting = copy_sample_committee(tmp_path / "content" / "koganei-kyodo") / "04"
    out = tmp_path / "out"
    builder = WarmBuilder(meeting, out)
    builder.build()
    (out / "第4回_次第.pdf").write_bytes(b"not the agenda")

    rebuilt = builder.build()

    assert [p.name for p in rebuilt.written] == ["第4回_次第.pdf"]
    same_as_cold(meeting, out, tmp_path / "cold")


def test_a_spreadsheet_saved_again_rebuilds_its_handout(tmp_path: Path) -> None:
    meeting = spreadsheet_workspace(tmp_path, COMPARISON.format(file="teigi.xlsx"))
    write_xlsx(meeting / "teigi.xlsx", [HEADERS, *ROWS])
    out = tmp_path / "out"
    builder = WarmBuilder(meeting, out)
    builder.build()
    assert (meeting / "teigi.xlsx").resolve() in builder.read  # watched as an input

    write_xlsx(meeting / "teigi.xlsx", [HEADERS, *ROWS[:2]])
    rebuilt = builder.build()

    assert "第1回_資料1.pdf" in [p.name for p in rebuilt.written]
    same_as_cold(meeting, out, tmp_path / "cold")


def test_a_font_file_saved_over_is_read_again(tmp_path: Path) -> None:
    committee = copy_sample_committee(tmp_path / "content" / "koganei-kyodo")
    meeting = committee / "04"
    (committee / "fonts").mkdir()
    body = committee / "fonts" / "body.ttf"
    shutil.copy(bundled_fonts() / "BIZUDGothic-Regular.ttf", body)
    with (committee / "committee.yaml").open("a", encoding="utf-8") as f:
        f.write("fonts:\n  BIZ UD明朝 Medium:\n    file: fonts/body.ttf\n")
    out = tmp_path / "out"
    builder = WarmBuilder(meeting, out)
    builder.build()

    shutil.copy(bundled_fonts() / "BIZUDMincho-Regular.ttf", body)
    builder.build()

    # The cold build in a process of its own: this one has read the first body.ttf.
    cold = tmp_path / "cold"
    result = run_handouts("build", meeting, "--out", cold)
    assert result.returncode == 0, result.stderr
    assert outputs(out) == outputs(cold)


def test_a_locked_output_is_named_and_written_once_it_can_be(tmp_path: Path) -> None:
    meeting = copy_sample_committee(tmp_path / "content" / "koganei-kyodo") / "04"
    out = tmp_path / "out"
    builder = WarmBuilder(meeting, out)
    builder.build()

    edit(meeting / "definitions.yaml", "対等の立場", "対等な立場")
    with unwritable(out / "第4回_資料2.pdf"):
        with pytest.raises(Unwritten) as failed:
            builder.build()
        assert "第4回_資料2.pdf" in str(failed.value)
        with pytest.raises(Unwritten):
            builder.write_again()  # still open
    assert not [p for p in out.iterdir() if p.name.startswith(".")]

    rebuilt = builder.write_again()

    assert "第4回_資料2.pdf" in [p.name for p in rebuilt.written]
    same_as_cold(meeting, out, tmp_path / "cold")


def test_an_input_error_is_not_taken_for_a_locked_file(tmp_path: Path) -> None:
    meeting = copy_sample_committee(tmp_path / "content" / "koganei-kyodo") / "04"
    builder = WarmBuilder(meeting, tmp_path / "out")
    builder.build()
    edit(meeting / "definitions.yaml", "title: ", "title: [")

    with pytest.raises(HandoutsError) as failed:
        builder.build()

    assert not isinstance(failed.value, Unwritten)
    assert builder.unwritten is None


# --- which saves start a rebuild ---------------------------------------------------------------


def test_only_saves_that_can_change_the_papers_start_a_rebuild(tmp_path: Path) -> None:
    committee = copy_sample_committee(tmp_path / "content" / "koganei-kyodo")
    meeting = committee / "04"
    (committee / "03").mkdir()
    (committee / "03" / "meeting.yaml").write_text("number: 3\n", encoding="utf-8")
    out = meeting / "out"  # outputs beside the content, as some users keep them
    watch = Watch(WarmBuilder(meeting, out), Console(print, print, print))
    watch._rebuild(set())

    def relevant(path: Path) -> bool:
        return watch._relevant(None, str(path.resolve()))

    assert relevant(meeting / "definitions.yaml")
    assert relevant(committee / "committee.yaml")
    (meeting / "new.yaml").write_text("kind: comparison\n", encoding="utf-8")
    assert relevant(meeting / "new.yaml")  # a handout file the meeting may name next
    override_template(meeting, "agenda.xml.j2", "次第</p>", "次第（案）</p>")
    assert relevant(tmp_path / "templates" / "agenda.xml.j2")
    assert not relevant(out / "第4回_資料2.pdf")  # the watch's own output
    assert not relevant(committee / "03" / "meeting.yaml")  # another meeting
    (meeting / ".definitions.yaml.swp").write_text("", encoding="utf-8")
    assert not relevant(meeting / ".definitions.yaml.swp")  # an editor's
    assert not relevant(meeting / "gone.yaml")  # a temporary file already renamed away


# --- the command ---------------------------------------------------------------------------------


class Running:
    """`handouts watch` as a user runs it, its lines read as they come."""

    def __init__(self, cwd: Path, *args: str | Path, env: dict[str, str] | None = None) -> None:
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "watch", *map(str, args)],
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": path, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(stream,), daemon=True)
            for stream in (self.proc.stdout, self.proc.stderr)
        ]
        for reader in self.readers:
            reader.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for(self, *parts: str) -> str:
        """The next line holding every one of `parts`."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.proc.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if all(p in line for p in parts):
                return line
        raise AssertionError(f"no line with {parts}:\n" + "".join(self.seen))

    def stop(self) -> int:
        """Ctrl+C, then the exit status; `kill` then puts everything printed in `seen`."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=WAIT)

    def kill(self) -> None:
        """End the process if it still runs, and close its pipes once they are read."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for reader in self.readers:
            reader.join(timeout=WAIT)
        for stream in (self.proc.stdout, self.proc.stderr):
            stream.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())


@pytest.fixture
def sample_ws(tmp_path: Path) -> Path:
    copy_sample_committee(tmp_path / "content" / "koganei-kyodo")
    return tmp_path


@pytest.mark.parametrize("poll", [False, True], ids=["events", "poll"])
def test_an_error_is_reported_and_the_next_good_save_rebuilds(sample_ws: Path, poll: bool) -> None:
    meeting = Path("content/koganei-kyodo/04")
    definitions = sample_ws / meeting / "definitions.yaml"
    good = definitions.read_text(encoding="utf-8")
    out = sample_ws / "out"
    args = [meeting, "--out", out, *(["--poll"] if poll else [])]
    watch = Running(sample_ws, *args, env={"WATCHFILES_POLL_DELAY_MS": "50"})
    try:
        watch.wait_for("書き出し", "第4回_次第.pdf")
        before = outputs(out)

        definitions.write_text(good.replace("title: ", "title: [", 1), encoding="utf-8")
        watch.wait_for("エラー:", f"{meeting / 'definitions.yaml'}:2:")
        assert watch.proc.poll() is None
        assert outputs(out) == before

        definitions.write_text(good.replace("対等の立場", "対等な立場", 1), encoding="utf-8")
        line = watch.wait_for("definitions.yaml", "書き出し")
        assert "第4回_資料2.pdf" in line and "第4回_次第.pdf" not in line
        assert watch.stop() == 0
    finally:
        watch.kill()
    printed = "".join(watch.seen)
    assert "Traceback" not in printed
    assert "作り直せませんでした" in printed and "直して保存すると、作り直します" in printed
    assert "見張りを終えました" in printed
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    cold = run_handouts("build", meeting, "--out", sample_ws / "cold", cwd=sample_ws)
    assert cold.returncode == 0, cold.stderr
    assert outputs(out) == outputs(sample_ws / "cold")


def test_a_locked_output_is_written_when_it_is_closed_without_another_save(
    sample_ws: Path,
) -> None:
    meeting = sample_ws / "content/koganei-kyodo/04"
    out = sample_ws / "out"
    watch = Running(sample_ws, meeting, "--out", out)
    try:
        watch.wait_for("書き出し")
        with unwritable(out / "第4回_資料2.pdf"):
            edit(meeting / "definitions.yaml", "対等の立場", "対等な立場")
            watch.wait_for("エラー:", "第4回_資料2.pdf")
            assert watch.proc.poll() is None
        line = watch.wait_for("書き出せなかったファイルを書き出しました")
        assert "第4回_資料2.pdf" in line
        assert watch.stop() == 0
    finally:
        watch.kill()
    assert "そのファイルを閉じると、書き出します" in "".join(watch.seen)
    cold = run_handouts("build", meeting, "--out", sample_ws / "cold", cwd=sample_ws)
    assert cold.returncode == 0, cold.stderr
    assert outputs(out) == outputs(sample_ws / "cold")


def test_a_missing_meeting_folder_is_an_error_not_a_watch(tmp_path: Path) -> None:
    result = run_handouts("watch", tmp_path / "nowhere")
    assert result.returncode == 1
    assert "会議フォルダがありません" in result.stderr
    assert "Traceback" not in result.stderr


# --- --open -----------------------------------------------------------------------------------


@pytest.fixture
def viewer(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A stand-in for the system's viewer: it notes each file it is asked to open."""
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the viewer is started with xdg-open on Linux only")
    bin_dir, opened = tmp_path / "bin", tmp_path / "opened.txt"
    bin_dir.mkdir()
    script = bin_dir / "xdg-open"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{opened}"\n', encoding="utf-8")
    script.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}, opened


def opened_files(opened: Path) -> list[str]:
    deadline = time.monotonic() + WAIT
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return opened.read_text(encoding="utf-8").splitlines()


def test_build_open_shows_the_members_packet(sample_ws: Path, viewer, monkeypatch) -> None:
    env, opened = viewer
    monkeypatch.setenv("PATH", env["PATH"])
    result = run_handouts(
        "build", "content/koganei-kyodo/04", "--out", sample_ws / "out", "--open", cwd=sample_ws
    )
    assert result.returncode == 0, result.stderr
    assert opened_files(opened) == [str(sample_ws / "out" / "第4回_会議資料.pdf")]


def test_watch_open_shows_the_packet_once(sample_ws: Path, viewer) -> None:
    env, opened = viewer
    meeting = sample_ws / "content/koganei-kyodo/04"
    watch = Running(sample_ws, meeting, "--out", sample_ws / "out", "--open", env=env)
    try:
        watch.wait_for("書き出し")
        edit(meeting / "definitions.yaml", "対等の立場", "対等な立場")
        watch.wait_for("definitions.yaml", "書き出し")
        assert watch.stop() == 0
    finally:
        watch.kill()
    assert opened_files(opened) == [str(sample_ws / "out" / "第4回_会議資料.pdf")]


def test_a_viewer_that_cannot_start_is_a_note_not_a_failure(sample_ws: Path, monkeypatch) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the viewer is started with xdg-open on Linux only")
    empty = sample_ws / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run_handouts(
        "build", "content/koganei-kyodo/04", "--out", sample_ws / "out", "--open", cwd=sample_ws
    )
    assert result.returncode == 0, result.stderr
    assert "注意:" in result.stderr and "第4回_会議資料.pdf を開けませんでした" in result.stderr


def test_the_packet_is_told_from_the_papers() -> None:
    out = Path("out")
    written = [
        out / "第4回_次第.docx",
        out / "第4回_次第.pdf",
        out / "第4回_資料2.docx",
        out / "第4回_資料2.pdf",
        out / "第4回_会議資料.pdf",
        out / "第4回_会議資料_公開用.pdf",
        out / "第4回_manifest.json",
    ]
    assert members_packet(written) == out / "第4回_会議資料.pdf"
    assert members_packet(written[:4]) is None

"""Broken and hostile input ends in a message at the line that names it, never a traceback:
deep YAML, huge numbers, far dates, odd paths, oversize files, broken PDFs and fonts."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample_committee, run_handouts
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, IndirectObject, NameObject, NumberObject

from generator.build import prepare
from generator.errors import HandoutsError
from generator.model.paths import LIMITS

FIRST = "  - title: 市民協働に関する小金井市実態調査報告書\n"


@pytest.fixture
def meeting(tmp_path: Path) -> Path:
    return copy_sample_committee(tmp_path / "content/c") / "04"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(meeting: Path) -> str:
    with pytest.raises(HandoutsError) as caught:
        prepare(meeting, meeting.parent / "out")
    return "\n".join(str(p) for p in caught.value.problems)


def attach(meeting: Path, name: str) -> None:
    edit(meeting / "meeting.yaml", FIRST, f"{FIRST}    attach: {name}\n")


def handout(meeting: Path, name: str) -> None:
    edit(meeting / "meeting.yaml", "handout: definitions.yaml", f"handout: {name}")


def sparse(path: Path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)


def test_yaml_nested_200_levels(meeting: Path) -> None:
    with (meeting / "meeting.yaml").open("a", encoding="utf-8") as f:
        f.write("extra: " + "[" * 200 + "]" * 200 + "\n")
    assert "meeting.yaml: 項目の入れ子が深すぎます" in problems(meeting)


def test_an_integer_of_5000_digits(meeting: Path) -> None:
    edit(meeting / "meeting.yaml", "number: 4", "number: " + "9" * 5000)
    assert "meeting.yaml:1: number: 整数で書いてください" in problems(meeting)


def test_a_date_in_2108(meeting: Path) -> None:
    edit(meeting / "meeting.yaml", "date: 2011-03-02", "date: 2108-03-02")
    assert "meeting.yaml:2: date: 2108年の日付は" in problems(meeting)


def test_a_wareki_date_before_1873_is_reported_at_the_date(meeting: Path) -> None:
    edit(meeting / "meeting.yaml", "date: 2011-03-02", "date: 1872-03-02")
    assert "meeting.yaml:2: date: 日付「1872-03-02」は和暦にできません" in problems(meeting)


def test_source_date_epoch_in_other_digits(meeting: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "²")
    assert "SOURCE_DATE_EPOCH（²）が半角の数字ではありません" in problems(meeting)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("あ" * 90 + ".yaml", "ファイル名が長すぎます（275 バイト"),
        ('"a\\0b.yaml"', "NUL"),
        ("loop.yaml", "循環"),
        ("/etc/hostname", "作業フォルダ"),
        ("../../../../../../../../etc/hostname", "作業フォルダ"),
    ],
)
def test_odd_handout_paths(meeting: Path, name: str, said: str) -> None:
    (meeting / "loop.yaml").symlink_to(meeting / "loop.yaml")
    handout(meeting, name)
    message = problems(meeting)
    assert "meeting.yaml:14: materials.1.handout: " in message and said in message


@pytest.mark.parametrize(
    ("name", "said"), [("loop.pdf", "循環"), ("../../../../outside.pdf", "作業フォルダ")]
)
def test_odd_attachment_paths(meeting: Path, name: str, said: str) -> None:
    (meeting / "loop.pdf").symlink_to(meeting / "loop.pdf")
    (meeting.parent.parent.parent.parent / "outside.pdf").write_bytes(one_page(lambda w, p: None))
    attach(meeting, name)
    message = problems(meeting)
    assert "meeting.yaml:13: materials.0.attach: " in message and said in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("where", ["handout", "attach", "committee"])
def test_a_named_pipe_is_refused_not_waited_on(meeting: Path, where: str) -> None:
    name = {"handout": "pipe.yaml", "attach": "pipe.pdf", "committee": "committee.yaml"}[where]
    folder = meeting.parent if where == "committee" else meeting
    (folder / name).unlink(missing_ok=True)
    os.mkfifo(folder / name)
    if where == "handout":
        handout(meeting, name)
    elif where == "attach":
        attach(meeting, name)
    assert "ファイルではありません" in problems(meeting)


@pytest.mark.parametrize(("kind", "name"), [("pdf", "big.pdf"), ("yaml", "big.yaml")])
def test_an_oversize_file_is_refused_before_reading(meeting: Path, kind: str, name: str) -> None:
    sparse(meeting / name, LIMITS[kind] + 1)
    attach(meeting, name) if kind == "pdf" else handout(meeting, name)
    message = problems(meeting)
    assert "ファイルが大きすぎます" in message and f"{LIMITS[kind] // 2**20:,} MiB まで" in message


def test_a_reference_docx_holding_a_huge_member(meeting: Path) -> None:
    templates = meeting.parent.parent.parent / "templates"
    templates.mkdir()
    with (
        zipfile.ZipFile(ROOT / "templates/reference.docx") as original,
        zipfile.ZipFile(templates / "reference.docx", "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        copy.writestr("word/media/big.bin", bytes(LIMITS["docx"] + 1))
    assert "reference.docx: 展開すると大きすぎます" in problems(meeting)


def test_a_committee_yaml_that_is_a_folder(meeting: Path) -> None:
    (meeting.parent / "committee.yaml").unlink()
    (meeting.parent / "committee.yaml").mkdir()
    assert "committee.yaml がファイルではありません" in problems(meeting)


def one_page(change: callable, width: int = 595, height: int = 842) -> bytes:  # type: ignore[valid-type]
    import io

    writer = PdfWriter()
    writer.add_blank_page(width, height)
    change(writer, writer.pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_attachment_whose_annotation_is_missing_is_named(meeting: Path) -> None:
    dangling = one_page(
        lambda w, p: p.__setitem__(NameObject("/Annots"), ArrayObject([IndirectObject(99, 0, w)]))
    )
    (meeting / "a.pdf").write_bytes(dangling)
    attach(meeting, "a.pdf")
    assert "meeting.yaml:13: materials.0.attach: a.pdf は壊れているため" in problems(meeting)


@pytest.mark.parametrize("rotate", [NameObject("/Foo"), NumberObject(45)])
def test_an_attachment_with_an_odd_rotate_is_stamped(meeting: Path, rotate: object) -> None:
    (meeting / "a.pdf").write_bytes(
        one_page(lambda w, p: p.__setitem__(NameObject("/Rotate"), rotate))
    )
    attach(meeting, "a.pdf")
    assert prepare(meeting, meeting.parent / "out").files


def test_a_huge_first_page_is_stamped(meeting: Path) -> None:
    """1,000,000 pt square: the stamp search no longer grows with the page."""
    (meeting / "a.pdf").write_bytes(one_page(lambda w, p: None, 1_000_000, 1_000_000))
    attach(meeting, "a.pdf")
    packet = prepare(meeting, meeting.parent / "out").files
    assert any(path.name.endswith("会議資料.pdf") for path in packet)


def font_with_units_per_em(units: int) -> bytes:
    data = bytearray((ROOT / "generator/fontfiles/BIZUDMincho-Regular.ttf").read_bytes())
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"head":
            struct.pack_into(">H", data, offset + 18, units)
    return bytes(data)


def test_a_font_with_units_per_em_zero(meeting: Path) -> None:
    (meeting.parent / "zero.ttf").write_bytes(font_with_units_per_em(0))
    committee = meeting.parent / "committee.yaml"
    with committee.open("a", encoding="utf-8") as f:
        f.write("fallback_fonts:\n  - file: zero.ttf\n")
    line = len(committee.read_text(encoding="utf-8").splitlines())
    said = problems(meeting)
    assert f"committee.yaml:{line}: fallback_fonts.0.file: zero.ttf: " in said
    assert "unitsPerEm（0）" in said


def test_a_font_path_looping(meeting: Path) -> None:
    (meeting.parent / "loop.ttf").symlink_to(meeting.parent / "loop.ttf")
    committee = meeting.parent / "committee.yaml"
    with committee.open("a", encoding="utf-8") as f:
        f.write("fallback_fonts:\n  - file: loop.ttf\n")
    line = len(committee.read_text(encoding="utf-8").splitlines())
    assert f"committee.yaml:{line}: fallback_fonts.0.file: loop.ttf はリンクが循環" in problems(
        meeting
    )


def test_a_deleted_working_folder(meeting: Path, tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]);"
        "sys.argv = ['handouts', 'build', sys.argv[2]];"
        "from generator.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(gone), str(meeting)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "フォルダ）が削除されています" in result.stderr


def test_japanese_file_names_under_a_c_locale(meeting: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(meeting), "--out", str(meeting / "out")],
        env={**env, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=60,
    )
    said = result.stderr.decode("ascii", "backslashreplace")
    assert result.returncode == 1, said
    assert "Traceback" not in said and "PYTHONUTF8=1" in said
    assert not (meeting / "out").exists() or not any((meeting / "out").iterdir())


def test_the_sample_still_builds_after_all_this(meeting: Path) -> None:
    assert run_handouts("check", meeting).returncode == 0


@pytest.mark.parametrize("size", [12, 5000, 3_000_000])
def test_a_font_cut_short_is_a_font_error(size: int) -> None:
    from generator.typeset.truetype import FontError, TrueType

    data = (ROOT / "generator/fontfiles/BIZUDMincho-Regular.ttf").read_bytes()
    with pytest.raises(FontError, match="途中で切れて"):
        TrueType(data[:size])


def test_an_aes_attachment_without_the_cryptography_package(
    meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pypdf needs `cryptography` for AES-256; without it, a message at the attach line."""
    from pypdf.errors import DependencyError

    from generator.model import attachment

    def needs_cryptography(data: bytes, shown: str) -> int:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(attachment, "_check", needs_cryptography)
    (meeting / "a.pdf").write_bytes(one_page(lambda w, p: None))
    attach(meeting, "a.pdf")
    assert "meeting.yaml:13: materials.0.attach: a.pdf は暗号化されていて読めません" in problems(
        meeting
    )

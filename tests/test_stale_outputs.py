"""A rebuild removes what the previous build wrote and this one no longer makes, and only that."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_sample_committee, run_handouts


def workspace(tmp_path: Path) -> Path:
    meeting = tmp_path / "content" / "koganei-kyodo" / "04"
    copy_sample_committee(meeting.parent)
    return meeting


def test_public_edition_goes_when_no_material_is_private_any_more(tmp_path: Path) -> None:
    meeting = workspace(tmp_path)
    yaml = meeting / "meeting.yaml"
    original = yaml.read_text(encoding="utf-8")
    private = original.replace(
        "  - title: 市民協働に関する小金井市実態調査報告書\n",
        "  - title: 市民協働に関する小金井市実態調査報告書\n    public: false\n",
    )
    assert private != original
    yaml.write_text(private, encoding="utf-8")
    out = tmp_path / "out"
    assert run_handouts("build", meeting, "--out", out).returncode == 0
    public = out / "第4回_会議資料_公開用.pdf"
    assert public.is_file()
    unrelated = out / "メモ.txt"
    unrelated.write_text("事務局のメモ", encoding="utf-8")

    yaml.write_text(original, encoding="utf-8")
    result = run_handouts("build", meeting, "--out", out)

    assert result.returncode == 0, result.stderr
    assert not public.exists()
    assert "削除:" in result.stdout and "第4回_会議資料_公開用.pdf" in result.stdout
    assert unrelated.read_text(encoding="utf-8") == "事務局のメモ"
    assert (out / "第4回_資料2.pdf").is_file()


def test_a_handout_dropped_from_the_meeting_is_removed_with_its_docx(tmp_path: Path) -> None:
    meeting = workspace(tmp_path)
    out = tmp_path / "out"
    assert run_handouts("build", meeting, "--out", out).returncode == 0
    yaml = meeting / "meeting.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("    handout: definitions.yaml\n", ""),
        encoding="utf-8",
    )

    result = run_handouts("build", meeting, "--out", out)

    assert result.returncode == 0, result.stderr
    assert not (out / "第4回_資料2.pdf").exists()
    assert not (out / "第4回_資料2.docx").exists()
    assert (out / "第4回_次第.pdf").is_file()

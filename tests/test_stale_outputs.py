"""A rebuild removes what the previous build wrote and this one no longer makes, and only that."""

from __future__ import annotations

import hashlib
import json
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


def test_a_manifest_naming_the_source_yaml_deletes_nothing_of_it(tmp_path: Path) -> None:
    """--out set to the content folder, with a manifest there that names meeting.yaml."""
    meeting = workspace(tmp_path)
    assert run_handouts("build", meeting, "--out", meeting).returncode == 0
    record = meeting / "第4回_manifest.json"
    forged = json.loads(record.read_text(encoding="utf-8"))
    source = (meeting / "meeting.yaml").read_bytes()
    for name in ("meeting.yaml", "../committee.yaml", "第4回_../meeting.yaml"):
        forged["outputs"].append(
            {"file": name, "sha256": hashlib.sha256(source).hexdigest(), "bytes": 1, "pages": None}
        )
    record.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")

    result = run_handouts("build", meeting, "--out", meeting)

    assert result.returncode == 0, result.stderr
    assert (meeting / "meeting.yaml").read_bytes() == source
    assert (meeting.parent / "committee.yaml").is_file()
    assert "削除:" not in result.stdout


def test_two_committees_sharing_an_output_folder_keep_each_others_papers(tmp_path: Path) -> None:
    first = workspace(tmp_path)
    second = copy_sample_committee(tmp_path / "content" / "other") / "04"
    committee = second.parent / "committee.yaml"
    committee.write_text(
        committee.read_text(encoding="utf-8").replace("name: ", "name: 別の", 1), encoding="utf-8"
    )
    yaml = second / "meeting.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("    handout: definitions.yaml\n", ""),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_handouts("build", first, "--out", out).returncode == 0
    handout = (out / "第4回_資料2.pdf").read_bytes()

    result = run_handouts("build", second, "--out", out)

    assert result.returncode == 0, result.stderr
    assert (out / "第4回_資料2.pdf").read_bytes() == handout
    assert "削除:" not in result.stdout


def test_a_stale_paper_edited_since_is_kept(tmp_path: Path) -> None:
    meeting = workspace(tmp_path)
    out = tmp_path / "out"
    assert run_handouts("build", meeting, "--out", out).returncode == 0
    edited = out / "第4回_資料2.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    yaml = meeting / "meeting.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("    handout: definitions.yaml\n", ""),
        encoding="utf-8",
    )

    result = run_handouts("build", meeting, "--out", out)

    assert result.returncode == 0, result.stderr
    assert edited.is_file()
    assert not (out / "第4回_資料2.pdf").exists()

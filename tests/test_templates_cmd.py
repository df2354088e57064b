"""A workspace's templates/ overrides the built-in templates file by file, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, copy_sample_committee, docx_text, run_handouts, squash


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A writable copy of the sample committee in a workspace with no templates/ yet."""
    root = tmp_path / "ws"
    copy_sample_committee(root / "content" / SAMPLE.parent.name)
    return root


def listing(ws: Path, where: str = ".") -> dict[str, str]:
    """`handouts templates` as {name: the rest of its line}."""
    result = run_handouts("templates", where, cwd=ws)
    assert result.returncode == 0, result.stderr
    rows = [line.split(maxsplit=1) for line in result.stdout.splitlines() if line.startswith("  ")]
    return {name: rest for name, rest in rows}


def test_without_overrides_every_template_is_the_default(ws: Path) -> None:
    rows = listing(ws)
    assert {"agenda.xml.j2", "comparison.xml.j2", "reference.docx"} <= set(rows)
    for name, rest in rows.items():
        assert rest.startswith("既定"), (name, rest)
        assert str(ROOT / "templates" / name) in rest


def test_copy_puts_the_default_in_the_workspace_and_the_listing_says_so(ws: Path) -> None:
    result = run_handouts("templates", ".", "--copy", "agenda.xml.j2", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("作成: templates/agenda.xml.j2")
    copied = ws / "templates" / "agenda.xml.j2"
    assert copied.read_bytes() == (ROOT / "templates" / "agenda.xml.j2").read_bytes()
    rows = listing(ws)
    assert rows["agenda.xml.j2"].startswith("作業フォルダ")
    assert rows["agenda.xml.j2"].endswith("templates/agenda.xml.j2（既定を上書き）")
    assert rows["comparison.xml.j2"].startswith("既定")
    assert listing(ws, "content/koganei-kyodo/04") == rows  # a meeting folder names its workspace


def test_copy_never_overwrites_and_names_what_it_can_copy(ws: Path) -> None:
    assert run_handouts("templates", ".", "--copy", "agenda.xml.j2", cwd=ws).returncode == 0
    edited = ws / "templates" / "agenda.xml.j2"
    edited.write_text("{# 私たちの次第 #}\n", encoding="utf-8")
    again = run_handouts("templates", ".", "--copy", "agenda.xml.j2", cwd=ws)
    assert again.returncode == 1
    assert "templates/agenda.xml.j2: すでにあります（上書きはしません）" in again.stderr
    assert edited.read_text(encoding="utf-8") == "{# 私たちの次第 #}\n"
    unknown = run_handouts("templates", ".", "--copy", "agenda.j2", cwd=ws)
    assert unknown.returncode == 1
    assert "agenda.xml.j2" in unknown.stderr and "reference.docx" in unknown.stderr


def test_a_template_only_the_workspace_has_is_listed_as_its_own(ws: Path) -> None:
    (ws / "templates").mkdir()
    (ws / "templates" / "oshirase.xml.j2").write_text("<document/>\n", encoding="utf-8")
    (ws / "templates" / "README.md").write_text("説明\n", encoding="utf-8")
    (ws / "templates" / "~$ference.docx").write_bytes(b"Word lock file")
    rows = listing(ws)
    assert rows["oshirase.xml.j2"].startswith("作業フォルダ")
    assert rows["oshirase.xml.j2"].endswith("（作業フォルダだけにあるもの）")
    assert "README.md" not in rows and "~$ference.docx" not in rows


def test_an_override_changes_its_paper_only(ws: Path) -> None:
    assert run_handouts("templates", ".", "--copy", "agenda.xml.j2", cwd=ws).returncode == 0
    agenda = ws / "templates" / "agenda.xml.j2"
    agenda.write_text(
        agenda.read_text(encoding="utf-8").replace("次第</p>", "次第（案）</p>"), encoding="utf-8"
    )
    result = run_handouts("build", "content/koganei-kyodo/04", cwd=ws)
    assert result.returncode == 0, result.stderr
    out = ws / "handouts" / "koganei-kyodo" / "04"
    assert squash(docx_text(out / "第4回_次第.docx")).startswith(
        "第４回小金井市市民協働のあり方等検討委員会次第（案）１日時"
    )
    assert squash(docx_text(out / "第4回_資料2.docx")).startswith("資料２「協働」の定義について")


@pytest.mark.parametrize(
    ("line", "broken"),
    [
        ("{% if %}", "syntax"),
        ("{{ meeting.plac }}", "a name that does not exist"),
        ("{{ meeting.place|section_number }}", "a filter given text where it wants a number"),
    ],
)
def test_a_broken_override_is_reported_at_its_file_and_line(
    ws: Path, line: str, broken: str
) -> None:
    assert run_handouts("templates", ".", "--copy", "agenda.xml.j2", cwd=ws).returncode == 0
    agenda = ws / "templates" / "agenda.xml.j2"
    lines = agenda.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if text.startswith("<document")) + 1
    lines.insert(at, line + "\n")
    agenda.write_text("".join(lines), encoding="utf-8")
    for command in ("check", "build"):
        result = run_handouts(command, "content/koganei-kyodo/04", cwd=ws)
        assert result.returncode == 1, (broken, result.stdout)
        where = f"エラー: templates/agenda.xml.j2:{at + 1}: "
        assert result.stderr.startswith(where), (broken, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (ws / "handouts").exists()

"""A committee's own fonts: CFF-flavoured OpenType is refused with a reason, TrueType is used."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLE, needs_poppler, run_handouts
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen

FAMILY = "BIZ UD明朝 Medium"  # the reference .docx's body font, redirected to the file below


def cff_font(path: Path) -> None:
    """An OpenType font with PostScript (CFF) outlines, like Noto Sans CJK or 源ノ明朝."""
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 700))
    pen.lineTo((500, 0))
    pen.closePath()
    box = T2CharStringPen(600, None).getCharString()
    fb.setupCFF("TestCFF", {"FullName": "TestCFF"}, {".notdef": box, "A": pen.getCharString()}, {})
    fb.setupHorizontalMetrics({".notdef": (600, 0), "A": (600, 0)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))


def test_a_cff_font_is_refused_with_what_to_use_instead(tmp_path: Path) -> None:
    committee = tmp_path / "content" / "c"
    shutil.copytree(SAMPLE, committee / "04")
    (committee / "fonts").mkdir()
    cff_font(committee / "fonts" / "NotoLike.otf")
    (committee / "committee.yaml").write_text(
        f"name: 見本委員会\nfonts:\n  {FAMILY}:\n    file: fonts/NotoLike.otf\n",
        encoding="utf-8",
    )
    for path in committee.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    result = run_handouts("build", "content/c/04", "--out", tmp_path / "out", cwd=tmp_path)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "NotoLike.otf" in result.stderr
    assert "CFF" in result.stderr and "TrueType" in result.stderr
    assert not (tmp_path / "out").exists()


@needs_poppler
def test_a_truetype_font_named_in_committee_yaml_draws_the_body(tmp_path: Path) -> None:
    import subprocess

    from generator.resources import bundled_fonts

    committee = tmp_path / "content" / "c"
    shutil.copytree(SAMPLE, committee / "04")
    (committee / "fonts").mkdir()
    shutil.copy(bundled_fonts() / "BIZUDGothic-Regular.ttf", committee / "fonts" / "body.ttf")
    (committee / "committee.yaml").write_text(
        f"name: 見本委員会\nfonts:\n  {FAMILY}:\n    file: fonts/body.ttf\n", encoding="utf-8"
    )
    for path in committee.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    result = run_handouts("build", "content/c/04", "--out", tmp_path / "out", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "out" / "第4回_次第.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "BIZUDGothic" in fonts
    assert "BIZUDMincho" not in fonts


def test_a_misspelt_key_in_a_font_entry_suggests_the_right_one(tmp_path: Path) -> None:
    committee = tmp_path / "content" / "c"
    shutil.copytree(SAMPLE, committee / "04")
    (committee / "committee.yaml").write_text(
        f"name: 見本委員会\nfonts:\n  {FAMILY}:\n    fiel: fonts/mincho.ttf\n", encoding="utf-8"
    )

    result = run_handouts("check", "content/c/04", cwd=tmp_path)

    assert result.returncode == 1
    assert f"committee.yaml:4: fonts.{FAMILY}.fiel: 知らない項目です" in result.stderr
    assert "「file」の書き間違い" in result.stderr
    assert f"committee.yaml:3: fonts.{FAMILY}.file: 必須の項目がありません" in result.stderr

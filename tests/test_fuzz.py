"""Arbitrary text in every field of a meeting and a handout: the build prints every character
in both outputs, or refuses with a message naming the field — never a traceback, never a
silently lost character.

The default run is short; HYPOTHESIS_PROFILE=ci runs many more examples.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, docx_text, html_text, needs_poppler, pdf_text, squash
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.build import build
from generator.errors import HandoutsError

FONTS = ROOT / "generator" / "fontfiles"
EXAMPLES = 150 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 15
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# What YAML, XML and Jinja2 treat specially, and the spaces a secretariat types.
TRICKY = [*"<>&\"'{}%#\\|-:*!@`[],?\u3000 \n", "{{", "}}", "{%", "%}", "&amp;", "]]>"]


@cache
def covered() -> list[str]:
    """Characters every bundled font draws, and that print as themselves.

    Left out: characters that normalization may rightly change (half-width katakana, combining
    marks, compatibility ideographs; see generator/normalize.py) and controls the model refuses.
    """
    from fontTools.ttLib import TTFont

    cmaps = [set(TTFont(str(f), lazy=True).getBestCmap()) for f in sorted(FONTS.glob("*.ttf"))]
    chars = []
    for code in sorted(set.intersection(*cmaps)):
        ch = chr(code)
        if unicodedata.category(ch)[0] in "CM" or unicodedata.normalize("NFC", ch) != ch:
            continue
        if 0xFF61 <= code <= 0xFF9F:  # half-width katakana
            continue
        chars.append(ch)
    return chars


def texts(min_size: int = 1) -> st.SearchStrategy[str]:
    alphabet = st.one_of(st.sampled_from(TRICKY), st.sampled_from(covered()))
    return st.lists(alphabet, min_size=min_size, max_size=12).map("".join)


# Field paths (as the messages name them), prefixed with the file that holds them.
FIELD_NAMES = [
    "committee:name",
    "committee:secretariat",
    "meeting:place",
    "meeting:agenda.0",
    "meeting:agenda.1",
    "meeting:materials.0.title",
    "meeting:materials.1.note",
    "meeting:materials.2.title",
    "handout:title",
    "handout:groups.0.heading",
    "handout:groups.0.entries.0.source",
    "handout:groups.0.entries.0.detail",
    "handout:groups.0.entries.0.term",
    "handout:groups.0.entries.0.text",
]
FIELDS = st.fixed_dictionaries({name: texts() for name in FIELD_NAMES})
OPTIONAL = {  # fields that may be anything, blank included
    "meeting:materials.1.note",
    "handout:groups.0.entries.0.detail",
    "handout:groups.0.entries.0.term",
}
NAMES = set(FIELD_NAMES) - OPTIONAL  # fields that may not be blank
FILES = {"committee": "committee.yaml", "meeting": "01/meeting.yaml", "handout": "01/h.yaml"}


def documents(v: dict[str, str]) -> dict[str, Any]:
    entry = {k: v[f"handout:groups.0.entries.0.{k}"] for k in ("source", "detail", "term", "text")}
    return {
        "committee": {
            "name": v["committee:name"],
            "secretariat": v["committee:secretariat"],
            "style": {"digits": "halfwidth"},  # fuzzed digits print as typed
        },
        "meeting": {
            "number": 1,
            "date": "2011-03-02",
            "start": "10:00",
            "place": v["meeting:place"],
            "agenda": [v["meeting:agenda.0"], v["meeting:agenda.1"]],
            "materials": [
                {"title": v["meeting:materials.0.title"], "handout": "h.yaml"},
                {"note": v["meeting:materials.1.note"]},
                {"title": v["meeting:materials.2.title"]},
            ],
        },
        "handout": {
            "kind": "comparison",
            "title": v["handout:title"],
            "groups": [{"heading": v["handout:groups.0.heading"], "entries": [entry]}],
        },
    }


def write(folder: Path, values: dict[str, str]) -> Path:
    yaml = YAML()
    for key, data in documents(values).items():
        path = folder / "content" / "c" / FILES[key]
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as f:
            yaml.dump(data, f)
    return folder / "content" / "c" / "01"


def printed(value: str) -> str:
    """What must appear: the value less YAML's final newline and all whitespace."""
    return squash(value.rstrip("\n"))


def check_build(tmp: Path, values: dict[str, str]) -> None:
    meeting = write(tmp, values)
    try:
        build(meeting, tmp / "out")
    except HandoutsError as exc:
        blank = {k for k in NAMES if not values[k].strip()}
        assert blank, f"refused content that is fine: {exc}"
        named = {p.field for p in exc.problems}
        assert all(p.file is not None and p.line is not None for p in exc.problems), exc
        assert named <= {k.split(":", 1)[1] for k in blank}, exc
        assert all("空になっています" in p.message for p in exc.problems), exc
        return
    assert not any(not values[k].strip() for k in NAMES), "a blank name was accepted"
    outputs = {
        "agenda": ("第1回_次第", ["committee:name", "meeting:"]),
        "handout": ("第1回_資料1", ["handout:"]),
    }
    readers = (
        (docx_text, ".docx"),
        (partial(pdf_text, raw=True), ".pdf"),
        (html_text, ".html"),  # the public edition's page, beside the public PDF
    )
    for stem, prefixes in outputs.values():
        for reader, suffix in readers:
            folder = tmp / "out" / ("第1回_公開用" if suffix == ".html" else "")
            text = squash(reader(folder / f"{stem}{suffix}"))
            for key, value in values.items():
                if key.startswith(tuple(prefixes)):
                    assert printed(value) in text, f"{key}={value!r} lost in {stem}{suffix}"


@needs_poppler
@FUZZ
@given(values=FIELDS)
def test_every_character_is_printed_or_the_field_is_named(
    values: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    check_build(tmp_path_factory.mktemp("fuzz"), values)


@needs_poppler
@FUZZ
@given(value=texts(min_size=0))
def test_any_text_in_the_place_field(value: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """One field at a time, blank and very short values included."""
    values = dict.fromkeys(FIELD_NAMES, "あ")
    values["meeting:place"] = value
    check_build(tmp_path_factory.mktemp("fuzz"), values)


def test_character_no_font_has_does_not_crash(tmp_path: Path) -> None:
    """𠮷 (U+20BB7) is in no bundled font: printed anyway, or refused naming it — no traceback."""
    values = dict.fromkeys(FIELD_NAMES, "あ")
    values["meeting:place"] = "𠮷野家"
    meeting = write(tmp_path, values)
    try:
        build(meeting, tmp_path / "out")
    except HandoutsError as exc:
        assert any("20BB7" in str(p) and p.field == "place" for p in exc.problems), exc
        return
    assert "𠮷野家" in docx_text(tmp_path / "out" / "第1回_次第.docx")


# --- Paths, fonts and attachments: hostile bytes and names end in a message or are made safe ---

PATH_PARTS = st.sampled_from(
    ["..", ".", "/", "\\", "\0", "あ" * 90, "loop.pdf", "a.pdf", "/etc/hostname", "~", "*", "\n"]
)


@FUZZ
@given(
    parts=st.lists(PATH_PARTS, min_size=1, max_size=5), kind=st.sampled_from(["attach", "handout"])
)
def test_any_file_name_is_read_inside_the_workspace_or_named(
    parts: list[str], kind: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from generator.model.attachment import load_attachments
    from generator.model.load import load_meeting

    tmp = tmp_path_factory.mktemp("paths")
    meeting = write(tmp, dict.fromkeys(FIELD_NAMES, "あ"))
    (meeting / "loop.pdf").symlink_to(meeting / "loop.pdf")
    name = "/".join(parts) if parts[0] != "/" else "".join(parts)
    yaml = YAML()
    data = yaml.load((meeting / "meeting.yaml").read_text(encoding="utf-8"))
    data["materials"][2][kind] = name
    with (meeting / "meeting.yaml").open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    try:
        load_attachments(load_meeting(meeting))
    except HandoutsError as exc:
        assert all(p.file is not None for p in exc.problems), exc
        return
    resolved = (meeting / name).resolve()
    assert resolved.is_relative_to(tmp.resolve()), f"{name!r} read outside the workspace"


@cache
def font_bytes() -> bytes:
    return (FONTS / "BIZUDGothic-Regular.ttf").read_bytes()


@FUZZ
@given(
    cut=st.integers(min_value=0, max_value=4096),
    flips=st.lists(st.tuples(st.integers(0, 1023), st.integers(0, 255)), max_size=8),
)
def test_a_damaged_font_is_a_font_error(cut: int, flips: list[tuple[int, int]]) -> None:
    """Any damage to the table directory and head, or a file cut short: FontError or a font."""
    from generator.typeset.truetype import FontError, TrueType

    data = bytearray(font_bytes())
    for at, value in flips:
        data[at] = value
    damaged = bytes(data[: cut or len(data)]) if cut < 2048 else bytes(data)
    try:
        font = TrueType(damaged)
    except FontError:
        return
    assert font.units_per_em >= 16 and font.scale(font.units_per_em) == 1000


@cache
def hostile() -> bytes:
    from hostile_pdf import hostile_pdf

    return hostile_pdf()


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(0, 4095), st.integers(0, 255)), max_size=6))
@example(flips=[(677, 0)])
def test_a_damaged_attachment_is_refused_or_loses_its_active_content(
    flips: list[tuple[int, int]],
) -> None:
    """Damage anywhere in a PDF full of scripts: unreadable, or read with nothing left that a
    viewer could run, as the packet takes an attached PDF (with a 資料番号 or without)."""
    from hostile_pdf import runnable

    from generator.model.attachment import pdf_errors
    from generator.resources import default_templates
    from generator.typeset.styles import read_stylesheet
    from generator.writers.stamp import for_packet

    data = bytearray(hostile())
    for at, value in flips:
        data[at % len(data)] = value
    page = read_stylesheet(default_templates() / "reference.docx").page
    try:
        packed = for_packet(bytes(data), None, page)
    except pdf_errors():
        return
    assert runnable(packed.pdf) == []

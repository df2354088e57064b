"""A workspace template cannot read past templates/ through any link, and cannot run for
ever or make a value that exhausts memory: each ends in a message at the template."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample_committee

from generator.build import prepare
from generator.errors import HandoutsError

SECRET = "秘密のファイルの中身"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    copy_sample_committee(tmp_path / "content/c")
    (tmp_path / "templates").mkdir()
    return tmp_path


# The built-in 次第 template's line that prints the place.
PLACE_LINE = next(
    number
    for number, line in enumerate(
        (ROOT / "templates/agenda.xml.j2").read_text(encoding="utf-8").splitlines(), start=1
    )
    if "{{ meeting.place }}" in line
)


def agenda_saying(ws: Path, expression: str) -> None:
    """templates/agenda.xml.j2: the built-in one with the place replaced by `expression`."""
    text = (ROOT / "templates/agenda.xml.j2").read_text(encoding="utf-8")
    assert "{{ meeting.place }}" in text
    path = ws / "templates/agenda.xml.j2"
    path.write_text(text.replace("{{ meeting.place }}", expression, 1), encoding="utf-8")


def problems(ws: Path) -> str:
    with pytest.raises(HandoutsError) as caught:
        prepare(ws / "content/c/04", ws / "out")
    assert not (ws / "out").exists()
    return "\n".join(str(p) for p in caught.value.problems)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.xml.j2").write_text(SECRET, encoding="utf-8")
    return folder


def test_an_included_file_linked_outside_is_refused_by_name(ws: Path, outside: Path) -> None:
    (ws / "templates/place.xml.j2").symlink_to(outside / "secret.xml.j2")
    agenda_saying(ws, '{% include "place.xml.j2" %}')
    said = problems(ws)
    assert "templates/place.xml.j2" in said and "外" in said
    assert SECRET not in said


def test_a_folder_linked_outside_is_refused(ws: Path, outside: Path) -> None:
    (ws / "templates/parts").symlink_to(outside, target_is_directory=True)
    agenda_saying(ws, '{% include "parts/secret.xml.j2" %}')
    assert "templates/parts/secret.xml.j2" in problems(ws)


def test_a_paper_template_linked_outside_is_refused(ws: Path, outside: Path) -> None:
    (ws / "templates/agenda.xml.j2").symlink_to(outside / "secret.xml.j2")
    assert "templates/agenda.xml.j2" in problems(ws)


def test_a_templates_folder_linked_outside_is_refused(ws: Path, outside: Path) -> None:
    (ws / "templates").rmdir()
    (ws / "templates").symlink_to(outside, target_is_directory=True)
    (outside / "agenda.xml.j2").write_text("<document/>", encoding="utf-8")
    assert "agenda.xml.j2" in problems(ws)


def test_a_link_inside_templates_is_followed(ws: Path) -> None:
    (ws / "templates/real.xml.j2").write_text("{{ meeting.place }}", encoding="utf-8")
    (ws / "templates/place.xml.j2").symlink_to(ws / "templates/real.xml.j2")
    agenda_saying(ws, '{% include "place.xml.j2" %}')
    prepare(ws / "content/c/04", ws / "out")


def test_a_reference_docx_linked_outside_is_refused(ws: Path, outside: Path) -> None:
    (outside / "reference.docx").write_bytes((ROOT / "templates/reference.docx").read_bytes())
    (ws / "templates/reference.docx").symlink_to(outside / "reference.docx")
    assert "templates/reference.docx" in problems(ws)


def test_a_link_loop_is_a_message(ws: Path) -> None:
    (ws / "templates/agenda.xml.j2").symlink_to(ws / "templates/agenda.xml.j2")
    assert "循環" in problems(ws)


def test_a_folder_named_as_a_template_is_not_silently_replaced(ws: Path) -> None:
    (ws / "templates/agenda.xml.j2").mkdir()
    assert "templates/agenda.xml.j2: " in problems(ws)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_named_as_a_template_is_a_message_not_a_hang(ws: Path) -> None:
    os.mkfifo(ws / "templates/agenda.xml.j2")
    assert "ファイルでない" in problems(ws)


def test_a_shift_jis_template_is_reported_at_its_line(ws: Path) -> None:
    (ws / "templates/agenda.xml.j2").write_bytes("{# 次第 #}\n会議\n".encode("shift_jis"))
    said = problems(ws)
    assert "templates/agenda.xml.j2:1:" in said and "UTF-8" in said


@pytest.mark.parametrize(
    ("expression", "said"),
    [
        ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "range"),
        ("{{ 'x' * 10**10 }}", "*"),
        ("{{ ['x'] * 10**9 }}", "*"),
        ("{{ 9 ** 99999999 }}", "**"),
        ("{{ lipsum(n=10**6) }}", "lipsum"),
        ("{{ 'x' | center(10**9) }}", "幅"),
        ("{{ '%999999999d' % 1 }}", "幅"),
        ("{{ '%-*s' | format(10**9, 'x') }}", "幅"),
        ("{{ '{:>999999999}'.format('x') }}", "幅"),
        ("{{ '{:>{}}'.format('x', 10**9) }}", "幅"),
    ],
)
def test_a_costly_template_stops_at_its_line(ws: Path, expression: str, said: str) -> None:
    agenda_saying(ws, expression)
    message = problems(ws)
    assert f"templates/agenda.xml.j2:{PLACE_LINE}:" in message and said in message


@pytest.mark.parametrize("which", [0, 1])
def test_a_markup_error_is_reported_at_the_template_line(ws: Path, which: int) -> None:
    lines = (ROOT / "templates/agenda.xml.j2").read_text(encoding="utf-8").splitlines()
    line = [n for n, text in enumerate(lines, start=1) if text.endswith("</p>")][which]
    lines[line - 1] = lines[line - 1].removesuffix("</p>") + "</q>"
    (ws / "templates/agenda.xml.j2").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"templates/agenda.xml.j2:{line}: " in problems(ws)

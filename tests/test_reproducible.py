"""The same content gives the same bytes: a rebuild the morning of the meeting changes nothing,
so a secretariat (or a version-control diff) can tell at once whether a paper really changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, copy_sample_committee

JST = timezone(timedelta(hours=9))
MEETING_DAY = datetime(2011, 3, 2, tzinfo=JST)  # the sample meeting's date


def build(meeting: Path, out: Path, cwd: Path, **env: str) -> dict[str, bytes]:
    """Build in a fresh process with the given environment; each output's bytes by name."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(meeting), "--out", str(out)],
        cwd=cwd,
        env={**environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.*"))}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return build(SAMPLE, tmp_path_factory.mktemp("first"), ROOT)


def test_rebuild_later_in_another_place_gives_identical_bytes(
    first: dict[str, bytes], tmp_path: Path
) -> None:
    time.sleep(1.1)  # a clock-derived date or ID would now differ
    elsewhere = tmp_path / "別の場所" / "content" / "koganei-kyodo"
    copy_sample_committee(elsewhere)
    again = build(elsewhere / "04", tmp_path / "out", cwd=tmp_path, TZ="America/New_York")
    assert sorted(again) == sorted(first)
    changed = [name for name in first if again[name] != first[name]]
    assert changed == []


def test_files_carry_the_meeting_date(first: dict[str, bytes], tmp_path: Path) -> None:
    assert carried_dates(first, tmp_path) == {MEETING_DAY}


def test_source_date_epoch_sets_the_date(first: dict[str, bytes], tmp_path: Path) -> None:
    when = datetime(2011, 3, 1, 9, 30, tzinfo=JST)
    epoch = str(int(when.timestamp()))
    stamped = build(SAMPLE, tmp_path / "out", ROOT, SOURCE_DATE_EPOCH=epoch)
    assert carried_dates(stamped, tmp_path) == {when}
    papers = [name for name in first if name.endswith((".pdf", ".docx"))]
    assert papers and all(stamped[name] != first[name] for name in papers)


def test_docx_entries_carry_one_fixed_time(first: dict[str, bytes], tmp_path: Path) -> None:
    for name, data in first.items():
        if name.endswith(".docx"):
            (tmp_path / name).write_bytes(data)
            with zipfile.ZipFile(tmp_path / name) as z:
                times = {info.date_time for info in z.infolist()}
            assert times == {(2011, 3, 2, 0, 0, 0)}, name


def carried_dates(files: dict[str, bytes], folder: Path) -> set[datetime]:
    """Every creation and modification date the PDFs and DOCXs carry, as instants."""
    import docx
    from pypdf import PdfReader

    found: set[datetime] = set()
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)  # the public edition's folder
        path.write_bytes(data)
        if name.endswith(".pdf"):
            meta = PdfReader(str(path)).metadata
            found |= {meta.creation_date, meta.modification_date}
        elif name.endswith(".docx"):
            props = docx.Document(str(path)).core_properties
            # OOXML core dates are UTC (W3CDTF with Z); python-docx returns them naive
            found |= {d.replace(tzinfo=timezone.utc) for d in (props.created, props.modified)}
    return found


def test_source_date_epoch_beyond_what_a_docx_can_hold_is_refused(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(SAMPLE), "--out", str(tmp_path)],
        cwd=ROOT,
        env={**environ, "SOURCE_DATE_EPOCH": "99999999999999"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "SOURCE_DATE_EPOCH" in result.stderr and "2107年" in result.stderr
    assert list(tmp_path.iterdir()) == []

"""A build killed at any moment leaves the old set of outputs or the new one, never a mix, and
the next build leaves no leftovers: the kill is simulated at every file operation of the change."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_sample_committee

from generator.build import build
from generator.output import journal_for, recover

# Run in a child: build, dying (os._exit) at the nth file operation inside the output folder.
CHILD = """
import os, sys
from pathlib import Path
out, nth = sys.argv[2], int(sys.argv[3])
calls = []
def dying(real):
    def call(*args, **kwargs):
        if any(str(a).startswith(out) for a in args[:2]):
            calls.append(1)
            if len(calls) == nth:
                os._exit(9)
        return real(*args, **kwargs)
    return call
for name in ("replace", "link", "open", "unlink", "rename"):
    setattr(os, name, dying(getattr(os, name)))
from generator.build import build
build(Path(sys.argv[1]), Path(out))
print("finished")
"""


def sets(out: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.iterdir())
        if p.is_file()
    }


def consistent(out: Path) -> bool:
    """Every output the manifest lists is there as recorded, and nothing else of the set."""
    record = next(out.glob("*_manifest.json"))
    listed = {e["file"]: e["sha256"] for e in json.loads(record.read_text("utf-8"))["outputs"]}
    found = sets(out)
    found.pop(record.name)
    return found == {name: listed[name] for name in listed}


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A meeting whose content changes between two builds: a 資料 goes, the public edition
    goes, the place changes; the YAML texts of before and after."""
    folder = copy_sample_committee(tmp_path_factory.mktemp("ws") / "content/c") / "04"
    yaml = folder / "meeting.yaml"
    after = yaml.read_text(encoding="utf-8")
    before = after.replace(
        "  - title: 市民協働に関する小金井市実態調査報告書\n",
        "  - title: 市民協働に関する小金井市実態調査報告書\n    public: false\n",
    )
    after = after.replace("萌え木ホール", "本庁舎")
    return folder, before, after


def test_a_kill_at_any_file_operation_leaves_one_whole_set(
    meeting: tuple[Path, str, str], tmp_path: Path
) -> None:
    folder, before, after = meeting
    out = tmp_path / "out"
    yaml = folder / "meeting.yaml"
    yaml.write_text(before, encoding="utf-8")
    build(folder, out)
    old = sets(out)
    yaml.write_text(after, encoding="utf-8")
    build(folder, tmp_path / "new")
    new = sets(tmp_path / "new")
    assert old.keys() != new.keys()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    nth, finished = 0, False
    while not finished:
        nth += 1
        yaml.write_text(before, encoding="utf-8")
        build(folder, out)
        yaml.write_text(after, encoding="utf-8")
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder), str(out), str(nth)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        finished = child.returncode == 0
        assert finished or child.returncode == 9, child.stderr
        recover(journal_for(next(out.glob("*_manifest.json"))))
        assert sets(out) in (old, new), f"a mix after a kill at operation {nth}"
        assert consistent(out)
        build(folder, out)
        assert sets(out) == new, f"leftovers after a kill at operation {nth}"
    assert nth >= 15


def test_a_journal_this_program_did_not_write_moves_nothing(
    meeting: tuple[Path, str, str], tmp_path: Path
) -> None:
    """A planted journal naming the content, and a link where the journal is written."""
    folder, _, after = meeting
    (folder / "meeting.yaml").write_text(after, encoding="utf-8")
    out = folder  # --out set to the meeting folder itself
    source = (folder / "meeting.yaml").read_bytes()
    (folder / ".meeting.yaml.0123abcd.old").write_text("偽物", encoding="utf-8")
    forged = {
        "committed": False,
        "steps": [
            {
                "folder": str(folder),
                "name": name,
                "backup": f".{name}.0123abcd.old",
                "tmp": None,
                "sha256": None,
                "existed": True,
            }
            for name in ("meeting.yaml", "第4回_../meeting.yaml")
        ],
    }
    (out / ".第4回.journal").write_text(json.dumps(forged), encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("そのまま", encoding="utf-8")
    (out / ".第4回.journal.new").symlink_to(victim)

    build(folder, out)

    assert (folder / "meeting.yaml").read_bytes() == source
    assert victim.read_text(encoding="utf-8") == "そのまま"
    assert not (out / ".第4回.journal").exists()

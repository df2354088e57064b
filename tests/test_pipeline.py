"""The pipeline's stages depend one way: content → model → render → typeset → writers.

A maintainer can change how a paper looks (render, typeset) without the packet or the archive
record noticing, and a build never loads a second font reader.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE

STAGES = ["model", "render", "typeset", "writers"]


def loaded_after(statement: str) -> set[str]:
    """The modules a fresh Python has loaded after running `statement`."""
    script = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(done.stdout.split())


@pytest.mark.parametrize("stage", STAGES[:-1])
def test_a_stage_loads_no_later_stage(stage: str) -> None:
    later = STAGES[STAGES.index(stage) + 1 :]
    modules = loaded_after(f"import generator.{stage}")
    found = [m for m in modules if any(m.startswith(f"generator.{s}") for s in later)]
    assert found == []


def imported_stages(path) -> set[str]:
    """The stages a module's code imports from, at its top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            name = node.module if node.level == 0 else "." * node.level + node.module
            for stage in STAGES:
                if name in (f"generator.{stage}", f"..{stage}") or name.startswith(
                    (f"generator.{stage}.", f"..{stage}.")
                ):
                    found.add(stage)
    return found


@pytest.mark.parametrize("stage", STAGES[:-1])
def test_no_code_of_a_stage_imports_a_later_stage(stage: str) -> None:
    later = set(STAGES[STAGES.index(stage) + 1 :])
    for path in sorted((ROOT / "generator" / stage).glob("*.py")):
        assert imported_stages(path) & later == set(), path.name


@pytest.mark.parametrize("module", ["generator.writers.packet", "generator.writers.manifest"])
def test_packet_and_manifest_load_no_templates(module: str) -> None:
    modules = loaded_after(f"import {module}")
    assert "jinja2" not in modules
    assert "generator.render.templating" not in modules


def test_a_build_reads_fonts_with_one_reader(tmp_path) -> None:
    modules = loaded_after(
        f"from pathlib import Path; from generator.build import build; "
        f"build(Path({str(SAMPLE)!r}), Path({str(tmp_path)!r}))"
    )
    assert "generator.typeset.truetype" in modules
    assert not any(m.startswith("fontTools") for m in modules)

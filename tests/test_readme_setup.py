"""The README's set-up commands run as written in the shell each block is for."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SETUP = README[README.index("## はじめに") : README.index("## 使い方")]


def blocks(shell: str) -> list[list[str]]:
    """The command lines of each fenced block of the set-up section marked for `shell`."""
    found = re.findall(rf"```{shell}\n(.*?)```", SETUP, re.S)
    return [[line for line in block.splitlines() if line.strip()] for block in found]


@pytest.mark.parametrize("shell", ["powershell", "bat", "sh"])
def test_one_command_a_line_without_operators_windows_powershell_5_lacks(shell: str) -> None:
    found = blocks(shell)
    assert found
    for block in found:
        for line in block:
            assert "&&" not in line and "||" not in line and ";" not in line, line


def test_cmd_lines_use_no_single_quotes() -> None:
    """cmd.exe passes '.[test]' on with its quotes, which pip refuses."""
    for block in blocks("bat"):
        assert not any("'" in line for line in block)


def test_the_test_command_reads_the_same_in_every_shell() -> None:
    """Double quotes: one word for cmd.exe, PowerShell, bash and zsh (zsh would glob [test])."""
    (install, test) = blocks("sh")[-1]
    assert shlex.split(install) == ["python", "-m", "pip", "install", ".[test]"]
    assert install.split()[-1] == '".[test]"'
    assert test == "python -m pytest"


def test_every_shell_gets_a_venv_install_and_a_build() -> None:
    for shell, venv in (("powershell", "py -m venv"), ("bat", "py -m venv"), ("sh", "-m venv")):
        (block, *_) = blocks(shell)
        assert venv in block[0]
        assert block[2] == "python -m pip install ."
        assert block[3].startswith("handouts build content")
    assert "python -m handouts" in SETUP and "python -m generator" in SETUP


def test_the_license_is_the_one_the_package_declares() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "handouts contributors" in licence
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")

"""`--open`: the meeting's packet shown in the system's PDF viewer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..errors import os_reason
from ..model.source import display_path


def members_packet(paths: list[Path]) -> Path | None:
    """The members' packet (会議資料) among a build's outputs: the first PDF that is not a
    paper, which is written as a .docx beside its .pdf."""
    names = {p.name for p in paths}
    for path in paths:
        if path.suffix == ".pdf" and path.with_suffix(".docx").name not in names:
            return path
    return None


def open_in_viewer(path: Path) -> str | None:
    """Open `path` with the program the system opens PDFs with; without waiting for it.

    Returns what to tell the user when it could not be opened, else None.
    """
    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]  # Windows only
            return None
        command = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.Popen(
            [command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        return (
            f"注意: {display_path(path)} を開けませんでした（{os_reason(exc)}）。"
            "PDF ビューアで開いてください"
        )
    return None

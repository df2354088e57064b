"""A folder of the user's for work a build can reuse: templates compiled to Python code.

Everything kept here is derived from inputs identified by content (a hash in the file name),
so a stale entry can never be picked up, and nothing here changes what a build writes. The
cache is optional: a missing, unreadable, corrupt or read-only folder only costs the time.

`HANDOUTS_CACHE_DIR` moves it; `HANDOUTS_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    """The folder for one kind of entry (e.g. templates), or None when caching is off."""
    if os.environ.get("HANDOUTS_NO_CACHE", "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get("HANDOUTS_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen) / kind
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip()
        root = Path(base) if base else Path.home() / "AppData" / "Local"
        return root / "handouts" / "cache" / kind
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "handouts" / kind


def read_entry(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_entry(path: Path, data: bytes) -> None:
    """Write atomically (a reader sees the whole entry or none); give up quietly on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)

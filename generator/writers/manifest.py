"""The build's archive record: every output and every input, each with its SHA-256.

A 情報公開 request may ask, years later, which file the members received. The manifest answers
it: the outputs' hashes and page counts, and the content, attached PDFs, templates, reference
.docx and fonts (the styles' and the committee's fallback fonts) they were made from. Nothing in
it comes from the clock or the machine, so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import __version__
from ..model import MeetingContent
from ..model.attachment import Attachment
from ..resources import bundled_fonts, default_templates
from ..typeset.fonts import FontFace, digest_of
from ..workspace import Workspace

_ABOUT = (
    "この会議で作ったファイル（outputs）と、その材料にしたファイル（inputs）の一覧です。"
    "ファイルの SHA-256 がここに書かれた値と一致すれば、同じファイルです。"
)


def manifest(
    content: MeetingContent,
    outputs: dict[Path, bytes],
    pages: dict[Path, int],
    *,
    attachments: list[Attachment],
    templates: list[Path],
    fonts: list[FontFace],
    libraries: dict[str, str],
    duplex: bool,
) -> bytes:
    """The manifest's bytes, for `outputs` (with the PDFs' `pages`) and what made them.

    `templates` are the template files and reference .docx the build used, `fonts` the faces
    in effect, `libraries` the versions of the libraries that shape the bytes.
    """
    root = Workspace.of(content.folder).root
    inputs = [_input("content", s.path, root) for s in content.sources]
    inputs += [_input("content", s.path, root, s.data) for s in content.sheets]
    inputs += [
        {**_input("attachment", a.path, root, a.data), "pages": a.pages} for a in attachments
    ]
    inputs += [_input("template", p, root) for p in sorted(set(templates))]
    inputs += [{**_font(f.path, root), "family": f.family} for f in fonts]
    record = {
        "about": _ABOUT,
        "committee": content.committee.name,
        "meeting": {"number": content.meeting.number, "date": content.meeting.date.isoformat()},
        "generator": {
            "name": "handouts",
            "version": __version__,
            "libraries": libraries,
        },
        "options": {"duplex": duplex},
        "outputs": sorted(
            (
                {**_entry(path.name, data), "pages": pages[path] if path.suffix == ".pdf" else None}
                for path, data in outputs.items()
            ),
            key=lambda e: e["file"],
        ),
        "inputs": sorted(inputs, key=lambda e: (e["role"], e["file"], e.get("family", ""))),
    }
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _entry(file: str, data: bytes) -> dict:
    return {"file": file, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _input(role: str, path: Path, root: Path, data: bytes | None = None) -> dict:
    """An input file; `data` when already read, so the hash is of the bytes actually used."""
    return {"role": role, **_entry(_shown(path, root), path.read_bytes() if data is None else data)}


def _font(path: Path, root: Path) -> dict:
    """A font: hashed when it was loaded, so a large file is not read and hashed twice."""
    known = digest_of(path)
    if known is None:
        return _input("font", path, root)
    sha256, size = known
    return {"role": "font", "file": _shown(path, root), "sha256": sha256, "bytes": size}


def _shown(path: Path, root: Path) -> str:
    """Where the file is, the same on every machine: inside the workspace or the program."""
    path = path.resolve()
    for base, prefix in (
        (default_templates().resolve(), "handouts:templates/"),
        (bundled_fonts().resolve(), "handouts:fontfiles/"),
        (root.resolve(), ""),
    ):
        if path.is_relative_to(base):
            return prefix + path.relative_to(base).as_posix()
    return path.as_posix()


def previous_outputs(record: Path) -> set[str]:
    """File names an earlier build recorded as its outputs in `record` (none if unreadable).

    Only these may be removed as stale: a file the build did not write is never touched.
    """
    try:
        outputs = json.loads(record.read_text(encoding="utf-8"))["outputs"]
        return {Path(entry["file"]).name for entry in outputs}
    except (OSError, ValueError, KeyError, TypeError):
        return set()

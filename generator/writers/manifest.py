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
    disarmed: dict[int, list[str]],
) -> bytes:
    """The manifest's bytes, for `outputs` (with the PDFs' `pages`) and what made them.

    `templates` are the template files and reference .docx the build used, `fonts` the faces
    in effect, `libraries` the versions of the libraries that shape the bytes, `disarmed` the
    active content removed from each attachment (by 資料 number) before it went into the packets.
    """
    root = Workspace.of(content.folder).root
    inputs = [_input("content", s.path, root) for s in content.sources]
    inputs += [_input("content", s.path, root, s.data) for s in content.sheets]
    inputs += [_attachment(a, root, disarmed.get(a.number, [])) for a in attachments]
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


def _attachment(attachment: Attachment, root: Path, removed: list[str]) -> dict:
    """An attached PDF; what was removed from it is said only when something was."""
    entry = {
        **_input("attachment", attachment.path, root, attachment.data),
        "pages": attachment.pages,
    }
    if removed:
        entry["active_content_removed"] = removed
    return entry


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


def previous_outputs(record: Path, current: bytes) -> dict[str, str]:
    """The outputs an earlier build recorded in `record`: file name → SHA-256.

    Trusted only as far as it is ours: the record must name the same committee and meeting as
    `current` (this build's manifest), and only names of this meeting's set (第4回_….pdf or
    .docx, in the same folder) count. None if it is unreadable, foreign or too big to be ours.
    """
    stem = record.name.removesuffix("_manifest.json")
    try:
        if record.stat().st_size > _RECORD_LIMIT:
            return {}
        earlier = json.loads(record.read_text(encoding="utf-8"))
        now = json.loads(current)
        if _identity(earlier) != _identity(now):
            return {}
        found = {}
        for entry in earlier["outputs"]:
            name, sha256 = entry["file"], entry["sha256"]
            if _of_the_set(name, stem) and isinstance(sha256, str):
                found[name] = sha256
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


_RECORD_LIMIT = 16 * 1024 * 1024  # bytes; a manifest lists a few dozen files


def _identity(record: dict) -> tuple[object, object]:
    return record["committee"], record["meeting"]["number"]


def _of_the_set(name: object, stem: str) -> bool:
    """A plain file name of a paper or packet of this meeting's set."""
    return (
        isinstance(name, str)
        and name == Path(name).name
        and "\\" not in name
        and name.startswith(f"{stem}_")
        and name.endswith((".pdf", ".docx"))
    )

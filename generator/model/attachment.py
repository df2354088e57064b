"""External PDFs that materials name with `attach:`, opened and checked before anything is written.

Every problem names the material's line in meeting.yaml and the file, so the secretariat knows
which paper to fix; all attachments are checked, not only the first bad one.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import HandoutsError, Problem
from ..workspace import Workspace
from .load import MeetingContent
from .meeting import Material
from .paths import InputProblem, MaterialFiles, read_limited


@cache
def pdf_errors() -> tuple[type[Exception], ...]:
    """What pypdf's parser raises on a malformed file: its own errors and, deep inside, these.

    A function, so that pypdf is imported only by builds that attach PDFs.
    """
    from pypdf.errors import DependencyError, PyPdfError

    return (
        PyPdfError,
        DependencyError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        AssertionError,
        RecursionError,
        struct.error,
        zlib.error,
    )


def _dependency_error() -> type[Exception]:
    from pypdf.errors import DependencyError

    return DependencyError


REMAKE = (
    "作成元のソフトで PDF を作り直すか、PDF ビューアで開いて「印刷」→「PDF に保存」した"
    "ファイルを指定してください"
)


@dataclass(frozen=True)
class Attachment:
    """A checked attached PDF: its bytes as read, so the packet and the manifest agree."""

    number: int
    material: Material
    path: Path
    data: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repair it makes to a damaged file; the secretariat needs none of it."""
    import logging  # loaded with pypdf, only when a build reads a PDF

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_attachments(content: MeetingContent) -> list[Attachment]:
    """Every `attach:` of the meeting, read and checked; all problems raised together."""
    source = content.meeting_source
    problems: list[Problem] = []
    attachments: list[Attachment] = []
    files = MaterialFiles(source, Workspace.of(content.folder).root, problems)
    for index, (number, material) in enumerate(content.meeting.numbered()):
        if material.attach is None:
            continue
        loc = ("materials", index, "attach")
        path = files.claim(loc, material.attach, number)
        if path is None:
            continue
        try:
            data, pages = _read(path, material.attach)
        except _Unusable as exc:
            problems.append(source.problem(loc, exc.message, exc.hint))
            continue
        attachments.append(Attachment(number, material, path, data, pages))
    if problems:
        raise HandoutsError(problems)
    return attachments


class _Unusable(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _read(path: Path, shown: str) -> tuple[bytes, int]:
    """The file's bytes and page count, or why the packet cannot include it."""
    if not path.exists():
        raise _Unusable(
            f"ファイル {shown} がありません",
            "ファイル名と、meeting.yaml のあるフォルダからの位置を確かめてください",
        )
    try:
        data = read_limited(path, "pdf")
    except InputProblem as exc:
        raise _Unusable(f"{shown}: {exc.message}", exc.hint) from None
    if b"%PDF-" not in data[:1024]:
        raise _Unusable(
            f"{shown} は PDF ではありません",
            "PDF として保存し直したファイルを指定してください（Word なら「名前を付けて保存」→ PDF）",
        )
    with quiet_pypdf():
        try:
            return data, _check(data, shown)
        except _dependency_error() as exc:  # AES without the `cryptography` package
            raise _Unusable(
                f"{shown} は暗号化されていて読めません（{exc}）",
                "保護のない PDF を作成元からもらうか、PDF ビューアで開いて「印刷」→"
                "「PDF に保存」したファイルを指定してください",
            ) from None
        except pdf_errors() as exc:
            raise _Unusable(f"{shown} は壊れているため読めません（{exc}）", REMAKE) from None


def _check(data: bytes, shown: str) -> int:
    """Parse the whole document: every page's size and content, as the packet will need them."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise _Unusable(
            f"{shown} はパスワードで保護（暗号化）されています",
            "保護のない PDF を作成元からもらうか、PDF ビューアで開いて「印刷」→「PDF に保存」した"
            "ファイルを指定してください",
        )
    pages = len(reader.pages)
    if pages == 0:
        raise _Unusable(f"{shown} にはページがありません", REMAKE)
    for page in reader.pages:
        _ = page.mediabox.width, page.cropbox.height
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
    return pages

"""Builds of one meeting in a long-lived process (`handouts watch`): what an edit does not
touch is kept from the build before.

Each build is `build.prepare` itself, given this module's Reuse; this module only decides what
it can take from the last build instead of making it again:

- the templates (Jinja2 keeps each compiled template) while the template files are the same;
- the typography (styles and fonts) while the reference .docx and the font files are unchanged;
- each paper's written files while its document is equal to the last build's (equality ignores
  where each run of text came from, so an edit that only moves lines of another paper keeps it);
- in a paper that changed, each paragraph laid out by the last build (warm_layout.py);
- files whose bytes are already on disk are not written again, so their modification time stays.

Every file is the one a cold `build` of the same inputs writes (tests/test_watch.py compares).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..build import Inputs, Reuse, WrittenPaper, prepare, write_set
from ..errors import HandoutsError, Problem
from ..output import check_spelled, journal_for
from ..render.templating import Templates
from ..render.tree import Document
from ..typeset.fonts import forget_font_files
from ..typeset.pages import Typeset
from ..typeset.typography import Typography
from .warm_layout import KeptLines


class Unwritten(HandoutsError):
    """The build was made, but its files could not be written (one is open in a viewer that
    locks it, say): nothing about the input to fix, so trying again may succeed."""


@dataclass(frozen=True)
class Rebuilt:
    """What one build did: the files it wrote, those it left as they were, those it removed."""

    written: list[Path]
    unchanged: list[Path]
    removed: list[Path]
    warnings: list[Problem]


@dataclass
class _Paper:
    """One paper as the last build wrote it, and what its bytes depend on."""

    document: Document
    typography: Typography
    first: int  # the number of its PDF's first object (it follows the papers before it)
    written: WrittenPaper


@dataclass
class _OnDisk:
    """An output as this process last saw it on disk: its bytes and the file's identity."""

    data: bytes
    stat: tuple[int, int, int]


class WarmBuilder(Reuse):
    """Builds one meeting again and again, keeping what the inputs that changed do not touch."""

    def __init__(self, meeting_folder: Path, out: Path | None = None, duplex: bool = False):
        self.meeting_folder = meeting_folder
        self.out = out
        self.duplex = duplex
        self.read: set[Path] = set()  # every input file the last good build read, resolved
        self._templates: Templates | None = None
        self._templates_in_effect: dict[str, tuple[int, int, int] | None] = {}
        self._typography: Typography | None = None
        self._typography_files: dict[Path, tuple[int, int, int] | None] = {}
        self._papers: dict[str, _Paper] = {}  # by file stem: 第4回_資料2, the last build's
        self._kept: dict[str, _Paper] = {}  # this build's so far
        self._lines = KeptLines()
        self._disk: dict[Path, _OnDisk] = {}
        # The files and warnings of a build that could not write them, to write again.
        self.unwritten: tuple[dict[Path, bytes], list[Problem]] | None = None

    def build(self) -> Rebuilt:
        """Build the meeting; write only the files whose bytes are not on disk already.

        On a problem with the input, HandoutsError as `build` raises it, and nothing is written;
        Unwritten when the files were made but could not be written as `build` writes them.
        """
        self.unwritten = None
        return self._write(*self._prepare())

    def write_again(self) -> Rebuilt:
        """Write the files of the last build, which could not be written then (Unwritten)."""
        assert self.unwritten is not None
        return self._write(*self.unwritten)

    def _write(self, files: dict[Path, bytes], warnings: list[Problem]) -> Rebuilt:
        """Write the files whose bytes are not on disk and remove the last build's stale ones,
        as one set, as `build.build` does."""
        record = next(p for p in files if p.suffix == ".json")
        check_spelled([*files, journal_for(record)])  # the input's problem, not the disk's
        try:
            changed, stale = write_set(files, on_disk=self._on_disk)
        except HandoutsError as exc:
            self.unwritten = (files, warnings)
            raise Unwritten(exc.problems) from None
        self.unwritten = None
        for path in changed:
            self._saw(path, files[path])
        for path in stale:
            self._disk.pop(path, None)
        unchanged = [p for p in files if p not in changed]
        return Rebuilt(changed, unchanged, stale, warnings)

    def _prepare(self) -> tuple[dict[Path, bytes], list[Problem]]:
        """Every file of the build, as `build.prepare` makes them, the papers kept where equal."""
        self._forget_fonts_saved_over()
        self._kept = {}
        prepared = prepare(self.meeting_folder, self.out, duplex=self.duplex, reuse=self)
        self._papers = self._kept
        return prepared.files, prepared.result.warnings

    def inputs(self, inputs: Inputs) -> Inputs:
        """The loaded inputs with the last build's templates and typography where unchanged;
        every file they were read from is watched."""
        inputs = self._warm(inputs)
        self._lines.start(inputs.typography)
        content = inputs.content
        self.read = {
            *(s.path.resolve() for s in content.sources),
            *(a.path.resolve() for a in inputs.attachments),
            *(s.path.resolve() for s in content.sheets),
            *(p.resolve() for p in self._typography_files),
        }
        return inputs

    def typeset(self, document: Document, typography: Typography) -> Typeset:
        return self._lines.typeset(document, typography)

    def paper(self, stem: str, document: Document, first: int) -> WrittenPaper | None:
        kept = self._papers.get(stem)
        if (
            kept is None
            or kept.typography is not self._typography
            or kept.first != first
            or kept.document != document
        ):
            return None
        self._kept[stem] = kept
        return kept.written

    def keep(self, stem: str, document: Document, first: int, written: WrittenPaper) -> None:
        assert self._typography is not None
        self._kept[stem] = _Paper(document, self._typography, first, written)

    def _warm(self, inputs: Inputs) -> Inputs:
        """The loaded inputs with the templates and typography of the last build, while the
        files they were read from are the same."""
        templates = inputs.templates
        in_effect = {name: identity(path) for name, path in templates.in_effect().items()}
        if self._templates is None or self._templates_in_effect != in_effect:
            self._templates, self._templates_in_effect = templates, in_effect
        typography = inputs.typography
        files = {p: identity(p) for p in _typography_files(typography)}
        kept = self._typography
        if kept is None or files != self._typography_files or not _same_look(kept, typography):
            self._typography, self._typography_files = typography, files
        return replace(inputs, templates=self._templates, typography=self._typography)

    def _forget_fonts_saved_over(self) -> None:
        """Have the font files read again if one the last build used is now another file:
        this process keeps each font by its file name, and loading the inputs reads them."""
        if self._typography is None:
            return
        reference = self._typography.sheet.path
        if any(
            path != reference and identity(path) != seen
            for path, seen in self._typography_files.items()
        ):
            forget_font_files()
            self._typography = None

    def _on_disk(self, path: Path, data: bytes) -> bool:
        """Whether the file at `path` holds `data` already (read again only if it changed)."""
        stat = identity(path)
        if stat is None:
            return False
        seen = self._disk.get(path)
        if seen is None or seen.stat != stat:
            try:
                seen = _OnDisk(path.read_bytes(), stat)
            except OSError:
                return False
            self._disk[path] = seen
        return seen.data == data

    def _saw(self, path: Path, data: bytes) -> None:
        stat = identity(path)
        if stat is not None:
            self._disk[path] = _OnDisk(data, stat)


def _typography_files(typography: Typography) -> list[Path]:
    """The reference .docx and the font files the typography was read from."""
    return [typography.sheet.path, *(f.path for f in typography.faces_in_effect())]


def _same_look(a: Typography, b: Typography) -> bool:
    return (
        a.sheet == b.sheet
        and a.fonts.faces == b.fonts.faces
        and a.fonts.fallbacks == b.fonts.fallbacks
    )


def identity(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is saved: its modification time, size and inode."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino

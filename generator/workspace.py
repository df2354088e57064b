"""A committee's workspace: content/, templates/ (overrides) and handouts/ (outputs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .resources import default_templates


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def of(cls, meeting_folder: Path) -> Workspace:
        """The folder that holds `content/`; else the one above the committee folder."""
        folder = meeting_folder.resolve()
        for parent in folder.parents:
            if parent.name == "content":
                return cls(parent.parent)
        return cls(folder.parent.parent)

    @classmethod
    def at(cls, path: Path) -> Workspace:
        """The workspace a path names: its root, a meeting or committee folder, or content/."""
        folder = path.resolve()
        if (folder / "meeting.yaml").is_file():
            return cls.of(folder)
        for candidate in (folder, *folder.parents):
            if candidate.name == "content":
                return cls(candidate.parent)
        if (folder / "committee.yaml").is_file():
            return cls(folder.parent)
        return cls(folder)

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def template_dirs(self) -> list[Path]:
        """Search order: the workspace's own templates first, then the built-in ones."""
        own, builtin = self.templates, default_templates()
        dirs = [own] if own.is_dir() else []
        if not dirs or own.resolve() != builtin.resolve():
            dirs.append(builtin)
        return dirs

    def default_output(self, meeting_folder: Path) -> Path:
        """handouts/ mirrors content/: content/委員会/04 → handouts/委員会/04."""
        folder = meeting_folder.resolve()
        content = self.root / "content"
        try:
            return self.root / "handouts" / folder.relative_to(content)
        except ValueError:
            return self.root / "handouts" / folder.name

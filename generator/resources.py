"""Where the bundled defaults (templates, fonts) live, installed or in a source checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def default_templates() -> Path:
    """The built-in templates: package data in a wheel, the repository's templates/ otherwise."""
    packaged = Path(str(files("generator"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def bundled_fonts() -> Path:
    return Path(str(files("generator"))) / "fontfiles"

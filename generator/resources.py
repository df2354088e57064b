"""Where the bundled defaults (templates, fonts, the workspace skeleton) live.

They are package data, installed as plain files beside this module (the wheel is never run
zipped), so a path from `__file__` finds them; importlib.resources would add imports to
every start for the same answer.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def default_templates() -> Path:
    """The built-in templates: package data in a wheel, the repository's templates/ otherwise."""
    packaged = PACKAGE / "templates"
    if packaged.is_dir():
        return packaged
    return PACKAGE.parent / "templates"


def bundled_fonts() -> Path:
    return PACKAGE / "fontfiles"


def skeleton() -> Path:
    """The example workspace `handouts init` copies."""
    return PACKAGE / "skeleton"

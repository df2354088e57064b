"""WordprocessingML's namespace, shared by the style reader and the DOCX writer."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(name: str) -> str:
    """A WordprocessingML element or attribute name in Clark notation: {namespace}name."""
    return f"{{{W}}}{name}"

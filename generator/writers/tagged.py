"""Whether an attached PDF is tagged: the build warns when it is not, the manifest records it.

An attachment comes from anywhere (Word, a scanner, another city's site), so it is read with
pypdf, which copes with every kind of file, and only its catalog is looked at.
"""

from __future__ import annotations

import io

from ..model.attachment import pdf_errors, quiet_pypdf


def is_tagged(pdf: bytes) -> bool:
    """Whether the PDF has a structure tree (tags) and says its content is marked."""
    from pypdf import PdfReader

    with quiet_pypdf():
        try:
            root = PdfReader(io.BytesIO(pdf), strict=False).trailer["/Root"].get_object()
            marked = root.get("/MarkInfo", {}).get("/Marked", False)
            return "/StructTreeRoot" in root and bool(marked)
        except pdf_errors():
            return False

"""A document set on pages: what both writers take, so they agree on every page-level fact."""

from __future__ import annotations

from dataclasses import dataclass

from ..render.tree import Document
from .layout import Layout, Page
from .typography import Typography


@dataclass(frozen=True)
class Typeset:
    """A document, its laid-out pages, and the typography they were set in."""

    document: Document
    pages: list[Page]
    layout: Layout

    @property
    def typography(self) -> Typography:
        return self.layout.typography

    @property
    def page_numbered(self) -> bool:
        return self.document.page_numbered(len(self.pages))


def typeset(document: Document, typography: Typography) -> Typeset:
    layout = Layout(typography, document.orientation)
    return Typeset(document, layout.pages(document), layout)

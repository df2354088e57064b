"""Paragraphs laid out by the last build, kept for the next one (`handouts watch`).

A one-word edit in a long handout changes one paragraph; breaking every other paragraph into
lines again would take most of a rebuild. A paragraph's lines depend only on the paragraph
(its style, text and label, compared without where the text came from), the column it is set
in, and the typography and page, so those laid out for the last build are taken again when all
of these are equal. Pages are made anew each time: one paragraph more or less moves the rest.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..render.tree import Document, Paragraph
from ..typeset.layout import Layout
from ..typeset.pages import Typeset
from ..typeset.typography import Typography

_Key = tuple[str, Paragraph, float | None, float | None]


class KeptLines:
    """The paragraphs of the last build's papers, laid out, for one typography."""

    def __init__(self) -> None:
        self._typography: Typography | None = None
        self._last: dict[_Key, object] = {}  # what the last build laid out
        self._now: dict[_Key, object] = {}  # what this build has laid out so far

    def start(self, typography: Typography) -> None:
        """Begin a build: keep what the last one laid out, unless the typography changed."""
        if typography is not self._typography:
            self._typography, self._now = typography, {}
        self._last, self._now = self._now, {}

    def typeset(self, document: Document, typography: Typography) -> Typeset:
        """As `typeset.pages.typeset`, each paragraph laid out by the last build taken again."""
        layout = _KeptLayout(typography, document.orientation, self)
        return Typeset(document, layout.pages(document), layout)

    def laid(self, key: _Key) -> object | None:
        """The paragraph `key` as this build or the last one laid it out, if either did."""
        return self._now.get(key) or self._last.get(key)

    def keep(self, key: _Key, laid: object) -> None:
        self._now[key] = laid


class _KeptLayout(Layout):
    """A layout that lays out only the paragraphs the last build did not."""

    def __init__(self, typography: Typography, orientation: str, kept: KeptLines) -> None:
        super().__init__(typography, orientation)
        self._orientation = orientation
        self._kept = kept

    def block(self, p: Paragraph, x0: float | None = None, column: float | None = None):
        key = (self._orientation, p, x0, column)
        laid = self._kept.laid(key)
        laid = super().block(p, x0, column) if laid is None else _drawn_from(laid, p)
        self._kept.keep(key, laid)
        return laid


def _drawn_from(block: Any, p: Paragraph) -> Any:
    """A kept block whose segments name `p`, this build's paragraph, as the one they draw:
    the PDF's structure tree finds a segment's place by its paragraph object."""
    lines = [
        replace(
            line, segments=[replace(s, node=p) if s.node is not None else s for s in line.segments]
        )
        for line in block.lines
    ]
    return replace(block, lines=lines)

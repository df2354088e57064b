"""The meeting packet (会議資料): the 次第 and every material's paper in one PDF, as members get it.

Each paper has an outline entry and page labels (資料２ 1/3), so a member on a tablet can find
and name a page. When a material is not public, a public edition leaves it out and its own
次第 marks the item. A packet is assembled from bytes only: the papers' PDFs as written and
the attached PDFs as stamped (generator.writers.stamp), spliced into one file (pdfsplice), so
every packet carries the same metadata whether it holds attachments or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .pdfsplice import Part, splice


@dataclass(frozen=True)
class Edition:
    """One packet file: the members' packet or the public edition."""

    path: Path
    title: str
    parts: list[Part]


def editions(
    out: Path,
    stem: str,
    title: str,
    agenda: Part,
    public_agenda: Part | None,
    materials: list[Part],
) -> list[Edition]:
    """The members' packet, and the public edition when a public 次第 was made for one.

    `materials` are the materials' papers in list order, generated or attached; files are
    named after `stem` (第4回) and titled `title`.
    """
    members = Edition(out / f"{stem}_会議資料.pdf", title, [agenda, *materials])
    if public_agenda is None:
        return [members]
    public = [public_agenda, *(p for p in materials if p.public)]
    return [members, Edition(out / f"{stem}_会議資料_公開用.pdf", f"{title}（公開用）", public)]


def assemble(
    edition: Edition, *, author: str, date: datetime, duplex: bool = False
) -> tuple[bytes, int]:
    """The edition as one PDF and its page count; with `duplex`, every paper on a front page."""
    return splice(edition.parts, title=edition.title, author=author, date=date, duplex=duplex)

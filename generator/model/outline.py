"""The 次第 as an outline: ordered sections, each with a label and a body.

A section's body is the meeting's own facts (`show: date`, `place`, `agenda`, `materials`,
`present` …), a value, items nested to three levels, or unnumbered lines. Items are written
as text, or as `{text: …, items: […]}` (or `- 議題:` followed by its items) for the level below;
they are numbered by a ladder, the 公用文 one (（１）→ ア →（ア）) unless the section says another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from .schema import AtLeast, Check
from .text import ContentText, Name

_KEYS = {"text", "items", "see"}
_HOW_TO_NEST = (
    "下の階層は「- text: 見出しの文」の次の行に「  items:」と書き、その下に「- 」で並べてください"
    "（「- 審議事項:」の次の行から字下げして並べる書き方もできます）"
)


def _item(level: int) -> Check:
    """An item written as text is its text; `- 見出し: [下の項目]` is shorthand for text+items."""

    def check(value: object) -> object:
        if isinstance(value, str):
            return {"text": value}
        if isinstance(value, list):
            raise ValueError(f"「- 」の中にさらに一覧が書かれています — {_HOW_TO_NEST}")
        if isinstance(value, dict) and len(value) == 1:
            ((key, items),) = value.items()
            if isinstance(key, str) and key not in _KEYS and not key.isascii():
                if level >= 3:
                    raise ValueError(
                        "項目は3階層までです（（１）→ ア →（ア））"
                        " — これより下の階層は、文として上の項目に書いてください"
                    )
                return {"text": key, "items": items if items is not None else []}
        if isinstance(value, dict) and "items" in value and level >= 3:
            raise ValueError(
                "項目は3階層までです（（１）→ ア →（ア））"
                " — これより下の階層は、文として上の項目に書いてください"
            )
        return value

    return Check(check, before=True)


@dataclass(frozen=True, kw_only=True)
class Item3:
    text: Name
    see: list[Name] = field(default_factory=list)
    """Labels of materials the item refers to (資料２): printed after the text."""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, kw_only=True)
class Item2:
    text: Name
    items: list[Annotated[Item3, _item(3)]] = field(default_factory=list)
    see: list[Name] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, kw_only=True)
class Item:
    """An agenda item: its text, and the items below it (level 2, and their level 3)."""

    text: Name
    items: list[Annotated[Item2, _item(2)]] = field(default_factory=list)
    see: list[Name] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


AgendaItem = Annotated[Item, _item(1)]


def _pattern(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        raise ValueError(
            "番号の形の中に一覧が書かれています — numbering: [（１）, ア, （ア）] のように、"
            "階層ごとの番号の形を一つずつ並べてください"
        )
    return value


Pattern = Annotated[str, Check(_pattern, before=True)]
"""A numbering pattern: "（１）", "ア", "1.", "①", or a mark such as "・"; "" for none."""

Show = Literal[
    "date",
    "place",
    "agenda",
    "materials",
    "attendance",
    "present",
    "absent",
    "observers",
    "proceedings",
]


@dataclass(frozen=True, kw_only=True)
class Section:
    """One section of the outline: its label, whether it is numbered, and its body."""

    label: ContentText = ""
    numbered: bool = True
    show: Show | None = None
    """The meeting's fact the section shows (date: 日時, present: 出席者 …)."""
    group: Name | None = None
    """With show: present or absent, the one group of people to show (its label)."""
    value: ContentText | None = None
    items: list[AgendaItem] = field(default_factory=list)
    lines: list[ContentText] = field(default_factory=list)
    """Unnumbered lines below the label."""
    numbering: Annotated[list[Pattern], AtLeast(1)] | None = None
    """The ladder for this section's items, level by level (default （１）, ア, （ア））."""


Outline = Annotated[list[Section], AtLeast(1)]

DEFAULT_OUTLINE = (
    Section(label="日時", show="date"),
    Section(label="場所", show="place"),
    Section(label="議題", show="agenda"),
    Section(label="提出資料", show="materials"),
)
"""The Koganei 次第: what a meeting without an outline prints."""

DEFAULT_MINUTES_OUTLINE = (
    Section(label="日時", show="date"),
    Section(label="場所", show="place"),
    Section(label="出席者", show="present"),
    Section(label="欠席者", show="absent"),
    Section(label="傍聴者", show="observers"),
    Section(label="配布資料", show="materials"),
    Section(label="議事", show="agenda"),
    Section(label="会議の経過", show="proceedings"),
)
"""The head of a 会議録 when the committee sets none."""

"""committee.yaml: what every meeting of one committee shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from .outline import Outline, Pattern
from .schema import AtLeast, Check
from .text import ContentText, Name


def _has_n(value: str) -> str:
    if "{n}" not in value:
        raise ValueError(
            f"「{value}」に番号の入る場所 {{n}} がありません — 例: 資料{{n}}、第{{n}}回"
        )
    return value


@dataclass(frozen=True, kw_only=True)
class Style:
    """How the committee writes numbers and dates in its papers."""

    digits: Literal["fullwidth", "halfwidth"] = "fullwidth"
    calendar: Literal["wareki", "seireki"] = "wareki"
    private_mark: Name = "（非公開）"
    """Printed after a `public: false` material's title in the public edition's 次第."""
    weekday: Literal["short", "long"] = "short"
    """（水） or （水曜日）."""
    western_year: bool = False
    """The 西暦 beside the 和暦: 令和６年（２０２４年）."""
    time_period: Literal["once", "each"] = "once"
    """午後３時～５時 (once) or 午後３時～午後５時 (each)."""
    time_to: Literal["～", "から"] = "～"
    clock: Literal[12, 24] = 12
    """12: 午前１０時～１２時; 24: １０時～１２時 (no 午前/午後)."""
    zero_minutes: bool = False
    """９時００分 rather than ９時."""
    hours: Literal["range", "open_close"] = "range"
    """range: 午前１０時～１２時; open_close: ９時開会　１１時閉会（会議時間２時間）."""
    duration: bool = True
    """With hours: open_close, the length of the meeting after the 閉会 time."""
    designation: Annotated[Name, Check(_has_n)] = "第{n}回{extra}"
    """What a numbered meeting is called: {n} the number, {year} its 年度, {extra} 臨時."""
    designation_place: Literal["before", "after"] = "before"
    """第１回府中市… (before) or …作業部会（第１回） (after: write the brackets in designation)."""
    undated_designation: ContentText = "{date}"
    """What a meeting without a number is called: {date} its date; "" for nothing."""
    numbering: Literal["continuous", "fiscal_year"] = "continuous"
    """fiscal_year: `handouts new` starts again at 第１回 in each 年度 (April to March)."""
    material_label: Annotated[Name, Check(_has_n)] = "資料{n}"
    """The label of the n-th numbered material: 資料{n}, 参考資料{n}, 協議案第{n}号 …"""
    material_list: Literal["none", "before", "after"] = "none"
    """Where a material's label stands in the 次第's list: none, before (資料１　題名) or
    after (題名（資料１））."""
    section_numbering: Pattern = "１"
    """How the outline's sections are numbered: １, 1., 第1, or "" for none."""
    numbering_ladder: Annotated[list[Pattern], AtLeast(1)] = field(
        default_factory=lambda: ["（１）", "ア", "（ア）"]
    )
    """How items are numbered below a section, level by level."""
    member_separator: ContentText = "、"
    role_place: Literal["after", "before"] = "after"
    """中川部長 (after) or 政策室長　田部井則人 (before; one role printed once for the
    members that follow it)."""
    group_label: ContentText = "{label}："
    """How a group of attendees is introduced: {label}：, （{label}） …"""
    count_members: bool = False
    """Print the number of people after each group: （１４名）."""


@dataclass(frozen=True, kw_only=True)
class FontFile:
    """A TrueType font the committee uses instead of, or in addition to, the bundled ones."""

    file: str
    index: int = 0


@dataclass(frozen=True, kw_only=True)
class Normalize:
    """How content text is tidied before it is printed: each step is on unless turned off."""

    nfc: bool = True
    """Unicode NFC: a kana and a separate voiced mark (か + ゙) become one character (が)."""
    fullwidth_kana: bool = True
    """Half-width katakana and their punctuation (ｶﾞｲﾄﾞ｡) become full-width (ガイド。)."""


@dataclass(frozen=True, kw_only=True)
class MinutesSettings:
    """How the committee's 会議録 look: its title, its head and the numbering of the body."""

    title: ContentText = "会議録"
    """Printed after the meeting's name: 第１回府中市市民協働推進会議会議録."""
    outline: Outline | None = None
    """The sections of the head (default 日時, 場所, 出席者, 欠席者, 傍聴者, 配布資料, 議事)."""
    numbering: Annotated[list[Pattern], AtLeast(1)] = field(
        default_factory=lambda: ["１", "（１）", "ア"]
    )
    """How the body's headings are numbered, level by level."""
    section_numbering: Pattern | None = None
    """How the head's sections are numbered, when not as the 次第's (style.section_numbering):
    ■, 〇, "" for none …"""
    speaker: ContentText = "【{speaker}】"
    decision: ContentText = "【結果】"


@dataclass(frozen=True, kw_only=True)
class Committee:
    name: Name
    secretariat: Name | None = None
    style: Style = field(default_factory=Style)
    fonts: dict[str, FontFile] = field(default_factory=dict)
    """Font family name as the reference .docx styles name it → the file to embed in PDFs."""
    fallback_fonts: list[FontFile] = field(default_factory=list)
    """Fonts tried in order for a character the style's font lacks (外字: rare name kanji)."""
    normalize: Normalize = field(default_factory=Normalize)
    outline: Outline | None = None
    """The sections of every meeting's 次第, unless a meeting gives its own."""
    minutes: MinutesSettings = field(default_factory=MinutesSettings)

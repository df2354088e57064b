"""meeting.yaml: one meeting — when, where, the agenda and the list of materials."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Annotated

from .attendance import Attendance
from .clock import parse_time
from .outline import AgendaItem, Outline
from .schema import AtLeast, Check, rule
from .text import ContentText, Name


def _pdf(value: str) -> str:
    if not value.lower().endswith(".pdf"):
        raise ValueError(
            "attach には PDF ファイル（.pdf）を指定してください"
            " — Word や Excel の文書は PDF に書き出してから指定します"
        )
    return value


@dataclass(frozen=True, kw_only=True)
class Material:
    """One line of 提出資料: a numbered material or a note.

    A material's paper is a handout file, an attached PDF (`attach`) or nothing (listed in the
    次第 only); `public: false` leaves it out of the public edition of the packet.
    """

    title: Name | None = None
    handout: str | None = None
    attach: Annotated[str, Check(_pdf)] | None = None
    public: bool = True
    note: ContentText | None = None
    label: Name | None = None
    """The material's own label (資料１－１, 参考資料{n}), instead of the committee's pattern."""
    numbered: bool = True
    """false: a material without a label (前回会議録, チラシ); it takes no number."""

    @staticmethod
    @rule("title", "label", "numbered", at="label")
    def _label_needs_title(title: str | None, label: str | None, numbered: bool) -> None:
        if label is not None and title is None:
            raise ValueError("label は title と一緒に書いてください — 資料名を title: に書きます")
        if label is not None and not numbered:
            raise ValueError(
                "numbered: false の資料には label を書けません"
                " — 番号を付けないなら label の行を、付けるなら numbered の行を消してください"
            )

    @staticmethod
    @rule("title", "note", "handout", "attach", "public")
    def _title_or_note(
        title: str | None, note: str | None, handout: str | None, attach: str | None, public: bool
    ) -> None:
        if (title is None) == (note is None):
            raise ValueError(
                "title（資料名）か note（注記）のどちらか一つを書いてください"
                " — 資料なら「- title: 資料名」、注記なら「- note: 文」の形です"
            )
        if handout is not None and title is None:
            raise ValueError("handout は title と一緒に書いてください — 資料名を title: に書きます")
        if attach is not None and title is None:
            raise ValueError("attach は title と一緒に書いてください — 資料名を title: に書きます")
        if handout is not None and attach is not None:
            raise ValueError(
                "handout と attach は一つの資料にどちらか一方だけ書けます"
                " — 別の資料なら「- title:」の行を分けてください"
            )
        if not public and title is None:
            raise ValueError(
                "public は title と一緒に書いてください — 非公開にする資料の行に書きます"
            )


def _written(hint: str) -> Check:
    """A blank left by `handouts new` gets "fill this in", not "wrong type"."""

    def check(value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError(f"まだ書かれていません — {hint}")
        return value

    return Check(check, before=True)


def _clock(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_time(value)
        except ValueError as exc:
            raise ValueError(str(exc).replace("。", " — ", 1)) from None
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError('時刻は 10:00 の形で書いてください — 例: start: "10:00"')
    return value


_CLOCK = Check(_clock, before=True)


@dataclass(frozen=True, kw_only=True)
class Meeting:
    number: Annotated[int, AtLeast(1)] | None = None
    """第何回: none for a committee that meets by date (the title then names the date)."""
    extraordinary: bool = False
    """臨時: the designation says 第１０回臨時."""
    date: Annotated[
        datetime.date, _written("開催日を 2011-03-02 のように 年-月-日 で書いてください")
    ]
    start: Annotated[datetime.time, _written('開始時刻を "10:00" の形で書いてください'), _CLOCK]
    end: Annotated[
        datetime.time | None,
        _written('終了時刻を "12:00" の形で書くか、決まっていなければこの行を消してください'),
        _CLOCK,
    ] = None
    place: Name
    agenda: Annotated[list[AgendaItem], AtLeast(1)]
    materials: list[Material] = field(default_factory=list)
    attendance: Attendance | None = None
    outline: Outline | None = None
    """This meeting's 次第 sections, when they differ from the committee's."""
    minutes: str | None = None
    """The file with the 会議録's body (例: minutes.yaml); a 会議録 is made when given."""

    @staticmethod
    @rule("start", "end", at="end")
    def _after_start(start: datetime.time, end: datetime.time | None) -> None:
        """Checked as the end's problem, so the message points at the end: line."""
        if end is not None and end <= start:
            raise ValueError(
                f"終了時刻 {end:%H:%M} が開始時刻 {start:%H:%M} より後になっていません"
                " — start と end を確かめてください"
            )

    def numbered(self) -> list[tuple[int, Material]]:
        """Materials with their 資料 numbers; notes carry 0 since they are not numbered."""
        out, n = [], 0
        for m in self.materials:
            if m.title is not None:
                n += 1
            out.append((n if m.title is not None else 0, m))
        return out


def written_date(data: object) -> datetime.date | None:
    """The date a meeting.yaml mapping gives, read as it stands (before validation): other
    meetings of the committee are compared by it, whatever else they hold."""
    value = data.get("date") if isinstance(data, dict) else None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None

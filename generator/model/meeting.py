"""meeting.yaml: one meeting — when, where, the agenda and the list of materials."""

from __future__ import annotations

import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..formatting import parse_time
from .text import ContentText, Name


class Material(BaseModel):
    """One line of 提出資料: a numbered material or a note.

    A material's paper is a handout file, an attached PDF (`attach`) or nothing (listed in the
    次第 only); `public: false` leaves it out of the public edition of the packet.
    """

    model_config = ConfigDict(extra="forbid")

    title: Name | None = None
    handout: str | None = None
    attach: str | None = None
    public: bool = True
    note: ContentText | None = None

    @field_validator("attach")
    @classmethod
    def _pdf(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().endswith(".pdf"):
            raise ValueError(
                "attach には PDF ファイル（.pdf）を指定してください"
                " — Word や Excel の文書は PDF に書き出してから指定します"
            )
        return value

    @model_validator(mode="after")
    def _title_or_note(self) -> Material:
        if (self.title is None) == (self.note is None):
            raise ValueError(
                "title（資料名）か note（注記）のどちらか一つを書いてください"
                " — 資料なら「- title: 資料名」、注記なら「- note: 文」の形です"
            )
        if self.handout is not None and self.title is None:
            raise ValueError("handout は title と一緒に書いてください — 資料名を title: に書きます")
        if self.attach is not None and self.title is None:
            raise ValueError("attach は title と一緒に書いてください — 資料名を title: に書きます")
        if self.handout is not None and self.attach is not None:
            raise ValueError(
                "handout と attach は一つの資料にどちらか一方だけ書けます"
                " — 別の資料なら「- title:」の行を分けてください"
            )
        if not self.public and self.title is None:
            raise ValueError(
                "public は title と一緒に書いてください — 非公開にする資料の行に書きます"
            )
        return self


_TO_FILL = {
    "date": "開催日を 2011-03-02 のように 年-月-日 で書いてください",
    "start": '開始時刻を "10:00" の形で書いてください',
    "end": '終了時刻を "12:00" の形で書くか、決まっていなければこの行を消してください',
}


class Meeting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    date: datetime.date
    start: datetime.time
    end: datetime.time | None = None
    place: Name
    agenda: list[Name] = Field(min_length=1)
    materials: list[Material] = []

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_time(value)
            except ValueError as exc:
                raise ValueError(str(exc).replace("。", " — ", 1)) from None
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError('時刻は 10:00 の形で書いてください — 例: start: "10:00"')
        return value

    @field_validator("date", "start", "end", mode="before")
    @classmethod
    def _written(cls, value: object, info: ValidationInfo) -> object:
        """A blank left by `handouts new` gets "fill this in", not "wrong type".

        Pydantic runs later-defined before-validators first: keep this one below `_clock`.
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError(f"まだ書かれていません — {_TO_FILL[info.field_name]}")
        return value

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: datetime.time | None, info: ValidationInfo) -> datetime.time | None:
        """Checked on `end` itself, so the message points at the end: line."""
        start = info.data.get("start")
        if end is not None and start is not None and end <= start:
            raise ValueError(
                f"終了時刻 {end:%H:%M} が開始時刻 {start:%H:%M} より後になっていません"
                " — start と end を確かめてください"
            )
        return end

    def numbered(self) -> list[tuple[int, Material]]:
        """Materials with their 資料 numbers; notes carry 0 since they are not numbered."""
        out, n = [], 0
        for m in self.materials:
            if m.title is not None:
                n += 1
            out.append((n if m.title is not None else 0, m))
        return out

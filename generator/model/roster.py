"""A roster handout (委員名簿): the committee's members as a table, one row a member.

One roster file usually serves every meeting of a term: it sits in the committee folder and each
meeting names it (`handout: ../名簿.yaml`). The members may also come from a spreadsheet.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Annotated, Literal

from ..errors import HandoutsError
from .columns import column_choice
from .schema import Check, rule
from .source import Source, display_path
from .spreadsheet import SheetReader
from .text import ContentText, Name


@dataclass(frozen=True, kw_only=True)
class Member:
    category: ContentText | None = None
    """区分: 学識経験者, 公募市民, 団体推薦 …"""
    name: Name
    kana: ContentText | None = None
    """ふりがな, printed small above the name."""
    affiliation: ContentText | None = None
    """所属・役職."""
    role: ContentText | None = None
    """会長, 副会長: in the 備考 column unless the roster has a role column of its own."""
    term: ContentText | None = None
    note: ContentText | None = None


# The columns a roster may show: field → the header printed by default, and its width share.
COLUMNS = {
    "number": "番号",
    "category": "区分",
    "name": "氏名",
    "kana": "ふりがな",
    "affiliation": "所属・役職",
    "role": "役職",
    "term": "任期",
    "note": "備考",
}
_DEFAULT = ("category", "name", "affiliation", "note")
_WIDTHS = {
    "number": 6,
    "category": 18,
    "name": 20,
    "kana": 18,
    "affiliation": 32,
    "role": 10,
    "term": 20,
    "note": 18,
}

# A spreadsheet's column names → the member's fields.
SHEET_COLUMNS = {
    "区分": "category",
    "氏名": "name",
    "ふりがな": "kana",
    "所属・役職": "affiliation",
    "役職": "role",
    "任期": "term",
    "備考": "note",
}


_CHOSEN_COLUMNS = Check(
    column_choice(COLUMNS, "name", "{category: 区分, name: 氏名, affiliation: 所属, note: 備考}")
)


@dataclass(frozen=True, kw_only=True)
class RosterHandout:
    kind: Literal["roster"]
    title: Name
    as_of: ContentText | None = None
    """A line above the table, at the right: 令和６年４月１日現在."""
    term: ContentText | None = None
    """The 任期 line under the title: 任期　令和６年４月１日から令和８年３月３１日まで."""
    columns: Annotated[dict[str, Name], _CHOSEN_COLUMNS] | None = None
    """The columns in order, each with its header: {category: 区分, name: 氏名 …}."""
    members: list[Member] | None = None
    members_from: str | None = None
    """A spreadsheet (.xlsx or .csv) whose rows are the members, instead of `members`."""
    sheet: str | None = None
    notes: list[Name] = field(default_factory=list)
    """※ lines under the table."""

    @staticmethod
    @rule("members", "members_from", "sheet")
    def _one_source_of_members(
        members: list[Member] | None, members_from: str | None, sheet: str | None
    ) -> None:
        if (members is None) == (members_from is None):
            raise ValueError(
                "members（YAML に書いた委員）か members_from（表のファイル）のどちらか一つを"
                "書いてください — 例: members_from: 委員名簿.xlsx"
            )
        if sheet is not None and members_from is None:
            raise ValueError("sheet は members_from と一緒に書いてください — 表のシートの名前です")

    @property
    def template(self) -> str:
        return "roster.xml.j2"

    @property
    def table_columns(self) -> list[tuple[str, str, int]]:
        """(field, header, width share) of each column, in order."""
        chosen = self.columns if self.columns is not None else {k: COLUMNS[k] for k in _DEFAULT}
        return [(name, header, _WIDTHS[name]) for name, header in chosen.items()]

    @property
    def role_in_note(self) -> bool:
        """Whether 会長 / 副会長 are printed in the 備考 column (there is no role column)."""
        return "role" not in dict((name, h) for name, h, _ in self.table_columns)

    @property
    def kana_with_name(self) -> bool:
        """Whether ふりがな are printed above the names (there is no ふりがな column)."""
        return "kana" not in dict((name, h) for name, h, _ in self.table_columns)

    def with_rows(self, source: Source, reader: SheetReader) -> RosterHandout:
        """The roster with its members read from `members_from`, when it names a spreadsheet."""
        if self.members_from is None:
            return self
        sheet = reader.table(
            source, ("members_from",), self.members_from, self.sheet, SHEET_COLUMNS
        )
        shown = display_path(sheet.path)
        if "氏名" not in sheet.headers:
            raise HandoutsError.single(
                "「氏名」の列がありません",
                f"1 行目に「氏名」と書いた列を作ってください（列の名前: {'、'.join(SHEET_COLUMNS)}）",
                file=shown,
            )
        problems, members = [], []
        for row in sheet.rows:
            if row.get("氏名") is None:
                problems.append(
                    row.at("氏名").problem("空欄です", "氏名を書くか、使わない行は消してください")
                )
                continue
            members.append(Member(**{SHEET_COLUMNS[h]: v for h, v in row.values.items()}))
        if problems:
            raise HandoutsError(problems)
        if not members:
            raise HandoutsError.single(
                "表に委員の行がありません",
                "2 行目から、1 行に 1 人ずつ書いてください",
                file=shown,
            )
        return dataclasses.replace(self, members=members)

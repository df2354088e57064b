"""Rows of a handout's table read from a spreadsheet: an .xlsx file, or a .csv as Excel saves it.

Secretariats keep member lists and term lists in Excel. The first row names the columns in
Japanese (区分, 氏名 …); every later row that is not blank is one row of the table. Each value
keeps its cell, so a problem in it — found here, or later by the glyph check — names the file,
the sheet and the cell: `定義一覧.xlsx:Sheet1!E5: 定義: 空欄です — …`.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HandoutsError, Problem, os_reason
from .committee import Style
from .printed import Located
from .source import Source, display_path
from .text import UNPRINTABLE

_SUFFIXES = (".xlsx", ".xlsm", ".csv")
Raw = list[tuple[int, list[Any]]]  # (row number, cell values) of each row
Loc = tuple[str | int, ...]
_BLANK = " \u3000\t\r\n"


@dataclass(frozen=True, slots=True)
class CellOrigin:
    """Where a value read from a spreadsheet is: file, sheet (none for a .csv), cell, column."""

    file: Path
    sheet: str | None
    ref: str  # E5
    column: str  # the column's header: 定義

    @property
    def line(self) -> None:
        return None

    @property
    def field(self) -> str:
        return self.column

    @property
    def cell(self) -> str:
        return f"{self.sheet}!{self.ref}" if self.sheet else self.ref

    def problem(self, message: str, hint: str = "") -> Problem:
        return Problem(message, hint, file=self.file, field=self.column, cell=self.cell)


@dataclass(frozen=True)
class SheetRow:
    """One row: its values by column header (blank cells left out), and its row number."""

    number: int
    values: dict[str, Located]
    blanks: dict[str, CellOrigin]  # the blank cells, so "this is empty" can name them

    def get(self, header: str) -> Located | None:
        return self.values.get(header)

    def at(self, header: str) -> CellOrigin:
        value = self.values.get(header)
        return value.origin if value is not None else self.blanks[header]  # type: ignore[return-value]


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet's table: its headers in order and its rows."""

    path: Path
    data: bytes  # as read: the manifest hashes these bytes
    headers: list[Located]  # the first row's names, each knowing its cell
    rows: list[SheetRow]


DateWriter = Callable[[datetime.date, Style], str]
"""How a date cell is printed, in a committee's style."""


@dataclass
class SheetReader:
    """Reads the spreadsheets the handouts of one meeting name, and remembers them.

    `root` is the workspace: no file outside it is read. Excel's dates are written by
    `write_date` in the committee's `style` (the build gives the renderer's date wording).
    """

    root: Path
    style: Style = field(default_factory=Style)
    write_date: DateWriter = field(default=lambda d, _style: d.isoformat())
    read: list[Sheet] = field(default_factory=list)

    def _cell_text(self, value: Any) -> str:
        return _cell_text(value, self.style, self.write_date)

    def table(
        self, source: Source, loc: Loc, name: str, sheet: str | None, known: Iterable[str] | None
    ) -> Sheet:
        """The table of file `name`, written at `loc` of `source`; with `known`, its headers
        must be among those names."""
        path = self._path(source, loc, name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _at(source, loc, f"{name} を読めません（{os_reason(exc)}）", _CLOSE_IT) from None
        shown = display_path(path)
        if path.suffix.lower() == ".csv":
            rows = _csv_rows(data, shown)
            sheet_name = None
        else:
            sheet_name, rows = _xlsx_rows(data, shown, sheet, source, (*loc[:-1], "sheet"))
        known_names = None if known is None else list(known)
        table = _table(rows, shown, sheet_name, self._cell_text, known_names)
        result = Sheet(path, data, *table)
        if all(earlier.path != path for earlier in self.read):
            self.read.append(result)
        return result

    def _path(self, source: Source, loc: Loc, name: str) -> Path:
        path = (source.path.parent / name).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise _at(
                source,
                loc,
                f"{name} は作業フォルダの外にあります",
                "表のファイルは作業フォルダ（content/ のある所）の中に置いてください",
            )
        if path.suffix.lower() not in _SUFFIXES:
            hint = (
                "Excel で開き「名前を付けて保存」→「Excel ブック (*.xlsx)」で保存し直してください"
                if path.suffix.lower() == ".xls"
                else "Excel のファイル（.xlsx）か CSV ファイル（.csv）を指定してください"
            )
            raise _at(source, loc, f"{name} は表のファイルとして読めません", hint)
        if not path.is_file():
            raise _at(
                source,
                loc,
                f"ファイル {name} がありません",
                "ファイル名と、この YAML ファイルから見た置き場所を確かめてください",
            )
        return path


_UNPRINTABLE_PROBLEM = (
    "見えない制御文字（U+{:04X}）が入っています",
    "ほかの文書から貼り付けたときに紛れ込みます。このセルを打ち直してください",
)
_CLOSE_IT = "Excel で開いたままなら閉じてから、もう一度作成してください"


def _at(source: Source, loc: Loc, message: str, hint: str) -> HandoutsError:
    return HandoutsError([source.problem(loc, message, hint)])


def _xlsx_rows(
    data: bytes, shown: Path, sheet: str | None, source: Source, sheet_loc: Loc
) -> tuple[str, Raw]:
    """The chosen sheet's (else the first sheet's) rows, with formulas' last computed values."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise HandoutsError.single(
            "Excel のファイルとして読めません（壊れているか、別の形式のファイルです）",
            "Excel で開けるかを確かめ、「Excel ブック (*.xlsx)」で保存し直してください",
            file=shown,
        ) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            names = "、".join(book.sheetnames)
            raise HandoutsError(
                [
                    source.problem(
                        sheet_loc,
                        f"シート「{sheet}」が {shown.name} にありません",
                        f"シートの名前は {names} です",
                    )
                ]
            )
        rows = [(i, list(values)) for i, values in enumerate(ws.iter_rows(values_only=True), 1)]
        return ws.title, rows
    finally:
        book.close()


def _csv_rows(data: bytes, shown: Path) -> Raw:
    """A CSV file's rows: UTF-8 (with or without the BOM Excel writes) or Shift_JIS (cp932)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise HandoutsError.single(
            "文字コードが UTF-8 でも Shift_JIS でもありません",
            "Excel で開き「CSV UTF-8 (コンマ区切り)」で保存し直してください",
            file=shown,
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [(i, row) for i, row in enumerate(reader, 1)]
    except csv.Error as exc:
        raise HandoutsError.single(
            f"CSV の形が正しくありません（{reader.line_num}行目: {exc}）",
            "Excel で開いて保存し直してください",
            file=shown,
        ) from None


def _table(
    rows: Raw,
    shown: Path,
    sheet: str | None,
    cell_text: Callable[[Any], str],
    known: list[str] | None,
) -> tuple[list[Located], list[SheetRow]]:
    """Headers from the first non-blank row; each later non-blank row by its headers."""
    rows = [(n, values) for n, values in rows if any(_text(v).strip(_BLANK) for v in values)]
    if not rows:
        names = f"（{'、'.join(known)}）" if known else ""
        raise HandoutsError.single(
            "表が空です",
            f"1 行目に列の名前{names}を、2 行目から内容を書いてください",
            file=shown,
        )
    number, first = rows[0]
    columns: dict[int, Located] = {}
    problems = []
    for index, value in enumerate(first):
        header = _text(value).strip(_BLANK)
        if not header:
            continue
        ref = CellOrigin(shown, sheet, f"{_letter(index)}{number}", header)
        found = UNPRINTABLE.search(header)
        if found is not None:
            message, hint = _UNPRINTABLE_PROBLEM
            problems.append(ref.problem(message.format(ord(found.group())), hint))
        elif known is not None and header not in known:
            problems.append(
                ref.problem(
                    f"列の名前「{header}」は使えません",
                    f"1 行目の列の名前は {'、'.join(known)} のどれかにしてください",
                )
            )
        elif header in columns.values():
            problems.append(
                ref.problem("同じ名前の列が二つあります", "どちらかの名前を変えてください")
            )
        columns[index] = Located(header, ref)  # type: ignore[arg-type]
    out = []
    for number, values in rows[1:]:
        texts, blanks = {}, {}
        for index, header in columns.items():
            origin = CellOrigin(shown, sheet, f"{_letter(index)}{number}", str(header))
            value = values[index] if index < len(values) else None
            try:
                text = cell_text(value).strip(_BLANK) if value is not None else ""
            except ValueError as exc:
                problems.append(origin.problem(*str(exc).split("。", 1)))
                continue
            found = UNPRINTABLE.search(text)
            if found is not None:
                message, hint = _UNPRINTABLE_PROBLEM
                problems.append(origin.problem(message.format(ord(found.group())), hint))
            elif text:
                texts[str(header)] = Located(text, origin)  # type: ignore[arg-type]
            else:
                blanks[str(header)] = origin
        out.append(SheetRow(number, texts, blanks))
    if problems:
        raise HandoutsError(problems)
    return list(columns.values()), out


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _cell_text(value: Any, style: Style, write_date: DateWriter) -> str:
    """A cell's value as printed: numbers as Excel shows them, dates in the committee's style."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return write_date(value, style)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime.time):
        return f"{value.hour}:{value.minute:02d}"
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")


def _letter(index: int) -> str:
    """The column letter of a 0-based index: A … Z, AA …."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

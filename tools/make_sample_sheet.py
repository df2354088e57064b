"""Write the example workspace's term list, generator/skeleton/content/iinkai/01/teigi.xlsx.

Run once when the example changes (`python tools/make_sample_sheet.py`); the .xlsx is committed.
Its times are fixed, so running it again gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

TARGET = Path(__file__).resolve().parent.parent / "generator/skeleton/content/iinkai/01/teigi.xlsx"
FIXED = datetime.datetime(2025, 5, 1)

HEADERS = ["区分", "出典", "補足", "用語", "定義"]
ROWS = [
    [
        "〇〇市の例",
        "〇〇市市民参加条例",
        "第２条（定義）第１号",
        "市民参加",
        "市の施策の立案から実施及び評価に至るまでの過程に、市民が主体的に参加することをいう。",
    ],
    [
        None,
        "〇〇市総合計画",
        None,
        "市民参加",
        "市民が市政に関心を持ち、自らの意見を市の施策に反映させるために行動すること。",
    ],
    [
        "他市等の例",
        "△△市",
        "△△市自治基本条例",
        "参加",
        "市民が、まちづくりに関する計画の立案、実施及び評価の各段階に主体的に関わることをいう。",
    ],
    [
        None,
        "□□町",
        "「□□町住民参加の手引き」・令和３年４月",
        None,
        "住民参加とは、町の政策づくりに住民の声を生かすため、住民と町が情報を共有し、"
        "話し合いを重ねることをいう。",
    ],
]


def main() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "定義一覧"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (14, 24, 30, 12, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.properties.created = book.properties.modified = FIXED
    raw = io.BytesIO()
    book.save(raw)
    TARGET.write_bytes(_fixed_times(raw.getvalue()))


def _fixed_times(data: bytes) -> bytes:
    """The same zip with one fixed time on every entry (openpyxl stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _fixed_core(content)
            info.date_time = FIXED.timetuple()[:6]
            dst.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fixed_core(content: bytes) -> bytes:
    import re

    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, content)


if __name__ == "__main__":
    main()

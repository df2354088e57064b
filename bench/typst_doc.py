"""Typst equivalents of a meeting's papers, for the comparison run.

For a meeting folder this writes one ``.typ`` file per document that
``handouts build`` produces (the agenda and each handout), with the same text,
on A4, set in the BIZ UD fonts shipped with the repository.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from content import REPO, fw, load_yaml

FONT_DIR = REPO / "generator" / "fonts"
WEEKDAYS = "月火水木金土日"

# Compiles the (input, output) pairs given on the command line in one process,
# the way a user would script Typst from Python.
COMPILE_SCRIPT = """\
import os, sys, typst
fonts = [sys.argv[1]]
args = sys.argv[2:]
for src, dst in zip(args[::2], args[1::2]):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    typst.compile(src, output=dst, font_paths=fonts, ignore_system_fonts=True)
"""


def wareki(date: dt.date) -> str:
    if date >= dt.date(2019, 5, 1):
        era, year = "令和", date.year - 2018
    elif date >= dt.date(1989, 1, 8):
        era, year = "平成", date.year - 1988
    else:
        era, year = "昭和", date.year - 1925
    y = "元" if year == 1 else str(year)
    return f"{era}{y}年{date.month}月{date.day}日（{WEEKDAYS[date.weekday()]}）"


def s(text) -> str:
    """A Typst string literal."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


PREAMBLE = """\
#set page(paper: "a4", margin: (x: 22mm, y: 20mm))
#set text(font: "BIZ UDMincho", size: 10.5pt, lang: "ja")
#set par(justify: true, leading: 0.8em)
#show heading: set text(font: "BIZ UDGothic", weight: "regular")
"""


def agenda_typ(committee: dict, meeting: dict) -> str:
    date = meeting["date"]
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    title = f"第{meeting['number']}回{committee['name']}"
    when = f"{wareki(date)}　{meeting['start']}～{meeting['end']}"
    lines = [PREAMBLE]
    lines.append(f'#align(center)[#text(size: 14pt, font: "BIZ UDGothic")[#{s(fw(title))}]]')
    lines.append('#align(center)[#text(size: 16pt, font: "BIZ UDGothic")[次　第]]')
    lines.append("#v(1em)")
    lines.append(f"#align(right)[#{s(fw('日時　' + when))} \\ #{s('場所　' + meeting['place'])}]")
    lines.append("#v(1em)")
    for i, item in enumerate(meeting["agenda"], 1):
        lines.append(f"#{s(fw(f'{i}　{item}'))}\n")
    lines.append("#v(2em)")
    lines.append('#text(font: "BIZ UDGothic")[配布資料]\n')
    number = 0
    for material in meeting["materials"]:
        if "note" in material:
            lines.append(f"#{s(material['note'])}\n")
        else:
            number += 1
            lines.append(f"#{s(fw(f'資料{number}　' + material['title']))}\n")
    lines.append(f"#align(right)[#{s(committee['secretariat'])}]")
    return "\n".join(lines) + "\n"


def handout_typ(handout: dict, number: int, listed_title: str) -> str:
    lines = [PREAMBLE]
    lines.append(f"#align(right)[#box(stroke: 0.5pt, inset: 4pt)[#{s(fw(f'資料{number}'))}]]")
    lines.append(f'#align(center)[#text(size: 14pt, font: "BIZ UDGothic")[#{s(listed_title)}]]')
    lines.append(f"#align(center)[#{s(handout['title'])}]")
    lines.append("#v(0.5em)")
    lines.append("#table(")
    lines.append("  columns: (32%, 14%, 54%),")
    lines.append("  inset: 5pt,")
    lines.append("  stroke: 0.5pt,")
    lines.append("  table.header([出典], [用語], [内容]),")
    for group in handout["groups"]:
        lines.append(f"  table.cell(colspan: 3, fill: luma(230))[#{s(group['heading'])}],")
        for entry in group["entries"]:
            source = f"#{s(entry['source'])}"
            if entry.get("detail"):
                source += f" \\ #text(size: 9pt)[#{s(entry['detail'])}]"
            lines.append(f"  [{source}], [#{s(entry.get('term', ''))}], [#{s(entry['text'])}],")
    lines.append(")")
    return "\n".join(lines) + "\n"


def write_meeting(meeting_dir: Path, out_dir: Path) -> list[Path]:
    """Write the .typ files for one meeting under ``out_dir`` and return them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    committee = load_yaml(meeting_dir.parent / "committee.yaml")
    meeting = load_yaml(meeting_dir / "meeting.yaml")
    docs = [("agenda", agenda_typ(committee, meeting))]
    number = 0
    for material in meeting["materials"]:
        if "note" in material:
            continue
        number += 1
        if material.get("handout"):
            handout = load_yaml(meeting_dir / material["handout"])
            stem = Path(material["handout"]).stem
            docs.append((f"{number:02d}-{stem}", handout_typ(handout, number, material["title"])))
    sources = []
    for stem, text in docs:
        src = out_dir / f"{stem}.typ"
        src.write_text(text, encoding="utf-8")
        sources.append(src)
    return sources


def compile_command(python: str, sources: list[Path], pdf_dir: Path) -> list[str]:
    """One process that compiles every source to ``pdf_dir/STEM.pdf``."""
    args = [python, "-c", COMPILE_SCRIPT, str(FONT_DIR)]
    for src in sources:
        args += [str(src), str(pdf_dir / f"{src.stem}.pdf")]
    return args

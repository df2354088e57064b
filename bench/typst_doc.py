"""Typst equivalents of a meeting's papers, for the comparison run.

For a meeting folder this writes one ``.typ`` file per document that
``handouts build`` produces (the agenda and each handout), with the same text,
on A4, set in the BIZ UD fonts shipped with the repository.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from content import REPO, fw, load_yaml

FONT_FILES = ("BIZUDMincho-Regular.ttf", "BIZUDGothic-Regular.ttf")


def find_font_dir() -> Path | None:
    """The repository folder that ships the BIZ UD TrueType fonts."""
    for font in sorted((REPO / "generator").rglob(FONT_FILES[0])):
        if all((font.parent / name).is_file() for name in FONT_FILES):
            return font.parent
    return None


FONT_DIR = find_font_dir()
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


# The handouts layout: A4, margins 30/25/25/25 mm, 12 pt BIZ UD Mincho, titles
# and terms in BIZ UD Gothic, page numbers "- N -" at the foot.
PREAMBLE = """\
#set page(paper: "a4", margin: (top: 30mm, bottom: 25mm, x: 25mm))
#set text(font: "BIZ UDMincho", size: 12pt, lang: "ja")
#set par(leading: 0.75em, spacing: 0.75em)
#let gothic(body) = text(font: "BIZ UDGothic", body)
"""
FOOTER = """\
#set page(footer: context align(center, text(size: 10.5pt)[\\- #counter(page).display() \\-]))
"""


def clock(hhmm: str) -> tuple[str, str]:
    """("午前", "10時") for "10:00"; noon counts as 午前１２時, as in the sample."""
    hour, minute = (int(x) for x in str(hhmm).split(":"))
    half = "午前" if hour < 12 or (hour == 12 and minute == 0) else "午後"
    text = f"{hour if hour <= 12 else hour - 12}時" + (f"{minute}分" if minute else "")
    return half, text


def hours(start: str, end: str) -> str:
    (h1, t1), (h2, t2) = clock(start), clock(end)
    return f"{h1}{t1}～{'' if h1 == h2 else h2}{t2}"


def agenda_typ(committee: dict, meeting: dict) -> str:
    date = meeting["date"]
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    title = f"第{meeting['number']}回{committee['name']}次第"
    when = wareki(date) + hours(meeting["start"], meeting["end"])
    out = [PREAMBLE]
    out.append(f"#align(center, text(size: 14pt, gothic[#{s(fw(title))}]))")
    out.append("#v(2em)")
    out.append("#let item(n, label, body) = grid(columns: (2em, 5em, 1fr), [#n], label, body)")
    out.append("#let sub(n, body) = pad(left: 1em, grid(columns: (3em, 1fr), [#n], body))")
    out.append(f"#item(1, [日　　時], [#{s(fw(when))}])")
    out.append("#v(1em)")
    out.append(f"#item(2, [場　　所], [#{s(meeting['place'])}])")
    out.append("#v(1em)")
    out.append("#item(3, [議　　題], [])")
    for i, item in enumerate(meeting["agenda"], 1):
        out.append(f"#sub({s(fw(f'（{i}）'))}, [#{s(item)}])")
    out.append("#v(1em)")
    out.append("#item(4, [提出資料], [])")
    number = 0
    for material in meeting["materials"]:
        if "note" in material:
            out.append("#v(0.5em)")
            out.append(f"#pad(left: 3em, [#{s(material['note'])}])")
        else:
            number += 1
            out.append(f"#sub({s(fw(f'（{number}）'))}, [#{s(material['title'])}])")
    return "\n".join(out) + "\n"


def handout_typ(handout: dict, number: int) -> str:
    out = [PREAMBLE, FOOTER]
    out.append(f"#align(right, box(stroke: 0.5pt, inset: 4pt, gothic[#{s(fw(f'資料{number}'))}]))")
    out.append(f"#align(center, text(size: 14pt, gothic[#{s(handout['title'])}]))")
    out.append("#v(1em)")
    for group in handout["groups"]:
        out.append(f"#v(0.5em)\n#gothic[#{s('【' + group['heading'] + '】')}]\n#v(0.5em)")
        for i, entry in enumerate(group["entries"], 1):
            source = entry["source"]
            if entry.get("detail"):
                source += f"（{entry['detail']}）"
            term = entry.get("term")
            out.append(f"#grid(columns: (1.5em, 1fr), [{i}], [#{s(source)}])")
            if term:
                out.append(
                    "#pad(left: 1.5em, grid(columns: (auto, 1fr), column-gutter: 1em,"
                    f" gothic[#{s(term)}], [#{s(entry['text'])}]))"
                )
            else:
                out.append(f"#pad(left: 1.5em)[#{s(entry['text'])}]")
            out.append("#v(0.6em)")
    return "\n".join(out) + "\n"


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
            docs.append((f"{number:02d}-{stem}", handout_typ(handout, number)))
    sources = []
    for stem, text in docs:
        src = out_dir / f"{stem}.typ"
        src.write_text(text, encoding="utf-8")
        sources.append(src)
    return sources


def compile_command(python: str, sources: list[Path], pdf_dir: Path) -> list[str]:
    """One process that compiles every source to ``pdf_dir/STEM.pdf``."""
    if FONT_DIR is None:
        raise FileNotFoundError(f"no {' and '.join(FONT_FILES)} under generator/")
    args = [python, "-c", COMPILE_SCRIPT, str(FONT_DIR)]
    for src in sources:
        args += [str(src), str(pdf_dir / f"{src.stem}.pdf")]
    return args

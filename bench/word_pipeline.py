"""The pipeline most secretariats would otherwise build: a Word template filled by docxtpl,
then converted to PDF by LibreOffice.

    python bench/word_pipeline.py TEMPLATES MEETING_DIR OUT_DIR SOFFICE PROFILE_URI

`write_templates` makes the two Word templates once, from the repository's reference .docx
(the same styles handouts uses), with docxtpl's Jinja tags in their paragraphs. Run as a
script, this file is what one timed run does: read the meeting's YAML, fill the 次第 and
each comparison handout, save the .docx files, and convert them with one `soffice` process.
The benchmark times the whole process tree.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

AGENDA = "agenda.docx"
COMPARISON = "comparison.docx"

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_WEEKDAYS = "月火水木金土日"


def write_templates(reference: Path, folder: Path) -> None:
    """The 次第 and comparison templates, styled by the reference .docx's named styles."""
    import docx

    paragraphs = {
        AGENDA: [
            ("表題", "第{{ number }}回{{ committee }}次第"),
            ("次第項目", "１　日　　時　{{ when }}"),
            ("次第項目", "２　場　　所　{{ place }}"),
            ("次第項目", "３　議　　題"),
            ("次第細目", "{%p for item in agenda %}"),
            ("次第細目", "{{ item }}"),
            ("次第細目", "{%p endfor %}"),
            ("次第項目", "４　提出資料"),
            ("次第細目", "{%p for line in materials %}"),
            ("次第細目", "{{ line }}"),
            ("次第細目", "{%p endfor %}"),
        ],
        COMPARISON: [
            ("資料番号", "資料{{ number }}"),
            ("表題", "{{ title }}"),
            ("見出し", "{%p for group in groups %}"),
            ("見出し", "【{{ group.heading }}】"),
            ("出典", "{%p for entry in group.entries %}"),
            ("出典", "{{ entry.source }}"),
            ("定義", "{{ entry.text }}"),
            ("出典", "{%p endfor %}"),
            ("見出し", "{%p endfor %}"),
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in paragraphs.items():
        document = docx.Document(str(reference))
        for style, text in lines:
            document.add_paragraph(text, style=style)
        document.save(str(folder / name))


def _digits(value: object) -> str:
    return str(value).translate(_FULLWIDTH)


def _wareki(day: datetime.date) -> str:
    era, start = ("令和", 2018) if day >= datetime.date(2019, 5, 1) else ("平成", 1988)
    return f"{era}{_digits(day.year - start)}年{_digits(day.month)}月{_digits(day.day)}日（{_WEEKDAYS[day.weekday()]}）"


def _clock(text: str) -> str:
    hour, minute = map(int, text.split(":"))
    half = "午前" if hour < 12 else "午後"
    return f"{half}{_digits(hour if hour <= 12 else hour - 12)}時" + (
        f"{_digits(minute)}分" if minute else ""
    )


def _contexts(meeting_dir: Path) -> tuple[dict, list[tuple[int, Path]]]:
    """The 次第's context and the (資料 number, file) of each handout."""
    import yaml

    committee = yaml.safe_load((meeting_dir.parent / "committee.yaml").read_text("utf-8"))
    meeting = yaml.safe_load((meeting_dir / "meeting.yaml").read_text("utf-8"))
    lines, handouts, number = [], [], 0
    for material in meeting.get("materials", []):
        if "note" in material:
            lines.append(material["note"])
            continue
        number += 1
        lines.append(f"（{_digits(number)}）{material['title']}")
        if "handout" in material:
            handouts.append((number, meeting_dir / material["handout"]))
    day = meeting["date"]
    when = f"{_wareki(day)}　{_clock(meeting['start'])}から" + (
        f"{_clock(meeting['end'])}まで" if meeting.get("end") else ""
    )
    agenda = [f"（{_digits(i)}）{item}" for i, item in enumerate(meeting["agenda"], 1)]
    context = {
        "number": _digits(meeting["number"]),
        "file_number": meeting["number"],
        "committee": committee["name"],
        "when": when,
        "place": meeting["place"],
        "agenda": agenda,
        "materials": lines,
    }
    return context, handouts


def _handout_context(number: int, path: Path) -> dict:
    import yaml

    data = yaml.safe_load(path.read_text("utf-8"))
    groups = [
        {
            "heading": group["heading"],
            "entries": [
                {
                    "source": f"{_digits(i)}　{entry['source']}"
                    + (f"（{entry['detail']}）" if entry.get("detail") else ""),
                    "text": (f"{entry['term']}　" if entry.get("term") else "") + entry["text"],
                }
                for i, entry in enumerate(group["entries"], 1)
            ],
        }
        for group in data["groups"]
    ]
    return {"number": _digits(number), "title": data["title"], "groups": groups}


def main(templates: Path, meeting_dir: Path, out: Path, soffice: str, profile: str) -> int:
    from docxtpl import DocxTemplate

    out.mkdir(parents=True, exist_ok=True)
    context, handouts = _contexts(meeting_dir)
    number = context["file_number"]
    papers = [(templates / AGENDA, context, out / f"第{number}回_次第.docx")]
    papers += [
        (templates / COMPARISON, _handout_context(n, p), out / f"第{number}回_資料{n}.docx")
        for n, p in handouts
    ]
    for template, values, target in papers:
        document = DocxTemplate(str(template))
        document.render(values)
        document.save(str(target))
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(out), *(str(p[2]) for p in papers)]
    return subprocess.run(command, stdout=subprocess.DEVNULL, check=False).returncode


if __name__ == "__main__":
    templates_dir, meeting_path, out_dir, soffice_path, profile_uri = sys.argv[1:6]
    sys.exit(
        main(Path(templates_dir), Path(meeting_path), Path(out_dir), soffice_path, profile_uri)
    )

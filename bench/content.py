"""Deterministic benchmark content, built from the sample committee's own text.

The generated meetings copy the shape of ``content/koganei-kyodo`` exactly: a
committee folder with ``committee.yaml`` and one folder per meeting holding
``meeting.yaml`` and ``comparison`` handouts. Entry texts are made by re-using
and re-splicing the sentences of the sample's ``definitions.yaml`` with a fixed
seed, so every run of the benchmark builds byte-identical input.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
SAMPLE_COMMITTEE = REPO / "content" / "koganei-kyodo"
SAMPLE_MEETING = SAMPLE_COMMITTEE / "04"

SEED = 20110302

# Tuned so that a generated handout fills about one A4 page per this many
# entries with the current layout; the benchmark reports the real page counts,
# this only sizes the input.
ENTRIES_PER_PAGE = 6.1

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

CITIES = [
    "三鷹市",
    "府中市",
    "国分寺市",
    "小平市",
    "国立市",
    "立川市",
    "日野市",
    "東村山市",
    "狛江市",
    "多摩市",
    "町田市",
    "八王子市",
    "昭島市",
    "清瀬市",
    "東久留米市",
    "稲城市",
    "羽村市",
    "あきる野市",
    "青梅市",
    "福生市",
    "武蔵村山市",
    "東大和市",
    "西東京市",
    "調布市",
    "武蔵野市",
]
DOCUMENTS = [
    "{city}市民参加条例",
    "{city}自治基本条例",
    "{city}協働推進基本方針",
    "{city}市民活動促進基本計画",
    "{city}長期総合計画",
    "{city}行財政改革大綱",
    "{city}市民協働推進指針",
]
DETAILS = [
    "第{n}条（定義）第{m}号",
    "第{n}条（基本理念）",
    "「{city}における市民活動団体との協働の手引き」・平成{y}年{mo}月",
    "「協働のあり方に関する検討委員会報告」・{year}年{mo}月",
    "{city}協働推進会議答申",
]
TERMS = ["協働", "市民協働", "協働事業", "パートナーシップ", "新しい公共", None]
THEMES = ["協働の定義", "協働の意義", "協働の原則", "協働の担い手", "協働の領域", "協働の手法"]


def fw(text: str) -> str:
    """Full-width digits, as the sample committee writes them."""
    return text.translate(FULLWIDTH)


def load_yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


# --- YAML writing ----------------------------------------------------------
# A tiny emitter instead of a dumper: it keeps the sample's layout (block
# style, quoted "HH:MM", bare dates) and never depends on dumper settings.


def _scalar(value) -> str:
    if isinstance(value, dt.date | int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _emit(value, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                out.append(f"{pad}{key}:")
                _emit(item, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                lines: list[str] = []
                _emit(item, indent + 2, lines)
                lines[0] = f"{pad}- " + lines[0][indent + 2 :]
                out.extend(lines)
            else:
                out.append(f"{pad}- {_scalar(item)}")
    else:
        raise TypeError(value)


def dump_yaml(data: dict, path: Path) -> None:
    out: list[str] = []
    _emit(data, 0, out)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --- text generator --------------------------------------------------------


class TextGenerator:
    """Shuffles and re-splices the sample's sentences into new entries."""

    def __init__(self, sample_handout: dict, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.sentences: list[str] = []
        self.clauses: list[str] = []
        self.sample_entries: list[dict] = []
        for group in sample_handout["groups"]:
            for entry in group["entries"]:
                self.sample_entries.append(entry)
                for sentence in entry["text"].split("。"):
                    sentence = sentence.strip()
                    if sentence:
                        self.sentences.append(sentence + "。")
                        self.clauses.extend(c for c in sentence.split("、") if c)

    def text(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return rng.choice(self.sentences)
        if roll < 0.6:
            return "".join(rng.sample(self.sentences, rng.randint(2, 3)))
        # A new sentence spliced from clauses of several sample sentences.
        parts = rng.sample(self.clauses, rng.randint(2, 5))
        return "、".join(parts).rstrip("。") + "。"

    def entry(self) -> dict:
        rng = self.rng
        if rng.random() < 0.15:
            # Keep some of the sample's own sources verbatim.
            base = rng.choice(self.sample_entries)
            entry = {"source": base["source"]}
            if "detail" in base:
                entry["detail"] = base["detail"]
        else:
            city = rng.choice(CITIES)
            entry = {"source": rng.choice(DOCUMENTS).format(city=city)}
            if rng.random() < 0.7:
                year = rng.randint(1997, 2010)
                entry["detail"] = fw(
                    rng.choice(DETAILS).format(
                        city=city,
                        n=rng.randint(2, 12),
                        m=rng.randint(1, 6),
                        y=year - 1988,
                        year=year,
                        mo=rng.randint(1, 12),
                    )
                )
        term = rng.choice(TERMS)
        if term:
            entry["term"] = term
        entry["text"] = self.text()
        return entry

    def handout(self, theme: str, n_entries: int) -> dict:
        groups = []
        remaining = n_entries
        index = 0
        while remaining > 0:
            size = min(remaining, self.rng.randint(6, 14))
            if index == 0:
                heading = "小金井市の例"
            elif index == 1:
                heading = "他市等の例"
            else:
                heading = fw(f"他市等の例（その{index}）")
            groups.append({"heading": heading, "entries": [self.entry() for _ in range(size)]})
            remaining -= size
            index += 1
        return {"kind": "comparison", "title": f"「{theme}」について", "groups": groups}


# --- cases -----------------------------------------------------------------


@dataclass
class Case:
    key: str
    label: str
    path: Path
    target_pages: int | None  # None: the sample as it is


def _meeting(sample_meeting: dict, number: int, handouts: list[tuple[str, str]]) -> dict:
    """A meeting.yaml like the sample's, listing the given (title, file) handouts."""
    materials: list[dict] = [{"title": sample_meeting["materials"][0]["title"]}]
    materials += [{"title": title, "handout": file} for title, file in handouts]
    # The sample's note and the first few information-only titles after it.
    sample = sample_meeting["materials"]
    note = next(i for i, m in enumerate(sample) if "note" in m)
    materials += [dict(m) for m in sample[note : note + 4]]
    return {
        "number": number,
        "date": sample_meeting["date"],
        "start": sample_meeting["start"],
        "end": sample_meeting["end"],
        "place": sample_meeting["place"],
        "agenda": list(sample_meeting["agenda"]),
        "materials": materials,
    }


def _write_generated(
    dest: Path, sample_handout: dict, sample_meeting: dict, number: int, sizes: list[int]
) -> None:
    dest.mkdir(parents=True)
    gen = TextGenerator(sample_handout, seed=SEED + number)  # each case on its own
    handouts = []
    for i, n_entries in enumerate(sizes):
        theme = THEMES[i % len(THEMES)]
        file = f"handout{i + 1}.yaml"
        dump_yaml(gen.handout(theme, n_entries), dest / file)
        handouts.append((f"「{theme}」についての小金井市及び他市等の例", file))
    dump_yaml(_meeting(sample_meeting, number, handouts), dest / "meeting.yaml")


def build_cases(root: Path, entries_per_page: float = ENTRIES_PER_PAGE) -> list[Case]:
    """Write the committee and every case's meeting folder under ``root``."""
    committee = root / SAMPLE_COMMITTEE.name
    committee.mkdir(parents=True)
    shutil.copy2(SAMPLE_COMMITTEE / "committee.yaml", committee / "committee.yaml")
    shutil.copytree(SAMPLE_MEETING, committee / SAMPLE_MEETING.name)

    sample_meeting = load_yaml(SAMPLE_MEETING / "meeting.yaml")
    sample_handout = load_yaml(SAMPLE_MEETING / "definitions.yaml")

    def entries(pages: float) -> int:
        return max(1, round(pages * entries_per_page))

    cases = [Case("sample", "sample meeting 04 (as is)", committee / SAMPLE_MEETING.name, None)]
    # 7 pages: the agenda plus three two-page comparison handouts (10 entries
    # each: entries run long, so a page's worth would spill onto a third page).
    _write_generated(committee / "90", sample_handout, sample_meeting, 90, [entries(1.7)] * 3)
    cases.append(Case("p7", "agenda + 3 comparison handouts", committee / "90", 7))
    # 70 and 700 pages: the agenda plus one long comparison handout.
    for number, pages in ((91, 70), (92, 700)):
        _write_generated(
            committee / str(number), sample_handout, sample_meeting, number, [entries(pages - 1)]
        )
        cases.append(
            Case(f"p{pages}", "agenda + 1 comparison handout", committee / str(number), pages)
        )
    return cases

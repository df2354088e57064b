"""Preflight: every character a paper prints has a glyph in the fonts in effect — never a box.

Members read the papers on paper: a box (豆腐) where a name's kanji should be is the first
thing they notice, and neither writer can tell afterwards. So before any writer runs:

- each printed string of the content is checked against every font in effect (the fonts the
  reference .docx styles name, then `fallback_fonts:`); a character none has is an error at
  the YAML file and line that holds it;
- each run of the rendered papers is checked against its own font and the fallbacks (a
  character the 明朝 has but the ゴシック of a heading lacks), including the templates' own
  text, which is located in the template file;
- a variation selector (異体字セレクタ) whose sequence the drawing font lacks is taken out of
  the papers, with a warning: the base character prints in its usual form.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import HandoutsError, Problem
from .fonts import FontFace, FontRegistry, is_variation_selector
from .metrics import Measure
from .model import MeetingContent
from .model.source import Source, display_path
from .normalize import Loc, printed_strings
from .styles import ParagraphStyle
from .templating import Templates
from .tree import Document, Fit, Paragraph, Text

__all__ = ["Checked", "preflight"]

# A newline is a line break and a tab is drawn as a full-width space: neither needs a glyph.
_NO_GLYPH_NEEDED = frozenset("\n\t")
_FALLBACK_HINT = (
    "committee.yaml の fallback_fonts: にこの字を含むフォントを書き足すか"
    "（例: fallback_fonts: [{file: fonts/ipamjm.ttf}]）、別の字や表記で書いてください"
)
_INVISIBLE_HINT = (
    "ほかの文書から貼り付けたときに紛れ込む見えない文字です。この値を打ち直してください"
)


@dataclass(frozen=True)
class Checked:
    """The papers as the writers should draw them, and what the build should tell the user."""

    documents: list[Document]
    warnings: list[Problem]


@dataclass(frozen=True)
class _Place:
    """One printed value of the content and where it is written."""

    source: Source
    loc: Loc
    text: str

    def at(self) -> Problem:
        return self.source.problem(self.loc, "")


def preflight(
    content: MeetingContent,
    rendered: list[tuple[Document, str]],
    measure: Measure,
    templates: Templates,
) -> Checked:
    """Check every printed character; raise HandoutsError listing each one no font can draw.

    `rendered` pairs each paper with the name of the template that made it.
    """
    places = _places(content)
    fonts = measure.fonts
    in_effect = [fonts.face(f) for f in sorted(measure.sheet.fonts)] + fonts.fallbacks
    missing = _Missing()
    reported = _check_content(places, in_effect, missing)
    check = _TreeCheck(measure, places, templates, reported, missing)
    documents = [check.document(doc, template) for doc, template in rendered]
    if missing.groups:
        raise HandoutsError(missing.problems())
    return Checked(documents, check.warnings)


def _places(content: MeetingContent) -> list[_Place]:
    models = [
        (content.committee_source, content.committee),
        (content.meeting_source, content.meeting),
        *((h.source, h.content) for h in content.handouts),
        *([(content.minutes_source, content.minutes)] if content.minutes is not None else []),
    ]
    return [
        _Place(source, loc, text)
        for source, model in models
        for loc, text in printed_strings(model)
        if _written(source.data, loc)
    ]


def _written(data: object, loc: Loc) -> bool:
    """Whether the value at `loc` is written in the file, not a default the schema supplies
    (a committee's 資料{n} is the template's text as far as the secretariat can tell). A value
    a check made from another form (an item written as text) counts as written."""
    for key in loc:
        inside_dict = isinstance(data, dict) and key in data
        inside_list = isinstance(data, list) and isinstance(key, int) and key < len(data)
        if not (inside_dict or inside_list):
            return not isinstance(data, dict | list) or key == "text"
        data = data[key]  # type: ignore[index]
    return True


class _Missing:
    """Characters that cannot be drawn, one problem per place and reason, in order found."""

    def __init__(self) -> None:
        self.groups: dict[tuple[Problem, str], list[str]] = {}

    def add(self, where: Problem, why: str, ch: str) -> None:
        kind = "invisible" if _invisible(ch) else why
        chars = self.groups.setdefault((where, kind), [])
        if ch not in chars:
            chars.append(ch)

    def problems(self) -> list[Problem]:
        out = []
        for (where, kind), chars in self.groups.items():
            if kind == "invisible":
                named = "、".join(
                    f"{_code(c)}、{unicodedata.name(c, '名前のない文字')}" for c in chars
                )
                message, hint = f"見えない文字（{named}）が入っています", _INVISIBLE_HINT
            else:
                shown = "、".join(f"「{c}」（{_code(c)}）" for c in chars)
                message, hint = f"{shown}は{kind}", _FALLBACK_HINT
            out.append(dataclasses.replace(where, message=message, hint=hint))
        return out


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _check_content(places: list[_Place], faces: list[FontFace], missing: _Missing) -> set[str]:
    """Note the content's characters no font in effect has; return them."""
    known = frozenset().union(*(f.charset for f in faces)) | _NO_GLYPH_NEEDED
    names = "、".join(dict.fromkeys(f.family for f in faces))
    why = f"どのフォント（{names}）にもない文字のため印刷できません"
    reported: set[str] = set()
    for place in places:
        if known.issuperset(place.text):
            continue
        for ch in place.text:
            if ch not in known and not is_variation_selector(ch):
                reported.add(ch)
                missing.add(place.at(), why, ch)
    return reported


class _TreeCheck:
    """Walk the rendered papers run by run, with the font each run is drawn in."""

    def __init__(
        self,
        measure: Measure,
        places: list[_Place],
        templates: Templates,
        reported: set[str],
        missing: _Missing,
    ) -> None:
        self.measure = measure
        self.fonts: FontRegistry = measure.fonts
        self.places = places
        self.templates = templates
        self.reported = reported
        self.missing = missing
        self.warnings: list[Problem] = []
        self._warned: set[str] = set()
        self._template = ""

    def document(self, doc: Document, template: str) -> Document:
        self._template = template
        return _map_paragraphs(doc, self.paragraph)

    def paragraph(self, p: Paragraph) -> Paragraph:
        style = self.measure.sheet.paragraph(p.style)
        label = p.label
        if label is not None:
            inlines = tuple(self.inline(style, i) for i in label.inlines)
            if any(a is not b for a, b in zip(inlines, label.inlines, strict=True)):
                label = dataclasses.replace(label, inlines=inlines)
        inlines = tuple(self.inline(style, i) for i in p.inlines)
        if label is p.label and all(a is b for a, b in zip(inlines, p.inlines, strict=True)):
            return p
        return dataclasses.replace(p, label=label, inlines=inlines)

    def inline(self, style: ParagraphStyle, item: Any) -> Any:
        if not isinstance(item, Text | Fit):
            return item
        family, _ = self.measure.font_of(style, item.style if isinstance(item, Text) else None)
        face = self.fonts.face(family)
        if face.charset.issuperset(item.text):
            return item
        kept = "".join(
            self._piece(piece, drawn, face, style.name, item.text)
            for piece, drawn in self.fonts.pieces(face, item.text)
        )
        return item if kept == item.text else dataclasses.replace(item, text=kept)

    def _piece(self, piece: str, drawn: FontFace, face: FontFace, style: str, run: str) -> str:
        """The piece without the selectors its face has no variant for; missing glyphs noted."""
        out = []
        for i, ch in enumerate(piece):
            base = piece[i - 1] if i > 0 else ""
            nxt = piece[i + 1] if i + 1 < len(piece) else ""
            if is_variation_selector(ch):
                if base and not is_variation_selector(base) and drawn.has_sequence(base, ch):
                    out.append(ch)
                else:
                    self._dropped(base, ch, drawn, run)
                continue
            drawable = (
                ch in drawn.charset
                or ch in _NO_GLYPH_NEEDED
                or (nxt and is_variation_selector(nxt) and drawn.has_sequence(ch, nxt))
            )
            if not drawable and ch not in self.reported:
                why = (
                    f"段落スタイル「{style}」のフォント「{face.family}」にも"
                    "補助フォント（fallback_fonts）にもない文字のため印刷できません"
                )
                for where in self._locate(ch, run, style):
                    self.missing.add(where, why, ch)
            out.append(ch)
        return "".join(out)

    def _dropped(self, base: str, selector: str, drawn: FontFace, run: str) -> None:
        sequence = base + selector
        if sequence in self._warned:
            return
        self._warned.add(sequence)
        if base and not is_variation_selector(base):
            message = (
                f"「{base}」の異体字セレクタ（{_code(selector)}）の字形がフォント"
                f"「{drawn.family}」にないため、セレクタを外して通常の字形で印刷します"
            )
            hint = "その字形が必要なら、それを含むフォントを committee.yaml の fallback_fonts: に書いてください"
        else:
            message = f"字の後ろにない異体字セレクタ（{_code(selector)}）を外しました"
            hint = "この値を打ち直してください"
        for where in self._locate(sequence, run, ""):
            self.warnings.append(dataclasses.replace(where, message=message, hint=hint))

    def _locate(self, text: str, run: str, style: str) -> list[Problem]:
        """Where text comes from: the content values printed in this run that hold it, else
        any value that holds it, else the template's line (message still to be filled in)."""
        holding = [p for p in self.places if text in p.text]
        in_run = [p for p in holding if p.text in run]
        # A value that is part of a longer one in the same run (委員 in 委員名簿) is not it.
        in_run = [
            p for p in in_run if not any(p.text != q.text and p.text in q.text for q in in_run)
        ]
        if in_run or holding:
            return [p.at() for p in in_run or holding]
        path = self.templates.path_of(self._template)
        if path is None:
            return [Problem("")]
        return [Problem("", file=display_path(path), line=_line_of(path, text, style))]


def _line_of(path: Path, text: str, style: str) -> int | None:
    """The template line that writes text: in a paragraph of the style if one does."""
    lines = [
        (number, line)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text in line and not line.lstrip().startswith("{#")
    ]
    styled = [number for number, line in lines if f'"{style}"' in line]
    return (styled or [number for number, _ in lines] or [None])[0]


def _map_paragraphs(node: Any, fn: Callable[[Paragraph], Paragraph]) -> Any:
    """node with fn applied to each paragraph it holds, at any depth (tables, cells …).

    Containers are rebuilt only when something inside them changed.
    """
    if isinstance(node, Paragraph):
        return fn(node)
    if isinstance(node, list | tuple):
        items = [_map_paragraphs(item, fn) for item in node]
        if all(a is b for a, b in zip(items, node, strict=True)):
            return node
        return type(node)(items)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            new = _map_paragraphs(value, fn)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node

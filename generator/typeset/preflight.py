"""Preflight: every character a paper prints has a glyph in the fonts in effect — never a box.

Members read the papers on paper: a box (豆腐) where a name's kanji should be is the first
thing they notice, and neither writer can tell afterwards. So before any writer runs:

- each printed string of the content is checked against every font in effect (the fonts the
  reference .docx styles name, then `fallback_fonts:`); a character none has is an error at
  the YAML file and line that holds it;
- each run of the rendered papers is checked against its own font and the fallbacks (a
  character the 明朝 has but the ゴシック of a heading lacks): a character of a content value
  is reported where the run says that value was written, the templates' own text in the
  template file;
- a variation selector (異体字セレクタ) whose sequence the drawing font lacks is taken out of
  the papers, with a warning: the base character prints in its usual form.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import HandoutsError, Problem
from ..model import MeetingContent
from ..model.printed import Loc, Located, printed_strings
from ..model.source import Source, display_path
from ..render.tree import Document, Fit, Paragraph, Sourced, Text, map_paragraphs
from .fonts import FontFace, FontRegistry, is_variation_selector
from .styles import ParagraphStyle
from .typography import Typography

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
        if isinstance(self.text, Located):  # a spreadsheet's cell knows its own place
            return self.text.origin.problem("")
        return self.source.problem(self.loc, "")


def preflight(
    content: MeetingContent, documents: list[Document], typography: Typography
) -> Checked:
    """Check every printed character; raise HandoutsError listing each one no font can draw."""
    places = _places(content)
    missing = _Missing()
    reported = _check_content(places, typography.faces_in_effect(), missing)
    check = _TreeCheck(typography, reported, missing)
    checked = [check.document(doc) for doc in documents]
    if missing.groups:
        raise HandoutsError(missing.problems())
    return Checked(checked, check.warnings)


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

    def __init__(self, typography: Typography, reported: set[str], missing: _Missing) -> None:
        self.typography = typography
        self.fonts: FontRegistry = typography.fonts
        self.reported = reported
        self.missing = missing
        self.warnings: list[Problem] = []
        self._warned: set[str] = set()
        self._template: Path | None = None

    def document(self, doc: Document) -> Document:
        self._template = doc.template
        return map_paragraphs(doc, self.paragraph)

    def paragraph(self, p: Paragraph) -> Paragraph:
        style = self.typography.sheet.paragraph(p.style)
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
        family, _ = self.typography.font_of(style, item.style if isinstance(item, Text) else None)
        face = self.fonts.face(family)
        if face.charset.issuperset(item.text):
            return item
        run = _Run(item, style.name)
        kept: list[int] = []  # indices of the run's characters that stay
        at = 0
        for piece, drawn in self.fonts.pieces(face, item.text):
            kept += [at + i for i in self._piece(piece, drawn, face, run, at)]
            at += len(piece)
        if len(kept) == len(item.text):
            return item
        text = "".join(item.text[i] for i in kept)
        if isinstance(item, Fit):
            return dataclasses.replace(item, text=text)
        return dataclasses.replace(item, text=text, sources=_kept_sources(item.sources, kept))

    def _piece(
        self, piece: str, drawn: FontFace, face: FontFace, run: _Run, offset: int
    ) -> list[int]:
        """Indices into the piece of the characters kept: not the selectors its face has no
        variant for. Missing glyphs are noted."""
        kept = []
        for i, ch in enumerate(piece):
            base = piece[i - 1] if i > 0 else ""
            nxt = piece[i + 1] if i + 1 < len(piece) else ""
            if is_variation_selector(ch):
                if base and not is_variation_selector(base) and drawn.has_sequence(base, ch):
                    kept.append(i)
                else:
                    self._dropped(base, ch, drawn, run, offset + i)
                continue
            drawable = (
                ch in drawn.charset
                or ch in _NO_GLYPH_NEEDED
                or (nxt and is_variation_selector(nxt) and drawn.has_sequence(ch, nxt))
            )
            if not drawable and ch not in self.reported:
                why = (
                    f"段落スタイル「{run.style}」のフォント「{face.family}」にも"
                    "補助フォント（fallback_fonts）にもない文字のため印刷できません"
                )
                self.missing.add(self._where(run, offset + i, ch), why, ch)
            kept.append(i)
        return kept

    def _dropped(self, base: str, selector: str, drawn: FontFace, run: _Run, at: int) -> None:
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
        where = self._where(run, at, sequence)
        self.warnings.append(dataclasses.replace(where, message=message, hint=hint))

    def _where(self, run: _Run, index: int, text: str) -> Problem:
        """Where character `index` of the run was written: the content value it came from,
        else the template line that writes it (message still to be filled in)."""
        origin = run.item.origin_at(index) if isinstance(run.item, Text) else None
        if origin is not None:
            return origin.problem("")
        if self._template is None:
            return Problem("")
        path = self._template
        return Problem("", file=display_path(path), line=_line_of(path, text, run.style))


@dataclass(frozen=True)
class _Run:
    item: Text | Fit
    style: str


def _kept_sources(sources: tuple[Sourced, ...], kept: list[int]) -> tuple[Sourced, ...]:
    """The sources of a run after some characters were taken out; `kept` (sorted) stay."""
    return tuple(
        dataclasses.replace(s, start=bisect_left(kept, s.start), end=bisect_left(kept, s.end))
        for s in sources
    )


def _line_of(path: Path, text: str, style: str) -> int | None:
    """The template line that writes text: in a paragraph of the style if one does."""
    lines = [
        (number, line)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text in line and not line.lstrip().startswith("{#")
    ]
    styled = [number for number, line in lines if f'"{style}"' in line]
    return (styled or [number for number, _ in lines] or [None])[0]

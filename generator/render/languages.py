"""Which parts of a Japanese paper's text are in another language (WCAG 3.1.2, JIS X 8341-3).

A paper is Japanese (its PDF's /Lang, the page's lang, the DOCX's ja-JP). A screen reader
reads a passage in another language with that language's voice only if the passage is marked,
and a Japanese voice reading Korean says nothing useful. But a single foreign word, an
abbreviation, a name or a technical term (NPO, ISO9001, a URL, an e-mail address) is read by
the Japanese voice as Japanese readers expect, so WCAG does not mark it. Hence the rule:

- Hangul (U+1100–11FF, U+3130–318F, U+A960–A97F, U+AC00–D7AF, U+D7B0–D7FF) is ko: a run of
  it, with spaces, punctuation and digits between its words, is one passage (한국어 안내);
- a run of Latin-script text is en when it holds at least two words: whitespace-separated
  pieces with a lowercase letter that are not URLs or e-mail addresses. Letters in capitals only
  (NPO, ISO9001) and addresses are what a Japanese voice reads, so 「NPO, ISO9001」 stays ja,
  while an English sentence around them is en as a whole;
- everything else is the document's ja, full-width letters (ＮＰＯ) included: they are
  Japanese typesetting.

Spaces and punctuation at a passage's edges stay outside it (brackets around a quotation are
the Japanese sentence's). The rule is by script, not by
font: a Hangul character drawn by a committee's fallback font (fallback_fonts:) is ko, a rare
kanji drawn by one is still ja. Writers apply it to runs of text; a spread label (Fit, 日　時)
is the template's Japanese.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_DIGITS = "0123456789０１２３４５６７８９"  # a committee's digit style prints either
_DIGIT_SET = frozenset(_DIGITS)

# A letter of either script: text without one, as most of a Japanese paper is, needs no more
# work (a single class is searched fast; the runs' alternation below takes five times as long).
_FOREIGN = re.compile(f"[{_HANGUL}{_LATIN}]")
# Runs of letters of either script (group 1: Hangul).
_LETTERS = re.compile(f"([{_HANGUL}]+)|[{_LATIN}]+")
# What may stand between two words of one passage: spaces (a tab too), ASCII and typographic
# punctuation, digits.
_GAP = re.compile(f"[ \t\u3000!-/:-@\\[-`{{-~\u2013\u2018\u2019\u201c\u201d{_DIGITS}]*")
_ADDRESS = re.compile(r"@|://|^www\.", re.IGNORECASE)


class Passage(NamedTuple):
    """Characters start … end - 1 of a text are in `lang` (a BCP 47 code), not the document's."""

    start: int
    end: int
    lang: str


def passages(text: str) -> list[Passage]:
    """The passages of `text` in another language than the document's, in order."""
    found: list[Passage] = []
    first = _FOREIGN.search(text)
    if first is None:
        return found
    lang, start, end = "", 0, 0  # the passage being read: "" none yet
    for letters in _LETTERS.finditer(text, first.start()):
        script = "ko" if letters.group(1) else "en"
        if script == lang and _GAP.fullmatch(text, end, letters.start()):
            end = letters.end()
            continue
        if lang:
            _close(text, lang, start, end, found)
        lang, start, end = script, letters.start(), letters.end()
    if lang:
        _close(text, lang, start, end, found)
    return found


def _close(text: str, lang: str, start: int, end: int, found: list[Passage]) -> None:
    """Add the passage from start to end, with the digits next to it (2024년, ISO9001), unless it
    is Latin-script text that is not English."""
    floor = found[-1].end if found else 0
    while start > floor and text[start - 1] in _DIGIT_SET:
        start -= 1
    while end < len(text) and text[end] in _DIGIT_SET:
        end += 1
    if lang == "ko" or _is_english(text[start:end]):
        found.append(Passage(start, end, lang))


def _is_english(run: str) -> bool:
    """Whether a run of Latin-script text holds two words a Japanese voice would not read."""
    words = [w for w in run.split() if not _ADDRESS.search(w) and any(map(str.islower, w))]
    return len(words) >= 2


def pieces(text: str, found: Sequence[Passage], start: int = 0) -> list[tuple[str, str | None]]:
    """`text` cut at the passages' edges, each piece with its language (None: the document's).

    `text` may be part of the text the passages were found in: the part from index `start`
    (a line's share of a run of text).
    """
    if not found:
        return [(text, None)]
    out: list[tuple[str, str | None]] = []
    at, end = start, start + len(text)
    for passage in found:
        lo, hi = max(passage.start, at), min(passage.end, end)
        if lo >= hi:
            continue
        if lo > at:
            out.append((text[at - start : lo - start], None))
        out.append((text[lo - start : hi - start], passage.lang))
        at = hi
    if at < end:
        out.append((text[at - start :], None))
    return out

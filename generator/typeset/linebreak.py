"""Japanese line breaking (JIS X 4051 kinsoku) for the PDF writer.

The writer measures every character and asks where each line ends; justification stays
with the writer. Breaking is greedy (each line as full as possible). It runs once per
paragraph of 700-page documents, so the per-character work is done in C (prefix sums
and bisection) and the Python-level rules run only at the few candidate break points
near each line end.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from . import kinsoku

__all__ = ["Line", "break_lines"]

# Widths are compared with this slack so that a line which sums exactly to the width
# still fits despite floating-point rounding.
_EPS = 1e-9

# Bit flags per character: one dict lookup answers every rule at a break point.
_NO_START = 1
_NO_END = 2
_HANG = 4
_INSEPARABLE = 8
_ALNUM = 16
_DIGIT = 32
_DIGIT_SEP = 64
_JOINER = 128
_PREFIX = 256
_POSTFIX = 512
_SPACE = 1024


def _build_flags() -> dict[str, int]:
    """Map each character with a line-breaking rule to its flags; others map to 0."""
    groups = (
        (kinsoku.NOT_AT_LINE_START, _NO_START),
        (kinsoku.NOT_AT_LINE_END, _NO_END),
        (kinsoku.HANGING_PUNCTUATION, _HANG),
        (kinsoku.CL08_INSEPARABLE, _INSEPARABLE),
        (kinsoku.LATIN_LETTERS, _ALNUM),
        (kinsoku.DIGITS, _ALNUM | _DIGIT),
        (kinsoku.DIGIT_SEPARATORS, _DIGIT_SEP),
        (kinsoku.WORD_JOINERS, _JOINER),
        (kinsoku.CL12_PREFIXED_ABBREVIATIONS, _PREFIX),
        (kinsoku.CL13_POSTFIXED_ABBREVIATIONS, _POSTFIX),
        (kinsoku.COMBINING_MARKS, _NO_START),
        (kinsoku.NO_BREAK_GLUE, _NO_START | _NO_END),
        # An ASCII space never starts a line: spaces at a break end the previous line.
        (" ", _SPACE | _NO_START),
    )
    flags: dict[str, int] = {}
    for chars, bits in groups:
        for ch in chars:
            flags[ch] = flags.get(ch, 0) | bits
    return flags


_FLAGS = _build_flags()


@dataclass(frozen=True, slots=True)
class Line:
    """One output line: text[start:end], drawn left to right."""

    start: int  # index into text of the first character on the line
    end: int  # index one past the last character drawn on this line
    hang: bool  # True when the last character (、。，．､｡ only, or ASCII , .) hangs past the width


def _can_break(p: str, i: int, units: bool) -> bool:
    """Whether a line may end between p[i - 1] and p[i] (0 < i < len(p)).

    With units False only the line-start and line-end prohibitions apply: that is the
    fallback for a word or number too long for a whole line.
    """
    get = _FLAGS.get
    after = get(p[i], 0)
    if after & _NO_START:
        return False
    j = i - 1
    before = get(p[j], 0)
    if before & _SPACE:
        # Spaces stay at the end of the line, so the rule applies to what precedes them.
        while j > 0 and p[j - 1] == " ":
            j -= 1
        return j == 0 or not get(p[j - 1], 0) & _NO_END
    if before & _NO_END:
        return False
    if not units:
        return True
    if before & after & (_ALNUM | _INSEPARABLE):
        return False  # inside a word or number, or inside ―― / ……
    if (before & _PREFIX and after & _DIGIT) or (before & _DIGIT and after & _POSTFIX):
        return False  # ￥５００, ５０％
    if after & _ALNUM and before & (_JOINER | _DIGIT_SEP) and i >= 2:
        # p[j] joins p[j - 1] to p[i]: COVID-|19, ５,|０００
        prev = get(p[j - 1], 0)
        if (before & _JOINER and prev & _ALNUM) or (before & _DIGIT_SEP and after & prev & _DIGIT):
            return False
    if before & _ALNUM and after & (_JOINER | _DIGIT_SEP) and i + 1 < len(p):
        # p[i] joins p[j] to p[i + 1]: 2024|/4/1
        nxt = get(p[i + 1], 0)
        if (after & _JOINER and nxt & _ALNUM) or (after & _DIGIT_SEP and before & nxt & _DIGIT):
            return False
    return True


def _last_break(p: str, s: int, e: int, units: bool) -> int:
    """The largest i in (s, e] where a line may end, or 0 when there is none."""
    for i in range(e, s, -1):
        if _can_break(p, i, units):
            return i
    return 0


def _break_paragraph(
    p: str,
    w: Sequence[float],
    first: float,
    rest: float,
    base: int,
    out: list[Line],
    hanging: bool = True,
) -> None:
    """Append the lines of p (no newline in it) to out, offset by base."""
    n = len(p)
    # Prefix sums per paragraph, not per text, keep rounding error relative to the
    # paragraph, far below _EPS.
    cum = list(accumulate(w, initial=0.0))
    get = _FLAGS.get
    s = 0
    avail = first
    while True:
        # e: first character that does not fit; p[s:e] fits.
        e = max(bisect_right(cum, cum[s] + avail + _EPS, s) - 1, s)
        if e >= n:
            out.append(Line(base + s, base + n, False))
            return
        # Trailing spaces take no width: a break after them fits.
        stop = e
        while stop < n and p[stop] == " ":
            stop += 1
        hang = False
        if stop == n:
            b = n
        elif hanging and get(p[e], 0) & _HANG and (e + 1 == n or _can_break(p, e + 1, True)):
            b = e + 1
            hang = True
        else:
            # Push out (追い出し): the last allowed break before the overflow. If there is
            # none, p[s:stop] is part of one unit too wide for any line: break it where
            # line-start and line-end rules allow, else after the last character that fits.
            b = _last_break(p, s, stop, True) or _last_break(p, s, stop, False)
            if not b:
                b = max(stop, s + 1)
                while b < n and p[b] == " ":
                    b += 1
        out.append(Line(base + s, base + b, hang))
        if b == n:
            return
        s = b
        avail = rest


def break_lines(
    text: str, widths: Sequence[float], first_width: float, width: float, hanging: bool = True
) -> list[Line]:
    """Break text into lines no wider than the available width, with kinsoku.

    widths[i] is the advance of text[i] (any unit, same as first_width/width; never
    negative). first_width: available width for the first line, width: for the following
    lines, including those after a newline. "\\n" forces a break and belongs to no line.
    Trailing ASCII spaces stay on their line and are not counted. Otherwise a line is only
    wider than its width when its last character hangs (hang=True) or when it holds a
    single character wider than the width. `hanging` False: no character hangs (in a table
    cell, where a hanging 、。 would touch the cell's rule).
    """
    n = len(text)
    if len(widths) != n:
        raise ValueError(f"{len(widths)} widths for {n} characters")
    lines: list[Line] = []
    avail = first_width
    a = 0
    while True:
        z = text.find("\n", a)
        if z < 0:
            z = n
        if z == a:
            lines.append(Line(a, a, False))
        else:
            _break_paragraph(text[a:z], widths[a:z], avail, width, a, lines, hanging)
        if z == n:
            return lines
        avail = width
        a = z + 1

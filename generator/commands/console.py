"""Console output that never fails on a character the console cannot show.

On Windows, output redirected to a file, a .bat file's log or Task Scheduler is written in
the ANSI code page (cp932 in Japan), and Python's strict default stops the command with a
UnicodeEncodeError at the first character cp932 lacks: the em dash of every message
(`file:line: field: what is wrong — what to do`), or 𠮷 in a folder name. Every message is
printed instead: a character the console lacks becomes the one that reads the same on a
Japanese console (— as ―, cp932's own dash), else "?".
"""

from __future__ import annotations

import codecs
import io
import sys

_HANDLER = "handouts-console"

# What a character the console lacks is printed as, best first.
_READS_THE_SAME = {
    "\u2014": ("\u2015", "-"),  # EM DASH: cp932 has HORIZONTAL BAR where JIS has the dash
    "\u2013": ("-",),  # EN DASH
    "\u301c": ("\uff5e", "~"),  # WAVE DASH
    "\uff5e": ("~",),  # FULLWIDTH TILDE
    "\u2212": ("\uff0d", "-"),  # MINUS SIGN
    "\uff0d": ("-",),  # FULLWIDTH HYPHEN-MINUS
    "\u2015": ("-",),  # HORIZONTAL BAR
}


def _substitute(error: UnicodeError) -> tuple[str, int]:
    """The codec's error handler: one unencodable character, replaced by what reads the same."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    char = error.object[error.start]
    for candidate in _READS_THE_SAME.get(char, ()):
        try:
            candidate.encode(error.encoding)
        except UnicodeEncodeError:
            continue
        return candidate, error.start + 1
    return "?", error.start + 1


def never_fail_on_characters() -> None:
    """Make standard output and error replace what their encoding lacks instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=_HANDLER)


codecs.register_error(_HANDLER, _substitute)

"""Commands the tool suggests, written so that they can be pasted into the user's shell."""

from __future__ import annotations

import os
import re
import shlex

# Words a POSIX shell reads as they are (shlex.quote would also quote every kanji).
_POSIX_PLAIN = re.compile(r"[\w@%+=:,./-]+")
# Characters that end or change a word in cmd.exe or PowerShell outside quotes.
_WINDOWS_SPECIAL = re.compile(r"[\s&|<>^()%!;,=@{}$`'\"#\[\]]")


def shell_word(word: str, *, windows: bool = os.name == "nt") -> str:
    """`word` as one argument of a command line.

    On Windows, a word that needs it is put in double quotes, which cmd.exe and PowerShell
    both read as one argument (single quotes mean nothing to cmd.exe); elsewhere, POSIX
    shell quoting. A path with `$` or a backtick is the one case PowerShell reads otherwise.
    """
    if not windows:
        return word if _POSIX_PLAIN.fullmatch(word) else shlex.quote(word)
    return f'"{word}"' if not word or _WINDOWS_SPECIAL.search(word) else word


def command_line(*words: str) -> str:
    """`handouts check "C:\\会議 資料\\05"`: the command's words, each quoted as needed."""
    return " ".join(shell_word(w) for w in words)

"""The committee's fallback fonts in a web page: what the PDF draws with them, the page does too.

A character the PDF draws with a committee's fallback font (committee.yaml `fallback_fonts:`:
外字 in the private use area, a name's rare kanji such as 𠮷) is one the style's fonts lack,
and a citizen's computer most likely lacks it too: the page would show a box where the paper
shows the character, or another glyph where the committee has its own. So each page embeds,
as a data URL (the page still fetches nothing), a subset of the fallback font holding just
those characters, named first in the page's fonts with a unicode-range of exactly them: the
browser draws them with the committee's glyphs and everything else with its own fonts.
"""

from __future__ import annotations

from base64 import b64encode

from ..typeset.fonts import FontFace, FontRegistry


def font_faces(text: str, fonts: FontRegistry) -> str:
    """The style rules for the characters of `text` that only a fallback font draws; "" if none."""
    own = [face.charset for face in fonts.faces.values()]
    drawn: dict[FontFace, list[str]] = {}
    for ch in sorted(set(text)):
        if any(ch in charset for charset in own):
            continue
        face = next((f for f in fonts.fallbacks if ch in f.charset), None)
        if face is not None:
            drawn.setdefault(face, []).append(ch)
    if not drawn:
        return ""
    rules, families = [], []
    for number, (face, characters) in enumerate(drawn.items(), start=1):
        family = f"handouts-fallback-{number}"
        families.append(f'"{family}"')
        program = face.program()
        codes = [ord(c) for c in characters]
        data = program.subset([0, *(program.cmap[code] for code in codes)], codes)
        ranges = ", ".join(f"U+{code:X}" for code in codes)
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-display: block;'
            f' src: url(data:font/ttf;base64,{b64encode(data).decode()}) format("truetype");'
            f" unicode-range: {ranges}; }}\n"
        )
    rules.append(f"body {{ font-family: {', '.join(families)}, sans-serif; }}\n")
    return "".join(rules)

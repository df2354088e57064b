"""What each material is called: 資料１, 資料１－２, 参考資料１, or nothing.

The label is the material's identity in the meeting: the 次第, the 資料番号 box, the stamp, the
packet's bookmarks and page labels, the file names and the items' `see:` references all use it.
"""

from __future__ import annotations

from .committee import Committee
from .meeting import Meeting


def material_labels(committee: Committee, meeting: Meeting) -> dict[int, str]:
    """Each material's label by its place among the titled materials (1, 2, … as numbered()
    gives them): the committee's pattern counted over the materials that use it, a
    material's own `label:` (a pattern with {n} counts on its own), or "" for numbered: false."""
    counters: dict[str, int] = {}
    labels: dict[int, str] = {}
    for number, material in meeting.numbered():
        if material.title is None:
            continue
        if not material.numbered:
            labels[number] = ""
            continue
        pattern = material.label if material.label is not None else committee.style.material_label
        if "{n}" in pattern:
            counters[pattern] = counters.get(pattern, 0) + 1
            labels[number] = pattern.replace("{n}", str(counters[pattern]))
        else:
            labels[number] = pattern
    return labels

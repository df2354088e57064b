"""The kinds of handout a `kind:` line can name. A new kind is a record here plus a template.

A kind whose rows may come from a spreadsheet has `with_rows(source, reader)`, which the loader
calls once the YAML is valid.
"""

from __future__ import annotations

from typing import Any

from .comparison import ComparisonHandout
from .document import DocumentHandout
from .roster import RosterHandout

HANDOUT_KINDS: dict[str, type] = {
    "comparison": ComparisonHandout,
    "roster": RosterHandout,
    "document": DocumentHandout,
}


def spreadsheet_names(data: Any) -> list[str]:
    """The spreadsheets a handout's YAML (as read, unvalidated) takes rows from, as written."""
    if not isinstance(data, dict):
        return []
    found = [data.get("entries_from"), data.get("members_from")]
    body = data.get("body")
    for block in body if isinstance(body, list) else ():
        table = block.get("table") if isinstance(block, dict) else None
        found.append(table.get("rows_from") if isinstance(table, dict) else None)
    return [name for name in found if isinstance(name, str)]

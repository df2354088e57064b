"""The kinds of handout a `kind:` line can name. A new kind is a record here plus a template.

A kind whose rows may come from a spreadsheet has `with_rows(source, reader)`, which the loader
calls once the YAML is valid.
"""

from __future__ import annotations

from .comparison import ComparisonHandout
from .document import DocumentHandout
from .roster import RosterHandout

HANDOUT_KINDS: dict[str, type] = {
    "comparison": ComparisonHandout,
    "roster": RosterHandout,
    "document": DocumentHandout,
}

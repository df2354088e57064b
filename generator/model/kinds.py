"""The kinds of handout a `kind:` line can name. A new kind is a record here plus a template."""

from __future__ import annotations

from .comparison import ComparisonHandout

HANDOUT_KINDS: dict[str, type] = {
    "comparison": ComparisonHandout,
}

"""The kinds of handout a `kind:` line can name. A new kind is a model here plus a template."""

from __future__ import annotations

from pydantic import BaseModel

from .comparison import ComparisonHandout

HANDOUT_KINDS: dict[str, type[BaseModel]] = {
    "comparison": ComparisonHandout,
}

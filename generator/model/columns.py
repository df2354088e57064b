"""Which columns of a table handout appear, and what their headers say: the committee's choice."""

from __future__ import annotations

from collections.abc import Callable


def column_choice(known: dict[str, str], required: str, example: str) -> Callable:
    """A check of `columns:` (field → header): only `known` fields, `required` among them."""

    def check(value: dict[str, str]) -> dict[str, str]:
        unknown = [key for key in value if key not in known]
        if unknown:
            raise ValueError(
                f"列「{'、'.join(unknown)}」はありません — 列は {'、'.join(known)} から選んで"
                f"書いてください（例: columns: {example}）"
            )
        if required not in value:
            raise ValueError(
                f"columns には {required}（{known[required]}）を必ず入れてください"
                f" — 例: {required}: {known[required]}"
            )
        return value

    return check

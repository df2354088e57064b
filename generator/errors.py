"""Problems a secretariat can fix, reported as `file:line: field: what is wrong — what to do`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    message: str
    hint: str = ""
    file: Path | None = None
    line: int | None = None
    field: str = ""
    cell: str = ""  # in a spreadsheet, instead of a line: Sheet1!E5

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            at = self.cell or self.line
            where = f"{self.file}:{at}: " if at else f"{self.file}: "
        field = f"{self.field}: " if self.field else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{field}{self.message}{hint}"


class HandoutsError(Exception):
    """Input the build cannot use; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @classmethod
    def single(cls, message: str, hint: str = "", **where: object) -> HandoutsError:
        return cls([Problem(message, hint, **where)])  # type: ignore[arg-type]

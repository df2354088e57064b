"""Problems a secretariat can fix, reported as `file:line: field: what is wrong — what to do`."""

from __future__ import annotations

import errno
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


# Why the operating system refused, as the secretariat reads it. Windows reports a file open in
# a viewer (or held by a virus scanner for a moment) as a permission error, so that is said too.
_OS_REASONS = {
    errno.EACCES: "ほかのプログラムが開いているか、権限がありません",
    errno.EPERM: "ほかのプログラムが開いているか、権限がありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EISDIR: "同じ名前のフォルダがあります",
    errno.ENOTDIR: "フォルダを作る場所に同じ名前のファイルがあります",
    errno.EEXIST: "同じ名前のファイルかフォルダがあります",
    errno.EBUSY: "ほかのプログラムが使っています",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.ELOOP: "リンクが循環しています",
    errno.ENOENT: "ありません",
}


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in Japanese where the reason is a common one."""
    if isinstance(exc, RuntimeError):  # pathlib's resolve() on a link loop
        return _OS_REASONS[errno.ELOOP]
    if isinstance(exc, OSError):
        return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return str(exc)

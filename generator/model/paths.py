"""Input file names checked before a file is opened: what the operating system would refuse
(a NUL, a name too long, a link loop, a name the locale cannot spell) and what the build must
not read (a file outside the workspace), each said in words, and a size limit per kind of file
checked before reading, so a 20 GB file is refused at once rather than read into memory.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, os_reason

if TYPE_CHECKING:
    from .source import Source

_NAME_BYTES = 255  # most file systems: one name (folder or file) at most 255 bytes
MiB = 1024 * 1024
LIMITS = {  # bytes a file of each kind may have; far above any real one
    "yaml": 64 * MiB,
    "pdf": 1024 * MiB,
    "font": 256 * MiB,
    "docx": 64 * MiB,
}
KIND_NAMES = {"yaml": "YAML", "pdf": "PDF", "font": "フォント", "docx": "参照用の Word 文書"}


class InputProblem(Exception):
    """Why an input file cannot be used, and what to do: the caller says where it was named."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def resolve_input(base: Path, name: str, root: Path | None = None) -> Path:
    """`base / name` with every link resolved; inside `root` when given."""
    if "\0" in name:
        raise InputProblem(
            "ファイル名に見えない文字（NUL）が入っています",
            "ファイル名を打ち直してください",
        )
    spelled(name)
    long = [p for p in Path(name).parts if len(os.fsencode(p)) > _NAME_BYTES]
    if long:
        raise InputProblem(
            f"ファイル名が長すぎます（{len(os.fsencode(long[0])):,} バイト。一つの名前は "
            f"{_NAME_BYTES} バイトまでで、かな・漢字は 1 字 3 バイトです）",
            "ファイル名を短くしてください",
        )
    try:
        path = (base / name).resolve()
    except RuntimeError:
        raise InputProblem(
            f"{name} はリンクが循環しています（リンクの先がまたリンクをたどって戻ってきます）",
            "リンクではなく実際のファイルを指定してください",
        ) from None
    except OSError as exc:
        raise InputProblem(f"{name} の場所を調べられません（{os_reason(exc)}）", _CHECK) from None
    if root is not None and not path.is_relative_to(root.resolve()):
        raise InputProblem(
            f"{name} は作業フォルダ（{root}）の外のファイルです",
            "使うファイルを作業フォルダの中（会議のフォルダなど）に置き、その場所を書いてください",
        )
    return path


def spelled(name: str) -> None:
    """A name the file system encoding can spell (a C locale cannot spell kana)."""
    try:
        os.fsencode(name)
    except UnicodeEncodeError:
        raise InputProblem(*locale_problem()) from None


def locale_problem() -> tuple[str, str]:
    return (
        f"この環境の設定（文字コード {sys.getfilesystemencoding()}）では日本語のファイル名を"
        "扱えません",
        "環境変数 PYTHONUTF8=1 を設定するか、LANG=ja_JP.UTF-8 などの日本語を扱える設定で"
        "実行してください",
    )


def read_limited(path: Path, kind: str) -> bytes:
    """The bytes of a regular file of `kind`, refused before reading if it is over the limit."""
    limit = LIMITS[kind]
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # not blocking: a named pipe is refused below instead of waiting for a writer for ever
        with os.fdopen(os.open(path, flags), "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputProblem(
                    "ファイルではありません（フォルダや特殊なファイルです）",
                    "ファイルの名前と置き場所を確かめてください",
                )
            if info.st_size > limit:
                raise InputProblem(
                    f"ファイルが大きすぎます（{info.st_size:,} バイト。{KIND_NAMES[kind]}は "
                    f"{limit // MiB:,} MiB まで）",
                    "ファイルを分けるか、小さくしてください",
                )
            return f.read(limit + 1)
    except IsADirectoryError:
        raise InputProblem(
            "ファイルではなくフォルダです", "ファイルの名前と置き場所を確かめてください"
        ) from None
    except UnicodeEncodeError:
        raise InputProblem(*locale_problem()) from None
    except OSError as exc:
        raise InputProblem(f"ファイルを読めません（{os_reason(exc)}）", _CHECK) from None


def check_zip_sizes(path: Path, kind: str) -> None:
    """A .docx (a zip) within the limit both as a file and unpacked: a small file can hold a
    member of gigabytes, which would be read and copied into every DOCX."""
    import zipfile

    limit = LIMITS[kind]
    try:
        size = os.stat(path).st_size
        if size > limit:
            raise InputProblem(
                f"ファイルが大きすぎます（{size:,} バイト。{KIND_NAMES[kind]}は "
                f"{limit // MiB:,} MiB まで）",
                "Word で画像などを減らして保存し直してください",
            )
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # unreadable: the reader says so in its own words
    if unpacked > limit:
        raise InputProblem(
            f"展開すると大きすぎます（{unpacked:,} バイト。{KIND_NAMES[kind]}は "
            f"{limit // MiB:,} MiB まで）",
            "Word で画像などを減らして保存し直すか、消して既定のものに戻してください",
        )


_CHECK = "ファイルの名前・置き場所・権限を確かめ、ほかのソフトで開いていれば閉じてください"


class MaterialFiles:
    """The files one kind of material names in a meeting.yaml (handouts, attached PDFs): each
    inside the workspace, each used by one material only. What is wrong goes to `problems`."""

    def __init__(self, source: Source, root: Path, problems: list[Problem]) -> None:
        self.source = source
        self.root = root
        self.problems = problems
        self.seen: dict[Path, int] = {}  # path → the 資料 number that uses it

    def claim(self, loc: tuple[str | int, ...], name: str, number: int) -> Path | None:
        """The file `name` (written at `loc`) for material `number`, or None after a problem."""
        try:
            path = resolve_input(self.source.path.parent, name, self.root)
        except InputProblem as exc:
            self.problems.append(self.source.problem(loc, exc.message, exc.hint))
            return None
        if path in self.seen:
            self.problems.append(
                self.source.problem(
                    loc,
                    f"{name} は資料{self.seen[path]}でも使われています",
                    "資料ごとに別のファイルを指定してください",
                )
            )
            return None
        self.seen[path] = number
        return path

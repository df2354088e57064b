"""Write outputs atomically: every file of a build lands, or none is touched."""

from __future__ import annotations

import errno
import os
import secrets
import tempfile
from pathlib import Path

from .errors import HandoutsError, Problem
from .model.source import display_path

_REASONS = {
    errno.EACCES: "書き込む権限がありません",
    errno.EPERM: "書き込む権限がありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EISDIR: "同じ名前のフォルダがあります",
    errno.ENOTDIR: "フォルダを作る場所に同じ名前のファイルがあります",
    errno.EEXIST: "フォルダを作る場所に同じ名前のファイルがあります",
    errno.EBUSY: "ほかのプログラムが使っています",
}
_CLOSE_AND_RETRY = (
    "Word や PDF ビューアで開いていれば閉じ、出力先の権限を確かめてから、もう一度作成してください"
    "（ほかのファイルも前のまま残してあります）"
)


def write_all(files: dict[Path, bytes]) -> None:
    """Write each file to a temporary file beside it, then rename all into place.

    If any file cannot be replaced, the ones already replaced are put back, so the folder holds
    either the whole new build or the whole previous one; no temporary file is left behind.
    """
    squatted = [_squatted(path) for path in files if path.is_dir() and not path.is_symlink()]
    if squatted:
        raise HandoutsError(squatted)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        _swap_in(staged)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def _squatted(path: Path) -> Problem:
    return Problem(
        "同じ名前のフォルダがあるため書き出せません",
        "このフォルダの名前を変えるか、別の出力先（--out）を指定してください",
        file=display_path(path),
    )


def _stage(path: Path, data: bytes) -> Path:
    """The new content in a temporary file in the same folder (so the rename is atomic)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise HandoutsError.single(
            f"出力先に書き出せません（{_reason(exc)}）",
            "出力先フォルダの場所と権限を確かめてください",
            file=display_path(path.parent),
        ) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise HandoutsError.single(
            f"書き出せません（{_reason(exc)}）",
            "出力先のディスクの空きと権限を確かめてください",
            file=display_path(path),
        ) from None
    return Path(tmp)


def _swap_in(staged: list[tuple[Path, Path]]) -> None:
    """Rename every staged file into place, or put back every file already replaced."""
    done: list[tuple[Path, Path | None]] = []  # (output, what it held before, set aside)
    failure: Problem | None = None
    committed = False
    try:
        for tmp, path in staged:
            try:
                done.append((path, _set_aside(path)))
                os.replace(tmp, path)
            except OSError as exc:
                failure = Problem(
                    f"ファイルを置き換えられません（{_reason(exc)}）",
                    _CLOSE_AND_RETRY,
                    file=display_path(path),
                )
                break
        else:
            committed = True
    finally:
        kept = _discard(done) if committed else _roll_back(done)
    if failure is not None:
        raise HandoutsError([failure, *kept])


def _set_aside(path: Path) -> Path | None:
    """Keep the previous file under a hidden name until the whole build has landed."""
    if not os.path.lexists(path):
        return None
    backup = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old")
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:
        os.replace(path, backup)
    return backup


def _discard(done: list[tuple[Path, Path | None]]) -> list[Problem]:
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)
    return []


def _roll_back(done: list[tuple[Path, Path | None]]) -> list[Problem]:
    """Put the previous files back; name any that could not be, with where it is kept."""
    kept = []
    for path, backup in reversed(done):
        try:
            if backup is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(backup, path)
                backup.unlink(missing_ok=True)  # rename is a no-op when both are one hard link
        except OSError as exc:
            where = f"前のファイルは {display_path(backup)} に残してあります" if backup else ""
            kept.append(
                Problem(
                    f"前のファイルに戻せませんでした（{_reason(exc)}）",
                    where or "このファイルは新しい内容のままです",
                    file=display_path(path),
                )
            )
    return kept


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))

"""Write outputs as one set: every file of a build lands, or none is touched.

Each new file is written under a hidden temporary name beside its place; then each previous
file is set aside under a hidden backup name and the new one renamed into place, and stale
files of the previous set are set aside too. If anything fails, what was set aside is put
back. A journal written before the first temporary file names every temporary and backup
file, so a build killed at any moment is undone (or, past its commit point, finished) by the
next one, which also removes the leftovers: the folder holds the old set or the new one.

A file that is locked (Windows reports a file open in a viewer, or held by a virus scanner or
OneDrive for a moment, as a permission error) is retried briefly, then named in a message.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from .errors import HandoutsError, Problem, os_reason
from .model.paths import locale_problem
from .model.source import display_path

_CLOSE_AND_RETRY = (
    "Word や PDF ビューアで開いていれば閉じてからもう一度作成してください。出力先の権限も"
    "確かめてください（前に作成したファイルはすべて前のまま残してあります）"
)
_LOCKED = (errno.EACCES, errno.EPERM, errno.EBUSY)
_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4)  # seconds; a scanner or OneDrive lets go within these
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_HIDDEN = re.compile(r"\.(?P<name>.+)\.(?:[0-9a-f]{8}\.old|[0-9a-z_]{8}\.tmp)")

T = TypeVar("T")


@dataclass(frozen=True)
class _Step:
    """One output of the set: a new file (with its temporary name and hash) or a stale one."""

    folder: str
    name: str
    backup: str
    tmp: str | None = None  # None: a stale file, set aside and not replaced
    sha256: str | None = None
    existed: bool = True

    def at(self, name: str) -> Path:
        return Path(self.folder) / name


def write_all(
    files: dict[Path, bytes], *, remove: Iterable[Path] = (), journal: Path | None = None
) -> None:
    """Write `files` and remove `remove` as one change.

    With `journal` (all files in its folder), an interrupted earlier change in that folder is
    first undone or finished, and this one is recorded so that the next can do the same.
    """
    remove = list(remove)
    check_spelled([*files, *remove])
    squatted = [_squatted(path) for path in files if path.is_dir() and not path.is_symlink()]
    if squatted:
        raise HandoutsError(squatted)
    if not files:
        return
    for folder in {path.parent for path in files}:
        _make_folder(folder)
    if journal is not None:
        recover(journal)
    steps = [_new_step(path, data) for path, data in files.items()]
    steps += [
        _Step(str(p.parent), p.name, _hidden(p.name, "old")) for p in remove if os.path.lexists(p)
    ]
    committed = False
    failures: list[Problem] = []
    try:
        if journal is not None:
            _record(journal, steps, committed=False)
        for step in steps:
            if step.tmp is not None:
                _stage(step, files[step.at(step.name)])
        _swap_in(steps)
        if journal is not None:
            _record(journal, steps, committed=True)
        committed = True
    except HandoutsError as exc:
        failures = exc.problems
    finally:
        kept = _finish(steps, committed)
        if journal is not None and not kept:  # else the next build tries again
            journal.unlink(missing_ok=True)
    if failures or kept:
        raise HandoutsError(failures + kept)


def recover(journal: Path) -> None:
    """Undo the change an interrupted build recorded in `journal` (or finish it, if it had
    committed), and remove hidden leftovers of this set's files from earlier versions."""
    stem = journal.name.removeprefix(".").removesuffix(".journal")
    steps, committed = _read_journal(journal, stem)
    if steps is not None:
        kept = _finish(steps, committed)
        if kept:
            raise HandoutsError(kept)
        journal.unlink(missing_ok=True)
    journal.with_name(journal.name + ".new").unlink(missing_ok=True)
    for folder, public in _set_folders(journal, stem).items():
        for path in folder.glob(".*") if folder.is_dir() else ():
            match = _HIDDEN.fullmatch(path.name)
            if match and is_set_file(match["name"], stem, public) and path.is_file():
                path.unlink(missing_ok=True)


def journal_for(record: Path) -> Path:
    """The journal of the output set whose manifest is `record`."""
    return record.with_name(f".{record.name.removesuffix('_manifest.json')}.journal")


def public_folder_name(stem: str) -> str:
    """The folder of the meeting's public edition for the website, beside its papers."""
    return f"{stem}_公開用"


def is_set_file(name: str, stem: str, public: bool = False) -> bool:
    """A plain file name of this meeting's output set (第4回_…), in its output folder or, with
    `public`, in its public edition's folder (where index.html lists the papers)."""
    plain = name == Path(name).name and name not in (".", "..") and "\\" not in name
    if public:
        return plain and (name == "index.html" or (
            name.startswith(f"{stem}_") and name.endswith((".pdf", ".html"))
        ))  # fmt: skip
    return plain and name.startswith(f"{stem}_") and name.endswith((".pdf", ".docx", ".json"))


def _set_folders(journal: Path, stem: str) -> dict[Path, bool]:
    """The folders of the set a journal keeps, each with whether it is the public edition's."""
    return {journal.parent: False, journal.parent / public_folder_name(stem): True}


def _new_step(path: Path, data: bytes) -> _Step:
    return _Step(
        str(path.parent),
        path.name,
        _hidden(path.name, "old"),
        _hidden(path.name, "tmp"),
        hashlib.sha256(data).hexdigest(),
        os.path.lexists(path),
    )


def _hidden(name: str, kind: str) -> str:
    return f".{name}.{secrets.token_hex(4)}.{kind}"


def _record(journal: Path, steps: list[_Step], *, committed: bool) -> None:
    """The journal, replaced atomically so that it is always whole."""
    tmp = journal.with_name(journal.name + ".new")
    text = json.dumps({"committed": committed, "steps": [asdict(s) for s in steps]})
    try:
        tmp.unlink(missing_ok=True)  # never written through: a link planted there is removed
        with os.fdopen(os.open(tmp, _NEW_FILE, 0o644), "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, journal)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(journal.parent, exc) from None


def _read_journal(journal: Path, stem: str) -> tuple[list[_Step] | None, bool]:
    """The steps recorded, if the journal is one this program wrote for this set."""
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        steps = [_Step(**s) for s in record["steps"]]
        committed = record["committed"] is True
    except (OSError, ValueError, KeyError, TypeError):
        return None, False
    folders = _set_folders(journal, stem)
    for s in steps:
        hidden = [h for h in (s.backup, s.tmp) if h is not None]
        if (
            Path(s.folder) not in folders
            or not is_set_file(s.name, stem, folders[Path(s.folder)])
            or not all((m := _HIDDEN.fullmatch(h)) and m["name"] == s.name for h in hidden)
        ):
            return None, False
    return steps, committed


def _finish(steps: list[_Step], committed: bool) -> list[Problem]:
    """After a change: drop the backups if it committed, else put every previous file back;
    in both cases no temporary file is left. The files that could not be put back."""
    problems = _discard(steps) if committed else _roll_back(steps)
    for step in steps:
        if step.tmp is not None:
            step.at(step.tmp).unlink(missing_ok=True)
    return problems


def check_spelled(paths: list[Path]) -> None:
    """Every name can be spelled in the file system's encoding (a C locale cannot spell kana)."""
    for path in paths:
        try:
            os.fsencode(path)
        except UnicodeEncodeError:
            message, hint = locale_problem()
            raise HandoutsError.single(message, hint, file=Path(path.name)) from None


def _squatted(path: Path) -> Problem:
    return Problem(
        "同じ名前のフォルダがあるため書き出せません",
        "このフォルダの名前を変えるか、別の出力先（--out）を指定してください",
        file=display_path(path),
    )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None


def _cannot_write(folder: Path, exc: OSError) -> HandoutsError:
    return HandoutsError.single(
        f"出力先に書き出せません（{os_reason(exc)}）",
        "出力先フォルダの場所と権限を確かめてください",
        file=display_path(folder),
    )


def _stage(step: _Step, data: bytes) -> None:
    """The new content under its temporary name in the same folder (so the rename is atomic)."""
    folder = Path(step.folder)
    tmp = step.at(str(step.tmp))
    try:
        fd = os.open(tmp, _NEW_FILE, 0o644)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise HandoutsError.single(
            f"書き出せません（{os_reason(exc)}）",
            "出力先のディスクの空きと権限を確かめてください",
            file=display_path(step.at(step.name)),
        ) from None


def _swap_in(steps: list[_Step]) -> None:
    """Set each previous file aside and rename each new one into place."""
    for step in steps:
        path = step.at(step.name)
        try:
            if step.existed:
                _set_aside(path, step.at(step.backup), keep=step.tmp is not None)
            if step.tmp is not None:
                _retrying(lambda s=step, p=path: os.replace(s.at(str(s.tmp)), p))
        except OSError as exc:
            verb = "置き換えられません" if step.tmp is not None else "削除できません"
            raise HandoutsError(
                [
                    Problem(
                        f"ファイルを{verb}（{os_reason(exc)}）",
                        _CLOSE_AND_RETRY,
                        file=display_path(path),
                    )
                ]
            ) from None


def _set_aside(path: Path, backup: Path, *, keep: bool) -> None:
    """The previous file under its backup name until the whole set has landed: a second link
    while the new file replaces it (`keep`), else moved away."""
    if keep:
        try:
            os.link(path, backup, follow_symlinks=False)
            return
        except OSError:
            pass  # no hard links here (FAT, some network drives): move it instead
    _retrying(lambda: os.replace(path, backup))


def _discard(steps: list[_Step]) -> list[Problem]:
    for step in steps:
        # a hidden backup still locked is left for the next build's recovery to remove
        with contextlib.suppress(OSError):
            _retrying(step.at(step.backup).unlink, missing_ok=True)
    return []


def _roll_back(steps: list[_Step]) -> list[Problem]:
    """Put the previous files back; name any that could not be, with where it is kept."""
    kept = []
    for step in reversed(steps):
        path, backup = step.at(step.name), step.at(step.backup)
        try:
            if os.path.lexists(backup):
                _retrying(lambda p=path, b=backup: os.replace(b, p))
                backup.unlink(missing_ok=True)  # rename is a no-op when both are one hard link
            elif not step.existed and step.sha256 is not None and _hash_of(path) == step.sha256:
                path.unlink()
        except OSError as exc:
            kept.append(
                Problem(
                    f"前のファイルに戻せませんでした（{os_reason(exc)}）",
                    f"前のファイルは {display_path(backup)} に残してあります",
                    file=display_path(path),
                )
            )
    return kept


def _hash_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def _retrying(action: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`action`, tried again a few times while the file is locked."""
    for delay in _RETRY_DELAYS:
        try:
            return action(*args, **kwargs)
        except OSError as exc:
            if exc.errno not in _LOCKED:
                raise
            time.sleep(delay)
    return action(*args, **kwargs)

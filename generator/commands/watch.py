"""`handouts watch`: the papers follow the content as it is saved.

One build first, then a rebuild each time a file the build read is saved (or a file appears
where the build looks for one: the meeting folder, the workspace's templates/). File events come
from watchfiles; `poll` checks the folders' files at an interval instead, for folders where
events do not arrive (network drives, some synced folders).

A problem with the input is printed as `build` prints it and the watch goes on, the outputs of
the last good build left as they are. Ctrl+C ends the watch between two builds.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutsError, Problem
from ..model.source import display_path
from ..workspace import Workspace
from .viewer import members_packet, open_in_viewer
from .warm import Rebuilt, Unwritten, WarmBuilder, identity

# How long a save may take to settle (an editor's truncate then write, a rename over the old
# file) before the build starts; the next build catches a save that takes longer.
SETTLE_MS = 5
# How often the inputs are also checked without an event (a save made while the watch was
# being set up, an event a network drive lost).
RECHECK_MS = 1000
_NAMES_SHOWN = 4


@dataclass
class Console:
    """Where the watch reports: lines for the user, and problems and warnings as `build`
    prints them."""

    say: Callable[[str], None]
    problems: Callable[[HandoutsError], None]
    warn: Callable[[Problem], None]


class Watch:
    """One meeting watched: its warm builder and which files a rebuild follows."""

    def __init__(
        self,
        builder: WarmBuilder,
        console: Console,
        *,
        open_packet: bool = False,
        poll: bool = False,
    ) -> None:
        self.builder = builder
        self.console = console
        self.open_packet = open_packet
        self.poll = poll
        self.stop = threading.Event()
        self._ours: set[Path] = set()  # every output this watch has made or removed
        self._opened = False
        self._seen: dict[Path, tuple[int, int, int] | None] = {}  # inputs as a build began

    @property
    def meeting_folder(self) -> Path:
        return self.builder.meeting_folder.resolve()

    @property
    def workspace(self) -> Workspace:
        return Workspace.of(self.meeting_folder)

    def run(self) -> None:
        """Build, then rebuild on every relevant save until `stop` is set (Ctrl+C sets it)."""
        self._rebuild(set())
        while not self.stop.is_set():
            try:
                self._follow(self._roots())
            except FileNotFoundError:
                continue  # a watched folder went away: watch the folders there are now
            except OSError as exc:
                if self.poll:
                    raise HandoutsError.single(
                        f"フォルダを見張れません（{exc}）",
                        "フォルダの場所と読む権限を確かめてください",
                        file=display_path(self.meeting_folder),
                    ) from None
                self.poll = True  # e.g. the system's limit on watched folders is reached
                self.console.say(
                    f"注意: 保存の知らせを受け取れないため（{exc}）、一定の間隔で確かめます"
                )

    def _follow(self, roots: list[Path]) -> None:
        """Rebuild on the saves in `roots` until stopped or the folders to watch change."""
        import watchfiles

        for changes in watchfiles.watch(
            *roots,
            watch_filter=self._relevant,
            step=SETTLE_MS,
            stop_event=self.stop,
            rust_timeout=RECHECK_MS,
            yield_on_timeout=True,
            force_polling=True if self.poll else None,
            recursive=False,
            raise_interrupt=False,
            ignore_permission_denied=True,
        ):
            changed = {Path(path) for _, path in changes} or self._missed()
            if changed:
                self._rebuild(changed)
                self._idle()
            elif self.builder.unwritten is not None:
                self._write_again()
            if self._roots() != roots:
                return  # a folder appeared or the inputs moved: watch the new set

    def _rebuild(self, changed: set[Path]) -> None:
        started = time.perf_counter()
        self._seen = self._snapshot()
        cause = _cause(changed)
        try:
            rebuilt = self.builder.build()
        except Unwritten as exc:
            self.console.say(f"{cause}書き出せませんでした")
            self.console.problems(exc)
            self.console.say("そのファイルを閉じると、書き出します")
            return
        except HandoutsError as exc:
            self.console.say(f"{cause}作り直せませんでした")
            self.console.problems(exc)
            self.console.say("直して保存すると、作り直します")
            return
        for path in self.builder.read - self._seen.keys():
            self._seen[path] = identity(path)  # read for the first time by this build
        self._done(rebuilt, cause, started)

    def _write_again(self) -> None:
        """Try again to write the files the last build could not (a viewer closed the file);
        quietly, until it succeeds."""
        started = time.perf_counter()
        try:
            rebuilt = self.builder.write_again()
        except Unwritten:
            return
        self._done(rebuilt, f"{_cause(set())}書き出せなかったファイルを書き出しました → ", started)

    def _done(self, rebuilt: Rebuilt, cause: str, started: float) -> None:
        """Report a build whose files are written; open the packet the first time."""
        self._ours.update(p.resolve() for p in (*rebuilt.written, *rebuilt.removed))
        seconds = time.perf_counter() - started
        self.console.say(f"{cause}{_summary(rebuilt)}（{seconds:.2f} 秒）")
        for warning in rebuilt.warnings:
            self.console.warn(warning)
        packet = members_packet([*rebuilt.written, *rebuilt.unchanged])
        if self.open_packet and not self._opened and packet is not None:
            self._opened = True
            failed = open_in_viewer(packet)
            if failed:
                self.console.say(failed)

    def _idle(self) -> None:
        """Free what the last build let go of, while nobody waits: the command runs without
        the cycle collector (cli._run_once)."""
        gc.collect()

    def _snapshot(self) -> dict[Path, tuple[int, int, int] | None]:
        """The identity of each input of the last good build and each file of the meeting
        folder, as they were when a build started."""
        files = set(self.builder.read)
        with suppress(OSError):  # the folder is gone or unreadable: the build says so
            files.update(p for p in self.meeting_folder.iterdir() if p.is_file())
        return {p: identity(p) for p in files if p not in self._ours}

    def _missed(self) -> set[Path]:
        """Files saved since the last build started that no event told of: saved while the
        watch was being set up, or where events are lost."""
        now = self._snapshot()
        return {
            p
            for p in now.keys() | self._seen.keys()
            if now.get(p) != self._seen.get(p) and self._relevant(None, str(p))
        }

    def _roots(self) -> list[Path]:
        """The folders to watch, each without its subfolders: the meeting folder and its
        subfolders, the committee folder, the workspace and its templates/, and the folder of
        every file the last good build read."""
        folders = {self.meeting_folder.parent, self.workspace.root}
        folders.update(_folders_under(self.meeting_folder))
        folders.update(_folders_under(self.workspace.templates))
        folders.update(p.parent for p in self.builder.read)
        return sorted(f for f in folders if f.is_dir())

    def _relevant(self, _change: object, name: str) -> bool:
        """Whether a change to the file `name` can change what the build makes."""
        path = Path(name)
        if path.name.startswith((".", "~$")) or path.name.endswith(("~", ".tmp", ".swp")):
            return False  # hidden and temporary files: editors', Word's, and the build's own
        if path in self._ours:
            return False
        if path in self.builder.read:
            return True
        if not path.exists():
            return False  # gone again: an editor's or a tool's temporary file
        templates = self.workspace.templates
        return (
            path.is_relative_to(self.meeting_folder)
            or path == templates
            or path.is_relative_to(templates)
            or path == self.meeting_folder.parent / "committee.yaml"
        )


def watch_meeting(
    meeting_folder: Path,
    out: Path | None,
    console: Console,
    *,
    duplex: bool = False,
    open_packet: bool = False,
    poll: bool = False,
) -> None:
    """Watch the meeting until Ctrl+C. A missing meeting folder is an error, not a watch."""
    if not meeting_folder.is_dir():
        raise HandoutsError.single(
            "会議フォルダがありません",
            "meeting.yaml のあるフォルダを指定してください",
            file=display_path(meeting_folder),
        )
    builder = WarmBuilder(meeting_folder, out, duplex)
    watch = Watch(builder, console, open_packet=open_packet, poll=poll)
    with _ctrl_c_sets(watch.stop):
        where = (
            out if out is not None else Workspace.of(meeting_folder).default_output(meeting_folder)
        )
        console.say(
            f"{display_path(meeting_folder)} を見張ります（出力先: {display_path(where)}。"
            "Ctrl+C で終わります）"
        )
        watch.run()
    console.say("見張りを終えました")


@contextmanager
def _ctrl_c_sets(stop: threading.Event) -> Iterator[None]:
    """Ctrl+C asks the watch to stop once the build under way is written; a second Ctrl+C
    interrupts at once."""

    def handler(signum: int, frame: object) -> None:
        if stop.is_set():
            signal.default_int_handler(signum, frame)
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only; whoever runs this watch stops it
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _folders_under(folder: Path) -> list[Path]:
    """`folder` and the folders inside it, hidden ones (.git) left out."""
    if not folder.is_dir():
        return []
    found = [folder]
    for root, dirs, _ in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / d for d in dirs)
    return found


def _cause(changed: set[Path]) -> str:
    """The start of a rebuild's line: when, and which saved files made it."""
    now = time.strftime("%H:%M:%S")
    if not changed:
        return f"[{now}] "
    names = sorted(p.name for p in changed)
    shown = "、".join(names[:_NAMES_SHOWN])
    if len(names) > _NAMES_SHOWN:
        shown += f" ほか {len(names) - _NAMES_SHOWN} 件"
    return f"[{now}] {shown} が変わりました → "


def _summary(rebuilt: Rebuilt) -> str:
    """Which files were written and removed; none when the bytes came out the same."""
    parts = []
    if rebuilt.written:
        parts.append(f"書き出し: {'、'.join(p.name for p in rebuilt.written)}")
    if rebuilt.removed:
        parts.append(f"削除: {'、'.join(p.name for p in rebuilt.removed)}")
    if not parts:
        return "どのファイルも前と同じです（書き出していません）"
    return "／".join(parts)

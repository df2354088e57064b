"""Write outputs atomically: every file of a build lands, or none is touched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import HandoutsError, Problem
from .model.source import display_path


def write_all(files: dict[Path, bytes]) -> None:
    """Write each file to a temporary file beside it, then rename all into place.

    A build that fails before this point has written nothing; a file that cannot be replaced
    (open in another program, a read-only folder) is named, and the temporary files are removed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), path))
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise HandoutsError(
                    [
                        Problem(
                            f"ファイルを置き換えられません（{exc.strerror}）",
                            "Word や PDF ビューアで開いていれば閉じてから、もう一度作成してください",
                            file=display_path(path),
                        )
                    ]
                ) from None
    except OSError as exc:
        raise HandoutsError.single(
            f"書き出せません（{exc.strerror}）",
            "出力先フォルダの場所と権限を確かめてください",
            file=display_path(Path(exc.filename or "")),
        ) from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)

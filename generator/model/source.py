"""Read a YAML file as YAML 1.2 (`10:00` stays a string, `no:` stays a key) and remember lines.

ruamel.yaml's round-trip loader keeps each key's line, so a problem found later by the schema
can still point at `meeting.yaml:4`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import HandoutsError, Problem

_LEGACY_ENCODINGS = ("cp932", "euc_jp", "iso2022_jp", "utf_16")


def display_path(path: Path) -> Path:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:
        return path
    return path if relative.parts[:1] == ("..",) else relative


@dataclass(frozen=True)
class Source:
    """A parsed YAML file and where each of its values stands."""

    path: Path
    data: Any

    @property
    def shown(self) -> Path:
        return display_path(self.path)

    def line(self, loc: tuple[str | int, ...]) -> int | None:
        """1-based line of the value at `loc`, or of the nearest enclosing one that exists."""
        node = self.data
        line = 1
        for key in loc:
            lc = getattr(node, "lc", None)
            try:
                if isinstance(node, dict) and key in node:
                    line = lc.key(key)[0] + 1 if lc is not None else line
                elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                    line = lc.item(key)[0] + 1 if lc is not None else line
                else:
                    return line
            except (KeyError, TypeError, IndexError):
                return line
            node = node[key]
        return line

    def problem(self, loc: tuple[str | int, ...], message: str, hint: str = "") -> Problem:
        field = ".".join(str(k) for k in loc)
        return Problem(message, hint, file=self.shown, line=self.line(loc), field=field)


def read_text(path: Path) -> str:
    """The file's text as UTF-8, or a problem that says which encoding it looks like."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HandoutsError.single(
            "ファイルがありません", "ファイル名と置き場所を確かめてください", file=shown
        ) from None
    except OSError as exc:
        raise HandoutsError.single(
            f"ファイルを読めません（{exc.strerror}）",
            "ファイルの権限を確かめてください",
            file=shown,
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        found = f"{guess} で書かれているようです" if guess else "UTF-8 ではありません"
        raise HandoutsError.single(
            f"文字コードが UTF-8 ではありません（{found}）",
            "エディタで「UTF-8」を選んで保存し直してください（メモ帳なら「名前を付けて保存」→ 文字コード UTF-8）",
            file=shown,
            line=line,
        ) from None


def _guess_encoding(raw: bytes) -> str | None:
    names = {"cp932": "Shift_JIS", "euc_jp": "EUC-JP", "iso2022_jp": "JIS", "utf_16": "UTF-16"}
    for enc in _LEGACY_ENCODINGS:
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return names[enc]
    return None


def load_yaml(path: Path) -> Source:
    text = read_text(path)
    shown = display_path(path)
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise HandoutsError.single(
            f"YAML の書き方に誤りがあります（{exc.problem or exc.context}）",
            _syntax_hint(text, line),
            file=shown,
            line=line,
        ) from None
    except YAMLError as exc:
        raise HandoutsError.single(
            f"YAML の書き方に誤りがあります（{exc}）", "字下げと記号を確かめてください", file=shown
        ) from None
    if data is None:
        raise HandoutsError.single(
            "ファイルが空です", "見本（content/ の例）にならって項目を書いてください", file=shown
        )
    if not isinstance(data, dict):
        raise HandoutsError.single(
            "ファイルの一番上は「項目名: 値」の形にしてください",
            "見本（content/ の例）にならって書いてください",
            file=shown,
            line=1,
        )
    return Source(path=path, data=data)


def _syntax_hint(text: str, line: int | None) -> str:
    if "\t" in text:
        return "タブ文字は字下げに使えません。空白（半角スペース）で字下げしてください"
    if line is not None:
        return "この行とその前の行の字下げ・引用符（\" '）の閉じ忘れ・「:」の後の空白を確かめてください"
    return "字下げと記号を確かめてください"

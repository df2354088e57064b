"""Read a YAML file as YAML 1.2 (`10:00` stays a string, `no:` stays a key) and remember lines.

ruamel.yaml's round-trip loader keeps each key's line, so a problem found later by the schema
can still point at `meeting.yaml:4`. It is slow on big files, so plain YAML is read by libyaml
first (generator.model.fastyaml); the round-trip loader then runs only when a line is needed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import HandoutsError, Problem
from . import fastyaml
from .paths import InputProblem, read_limited

if TYPE_CHECKING:
    from ruamel.yaml.error import MarkedYAMLError

_LEGACY_ENCODINGS = {"cp932": "Shift_JIS", "euc_jp": "EUC-JP"}
_JIS_ESCAPES = ("\x1b$B", "\x1b$@")  # ISO-2022-JP switches to kanji
_RESAVE = "エディタで文字コード「UTF-8」を選んで保存し直してください（メモ帳なら「名前を付けて保存」→ 文字コード UTF-8）"


def display_path(path: Path) -> Path:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        relative = Path(os.path.relpath(path))
    except (ValueError, OSError):  # another drive; the current folder deleted
        return path
    return path if relative.parts[:1] == ("..",) else relative


@dataclass(frozen=True)
class Source:
    """A parsed YAML file and where each of its values stands."""

    path: Path
    data: Any
    # The file's text when `data` was read by the quick path, which keeps no lines.
    text: str | None = field(default=None, repr=False, compare=False)

    @property
    def shown(self) -> Path:
        return display_path(self.path)

    @cached_property
    def located(self) -> Any:
        """The data as the round-trip loader reads it: each mapping and list knows its lines."""
        return self.data if self.text is None else _round_trip(self.text, self.shown)

    def exact(self) -> Source:
        """This file as the round-trip loader reads it (the same values, with their lines)."""
        return self if self.text is None else Source(self.path, self.located)

    def line(self, loc: tuple[str | int, ...]) -> int | None:
        """1-based line of the value at `loc`, or of the nearest enclosing one that exists."""
        node = self.located
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
        raw = read_limited(path, "yaml")
    except FileNotFoundError:
        raise HandoutsError.single(
            "ファイルがありません", "ファイル名と置き場所を確かめてください", file=shown
        ) from None
    except InputProblem as exc:
        raise HandoutsError.single(exc.message, exc.hint, file=shown) from None
    problem = _encoding_problem(raw)
    if problem is not None:
        message, hint, line = problem
        raise HandoutsError.single(message, hint, file=shown, line=line)
    return raw.decode("utf-8-sig")


def _encoding_problem(raw: bytes) -> tuple[str, str, int | None] | None:
    """Why `raw` is not UTF-8 text, and how to fix it; None when it is."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "文字コードが UTF-16 です", _RESAVE, None
    if b"\x00" in raw:
        return (
            "文字の書かれたファイルではありません（画像や Word などのファイルのようです）",
            "テキストエディタで書いた YAML ファイルを指定してください",
            raw[: raw.index(b"\x00")].count(b"\n") + 1,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        found = f"{guess} で保存されているようです" if guess else "どの文字コードか分かりません"
        return f"文字コードが UTF-8 ではありません（{found}）", _RESAVE, line
    for escape in _JIS_ESCAPES:
        if escape in text:
            line = text[: text.index(escape)].count("\n") + 1
            return (
                "文字コードが UTF-8 ではありません（JIS で保存されているようです）",
                _RESAVE,
                line,
            )
    return None


def _guess_encoding(raw: bytes) -> str | None:
    """The legacy Japanese encoding that reads `raw` as the most Japanese-looking text."""
    best, best_score = None, -1
    for encoding, name in _LEGACY_ENCODINGS.items():
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(1 for ch in text if _is_common_japanese(ch))
        if score > best_score:
            best, best_score = name, score
    return best


def _is_common_japanese(ch: str) -> bool:
    """Kana, kanji and full-width forms; not half-width katakana, which misreadings produce."""
    return "\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff01" <= ch <= "\uff5e"


def load_yaml(path: Path) -> Source:
    text = read_text(path)
    shown = display_path(path)
    try:
        data = fastyaml.load(text)
        kept: str | None = text
    except fastyaml.Declined:
        data, kept = _round_trip(text, shown), None
    except RecursionError:
        raise _too_deep(shown) from None
    if _depth(data) > MAX_DEPTH:
        raise _too_deep(shown)
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
    return Source(path=path, data=data, text=kept)


def _round_trip(text: str, shown: Path) -> Any:
    """The text read by ruamel.yaml's round-trip loader; syntax errors as Japanese problems."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.Constructor = _constructor()
    try:
        return yaml.load(text)
    except RecursionError:
        raise _too_deep(shown) from None
    except MarkedYAMLError as exc:
        message, hint, line = _syntax_problem(exc, text)
        raise HandoutsError.single(message, hint, file=shown, line=line) from None
    except ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else exc.character
        raise HandoutsError.single(
            f"見えない制御文字（{code}）が入っています",
            "ほかの文書から貼り付けたときに紛れ込みます。この行を打ち直してください",
            file=shown,
            line=line,
        ) from None
    except YAMLError as exc:
        raise HandoutsError.single(
            f"YAML の書き方に誤りがあります（{exc}）", "字下げと記号を確かめてください", file=shown
        ) from None


MAX_DEPTH = 50  # levels of lists and mappings; the content needs five


def _depth(data: Any) -> int:
    """How deeply lists and mappings nest in `data` (without recursion)."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, level = pending.pop()
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                pending.extend((child, level + 1) for child in children)
    return deepest


def _too_deep(shown: Path) -> HandoutsError:
    return HandoutsError.single(
        f"項目の入れ子が深すぎます（{MAX_DEPTH} 段まで）",
        "字下げと [ ] { } の対応を確かめてください",
        file=shown,
    )


@cache
def _constructor() -> type:
    """ruamel.yaml's round-trip constructor with two changes (built when first needed)."""
    from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        """Keeps an impossible date (2011-02-30) as its text so the schema can say what is wrong,
        and turns a value its explicit tag cannot hold (`!!int abc`) into an error at its line."""

        def construct_yaml_int(self, node: Any) -> Any:
            """An integer too long to be a number of anything (Python refuses > 4,300 digits)
            stays text, which the schema reports at its line."""
            if len(str(node.value)) > 100:
                return self.construct_scalar(node)
            return super().construct_yaml_int(node)

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return self.construct_scalar(node)

        def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
            try:
                return super().construct_non_recursive_object(node, tag)
            except (ValueError, LookupError):
                raise ConstructorError(
                    problem=f"tag mismatch: {node.tag}", problem_mark=node.start_mark
                ) from None

    _Constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp
    )
    _Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
    return _Constructor


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _syntax_problem(exc: MarkedYAMLError, text: str) -> tuple[str, str, int | None]:
    """ruamel's English diagnosis → what a secretariat reads: what is wrong, at which line."""
    from ruamel.yaml.constructor import DuplicateKeyError

    problem = str(exc.problem or "")
    context = str(exc.context or "")
    line = _line(exc.problem_mark) or _line(exc.context_mark)
    start = _line(exc.context_mark) or line
    if isinstance(exc, DuplicateKeyError):
        key = problem.split('"')[1] if problem.count('"') >= 2 else ""
        return (
            f"項目「{key}」が二度書かれています（{start}行目にもあります）",
            "どちらか一方を消してください",
            line,
        )
    if "\t" in problem or "'\\t'" in problem or "tab character" in problem:
        return (
            "タブ文字が使われています",
            "タブは使えません。字下げも区切りも空白（半角スペース）で書いてください",
            line,
        )
    if "quoted scalar" in context:
        return (
            "引用符（\" '）が閉じていません",
            f"{start}行目で始まった引用符の閉じ忘れを確かめてください",
            start,
        )
    if problem.startswith("tag mismatch: "):
        tag = problem.removeprefix("tag mismatch: ").replace("tag:yaml.org,2002:", "!!")
        return (
            f"値が「{tag}」の指定に合いません",
            f"値の前の「{tag}」を消してください（値はそのまま文字として読まれます）",
            line,
        )
    opened = _unclosed_quote(text, line)
    if opened is not None:
        return (
            "引用符（\" '）が閉じていないようです",
            f"{opened}行目の値の終わりに、始めと同じ引用符を書いてください",
            opened,
        )
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else ""
        return (
            f"値を「{char}」で始めるときは引用符が要ります",
            f'値全体を引用符で囲んでください（例: "{char}…"）',
            line,
        )
    if "undefined alias" in problem:
        return (
            "値を「*」で始めるときは引用符が要ります",
            '値全体を引用符で囲んでください（例: "*印の項目"）',
            line,
        )
    if "mapping values are not allowed" in problem:
        return (
            "値の中の「: 」が項目の区切りと読まれました（または字下げがずれています）",
            '値に「: 」を含めるときは値全体を引用符で囲んでください（例: "会議室: Ａ"）。字下げも確かめてください',
            line,
        )
    if "could not find expected ':'" in problem:
        return (
            "「項目名: 値」の「:」が見つかりません",
            f"{start}行目の「:」の後に空白があるか、字下げがそろっているかを確かめてください",
            start,
        )
    if "expected <block end>" in problem:
        return (
            "字下げがそろっていません",
            "この行と前の行の字下げ（行頭の空白の数）を、同じ階層どうしでそろえてください",
            line,
        )
    if "flow sequence" in context or "flow mapping" in context:
        return (
            "括弧（[ ] か { }）が閉じていません",
            f"{start}行目の括弧を閉じるか、値全体を引用符で囲んでください",
            start,
        )
    if "single document" in context:
        return (
            "「---」の区切りで文書が二つ以上あります",
            "一つのファイルには一つの会議（資料）だけを書いてください",
            line,
        )
    return (
        f"YAML の書き方に誤りがあります（{problem or context}）",
        "この行とその前の行の字下げ・引用符の閉じ忘れ・「:」の後の空白を確かめてください",
        line,
    )


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s"'#-][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote(text: str, upto: int | None) -> int | None:
    """The last line up to `upto` whose value opens a quote that the line never closes.

    ruamel reports such a mistake where the stray quote is finally matched, often lines later.
    """
    found = None
    for number, line in enumerate(text.splitlines()[: upto or 0], start=1):
        match = _QUOTED_VALUE.match(line)
        if match and not _closes(match[1], match[2]):
            found = number
    return found


def _closes(quote: str, rest: str) -> bool:
    if quote == '"':
        return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None

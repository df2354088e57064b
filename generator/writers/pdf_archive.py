"""What PDF/A-2 asks of every PDF we write: XMP metadata and an sRGB output intent.

The XMP packet repeats the document information (title, author, producer, dates) in the form
archives read, and declares the file PDF/A-2 (level A when it is tagged, B otherwise) and
PDF/UA-1 when tagged. The output intent carries an sRGB IEC61966-2.1 ICC profile, built here
from the standard's numbers so that no profile file of unknown licence is shipped.
"""

from __future__ import annotations

import struct
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape

from .pdf_file import Objects

# sRGB primaries adapted to the D50 connection space (Bradford), and the D65 white point,
# as every sRGB IEC61966-2.1 v2 profile carries them.
_RED = (0.436074, 0.222504, 0.013932)
_GREEN = (0.385065, 0.716879, 0.097105)
_BLUE = (0.143080, 0.060617, 0.714173)
_WHITE = (0.950455, 1.0, 1.089050)
_D50 = (0.9642, 1.0, 0.8249)
_CURVE_POINTS = 256
PROFILE_NAME = "sRGB IEC61966-2.1"


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(map(_s15, values))


def _srgb_to_linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _curve() -> bytes:
    points = [round(_srgb_to_linear(i / (_CURVE_POINTS - 1)) * 65535) for i in range(_CURVE_POINTS)]
    return b"curv\0\0\0\0" + struct.pack(f">I{_CURVE_POINTS}H", _CURVE_POINTS, *points)


def _description(text: str) -> bytes:
    """A v2 textDescriptionType: the ASCII name, no Unicode or Macintosh name."""
    ascii_name = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_name))
        + ascii_name
        + struct.pack(">II", 0, 0)
        + struct.pack(">HB", 0, 0)
        + bytes(67)
    )


def _pad4(data: bytes) -> bytes:
    return data + bytes(-len(data) % 4)


@cache
def srgb_profile() -> bytes:
    """An ICC v2 display profile for sRGB IEC61966-2.1 (matrix and tone curves)."""
    curve = _curve()
    tags = [
        (b"desc", _description(PROFILE_NAME)),
        (b"cprt", b"text\0\0\0\0No copyright, use freely\0"),
        (b"wtpt", _xyz(_WHITE)),
        (b"rXYZ", _xyz(_RED)),
        (b"gXYZ", _xyz(_GREEN)),
        (b"bXYZ", _xyz(_BLUE)),
        (b"rTRC", curve),
        (b"gTRC", curve),  # the three channels share one curve's bytes
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data, placed = [], b"", {}
    for signature, body in tags:
        if body not in placed:
            placed[body] = offset + len(data)
            data += _pad4(body)
        table.append(struct.pack(">4sII", signature, placed[body], len(body)))
    size = offset + len(data)
    header = (
        struct.pack(">I4sI4s4s4s", size, b"\0\0\0\0", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + bytes(4 + 4 + 4 + 4 + 8)  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # rendering intent: perceptual
        + b"".join(map(_s15, _D50))
        + bytes(4 + 16 + 28)  # creator, profile ID (v4 only), reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(table) + data


def output_intent(objects: Objects) -> int:
    """The sRGB output intent (GTS_PDFA1) with its profile; the object to list in the catalog."""
    profile = objects.stream(srgb_profile(), b" /N 3")
    return objects.add(
        b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (%s)"
        b" /Info (%s) /DestOutputProfile %d 0 R >>"
        % (PROFILE_NAME.encode(), PROFILE_NAME.encode(), profile)
    )


def xmp_date(date: datetime) -> str:
    """The build's date in XMP's form, with the same offset the Info dictionary gives."""
    offset = date.strftime("%z") or "+0000"
    return date.strftime("%Y-%m-%dT%H:%M:%S") + f"{offset[:3]}:{offset[3:]}"


# pdfuaid is not one of PDF/A-2's predefined schemas, so the packet describes it.
_PDFUA_SCHEMA = """
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>"""


def xmp(title: str, author: str, date: datetime, *, tagged: bool, archival: bool = True) -> bytes:
    """The XMP packet, its values the same as the Info dictionary's.

    `archival`: the file claims PDF/A-2 (false for a packet holding another maker's pages).
    """
    when = xmp_date(date)
    ua = "\n   <pdfuaid:part>1</pdfuaid:part>" if tagged else ""
    schema = _PDFUA_SCHEMA if tagged else ""
    level = "A" if tagged else "B"
    pdfa = (
        f"\n   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>{level}</pdfaid:conformance>"
        if archival
        else ""
    )
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>ja</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>handouts</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <pdf:Producer>handouts</pdf:Producer>{pdfa}{ua}{schema}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def metadata(
    objects: Objects,
    title: str,
    author: str,
    date: datetime,
    *,
    tagged: bool,
    archival: bool = True,
) -> int:
    """The XMP packet as the catalog's /Metadata stream (not compressed: archives read it raw)."""
    data = xmp(title, author, date, tagged=tagged, archival=archival)
    return objects.add(
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(data), data)
    )

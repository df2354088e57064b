"""The shortcuts that make builds fast never change what a build writes or reports.

- templates compiled once and kept in the user's cache: the same bytes with the cache cold,
  warm, damaged, unwritable or turned off; an edited template prints what it now says;
- fonts read by handouts' own TrueType reader, which agrees with fontTools, and PDFs that
  embed only the glyphs they print (composite glyphs with their parts);
- content read by libyaml where it cannot differ from the round-trip loader, which still reads
  everything else and still gives every error its line;
- the packet spliced from the papers reads as pypdf's merge would; the DOCX package written
  from the reference's parts.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import SAMPLE, copy_sample_committee, run_handouts
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import fastyaml
from generator.model.source import _round_trip

# --- the user's cache ----------------------------------------------------------------------------


def _build_bytes(tmp: Path, cache: str | None, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    out = tmp / f"out-{cache}"
    if cache is None:
        monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    else:
        monkeypatch.delenv("HANDOUTS_NO_CACHE", raising=False)
        monkeypatch.setenv("HANDOUTS_CACHE_DIR", cache)
    result = run_handouts("build", SAMPLE, "--out", out)
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_the_cache_never_changes_the_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    without = _build_bytes(tmp_path, None, monkeypatch)
    cold = _build_bytes(tmp_path, str(cache), monkeypatch)
    entries = sorted(cache.rglob("*.code"))
    assert len(entries) == 2  # agenda.xml.j2 and comparison.xml.j2, compiled
    warm = _build_bytes(tmp_path, str(cache), monkeypatch)
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:100])  # a torn or damaged entry
    damaged = _build_bytes(tmp_path, str(cache), monkeypatch)
    assert without == cold == warm == damaged


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    without = _build_bytes(tmp_path, None, monkeypatch)
    assert _build_bytes(tmp_path, str(blocked), monkeypatch) == without


# --- fonts ---------------------------------------------------------------------------------------


def _tiny_font(fs_type: int = 0, *, basic_plane: bool = False, monospaced: bool = False) -> bytes:
    """A TrueType font of four glyphs: B is built of A and C (a composite glyph).

    `basic_plane`: only a format 4 cmap; otherwise formats 12 and 14 (two variation sequences,
    one of them the base's own glyph) and a Japanese family name beside the English one.
    `monospaced`: one advance width, which hmtx gives once for the glyphs at its end
    (numberOfHMetrics below the glyph count).
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box(x0: int, y0: int, x1: int, y1: int):
        pen = TTGlyphPen(None)
        pen.moveTo((x0, y0))
        pen.lineTo((x0, y1))
        pen.lineTo((x1, y1))
        pen.lineTo((x1, y0))
        pen.closePath()
        return pen.glyph()

    glyphs = {
        ".notdef": box(0, 0, 500, 700),
        "A": box(50, 0, 450, 700),
        "C": box(100, 100, 300, 300),
    }
    pen = TTGlyphPen(glyphs)
    pen.addComponent("A", (1, 0, 0, 1, 100, 0))
    pen.addComponent("C", (1, 0, 0, 1, 0, 400))
    glyphs["B"] = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A", "B", "C"])
    cmap = {0x41: "A", 0x42: "B", 0x43: "C", 0x3042: "A"}
    uvs = None
    family: str | dict[str, str] = "Tiny"
    if not basic_plane:
        cmap[0x2000B] = "C"
        uvs = [(0x3042, 0xFE00, None), (0x3042, 0xE0100, "C")]
        family = {"en": "Tiny", "ja": "小さな字"}
    builder.setupCharacterMap(cmap, uvs=uvs)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(
        {n: (1000 if monospaced else 600 + 10 * i, 10 * i) for i, n in enumerate(glyphs)}
    )
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular", "psName": "Tiny-Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWeightClass=400, fsType=fs_type)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _fonts() -> list[tuple[str, bytes]]:
    from generator.resources import bundled_fonts

    files = sorted(bundled_fonts().glob("*.ttf"))
    tiny = [
        ("tiny", _tiny_font()),
        ("tiny-basic-plane", _tiny_font(basic_plane=True)),
        ("tiny-monospaced", _tiny_font(monospaced=True)),
    ]
    return [*tiny, *((p.name, p.read_bytes()) for p in files)]


@pytest.mark.parametrize(("name", "data"), _fonts(), ids=lambda v: v if isinstance(v, str) else "")
def test_font_reader_agrees_with_fonttools(name: str, data: bytes) -> None:
    from fontTools.ttLib import TTFont as FTFont

    from generator.typeset.truetype import TrueType

    ours, theirs = TrueType(data), FTFont(io.BytesIO(data))
    order = {glyph: i for i, glyph in enumerate(theirs.getGlyphOrder())}
    best = {code: order[glyph] for code, glyph in theirs.getBestCmap().items() if order[glyph]}
    assert {c: g for c, g in ours.cmap.items() if c != 0xA0} == {
        c: g for c, g in best.items() if c != 0xA0
    }
    assert list(ours.advances) == [theirs["hmtx"][g][0] for g in theirs.getGlyphOrder()]
    if name.startswith("tiny"):
        assert ours.cmap[0x3042] == order["A"]
        assert (0x2000B in ours.cmap) == (name != "tiny-basic-plane")
        subset = FTFont(io.BytesIO(ours.subset([0, order["C"], order["A"]])))
        assert [subset["hmtx"][g] for g in subset.getGlyphOrder()] == [
            theirs["hmtx"][g] for g in (".notdef", "C", "A")
        ]
    assert ours.units_per_em == theirs["head"].unitsPerEm
    assert ours.postscript_name == theirs["name"].getDebugName(6)
    assert ours.family_name == _family_by_fonttools(theirs)
    assert ours.variation_sequences == _sequences_by_fonttools(theirs, order)
    if name == "tiny":
        assert ours.family_name == "小さな字"
        assert ours.variation_sequences == {(0x3042, 0xFE00): None, (0x3042, 0xE0100): order["C"]}


def _family_by_fonttools(font) -> str:
    """The family name Word shows: Windows' Japanese name, else its US English one."""
    names = font["name"]
    for lang in (0x411, 0x409):
        record = names.getName(1, 3, 1, lang) or names.getName(1, 3, 10, lang)
        if record is not None:
            return record.toUnicode()
    return names.getDebugName(1) or ""


def _sequences_by_fonttools(font, order: dict[str, int]) -> dict:
    out = {}
    for table in font["cmap"].tables:
        if table.format == 14:
            for selector, pairs in table.uvsDict.items():
                for base, glyph in pairs:
                    out[(base, selector)] = None if glyph is None else order[glyph]
    return out


def test_subset_keeps_outlines_and_the_parts_of_composite_glyphs() -> None:
    from fontTools.ttLib import TTFont as FTFont

    from generator.typeset.truetype import TrueType

    font = TrueType(_tiny_font())
    original = FTFont(io.BytesIO(_tiny_font()))
    subset = FTFont(io.BytesIO(font.subset([0, font.cmap[0x42]])))
    assert subset["maxp"].numGlyphs == 4  # .notdef, B, then the A and C it is built of
    assert subset["cmap"].getcmap(1, 0).cmap == {1: subset.getGlyphOrder()[1]}

    def points(ttfont: FTFont, glyph: str) -> list[tuple[int, int]]:
        table = ttfont["glyf"]
        return list(table[glyph].getCoordinates(table)[0])

    assert points(subset, subset.getGlyphOrder()[1]) == points(original, "B")
    assert subset["hmtx"][subset.getGlyphOrder()[1]] == original["hmtx"]["B"]


def test_a_font_that_forbids_embedding_is_refused(tmp_path: Path) -> None:
    from generator.errors import HandoutsError
    from generator.typeset.fonts import FontFace

    path = tmp_path / "restricted.ttf"
    path.write_bytes(_tiny_font(fs_type=0x0002))
    with pytest.raises(HandoutsError) as caught:
        FontFace("Tiny", path).program()
    assert "埋め込み" in str(caught.value)


# --- PDFs ---------------------------------------------------------------------------------------


def test_pdf_embeds_only_the_glyphs_it_prints() -> None:
    """A one-word paper carries a few glyphs, not the font's ASCII as well."""
    from datetime import datetime

    from fontTools.ttLib import TTFont as FTFont
    from pypdf import PdfReader

    from generator.build import JST
    from generator.render.tree import Document, Paragraph, Text
    from generator.resources import default_templates
    from generator.typeset.fonts import FontRegistry
    from generator.typeset.pages import typeset
    from generator.typeset.styles import read_stylesheet
    from generator.typeset.typography import Typography
    from generator.writers.pdf_writer import write_pdf

    sheet = read_stylesheet(default_templates() / "reference.docx")
    typography = Typography(sheet, FontRegistry.for_committee({}))
    doc = Document(
        [Paragraph("見出し", (Text("協働"),))],
        page_numbers="never",
        date=datetime(2011, 3, 2, tzinfo=JST),
    )
    pdf = write_pdf(typeset(doc, typography))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    glyphs = []
    for ref in fonts.values():
        descriptor = ref.get_object()["/FontDescriptor"].get_object()
        program = descriptor["/FontFile2"].get_object().get_data()
        glyphs.append(FTFont(io.BytesIO(program))["maxp"].numGlyphs)
    assert glyphs and max(glyphs) <= 4  # .notdef, 協, 働 (and a space, reserved)
    assert b"/ASCII85Decode" not in pdf


# --- content read by libyaml ---------------------------------------------------------------------

needs_libyaml = pytest.mark.skipif(not fastyaml.available(), reason="PyYAML（libyaml）がありません")
ROOT = Path(__file__).resolve().parent.parent


def _plain(value: object) -> object:
    """ruamel's round-trip types (CommentedMap, ScalarInt …) as the builtin types they extend."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def _same_or_declined(text: str) -> bool:
    """True when libyaml read it as the round-trip loader does, False when it declined."""
    try:
        fast = fastyaml.load(text)
    except fastyaml.Declined:
        return False
    exact = _round_trip(text, Path("test.yaml"))
    assert fast == _plain(exact)
    assert type(fast) is type(_plain(exact))
    return True


@needs_libyaml
def test_resolvers_are_ruamels_yaml_1_2() -> None:
    from ruamel.yaml.resolver import implicit_resolvers

    theirs = [
        (tag.removeprefix("tag:yaml.org,2002:"), regexp.pattern, "".join(first))
        for versions, tag, regexp, first in implicit_resolvers
        if (1, 2) in versions
    ]
    ours = [
        (name, pattern, first.replace("\0", "")) for name, pattern, first in fastyaml.RESOLVERS_1_2
    ]
    assert ours == theirs


@needs_libyaml
@pytest.mark.parametrize(
    "path",
    sorted(p for d in ("content", "generator/skeleton") for p in (ROOT / d).rglob("*.yaml")),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_shipped_content_is_read_alike(path: Path) -> None:
    assert _same_or_declined(path.read_text(encoding="utf-8"))


READ_ALIKE = [
    'start: "10:00"\nend: 12:00\n',
    "no: 1\nyes: 2\non: off\ny: n\n",
    "date: 2011-03-02\nnumber: 4\nneg: -12\npublic: false\nnote: ~\nempty:\n",
    "text: |\n  一行目\n  二行目\n\nfolded: >\n  折り\n  返し\n\n  段落\nkeep: |+\n  x\n\nstrip: |-\n  y\n",
    "q: \"タブ\\t改行\\n全角\\u3000空白 \\\"引用\\\"\"\ns: 'it''s'\n",
    "plain: 複数行に\n  わたる値\nflow: [a, b, {c: d}]\n",
    "- 1\n- two\n- [3]\n",
    "key: value # コメント\n# 行のコメント\nother: 'x'\n",
    "title: 「協働」の定義：小金井市\nurl: http://example.jp/a?b=c\n",
    "'quoted key': 1\n\"12\": twelve\n12: int key\n",
    "true: t\nnull: n\n",
]


@needs_libyaml
@pytest.mark.parametrize("text", READ_ALIKE)
def test_plain_yaml_is_read_alike(text: str) -> None:
    assert _same_or_declined(text)


DECLINED = [
    "a: &x 1\nb: *x\n",  # an alias
    "base: &b {k: 1}\nother:\n  <<: *b\n",  # a merge key
    "n: 1.5\n",  # a float
    "n: 0o17\nm: 007\n",  # integers written otherwise
    "n: 1_000\n",
    "n: +5\n",
    "n: 0\n",
    "when: 2011-03-02 10:00:00\n",  # a time of day
    "date: 2011-02-30\n",  # a date that does not exist: kept as text by the round-trip loader
    "a: 1\na: 2\n",  # a duplicate key
    "%YAML 1.1\n---\nyes: no\n",  # a directive
    "x: !!int 3\n",  # an explicit tag
    "x: !!str 3\n",
    "x: [!!str 3]\n",
    "x: !custom 3\n",
    "x: !!int abc\n",  # a value its tag cannot hold
    "x: !!float 1\n",
    "x: 'a\u2028b'\n",  # a line break of YAML 1.1
    "a: 1\n---\nb: 2\n",  # two documents
    "a: [1, 2\n",  # a syntax error
    "a:\n\t- 1\n",  # a tab
    "? [a, b]\n: 1\n",  # a key that is a list
]


@needs_libyaml
@pytest.mark.parametrize("text", DECLINED)
def test_anything_else_goes_to_the_round_trip_loader(text: str) -> None:
    with pytest.raises(fastyaml.Declined):
        fastyaml.load(text)


_printable = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from("\t\n :#-'\"[]{}&*!|>%@`,?"),
    max_size=30,
)
_scalars = st.one_of(
    _printable,
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from(["10:00", "no", "yes", "~", "null", "0x1F", "1e3", "1.5", "-", "<<", "="]),
)
_documents = st.dictionaries(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8),
    st.recursive(
        _scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4)
        ),
        max_leaves=12,
    ),
    min_size=1,
    max_size=5,
)


@needs_libyaml
@settings(deadline=None)
@given(_documents, st.sampled_from(["block", "flow", "quoted", "literal"]))
def test_any_written_content_is_read_alike_or_declined(data: dict, style: str) -> None:
    """Content written by ruamel.yaml in various styles reads the same both ways."""
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    def styled(value: object) -> object:
        if isinstance(value, dict):
            return {k: styled(v) for k, v in value.items()}
        if isinstance(value, list):
            return [styled(v) for v in value]
        if isinstance(value, str) and style == "quoted":
            return DoubleQuotedScalarString(value)
        if isinstance(value, str) and style == "literal" and "\n" in value and value.strip():
            return LiteralScalarString(value)
        return value

    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.default_flow_style = style == "flow"
    stream = io.StringIO()
    yaml.dump(styled(data), stream)
    text = re.sub(r"\A%YAML 1\.2\n---\n", "", stream.getvalue())
    _same_or_declined(text)


@needs_libyaml
def test_problems_found_later_still_name_their_line(tmp_path: Path) -> None:
    """A value read quickly that the schema refuses is reported at its line, as before."""
    from generator.errors import HandoutsError
    from generator.model.meeting import Meeting
    from generator.model.source import load_yaml
    from generator.model.validate import validate

    path = tmp_path / "meeting.yaml"
    path.write_text(
        'number: 4\ndate: 2011-03-02\nstart: "10:00"\nend: "12:00"\nplace: 会議室\n'
        "agenda:\n  - 議題\nmaterials:\n  - title: 資料\n    handout: 12\n",
        encoding="utf-8",
    )
    source = load_yaml(path)
    assert source.text is not None  # read by the quick path
    with pytest.raises(HandoutsError) as caught:
        validate(Meeting, source)
    assert [(p.line, p.field) for p in caught.value.problems] == [(10, "materials.0.handout")]


# --- the packet of generated papers -------------------------------------------------------------


def _packet_view(pdf: bytes) -> dict:
    """What a member sees of a packet: pages, their text and size, labels, outline, metadata."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    meta = reader.metadata
    return {
        "pages": [
            (page.extract_text(), [float(v) for v in page.mediabox], bool(page.get_contents()))
            for page in reader.pages
        ],
        "labels": reader.page_labels,
        "outline": [(o.title, reader.get_destination_page_number(o)) for o in reader.outline],
        "meta": (
            meta.title,
            meta.author,
            meta.creator,
            meta.producer,
            meta.creation_date,
            meta.modification_date,
        ),
        "catalog": (
            root["/Lang"],
            root["/PageMode"],
            root["/ViewerPreferences"]["/DisplayDocTitle"],
        ),
    }


def _merged_by_pypdf(parts: list, *, title: str, author: str, date, duplex: bool) -> bytes:
    """The packet as pypdf's own merge makes it: the answer the splice is held to."""
    from pypdf import PdfReader, PdfWriter

    from generator.writers.pdf_file import pdf_date

    writer = PdfWriter()
    for part in parts:
        if duplex and len(writer.pages) % 2:
            last = writer.pages[-1]
            writer.add_blank_page(float(last.mediabox.width), float(last.mediabox.height))
            writer.set_page_label(len(writer.pages) - 1, len(writer.pages) - 1, prefix="白紙")
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.pdf)), outline_item=part.title)
        count = len(writer.pages) - start
        for i in range(count):
            writer.set_page_label(start + i, start + i, prefix=f"{part.label} {i + 1}/{count}")
    stamp = pdf_date(date).decode()
    writer.add_metadata(
        {"/Title": title, "/Author": author, "/Creator": "handouts", "/Producer": "handouts",
         "/CreationDate": stamp, "/ModDate": stamp}
    )  # fmt: skip
    from pypdf.generic import NameObject, TextStringObject

    writer.root_object[NameObject("/Lang")] = TextStringObject("ja")
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences().display_doctitle = True
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("duplex", [False, True], ids=["simplex", "duplex"])
def test_spliced_packet_is_what_pypdf_would_merge(tmp_path: Path, duplex: bool) -> None:
    from datetime import datetime

    from generator.build import JST, prepare
    from generator.writers.pdfsplice import Part, splice

    files = prepare(SAMPLE, tmp_path).files
    agenda, handout = files[tmp_path / "第4回_次第.pdf"], files[tmp_path / "第4回_資料2.pdf"]
    parts = [
        Part("次第", "次第", agenda),
        Part("資料２", "資料２ 定義", handout),
        Part("資料３", "資料３", agenda),
    ]
    meta = {
        "title": "第４回会議資料",
        "author": "小金井市",
        "date": datetime(2011, 3, 2, tzinfo=JST),
    }
    spliced, pages = splice(parts, duplex=duplex, **meta)
    merged = _merged_by_pypdf(parts, duplex=duplex, **meta)
    assert pages == (5 if duplex else 4)  # duplex: a blank after the 次第
    assert _packet_view(spliced) == _packet_view(merged)


def test_a_build_without_attachments_does_not_load_pypdf(tmp_path: Path) -> None:
    script = (
        "import sys; from generator.build import build; "
        f"build(__import__('pathlib').Path({str(SAMPLE)!r}), __import__('pathlib').Path({str(tmp_path)!r})); "
        "print('pypdf' in sys.modules)"
    )
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


# --- the .docx package ---------------------------------------------------------------------------

_CHANGED = {
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "docProps/core.xml",
    "docProps/app.xml",  # handouts and the paper's pages, not the reference's
    "word/settings.xml",  # compatibility mode 15
    "[Content_Types].xml",
    "_rels/.rels",
}


def _reference_variant(tmp: Path, drop: tuple[str, ...] = (), footer: bool = False) -> Path:
    """The shipped reference .docx without some parts, or with a footer of its own."""
    import zipfile

    from generator.resources import default_templates

    with zipfile.ZipFile(default_templates() / "reference.docx") as z:
        parts = {name: z.read(name) for name in z.namelist() if name not in drop}
    if "docProps/core.xml" in drop:
        parts["_rels/.rels"] = re.sub(
            rb"<Relationship [^>]*core-properties[^>]*/>", b"", parts["_rels/.rels"]
        )
    if footer:
        w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        parts["word/footer7.xml"] = (
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
            b"<w:ftr " + w + b"><w:p><w:r><w:t>old</w:t></w:r></w:p>"
            b"<w:p><w:r><w:t>kept</w:t></w:r></w:p></w:ftr>"
        )
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/footer" Target="footer7.xml"/></Relationships>',
        )
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"<w:pgSz", b'<w:footerReference w:type="default" r:id="rId9"/><w:pgSz'
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/word/footer7.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
        )
    path = tmp / "reference.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _paper_docx(reference: Path, landscape: bool = False) -> bytes:
    from datetime import datetime

    from generator.build import JST
    from generator.render.tree import Document, Paragraph, Text
    from generator.typeset.fonts import FontRegistry
    from generator.typeset.pages import typeset
    from generator.typeset.styles import read_stylesheet
    from generator.typeset.typography import Typography
    from generator.writers.docx_writer import write_docx

    sheet = read_stylesheet(reference)
    typography = Typography(sheet, FontRegistry.for_committee({}))
    doc = Document(
        [Paragraph("表題", (Text("協働の定義"),)), Paragraph("定義", (Text("本文 & <記号>"),))],
        title="会議の資料",
        orientation="landscape" if landscape else "portrait",
        page_numbers="always",
        author="小金井市",
        date=datetime(2011, 3, 2, tzinfo=JST),
    )
    return write_docx(typeset(doc, typography))


def test_docx_copies_the_reference_parts_it_does_not_change(tmp_path: Path) -> None:
    import zipfile

    import docx

    reference = _reference_variant(tmp_path)
    data = _paper_docx(reference)
    with zipfile.ZipFile(reference) as ref, zipfile.ZipFile(io.BytesIO(data)) as out:
        for name in ref.namelist():
            if name not in _CHANGED:
                assert out.read(name) == ref.read(name), name
    word = docx.Document(io.BytesIO(data))
    assert [p.text for p in word.paragraphs] == ["協働の定義", "本文 & <記号>"]
    props = word.core_properties
    assert (props.title, props.author, props.last_modified_by, props.language) == (
        "会議の資料", "小金井市", "小金井市", "ja-JP",
    )  # fmt: skip
    assert props.created.isoformat() == "2011-03-01T15:00:00+00:00"
    footer = word.sections[0].footer
    assert not footer.is_linked_to_previous
    assert "PAGE" in footer._element.xml


def test_docx_turns_the_page_for_landscape_papers(tmp_path: Path) -> None:
    import docx

    section = docx.Document(io.BytesIO(_paper_docx(_reference_variant(tmp_path), True))).sections[0]
    assert section.page_width > section.page_height
    assert str(section.orientation) == "LANDSCAPE (1)"


def test_docx_page_number_replaces_the_first_line_of_a_footer_the_reference_has(
    tmp_path: Path,
) -> None:
    import docx

    data = _paper_docx(_reference_variant(tmp_path, footer=True))
    footer = docx.Document(io.BytesIO(data)).sections[0].footer
    texts = [p.text for p in footer.paragraphs]
    assert texts[1:] == ["kept"] and "old" not in texts
    assert "PAGE" in footer._element.xml


def test_docx_gets_core_properties_when_the_reference_has_none(tmp_path: Path) -> None:
    import docx

    data = _paper_docx(_reference_variant(tmp_path, drop=("docProps/core.xml",)))
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.title, props.author, props.language) == ("会議の資料", "小金井市", "ja-JP")


# --- templates compiled once ---------------------------------------------------------------------


def test_templates_compiled_before_follow_every_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache holds compiled templates, yet an edited template prints what it now says,
    and a template error found in cached code still names its line."""

    from conftest import docx_text

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    ws = tmp_path / "ws"
    copy_sample_committee(ws / "content" / SAMPLE.parent.name)
    assert run_handouts("templates", ".", "--copy", "agenda.xml.j2", cwd=ws).returncode == 0
    agenda = ws / "templates" / "agenda.xml.j2"
    original = agenda.read_text(encoding="utf-8")
    meeting = "content/koganei-kyodo/04"
    paper = ws / "handouts" / "koganei-kyodo" / "04" / "第4回_次第.docx"
    for word in ("一回目の版", "二回目の版"):
        agenda.write_text(original.replace("次第</p>", f"次第{word}</p>"), encoding="utf-8")
        result = run_handouts("build", meeting, cwd=ws)
        assert result.returncode == 0, result.stderr
        assert word in docx_text(paper)
    assert list((tmp_path / "cache" / "templates").rglob("*.code"))
    lines = original.splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if "次第</p>" in text)
    lines.insert(at + 1, '{% if meeting.place == "別の会場" %}{{ meeting.plac }}{% endif %}\n')
    agenda.write_text("".join(lines), encoding="utf-8")
    assert run_handouts("build", meeting, cwd=ws).returncode == 0  # compiled and kept
    yaml = ws / meeting / "meeting.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(re.sub(r"(?m)^place: .*$", "place: 別の会場", text), encoding="utf-8")
    result = run_handouts("build", meeting, cwd=ws)
    assert result.returncode == 1
    assert result.stderr.startswith(f"エラー: templates/agenda.xml.j2:{at + 2}: "), result.stderr


def test_unprintable_characters_are_exactly_the_control_characters() -> None:
    """The content check matches Unicode's categories for every code point there is, and the
    interlinear annotation marks the templates tag content values with."""
    import unicodedata

    from generator.model.text import UNPRINTABLE

    expected = [
        cp
        for cp in range(0x110000)
        if chr(cp) not in "\n\t"
        and (
            unicodedata.category(chr(cp)) in ("Cc", "Cs")
            or cp in (0xFFF9, 0xFFFA, 0xFFFB, 0xFFFE, 0xFFFF)  # annotation marks, non-characters
        )
    ]
    assert [cp for cp in range(0x110000) if UNPRINTABLE.match(chr(cp))] == expected


def test_a_face_of_a_font_collection_is_read_by_its_index(tmp_path: Path) -> None:
    from fontTools.ttLib import TTCollection
    from fontTools.ttLib import TTFont as FTFont

    from generator.typeset.truetype import TrueType

    collection = TTCollection()
    collection.fonts = [FTFont(io.BytesIO(_tiny_font())), FTFont(io.BytesIO(_tiny_font()))]
    collection.fonts[1]["name"].setName("Second-Face", 6, 3, 1, 0x409)
    out = io.BytesIO()
    collection.save(out)
    assert [TrueType(out.getvalue(), i).postscript_name for i in (0, 1)] == [
        "Tiny-Regular",
        "Second-Face",
    ]

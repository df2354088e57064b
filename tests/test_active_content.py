"""An attached PDF's active content never reaches the packets; the build says what it removed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import copy_sample_committee, run_handouts
from hostile_pdf import WEB, active_markers, hostile_pdf
from pypdf import PdfReader

PRIVATE_TITLE = "  - title: 「協働の意義」についての他市等の例\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    ws = tmp_path_factory.mktemp("ws")
    meeting = copy_sample_committee(ws / "content/c") / "04"
    original = hostile_pdf()
    (meeting / "h.pdf").write_bytes(original)
    (meeting / "p.pdf").write_bytes(original[:-1] + b"\n")  # another file, the same content
    yaml = meeting / "meeting.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace(
        "  - title: 市民協働に関する小金井市実態調査報告書\n",
        "  - title: 市民協働に関する小金井市実態調査報告書\n    attach: h.pdf\n",
    ).replace(PRIVATE_TITLE, PRIVATE_TITLE + "    attach: p.pdf\n    public: false\n")
    yaml.write_text(text, encoding="utf-8")
    result = run_handouts("build", meeting, "--out", ws / "out")
    assert result.returncode == 0, result.stderr
    assert (meeting / "h.pdf").read_bytes() == original
    return ws / "out", meeting, result.stderr


def test_the_original_carries_what_the_test_looks_for() -> None:
    assert len(active_markers(hostile_pdf())) == 9


@pytest.mark.parametrize("name", ["第4回_会議資料.pdf", "第4回_会議資料_公開用.pdf"])
def test_no_packet_holds_scripts_launches_or_files(
    built: tuple[Path, Path, str], name: str
) -> None:
    out, _, _ = built
    packet = (out / name).read_bytes()
    assert active_markers(packet) == []
    if not name.endswith("公開用.pdf"):
        assert web_links(packet) == [WEB] * 4  # in each attachment: a link, one that ran Launch


def web_links(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.append(str(action["/URI"]))
    return found


def test_the_summary_says_per_attachment_what_was_removed(built: tuple[Path, Path, str]) -> None:
    _, _, said = built
    lines = [line for line in said.splitlines() if "取り除いて" in line]
    assert len(lines) == 2
    assert "h.pdf" in lines[0] and "p.pdf" in lines[1]
    for line in lines:
        assert "meeting.yaml:" in line
        for kind in ("JavaScript 3 件", "Launch", "フォームの送信", "ファイル添付の注釈 1 件"):
            assert kind in line


def test_the_manifest_records_what_was_removed_with_relative_paths(
    built: tuple[Path, Path, str],
) -> None:
    out, _, _ = built
    record = json.loads((out / "第4回_manifest.json").read_text(encoding="utf-8"))
    attached = [i for i in record["inputs"] if i["role"] == "attachment"]
    assert [a["file"] for a in attached] == ["content/c/04/h.pdf", "content/c/04/p.pdf"]
    for entry in attached:
        assert "JavaScript 3 件" in entry["active_content_removed"]

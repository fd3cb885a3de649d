"""Reading files: decoding, the text and Markdown readers, their source maps, folders, stdin."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycheck.document import BlockKind, Document
from policycheck.read import (
    DEFAULT_MAX_SIZE,
    READERS,
    EmptyFile,
    ReadError,
    Skipped,
    UnreadableFile,
    decode,
    iter_documents,
    read_bytes,
    read_path,
)
from policycheck.read import markdown as md_reader
from policycheck.read import text as text_reader

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_774ca0d1615432bc.txt"

READ_FUNCS = {"text": text_reader.read, "markdown": md_reader.read}


def blocks(doc: Document, kind: BlockKind | None = None) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks if kind is None or b.kind is kind]


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, doc.text[b.start : b.end]) for b in doc.blocks]


def assert_maps(doc: Document, word: str, original: str, line: int, column: int) -> None:
    """``word`` of the normalised text comes from ``original`` at ``line``:``column``."""
    i = doc.text.index(word)
    loc = doc.locate(i, i + len(word))
    assert doc.original[loc.start_offset : loc.end_offset] == original
    assert (loc.line, loc.column) == (line, column)


# -- decode --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Förslag".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Förslag".encode(), "utf-8-sig"),
        ("\ufeffFörslag".encode("utf-16-le"), "utf-16"),
        ("\ufeffFörslag".encode("utf-16-be"), "utf-16"),
        ("\ufeffFörslag".encode("utf-32-le"), "utf-32"),
        ("\ufeffFörslag".encode("utf-32-be"), "utf-32"),
    ],
)
def test_decode_unicode(data: bytes, encoding: str) -> None:
    text, name, notes = decode(data)
    assert (text, name, notes) == ("Förslag", encoding, [])


def test_decode_cp1252_with_note() -> None:
    text, name, notes = decode("Förslag – åtgärder €".encode("cp1252"))
    assert text == "Förslag – åtgärder €"
    assert name == "cp1252"
    assert notes == ["not valid UTF-8; decoded as cp1252"]


def test_decode_latin1_when_cp1252_fails() -> None:
    text, name, notes = decode(b"F\xf6rslag \x81")  # 0x81 is undefined in cp1252
    assert text == "Förslag \x81"
    assert name == "latin-1"
    assert "latin-1" in notes[0]


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf \n"])
def test_decode_empty(data: bytes) -> None:
    with pytest.raises(EmptyFile, match=r"^empty file$"):
        decode(data)


def test_decode_binary() -> None:
    with pytest.raises(UnreadableFile, match=r"^binary file \(not text\)$"):
        decode(b"PK\x03\x04\x00\x00text")


# -- source maps, both readers -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_map_hyphenated_word(fmt: str) -> None:
    src = "Det tidigare integrations-\nprogrammet var bra.\n"
    doc = READ_FUNCS[fmt](src.encode(), "x")
    assert doc.text == "Det tidigare integrationsprogrammet var bra."
    assert_maps(doc, "integrationsprogrammet", "integrations-\nprogrammet", 1, 14)
    assert_maps(doc, "var", "var", 2, 12)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_map_crlf(fmt: str) -> None:
    src = "Rad ett och integrations-\r\nprogrammet.\r\n\r\nAndra stycket här.\r\n"
    doc = READ_FUNCS[fmt](src.encode(), "x")
    assert "\r" not in doc.text
    assert blocks(doc) == ["Rad ett och integrationsprogrammet.", "Andra stycket här."]
    assert_maps(doc, "integrationsprogrammet", "integrations-\r\nprogrammet", 1, 13)
    assert_maps(doc, "stycket", "stycket", 4, 7)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_map_nbsp_and_soft_hyphen(fmt: str) -> None:
    src = "Kostnaden\u00a0är 5\u00a0000\u00a0kr för stads\u00addelen.\n"
    doc = READ_FUNCS[fmt](src.encode(), "x")
    assert doc.text == "Kostnaden är 5 000 kr för stadsdelen."
    assert_maps(doc, "5 000 kr", "5\u00a0000\u00a0kr", 1, 14)
    assert_maps(doc, "stadsdelen", "stads\u00addelen", 1, 27)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_map_cp1252(fmt: str) -> None:
    src = "Översyn\n\nÅtgärderna är för få och\nför vaga.\n"
    doc = READ_FUNCS[fmt](src.encode("cp1252"), "x")
    assert doc.encoding == "cp1252"
    assert doc.notes == ["not valid UTF-8; decoded as cp1252"]
    assert_maps(doc, "vaga", "vaga", 4, 5)
    assert_maps(doc, "få och för", "få och\nför", 3, 19)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_map_utf16_bom(fmt: str) -> None:
    src = "Inledning\n\nMålen är otydliga och saknar\r\nuppföljning.\r\n"
    doc = READ_FUNCS[fmt](("\ufeff" + src).encode("utf-16-le"), "x")
    assert doc.encoding == "utf-16"
    assert doc.original == src  # the BOM is dropped; offsets refer to the text after it
    assert_maps(doc, "uppföljning", "uppföljning", 4, 1)
    assert_maps(doc, "saknar uppföljning", "saknar\r\nuppföljning", 3, 23)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_suspended_hyphen_kept(fmt: str) -> None:
    src = (
        "Skillnader i sysselsättnings-\noch utbildningsnivåer samt gatu- och fastig-\n"
        "hetsnämnden.\n"
    )
    doc = READ_FUNCS[fmt](src.encode(), "x")
    assert "sysselsättnings- och utbildningsnivåer" in doc.text
    assert "gatu- och fastighetsnämnden" in doc.text


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_ligatures_and_tabs(fmt: str) -> None:
    doc = READ_FUNCS[fmt]("Ett e\ufb00ektivt\tarbete.\n".encode(), "x")
    assert doc.text == "Ett effektivt arbete."
    assert_maps(doc, "effektivt", "e\ufb00ektivt", 1, 5)


# -- the text reader -----------------------------------------------------------------------


def read_text(src: str) -> Document:
    return text_reader.read(src.encode(), "t.txt")


def test_text_format_and_paragraphs() -> None:
    doc = read_text("Första stycket\nfortsätter här.\n \n\u00a0\nAndra stycket.\n")
    assert doc.format == "text"
    assert kinds(doc) == [
        ("paragraph", "Första stycket fortsätter här."),
        ("paragraph", "Andra stycket."),
    ]


def test_text_bullets_and_continuations() -> None:
    src = (
        "Målen är följande:\n"
        "• Skapa förutsättningar för ökad hållbar tillväxt i hela staden genom insatser\n"
        "i ytterstaden.\n"
        "- Minska skillnaderna.\n"
        "* Utveckla metoder.\n"
        "– Bryta fördomar.\n"
        "▪ Fyra.\n"
        "◦ Fem.\n"
        "1. underlätta deltagande,\n"
        "2) förebygga risken,\n"
        "a) hjälpa de mest utsatta.\n"
    )
    doc = read_text(src)
    assert kinds(doc) == [
        ("paragraph", "Målen är följande:"),
        # a bullet glyph is not part of the item's text (quotes, the model's words); a number
        # or letter is how the item is referred to, and stays
        (
            "list_item",
            "Skapa förutsättningar för ökad hållbar tillväxt i hela staden genom insatser "
            "i ytterstaden.",
        ),
        ("list_item", "Minska skillnaderna."),
        ("list_item", "Utveckla metoder."),
        ("list_item", "Bryta fördomar."),
        ("list_item", "Fyra."),
        ("list_item", "Fem."),
        ("list_item", "1. underlätta deltagande,"),
        ("list_item", "2) förebygga risken,"),
        ("list_item", "a) hjälpa de mest utsatta."),
    ]


def test_text_dash_inside_wrapped_sentence_is_not_a_bullet() -> None:
    src = (
        "De som ska leda det fortsatta arbetet med att nå stadens mål lokalt och centralt\n"
        "– bör bibringas det samlade kunnande som finns såväl inom staden som utanför.\n"
    )
    doc = read_text(src)
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH]


def test_text_markdown_style_headings() -> None:
    src = (
        "# Titel #\n\nText.\n\n## Del två\nMer text.\n\n"
        "Underrubrik\n===========\n\nText.\n\nMindre rubrik\n-------------\nText.\n"
    )
    doc = read_text(src)
    headings = [(doc.text[b.start : b.end], b.level) for b in doc.blocks if b.kind == "heading"]
    assert headings == [("Titel", 1), ("Del två", 2), ("Underrubrik", 1), ("Mindre rubrik", 2)]
    assert "=" not in doc.text and "---" not in doc.text and "#" not in doc.text


def test_text_heading_heuristic_levels() -> None:
    src = (
        "Riktlinje för anhörigstöd\n\n"
        "Bakgrund\n"
        "Kommunstyrelsen har remitterat förslaget till nämnden, som lämnar sitt yttrande här.\n\n"
        "3.2 Mål och uppföljning\n"
        "Målen ska vara mätbara och följas upp varje år av nämnden och av kommunstyrelsen.\n"
    )
    doc = read_text(src)
    assert [(b.kind.value, b.level) for b in doc.blocks] == [
        ("heading", 1),
        ("heading", 2),
        ("paragraph", 0),
        ("heading", 2),
        ("paragraph", 0),
    ]
    assert blocks(doc, BlockKind.HEADING)[2] == "3.2 Mål och uppföljning"


def test_text_heading_after_sentence_inside_chunk() -> None:
    src = (
        "Förslaget saknar planering för hur en ökad ambitionsnivå i integrationsarbetet ska\n"
        "finansieras.\n"
        " Bakgrund \n"
        "Kommunstyrelsen har till socialtjänstnämnden för yttrande remitterat förslag\n"
        "till integrationspolicy för Stockholms stad.\n"
    )
    doc = read_text(src)
    assert [b.kind.value for b in doc.blocks] == ["paragraph", "heading", "paragraph"]
    assert blocks(doc, BlockKind.HEADING) == ["Bakgrund"]
    assert_maps(doc, "Bakgrund", "Bakgrund", 3, 2)


def test_text_wrapped_lines_are_not_headings() -> None:
    # short-ish lines without punctuation that are merely wrapped
    src = (
        "Detta tjänsteutlåtande har utarbetats inom kansliavdelningen i samarbete med\n"
        "staben för utredning och projekt, Europaforum Stockholm och Precens.\n\n"
        "Det saknas redovisning för hur stadens hittills bedrivna integrationsarbete har\n"
        "fungerat. Vad har lyckats?\n"
    )
    doc = read_text(src)
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_text_lowercase_chunk_continues_after_page_break() -> None:
    src = (
        "Beskrivningen är märklig. Varför står ”utanför Stockholms\n\n\n   \n"
        "DNR 106-555/2004\nSID. 6 (7)\n\n \n"
        "tullar” med i meningen? Vad signalerar det?\n"
    )
    doc = read_text(src)
    assert blocks(doc) == [
        "Beskrivningen är märklig. Varför står ”utanför Stockholms tullar” med i meningen? "
        "Vad signalerar det?",
        "DNR 106-555/2004",
        "SID. 6 (7)",
    ]
    assert_maps(doc, "tullar”", "tullar”", 9, 1)


def test_text_line_list_is_split() -> None:
    src = (
        "Fyra mål:\n\n"
        "Mål 1. Hemlöshet ska förebyggas\nMål 2. Ingen ska bo på gatan\nMål 3. Bostad först.\n"
    )
    doc = read_text(src)
    assert len(doc.blocks) == 4
    assert all(b.kind is BlockKind.PARAGRAPH for b in doc.blocks)


def test_text_rule_lines_are_dropped() -> None:
    doc = read_text("Slut på texten.\n\n_____________________\n\nBilagor\nEn bilaga finns.\n")
    assert "_" not in doc.text


def test_seed_headings() -> None:
    doc = read_path(SEED)
    headings = blocks(doc, BlockKind.HEADING)
    for expected in (
        "Sammanfattning",
        "Bakgrund",
        "Förvaltningens synpunkter",
        "Stockholm – en stad i Sverige och i Europa",
        "Några konkreta kommentarer till förslaget till integrationspolicy",
    ):
        assert expected in headings
    # every heading is one whole source line: no wrapped paragraph line became one
    lines = {line.strip() for line in doc.original.splitlines()}
    assert all(h in lines for h in headings)
    assert set(headings) == {
        "Förslag till beslut",
        "Sammanfattning",
        "Bakgrund",
        "Förslaget till integrationspolicy för Stockholms stad i sammanfattning",
        "Förvaltningens synpunkter",
        "Stockholm – en stad i Sverige och i Europa",
        "Sveriges handlingsplan mot fattigdom och social utestängning 2003 – 2005",
        "Några konkreta kommentarer till förslaget till integrationspolicy",
    }
    assert doc.blocks[0].kind is BlockKind.HEADING and doc.blocks[0].level == 1
    # the heading is not glued to the sentence that follows it without a blank line
    i = doc.text.index("Sammanfattning")
    assert doc.text[i : i + len("Sammanfattning") + 2] == "Sammanfattning\n\n"


def test_seed_lists_and_paragraphs() -> None:
    doc = read_path(SEED)
    items = blocks(doc, BlockKind.LIST_ITEM)
    assert (
        "Minska skillnaderna mellan olika delar av staden avseende sysselsättnings- och "
        "utbildningsnivåer, hälsa, trygghet och trivsel samt tillgång till service, kultur "
        "och fritidsaktiviteter." in items
    )
    # a bullet split by a stray blank line is one item
    assert any(item.startswith("Skapa förutsättningar") and "hela staden" in item for item in items)
    assert (
        "1. underlätta deltagande i sysselsättning och allas tillgång till resurser och tjänster,"
        in items
    )
    assert "8. förnya eftersatta områden." in items
    # the paragraph after the last bullet is not part of the item
    paragraphs = blocks(doc, BlockKind.PARAGRAPH)
    assert any(p.startswith("Målen är ett uttryck för respekten") for p in paragraphs)
    assert any("utanför Stockholms tullar” med i meningen?" in p for p in paragraphs)
    assert "integrationsprogrammet. Det saknas" in doc.text


# -- the Markdown reader -------------------------------------------------------------------


def read_md(src: str) -> Document:
    return md_reader.read(src.encode(), "m.md")


def test_markdown_blocks() -> None:
    src = (
        "# Titel\n\nEtt stycke\nsom fortsätter.\n\n## Mål\n\n"
        "- punkt ett\n- punkt två\n\n  andra stycket\n  - inre punkt\n\n"
        "1. numrerad\n\n> Citat som\n> fortsätter.\n\n"
        "| Mål | Indikator |\n|-----|-----------|\n| Färre hemlösa | Antal |\n\n"
        "Setext\n======\n"
    )
    doc = read_md(src)
    assert doc.format == "markdown"
    assert kinds(doc) == [
        ("heading", "Titel"),
        ("paragraph", "Ett stycke som fortsätter."),
        ("heading", "Mål"),
        ("list_item", "punkt ett"),
        ("list_item", "punkt två"),
        ("list_item", "andra stycket"),
        ("list_item", "inre punkt"),
        ("list_item", "numrerad"),
        ("paragraph", "Citat som fortsätter."),
        ("table_cell", "Mål"),
        ("table_cell", "Indikator"),
        ("table_cell", "Färre hemlösa"),
        ("table_cell", "Antal"),
        ("heading", "Setext"),
    ]
    assert [b.level for b in doc.blocks if b.kind is BlockKind.HEADING] == [1, 2, 1]
    assert_maps(doc, "Färre hemlösa", "Färre hemlösa", 21, 3)
    assert_maps(doc, "inre punkt", "inre punkt", 12, 5)


@pytest.mark.parametrize(
    "front", ["---\ntitle: Policy\ntags: [a, b]\n---\n", "+++\ntitle = 'Policy'\n+++\n"]
)
def test_markdown_front_matter_skipped(front: str) -> None:
    doc = read_md(front + "# Rubrik\n\nText.\n")
    assert blocks(doc) == ["Rubrik", "Text."]
    assert_maps(doc, "Text", "Text", front.count("\n") + 3, 1)


def test_markdown_thematic_break_at_start_is_not_front_matter_without_closer() -> None:
    doc = read_md("---\n\nText här.\n")
    assert blocks(doc) == ["Text här."]


def test_markdown_code_and_html_skipped() -> None:
    src = (
        "Före.\n\n```python\nkod = 1\n```\n\n    indraget kod\n\n"
        "<div>\nhtml block\n</div>\n\n<!-- policycheck: disable=PC101 -->\n\nEfter.\n"
    )
    doc = read_md(src)
    assert blocks(doc) == ["Före.", "Efter."]


def test_markdown_inline_markup_does_not_leak() -> None:
    src = (
        'Vi *ska* **verkligen** arbeta med [EU-frågor](https://example.org/och "titel"):s '
        "och `kod`,\nse <https://example.org> och ![bild](b.png) x\\*y AT&amp;T "
        "<!-- policycheck: disable=PC101 --> ~slut~.\n"
    )
    doc = read_md(src)
    assert doc.text == (
        "Vi ska verkligen arbeta med EU-frågor:s och kod, se https://example.org och "
        "x*y AT&T ~slut~."
    )
    assert_maps(doc, "verkligen", "verkligen", 1, 12)
    assert_maps(doc, "EU-frågor:s", 'EU-frågor](https://example.org/och "titel"):s', 1, 36)
    assert_maps(doc, "x*y", "x\\*y", 2, 45)
    assert_maps(doc, "AT&T", "AT&amp;T", 2, 50)
    assert_maps(doc, "kod,", "kod`,", 1, 87)


def test_markdown_hyphen_across_softbreak_in_emphasis() -> None:
    doc = read_md("Det *integrations-\nprogrammet* är bra.\n")
    assert doc.text == "Det integrationsprogrammet är bra."
    assert_maps(doc, "integrationsprogrammet", "integrations-\nprogrammet", 1, 6)


def test_markdown_entities_in_table_cells() -> None:
    doc = read_md("| A &amp; B | C \\| D |\n|---|---|\n| x | *y* |\n")
    assert blocks(doc) == ["A & B", "C | D", "x", "y"]
    assert_maps(doc, "A & B", "A &amp; B", 1, 3)
    assert_maps(doc, "C | D", "C \\| D", 1, 15)
    assert_maps(doc, "y", "y", 3, 8)


def test_markdown_hardbreak() -> None:
    doc = read_md("Rad ett  \nrad två\\\nrad tre.\n")
    assert doc.text == "Rad ett rad två rad tre."


# -- files, folders, stdin -----------------------------------------------------------------


def test_readers_registered() -> None:
    assert {".txt", ".text", ".md", ".markdown"} <= set(READERS)
    assert READERS[".txt"] is text_reader.read
    assert READERS[".md"] is md_reader.read
    assert DEFAULT_MAX_SIZE == 20 * 1024 * 1024


def test_read_path_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Rubrik\n\n*Text*.\n", encoding="utf-8")
    (tmp_path / "b.TXT").write_text("Text.\n", encoding="utf-8")
    doc = read_path(tmp_path / "a.md", "shown.md")
    assert (doc.path, doc.format, doc.text) == ("shown.md", "markdown", "Rubrik\n\nText.")
    assert read_path(tmp_path / "b.TXT").format == "text"


def test_read_path_errors(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match=r"^unsupported file type '\.xyz' \(supported: .*\.md"):
        read_path(tmp_path / "a.xyz")
    with pytest.raises(UnreadableFile, match=r"^no such file$"):
        read_path(tmp_path / "missing.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(UnreadableFile, match=r"^is a directory$"):
        read_path(tmp_path / "dir.txt")
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000, encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"^file too large \(2 kB; the limit is 1000 bytes\)$"):
        read_path(big, max_size=1000)
    assert read_path(big, max_size=None).text == "x" * 2000


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX non-root")
def test_read_path_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Text.\n", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(UnreadableFile, match=r"^permission denied$"):
            read_path(path)
    finally:
        path.chmod(0o644)


def make_tree(root: Path) -> None:
    files = {
        "b.txt": "Bee.\n",
        "a.md": "# A\n",
        "sub/c.txt": "Cee.\n",
        "sub/draft-old.md": "Gammal.\n",
        "sub/deep/d.markdown": "Dee.\n",
        "sub/skip.odt": "not read\n",  # not a supported suffix
        ".git/e.txt": "hidden\n",
        ".hidden.txt": "hidden\n",
        "build/f.txt": "Eff.\n",
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def paths_of(results: list[Document | ReadError]) -> list[str]:
    return [r.path for r in results]


def test_iter_documents_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    results = list(iter_documents(["docs"]))
    assert all(isinstance(r, Document) for r in results)
    assert paths_of(results) == [
        "docs/a.md",
        "docs/b.txt",
        "docs/build/f.txt",
        "docs/sub/c.txt",
        "docs/sub/deep/d.markdown",
        "docs/sub/draft-old.md",
    ]
    results = list(iter_documents(["docs/"], exclude=["build", "draft-*", "sub/deep/*"]))
    assert paths_of(results) == ["docs/a.md", "docs/b.txt", "docs/sub/c.txt"]
    results = list(iter_documents(["docs"], exclude=["docs/sub/*", "docs/build"]))
    assert paths_of(results) == ["docs/a.md", "docs/b.txt"]
    results = list(iter_documents(["docs"], suffixes=frozenset({".md"})))
    assert paths_of(results) == ["docs/a.md", "docs/sub/draft-old.md"]
    monkeypatch.chdir(tmp_path / "docs")
    assert paths_of(list(iter_documents(["."], exclude=["sub", "build"]))) == ["a.md", "b.txt"]


def test_iter_documents_files_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ok.txt").write_text("Text.\n", encoding="utf-8")
    Path("empty.txt").write_bytes(b"")
    Path("blank.md").write_bytes(b"  \n\n")
    Path("binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    Path("other.xyz").write_text("x", encoding="utf-8")
    results = list(
        iter_documents(
            ["ok.txt", "missing.txt", "empty.txt", "blank.md", "binary.txt", "other.xyz"]
        )
    )
    assert isinstance(results[0], Document) and results[0].path == "ok.txt"
    assert results[1:] == [
        ReadError("missing.txt", "no such file or directory"),
        Skipped("empty.txt", "empty file", empty=True),
        Skipped("blank.md", "empty file", empty=True),
        ReadError("binary.txt", "binary file (not text)"),
        ReadError("other.xyz", results[5].message),
    ]
    assert results[5].message.startswith("unsupported file type '.xyz'")


def test_iter_documents_folder_with_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01")
    (tmp_path / "b.txt").write_text("Bra.\n", encoding="utf-8")
    results = list(iter_documents([str(tmp_path)]))
    assert results[0] == ReadError(f"{tmp_path}/a.txt", "binary file (not text)")
    assert isinstance(results[1], Document)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_iter_documents_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(".", target_is_directory=True)
    results = list(iter_documents([str(tmp_path)]))
    # links in folders are not followed: they are reported as skipped (--verbose says so)
    assert paths_of(results) == [
        f"{tmp_path}/self",
        f"{tmp_path}/sub/a.txt",
        f"{tmp_path}/sub/loop",
    ]
    assert [type(r).__name__ for r in results] == ["Skipped", "Document", "Skipped"]


def test_iter_documents_stdin() -> None:
    text = "Sammanfattning\nTexten är kort men tydlig och den handlar om ett förslag.\n"
    (doc,) = iter_documents(["-"], stdin=io.BytesIO(text.encode()))
    assert isinstance(doc, Document)
    assert (doc.path, doc.format) == ("-", "text")
    assert blocks(doc, BlockKind.HEADING) == ["Sammanfattning"]
    (doc,) = iter_documents(
        ["-"], stdin=io.BytesIO(b"# Rubrik\n\n*Text*\n"), stdin_format="markdown"
    )
    assert isinstance(doc, Document)
    assert (doc.format, doc.text) == ("markdown", "Rubrik\n\nText")
    (skipped,) = iter_documents(["-"], stdin=io.BytesIO(b""))
    assert skipped == Skipped("-", "empty file", empty=True)
    (err,) = iter_documents(["-"], stdin=io.BytesIO(b"x" * 50), max_size=10)
    assert isinstance(err, ReadError) and "too large" in err.message


# -- properties ----------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"abcåäöABCÅÄÖ 019.,:;!?-–—•*#_`[]()<>&;|\\\"'”=+~\n\n\n\t\r",
        *["\u00a0", "\u00ad", "\ufb01", "\u200b", "&amp;", "&#x41;", "<!-- c -->", "---\n"],
        *["```\n", "- ", "1. ", "> ", "    ", "# ", "| a | b |\n|---|---|\n", "[l](u)", "![i](p)"],
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_ALPHABET, max_size=80), fmt=st.sampled_from(["text", "markdown"]))
def test_readers_never_crash_and_map_inside(pieces: list[str], fmt: str) -> None:
    data = "".join(pieces).encode()
    check_document(data, fmt)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), fmt=st.sampled_from(["text", "markdown"]))
def test_readers_on_arbitrary_text(text: str, fmt: str) -> None:
    check_document(text.encode("utf-8", "surrogatepass"), fmt)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200), fmt=st.sampled_from(["text", "markdown"]))
def test_readers_on_arbitrary_bytes(data: bytes, fmt: str) -> None:
    check_document(data, fmt)


def check_document(data: bytes, fmt: str) -> None:
    try:
        doc = READ_FUNCS[fmt](data, "p")
    except UnreadableFile:
        return
    assert len(doc.offsets) == len(doc.text) + 1
    previous_end = -1
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(doc.text)
        assert block.start > previous_end
        previous_end = block.end
        assert doc.text[block.start : block.end].strip() == doc.text[block.start : block.end]
        loc = doc.locate(block.start, block.end)
        assert 0 <= loc.start_offset <= loc.end_offset <= len(doc.original)
        assert loc.line >= 1 and loc.column >= 1
    assert all(0 <= o <= len(doc.original) for o in doc.offsets)


def test_markdown_lone_carriage_returns() -> None:
    # a lone CR (classic Mac OS) ends a line, for the structure and for line:column
    doc = read_md("# Rubrik\r\rText ett\rtvå *tre*.\r")
    assert blocks(doc) == ["Rubrik", "Text ett två tre."]
    assert_maps(doc, "två tre", "två *tre", 4, 1)


def test_text_lone_carriage_returns() -> None:
    doc = read_bytes(b"Rubrik\r\rStaden kan\rerbjuda kurser.\r\rNytt stycke.\r", "t.txt", ".txt")
    assert blocks(doc) == ["Rubrik", "Staden kan erbjuda kurser.", "Nytt stycke."]
    assert_maps(doc, "erbjuda", "erbjuda", 4, 1)
    # CRLF stays one line break
    doc = read_bytes(b"Staden kan\r\nerbjuda kurser.\r\n", "t.txt", ".txt")
    assert_maps(doc, "erbjuda", "erbjuda", 2, 1)


def test_markdown_image_only_paragraph_and_empty_cells() -> None:
    doc = read_md("![bild](a.png)\n\n| A | |\n|---|---|\n| | b |\n\nSlut.\n")
    assert kinds(doc) == [("table_cell", "A"), ("table_cell", "b"), ("paragraph", "Slut.")]


def test_markdown_form_feed_before_a_paragraph_keeps_the_source_map() -> None:
    doc = md_reader.build("\x0c0", "t.md")
    loc = doc.locate(0, 1)
    assert doc.original[loc.start_offset : loc.end_offset] == "0"

"""Properties of all readers and the engine over arbitrary input.

Whatever the bytes, a reader returns a document or raises :class:`UnreadableFile`; whatever
the text, offsets stay inside it and the source map leads back to the characters they came
from.
"""

from __future__ import annotations

import io
import re
import unicodedata

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycheck.document import Document
from policycheck.read import READERS, UnreadableFile, read_bytes

from .test_read_docx_pdf import DRAFT_PAGES, make_docx, make_pdf

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_DOCX = make_docx()
_PDF = make_pdf(DRAFT_PAGES)

# Text with the characters drafts are made of, and the ones readers must survive.
_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzåäöABCDEFGHÅÄÖ0123456789")
    + list(" \t\n\n\r.,;:!?-–—()[]\"'”»#*_>`~=|&/\\")
    + ["\u00a0", "\u00ad", "\u200b", "\ufb01", "\ufeff", "•", "\x0c", "ﬂ", "É", "ß"]
)
texts = st.text(_ALPHABET, max_size=400) | st.text(max_size=200)


def _mutations(data: bytes) -> st.SearchStrategy[bytes]:
    """``data`` truncated, or with a few bytes overwritten: damaged files of the format."""
    n = len(data)
    cut = st.integers(0, n).map(lambda k: data[:k])
    edits = st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 255)), max_size=8)

    def apply(changes: list[tuple[int, int]]) -> bytes:
        b = bytearray(data)
        for at, value in changes:
            b[at] = value
        return bytes(b)

    return cut | edits.map(apply)


any_bytes = (
    st.binary(max_size=2000)
    | st.binary(max_size=500).map(lambda b: b"%PDF-1.4\n" + b)
    | st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b)
    | _mutations(_DOCX)
    | _mutations(_PDF)
)


def _check_document(doc: Document) -> None:
    n = len(doc.original)
    assert len(doc.offsets) == len(doc.text) + 1
    assert all(0 <= o <= n for o in doc.offsets)
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)
        loc = doc.locate(block.start, block.end)
        assert 0 <= loc.start_offset <= loc.end_offset <= n
        assert loc.line >= 1 and loc.column >= 1


@SETTINGS
@given(data=any_bytes, suffix=st.sampled_from(sorted(READERS)))
def test_readers_only_raise_unreadable(data: bytes, suffix: str) -> None:
    try:
        doc = read_bytes(data, f"x{suffix}", suffix)
    except UnreadableFile as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    _check_document(doc)


def _alnum(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


@SETTINGS
@given(text=texts, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_text_source_map_round_trips(text: str, suffix: str) -> None:
    if suffix != ".txt":
        text = text.replace("&", "+")  # entities stand for other characters; checked apart
    try:
        doc = read_bytes(text.encode("utf-8"), f"x{suffix}", suffix)
    except UnreadableFile as exc:
        assert str(exc) in (
            "empty file",
            "no text",
            "binary file (not text)",
            "no text in the HTML page",
        )
        return
    _check_document(doc)
    original = doc.original
    # every letter and digit of the text maps to the character it came from
    for i, ch in enumerate(doc.text):
        if ch.isalnum():
            source = original[doc.offsets[i]]
            assert ch == source or ch in unicodedata.normalize("NFKC", source), (i, ch, source)
    # and a block's original span holds the block's letters, in order (it may hold more:
    # Markdown markup, link targets)
    for block in doc.blocks:
        loc = doc.locate(block.start, block.end)
        span = original[loc.start_offset : loc.end_offset]
        assert _subsequence(_alnum(doc.text[block.start : block.end]), _alnum(span))


_XML_SAFE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=80,
)


@SETTINGS
@given(paragraphs=st.lists(_XML_SAFE, min_size=1, max_size=6))
def test_docx_reads_every_paragraph(paragraphs: list[str]) -> None:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    try:
        doc = read_bytes(buf.getvalue(), "x.docx", ".docx")
    except UnreadableFile as exc:
        # no word at all (white space or punctuation only): nothing to check
        assert "no text" in str(exc) and not any(c.isalnum() for c in "".join(paragraphs))
        return
    _check_document(doc)
    squeezed = re.sub(r"\s+", "", doc.text)
    for text in paragraphs:
        assert _alnum(text) in _alnum(squeezed)
    # the original is the extracted text, so offsets point at the very characters
    for i, ch in enumerate(doc.text):
        if ch.isalnum():
            source = doc.original[doc.offsets[i]]
            assert ch == source or ch in unicodedata.normalize("NFKC", source)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_engine_never_fails(text: str, checkers) -> None:
    try:
        doc = read_bytes(text.encode("utf-8"), "x.txt", ".txt")
    except UnreadableFile:
        return
    result = checkers["sv"].check(doc)
    n = len(doc.original)
    for f in result.findings:
        loc = f.location
        assert 0 <= loc.start_offset <= loc.end_offset <= n
        assert loc.line >= 1 and loc.column >= 1

"""PDF: the text layer of each page, without running headers and footers, in paragraphs.

pypdf's layout mode renders each page as fixed-width text lines that keep the horizontal
positions of the text, so a gutter between two columns shows as a band of spaces in every
row, and it inserts one blank row per ``_ROW`` of a font height of vertical distance, so the
space between lines tells a paragraph break from a wrapped line. The reader then:

* drops running headers and footers: lines among the first or last few of a page that repeat
  (digits counted as equal, so "SID. 3 (7)" matches "SID. 4 (7)") on at least half the pages;
* reads two-column bands column by column (see :func:`_streams`);
* starts a paragraph at a larger vertical gap, at a bullet, or after a short line that ends a
  sentence; a one-line paragraph shaped like a heading is a heading;
* continues a paragraph across a page or column break when it stopped mid-sentence and the
  next text starts in lower case.

The document's ``original`` is the extracted text (blocks separated by blank lines, one line
per PDF line), so line and column refer to that text; blocks carry the page and the paragraph
number on the page (paragraphs, list items; headings are not counted). A paragraph that runs
on to the next page belongs to the page where it starts.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from policycheck.document import BlockKind, Document, DocumentBuilder
from policycheck.read.decode import EmptyFile, UnreadableFile
from policycheck.read.layout import (
    BULLET_GLYPHS,
    SECTION_NUMBER,
    ends_with_function_word,
    heading_length,
    numbered_item,
)

MAX_PAGES = 2000
"""Longer PDFs are refused: policy drafts are tens of pages; this bounds the time spent."""

_ROW = 0.1
"""Layout mode's blank-row unit as a share of the font height: gaps measured in tenths."""

_FURNITURE_LINES = 3  # lines at the top and at the bottom of a page checked for repeats
# Bullets, also those Word draws from the Symbol and Wingdings fonts (private use area)
_BULLET = re.compile(rf"(?:[{BULLET_GLYPHS}]|\d{{1,3}}[.)]|[a-z][.)])[ \t]+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’»)\]]*$")


@dataclass
class _Line:
    text: str  # stripped
    row: int  # row index in the page's layout text (vertical position, in _ROW units)
    indent: int


@dataclass
class _Para:
    page: int
    lines: list[str] = field(default_factory=list)
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf reports recoverable damage through logging and warnings; the user gets one
    error line from us instead, or nothing if the text was readable."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _page_rows(page) -> list[str]:
    """The page as fixed-width rows; plain extraction (no gaps) if layout mode fails."""
    try:
        text = page.extract_text(
            extraction_mode="layout",
            layout_mode_space_vertically=True,
            layout_mode_font_height_weight=_ROW,
        )
    except Exception:  # layout mode is newer and stricter than plain extraction
        text = page.extract_text() or ""
    return [row.rstrip() for row in text.replace("\r", "").split("\n")]


def _key(text: str) -> str:
    """A line compared across pages: digits equal, spacing and case ignored."""
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


_EDGE = 0.08
"""Running headers and footers stand within 8% of the page height from its top or bottom
(Word puts them 1.25 cm from the edge; body text starts 2-2.5 cm from it)."""


def _positions(page) -> list[tuple[float, str]]:
    """Text pieces of a page with their height on it: 0 at the top, 1 at the bottom."""
    box = page.mediabox
    height = float(box.height) or 1.0
    bottom = float(box.bottom)
    out: list[tuple[float, str]] = []

    def visit(text: str, cm, tm, _font, _size) -> None:
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((1 - (y - bottom) / height, text.strip()))

    page.extract_text(visitor_text=visit)
    return out


def _at_edge(pieces: list[tuple[float, str]], row: str) -> bool:
    """Whether the row's longest text piece stands at the top or bottom edge of the page."""
    inside = [(len(text), at) for at, text in pieces if text in row]
    if not inside:
        return False
    _n, at = max(inside)
    return at <= _EDGE or at >= 1 - _EDGE


def _furniture_rows(pages: list[list[str]], page_objects: list) -> list[set[int]]:
    """Per page, the rows that hold running headers or footers.

    A line among the first or last few of a page is furniture when it comes back on at least
    half the pages (two at least) with the same words, at the top or bottom edge of the page
    (see :data:`_EDGE`), and each of its numbers is either the same everywhere ("DNR
    106-555/2004", the 7 of "SID. 3 (7)") or goes up with the page (the 3). So "Bilaga 1" and
    "Bilaga 2" atop two pages that are not consecutive stay text, and so does a list that
    happens to end two pages.
    """
    found: dict[str, list[tuple[int, int, list[int]]]] = {}  # key -> (page, row, numbers)
    for page, rows in enumerate(pages):
        text_rows = [i for i, row in enumerate(rows) if row.strip()]
        edge = dict.fromkeys(text_rows[:_FURNITURE_LINES] + text_rows[-_FURNITURE_LINES:])
        for i in edge:
            numbers = [int(n) for n in re.findall(r"\d+", rows[i])[:6]]
            found.setdefault(_key(rows[i]), []).append((page, i, numbers))
    needed = max(2, (len(pages) + 1) // 2)
    pieces: dict[int, list[tuple[float, str]]] = {}

    def at_edge(page: int, row: int) -> bool:
        if page not in pieces:
            try:
                pieces[page] = _positions(page_objects[page])
            except Exception:  # no positions: keep the line as text
                pieces[page] = []
        return _at_edge(pieces[page], pages[page][row])

    out: list[set[int]] = [set() for _ in pages]
    for hits in found.values():
        if len({page for page, _i, _n in hits}) < needed or len({p for p, _i, _n in hits}) != len(
            hits
        ):
            continue
        columns = list(zip(*(numbers for _p, _i, numbers in hits), strict=True))
        if not all(
            len(set(values)) == 1
            or len({v - page for v, (page, _i, _n) in zip(values, hits, strict=True)}) == 1
            for values in columns
        ):
            continue
        # positions cost a second pass over a page: a line found at the edge of the first
        # three pages stands there on all of them; otherwise every page is looked at
        if not all(at_edge(page, i) for page, i, _n in hits[:3]):
            hits = [(page, i, n) for page, i, n in hits if at_edge(page, i)]
        if len(hits) >= needed:
            for page, i, _n in hits:
                out[page].add(i)
    return out


def _gutter(rows: list[str]) -> tuple[int, int] | None:
    """Columns ``[start, end)`` of a gutter between two text columns, or None.

    A gutter is the widest run of character columns in the middle half of the page that
    (almost) no row has text in, with text on both sides of it in a good share of the rows.
    Rows that cross it (a heading over both columns) are allowed, up to one in ten.
    """
    text_rows = [row for row in rows if row.strip()]
    if len(text_rows) < 4:
        return None
    width = max(len(row) for row in text_rows)
    occupied = [0] * width
    for row in text_rows:
        for c, ch in enumerate(row):
            if ch != " ":
                occupied[c] += 1
    limit = len(text_rows) // 10
    best: tuple[int, int] | None = None
    c = width // 4
    while c < 3 * width // 4:
        if occupied[c] <= limit:
            start = c
            while c < width and occupied[c] <= limit:
                c += 1
            if best is None or c - start > best[1] - best[0]:
                best = (start, c)
        c += 1
    if best is None or best[1] - best[0] < 3 or best[1] >= width:
        return None
    start, end = best
    both = sum(1 for row in text_rows if row[:start].strip() and row[end:].strip())
    return best if both >= max(3, len(text_rows) // 4) else None


def _streams(rows: list[str], skip: set[int]) -> list[list[_Line]]:
    """The page's lines in reading order, as streams of lines that follow each other.

    One stream for a single-column page. With a gutter, the page is cut into bands at rows
    that cross it; a band is read left column first, then right column, each a stream.
    """

    def line(text: str, row: int) -> _Line:
        return _Line(text.strip(), row, len(text) - len(text.lstrip()))

    kept = [(i, row) for i, row in enumerate(rows) if row.strip() and i not in skip]
    gutter = _gutter([row for _i, row in kept])
    if gutter is None:
        return [[line(row, i) for i, row in kept]]
    start, end = gutter
    streams: list[list[_Line]] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush() -> None:
        streams.extend(s for s in (left[:], right[:]) if s)
        left.clear()
        right.clear()

    for i, row in kept:
        if row[start:end].strip():  # crosses the gutter: full width
            flush()
            streams.append([line(row, i)])
            continue
        if row[:start].strip():
            left.append(line(row[:start], i))
        if row[end:].strip():
            right.append(line(row[end:], i))
    flush()
    return streams


_SINGLE_SPACED = 12.0
"""The gap between single-spaced lines (about 1.2 font heights) in layout rows."""


def _line_gap(pairs: list[tuple[_Line, _Line]], typical: int) -> float:
    """The usual distance between the lines of a paragraph.

    Measured after lines that were wrapped (long, and not the end of a sentence), whose next
    line surely belongs to the same paragraph; with too few of them, a low quantile of all
    gaps, but no more than single spacing (a short document of one-line paragraphs).
    """
    wrapped = sorted(
        b.row - a.row
        for a, b in pairs
        if len(a.text) >= 0.85 * typical and not _SENTENCE_END.search(a.text)
    )
    if len(wrapped) >= 2:
        return wrapped[len(wrapped) // 2]
    gaps = sorted(b.row - a.row for a, b in pairs)
    if len(gaps) >= 8:
        return gaps[len(gaps) // 5]
    return min([_SINGLE_SPACED, *gaps[:1]])


def _starts_upper(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit() or text[0] in '"”«„(')


def _new_paragraph(
    prev: _Line, cur: _Line, line_gap: float, width: int, spaced: bool, base: int
) -> bool:
    """Whether ``cur`` starts a paragraph after ``prev``.

    In a document with space between paragraphs (``spaced``) the gap decides; otherwise a line
    that ends a sentence and that the next line's first word would still have fitted on
    (so it was not wrapped by width), or a first line indented from the column's ``base``
    indent, ends a paragraph.
    """
    if line_gap and cur.row - prev.row > line_gap * 1.3 + 1:
        return True
    if _BULLET.match(cur.text) or numbered_item().match(cur.text):
        return True
    if not _starts_upper(cur.text):
        return False
    if len(prev.indent * " " + prev.text) < 0.6 * width and not _mid_sentence_wrap(prev.text):
        return True  # a short line (a heading, a list item, a paragraph's end), then a sentence
    if spaced or not _SENTENCE_END.search(prev.text):
        return False
    first_word = cur.text.split(None, 1)[0]
    # 0.85: characters of a proportional font differ in width, so a full line's count varies;
    # when in doubt the lines stay together (a merged paragraph keeps its sentences whole)
    fits = prev.indent - base + len(prev.text) + 1 + len(first_word) <= 0.85 * width
    return fits or cur.indent > base + 2


def _mid_sentence_wrap(text: str) -> bool:
    """A line that stops where a sentence cannot: after a hyphen, comma or "och"."""
    return text[-1] in ",-\u00ad–" or ends_with_function_word(text)


def _heading_shape(text: str) -> bool:
    if not heading_length(text) or ends_with_function_word(text):
        return False
    if _BULLET.match(text) or numbered_item().match(text):
        return False
    if (m := SECTION_NUMBER.match(text)) and m.group(1):
        return _starts_upper(text[m.end() - 1 :])
    return text[0].isupper()


def _mid_sentence(text: str) -> bool:
    return bool(text) and (text[-1].isalpha() or text[-1] in ",-\u00ad–")


def _paragraphs(pages: list[list[list[_Line]]]) -> list[_Para]:
    """Paragraphs of all pages (pages of streams of lines), joined across breaks."""
    pairs = [
        (a, b) for streams in pages for stream in streams for a, b in itertools.pairwise(stream)
    ]
    widths = sorted(len(line.text) for streams in pages for s in streams for line in s)
    typical = widths[int(len(widths) * 0.9)] if widths else 0
    line_gap = _line_gap(pairs, typical)
    # space between paragraphs: large gaps between sentences (not before headings), twice
    spaced = (
        sum(
            1
            for a, b in pairs
            if b.row - a.row > line_gap * 1.3 + 1
            and _SENTENCE_END.search(a.text)
            and not _heading_shape(b.text)
        )
        >= 2
    )
    paras: list[_Para] = []
    for number, streams in enumerate(pages, start=1):
        for stream in streams:
            # the width of a full line: of this column, or of the document for a few lines
            base = min(line.indent for line in stream)
            width = max(line.indent - base + len(line.text) for line in stream)
            if len(stream) < 4:
                width = max(width, typical)
            first = stream[0]
            last = paras[-1] if paras else None
            if (
                last is not None
                and last.kind is not BlockKind.HEADING
                and _mid_sentence(last.lines[-1])
                and first.text[0].islower()
            ):
                current = last  # a sentence runs on over a page or column break
            else:
                current = _Para(number, [])
                paras.append(current)
            prev: _Line | None = None
            for line in stream:
                if prev is not None and _new_paragraph(prev, line, line_gap, width, spaced, base):
                    current = _Para(number, [])
                    paras.append(current)
                current.lines.append(line.text)
                prev = line
    for n, para in enumerate(paras):
        text = para.lines[0]
        if len(para.lines) <= 2 and _heading_shape(" ".join(para.lines)):
            para.kind = BlockKind.HEADING
            m = SECTION_NUMBER.match(text)
            para.level = min(6, m.group(1).count(".") + 1) if m else (1 if n == 0 else 2)
        elif _BULLET.match(text) or numbered_item().match(text):
            para.kind = BlockKind.LIST_ITEM
    return paras


def _open(data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if not data.strip():
        raise EmptyFile()
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFile("not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # "protected" files often open without a password
            except DependencyError:
                raise UnreadableFile(NEEDS_CRYPTOGRAPHY) from None
            except Exception:
                opened = 0
            if not opened:
                raise UnreadableFile("encrypted PDF: needs a password (save it without one)")
        n = len(reader.pages)
    except UnreadableFile:
        raise
    except DependencyError:
        raise UnreadableFile(NEEDS_CRYPTOGRAPHY) from None
    except Exception as exc:
        raise UnreadableFile(f"damaged or truncated PDF ({_reason(exc)})") from None
    if n == 0:
        raise UnreadableFile("damaged PDF (no pages)")
    if n > MAX_PAGES:
        raise UnreadableFile(f"PDF has {n} pages (the limit is {MAX_PAGES})")
    return reader


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text[:1].lower() + text[1:]  # within our sentence
    return text if len(text) <= 80 else text[:77] + "..."


NEEDS_CRYPTOGRAPHY = "encrypted PDF (AES): install the 'cryptography' package to open it"
"""pypdf decrypts AES only with the `cryptography` package: said whether the password check
(``decrypt``) or the text (an AES-encrypted page) needs it."""


def read(data: bytes, path: str) -> Document:
    """Read the text layer of a PDF (format ``"pdf"``)."""
    from pypdf.errors import DependencyError

    with _quiet_pypdf():
        reader = _open(data)
        try:
            page_objects = list(reader.pages)
            rows = [_page_rows(page) for page in page_objects]
        except DependencyError:
            raise UnreadableFile(NEEDS_CRYPTOGRAPHY) from None
        except Exception as exc:
            raise UnreadableFile(f"damaged or truncated PDF ({_reason(exc)})") from None
        if not any(row.strip() for page in rows for row in page):
            raise UnreadableFile("no text found (a scanned PDF?) — run OCR first")
        furniture = _furniture_rows(rows, page_objects) if len(rows) > 1 else [set() for _ in rows]
    if all(
        all(i in skip for i, row in enumerate(r) if row.strip())
        for r, skip in zip(rows, furniture, strict=True)
    ):
        furniture = [set() for _ in rows]  # every line repeats: a form, not furniture
    pages = [_streams(r, skip) for r, skip in zip(rows, furniture, strict=True)]
    pages = [[s for s in streams if s] for streams in pages]
    paras = _paragraphs(pages)
    return _build(paras, path)


def _build(paras: list[_Para], path: str) -> Document:
    """The extracted text as ``original`` and its blocks, one segment per PDF line."""
    parts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    pos = 0
    for para in paras:
        segments = []
        for line in para.lines:
            segments.append((pos, pos + len(line)))
            parts.append(line + "\n")
            pos += len(line) + 1
        parts.append("\n")
        pos += 1
        spans.append(segments)
    original = "".join(parts)
    builder = DocumentBuilder(original)
    counters: Counter[int] = Counter()
    for para, segments in zip(paras, spans, strict=True):
        number = None
        if para.kind is not BlockKind.HEADING:
            counters[para.page] += 1
            number = counters[para.page]
        builder.add_block(
            para.kind,
            _strip_bullet(original, segments) if para.kind is BlockKind.LIST_ITEM else segments,
            level=para.level,
            page=para.page,
            paragraph=number,
        )
    return builder.build(path, format="pdf")


def _strip_bullet(original: str, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    s, e = segments[0]
    m = _BULLET.match(original, s, e)
    return [(m.end() if m else s, e), *segments[1:]]

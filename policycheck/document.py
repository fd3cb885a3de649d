"""The document model: normalised text in blocks, with a map back to the original file.

Readers (``policycheck.read``) find the blocks of a file (headings, paragraphs, list items,
table cells) as spans of the *original* text; :class:`DocumentBuilder` turns them into one
normalised text (blocks separated by a blank line, line breaks joined, hyphenated words
re-joined, odd spaces and ligatures replaced) and keeps, for every character of that text,
the offset of the character it came from. Every later stage works on ``Document.text``;
reports translate back with :meth:`Document.locate`.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of text that never runs into its neighbour: sentences stop at its end."""

    kind: BlockKind
    start: int  # offsets in Document.text
    end: int
    level: int = 0  # heading level (1 = top), 0 for other blocks
    page: int | None = None  # 1-based page, for paged formats
    paragraph: int | None = None  # 1-based paragraph number (on the page, for paged formats)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a span of the normalised text stands in the original file (1-based lines/columns)."""

    line: int
    column: int
    end_line: int
    end_column: int
    start_offset: int  # character offsets in the original (decoded) file
    end_offset: int
    page: int | None = None
    paragraph: int | None = None


# Characters replaced on the way in. The values may be longer than one character
# (ligatures); every produced character maps back to the one original character.
_REPLACE = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\t": " ",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",  # BOM or zero-width no-break space
    "\r": "",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Invisible characters, dropped like the zero-width space above: a word joiner or a
# bidirectional control inside a word ("k\u2060an") hid it from the rules, and control
# characters (an escape sequence) are no text. Format characters (Unicode category Cf),
# C0 and C1 controls other than white space, DEL.
_INVISIBLE = (
    0x061C,
    0x180E,
    *range(0x200E, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
    *range(0xFFF9, 0xFFFC),
    0xE0001,
    *range(0xE0020, 0xE0080),
    *(c for c in (*range(0x20), *range(0x7F, 0xA0)) if not chr(c).isspace()),
)
_REPLACE.update({chr(c): "" for c in _INVISIBLE})

BLOCK_SEPARATOR = "\n\n"


def _suspended_hyphen_followers() -> frozenset[str]:
    """A line ending in "x-" followed by one of these words keeps its hyphen: a suspended
    hyphen ("sysselsättnings- och utbildningsnivåer"), not a word broken across lines. The
    words of every bundled language (``suspended_hyphen_followers`` in their data): the
    language of a file is not known while it is read."""
    from policycheck.languages import bundled_words

    return bundled_words("suspended_hyphen_followers")


Segment = tuple[int, int] | tuple[int, int, str]
"""An original span ``(start, end)``, or ``(start, end, text)`` where ``text`` replaces it."""


TITLE_CHARS = 200
"""How much of a title a result and the reports take."""


@dataclass
class Document:
    path: str  # as given by the user; "-" for standard input
    original: str  # the decoded file, untouched
    text: str  # the normalised text every later stage reads
    blocks: list[Block]
    offsets: array  # offsets[i] = original offset of text[i]; one extra entry for len(text)
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as cp1252"
    format: str = "text"  # text, markdown, docx, pdf, ...
    digest: str = ""  # SHA-256 of the bytes read (policycheck.read), for the result cache
    _line_starts: list[int] | None = field(default=None, repr=False)
    _block_starts: list[int] | None = field(default=None, repr=False)

    def original_offset(self, index: int) -> int:
        """Original offset of the character at ``index`` of the normalised text."""
        return self.offsets[max(0, min(index, len(self.offsets) - 1))]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span ``[start, end)``."""
        if end <= start:
            at = self.original_offset(start)
            return at, at
        return self.original_offset(start), self.original_offset(end - 1) + 1

    def text_span(self, original_start: int, original_end: int) -> tuple[int, int]:
        """The span of the normalised text that came from the original span
        ``[original_start, original_end)``: the inverse of :meth:`original_span` (readers
        emit the text in the order of the original, so the offsets only grow)."""
        offsets = self.offsets
        n = len(self.text)
        start = min(bisect.bisect_left(offsets, original_start, 0, n), n)
        if original_end <= original_start:
            return start, start
        end = bisect.bisect_right(offsets, original_end - 1, start, n)
        return start, max(start, end)

    def line_col(self, original_offset: int) -> tuple[int, int]:
        """1-based line and column of an original offset."""
        if self._line_starts is None:
            starts = [0]
            for i, ch in enumerate(self.original):
                if ch == "\n":
                    starts.append(i + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, original_offset) - 1
        return line + 1, original_offset - self._line_starts[line] + 1

    def block_at(self, index: int) -> Block | None:
        """The block that holds ``index`` of the normalised text."""
        if self._block_starts is None:
            self._block_starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(self._block_starts, index) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        return block if index <= block.end else None

    def locate(self, start: int, end: int) -> Location:
        """Location in the original file of the normalised span ``[start, end)``."""
        o_start, o_end = self.original_span(start, end)
        line, col = self.line_col(o_start)
        # The end column is inclusive of the last character, as editors and SARIF expect
        # an exclusive end: column of the character after the span.
        end_line, end_col = self.line_col(o_end)
        block = self.block_at(start)
        return Location(
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            start_offset=o_start,
            end_offset=o_end,
            page=block.page if block else None,
            paragraph=block.paragraph if block else None,
        )

    def title_block(self) -> Block | None:
        """The document's title: its first heading, else its first block."""
        first_heading = next((b for b in self.blocks if b.kind == BlockKind.HEADING), None)
        return first_heading or (self.blocks[0] if self.blocks else None)

    def title_text(self, block: Block) -> str:
        """A title block's words, cut at ``TITLE_CHARS`` (what results and reports show)."""
        return self.text[block.start : block.end].strip()[:TITLE_CHARS]

    def document_location(self) -> Location:
        """The location of a document-level finding: line 1, column 1."""
        return Location(1, 1, 1, 1, 0, 0)


class DocumentBuilder:
    """Builds a :class:`Document` from blocks given as spans of the original text."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._chars: list[str] = []
        self._offsets = array("l")
        self.blocks: list[Block] = []
        self._prev_space = True  # while normalising: the last character emitted was a space

    def _emit(self, text: str, original_index: int) -> None:
        for ch in text:
            self._chars.append(ch)
            self._offsets.append(original_index)

    def _last(self) -> str:
        return self._chars[-1] if self._chars else ""

    def add_block(
        self,
        kind: BlockKind,
        segments: list[Segment],
        *,
        level: int = 0,
        page: int | None = None,
        paragraph: int | None = None,
    ) -> Block | None:
        """Add a block made of ``segments`` (original spans, usually one per source line).

        Segments are joined with a space, or directly where a word was hyphenated across the
        break. Segments on the same line join directly (the gap between them is markup, as
        in ``foo*bar*``). A segment ``(start, end, text)`` stands for ``text``
        instead of ``original[start:end]`` (a decoded entity such as ``&amp;``); all its
        characters map to ``start``. Runs of white space collapse to one space. Empty blocks
        are dropped.
        """
        pending = list(self._normalised_chars(segments))
        # trim white space at both ends
        while pending and pending[0][0] == " ":
            pending.pop(0)
        while pending and pending[-1][0] == " ":
            pending.pop()
        if not pending:
            return None
        if self._chars:
            sep_at = self._offsets[-1] + 1
            self._emit(BLOCK_SEPARATOR, sep_at)
        start = len(self._chars)
        for ch, at in pending:
            self._chars.append(ch)
            self._offsets.append(at)
        block = Block(kind, start, len(self._chars), level, page, paragraph)
        self.blocks.append(block)
        return block

    def _normalised_chars(self, segments: list[Segment]):
        """Yield (char, original offset) for the joined, normalised segments."""
        src = self.original
        self._prev_space = True
        for n, segment in enumerate(segments):
            s, e = segment[0], segment[1]
            if n:
                join = self._join_kind(segments[n - 1], segment)
                if join == "space" and not self._prev_space:
                    yield " ", segments[n - 1][1]
                    self._prev_space = True
            if len(segment) == 3:
                # a replacement text (a decoded entity): every character maps to its start
                yield from self._normalise((ch, s) for ch in segment[2])
                continue
            hyphen_withheld = n + 1 < len(segments) and self._join_kind(
                segment, segments[n + 1]
            ) in ("drop-hyphen", "keep-hyphen")
            stop = self._content_end(s, e) if hyphen_withheld else e
            yield from self._normalise((src[i], i) for i in range(s, stop))
            if hyphen_withheld and self._join_kind((s, e), segments[n + 1]) == "keep-hyphen":
                hyphen_at = self._content_end(s, e)
                yield "-", hyphen_at
                self._prev_space = False

    def _normalise(self, pairs):
        """Replace odd characters and collapse white space in (char, offset) pairs."""
        for ch, at in pairs:
            rep = _REPLACE.get(ch, ch)
            if ch.isspace() or rep == " ":
                if not self._prev_space:
                    yield " ", at
                    self._prev_space = True
                continue
            for r in rep:
                yield r, at
                self._prev_space = False

    def _content_end(self, s: int, e: int) -> int:
        """End of the segment without trailing space and the line-end hyphen or soft hyphen."""
        j = e
        while j > s and self.original[j - 1] in " \t\r\u00a0":
            j -= 1
        if j > s and self.original[j - 1] in "-\u00ad":
            j -= 1
        return j

    def _join_kind(self, left: Segment, right: Segment) -> str:
        """How two consecutive segments join: 'space', 'direct', 'drop-hyphen', 'keep-hyphen'."""
        src = self.original
        if left[1] <= right[0] and not any(ch in "\n\r" for ch in src[left[1] : right[0]]):
            # on one line, only markup between them ("foo*bar*", "[EU](url):s"); spaces
            # that belong to the text are inside the segments
            return "direct"
        if len(left) == 3 or len(right) == 3:
            return "space"
        j = left[1]
        while j > left[0] and src[j - 1] in " \t\r\u00a0":
            j -= 1
        trailing_space = j < left[1]
        if j - left[0] < 2 or src[j - 1] not in "-\u00ad":
            return "space"
        before = src[j - 2]
        k = right[0]
        while k < right[1] and src[k] in " \t":
            k += 1
        if k >= right[1] or not before.isalpha():
            return "space"
        nxt = src[k]
        if src[j - 1] == "\u00ad":
            return "drop-hyphen" if nxt.isalpha() else "space"
        word_end = k
        while word_end < right[1] and (src[word_end].isalpha() or src[word_end] == "."):
            word_end += 1
        word = src[k:word_end].rstrip(".").lower()
        if word in _suspended_hyphen_followers() or not nxt.isalpha():
            return "space"
        if trailing_space and not nxt.islower():
            return "space"
        if before.isupper() or not nxt.islower():
            return "keep-hyphen"  # "EU-\nprogrammet" -> "EU-programmet"
        return "drop-hyphen"

    def build(
        self,
        path: str,
        *,
        encoding: str = "utf-8",
        notes: list[str] | None = None,
        format: str = "text",
    ) -> Document:
        offsets = array("l", self._offsets)
        offsets.append(len(self.original) if not self._offsets else self._offsets[-1] + 1)
        return Document(
            path=path,
            original=self.original,
            text="".join(self._chars),
            blocks=list(self.blocks),
            offsets=offsets,
            encoding=encoding,
            notes=list(notes or []),
            format=format,
        )


def line_segments(original: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the original span ``[start, end)`` into one segment per line (without newlines)."""
    segments = []
    i = start
    while i < end:
        nl = original.find("\n", i, end)
        stop = end if nl < 0 else nl
        segments.append((i, stop))
        i = stop + 1
    return segments


def document_from_text(text: str, path: str = "<text>") -> Document:
    """A document of plain text whose blank-line separated paragraphs are blocks.

    Handy for tests and for rule examples; files go through ``policycheck.read``.
    """
    builder = DocumentBuilder(text)
    pos = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        if text[pos:stop].strip():
            builder.add_block(BlockKind.PARAGRAPH, line_segments(text, pos, stop))
        pos = gap.end() if gap else stop
    return builder.build(path)


_BLANK_LINE = re.compile(r"\r?\n[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)+")

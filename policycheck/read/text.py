"""Plain text: paragraphs, list items and headings found from the layout of the lines.

Plain text comes from editors, but often from Word or PDF exports too: paragraphs are hard
wrapped, headings are lines of their own without punctuation (sometimes not even followed by a
blank line), bullets use •, ·, – or numbers, and page breaks may split a sentence. The reader
finds blocks line by line:

* blank lines (also lines of spaces/NBSP) separate chunks;
* ``#`` lines and lines underlined with ``===``/``---`` are headings (Markdown style);
* a line starting with a bullet marker starts a list item; following lines continue it;
* a short line shaped like a heading (see :func:`_heading_shape`) that stands where a line
  break is deliberate, and is followed by a line of running text, is a heading;
* inside a chunk a new paragraph starts where the previous line was ended on purpose: the
  next line's first word would still have fitted on it (it was not wrapped by width) and it
  ended a sentence, or both lines look like entries of a line list ("Diarienummer: ...");
* a chunk that starts in lower case after a block that stopped mid-sentence continues that
  block (a PDF page break or stray blank line inside a paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policycheck.document import BlockKind, Document, DocumentBuilder
from policycheck.read.decode import decode
from policycheck.read.layout import (
    BULLET_GLYPHS,
    SECTION_NUMBER,
    ends_with_function_word,
    heading_length,
    run_on_abbreviation,
)

_BULLET = re.compile(
    rf"[ \t\u00a0]*(?:[{BULLET_GLYPHS}]|\d{{1,3}}[.)]|\(?\d{{1,3}}\)|[a-zA-Z][.)]|\([a-zA-Z]\))"
    r"[ \t\u00a0]+\S"
)
_DASH_BULLET = re.compile(r"[ \t\u00a0]*[-–—][ \t\u00a0]")
# a bullet glyph and its space: not part of the item's text (a number or letter is: "1." is
# how the item is referred to)
_GLYPH_MARKER = re.compile(rf"[ \t\u00a0]*[{BULLET_GLYPHS}][ \t\u00a0]+")
_ATX = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+|$)")
_UNDERLINE = re.compile(r"[ \t]{0,3}(=+|-+)[ \t\r]*")
_RULE = re.compile(r"[ \t\u00a0]*([-_=*~])(?:[ \t\u00a0]*\1){2,}[ \t\u00a0\r]*")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’»)\]]*$")
_INNER_SENTENCE_END = re.compile(r"[^\W\d_]{2}[.!?][\"'”’»)]*\s+[\"'“”«(]*[^\W\d_]")


@dataclass
class _Line:
    start: int  # offsets of the line in the original, without the newline
    end: int
    text: str  # the line with surrounding white space stripped

    @property
    def first_word(self) -> str:
        return self.text.split(None, 1)[0] if self.text else ""


@dataclass
class _Block:
    kind: BlockKind
    lines: list[tuple[int, int]] = field(default_factory=list)
    level: int = 0
    first_text: str = ""  # stripped text of the first and last lines
    last_text: str = ""


def _lines(original: str) -> list[_Line]:
    lines = []
    pos = 0
    n = len(original)
    while pos <= n:
        nl = original.find("\n", pos)
        end = n if nl < 0 else nl
        lines.append(_Line(pos, end, original[pos:end].strip()))
        if nl < 0:
            break
        pos = nl + 1
    return lines


def _width(lines: list[_Line]) -> int:
    """The wrap width of the file: a high percentile of the line lengths (at least 60).

    A percentile, not the maximum, so that one long line (a URL) does not count.
    """
    lengths = sorted(len(line.text) for line in lines if line.text)
    if not lengths:
        return 60
    return max(60, lengths[min(len(lengths) - 1, int(len(lengths) * 0.98))])


def _starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
        if ch not in "\"'“”„«»‘’(":
            return False
    return False


def _heading_shape(line: _Line, original: str) -> bool:
    """Short, starts with a capital or section number, no terminal punctuation or hyphen."""
    text = line.text
    if not heading_length(text) or ends_with_function_word(text):
        return False  # "... i samarbete med", "... integrationsarbete har": a wrapped line
    if _INNER_SENTENCE_END.search(text):
        return False  # "... märklig. Varför ...": a sentence ends inside the line
    # deeply indented short lines are signatures, addresses or centred page furniture
    indent = len(original[line.start : line.end]) - len(original[line.start : line.end].lstrip())
    if indent >= 4:
        return False
    if (m := SECTION_NUMBER.match(text)) and not re.match(r"\d{1,3}[.)]\s", text):
        return _starts_upper(text[m.end() - 1 :])
    if _BULLET.match(text):
        return False
    return (text[0].isalpha() and text[0].isupper()) or text[0] in '"“”«'


def _runs_on(line: _Line, heading: _Line, width: int) -> bool:
    """Whether ``line`` reads as running text after a heading candidate."""
    if not line.text or _BULLET.match(line.text) or not _starts_upper(line.text):
        return False  # running text after a heading starts a sentence
    if _SENTENCE_END.search(line.text) or line.text[-1] in ",-\u00ad":
        return True
    # a wrapped line: long, and longer than the heading
    return len(line.text) >= max(40, 0.75 * width) and len(line.text) > len(heading.text)


def _heading_level(line: _Line, first_line: bool) -> int:
    m = SECTION_NUMBER.match(line.text)
    if m and not re.match(r"\d{1,3}[.)]\s", line.text):
        return min(6, m.group(1).count(".") + 1)
    return 1 if first_line else 2


class _Reader:
    def __init__(self, original: str) -> None:
        self.original = original
        self.lines = _lines(original)
        self.width = _width(self.lines)
        self.blocks: list[_Block] = []
        self.first_text_line = next((i for i, ln in enumerate(self.lines) if ln.text), -1)

    # -- helpers -------------------------------------------------------------------------

    def _fits(self, prev: _Line, line: _Line, slack: float = 0.85) -> bool:
        """The first word of ``line`` would have fitted on ``prev``: the break is deliberate.

        ``slack`` allows for proportional fonts in PDF exports, where character counts of
        full lines vary.
        """
        return len(prev.text) + 1 + len(line.first_word) <= slack * self.width

    def _deliberate_break(self, prev: _Line, line: _Line, block: _Block | None = None) -> bool:
        """Whether a new block starts at ``line`` (``prev`` ends ``block``)."""
        if not prev.text or prev.text[-1] in "-\u00ad" or not _starts_upper(line.text):
            return False
        if run_on_abbreviation().search(prev.text):
            return False
        if _SENTENCE_END.search(prev.text):
            return True if _heading_shape(line, self.original) else self._fits(prev, line)
        # a list of lines ("Mål 1. ...", "Diarienummer: ...", a table of contents)
        head = block.first_text if block is not None else prev.text
        return self._fits(prev, line) and _starts_upper(head)

    def _add(self, kind: BlockKind, line: _Line, level: int = 0, skip: int = 0) -> _Block:
        block = _Block(kind, [(line.start + skip, line.end)], level, line.text, line.text)
        self.blocks.append(block)
        return block

    def _heading_span(self, line: _Line, skip: int) -> tuple[int, int]:
        """The span of a heading line without its first ``skip`` marker characters."""
        s = line.start + skip
        e = line.end
        # closing #s of an ATX heading
        m = re.search(r"(?:^|[ \t])#+[ \t\r]*$", self.original[s:e])
        if m and skip:
            e = s + m.start()
        return s, e

    # -- the main loop -------------------------------------------------------------------

    def read(self) -> list[_Block]:
        lines = self.lines
        i = 0
        while i < len(lines):
            if not lines[i].text:
                i += 1
                continue
            j = i
            while j < len(lines) and lines[j].text:
                j += 1
            self._chunk(i, j)
            i = j
        return self.blocks

    def _next_text_line(self, j: int) -> _Line | None:
        while j < len(self.lines) and not self.lines[j].text:
            j += 1
        return self.lines[j] if j < len(self.lines) else None

    def _chunk(self, i: int, j: int) -> None:
        """Blocks of the non-blank lines ``lines[i:j]``."""
        lines = self.lines
        current: _Block | None = None
        k = i
        # a chunk that starts in lower case continues a block that stopped mid-sentence
        if _continues(lines[i].text) and (target := self._continuation_target()):
            current = target
        while k < j:
            line = lines[k]
            prev = lines[k - 1] if k > i else None
            following = lines[k + 1] if k + 1 < j else None
            raw = self.original[line.start : line.end]

            if _RULE.fullmatch(raw):
                current = None  # a rule line (___ or ***) is a separator, not text
                k += 1
                continue
            if m := _ATX.match(raw):
                s, e = self._heading_span(line, m.end())
                self.blocks.append(_Block(BlockKind.HEADING, [(s, e)], len(m.group(1))))
                current = None
                k += 1
                continue
            if (
                following is not None
                and _UNDERLINE.fullmatch(self.original[following.start : following.end])
                and not _BULLET.match(line.text)
                and (prev is None or current is None or self._deliberate_break(prev, line))
            ):
                level = 1 if following.text[0] == "=" else 2
                self._add(BlockKind.HEADING, line, level)
                current = None
                k += 2
                continue
            if _BULLET.match(raw) and not self._dash_in_sentence(raw, prev, current):
                marker = _GLYPH_MARKER.match(raw)
                current = self._add(BlockKind.LIST_ITEM, line, skip=marker.end() if marker else 0)
                k += 1
                continue
            starts_fresh = current is None or (
                prev is not None and self._deliberate_break(prev, line, current)
            )
            if starts_fresh and self._is_heading(k, i, j):
                self._add(BlockKind.HEADING, line, _heading_level(line, k == self.first_text_line))
                current = None
                k += 1
                continue
            if current is not None and not starts_fresh:
                current.lines.append((line.start, line.end))
                current.last_text = line.text
            else:
                current = self._add(BlockKind.PARAGRAPH, line)
            k += 1

    def _dash_in_sentence(self, raw: str, prev: _Line | None, current: _Block | None) -> bool:
        """A dash at the start of a wrapped line is a parenthetical dash, not a bullet."""
        if not _DASH_BULLET.match(raw) or prev is None or current is None:
            return False
        if current.kind is not BlockKind.PARAGRAPH:
            return False
        return not _SENTENCE_END.search(prev.text) and len(prev.text) >= 0.8 * self.width

    def _is_heading(self, k: int, i: int, j: int) -> bool:
        line = self.lines[k]
        if not _heading_shape(line, self.original):
            return False
        if k > i and not re.search(r"[.!?][\"'”’»)]*$", self.lines[k - 1].text):
            return False  # inside a chunk only after a finished sentence (" Bakgrund")
        if k + 1 < j:
            nxt = self.lines[k + 1]
            # right after a heading (or inside a chunk) a paragraph's first line is likely:
            # ask for clearer evidence that the line was not wrapped by width
            after_heading = bool(self.blocks) and self.blocks[-1].kind is BlockKind.HEADING
            slack = 0.85 if k > i or after_heading else 1.05
            if _runs_on(nxt, line, self.width) and self._fits(line, nxt, slack):
                return True
            # a title on the first line of the file, above a line list ("Riktlinje för X")
            # but not the first entry of one ("Mål 1. ...", "Mål 2. ...")
            return (
                k == self.first_text_line
                and _starts_upper(nxt.text)
                and line.first_word != nxt.first_word
            )
        if k > i:
            return False  # the last line of a chunk of text: a paragraph's end
        # the line stands alone: a heading if running text or a list follows
        nxt = self._next_text_line(j)
        if nxt is None:
            return False
        if k == self.first_text_line:
            return True
        return _runs_on(nxt, line, self.width) or bool(_BULLET.match(nxt.text))

    def _continuation_target(self) -> _Block | None:
        """The block a lower-case chunk continues, looking past short page furniture.

        The furniture blocks stay where they are, after the continued block in the text.
        """
        skipped = 0
        for block in reversed(self.blocks):
            if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and _mid_sentence(
                block.last_text
            ):
                return block
            if _page_furniture(block) and skipped < 3:
                skipped += 1
                continue
            return None
        return None


def _continues(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0] in "”’»")


def _mid_sentence(text: str) -> bool:
    return bool(text) and (text[-1].isalpha() or text[-1] in ",-\u00ad–”’»")


def _page_furniture(block: _Block) -> bool:
    """A short one-line block with a digit: a page number or running header ("SID. 3 (7)")."""
    if block.kind is not BlockKind.PARAGRAPH or len(block.lines) != 1:
        return False
    text = block.last_text
    return len(text) <= 30 and any(ch.isdigit() for ch in text)


# Suppression comments (policycheck.suppress) are directives, not prose: they are blanked out
# before reading (offsets and line breaks kept); Document.original keeps them for the engine.


def build(original: str, path: str, *, encoding: str = "utf-8", notes=None) -> Document:
    """A text document from already decoded ``original``."""
    from policycheck.suppress import COMMENT

    masked = COMMENT.sub(lambda m: " " * len(m.group()), original)
    builder = DocumentBuilder(masked)
    for block in _Reader(masked).read():
        builder.add_block(block.kind, block.lines, level=block.level)
    document = builder.build(path, encoding=encoding, notes=notes, format="text")
    document.original = original
    return document


def read(data: bytes, path: str) -> Document:
    """Read plain text (format ``"text"``)."""
    original, encoding, notes = decode(data)
    return build(original, path, encoding=encoding, notes=notes)

"""HTML: headings, paragraphs, list items and table cells of the page's own content.

Parsed with the standard library's :class:`html.parser.HTMLParser` (it never fails on bad
markup). Navigation, page header and footer, asides, scripts, styles, forms and the ``head``
are left out. ``h1``-``h6`` are headings, ``li`` list items, ``td``/``th`` table cells, and
every other block element (``p``, ``div``, ``section``, ``blockquote`` ...) or text directly
in the body ends one block and starts the next. Line and column refer to the HTML file itself:
every piece of text is a segment of the original, character references included.
"""

from __future__ import annotations

import html
from collections import Counter
from html.parser import HTMLParser

from policycheck.document import BlockKind, Document, DocumentBuilder, Segment
from policycheck.read.decode import EmptyFile, UnreadableFile, decode

_SKIP = frozenset(
    {
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "select",
        "button",
        "svg",
        "math",
        "iframe",
        "object",
    }
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_PARAGRAPH = (BlockKind.PARAGRAPH, 0)
_BLOCKS = frozenset(
    {
        *_HEADINGS,
        "p",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "div",
        "section",
        "article",
        "main",
        "body",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "tr",
        "caption",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "hr",
    }
)


class _Parser(HTMLParser):
    def __init__(self, original: str) -> None:
        super().__init__(convert_charrefs=False)  # references handled here, to map them
        self.original = original
        self.last_gt = original.rfind(">")
        self.line_starts = [0]
        for i, ch in enumerate(original):
            if ch == "\n":
                self.line_starts.append(i + 1)
        # open elements that matter (blocks and skipped ones), each with the block kind and
        # heading level that text inside it gets, and how many of each tag are open: with
        # these, an element opens and closes in constant time however deep the nesting
        # (a page of unclosed <p> tags was quadratic)
        self.stack: list[tuple[str, BlockKind, int]] = []
        self.open_tags: Counter[str] = Counter()
        self.skipping = 0
        self.segments: list[Segment] = []
        self.blocks: list[tuple[BlockKind, int, list[Segment]]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self) -> None:
        if self.segments:
            kind, level = (self.stack[-1][1], self.stack[-1][2]) if self.stack else _PARAGRAPH
            self.blocks.append((kind, level, self.segments))
            self.segments = []

    def _push(self, tag: str) -> None:
        if tag in _HEADINGS:
            kind, level = BlockKind.HEADING, _HEADINGS[tag]
        elif tag in ("td", "th"):
            kind, level = BlockKind.TABLE_CELL, 0
        elif tag == "li":
            kind, level = BlockKind.LIST_ITEM, 0
        else:  # the innermost heading, cell or list item decides
            kind, level = (self.stack[-1][1], self.stack[-1][2]) if self.stack else _PARAGRAPH
        self.stack.append((tag, kind, level))
        self.open_tags[tag] += 1

    def _pop(self) -> str:
        tag = self.stack.pop()[0]
        self.open_tags[tag] -= 1
        return tag

    # html.parser looks for the end of a tag, comment or declaration up to the end of the
    # input for every "<" that no ">" follows, which made a page ending in many of them
    # quadratic ("<a" 200,000 times took three minutes). After the last ">" nothing can end,
    # so a "<" there is text, as html.parser would make it anyway.
    def _text_after_last_gt(self, i: int, parse) -> int:
        if i > self.last_gt:
            self.handle_data("<")
            return i + 1
        return parse(i)

    def parse_starttag(self, i: int) -> int:
        return self._text_after_last_gt(i, super().parse_starttag)

    def parse_endtag(self, i: int) -> int:
        return self._text_after_last_gt(i, super().parse_endtag)

    def parse_comment(self, i: int, report: bool = True) -> int:
        return self._text_after_last_gt(i, lambda i: super(_Parser, self).parse_comment(i, report))

    def parse_pi(self, i: int) -> int:
        return self._text_after_last_gt(i, super().parse_pi)

    def parse_html_declaration(self, i: int) -> int:
        return self._text_after_last_gt(i, super().parse_html_declaration)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            if not self.skipping:
                self._flush()
            self.skipping += 1
            self._push(tag)
        elif self.skipping:
            return
        elif tag == "br":
            at = self._offset()
            self.segments.append((at, at, " "))
        elif tag in _BLOCKS:
            self._flush()
            if tag not in _VOID:
                self._push(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skipping:
            at = self._offset()
            self.segments.append((at, at, " "))
        elif tag in _BLOCKS and not self.skipping:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags[tag]:
            return  # a stray end tag
        if not self.skipping:
            self._flush()
        while self.stack:  # close what was left open inside (<p> and <li> may be)
            top = self._pop()
            if top in _SKIP:
                self.skipping -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping and data:
            start = self._offset()
            self.segments.append((start, start + len(data)))

    def _reference(self, text: str) -> None:
        if self.skipping:
            return
        start = self._offset()
        end = start + len(text)
        if self.original.startswith(";", end):
            end += 1
        self.segments.append((start, end, html.unescape(self.original[start:end])))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")


def build(original: str, path: str, *, encoding: str = "utf-8", notes=None) -> Document:
    """An HTML document from already decoded ``original``."""
    parser = _Parser(original)
    try:
        parser.feed(original)
        parser.close()
    except (AssertionError, IndexError, ValueError) as exc:  # the parser's internal checks
        raise UnreadableFile(f"cannot parse HTML ({exc})") from None
    parser._flush()
    builder = DocumentBuilder(original)
    for kind, level, segments in parser.blocks:
        builder.add_block(kind, segments, level=level)
    if not builder.blocks:
        raise EmptyFile("no text in the HTML page")
    return builder.build(path, encoding=encoding, notes=notes, format="html")


def read(data: bytes, path: str) -> Document:
    """Read an HTML page (format ``"html"``)."""
    original, encoding, notes = decode(data)
    return build(original, path, encoding=encoding, notes=notes)

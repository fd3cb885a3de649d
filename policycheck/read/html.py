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
from html.parser import HTMLParser

from policycheck.document import BlockKind, Document, DocumentBuilder, Segment
from policycheck.read import UnreadableFile, decode

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
        self.line_starts = [0]
        for i, ch in enumerate(original):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.stack: list[str] = []  # open elements that matter: blocks and skipped ones
        self.skipping = 0
        self.segments: list[Segment] = []
        self.blocks: list[tuple[BlockKind, int, list[Segment]]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self) -> None:
        if self.segments:
            kind, level = BlockKind.PARAGRAPH, 0
            for tag in reversed(self.stack):
                if tag in _HEADINGS:
                    kind, level = BlockKind.HEADING, _HEADINGS[tag]
                    break
                if tag in ("td", "th"):
                    kind = BlockKind.TABLE_CELL
                    break
                if tag == "li":
                    kind = BlockKind.LIST_ITEM
                    break
            self.blocks.append((kind, level, self.segments))
            self.segments = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            if not self.skipping:
                self._flush()
            self.skipping += 1
            self.stack.append(tag)
        elif self.skipping:
            return
        elif tag == "br":
            at = self._offset()
            self.segments.append((at, at, " "))
        elif tag in _BLOCKS:
            self._flush()
            if tag not in _VOID:
                self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skipping:
            at = self._offset()
            self.segments.append((at, at, " "))
        elif tag in _BLOCKS and not self.skipping:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return  # a stray end tag
        if not self.skipping:
            self._flush()
        while self.stack:  # close what was left open inside (<p> and <li> may be)
            top = self.stack.pop()
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
        raise UnreadableFile("no text found in the HTML page")
    return builder.build(path, encoding=encoding, notes=notes, format="html")


def read(data: bytes, path: str) -> Document:
    """Read an HTML page (format ``"html"``)."""
    original, encoding, notes = decode(data)
    return build(original, path, encoding=encoding, notes=notes)

"""Markdown (CommonMark with tables), parsed with markdown-it-py.

Headings, paragraphs, list items (each paragraph in an item), table cells and the paragraphs
of block quotes become blocks; code, HTML blocks and front matter are skipped. Inline markup
never reaches the text: every text piece of an inline token is found again in the source
(searching forward from a cursor) and passed to the builder as a span of the original, so
offsets stay exact. Backslash escapes map to the escaped character; entities (``&amp;``) map
to the span of the entity.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from policycheck.document import BlockKind, Document, DocumentBuilder, Segment
from policycheck.read.decode import decode

_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# what may stand in the source between two text pieces of one line
_MARKUP = set("*_~`[]()!<>#|\\+-=.:0123456789") | {" ", "\t", "\r", "\n", "\u00a0"}

_parser: MarkdownIt | None = None


def _md() -> MarkdownIt:
    global _parser
    if _parser is None:
        _parser = MarkdownIt("commonmark").enable("table")
    return _parser


def _mask_front_matter(original: str) -> str:
    """The source with YAML/TOML front matter at the very start blanked (newlines kept)."""
    first_nl = original.find("\n")
    first = (original if first_nl < 0 else original[:first_nl]).rstrip()
    closers = _FRONT_MATTER.get(first)
    if closers is None or first_nl < 0:
        return original
    pos = first_nl + 1
    while pos <= len(original):
        nl = original.find("\n", pos)
        end = len(original) if nl < 0 else nl
        if original[pos:end].rstrip() in closers:
            stop = end
            return re.sub(r"[^\n]", " ", original[:stop]) + original[stop:]
        if nl < 0:
            break
        pos = nl + 1
    return original  # no closing line: not front matter


class _Locator:
    """Finds the text pieces of inline tokens in the source, in order."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.cursor = 0
        # markdown-it counts a lone CR as a line break too
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", src)]

    def line_range(self, token: Token) -> tuple[int, int]:
        if not token.map:
            return self.cursor, len(self.src)
        first, last = token.map
        start = self.line_starts[min(first, len(self.line_starts) - 1)]
        end = self.line_starts[last] if last < len(self.line_starts) else len(self.src)
        return start, end

    def segments(self, token: Token) -> list[Segment]:
        start, limit = self.line_range(token)
        self.cursor = max(self.cursor, start)
        segments: list[Segment] = []
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "code_inline"):
                if child.content:
                    segments.extend(self._find(child.content, limit, exact=kind == "code_inline"))
            elif kind == "html_inline":
                # HTML comments (later: inline suppressions) and tags are not prose
                at = self.src.find(child.content, self.cursor, limit)
                if at >= 0:
                    self.cursor = at + len(child.content)
            elif kind == "link_close":
                self._skip_link_target(limit)
            elif kind == "image":
                self._skip_image(limit)
            # em/strong/link_open, softbreak, hardbreak: nothing to take; a line break
            # separates the pieces in the source, which the builder joins with a space
        return segments

    def _find(self, content: str, limit: int, *, exact: bool) -> list[Segment]:
        src = self.src
        at = src.find(content, self.cursor, limit)
        if at >= 0 and all(ch in _MARKUP or ch.isspace() for ch in src[self.cursor : at]):
            self.cursor = at + len(content)
            return [(at, at + len(content))]
        if exact:
            if at >= 0:
                self.cursor = at + len(content)
                return [(at, at + len(content))]
            return self._approximate(content, limit)
        return self._align(content, limit)

    def _align(self, content: str, limit: int) -> list[Segment]:
        """Map ``content`` char by char: escapes, entities and stray markup in between."""
        src = self.src
        p = self.cursor
        i = 0
        segments: list[Segment] = []

        def take(s: int, e: int) -> None:
            last = segments[-1] if segments else None
            if last is not None and len(last) == 2 and last[1] == s:
                segments[-1] = (last[0], e)
            else:
                segments.append((s, e))

        while i < len(content):
            ch = content[i]
            if p >= limit:
                break
            m = _ENTITY.match(src, p, limit) if src[p] == "&" else None
            decoded = html.unescape(m.group()) if m else ""
            if m and decoded != m.group() and content.startswith(decoded, i):
                segments.append((p, m.end(), decoded))
                p = m.end()
                i += len(decoded)
            elif src[p] == ch:
                take(p, p + 1)
                p += 1
                i += 1
            elif src[p] == "\\" and p + 1 < limit and src[p + 1] == ch:
                take(p + 1, p + 2)
                p += 2
                i += 1
            elif src[p] in _MARKUP:
                p += 1  # markup the parser consumed (e.g. emphasis delimiters left over)
            else:
                break
        self.cursor = p
        if i < len(content):
            segments.extend(self._approximate(content[i:], limit))
        return segments

    def _approximate(self, content: str, limit: int) -> list[Segment]:
        """Last resort: the text itself, mapped to the current position."""
        at = min(self.cursor, max(0, len(self.src) - 1), max(0, limit - 1))
        return [(at, at, content)]

    def _skip_brackets(self, p: int, limit: int, open_: str, close: str) -> int:
        """Position after the bracket group starting at ``p`` (nesting respected)."""
        depth = 0
        while p < limit:
            ch = self.src[p]
            if ch == "\\":
                p += 2
                continue
            if ch == open_:
                depth += 1
            elif ch == close:
                depth -= 1
                if depth == 0:
                    return p + 1
            p += 1
        return limit

    def _skip_target(self, p: int, limit: int) -> int:
        """After a link's ``]``: skip ``(url "title")`` or ``[label]``."""
        if p < limit and self.src[p] == "(":
            return self._skip_brackets(p, limit, "(", ")")
        if p < limit and self.src[p] == "[":
            return self._skip_brackets(p, limit, "[", "]")
        return p

    def _skip_link_target(self, limit: int) -> None:
        src = self.src
        p = self.cursor
        while p < limit and src[p] in "*_~`":  # emphasis closing inside the link text
            p += 1
        if p < limit and src[p] == "]":
            self.cursor = self._skip_target(p + 1, limit)
        elif p < limit and src[p] == ">":  # autolink
            self.cursor = p + 1

    def _skip_image(self, limit: int) -> None:
        at = self.src.find("![", self.cursor, limit)
        if at < 0:
            return
        end = self._skip_brackets(at + 1, limit, "[", "]")
        self.cursor = self._skip_target(end, limit)


def _kind(stack: list[Token]) -> tuple[BlockKind, int]:
    for token in reversed(stack):
        if token.type == "heading_open":
            return BlockKind.HEADING, int(token.tag[1:])
        if token.type in ("th_open", "td_open"):
            return BlockKind.TABLE_CELL, 0
        if token.type == "list_item_open":
            return BlockKind.LIST_ITEM, 0
    return BlockKind.PARAGRAPH, 0


def build(original: str, path: str, *, encoding: str = "utf-8", notes=None) -> Document:
    """A Markdown document from already decoded ``original``."""
    src = _mask_front_matter(original)
    builder = DocumentBuilder(original)
    locator = _Locator(src)
    stack: list[Token] = []
    for token in _md().parse(src):
        if token.nesting == 1:
            stack.append(token)
        elif token.nesting == -1:
            if stack:
                stack.pop()
        elif token.type == "inline":
            kind, level = _kind(stack)
            builder.add_block(kind, locator.segments(token), level=level)
        # fence, code_block, html_block, hr: skipped
    return builder.build(path, encoding=encoding, notes=notes, format="markdown")


def read(data: bytes, path: str) -> Document:
    """Read Markdown (format ``"markdown"``)."""
    original, encoding, notes = decode(data)
    return build(original, path, encoding=encoding, notes=notes)

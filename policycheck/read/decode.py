"""From file bytes to text: decoding, and the one-line reasons a file cannot be read.

Every format reader (``policycheck.read``) decodes through :func:`decode` (or, for Word and
PDF, reads its own structure) and raises :class:`UnreadableFile` with a message for the user.
"""

from __future__ import annotations

import re

from policycheck.notices import Notice


class UnreadableFile(Exception):
    """A file that cannot be read; the message is one line, for the user."""


class EmptyFile(UnreadableFile):
    """A file with no text: nothing to check. Not an error: the run warns and goes on, as it
    does for a folder with no file to check."""

    def __init__(self, reason: str = "empty file") -> None:
        super().__init__(reason)


_BOMS = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode file bytes: ``(text, encoding name, notes)``.

    A BOM decides (UTF-8, UTF-16, UTF-32; the BOM itself is dropped, so offsets refer to the
    text after it); otherwise UTF-8, where a few invalid bytes in an otherwise UTF-8 text are
    replaced by U+FFFD with a note that says where; otherwise cp1252, the usual encoding of
    older Swedish Windows files, with a note; bytes cp1252 leaves undefined fall back to
    latin-1. A lone CR is read as a line break (LF). Raises :class:`EmptyFile` for empty or
    white-space-only data and :class:`UnreadableFile` for binary data.
    """
    if not data:
        raise EmptyFile()
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"invalid {encoding.upper()} text ({exc.reason})") from None
            text = text.removeprefix("\ufeff")
            break
    else:
        if b"\x00" in data:
            raise UnreadableFile("binary file (not text)")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            mostly = _mostly_utf8(data)
            if mostly is not None:
                text, encoding, note = mostly
                notes.append(note)
            else:
                try:
                    text, encoding = data.decode("cp1252"), "cp1252"
                    notes.append(Notice("cp1252"))
                except UnicodeDecodeError:
                    text, encoding = data.decode("latin-1"), "latin-1"
                    notes.append(Notice("latin-1"))
    if not text.strip():
        raise EmptyFile()
    if "\r" in text:
        # a lone CR ends a line (classic Mac OS files) as LF does; one character for another,
        # so offsets still count the file's characters, and lines are where editors show them
        text = _LONE_CR.sub("\n", text)
    return text, encoding, notes


_ESCAPED = re.compile(r"[\udc80-\udcff]")  # the invalid bytes, under surrogateescape
_MAX_PLACES = 5


def _mostly_utf8(data: bytes) -> tuple[str, str, Notice] | None:
    """UTF-8 with the invalid bytes replaced by U+FFFD, when the valid non-ASCII characters
    outnumber them (a stray byte in a UTF-8 file); None when the text reads as another
    encoding (cp1252 text has next to no valid multi-byte UTF-8 sequences)."""
    text = data.decode("utf-8", "surrogateescape")
    bad = [m.start() for m in _ESCAPED.finditer(text)]
    valid = len(text) - len(text.encode("ascii", "ignore")) - len(bad)
    if valid < len(bad):
        return None
    places = []
    for offset in bad[:_MAX_PLACES]:
        line = text.count("\n", 0, offset) + 1
        places.append(f"{line}:{offset - text.rfind(chr(10), 0, offset)}")
    shown = ", ".join(places) + (" …" if len(bad) > _MAX_PLACES else "")
    note = Notice("invalid-utf8", count=len(bad), places=shown)
    return _ESCAPED.sub("\ufffd", text), "utf-8", note


_LONE_CR = re.compile(r"\r(?!\n)")


def size_text(size: int) -> str:
    """A size as people read it: "20 MB", "500 kB", "12 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("kB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"

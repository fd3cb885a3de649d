"""Reading files into documents: decoding, the format readers, folders and standard input.

Each format has a small module with one function ``read(data: bytes, path: str) -> Document``
registered in :data:`READERS` by file suffix. A reader that cannot make sense of a file raises
:class:`UnreadableFile` with a one-line message; :func:`iter_documents` turns that into a
:class:`ReadError` so one bad file never stops a run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policycheck.document import Document


class UnreadableFile(Exception):
    """A file that cannot be read; the message is one line, for the user."""


@dataclass(frozen=True, slots=True)
class ReadError:
    path: str
    message: str


Reader = Callable[[bytes, str], Document]

# suffix (lower case, with the dot) -> reader; filled in by the format modules below
READERS: dict[str, Reader] = {}

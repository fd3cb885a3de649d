"""JSON Lines input: a corpus as one JSON object a line (``.jsonl``, or gzip: ``.jsonl.gz``),
each record checked as a document of its own.

A record's text is in its ``text`` field (``--jsonl-text-field``) and it is named by its ``id``
or else its ``path`` field (``--jsonl-id-field`` names one field instead), else by its line
number (``L12``). A document is reported as ``SOURCE#ID`` (``corpus.jsonl.gz#uppdrag/a.md``).
Its text is read as Markdown when the id ends in ``.md`` or ``.markdown``, as HTML for ``.html``
or ``.htm``, else as plain text.

A bad record (a line that is not JSON, no text field, a text that is not a string) is a
:class:`~policycheck.read.ReadError` that names its line, and the records after it are still
checked, as a bad file in a folder is; a file that cannot be opened or decompressed is one
error for the whole file, and so is a field name that the file's first record does not have
(a mistyped ``--jsonl-text-field`` or ``--jsonl-id-field`` is one error, not one a record).
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policycheck.read.decode import UnreadableFile

SUFFIXES = (".jsonl", ".jsonl.gz")
DEFAULT_ID_FIELDS = ("id", "path")
"""Where a record's id is looked for when no field is named: the first of these it has."""

_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_SUFFIX_OF = {"text": ".txt", "markdown": ".md", "html": ".html"}


@dataclass(frozen=True)
class RecordFields:
    """Which fields of a record hold its text and its id (``None``: ``id``, else ``path``,
    else the line number)."""

    text: str = "text"
    id: str | None = None


@dataclass(frozen=True)
class Record:
    """A record ready to check: the path it is reported under, its text and how to read it
    (``text``, ``markdown`` or ``html``: the formats of ``policycheck.check_text``)."""

    path: str
    text: str
    format: str
    line: int | None = None  # in the JSON Lines file

    @property
    def suffix(self) -> str:
        """The reader's file suffix for :attr:`format`."""
        return _SUFFIX_OF[self.format]


DEFAULT_FIELDS = RecordFields()


class RecordError(UnreadableFile):
    """A record that cannot be checked; ``path`` names it as far as it is known."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


def is_jsonl(path: str | Path) -> bool:
    """Whether ``path`` names a JSON Lines file (by its name)."""
    return str(path).lower().endswith(SUFFIXES)


def record_format(record_id: str) -> str:
    """How a record's text is read, from the suffix of its id."""
    name = record_id.lower().rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return _FORMATS.get(name[dot:], "text") if dot >= 0 else "text"


def record_from(obj: Any, source: str, line: int | None, fields: RecordFields) -> Record:
    """The record a parsed line (``obj``, line ``line`` of ``source``) holds; raises
    :class:`RecordError` with a one-line reason that names the line."""
    where = f"line {line}: " if line is not None else ""
    if not isinstance(obj, dict):
        raise RecordError(source, f"{where}not a JSON object but {_json_type(obj)}")
    record_id = _record_id(obj, line, fields)
    path = f"{source}#{record_id}" if record_id is not None else source
    if record_id is None:
        wanted = f"'{fields.id}'" if fields.id else " or ".join(f"'{f}'" for f in DEFAULT_ID_FIELDS)
        raise RecordError(source, f"{where}no {wanted} field to name the record by")
    if fields.text not in obj:
        raise RecordError(path, f"{where}no '{fields.text}' field (--jsonl-text-field)")
    text = obj[fields.text]
    if not isinstance(text, str):
        raise RecordError(path, f"{where}'{fields.text}' is {_json_type(text)}, not a string")
    if not text.strip():
        raise RecordError(path, f"{where}'{fields.text}' is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # JSON may escape half a surrogate pair: "\ud800"
        raise RecordError(
            path, f"{where}'{fields.text}' is not Unicode text (a lone surrogate at {exc.start})"
        ) from None
    return Record(path, text, record_format(record_id), line)


def _record_id(obj: dict, line: int | None, fields: RecordFields) -> str | None:
    names = (fields.id,) if fields.id else DEFAULT_ID_FIELDS
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    if fields.id is None and line is not None:
        return f"L{line}"
    return None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def read_records(
    path: Path, display: str, fields: RecordFields, *, max_size: int | None = None
) -> Iterator[Record | RecordError]:
    """Each non-blank line of the JSON Lines file ``path`` (shown as ``display``) as a
    :class:`Record`, or a :class:`RecordError` saying what is wrong with it. A line longer
    than four times ``max_size`` bytes is refused unread (a record's text may be escaped).
    Raises :class:`UnreadableFile` when the file itself cannot be opened or decompressed."""
    limit = None if max_size is None else 4 * max_size
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            number = 0
            first = True  # no record read yet: its fields are checked
            while True:
                raw = f.readline(-1 if limit is None else limit + 1)
                if not raw:
                    return
                number += 1
                if limit is not None and len(raw) > limit and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                        raw = f.readline(1 << 20)
                    yield RecordError(display, f"line {number}: longer than {limit:,} bytes")
                    continue
                if not raw.strip():
                    continue
                obj = _load(raw, display, number)
                if isinstance(obj, dict) and first:
                    _check_first(obj, number, fields)
                    first = False
                yield obj if isinstance(obj, RecordError) else _record(obj, display, number, fields)
    except (OSError, EOFError, zlib.error) as exc:
        # gzip raises BadGzipFile (an OSError) for what is not gzip, EOFError if cut short
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise UnreadableFile(f"cannot read the JSON Lines file ({reason})") from None


def _check_first(obj: dict, line: int, fields: RecordFields) -> None:
    """Raise :class:`UnreadableFile` when the file's first record (``obj``) lacks a field
    that ``fields`` names: the name is wrong for the whole file, so it is one error that
    lists the fields there are rather than one a record."""
    for name, role in ((fields.text, "text"), (fields.id, "id")):
        if name is not None and name not in obj:
            names = sorted(str(k) for k in obj)
            shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
            raise UnreadableFile(
                f"no field '{name}' (fields: {shown or 'none'}) in the first record (line "
                f"{line}): wrong {role} field name (--jsonl-{role}-field)?"
            )


def _load(raw: bytes, display: str, line: int) -> Any:
    """The JSON value of a line, or the :class:`RecordError` of a line that is not JSON."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return RecordError(display, f"line {line}: not UTF-8 (byte {exc.start + 1})")
    except json.JSONDecodeError as exc:
        return RecordError(display, f"line {line}: not valid JSON ({exc.msg}, column {exc.colno})")


def _record(obj: Any, display: str, line: int, fields: RecordFields) -> Record | RecordError:
    try:
        return record_from(obj, display, line, fields)
    except RecordError as exc:
        return exc


def count_records(path: Path) -> int | None:
    """How many non-blank lines ``path`` has (a progress bar's total); None if unreadable."""
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            return sum(1 for raw in f if raw.strip())
    except (OSError, EOFError, zlib.error):
        return None

"""Reading files into documents: decoding, the format readers, folders and standard input.

Each format has a small module with one function ``read(data: bytes, path: str) -> Document``
registered in :data:`READERS` by file suffix. A reader that cannot make sense of a file raises
:class:`UnreadableFile` with a one-line message; :func:`iter_documents` turns that into a
:class:`ReadError` so one bad file never stops a run.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import BinaryIO

from policycheck.document import Document
from policycheck.read import docx as _docx
from policycheck.read import html as _html
from policycheck.read import jsonl as _jsonl
from policycheck.read import markdown as _markdown
from policycheck.read import pdf as _pdf
from policycheck.read import text as _text
from policycheck.read.decode import EmptyFile, UnreadableFile, decode, size_text

__all__ = [
    "READERS",
    "EmptyFile",
    "ReadError",
    "Skipped",
    "UnreadableFile",
    "decode",
    "iter_documents",
]


@dataclass(frozen=True, slots=True)
class ReadError:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something left out on purpose: a symbolic link a folder walk does not follow
    (``--verbose`` says so), or a file with no text (``empty``: an input like any other, of
    which the run warns)."""

    path: str
    reason: str
    empty: bool = False


Reader = Callable[[bytes, str], Document]

READERS: dict[str, Reader] = {
    ".txt": _text.read,
    ".text": _text.read,
    ".md": _markdown.read,
    ".markdown": _markdown.read,
    ".docx": _docx.read,
    ".pdf": _pdf.read,
    ".html": _html.read,
    ".htm": _html.read,
}
"""Suffix (lower case, with the dot) -> reader."""

DEFAULT_MAX_SIZE = 20 * 1024 * 1024
"""Files larger than this (20 MB) are not read: no policy draft is that large as text, and
reading e.g. a disk image by mistake would take the run down."""


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "is a directory",
        errno.ENOTDIR: "not a directory",
        errno.ELOOP: "too many levels of symbolic links",
        errno.ENAMETOOLONG: "file name too long",
    }
    return reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__).lower()


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes for "file too large": in bytes where rounding would make them look equal."""
    shown = size_text(size), size_text(limit)
    return shown if shown[0] != shown[1] else (f"{size:,} bytes", f"{limit:,} bytes")


# formats policycheck cannot read that a word processor can save as one it can
_SAVE_AS = {".doc": ".docx", ".odt": ".docx", ".rtf": ".docx", ".wpd": ".docx"}


def _reader_for(suffix: str) -> Reader:
    reader = READERS.get(suffix.lower())
    if reader is None and suffix.lower() in _SAVE_AS:
        raise UnreadableFile(
            f"policycheck cannot read '{suffix}' files; save it as {_SAVE_AS[suffix.lower()]}"
        )
    if reader is None:
        shown = suffix or "(none)"
        raise UnreadableFile(
            f"unsupported file type '{shown}' (supported: {', '.join(supported_suffixes())})"
        )
    return reader


def read_bytes(
    data: bytes, display: str, suffix: str, *, max_size: int | None = DEFAULT_MAX_SIZE
) -> Document:
    """Read ``data`` with the reader for ``suffix`` (e.g. ``".md"``)."""
    reader = _reader_for(suffix)
    if max_size is not None and len(data) > max_size:
        raise UnreadableFile(f"file too large (more than the limit of {size_text(max_size)})")
    return _read(reader, data, display)


def _read(reader: Reader, data: bytes, display: str) -> Document:
    document = reader(data, display)
    if not any(c.isalnum() for c in document.text):
        # only markup, a comment, punctuation or invisible characters: nothing to check
        raise EmptyFile("no text")
    # the result cache keys on the bytes that were analysed, not on the file read again
    document.digest = hashlib.sha256(data).hexdigest()
    return document


def read_path(
    path: Path,
    display: str | None = None,
    *,
    max_size: int | None = DEFAULT_MAX_SIZE,
    follow_links: bool = True,
) -> Document:
    """Read one file, choosing the reader by its suffix.

    ``display`` is the path shown in reports (default: ``str(path)``). Files larger than
    ``max_size`` bytes (default :data:`DEFAULT_MAX_SIZE`, 20 MB; ``None`` for no limit) are
    refused, and so is a symbolic link unless ``follow_links``, and anything inside a ``.git``
    folder (a checkout keeps its credentials there). Every failure is an
    :class:`UnreadableFile` with a short reason.
    """
    path = Path(path)
    display = str(path) if display is None else display
    reader = _reader_for(path.suffix)
    try:
        if not follow_links and path.is_symlink():
            raise UnreadableFile("symbolic link (not followed)")
        if path.is_dir():
            raise UnreadableFile("is a directory")
        if path.exists() and not path.is_file():  # a FIFO or device: reading may block
            raise UnreadableFile("not a regular file")
        if _in_git_folder(path):
            raise UnreadableFile("inside a .git folder (not read)")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        if not follow_links:  # not even a link put in its place since the check above
            flags |= getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags), "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise UnreadableFile("not a regular file")
            size = os.fstat(f.fileno()).st_size
            if max_size is not None and size > max_size:
                shown, limit = _sizes(size, max_size)
                raise UnreadableFile(f"file too large ({shown}; the limit is {limit})")
            # as much as fstat says, and one byte more to see whether it grew since (a
            # read of max_size bytes would allocate them all, whatever the file's size)
            want = (size if max_size is None else min(size, max_size)) + 1
            data = f.read(want)
            if len(data) == want:
                data += f.read() if max_size is None else f.read(max_size + 1 - len(data))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise UnreadableFile("symbolic link (not followed)") from None
        raise UnreadableFile(_os_reason(exc)) from None
    if max_size is not None and len(data) > max_size:  # grew since stat()
        raise UnreadableFile(f"file too large (more than the limit of {size_text(max_size)})")
    return _read(reader, data, display)


def _in_git_folder(path: Path) -> bool:
    """Whether ``path`` (links resolved) lies inside a ``.git`` folder."""
    try:
        return ".git" in path.resolve().parts
    except (OSError, RuntimeError):
        return False


def _leads_outside(path: Path) -> str | None:
    """Why a path named on the command line is not read: it lies in the working folder but
    leads out of it through a symbolic link (a pull request can add ``notes.txt ->
    ~/.ssh/id_rsa``, or a linked folder). A path outside the working folder is the user's."""
    try:
        roots = {Path.cwd(), Path.cwd().resolve()}
        named = Path(os.path.abspath(path))
        if not any(named == root or root in named.parents for root in roots):
            return None
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None  # a broken link or a loop: reading it says so
    if any(target == root or root in target.parents for root in roots):
        return None
    return "symbolic link to a file outside the working folder (not followed)"


def _excluded(paths: tuple[str, ...], exclude: Sequence[str]) -> bool:
    return any(fnmatch(path, pattern) for pattern in exclude for path in paths)


def _walk(
    folder: Path, suffixes: frozenset[str], exclude: Sequence[str], base: str = ""
) -> Iterator[tuple[str, str | None]]:
    """Relative paths ("a/b.txt") of the matching files under ``folder``, sorted, depth first,
    each with None, or with the reason it is left out: a symbolic link (never followed, as
    git and Ruff do not: a link in a pull request could point at any file on the machine)
    or a folder that cannot be read.

    Hidden entries (".git", ".venv") are skipped; each directory is entered once by its
    resolved path. ``exclude`` globs are matched against the relative path, the name, and
    ``base/relative path`` (the path as shown).
    """
    seen: set[Path] = set()

    def walk(directory: Path, prefix: str) -> Iterator[tuple[str, str | None]]:
        try:
            resolved = directory.resolve()
        except (OSError, RuntimeError):
            return
        if resolved in seen:
            return
        seen.add(resolved)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield prefix.rstrip("/"), f"cannot read the folder ({_os_reason(exc)})"
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{prefix}{entry.name}"
            if exclude and _excluded((rel, entry.name, f"{base}/{rel}"), exclude):
                continue
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
                is_file = not is_link and entry.is_file(follow_symlinks=False)
            except OSError:
                continue
            if is_link:
                if entry.name.lower().endswith(tuple(suffixes)) or _is_dir(entry):
                    yield rel, _LINK
            elif is_dir:
                yield from walk(Path(entry.path), rel + "/")
            elif is_file and Path(entry.name).suffix.lower() in suffixes:
                yield rel, None

    yield from walk(folder, "")


_LINK = "symbolic link (not followed)"


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


DEFAULT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"}
)
"""Suffixes picked up when walking folders; files named explicitly may have any registered one."""


def iter_documents(
    paths: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    suffixes: frozenset[str] = DEFAULT_SUFFIXES,
    stdin: BinaryIO | None = None,
    stdin_format: str = "text",
    max_size: int | None = DEFAULT_MAX_SIZE,
    on_empty: Callable[[str], None] | None = None,
    records: _jsonl.RecordFields = _jsonl.DEFAULT_FIELDS,
) -> Iterator[Document | ReadError | Skipped]:
    """Documents (or read errors) for files, folders (recursively) and ``"-"`` (standard input).

    Folders yield their files with one of ``suffixes``, sorted, skipping hidden entries and
    those matching an ``exclude`` glob (matched against the path relative to the folder and
    against the file name); symbolic links in them are not followed (a :class:`Skipped`
    says so), a subfolder that cannot be read is a :class:`ReadError`. A path named here in
    the working folder is followed through symbolic links only to a file in it, and nothing
    inside a ``.git`` folder is read. Paths are shown as given, folder and relative path
    joined with "/". Standard input is read from ``stdin`` (default ``sys.stdin.buffer``) as
    ``stdin_format`` ("text" or "markdown"). ``on_empty`` is called with each folder that has
    no file to check. A JSON Lines file named here (``.jsonl``, ``.jsonl.gz``; never picked up
    from a folder) gives a document per record, its fields as ``records`` says
    (:mod:`policycheck.read.jsonl`), ``max_size`` applying to each record's text.
    """
    for given in paths:
        if given == "-":
            yield _read_stdin(stdin, stdin_format, max_size)
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
            in_git = exists and _in_git_folder(path)
            refused = "inside a .git folder (not read)" if in_git else _leads_outside(path)
        except OSError as exc:
            yield ReadError(given, _os_reason(exc))
            continue
        if refused:
            yield ReadError(given, refused)
        elif not exists and path.is_symlink():
            yield ReadError(given, "broken symbolic link, or a loop of them")
        elif not exists:
            yield ReadError(given, "no such file or directory")
        elif is_dir:
            base = given.rstrip("/\\") or given
            empty = True
            for rel, skipped in _walk(path, suffixes, exclude, base):
                display = (rel if base == "." else f"{base}/{rel}") if rel else given
                if skipped == _LINK:
                    yield Skipped(display, skipped)
                elif skipped:
                    empty = False
                    yield ReadError(display, skipped)
                else:
                    empty = False
                    yield _read_one(path / rel, display, max_size, follow_links=False)
            if empty and on_empty is not None:
                on_empty(given)
        elif _jsonl.is_jsonl(given):
            yield from _read_records(path, given, records, max_size)
        else:
            yield _read_one(path, given, max_size)


def _read_records(
    path: Path, display: str, fields: _jsonl.RecordFields, max_size: int | None
) -> Iterator[Document | ReadError | Skipped]:
    """The records of a JSON Lines file as documents, or read errors naming the line; a file
    with no record is an empty file."""
    records = 0
    try:
        for record in _jsonl.read_records(path, display, fields, max_size=max_size):
            records += 1
            if isinstance(record, _jsonl.RecordError):
                yield ReadError(record.path, str(record))
                continue
            data = record.text.encode("utf-8")
            where = f"line {record.line}: "
            if max_size is not None and len(data) > max_size:
                shown, limit = _sizes(len(data), max_size)
                yield ReadError(
                    record.path, f"{where}text too large ({shown}; the limit is {limit})"
                )
                continue
            try:
                yield read_bytes(data, record.path, record.suffix, max_size=None)
            except UnreadableFile as exc:
                yield ReadError(record.path, f"{where}{exc}")
    except UnreadableFile as exc:
        yield ReadError(display, str(exc))
        return
    if not records:
        yield Skipped(display, "no records", empty=True)


def count_inputs(
    paths: Sequence[str], *, exclude: Sequence[str] = (), suffixes=DEFAULT_SUFFIXES
) -> int:
    """How many results :func:`iter_documents` will yield for ``paths`` (a folder is walked,
    nothing is read; skipped links give none): the total of a progress bar."""
    total = 0
    for given in paths:
        path = Path(given)
        if given != "-" and path.is_dir():
            walked = _walk(path, suffixes, exclude, given.rstrip("/\\"))
            total += sum(1 for _rel, skipped in walked if skipped != _LINK)
        elif _jsonl.is_jsonl(given):
            total += _jsonl.count_records(path) or 1
        else:
            total += 1
    return total


def _read_one(
    path: Path, display: str, max_size: int | None, *, follow_links: bool = True
) -> Document | ReadError | Skipped:
    try:
        return read_path(path, display, max_size=max_size, follow_links=follow_links)
    except EmptyFile as exc:
        return Skipped(display, str(exc), empty=True)
    except UnreadableFile as exc:
        return ReadError(display, str(exc))


_STDIN_SUFFIX = {"text": ".txt", "markdown": ".md", "md": ".md"}


def _read_stdin(
    stdin: BinaryIO | None, fmt: str, max_size: int | None
) -> Document | ReadError | Skipped:
    suffix = _STDIN_SUFFIX.get(fmt, f".{fmt}")
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        return ReadError("-", "no standard input")
    try:
        data = stream.read() if max_size is None else stream.read(max_size + 1)
        return read_bytes(data, "-", suffix, max_size=max_size)
    except EmptyFile as exc:
        return Skipped("-", str(exc), empty=True)
    except UnreadableFile as exc:
        return ReadError("-", str(exc))
    except OSError as exc:
        return ReadError("-", _os_reason(exc))

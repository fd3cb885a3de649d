"""Writing a file so that a failed write never leaves it damaged: the text goes to a temporary
file in the same folder, which then replaces the file in one step (a rename). On a full disk
the old report, baseline or cache entry stays as it was, and no temporary file is left."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically; raises :class:`OSError` (and
    :class:`UnicodeEncodeError`) with ``path`` untouched."""
    write_bytes(path, text.encode(encoding))


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; raises :class:`OSError` with ``path``
    untouched."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):  # keep the old file's permissions (umask for new)
            os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:  # a new file: what open() would give it
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

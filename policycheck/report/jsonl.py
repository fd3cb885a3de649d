"""The JSON Lines report (``--format jsonl``): one finding a line, written as each file's
check finishes, so that a corpus's findings never sit in memory together and the output goes
straight into jq, DuckDB or pandas. A line is the JSON report's finding object with the
fields of its document added (docs/json-report.md, ``jsonl-line.schema.json``); a file that
could not be read gives no line but one on standard error (and exit code 2)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from policycheck.findings import FileResult
from policycheck.report import RunInfo
from policycheck.report.json_report import finding_dict

DOCUMENT_FIELDS = ("language", "document_type", "format", "positions", "pipeline")
"""The fields of a finding's document (as in the JSON report's ``files[]``) each line adds."""


def lines(result: FileResult) -> Iterator[str]:
    """The lines of one file's findings (none for a file that could not be read)."""
    document = {name: getattr(result, name) for name in DOCUMENT_FIELDS}
    for f in result.findings:
        yield json.dumps({**finding_dict(f), **document}, ensure_ascii=False)


class JsonlStream:
    """Writes each result's lines to ``out`` as it comes, flushed, and the reason a file could
    not be read to ``errors``: pass :meth:`write` as the run's ``stream``."""

    def __init__(self, out: TextIO, errors: TextIO | None = None) -> None:
        self.out = out
        self.errors = errors
        self.findings = 0

    def write(self, result: FileResult) -> None:
        if result.error:
            print(f"policycheck: {result.path}: {result.error}", file=self.errors or sys.stderr)
        for line in lines(result):
            self.out.write(line + "\n")
            self.findings += 1
        self.out.flush()  # a reader at the other end of a pipe sees each file as it is done


def write_all(results: Iterable[FileResult], out: TextIO) -> int:
    """Write the lines of ``results`` (any iterable: a generator is consumed as it yields)
    to ``out``; the number of findings written."""
    stream = JsonlStream(out)
    for result in results:
        stream.write(result)
    return stream.findings


def render(results: list[FileResult], run: RunInfo) -> str:
    """The whole report at once (the command line streams it instead: policycheck.run)."""
    return "".join(line + "\n" for r in results for line in lines(r))


@contextlib.contextmanager
def opened(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or a stream into ``path``: a temporary file beside it that replaces it
    when the run ends, so that a run that fails leaves an older report as it was."""
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            yield out
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

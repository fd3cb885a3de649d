"""The progress bar of a check run, on standard error (rich.progress).

Shown only where someone watches: standard error is a terminal and ``--quiet`` is not given.
Even then it appears only once a run has taken :data:`DELAY` seconds, so that quick runs stay
as quiet as before. It counts files, and within a long file the pieces it is analysed in
(:meth:`policycheck.nlp.Pipeline.analyse`), so one big draft moves the bar too.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY = 2.0
"""Seconds before the bar shows."""


def wanted(quiet: bool, stream: TextIO | None = None) -> bool:
    """A bar only on a terminal, and never with ``--quiet``."""
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return not quiet and callable(isatty) and bool(isatty())


class Progress:
    """Files done (and the fraction of the current file) out of ``total`` files.

    The rich display starts on the first update after ``delay`` seconds (by ``clock``), and
    :meth:`close` removes it. ``make_display`` builds it (tests pass their own)."""

    def __init__(
        self,
        total: int | None,
        *,
        delay: float = DELAY,
        clock: Callable[[], float] = time.monotonic,
        make_display: Callable[[], object] | None = None,
    ) -> None:
        self.total = total
        self.done = 0.0  # files, with the fraction of the current one
        self.files = 0
        self.current = ""
        self._delay = delay
        self._clock = clock
        self._start = clock()
        self._make_display = make_display or _rich_display
        self._display = None
        self._task = None

    @property
    def shown(self) -> bool:
        return self._display is not None

    def start_file(self, path: str) -> None:
        self.current = path
        self._update()

    def piece(self, done: int, pieces: int) -> None:
        """``done`` of the current file's ``pieces`` are analysed."""
        self.done = self.files + done / max(pieces, 1)
        self._update()

    def file_done(self) -> None:
        self.files += 1
        self.done = self.files
        self._update()

    def close(self) -> None:
        if self._display is not None:
            self._display.stop()
            self._display = None

    def _update(self) -> None:
        if self._display is None:
            if self._clock() - self._start < self._delay:
                return
            self._display = self._make_display()
            self._display.start()
            self._task = self._display.add_task("", total=self.total)
        self._display.update(self._task, completed=self.done, description=self._label())

    def _label(self) -> str:
        name = self.current.rsplit("/", 1)[-1]
        return name if len(name) <= 40 else "…" + name[-39:]


def _rich_display():
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    return RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,  # the bar goes when the run is done: the report stays as it was
    )

"""Regular expressions from rule files, run with a time bound.

Rule files hold regular expressions, and in CI a pull request can supply both a configuration
and the rule files it names. A backtracking engine takes exponential or polynomial time on
some patterns (``(a+)+$``, or a greedy run inside a lazy scan, which is quadratic), so every
rule regex, bundled or not, is compiled here with the `regex` module (``VERSION0``: the syntax
and behaviour of :mod:`re`) and every search runs with its ``timeout``: the search stops
with :class:`RegexTimeout` once it has run longer than :func:`limit` allows for the text it
searches. The checker turns that into an error for the file that names the rule; the other
files are still checked.

A timeout is used rather than rejecting nested quantifiers when a rule is loaded: the shape
of a pattern does not tell its cost (the quadratic patterns that once hung the Swedish pack
had no nested quantifier), and the bound holds whatever the pattern is.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from policycheck.findings import shorten

if TYPE_CHECKING:
    import regex

SECONDS = 1.0
"""Every search of a rule regex may take this long, plus :data:`SECONDS_PER_MB`."""
SECONDS_PER_MB = 10.0
"""... for each million characters searched (a linear rule regex needs well under 0.1 s)."""


class RegexFailure(Exception):
    """A rule regex that could not run on a document; ``owner`` names the rule, once known."""

    def __init__(self, pattern: str, owner: str = "") -> None:
        super().__init__(pattern, owner)
        self.pattern = pattern
        self.owner = owner

    def reason(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        owner = f"{self.owner}: " if self.owner else ""
        return f"{owner}regular expression {shorten(self.pattern)!r} {self.reason()}"


class RegexTimeout(RegexFailure):
    """A rule regex ran past its time bound."""

    def __init__(self, pattern: str, seconds: float, owner: str = "") -> None:
        super().__init__(pattern, owner)
        self.seconds = seconds

    def reason(self) -> str:
        return (
            f"took more than {self.seconds:.3g} s (rewrite it without nested or overlapping "
            "repeats); the file was not checked"
        )


class RegexSyntax(RegexFailure):
    """A pattern that :mod:`re` accepts (rule files are validated with it) but `regex` not."""

    def __init__(self, pattern: str, message: str, owner: str = "") -> None:
        super().__init__(pattern, owner)
        self.message = message

    def reason(self) -> str:
        return f"cannot be compiled ({self.message}); the file was not checked"


def limit(chars: int) -> float:
    """The seconds a rule regex may spend on a text of ``chars`` characters."""
    return SECONDS + SECONDS_PER_MB * chars / 1_000_000


class Deadline:
    """The time left for one regex over one text, across several calls (windows)."""

    __slots__ = ("at", "seconds")

    def __init__(self, chars: int) -> None:
        self.seconds = limit(chars)
        self.at = time.monotonic() + self.seconds

    def left(self, pattern: str) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise RegexTimeout(pattern, self.seconds)
        return left


class RuleRegex:
    """A rule regex whose searches raise :class:`RegexTimeout` past their bound. Compiled on
    first use: `regex` compiles slower than :mod:`re`, and many patterns never run on a
    document (see ``checks.base._needles``)."""

    __slots__ = ("_compiled", "ignore_case", "pattern")

    def __init__(self, pattern: str, ignore_case: bool) -> None:
        self.pattern = pattern
        self.ignore_case = ignore_case
        self._compiled: regex.Pattern | None = None

    def _regex(self) -> regex.Pattern:
        if self._compiled is None:
            import regex  # 0.05 s to import: only when a check runs

            flags = regex.VERSION0 | (regex.IGNORECASE if self.ignore_case else 0)
            try:
                self._compiled = regex.compile(self.pattern, flags)
            except regex.error as exc:
                raise RegexSyntax(self.pattern, str(exc)) from None
        return self._compiled

    def finditer(
        self, text: str, start: int = 0, end: int | None = None, deadline: Deadline | None = None
    ) -> Iterator[regex.Match]:
        """Matches in ``text[start:end]``; ``deadline`` is shared by the calls of one search
        that runs in windows."""
        end = len(text) if end is None else end
        deadline = deadline or Deadline(end - start)
        compiled = self._regex()
        try:
            yield from compiled.finditer(text, start, end, timeout=deadline.left(self.pattern))
        except TimeoutError:
            raise RegexTimeout(self.pattern, deadline.seconds) from None

    def spans(
        self,
        text: str,
        windows: list[tuple[int, int]],
        units: tuple[list[int], list[int]] | None = None,
    ) -> list[tuple[int, int]]:
        """The spans of the non-empty matches in each window of ``text``, under one time bound
        for all of them (one call per pattern: a generator per window costs more than most
        windows' search). With ``units`` (the sentences' start and end offsets, sorted), only
        matches within one sentence: one that runs past its sentence's end is searched for
        again from its next character, so that it does not hide a match inside the sentence
        ("kan anordna vandringar.  Belysningen bör förbättras" hid "bör förbättras")."""
        deadline = Deadline(sum(end - start for start, end in windows))
        compiled = self._regex()
        out: list[tuple[int, int]] = []
        try:
            for start, end in windows:
                pos = start
                while pos < end:
                    timeout = deadline.left(self.pattern)
                    m = compiled.search(text, pos, end, timeout=timeout)
                    if m is None:
                        break
                    if units is not None and not _within_one(m.start(), m.end(), units):
                        pos = m.start() + 1
                        continue
                    if m.end() > m.start():
                        out.append(m.span())
                    pos = max(m.end(), m.start() + 1)
        except TimeoutError:
            raise RegexTimeout(self.pattern, deadline.seconds) from None
        return out

    def search(self, text: str, deadline: Deadline | None = None) -> regex.Match | None:
        return next(self.finditer(text, deadline=deadline), None)

    def match(self, text: str) -> regex.Match | None:
        deadline = Deadline(len(text))
        compiled = self._regex()
        try:
            return compiled.match(text, timeout=deadline.left(self.pattern))
        except TimeoutError:
            raise RegexTimeout(self.pattern, deadline.seconds) from None


def _within_one(start: int, end: int, units: tuple[list[int], list[int]]) -> bool:
    starts, ends = units
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and start < ends[i] and end <= ends[i]


@lru_cache(maxsize=4096)
def compile(pattern: str, ignore_case: bool = True) -> RuleRegex:
    """The rule regex ``pattern``, case-insensitive unless ``ignore_case`` is False (kept for
    the process: rules use the same patterns on every document)."""
    return RuleRegex(pattern, ignore_case)


def check_syntax(pattern: str, ignore_case: bool = True) -> None:
    """Raise :class:`re.error` for a pattern that is not a valid regular expression. Rule files
    are validated with :mod:`re` (whose syntax the documentation promises, and which compiles
    three times faster than `regex`); `regex` in ``VERSION0`` accepts what :mod:`re` does."""
    re.compile(pattern, re.IGNORECASE if ignore_case else 0)

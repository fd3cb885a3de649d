"""Inline suppressions: HTML comments in the document that switch rules off.

Forms (values are rule codes, code prefixes, aliases or critique ids, comma-separated; no
value means every rule; an optional reason follows ``--``)::

    <!-- policycheck: disable=PC101 -->            until a matching enable, or the end
    <!-- policycheck: enable=PC101 -->
    <!-- policycheck: disable-next-line=weak-modal -- citat ur lagtext -->
    <!-- policycheck: disable-file -->

Comments are found with a regular expression in ``Document.original``, so they work the same
in Markdown and HTML (where comments never reach the text) and plain text (whose reader blanks
them out). Suppression is by the finding's line in the original file: ``disable``/``enable``
act from the comment's line on, and for a finding the last matching one before it decides;
``disable-next-line`` covers the next line that is neither blank nor only such comments.
Document-level findings (line 1, "the document lacks X") are suppressed only by
``disable-file``: a range that happens to start at line 1 should not hide them.

Comments that suppress nothing are reported by the rule of check type ``unused-suppression``
(PC900, ``policycheck.checks.unused_suppression``), after Ruff's RUF100. Selectors naming
rules that exist but are not active in the run (``--select``, ``--ignore``, config) are not
reported: whether they would be used is unknown.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from policycheck.findings import Finding

if TYPE_CHECKING:
    from policycheck.ruleset import Rule

ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")

# One line only: a directive is a short comment, and a stray "<!--" must not swallow a file.
# COMMENT finds what looks like one in linear time (up to the first "-->", never across
# another "<!--", at most MAX_DIRECTIVE characters); DIRECTIVE then reads it. DIRECTIVE alone
# over a long line of "<!-- policycheck: disable=" took cubic time.
MAX_DIRECTIVE = 300
_OPENING = r"<!--[ \t]*policycheck[ \t]*:"
COMMENT = re.compile(rf"{_OPENING}(?:(?!-->|<!--)[^\n]){{0,{MAX_DIRECTIVE}}}-->")
DIRECTIVE = re.compile(
    _OPENING + r"[ \t]*(?P<action>[A-Za-z][A-Za-z-]*)"
    r"(?:[ \t]*=[ \t]*(?P<values>[^\n]*?))?"
    r"(?:[ \t]+--[ \t]*(?P<reason>[^\n]*?))?"
    r"[ \t]*-->"
)


def _directives(text: str) -> Iterator[re.Match[str]]:
    """The directives in ``text``: each comment COMMENT finds, read by DIRECTIVE."""
    for comment in COMMENT.finditer(text):
        m = DIRECTIVE.fullmatch(text, comment.start(), comment.end())
        if m:
            yield m


_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment."""

    action: str  # one of ACTIONS, or what was written when it is none of them
    selectors: tuple[str, ...]  # empty: every rule
    reason: str
    text: str  # the comment as written
    start: int  # offsets of the comment in the original
    end: int
    line: int
    target: int | None = None  # disable-next-line: the line it covers

    @property
    def spec(self) -> str:
        """The directive without comment markers and reason: ``disable=PC101,PC210``."""
        return self.action + ("=" + ",".join(self.selectors) if self.selectors else "")


@dataclass
class Unused:
    """A directive that suppressed nothing, or the selectors of it that did not."""

    directive: Directive
    selectors: tuple[str, ...]  # empty: the whole directive (no selectors, or unknown action)
    unknown: tuple[str, ...] = ()  # of those, the selectors that name no rule at all
    near: tuple[str, ...] = ()  # the codes and aliases nearest those (a misspelt code)


@dataclass
class Outcome:
    kept: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    unused: list[Unused] = field(default_factory=list)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _in_code(start: int, line_start: int, fenced: list[tuple[int, int]], ticks: list[int]) -> bool:
    """Markdown: a comment shown in a code block or code span is an example, not a directive.
    ``ticks`` are the offsets of the backticks in the file."""
    if any(s <= start < e for s, e in fenced):
        return True
    # an odd number of backticks before it on its line: inside a code span
    before = bisect.bisect_left(ticks, start) - bisect.bisect_left(ticks, line_start)
    return before % 2 == 1


def _fenced_spans(original: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    marker = ""
    pos = 0
    for line in original.splitlines(keepends=True):
        m = _FENCE.match(line)
        if m and open_at is None:
            open_at, marker = pos, m.group(1)[0] * len(m.group(1))
        elif m and open_at is not None and m.group(1).startswith(marker):
            spans.append((open_at, pos + len(line)))
            open_at = None
        pos += len(line)
    if open_at is not None:
        spans.append((open_at, len(original)))
    return spans


def parse(original: str, *, markdown: bool = False) -> list[Directive]:
    """The suppression comments of a file, in order."""
    matches = list(_directives(original))
    if not matches:
        return []
    fenced = _fenced_spans(original) if markdown else []
    ticks = [m.start() for m in re.finditer("`", original)] if markdown else []
    starts = _line_starts(original)
    lines = original.split("\n")
    # the next line with text after each line (1-based; a directive's own line counts as
    # blank), found once from the end rather than by a walk for every directive
    next_text: list[int | None] = [None] * (len(lines) + 1)
    for n in range(len(lines) - 1, -1, -1):
        blank = not COMMENT.sub("", lines[n]).strip()
        next_text[n] = next_text[n + 1] if blank else n + 1

    out: list[Directive] = []
    for m in matches:
        line = bisect.bisect_right(starts, m.start())  # 1-based, as Document.line_col
        if markdown and _in_code(m.start(), starts[line - 1], fenced, ticks):
            continue
        action = m.group("action").lower()
        values = m.group("values") or ""
        selectors = tuple(v for v in re.split(r"[,\s]+", values) if v)
        target = None
        if action == "disable-next-line":
            # the next line with text; a comment's own line after it counts as blank
            target = next_text[line]
        out.append(
            Directive(
                action=action,
                selectors=selectors,
                reason=(m.group("reason") or "").strip(),
                text=m.group(0),
                start=m.start(),
                end=m.end(),
                line=line,
                target=target,
            )
        )
    return out


Matcher = Callable[["Rule", str], bool]


class _Use:
    """Which selectors of which directives suppressed something."""

    def __init__(self) -> None:
        self.used: dict[int, set[str]] = {}

    def covers(self, i: int, d: Directive, rule: Rule, matches: Matcher) -> bool:
        """Whether directive ``i`` names ``rule``; if so, note the selectors that did."""
        if not d.selectors:
            self.used.setdefault(i, set()).add("")
            return True
        hit = {s for s in d.selectors if matches(rule, s)}
        if hit:
            self.used.setdefault(i, set()).update(hit)
        return bool(hit)


def _names(d: Directive, rule: Rule, matches: Matcher) -> bool:
    return not d.selectors or any(matches(rule, s) for s in d.selectors)


def apply(
    directives: list[Directive],
    findings: Iterable[Finding],
    rules: Iterable[Rule],
    known: Iterable[Rule],
    matches: Matcher,
) -> Outcome:
    """Split ``findings`` into kept and suppressed; list what suppressed nothing.

    ``rules`` are the rules active for the file (findings come from them), ``known`` all
    rules of the pack, ``matches(rule, selector)`` the engine's selector test.
    """
    by_code = {r.code: r for r in rules}
    use = _Use()
    outcome = Outcome(kept=[])
    indexed = list(enumerate(directives))
    ranges = [(i, d) for i, d in indexed if d.action in ("disable", "enable")]
    for f in findings:
        rule = by_code.get(f.code)
        if rule is None:
            outcome.kept.append(f)
            continue
        if _suppressed(f, rule, indexed, ranges, use, matches):
            outcome.suppressed.append(f)
        else:
            outcome.kept.append(f)
    outcome.unused = _unused(directives, use, list(by_code.values()), list(known), matches)
    return outcome


def _suppressed(
    f: Finding,
    rule: Rule,
    indexed: list[tuple[int, Directive]],
    ranges: list[tuple[int, Directive]],
    use: _Use,
    matches: Matcher,
) -> bool:
    # The narrowest directive gets the credit, so that a redundant wider one is reported.
    if f.scope != "document":
        line = f.location.line
        for i, d in indexed:
            if d.action != "disable-next-line" or d.target != line:
                continue
            if use.covers(i, d, rule, matches):
                return True
        last: tuple[int, Directive] | None = None
        for i, d in ranges:
            if d.line > line:
                break
            if _names(d, rule, matches):
                last = (i, d)
        if last is not None and last[1].action == "disable":
            return use.covers(last[0], last[1], rule, matches)
    return any(d.action == "disable-file" and use.covers(i, d, rule, matches) for i, d in indexed)


def _unused(
    directives: list[Directive],
    use: _Use,
    active: list[Rule],
    known: list[Rule],
    matches: Matcher,
) -> list[Unused]:
    out: list[Unused] = []
    for i, d in enumerate(directives):
        if d.action == "enable":
            continue  # an enable never suppresses anything; it only ends a range
        if d.action not in ACTIONS:
            out.append(Unused(d, ()))
            continue
        used = use.used.get(i, set())
        if not d.selectors:
            if not used:
                out.append(Unused(d, ()))
            continue
        idle = tuple(
            s
            for s in d.selectors
            if s not in used
            # a selector of rules that exist but did not run: cannot tell, so say nothing
            and (any(matches(r, s) for r in active) or not any(matches(r, s) for r in known))
        )
        if idle:
            unknown = tuple(s for s in idle if not any(matches(r, s) for r in known))
            out.append(Unused(d, idle, unknown, _near(unknown, known)))
    return out


def _near(selectors: tuple[str, ...], known: list[Rule]) -> tuple[str, ...]:
    """The code or alias nearest each of ``selectors`` ("PC1O1" -> PC101)."""
    from policycheck.errors import near_names

    names = {r.code for r in known} | {r.alias for r in known}
    return tuple(dict.fromkeys(n for s in selectors for n in near_names(s, names)[:1]))

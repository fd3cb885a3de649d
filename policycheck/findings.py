"""Findings: what a rule reports, placed in the original file, and per-file results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from policycheck.document import Location
from policycheck.severity import Severity

if TYPE_CHECKING:
    from policycheck.ruleset import Rule


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    alias: str
    severity: Severity
    message: str
    critique: tuple[str, ...]
    scope: Literal["sentence", "document"]
    path: str
    location: Location
    sentence: str  # the sentence the finding is about ("" for document scope)
    match: str  # the matched words ("" for document scope)
    suggestion: str
    evidence: str = ""  # document scope: what was looked for / found

    def sort_key(self) -> tuple:
        loc = self.location
        return (self.path, self.scope != "document", loc.start_offset, loc.end_offset, self.code)

    def to_dict(self) -> dict:
        """The finding as the JSON report has it (docs/json-report.md)."""
        from policycheck.report.json_report import finding_dict

        return finding_dict(self)


class _Fields(dict):
    """Message fields: one a rule's text names but the finding lacks stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def make_finding(
    rule: Rule,
    lang: str,
    values: Mapping[str, str],
    *,
    severity: str,
    scope: Literal["sentence", "document"],
    path: str,
    location: Location,
    sentence: str,
    match: str,
    evidence: str = "",
    seed_area: bool = True,
) -> Finding:
    """A finding of ``rule``: its message and suggestion in ``lang`` with ``values`` filled in
    (``{match}``, ``{term}``, ...); the suggestion for a document of the seed's area or not
    (``Rule.suggestion_for``)."""
    fields = _Fields(values)
    suggestion = rule.suggestion_for(seed_area)
    return Finding(
        code=rule.code,
        alias=rule.alias,
        severity=severity,  # type: ignore[arg-type]
        message=rule.message.get(lang).format_map(fields),
        critique=tuple(rule.critique),
        scope=scope,
        path=path,
        location=location,
        sentence=sentence,
        match=match,
        suggestion=suggestion.get(lang).format_map(fields),
        evidence=evidence,
    )


@dataclass
class FileResult:
    """The outcome of checking one input: findings, or the reason it could not be read."""

    path: str
    language: str | None = None
    encoding: str | None = None
    format: str | None = None
    # what line/column refer to: "original" (the file) or "extracted-text" (docx, pdf)
    positions: str | None = None
    pipeline: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    notices: list[str] = field(default_factory=list)
    skipped_rules: list[str] = field(default_factory=list)  # codes skipped for lack of tags
    fallback_rules: list[str] = field(default_factory=list)  # codes that ran their fallback
    evidence: dict[str, str] = field(default_factory=dict)  # document rule code -> sentence
    document_type: str | None = None  # policy, program, strategi, plan, ... (from the title)
    title: str | None = None  # the title it was read from (engine.find_title)
    policy_area: str | None = None  # the document's own area: configured, or from its title
    goals: list[dict] = field(default_factory=list)  # the goal analysis (see checks.goals)
    # why a critique point passed or was not checked (report.scorecard): the codes of the
    # rules that ran on this file, of those off for its document type or ignored for the
    # file, and per code the findings a baseline hid
    checked_rules: list[str] = field(default_factory=list)
    off_rules: list[str] = field(default_factory=list)
    ignored_rules: list[str] = field(default_factory=list)
    baselined: dict[str, int] = field(default_factory=dict)
    # what the reports need to know besides: the pipeline's capabilities, and the critique
    # points of every rule of the language's pack, selected or not (the scorecard's groups)
    capabilities: list[str] = field(default_factory=list)
    rule_critique: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The result as the JSON report has it, an entry of its ``files``
        (docs/json-report.md), its texts made safe to print (:func:`printable`)."""
        from policycheck.report.json_report import file_dict

        return file_dict(printable_result(self))


MAX_QUOTE = 1000
"""A finding quotes at most this many characters of its sentence, around the match (a file
with no full stop once made every finding repeat a 20,000-character "sentence")."""
MAX_VALUE = 200
"""A term or match put into a message is cut to this many characters."""


def clip(text: str, limit: int) -> str:
    """``text``, cut to ``limit`` characters with "…" when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten(text: str, width: int = 80) -> str:
    """``text`` on one line, cut to ``width`` characters: a value from a file in a message."""
    return clip(" ".join(text[: width * 4].split()), width)


def quote(sentence: str, start: int, end: int, limit: int = MAX_QUOTE) -> str:
    """``sentence``, or when it is longer than ``limit``, the part of it around ``[start,
    end)`` (offsets in ``sentence``), with "…" where it is cut."""
    if len(sentence) <= limit:
        return sentence
    room = limit - 2
    start = max(0, min(start, len(sentence)))
    before = max(0, (room - max(0, end - start)) // 2)
    a = max(0, min(start - before, len(sentence) - room))
    b = a + room
    return ("…" if a else "") + sentence[a:b] + ("…" if b < len(sentence) else "")


def _escapes() -> dict[int, str]:
    table: dict[int, str] = {}
    for c in (*range(0x20), *range(0x7F, 0xA0)):  # C0 and C1 controls, DEL
        table[c] = f"\\x{c:02x}"
    for c in range(0xD800, 0xE000):  # lone surrogates: bytes of a name that is not UTF-8
        table[c] = f"\\x{c - 0xDC00:02x}" if 0xDC80 <= c <= 0xDCFF else f"\\u{c:04x}"
    # bidirectional controls (they reorder what a terminal shows), XML non-characters
    for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[c] = f"\\u{c:04x}"
    for c in (0xFFFE, 0xFFFF):
        table[c] = f"\\u{c:04x}"
    return table


_ESCAPES = _escapes()


def printable(text: str) -> str:
    """``text`` safe to print on a terminal and to write as UTF-8 and XML: control
    characters (ANSI and OSC escape sequences, BEL), bidirectional controls, lone surrogates
    and the XML non-characters become backslash escapes (``\\x1b``, ``\\u202e``)."""
    return text.translate(_ESCAPES)


def printable_result(r: FileResult) -> FileResult:
    """``r`` with every string it reports made :func:`printable`: paths, messages and what
    they quote come from files and rule files that a pull request may supply."""
    from dataclasses import replace

    def goal(g: dict) -> dict:
        elements = {k: printable(v) if isinstance(v, str) else v for k, v in g["elements"].items()}
        return {**g, "text": printable(g["text"]), "elements": elements}

    findings = [
        replace(
            f,
            path=printable(f.path),
            message=printable(f.message),
            sentence=printable(f.sentence),
            match=printable(f.match),
            suggestion=printable(f.suggestion),
            evidence=printable(f.evidence),
        )
        for f in r.findings
    ]
    return replace(
        r,
        path=printable(r.path),
        error=printable(r.error) if r.error is not None else None,
        notices=[n if printable(n) == n else printable(n) for n in r.notices],  # keep Notices
        findings=findings,
        evidence={code: printable(s) for code, s in r.evidence.items()},
        goals=[goal(g) for g in r.goals],
    )

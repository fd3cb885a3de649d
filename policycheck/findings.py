"""Findings: what a rule reports, placed in the original file, and per-file results."""

from __future__ import annotations

from dataclasses import dataclass, field

from policycheck.document import Location

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    alias: str
    severity: str
    message: str
    critique: tuple[str, ...]
    scope: str  # "sentence" or "document"
    path: str
    location: Location
    sentence: str  # the sentence the finding is about ("" for document scope)
    match: str  # the matched words ("" for document scope)
    suggestion: str
    evidence: str = ""  # document scope: what was looked for / found

    def sort_key(self) -> tuple:
        loc = self.location
        return (self.path, self.scope != "document", loc.start_offset, loc.end_offset, self.code)


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
    policy_area: str | None = None  # the document's own area: configured, or from its title
    goals: list[dict] = field(default_factory=list)  # the goal analysis (see checks.goals)
    # why a critique point passed or was not checked (report.scorecard): the codes of the
    # rules that ran on this file, of those off for its document type or ignored for the
    # file, and per code the findings a baseline hid
    checked_rules: list[str] = field(default_factory=list)
    off_rules: list[str] = field(default_factory=list)
    ignored_rules: list[str] = field(default_factory=list)
    baselined: dict[str, int] = field(default_factory=dict)

"""Reporters: turn file results into output. One small module per format, each with
``render(results, run) -> Report``; :func:`_reporters` maps ``--format`` names to them.

Most reports are text, for the terminal or a file. The reports people read besides the
terminal need the documents' text (:data:`DOCUMENT_FORMATS`: the run keeps the documents for
them in :attr:`RunInfo.documents`) and may be Word files: bytes for ``-o FILE``, or one file
per document for an ``-o`` folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.critique import CritiquePoint
from policycheck.errors import PolicycheckError
from policycheck.findings import FileResult
from policycheck.ruleset import Rule

if TYPE_CHECKING:
    from policycheck.baseline import Summary as BaselineSummary
    from policycheck.document import Document

Report = str | bytes | dict[str, str | bytes]
"""Text; the bytes of one file (a Word document); or files by name for an output folder."""


class ReportError(PolicycheckError):
    """A report that cannot be made as asked (a Word file without ``-o``, ...): one line."""


@dataclass
class RunInfo:
    """What reporters need to know about the run besides the findings."""

    version: str
    catalogue: tuple[CritiquePoint, ...]
    rules: dict[str, dict[str, Rule]]  # language -> code -> rule (the active rules)
    pipelines: dict[str, dict] = field(default_factory=dict)  # language -> name, capabilities
    verbose: bool = False
    statistics: bool = False
    color: bool = False
    baseline: BaselineSummary | None = None  # when --baseline or --write-baseline was given
    # language -> code -> rule: every rule of the language's pack, selected or not (scorecard)
    all_rules: dict[str, dict[str, Rule]] = field(default_factory=dict)
    output: Path | None = None  # -o: a file, or a folder for one file per document
    output_folder: bool = False  # -o was given with a trailing slash: a folder
    documents: dict[str, Document] = field(default_factory=dict)  # by path; DOCUMENT_FORMATS
    width: int | None = None  # the terminal's columns (None: not a terminal)


# Why a rule or a critique point was not checked on a file, most specific first
NOT_CHECKED_REASONS = (
    "off-for-document-type",
    "ignored",
    "needs-pipeline",
    "not-selected",
    "no-rule",
)


def rule_status(r: FileResult, code: str) -> tuple[str, str | None]:
    """A rule's outcome on a file: ("findings" | "baselined" | "passed", None), or
    ("not-checked", reason) with a reason of :data:`NOT_CHECKED_REASONS`."""
    if any(f.code == code for f in r.findings):
        return "findings", None
    if r.baselined.get(code):
        return "baselined", None
    if code in r.checked_rules:
        return "passed", None
    if code in r.off_rules:
        return "not-checked", "off-for-document-type"
    if code in r.ignored_rules:
        return "not-checked", "ignored"
    if code in r.skipped_rules:
        return "not-checked", "needs-pipeline"
    return "not-checked", "not-selected"


@dataclass(frozen=True)
class PointStatus:
    """One line of a file's scorecard: a critique point and what became of it."""

    id: str
    status: str  # "findings", "baselined", "passed" or "not-checked"
    findings: int  # findings grouped under the point (their first critique point)
    baselined: int  # findings of it that the baseline hid
    rules: tuple[str, ...]  # the rules that checked it on this file
    reason: str | None = None  # not-checked: one of NOT_CHECKED_REASONS


def scorecard(r: FileResult, catalogue: tuple[CritiquePoint, ...] = ()) -> list[PointStatus]:
    """Per critique point, in catalogue order: findings, all of them in the baseline, passed
    (a rule checked it and found nothing) or not checked, and why not. Never "passed" for a
    point no rule checked on this file. The rules of each point are those of the file's pack
    (``FileResult.rule_critique``)."""
    from policycheck.critique import load_catalogue

    points_of = r.rule_critique
    out = []
    for point in catalogue or load_catalogue():
        codes = sorted(code for code, points in points_of.items() if point.id in points)
        first = [c for c in codes if points_of[c][0] == point.id]
        found = sum(1 for f in r.findings if f.critique and f.critique[0] == point.id)
        hidden = sum(r.baselined.get(c, 0) for c in first)
        ran = tuple(c for c in codes if c in r.checked_rules)
        if found:
            status, reason = "findings", None
        elif hidden:
            status, reason = "baselined", None
        elif ran:
            status, reason = "passed", None
        else:
            reasons = [rule_status(r, c)[1] for c in codes] or ["no-rule"]
            status, reason = "not-checked", min(reasons, key=NOT_CHECKED_REASONS.index)
        out.append(PointStatus(point.id, status, found, hidden, ran, reason))
    return out


def statistics(results: list[FileResult]) -> list[tuple[str, str, int]]:
    """(code, alias, count) per rule, most frequent first."""
    counts = Counter((f.code, f.alias) for r in results for f in r.findings)
    return [
        (code, alias, n) for (code, alias), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    ]


def _reporters() -> dict[str, Callable[[list[FileResult], RunInfo], Report]]:
    from policycheck.report import (
        concise,
        docx_comments,
        github,
        gitlab,
        goals,
        html_page,
        json_report,
        jsonl,
        junit,
        remissvar,
        sarif,
        text,
    )

    return {
        "goals": goals.render,
        "text": text.render,
        "json": json_report.render,
        "jsonl": jsonl.render,
        "concise": concise.render,
        "sarif": sarif.render,
        "github": github.render,
        "gitlab": gitlab.render,
        "junit": junit.render,
        "docx": docx_comments.render,
        "remissvar": remissvar.render,
        "html": html_page.render,
    }


FORMATS = (
    "text", "json", "jsonl", "concise", "sarif", "github", "gitlab", "junit", "docx", "remissvar",
    "html",
)  # fmt: skip
DOCUMENT_FORMATS = frozenset({"docx", "remissvar", "html"})
"""Formats that show the documents' own text: the run keeps the documents for them."""
FOLDER_FORMATS = frozenset({"docx", "remissvar"})
"""Formats that write one file per document into an ``-o`` folder (the others write one
report for the run)."""


OUTPUT_SUFFIXES = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".json": "json",
}
"""The format an ``-o`` file's suffix names when no format is given: a Word file is the draft
with comments, not a text report under a .docx name."""


def format_for_output(output: str | None) -> str:
    """The format for ``-o output`` when none is given: the one its suffix names, else text."""
    if output is None:
        return "text"
    return OUTPUT_SUFFIXES.get(Path(output).suffix.lower(), "text")


def render(fmt: str, results: list[FileResult], run: RunInfo) -> Report:
    return _reporters()[fmt](results, run)


def output_name(path: str, suffix: str, taken: set[str]) -> str:
    """The name of a document's file in an output folder: its name with ``suffix`` instead
    of its own ("utkast.docx" -> "utkast-remissvar.md"), unique among ``taken`` (which it
    joins); standard input is "stdin"."""
    stem = "stdin" if path == "-" else Path(path).stem
    name = f"{stem}{suffix}"
    n = 2
    while name in taken:
        name = f"{stem}-{n}{suffix}"
        n += 1
    taken.add(name)
    return name


def wants_folder(run: RunInfo, documents: int) -> bool:
    """One file per document in the ``-o`` folder: for several documents, or when ``-o``
    names a folder (an existing one, or a path given with a trailing slash)."""
    out = run.output
    if out is None:
        return False
    folder = run.output_folder or out.is_dir()
    if documents > 1 and not folder and out.suffix:
        raise ReportError(
            f"several documents: give -o a folder ({out.with_suffix('')}/), not {out}"
        )
    return documents > 1 or folder

"""Reporters: turn file results into output. One small module per format, each with
``render(results, run) -> str``; :data:`REPORTERS` maps ``--format`` names to them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from policycheck.critique import CritiquePoint
from policycheck.findings import FileResult
from policycheck.ruleset import Rule

if TYPE_CHECKING:
    from policycheck.baseline import Summary as BaselineSummary


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


def statistics(results: list[FileResult]) -> list[tuple[str, str, int]]:
    """(code, alias, count) per rule, most frequent first."""
    counts = Counter((f.code, f.alias) for r in results for f in r.findings)
    return [
        (code, alias, n) for (code, alias), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    ]


def _reporters() -> dict[str, Callable[[list[FileResult], RunInfo], str]]:
    from policycheck.report import concise, github, gitlab, goals, json_report, junit, sarif, text

    return {
        "goals": goals.render,
        "text": text.render,
        "json": json_report.render,
        "concise": concise.render,
        "sarif": sarif.render,
        "github": github.render,
        "gitlab": gitlab.render,
        "junit": junit.render,
    }


FORMATS = ("text", "json", "concise", "sarif", "github", "gitlab", "junit")


def render(fmt: str, results: list[FileResult], run: RunInfo) -> str:
    return _reporters()[fmt](results, run)

"""``policycheck goals``: the goal analysis as a table — one row per goal, ✓/✗ per element.

The rows come from the same analysis as the measurable-goals findings, so the two agree."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from policycheck import languages
from policycheck.checks.goals import GOAL_ELEMENTS
from policycheck.findings import FileResult
from policycheck.report import RunInfo


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render(results: list[FileResult], run: RunInfo) -> str:
    buf = io.StringIO()
    console = Console(  # the terminal's width; 160 columns when not on a terminal
        file=buf,
        force_terminal=run.color,
        no_color=not run.color,
        highlight=False,
        width=run.width or 160,
    )
    for r in results:
        if r.error:
            console.print(f"{r.path}: error: {r.error}")
            continue
        lab = languages.labels(r.language, "goals")
        if not r.goals:  # a title and the message, not an empty table
            console.print(f"{r.path}: {lab['none']}")
            console.print()
            continue
        headers = lab["headers"]
        table = Table(title=r.path, title_justify="left", show_lines=False)
        for h in headers:
            table.add_column(h, justify="right" if h in ("rad", "line") else "left")
        for goal in r.goals:
            marks = [
                "✓" if goal["elements"][e] else ("✗" if e in goal["missing"] else "–")
                for e in GOAL_ELEMENTS
            ]
            table.add_row(str(goal["line"]), _short(goal["text"]), *marks)
        console.print(table)
        complete = sum(1 for g in r.goals if not g["missing"])
        console.print(f"{complete}/{len(r.goals)} {lab['complete']}")
        console.print()
    return buf.getvalue()

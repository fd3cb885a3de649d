"""One line per finding, ``file:line:col: CODE message``, for editors, grep and ``--quiet``.

Unreadable inputs are ``file: error: message``. With ``--statistics`` the counts per rule
follow the findings.
"""

from __future__ import annotations

from policycheck.findings import FileResult
from policycheck.report import RunInfo, statistics


def render(results: list[FileResult], run: RunInfo) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"{r.path}: error: {r.error}")
        for f in r.findings:
            loc = f.location
            lines.append(f"{f.path}:{loc.line}:{loc.column}: {f.code} {f.message}")
    if run.statistics:
        lines += [f"{n:6d}  {code}  {alias}" for code, alias, n in statistics(results)]
    return "\n".join(lines)

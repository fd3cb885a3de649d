"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message`` (error → error,
warning → warning, info → notice). Columns are given only when the finding starts and ends
on one line, as GitHub ignores them otherwise. Unreadable inputs are ``::error`` commands.
"""

from __future__ import annotations

from policycheck.findings import FileResult, Finding
from policycheck.identity import repo_path
from policycheck.report import RunInfo

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message part: GitHub reads % and line breaks as escapes."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property values also end at ``,`` and ``:``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return (
        f"::{level} {props}::{escape_data(message)}"
        if props
        else f"::{level}::{escape_data(message)}"
    )


def _annotation(f: Finding) -> str:
    loc = f.location
    props: dict[str, object] = {"file": repo_path(f.path), "line": loc.line}
    if f.scope != "document":
        if loc.line == loc.end_line:
            props.update(col=loc.column, endLine=loc.end_line, endColumn=loc.end_column)
        else:
            props["endLine"] = loc.end_line
    props["title"] = f"{f.code} ({f.alias})"
    message = f.message + (f"\n{f.suggestion}" if f.suggestion else "")
    return command(LEVELS.get(f.severity, "warning"), message, **props)


def render(results: list[FileResult], run: RunInfo) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(command("error", r.error, file=repo_path(r.path), title="policycheck"))
        lines.extend(_annotation(f) for f in r.findings)
    return "\n".join(lines)

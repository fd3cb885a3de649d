"""GitLab Code Quality report: a JSON list of issues, shown in merge requests.

Each issue has ``description``, ``check_name``, ``fingerprint`` (unique per issue, stable
across unrelated edits: see :mod:`policycheck.identity`), ``severity`` and ``location``
(path relative to the repository, first line). Unreadable inputs have no place in the format;
they make the run exit with 2.
"""

from __future__ import annotations

import json

from policycheck.findings import FileResult
from policycheck.identity import fingerprints, repo_path
from policycheck.report import RunInfo

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(results: list[FileResult], run: RunInfo) -> str:
    findings = [f for r in results for f in r.findings]
    issues = []
    for f, fingerprint in zip(findings, fingerprints(findings), strict=True):
        issues.append(
            {
                "type": "issue",
                "check_name": f"{f.code} {f.alias}",
                "description": f"{f.code} {f.message}",
                "categories": ["Style"],
                "severity": SEVERITIES.get(f.severity, "minor"),
                "fingerprint": fingerprint,
                "location": {
                    "path": repo_path(f.path),
                    "lines": {"begin": f.location.line, "end": f.location.end_line},
                },
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)

"""The JSON report: stable, documented (docs/json-report.md) and validated against
``policycheck/report/json-report.schema.json`` in the tests."""

from __future__ import annotations

import json

from policycheck.findings import FileResult, Finding
from policycheck.report import PointStatus, RunInfo, scorecard, statistics

SCHEMA_VERSION = "1.0"


def finding_dict(f: Finding) -> dict:
    loc = f.location
    return {
        "code": f.code,
        "alias": f.alias,
        "severity": f.severity,
        "message": f.message,
        "critique": list(f.critique),
        "scope": f.scope,
        "file": f.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "start_offset": loc.start_offset,
        "end_offset": loc.end_offset,
        "page": loc.page,
        "paragraph": loc.paragraph,
        "sentence": f.sentence,
        "match": f.match,
        "suggestion": f.suggestion,
        "evidence": f.evidence,
    }


def file_dict(r: FileResult, run: RunInfo) -> dict:
    return {
        "path": r.path,
        "language": r.language,
        "encoding": r.encoding,
        "format": r.format,
        "positions": r.positions,
        "pipeline": r.pipeline,
        "document_type": r.document_type,
        "error": r.error,
        "notices": list(r.notices),
        "skipped_rules": list(r.skipped_rules),
        "fallback_rules": list(r.fallback_rules),
        "evidence": dict(sorted(r.evidence.items())),
        "findings": [finding_dict(f) for f in r.findings],
        "goals": list(r.goals),
        "checked_rules": list(r.checked_rules),
        "scorecard": [] if r.error else [_point_dict(p) for p in scorecard(r, run)],
    }


def _point_dict(p: PointStatus) -> dict:
    return {
        "critique": p.id,
        "status": p.status,
        "findings": p.findings,
        "baselined": p.baselined,
        "rules": list(p.rules),
        "reason": p.reason,
    }


def render(results: list[FileResult], run: RunInfo) -> str:
    by_severity = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            by_severity[f.severity] += 1
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "policycheck", "version": run.version},
        "pipelines": {lang: dict(p) for lang, p in sorted(run.pipelines.items())},
        "files": [file_dict(r, run) for r in results],
        "summary": {
            "files": len(results),
            "files_with_errors": sum(1 for r in results if r.error),
            "findings": sum(by_severity.values()),
            "by_severity": by_severity,
            "by_rule": {code: n for code, _alias, n in statistics(results)},
        },
    }
    if run.baseline is not None:
        report["summary"]["baseline"] = run.baseline.as_dict()
    return json.dumps(report, ensure_ascii=False, indent=2)

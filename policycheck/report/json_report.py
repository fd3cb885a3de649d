"""The JSON report: stable, documented (docs/json-report.md) and validated against
``policycheck/report/json-report.schema.json`` in the tests."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from policycheck.findings import FileResult, Finding
from policycheck.report import PointStatus, RunInfo, scorecard, statistics
from policycheck.severity import counts

if TYPE_CHECKING:
    from policycheck.baseline import Summary as BaselineSummary

SCHEMA_VERSION = "1.0"


def finding_dict(f: Finding) -> dict:
    """A finding as the report has it (``Finding.to_dict``)."""
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


def file_dict(r: FileResult) -> dict:
    """A file's entry in ``files`` (``FileResult.to_dict``)."""
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
        "scorecard": [] if r.error else [_point_dict(p) for p in scorecard(r)],
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


def report_dict(
    results: list[FileResult],
    version: str,
    pipelines: dict[str, dict] | None = None,
    baseline: BaselineSummary | None = None,
) -> dict:
    """The report as data; ``pipelines`` (language -> name, capabilities) default to those of
    the results, the first of each language."""
    if pipelines is None:
        pipelines = {}
        for r in results:
            if r.language and r.pipeline:
                pipelines.setdefault(
                    r.language, {"name": r.pipeline, "capabilities": r.capabilities}
                )
    by_severity = counts(f.severity for r in results for f in r.findings)
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "policycheck", "version": version},
        "pipelines": {lang: dict(p) for lang, p in sorted(pipelines.items())},
        "files": [file_dict(r) for r in results],
        "summary": {
            "files": len(results),
            "files_with_errors": sum(1 for r in results if r.error),
            "findings": sum(by_severity.values()),
            "by_severity": by_severity,
            "by_rule": {code: n for code, _alias, n in statistics(results)},
        },
    }
    if baseline is not None:
        report["summary"]["baseline"] = baseline.as_dict()
    return report


def render(results: list[FileResult], run: RunInfo) -> str:
    report = report_dict(results, run.version, run.pipelines, run.baseline)
    return json.dumps(report, ensure_ascii=False, indent=2)

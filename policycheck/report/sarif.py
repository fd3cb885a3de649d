"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every active rule (id = code, name = alias in PascalCase, title,
rationale and suggestion as help, critique ids and tags as properties). Each finding is a
result at its place in the file: URIs are relative to the working directory (``%SRCROOT%``),
columns count Unicode code points, the end column is exclusive, and document-level findings
sit at line 1. ``partialFingerprints["policycheck/v1"]`` hashes file, rule, normalised
sentence and occurrence (see :mod:`policycheck.identity`), so alerts survive unrelated edits.
Unreadable inputs are tool execution notifications, and make the invocation unsuccessful.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from policycheck import languages
from policycheck.findings import FileResult, Finding
from policycheck.identity import fingerprints, repo_path
from policycheck.report import RunInfo
from policycheck.ruleset import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub shows problem.severity: error, warning or recommendation
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
FINGERPRINT = "policycheck/v1"
SRCROOT = "%SRCROOT%"


def pascal_case(alias: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in alias.split("-"))


def _uri(path: str) -> tuple[str, str | None]:
    """The artifact URI and its base: relative to %SRCROOT% inside the working directory."""
    rel = repo_path(path)
    if Path(rel).is_absolute():
        return Path(rel).as_uri(), None
    return quote(rel, safe="/"), SRCROOT


def _descriptor(rule: Rule) -> dict:
    lang = rule.language
    rationale = " ".join(rule.rationale.get(lang).split())
    # a rule's help is read for any document: the suggestion for one outside the seed's area
    text = rule.suggestion_for(seed_area=False).get(lang)
    suggestion = " ".join(languages.name_document(text, lang).split())
    tags = ["policy", lang, *(f"critique:{c}" for c in rule.critique)]
    if not rule.critique:
        tags.append("beyond-critique")
    if rule.heuristic:
        tags.append("heuristic")
    return {
        "id": rule.code,
        "name": pascal_case(rule.alias),
        "shortDescription": {"text": rule.title.get(lang)},
        "fullDescription": {"text": rationale},
        "help": {
            "text": f"{rationale}\n\n{suggestion}",
            "markdown": f"{rationale}\n\n**{rule.title.get(lang)}:** {suggestion}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "alias": rule.alias,
            "critique": list(rule.critique),
            **({"beyond": rule.beyond} if rule.beyond else {}),
            "tags": tags,
            "precision": "low" if rule.heuristic else "medium",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def _region(f: Finding) -> dict:
    loc = f.location
    if f.scope == "document":
        return {"startLine": 1}
    return {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        # an empty span still marks one character: SARIF regions must not end before start
        "endColumn": loc.column + 1
        if loc.end_line == loc.line and loc.end_column <= loc.column
        else loc.end_column,
    }


def _result(f: Finding, index: dict[str, int], fingerprint: str) -> dict:
    uri, base = _uri(f.path)
    artifact = {"uri": uri, **({"uriBaseId": base} if base else {})}
    result = {
        "ruleId": f.code,
        **({"ruleIndex": index[f.code]} if f.code in index else {}),
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": _region(f)}}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {"alias": f.alias, "critique": list(f.critique), "scope": f.scope},
    }
    if f.scope == "document" and f.evidence:
        result["properties"]["lookedFor"] = f.evidence
    return result


def _rules(run: RunInfo) -> list[Rule]:
    by_code: dict[str, Rule] = {}
    for lang in sorted(run.rules):
        for code, rule in run.rules[lang].items():
            by_code.setdefault(code, rule)
    return [by_code[c] for c in sorted(by_code)]


def render(results: list[FileResult], run: RunInfo) -> str:
    rules = _rules(run)
    index = {r.code: i for i, r in enumerate(rules)}
    findings = [f for r in results for f in r.findings]
    prints = fingerprints(findings)
    notifications = []
    for r in results:
        if r.error:
            uri, base = _uri(r.path)
            artifact = {"uri": uri, **({"uriBaseId": base} if base else {})}
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": r.error},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                }
            )
    sarif = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "policycheck",
                        "version": run.version,
                        "semanticVersion": run.version,
                        "rules": [_descriptor(r) for r in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index, p) for f, p in zip(findings, prints, strict=True)],
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2)

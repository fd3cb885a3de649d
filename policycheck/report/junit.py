"""JUnit XML, for CI systems that show test results: a test suite per file, a test case per
selected rule, failing with the rule's findings, skipped when the rule did not run on the file
(off for its document type, ignored for it, or needing a trained pipeline) or all its findings
are in the baseline, passing only when it ran and found nothing. An unreadable input is a
suite with one erroring test case. Built with ElementTree, which escapes the text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from policycheck.findings import FileResult, Finding
from policycheck.report import RunInfo, rule_status


def _failure(case: ET.Element, findings: list[Finding]) -> None:
    worst = max(findings, key=lambda f: ("info", "warning", "error").index(f.severity))
    n = len(findings)
    failure = ET.SubElement(
        case,
        "failure",
        message=f"{n} finding{'s' if n != 1 else ''}: {findings[0].message}",
        type=worst.severity,
    )
    failure.text = "\n".join(
        f"{f.path}:{f.location.line}:{f.location.column}: {f.code} {f.message}" for f in findings
    )


def _suite(r: FileResult, run: RunInfo) -> ET.Element:
    suite = ET.Element("testsuite", name=r.path)
    if r.error:
        case = ET.SubElement(suite, "testcase", classname=r.path, name="read")
        ET.SubElement(case, "error", message=r.error, type="unreadable")
        suite.set("tests", "1")
        suite.set("failures", "0")
        suite.set("errors", "1")
        suite.set("skipped", "0")
        return suite
    by_code: dict[str, list[Finding]] = {}
    for f in r.findings:
        by_code.setdefault(f.code, []).append(f)
    rules = run.rules.get(r.language or "", {})
    names = {code: rule.alias for code, rule in rules.items()}
    names.update({f.code: f.alias for f in r.findings})  # in case a rule is not listed
    pack = run.all_rules.get(r.language or "", {})
    names.update({c: pack[c].alias for c in r.skipped_rules if c in pack})
    failures = skipped = 0
    for code in sorted(names):
        case = ET.SubElement(suite, "testcase", classname=r.path, name=f"{code} {names[code]}")
        status, reason = rule_status(r, code)
        if status == "findings":
            _failure(case, by_code[code])
            failures += 1
        elif status != "passed":
            n = r.baselined.get(code, 0)
            why = f"{n} finding{'s' if n != 1 else ''} in the baseline" if n else _why(reason, r)
            ET.SubElement(case, "skipped", message=why)
            skipped += 1
    suite.set("tests", str(len(names)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def _why(reason: str | None, r: FileResult) -> str:
    if reason == "off-for-document-type":
        return f"not checked: off for document type {r.document_type}"
    return f"not checked: {(reason or 'not-selected').replace('-', ' ')}"


def render(results: list[FileResult], run: RunInfo) -> str:
    root = ET.Element("testsuites", name="policycheck")
    suites = [_suite(r, run) for r in results]
    for attr in ("tests", "failures", "errors", "skipped"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")

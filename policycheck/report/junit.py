"""JUnit XML, for CI systems that show test results: a test suite per file, a test case per
rule that ran on it, failing with the rule's findings. An unreadable input is a suite with
one erroring test case. Built with ElementTree, which escapes the text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from policycheck.findings import FileResult, Finding
from policycheck.report import RunInfo


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
        return suite
    by_code: dict[str, list[Finding]] = {}
    for f in r.findings:
        by_code.setdefault(f.code, []).append(f)
    rules = run.rules.get(r.language or "", {})
    names = {code: rule.alias for code, rule in rules.items()}
    names.update({f.code: f.alias for f in r.findings})  # in case a rule is not listed
    failures = 0
    for code in sorted(names):
        case = ET.SubElement(suite, "testcase", classname=r.path, name=f"{code} {names[code]}")
        if code in by_code:
            _failure(case, by_code[code])
            failures += 1
    suite.set("tests", str(len(names)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def render(results: list[FileResult], run: RunInfo) -> str:
    root = ET.Element("testsuites", name="policycheck")
    suites = [_suite(r, run) for r in results]
    for attr in ("tests", "failures", "errors"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")

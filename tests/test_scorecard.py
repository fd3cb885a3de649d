"""The scorecard says ✓ only for a critique point a rule checked and found nothing for: a point
whose rules are off for the document type, not selected, ignored for the file or missing is
"not checked" (with the reason), and one whose findings are all in the baseline says so — in
the text report, the JSON report and JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

GUIDELINE = "# Riktlinje för bibliotek\n\nBiblioteken ska vara öppna alla dagar.\n"
POLICY = "# Policy för bibliotek\n\nStaden kan erbjuda läxhjälp.\n"
ENGLISH = "# Library policy\n\nThe city shall keep the libraries open every day of the week.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    for name, text in (("riktlinje.md", GUIDELINE), ("policy.md", POLICY), ("en.md", ENGLISH)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _line(out: str, title: str) -> str:
    return next(line for line in out.splitlines() if line.strip().startswith(title)).strip()


def _points(report: dict) -> dict[str, dict]:
    return {p["critique"]: p for p in report["files"][0]["scorecard"]}


def _cases(out: str) -> dict[str, ET.Element]:
    root = ET.fromstring(out)
    return {case.get("name").split()[0]: case for case in root.iter("testcase")}


def test_off_for_the_document_type_is_not_checked(folder, cli) -> None:
    # a guideline addresses its own staff: PC510 (a task with no one responsible) is off there
    args = ["riktlinje.md", "--select", "PC510,PC101"]
    code, out, _ = cli(args)
    assert code == 0
    assert _line(out, "Oklar styrning").endswith(
        "– kontrolleras inte (av för dokumenttypen riktlinje)"
    )
    assert _line(out, "Svaga modala verb").endswith("✓")  # PC101 ran and found nothing
    assert _line(out, "Mål utan mått").endswith("– kontrolleras inte (inte vald)")
    _code, report = cli.json(args)
    points = _points(report)
    assert points["governance"] == {
        "critique": "governance",
        "status": "not-checked",
        "findings": 0,
        "baselined": 0,
        "rules": [],
        "reason": "off-for-document-type",
    }
    assert points["weak-modal"]["status"] == "passed" and points["weak-modal"]["rules"] == ["PC101"]
    assert points["measurable-goals"]["reason"] == "not-selected"
    assert report["files"][0]["checked_rules"] == ["PC101"]
    _code, out, _ = cli([*args, "-f", "junit"])
    cases = _cases(out)
    skipped = cases["PC510"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "not checked: off for document type riktlinje"
    assert list(cases["PC101"]) == []  # passed
    assert ET.fromstring(out).get("skipped") == "1"


def test_findings_and_baselined(folder, cli) -> None:
    args = ["policy.md", "--select", "PC101,PC401"]
    code, out, _ = cli(args)
    assert _line(out, "Svaga modala verb").endswith("1")
    cli([*args, "--write-baseline", "base.json"])
    code, out, _ = cli([*args, "--baseline", "base.json"])
    assert code == 0
    assert _line(out, "Svaga modala verb").endswith("– 1 i baslinjen")
    assert "✓" not in out
    _code, report = cli.json([*args, "--baseline", "base.json"])
    points = _points(report)
    assert points["weak-modal"]["status"] == "baselined"
    assert points["weak-modal"]["baselined"] == 1 and points["weak-modal"]["findings"] == 0
    assert points["financing"]["status"] == "baselined"
    _code, out, _ = cli([*args, "--baseline", "base.json", "-f", "junit"])
    skipped = _cases(out)["PC101"].find("skipped")
    assert skipped is not None and skipped.get("message") == "1 finding in the baseline"


def test_ignored_for_the_file(folder, cli) -> None:
    (folder / "policycheck.toml").write_text(
        '[per-file-ignores]\n"policy.md" = ["PC101"]\n', encoding="utf-8"
    )
    code, out, _ = cli(["policy.md", "--select", "PC101"])
    assert code == 0
    assert _line(out, "Svaga modala verb").endswith("– kontrolleras inte (undantagen för filen)")
    _code, out, _ = cli(["policy.md", "--select", "PC101", "-f", "junit"])
    skipped = _cases(out)["PC101"].find("skipped")
    assert skipped is not None and skipped.get("message") == "not checked: ignored"


def test_no_rule_in_the_language(folder, cli) -> None:
    code, out, _ = cli(["en.md"])
    _code, report = cli.json(["en.md"])
    points = _points(report)
    no_rule = [cid for cid, p in points.items() if p["reason"] == "no-rule"]
    assert no_rule  # the English pack answers fewer critique points
    assert all(p["status"] != "passed" for cid, p in points.items() if cid in no_rule)
    assert "not checked (no rule)" in out


def test_scorecard_is_in_the_schema_docs() -> None:
    from .conftest import ROOT

    docs = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")
    schema = json.loads(
        (ROOT / "policycheck" / "report" / "json-report.schema.json").read_text(encoding="utf-8")
    )
    assert "scorecard" in schema["$defs"]["file"]["properties"]
    assert "`files[].scorecard`" in docs and "`files[].checked_rules`" in docs


def test_json_report_doc_example_is_a_real_report(tmp_path, monkeypatch, cli) -> None:
    """docs/json-report.md's example is valid, has every field a real report has, and was
    made from the markdown shown above it with today's default pipeline."""
    import jsonschema

    from .conftest import ROOT

    docs = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")
    source = docs.split("```markdown\n", 1)[1].split("```", 1)[0]
    example = json.loads(docs.split("```json\n", 1)[1].split("```", 1)[0])
    schema = json.loads(
        (ROOT / "policycheck" / "report" / "json-report.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(example, schema)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.md").write_text(source, encoding="utf-8")
    _code, real = cli.json(["plan.md", "--select", "PC101,PC401,PC110", "--no-cache"])
    (doc_file,), (real_file,) = example["files"], real["files"]
    assert list(doc_file) == list(real_file)
    assert list(doc_file["findings"][0]) == list(real_file["findings"][0])
    assert doc_file["goals"] and list(doc_file["goals"][0]) == list(real_file["goals"][0])
    assert (
        doc_file["pipeline"] == real_file["pipeline"] and example["pipelines"] == real["pipelines"]
    )
    assert doc_file["document_type"] == real_file["document_type"] == "plan"
    assert doc_file["checked_rules"] == real_file["checked_rules"]
    table = docs.split("## Fields", 1)[1]
    for field in doc_file:
        assert f"`files[].{field}`" in table, field

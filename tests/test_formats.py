"""The CI output formats on one multi-file run with findings at known places: SARIF (valid
against the official schema), GitHub workflow commands, GitLab Code Quality, JUnit XML and
the concise one-line format; plus --output, --exit-zero, --statistics and POLICYCHECK_FORMAT."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from policycheck.packs import pack
from policycheck.report import FORMATS
from policycheck.report.github import escape_data, escape_property
from policycheck.report.sarif import pascal_case

from .conftest import shared_file


def validate_sarif(sarif: dict) -> None:
    """Validate against the official SARIF 2.1.0 schema, from ../shared/data/sarif/ (the
    repository keeps no copy); skips the test where it is absent."""
    schema = shared_file("data", "sarif", "sarif-schema-2.1.0.json")
    jsonschema.validate(sarif, json.loads(schema.read_text(encoding="utf-8")))


# A Markdown file with a space in its name, a text file with an ampersand in a folder with
# a non-ASCII name; both are policies (by their titles). Each has PC101 at line 5, columns
# 8-11 ("kan"), and PC401 (no financing) for the whole document; PC290 (long sentences) runs
# and finds nothing. The expected messages are read from the rule files.
MD = "min policy.md"
TXT = "två/R&D utkast.txt"
FILES = {
    MD: "# Språkpolicy\n\nInledning om språk.\n\nStaden kan erbjuda språkkurser.\n",
    TXT: (
        "Policy för bibliotek\n\nBiblioteken ska vara öppna alla dagar i veckan.\n\n"
        "Staden kan erbjuda läxhjälp i biblioteken.\n"
    ),
}
SELECT = ["--select", "PC101,PC401,PC290"]
RULES = pack("sv").by_code()
WEAK = RULES["PC101"].message.get("sv").format(match="kan")
FINANCING = RULES["PC401"].message.get("sv")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(fmt: str, cli, *extra: str) -> tuple[int, str]:
    code, out, _err = cli([MD, TXT, *SELECT, "--format", fmt, *extra])
    return code, out


def test_every_format_is_accepted(tree, cli) -> None:
    for fmt in FORMATS:
        if fmt == "docx":  # Word files: into a folder, one per document
            code, out = check(fmt, cli, "-o", "out/")
            assert code == 1 and not out.strip()
            assert sorted(p.name for p in (tree / "out").iterdir()) == [
                "R&D utkast-granskad.docx",
                "min policy-granskad.docx",
            ]
            continue
        code, out = check(fmt, cli)
        assert code == 1, fmt
        assert out.strip(), fmt


def test_unknown_format_is_a_usage_error(tree, cli) -> None:
    code, _out, err = cli([MD, "--format", "xml"])
    assert code == 2
    assert "unknown format 'xml'" in err and "sarif" in err and "remissvar" in err


def test_concise(tree, cli) -> None:
    code, out = check("concise", cli)
    assert code == 1
    assert out.splitlines() == [
        f"{MD}:1:1: PC401 {FINANCING}",
        f"{MD}:5:8: PC101 {WEAK}",
        f"{TXT}:1:1: PC401 {FINANCING}",
        f"{TXT}:5:8: PC101 {WEAK}",
    ]


def test_quiet_is_the_concise_format(tree, cli) -> None:
    _, quiet, _ = cli([MD, TXT, *SELECT, "--quiet"])
    _, concise = check("concise", cli)
    assert quiet == concise


def test_concise_read_error_and_statistics(tree, cli) -> None:
    code, out, _ = cli([MD, "saknas.md", *SELECT, "-f", "concise", "--statistics"])
    assert code == 2
    lines = out.splitlines()
    assert any(line.startswith("saknas.md: error: ") for line in lines)
    assert lines[-2:] == ["     1  PC101  weak-modal", "     1  PC401  financing"]


def test_sarif_is_valid_and_places_findings(tree, cli) -> None:
    code, out = check("sarif", cli)
    assert code == 1
    sarif = json.loads(out)
    (run_,) = sarif["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "policycheck"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["PC101", "PC290", "PC401"]
    weak = rules[0]
    assert weak["name"] == "WeakModal"
    assert weak["shortDescription"]["text"] == "Svagt modalt verb där ett åtagande avses"
    assert "Varför inte byta detta kan mot ett ”ska”?" in weak["fullDescription"]["text"]
    assert RULES["PC101"].suggestion.get("sv") in weak["help"]["text"]
    assert weak["properties"]["critique"] == ["weak-modal"]
    assert "critique:weak-modal" in weak["properties"]["tags"]
    assert rules[1]["defaultConfiguration"]["level"] == "note"  # info -> note

    results = run_["results"]
    assert len(results) == 4
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    by_place = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r
        for r in results
    }
    md_weak = by_place[("min%20policy.md", "PC101")]
    assert md_weak["level"] == "warning"
    assert md_weak["message"]["text"] == WEAK
    location = md_weak["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"] == {"startLine": 5, "startColumn": 8, "endLine": 5, "endColumn": 11}
    txt_doc = by_place[("tv%C3%A5/R%26D%20utkast.txt", "PC401")]
    assert txt_doc["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    prints = [r["partialFingerprints"]["policycheck/v1"] for r in results]
    assert len(set(prints)) == 4
    assert run_["invocations"][0]["executionSuccessful"] is True
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    validate_sarif(sarif)  # last: it skips where the schema is absent


def test_sarif_read_error_is_a_notification(tree, cli) -> None:
    code, out, _ = cli([MD, "saknas.md", "-f", "sarif"])
    assert code == 2
    sarif = json.loads(out)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    validate_sarif(sarif)


def test_sarif_fingerprints_survive_unrelated_edits(tree, cli) -> None:
    def prints() -> dict[tuple[str, str, int], str]:
        sarif = json.loads(check("sarif", cli)[1])
        out = {}
        for r in sarif["runs"][0]["results"]:
            place = r["locations"][0]["physicalLocation"]
            key = (place["artifactLocation"]["uri"], r["ruleId"], place["region"]["startLine"])
            out[key] = r["partialFingerprints"]["policycheck/v1"]
        return out

    before = prints()
    (tree / MD).write_text(
        FILES[MD].replace("Inledning", "Ett nytt stycke om bakgrunden.\n\nInledning"),
        encoding="utf-8",
    )
    after = prints()
    # moved two lines down, same alert
    assert after[("min%20policy.md", "PC101", 7)] == before[("min%20policy.md", "PC101", 5)]
    assert set(after.values()) == set(before.values())


def test_github_annotations(tree, cli) -> None:
    code, out = check("github", cli)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"::warning file={MD},line=1,title=PC401 (financing)::{FINANCING}")
    assert lines[1].startswith(
        f"::warning file={MD},line=5,col=8,endLine=5,endColumn=11,title=PC101 (weak-modal)::"
        f"{WEAK}%0A{RULES['PC101'].suggestion.get('sv')}"
    )
    assert lines[3].startswith(f"::warning file={TXT},line=5,col=8,")
    assert all("\n" not in line and "\r" not in line for line in lines)


def test_github_escaping() -> None:
    assert escape_data("100% klart\r\nnästa") == "100%25 klart%0D%0Anästa"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_read_error(tree, cli) -> None:
    code, out, _ = cli(["saknas, igen.md", "-f", "github"])
    assert code == 2
    assert out.startswith("::error file=saknas%2C igen.md,title=policycheck::")


def test_gitlab_code_quality(tree, cli) -> None:
    code, out = check("gitlab", cli)
    assert code == 1
    issues = json.loads(out)
    assert len(issues) == 4
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
    assert len({i["fingerprint"] for i in issues}) == 4
    weak = next(i for i in issues if i["location"]["path"] == TXT and "PC101" in i["check_name"])
    assert weak["location"]["lines"]["begin"] == 5
    assert weak["severity"] == "minor"
    assert weak["description"] == f"PC101 {WEAK}"


def test_junit(tree, cli) -> None:
    code, out = check("junit", cli)
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "4", "0")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {MD, TXT}  # "&" survived the XML round trip
    cases = {c.get("name"): c for c in suites[TXT].findall("testcase")}
    assert set(cases) == {"PC101 weak-modal", "PC290 long-sentence", "PC401 financing"}
    failure = cases["PC101 weak-modal"].find("failure")
    assert failure is not None and failure.get("type") == "warning"
    assert failure.text == f"{TXT}:5:8: PC101 {WEAK}"
    assert cases["PC290 long-sentence"].find("failure") is None


def test_junit_read_error(tree, cli) -> None:
    code, out, _ = cli([MD, "saknas.md", "-f", "junit"])
    assert code == 2
    root = ET.fromstring(out.encode("utf-8"))
    assert root.get("errors") == "1"
    missing = next(s for s in root.findall("testsuite") if s.get("name") == "saknas.md")
    assert missing.find("testcase/error") is not None


def test_format_from_the_environment(tree, monkeypatch, cli) -> None:
    monkeypatch.setenv("POLICYCHECK_FORMAT", "concise")
    _, out, _ = cli([MD, *SELECT])
    assert out.startswith(f"{MD}:1:1: PC401")
    _, out, _ = cli([MD, *SELECT, "--format", "json"])
    assert json.loads(out)["summary"]["findings"] == 2  # the flag wins


def test_output_file(tree, cli) -> None:
    code, out = check("sarif", cli, "--output", "reports/policycheck.sarif")
    assert code == 1
    assert out == ""
    sarif = json.loads((tree / "reports" / "policycheck.sarif").read_text(encoding="utf-8"))
    validate_sarif(sarif)


def test_exit_zero(tree, cli) -> None:
    code, out = check("concise", cli, "--exit-zero")
    assert code == 0 and out
    code, _out, _ = cli([MD, "saknas.md", "--exit-zero"])
    assert code == 2  # unreadable input still fails
    code, _out, _ = cli([MD, "--exit-zero", "--fail-on", "nonsense"])
    assert code == 2


def test_pascal_case() -> None:
    assert pascal_case("weak-modal") == "WeakModal"
    assert pascal_case("unused-suppression") == "UnusedSuppression"

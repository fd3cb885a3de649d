"""The English rule pack: it loads, has the codes that answer the reviewer's critique, and a
small US-style draft gets the findings a reviewer would make while a done-right version of it
gets none of them."""

from __future__ import annotations

from policycheck.packs import pack
from policycheck.read import markdown

CODES = {
    "PC101",  # weak-modal
    "PC102",  # weak-modal-should
    "PC103",  # hedge
    "PC110",  # measurable-goal
    "PC112",  # follow-up
    "PC210",  # undefined-term
    "PC290",  # long-sentence
    "PC301",  # unsupported-claim
    "PC401",  # financing
    "PC403",  # national-eu-link
    "PC405",  # governance
}

DRAFT = """\
# Open Data Policy for the City of Springfield

## Purpose

The City of Springfield wants its data to be open to everyone.

## Goals

Our goal is to make more city data available to the public.

## Measures

The Department of Information Technology may provide training on data publishing to staff.
Departments publish their datasets on the open data portal.
"""

REVISED = """\
# Open Data Policy for the City of Springfield

## Purpose and applicability

This policy applies to all City departments, boards and commissions. It implements the
California Public Records Act and the federal open data principles of OMB Memorandum M-13-13.

## Goals

Goal 1. The share of City datasets published on the open data portal will increase from
20 percent in 2024 to 60 percent by December 31, 2027.

## Measures

The Department of Information Technology shall provide training on data publishing to staff.
The Chief Information Officer is responsible for implementing this policy.

## Funding

The training and the portal are funded from the Department of Information Technology budget
for fiscal year 2025, at $120,000 per year.

## Monitoring and reporting

The Chief Information Officer shall report progress to the City Council each year.
"""


def codes(checkers, text: str) -> set[str]:
    return {f.code for f in checkers["en"].check(markdown.build(text, "draft.md")).findings}


def test_english_pack_loads_with_the_codes() -> None:
    english = pack("en")
    assert english.language == "en"
    assert {rule.code for rule in english.rules} >= CODES
    for rule in english.rules:
        assert rule.language == "en"
        assert rule.critique or rule.beyond
        if rule.code in CODES:
            assert len(rule.examples.flag) >= 3, rule.code
            assert len(rule.examples.pass_) >= 3, rule.code
    for name in ("actor", "obligation", "intention", "number", "source", "definition"):
        assert name in english.features
    # "action plan" must be recognised before "plan"
    types = list(english.document_types)
    assert types.index("action-plan") < types.index("plan")


def test_english_codes_answer_the_same_points_as_the_swedish() -> None:
    swedish = {rule.code: rule for rule in pack("sv").rules}
    for rule in pack("en").rules:
        if rule.code in CODES and rule.code in swedish and rule.critique:
            assert rule.critique == swedish[rule.code].critique, rule.code


def test_us_draft_gets_weak_modal_goal_and_financing(checkers) -> None:
    found = codes(checkers, DRAFT)
    assert {"PC101", "PC110", "PC401"} <= found


def test_done_right_version_gets_none_of_them(checkers) -> None:
    found = codes(checkers, REVISED)
    assert not found & {"PC101", "PC110", "PC401", "PC403", "PC405", "PC112"}


def test_document_type_sets_severity(checkers) -> None:
    text = "# {title}\n\nThe department should publish its datasets on the portal.\n"
    severities = {}
    for title in ("Open Data Policy", "Open Data Action Plan", "Open Data Plan"):
        result = checkers["en"].check(markdown.build(text.format(title=title), "t.md"))
        severities[result.document_type] = {
            f.severity for f in result.findings if f.code == "PC102"
        }
    assert severities == {"policy": {"info"}, "action-plan": {"error"}, "plan": {"warning"}}


def test_an_english_report_quotes_no_swedish(tmp_path, cli) -> None:
    """The seed is Swedish: its quotes stay out of English reports (text and statement), even
    for an integration policy, where Swedish ones quote them."""
    draft = tmp_path / "policy.md"
    draft.write_text(
        "# Integration Policy\n\nThe City may offer language courses.\n", encoding="utf-8"
    )
    code, out, _ = cli([str(draft), "--lang", "en", "--no-cache"])
    assert code == 1 and "The 2004 statement" not in out and "Varför inte byta" not in out
    code, out, _ = cli([str(draft), "--lang", "en", "--format", "remissvar", "--no-cache"])
    assert "Varför" not in out and "Förvaltningen" not in out

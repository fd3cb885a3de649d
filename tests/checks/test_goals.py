"""``goals`` (policycheck/checks/goals.py): goals found and taken apart into their elements;
a goal without a required element is reported, and the whole analysis goes into the result."""

from __future__ import annotations

from policycheck.checks.goals import GOAL_ELEMENTS

from .conftest import bundled_check

TEXT = (
    "# Mål\n\n"
    "Målet är att andelen som har arbete ska öka till 60 procent senast 2030.\n\n"
    "Målet är att fler ska känna sig trygga.\n"
)


def test_goals_lacking_a_required_element_are_reported(run_rule) -> None:
    result = run_rule("PC110", None, TEXT)
    assert len(result.goals) == 2
    complete, vague = result.goals
    assert complete["missing"] == [] and vague["missing"]
    assert set(complete["elements"]) == set(GOAL_ELEMENTS)
    assert complete["elements"]["deadline"] and complete["elements"]["target"]
    (finding,) = result.findings
    assert finding.sentence == "Målet är att fler ska känna sig trygga."


def test_the_required_elements_and_the_conjunction_of_the_message(run_rule) -> None:
    check = {**bundled_check("PC110"), "required": ["deadline"]}
    result = run_rule("PC110", check, TEXT)
    assert [g["missing"] for g in result.goals] == [[], ["deadline"]]
    check = {**bundled_check("PC110"), "required": ["owner", "deadline"]}
    result = run_rule("PC110", check, TEXT)
    labels = check["labels"]
    # the names of the missing elements joined by the language's "or" (rules/sv/language.yaml)
    joined = f"{labels['owner']['sv']} eller {labels['deadline']['sv']}"
    assert joined in result.findings[-1].message


def test_items_under_a_goals_heading_are_goals(run_rule) -> None:
    text = "# Mål\n\n- Fler i arbete.\n- Färre hemlösa senast 2030.\n"
    result = run_rule("PC110", None, text)
    assert [g["text"] for g in result.goals] == ["Fler i arbete.", "Färre hemlösa senast 2030."]

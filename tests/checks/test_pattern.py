"""``pattern`` (policycheck/checks/pattern.py): spaCy Matcher patterns, and the capabilities
they need declared in the rule."""

from __future__ import annotations

import pytest

from policycheck.ruleset import Rule

from .conftest import matches


def test_token_patterns_match_in_each_sentence(run_rule) -> None:
    check = {"type": "pattern", "patterns": [[{"LOWER": "ska"}, {"POS": "VERB"}]]}
    text = "Staden ska erbjuda kurser. Kurserna är bra."
    assert matches(run_rule("PC291", check, text)) == ["ska erbjuda"]


def test_exceptions_drop_overlapping_matches(run_rule) -> None:
    check = {
        "type": "pattern",
        "patterns": [[{"LOWER": "ska"}, {"POS": "VERB"}]],
        "exceptions": {"terms": ["ska erbjuda"]},
    }
    text = "Staden ska erbjuda kurser. Staden ska ordna möten."
    assert matches(run_rule("PC291", check, text)) == ["ska ordna"]


def test_needs_what_its_patterns_read() -> None:
    from policycheck.checks.pattern import CHECK, PatternCheck

    check = PatternCheck(
        type="pattern", patterns=[[{"POS": "VERB"}, {"MORPH": {"IS_SUPERSET": ["Voice=Pass"]}}]]
    )
    assert CHECK.needs is not None and {"tags", "morph"} <= CHECK.needs(check)
    base = {
        "code": "PC999",
        "alias": "x",
        "language": "sv",
        "beyond": "test",
        "severity": "info",
        "level": "sentence",
        "title": {"sv": "x"},
        "message": {"sv": "x"},
        "rationale": {"sv": "x"},
        "suggestion": {"sv": "x"},
        "check": {"type": "pattern", "patterns": [[{"POS": "VERB"}]]},
    }
    with pytest.raises(ValueError, match=r"check\.patterns need tags: declare it in requires"):
        Rule.model_validate(base)
    Rule.model_validate({**base, "requires": ["tags"]})

"""``conditional`` (policycheck/checks/conditional.py): a term that is used must be defined."""

from __future__ import annotations

from .conftest import matches

CHECK = {
    "type": "conditional",
    "candidates": {"after": ["s.k."], "quoted": True, "terms": {"terms": ["stadsdel"]}},
    "defined_by": {"patterns": ["{term} (?:avser|betyder)"], "headings": ["(?i)^definitioner"]},
}


def test_undefined_terms_after_a_marker_in_quotes_and_listed(run_rule) -> None:
    text = "Staden ska stärka s.k. brobyggare. Arbetet sker i ”trygga rum” i varje stadsdel."
    assert matches(run_rule("PC210", CHECK, text)) == ["brobyggare", "trygga rum", "stadsdel"]


def test_a_defined_term_is_not_reported(run_rule) -> None:
    text = "Brobyggare avser anställda som stöttar. Staden ska stärka s.k. brobyggare."
    assert matches(run_rule("PC210", CHECK, text)) == []
    text = "# Definitioner\n\n- Stadsdel: ett område.\n\n# Mål\n\nVarje stadsdel ska ha ett råd."
    assert matches(run_rule("PC210", CHECK, text)) == []


def test_once_per_document(run_rule) -> None:
    text = "Varje stadsdel ska ha ett råd. Varje stadsdel ska ha en plan."
    assert matches(run_rule("PC210", CHECK, text)) == ["stadsdel"]
    every = {**CHECK, "once_per_document": False}
    assert matches(run_rule("PC210", every, text)) == ["stadsdel", "stadsdel"]


def test_accepted_vocabulary_counts_as_defined(run_rule) -> None:
    text = "Varje stadsdel ska ha ett råd."
    assert matches(run_rule("PC210", CHECK, text, accepted_vocabulary={"stadsdel"})) == []

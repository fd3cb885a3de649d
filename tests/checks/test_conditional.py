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


def test_quoted_names_and_link_titles(run_rule) -> None:
    text = (
        "Arbetet sker inom satsningen ”Unga i arbete” och i ”trygga rum”. "
        "”Trygga rum” står först i meningen. "
        'Se [sidan](https://example.se/a "en länktitel").'
    )
    assert matches(run_rule("PC210", CHECK, text)) == ["Unga i arbete", "trygga rum"]
    names = {**CHECK, "candidates": {**CHECK["candidates"], "quoted_names": False}}
    # a capitalised quotation inside a sentence is a name; first in its sentence it may be a term
    assert matches(run_rule("PC210", names, text)) == ["trygga rum"]
    text = "”Trygga rum” ska finnas i varje skola."
    assert matches(run_rule("PC210", names, text)) == ["Trygga rum"]

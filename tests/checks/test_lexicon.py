"""``lexicon`` (policycheck/checks/lexicon.py): words and phrases, exceptions, conditions,
once per document or sentence."""

from __future__ import annotations

from .conftest import matches

TEXT = "Staden kan erbjuda kurser. Staden kan också erbjuda hjälp."


def test_each_match_in_each_sentence(run_rule) -> None:
    check = {"type": "lexicon", "match": {"terms": ["kan", "erbjuda"]}}
    assert matches(run_rule("PC101", check, TEXT)) == ["kan", "erbjuda", "kan", "erbjuda"]


def test_once_per_document_and_once_per_sentence(run_rule) -> None:
    check = {"type": "lexicon", "match": {"terms": ["kan", "erbjuda"]}}
    once = {**check, "once_per_document": True}
    assert matches(run_rule("PC101", once, TEXT)) == ["kan", "erbjuda"]
    first = {**check, "once_per_sentence": True}
    assert matches(run_rule("PC101", first, TEXT)) == ["kan", "kan"]


def test_exceptions_and_overlapping_alternatives(run_rule) -> None:
    check = {
        "type": "lexicon",
        "match": {"terms": ["i mån", "i mån av", "kan"]},
        "exceptions": {"terms": ["kan inte"]},
    }
    text = "Staden ska i mån av resurser hjälpa. Staden kan inte hjälpa alla."
    assert matches(run_rule("PC101", check, text)) == ["i mån av"]


def test_when_conditions_on_the_sentence(run_rule) -> None:
    # a named feature of the pack (rules/sv/features.yaml): "kan" only beside a figure
    check = {"type": "lexicon", "match": {"terms": ["kan"]}, "when": {"none": ["figure"]}}
    text = "Staden kan öka andelen till 40 procent. Staden kan erbjuda kurser."
    found = run_rule("PC101", check, text)
    assert matches(found) == ["kan"]
    assert found.findings[0].sentence == "Staden kan erbjuda kurser."

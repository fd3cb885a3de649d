"""``metric`` (policycheck/checks/metric.py): words per sentence and LIX against a limit."""

from __future__ import annotations

from policycheck.checks.metric import lix, words

from .conftest import matches

SHORT = "Staden ska erbjuda kurser."
LONG = " ".join(["Staden ska erbjuda kurser och hjälp"] * 4) + "."


def test_sentence_words_over_the_limit(run_rule) -> None:
    check = {"type": "metric", "measure": "sentence_words", "max": 10}
    result = run_rule("PC290", check, f"{SHORT} {LONG}")
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.sentence == LONG and "24" in finding.message and "10" in finding.message
    assert matches(run_rule("PC290", {**check, "max": 30}, f"{SHORT} {LONG}")) == []


def test_lix() -> None:
    # LIX = words per sentence + percentage of words over six letters
    text = "Kommunfullmäktige beslutar – Staden ska göra M-16-21."
    assert words(text) == ["Kommunfullmäktige", "beslutar", "Staden", "ska", "göra", "M-16-21."]
    assert lix(words(text), 2) == 3 + 100 * 3 / 6


def test_lix_of_the_document(run_rule) -> None:
    check = {"type": "metric", "measure": "lix", "max": 10, "unit": "document", "min_words": 1}
    result = run_rule("PC290", check, "Kommunfullmäktige beslutar om verksamhetsplaneringen.")
    assert [f.scope for f in result.findings] == ["document"]
    assert run_rule("PC290", {**check, "max": 100}, SHORT).findings == []

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


def test_a_sentence_cut_at_the_token_limit_counts_whole(run_rule) -> None:
    """The splitter cuts a sentence every MAX_SENTENCE_TOKENS tokens (a bound on what one
    finding costs); its length is still that of the sentence as written, reported once."""
    check = {"type": "metric", "measure": "sentence_words", "max": 35}
    endless = " ".join(["Staden ska erbjuda kurser och hjälp"] * 80)  # 480 words, no full stop
    result = run_rule("PC290", check, f"{endless}.\n\n{LONG}\n\n{endless}")
    counts = [f.message.split()[2] for f in result.findings]
    assert counts == ["480", "480"]
    # a full stop or a blank line ends a sentence, whatever its length
    result = run_rule("PC290", {**check, "max": 1000}, f"{endless}.\n\n{endless}.")
    assert result.findings == []


def test_lix_counts_a_cut_sentence_once(run_rule) -> None:
    check = {"type": "metric", "measure": "lix", "max": 400, "unit": "document", "min_words": 1}
    endless = " ".join(["Staden ska erbjuda kurser och hjälp"] * 80)
    (finding,) = run_rule("PC290", check, endless).findings
    # 480 words a sentence and a sixth of them long: 480 + 17, not 480 / 3 + 17
    assert finding.message.split()[2] == "497"


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

"""``classifier`` (policycheck/checks/classifier.py): sentences the critique model scores at
or above a threshold; the finding names the words that drove the score."""

from __future__ import annotations

import pytest

from policycheck.errors import RuleFileError

from .conftest import bundled_check

TEXT = "Staden kan erbjuda språkkurser till nyanlända. Kurserna börjar den 1 mars 2025."


def test_threshold_decides(run_rule) -> None:
    check = {**bundled_check("PC105"), "threshold": 0.0, "when": {}}
    everything = run_rule("PC105", check, TEXT)
    assert len(everything.findings) == 2
    assert all("”" in f.message for f in everything.findings)  # the words that weighed most
    assert run_rule("PC105", {**check, "threshold": 1.0}, TEXT).findings == []


def test_min_words_leaves_out_fragments(run_rule) -> None:
    check = {**bundled_check("PC105"), "threshold": 0.0, "when": {}, "min_words": 6}
    result = run_rule("PC105", check, TEXT)
    assert [f.sentence for f in result.findings] == [TEXT.split(". ")[0] + "."]


def test_an_unknown_label_fails_when_the_rules_are_loaded(run_rule) -> None:
    check = {**bundled_check("PC105"), "label": "no-such-point"}
    with pytest.raises(RuleFileError, match="no-such-point"):
        run_rule("PC105", check, TEXT)

"""The engine (policycheck/engine.py): what every rule has, whatever its check type (the
types' own behaviour is tested in tests/checks/): selection, severity, the rule-level keys
``gate`` and ``defer``, and no check type named in its code."""

from __future__ import annotations

import ast
import inspect

import policycheck.engine
from policycheck.checks import CHECKS
from policycheck.checks.base import Hit
from policycheck.engine import Checker, _reported, rule_matches, selected
from policycheck.options import Options
from policycheck.packs import pack
from policycheck.ruleset import Gate


def test_no_check_type_is_named_in_the_engine() -> None:
    source = inspect.getsource(policycheck.engine)
    strings = {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not strings & set(CHECKS)
    assert "ctx.goals" not in source


def test_selectors_name_rules_by_code_prefix_alias_or_critique_point() -> None:
    rules = pack("sv").rules
    weak = pack("sv").by_code()["PC101"]
    for sel in ("PC101", "PC1", "pc10", "weak-modal", "ALL", "all"):
        assert rule_matches(weak, sel), sel
    assert not rule_matches(weak, "PC2") and not rule_matches(weak, " ")
    chosen = {r.code for r in selected(rules, ["weak-modal"], ["PC102"])}
    assert "PC101" in chosen and "PC102" not in chosen and "PC290" not in chosen


def test_severity_by_document_type_then_configuration() -> None:
    rule = pack("sv").by_code()["PC102"]  # info in a policy, error in an action plan
    plain = Checker(Options())
    assert plain.severity_of(rule) == rule.severity
    for doc_type, severity in rule.document_types.items():
        assert plain.severity_of(rule, doc_type) == severity
    configured = Checker(Options(severity={"weak-modal": "warning"}))
    assert {configured.severity_of(rule, t) for t in (None, *rule.document_types)} == {"warning"}


class _Scores:
    """A context whose critique model scores each sentence as given."""

    def __init__(self, scores: list[float]) -> None:
        self.scores = scores

    def critique_scores(self, model: str, label: str) -> list[float]:
        return self.scores

    def sentence_of(self, char: int) -> int:
        return char // 2  # sentences of two characters each


def test_gate_and_defer_apply_to_any_sentence_rule() -> None:
    rule = pack("sv").by_code()["PC101"]
    hits = [Hit(0, 1, 0), Hit(2, 3, 1), Hit(0, 0, None)]  # two sentences, the document
    gated = rule.model_copy(update={"gate": Gate(model="sv_critique", label="x", min=0.5)})
    ctx = _Scores([0.4, 0.6])
    assert list(_reported(gated, hits, ctx, set())) == hits[1:]  # type: ignore[arg-type]
    flagged = {(rule.critique[0], 0)}
    deferring = rule.model_copy(update={"defer": True})
    assert list(_reported(deferring, hits, ctx, flagged)) == hits[1:]  # type: ignore[arg-type]
    assert (rule.critique[0], 1) in flagged  # what it reported counts for later rules
    assert list(_reported(rule, hits, ctx, {(rule.critique[0], 0)})) == hits  # type: ignore[arg-type]


def test_a_hit_over_two_sentences_flags_both_for_deferring_rules() -> None:
    """A goal read with its run-in label ("Mål 1. Hemlöshet ska förebyggas") covers the label's
    sentence and the goal's; a deferring rule of the same point does not report the second."""
    rule = pack("sv").by_code()["PC110"]
    flagged: set[tuple[str, int]] = set()
    ctx = _Scores([0.9, 0.9])
    assert list(_reported(rule, [Hit(0, 4, 0)], ctx, flagged))  # type: ignore[arg-type]
    deferring = rule.model_copy(update={"defer": True})
    assert not list(_reported(deferring, [Hit(2, 4, 1)], ctx, flagged))  # type: ignore[arg-type]


def test_a_gate_is_dropped_without_a_parse() -> None:
    checker = Checker(Options())
    gated = [r for r in pack("sv").rules if r.gate is not None]
    assert gated, "the pack has gated rules"
    runnable, _skipped, _fallbacks = checker.rules_for(pack("sv"), frozenset({"lemma"}))
    assert all(r.gate is None for r in runnable)

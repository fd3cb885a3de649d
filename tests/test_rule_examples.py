"""Every rule brings its own tests: each ``flag`` example must trigger the rule, and no
``pass`` example may. The cases are generated from the rule files."""

from __future__ import annotations

import pytest

from policycheck.packs import all_packs
from policycheck.read import markdown

CASES = [
    pytest.param(rule.language, rule.code, text, kind == "flag", id=f"{rule.code}-{kind}-{i}")
    for p in all_packs()
    for rule in p.rules
    for kind, examples in (("flag", rule.examples.flag), ("pass", rule.examples.pass_))
    for i, text in enumerate(examples)
]


def test_every_rule_has_examples() -> None:
    for p in all_packs():
        for rule in p.rules:
            assert rule.examples.flag, f"{rule.code} has no flag example"
            assert rule.examples.pass_, f"{rule.code} has no pass example"


@pytest.mark.parametrize("pipeline", ["default", "blank"])
@pytest.mark.parametrize(("lang", "code", "text", "should_flag"), CASES)
def test_example(
    checkers, blank_checkers, pipeline: str, lang: str, code: str, text: str, should_flag: bool
) -> None:
    """With the default pipeline (the shipped trained one for Swedish, when present) and with
    the blank one, where rules that need tags run their word-list fallback."""
    checker = checkers[lang] if pipeline == "default" else blank_checkers[lang]
    # examples are Markdown, so that one can show a definitions section or a heading
    result = checker.check(markdown.build(text, f"{code}.md"))
    hits = [f for f in result.findings if f.code == code]
    if should_flag and code in result.skipped_rules:
        pytest.skip(f"{code} needs the trained pipeline ({pipeline} lacks what it reads)")
    if should_flag:
        assert hits, f"{code} did not flag: {text!r}"
    else:
        assert not hits, f"{code} flagged {[h.match for h in hits]} in: {text!r}"


def test_catalogue_automation_matches_the_rules() -> None:
    """`automated: true` in seeds/critique.yaml exactly when a rule answers the point."""
    from policycheck.critique import load_catalogue

    answered = {cid for p in all_packs() for rule in p.rules for cid in rule.critique}
    for point in load_catalogue():
        assert point.automated == (point.id in answered), point.id

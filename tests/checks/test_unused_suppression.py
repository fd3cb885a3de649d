"""``unused-suppression`` (policycheck/checks/unused_suppression.py): suppression comments
that suppress nothing, reported after the comments are applied (its hook)."""

from __future__ import annotations

from policycheck.checks.unused_suppression import CHECK


def test_a_comment_that_suppresses_nothing_is_reported(checkers) -> None:
    from policycheck.read import markdown

    text = (
        "<!-- policycheck: disable-next-line=weak-modal -- citat -->\n"
        "Staden kan erbjuda kurser.\n\n"
        "<!-- policycheck: disable-next-line=weak-modal,PC290 -- citat -->\n"
        "Staden ska erbjuda kurser.\n"
    )
    result = checkers["sv"].check(markdown.build(text, "x.md"))
    unused = [f for f in result.findings if f.code == "PC900"]
    assert [f.location.line for f in unused] == [4]
    assert "weak-modal,PC290" in unused[0].message
    assert "PC101" not in {f.code for f in result.findings}


def test_it_has_nothing_of_its_own_to_run() -> None:
    assert CHECK.after_suppressions is not None
    assert list(CHECK.run(None, None)) == []  # type: ignore[arg-type]

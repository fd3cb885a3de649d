"""``when: {not_under: [...]}``: a rule stays out of the sections whose heading matches, a
subsection included; the document's title heads no section."""

from __future__ import annotations

import pytest

from policycheck.engine import Checker
from policycheck.options import Options
from policycheck.read import markdown
from policycheck.schema import Condition

TEXT = """# Vision 2030 för äldreomsorgen

Ensamheten bland äldre har minskat.

## Vision 2030

Äldre lever ett tryggt liv och ensamheten har minskat.

### Ett tryggt åldrande

Hemtjänsten har blivit mer flexibel.

## Nuläge

Otryggheten har ökat.

## Vision och nuläge

Väntetiderna har blivit längre.
"""
VISION = Condition(not_under=[r"^\W*(?:vision|målbild)\b(?!\s+och\b)"])


def _context(text: str):
    checker = Checker(Options(language="sv", model="blank"))
    return checker.context(markdown.build(text, "vision.md"))


@pytest.mark.parametrize(
    ("words", "holds"),
    [
        ("Ensamheten bland äldre", True),  # under the title only: the title heads no section
        ("Äldre lever ett tryggt liv", False),
        ("Hemtjänsten har blivit", False),  # a subsection of the vision
        ("Otryggheten har ökat", True),  # a section of the same level closes the vision
        ("Väntetiderna", True),  # the pattern's own exception
    ],
)
def test_a_rule_stays_out_of_the_sections_named(words: str, holds: bool) -> None:
    ctx = _context(TEXT)
    i = next(i for i in range(len(ctx.sentences)) if words in ctx.sentence_text(i))
    assert ctx.holds(VISION, i) is holds


def test_a_text_without_headings_is_in_no_section() -> None:
    ctx = _context("Ensamheten har minskat. Otryggheten har ökat.\n")
    assert all(ctx.holds(VISION, i) for i in range(len(ctx.sentences)))

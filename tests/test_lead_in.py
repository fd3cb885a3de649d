"""A list item goes on from its lead-in ("Myndigheten ska: - kartlägga ..."): the paragraph
right before its list, when that does not end as a statement does; ``when: {lead_in: true}``
looks for the ``none`` features there too."""

from __future__ import annotations

from policycheck.engine import Checker
from policycheck.options import Options
from policycheck.read import markdown
from policycheck.schema import Condition

TEXT = """# Uppdrag

Myndigheten ska:

- kartlägga läget,
- föreslå åtgärder.

Arbetet har pågått sedan 2020.

- Ett första steg är taget.

## Mål

- Fler ska ha arbete.
"""


def _context(text: str):
    checker = Checker(Options(language="sv", model="blank"))
    return checker.context(markdown.build(text, "uppdrag.md"))


def _index(ctx, words: str) -> int:
    return next(i for i in range(len(ctx.sentences)) if words in ctx.sentence_text(i))


def test_items_go_on_from_an_open_paragraph_only() -> None:
    ctx = _context(TEXT)
    opener = _index(ctx, "Myndigheten ska")
    assert ctx.lead_in(_index(ctx, "kartlägga")) == opener
    assert ctx.lead_in(_index(ctx, "föreslå")) == opener
    assert ctx.lead_in(opener) is None
    # a paragraph that ends as a statement, and a heading, lead into nothing
    assert ctx.lead_in(_index(ctx, "Ett första steg")) is None
    assert ctx.lead_in(_index(ctx, "Fler ska ha")) is None


def test_a_condition_reads_the_lead_in_only_when_asked() -> None:
    ctx = _context("Av anslaget ska\n\n- 60 procent gå till regionerna.\n")
    item = _index(ctx, "60 procent")
    assert ctx.feature("task", _index(ctx, "Av anslaget"))
    assert not ctx.feature("task", item)
    assert ctx.holds(Condition(none=["task"]), item)
    assert not ctx.holds(Condition(none=["task"], lead_in=True), item)

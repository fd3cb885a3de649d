"""``unused-suppression``: suppression comments that suppress nothing (after Ruff's RUF100).

There is nothing to look for in the text: whether a comment was used is known only after every
other rule has run and the suppressions are applied, so the engine makes these findings itself
(:func:`policycheck.suppress.unused_findings`). The check type exists so that the rule is data
like every other rule: listed, explained, selected and ignored the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.checks.base import Context, Hit, TermIndex
from policycheck.ruleset import Rule


def prepare(rule: Rule, index: TermIndex) -> None:
    """Nothing to index."""


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Yields nothing; see the module docstring."""
    return iter(())

"""``unused-suppression``: suppression comments that suppress nothing (after Ruff's RUF100).

There is nothing to look for in the text: whether a comment was used is known only after every
other rule has run and the suppressions are applied (``policycheck.suppress``), so the findings
come from the ``after_suppressions`` hook. The check type exists so that the rule is data like
every other rule: listed, explained, selected and ignored the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from policycheck.checks.base import CheckType, Context, Hit, TermIndex
from policycheck.findings import Finding, make_finding
from policycheck.schema import Strict

if TYPE_CHECKING:
    from policycheck.document import Document
    from policycheck.ruleset import Rule
    from policycheck.suppress import Unused


class UnusedSuppressionCheck(Strict):
    """Suppression comments that suppress nothing. No parameters."""

    type: Literal["unused-suppression"]


def prepare(rule: Rule, index: TermIndex) -> None:
    """Nothing to index."""


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Yields nothing; see the module docstring."""
    return iter(())


def after_suppressions(
    rule: Rule, unused: list[Unused], document: Document, lang: str, severity: str
) -> list[Finding]:
    """A finding at each comment (or the selectors of it) that suppressed nothing."""
    from policycheck.document import Location

    out = []
    for u in unused:
        d = u.directive
        line, col = document.line_col(d.start)
        end_line, end_col = document.line_col(d.end)
        values = {
            "match": d.text,
            "directive": d.spec,
            "unused": ",".join(u.selectors) if u.selectors else d.spec,
        }
        out.append(
            make_finding(
                rule,
                lang,
                values,
                severity=severity,
                scope="sentence",
                path=document.path,
                location=Location(line, col, end_line, end_col, d.start, d.end),
                sentence=d.text,
                match=d.text,
            )
        )
    return out


CHECK = CheckType(
    name="unused-suppression",
    schema=UnusedSuppressionCheck,
    level="sentence",
    summary="Reports suppression comments that suppress nothing",
    prepare=prepare,
    run=run,
    after_suppressions=after_suppressions,
)

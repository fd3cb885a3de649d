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
from policycheck.schema import Strict, Text

if TYPE_CHECKING:
    from policycheck.document import Document
    from policycheck.ruleset import Rule
    from policycheck.suppress import Unused


class UnusedSuppressionCheck(Strict):
    """Suppression comments that suppress nothing."""

    type: Literal["unused-suppression"]
    unknown: Text | None = None
    """the message where a selector names no rule at all: `{unknown}` is the selector,
    `{near}` the nearest codes or aliases in brackets with a question mark (or nothing)"""


def prepare(rule: Rule, index: TermIndex) -> None:
    """Nothing to index."""


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Yields nothing; see the module docstring."""
    return iter(())


def after_suppressions(
    rule: Rule, unused: list[Unused], document: Document, lang: str, severity: str
) -> list[Finding]:
    """A finding at each comment (or the selectors of it) that suppressed nothing, and one for
    the selectors of it that name no rule at all (with the ``unknown`` message)."""
    from policycheck.document import Location

    out = []
    for u in unused:
        d = u.directive
        line, col = document.line_col(d.start)
        end_line, end_col = document.line_col(d.end)
        values = {"match": d.text, "directive": d.spec}
        said: list[tuple[Rule, dict[str, str]]] = []
        # a pack without the unknown message reports them as suppressing nothing
        unknown = u.unknown if rule.check.unknown is not None else ()
        if unknown:
            near = f" ({', '.join(u.near)}?)" if u.near else ""
            message = rule.model_copy(update={"message": rule.check.unknown})
            said.append((message, {**values, "unknown": ",".join(unknown), "near": near}))
        idle = [s for s in u.selectors if s not in unknown]
        if idle or not u.selectors:
            said.append((rule, {**values, "unused": ",".join(idle) if idle else d.spec}))
        for which, filled in said:
            out.append(
                make_finding(
                    which,
                    lang,
                    filled,
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

"""``area``: a goal or obligation about another policy area than the document's own. The
document's area comes from the configuration (``policy-area``) or its title; a heuristic, and
the rule says so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from policycheck.checks.base import CheckType, Context, Hit, TermIndex
from policycheck.document import BlockKind
from policycheck.schema import Condition, Strict, TermSet

if TYPE_CHECKING:
    from policycheck.ruleset import Rule


class AreaCheck(Strict):
    """A sentence meeting ``when`` whose words belong to another policy area than the
    document's own (from its title, or ``policy-area`` in the configuration)."""

    type: Literal["area"]
    areas: dict[str, TermSet]
    """name → term set"""
    when: Condition = Condition()
    """conditions on the sentence: a goal or an obligation"""
    min_hits: int = Field(2, ge=1)
    """words of the other area a sentence needs"""


def prepare(rule: Rule, index: TermIndex) -> None:
    for name, terms in rule.check.areas.items():
        index.add(f"{rule.code}:area:{name}", terms)


def document_area(rule: Rule, ctx: Context) -> str | None:
    """The configured area, else the first area named in the title (``Context.title``)."""
    if ctx.policy_area:
        return ctx.policy_area if ctx.policy_area in rule.check.areas else None
    title = ctx.title
    if title is None:
        return None
    for name in rule.check.areas:
        if any(title.start <= s < title.end for s, _ in ctx.hits(f"{rule.code}:area:{name}")):
            return name
    return None


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    own = document_area(rule, ctx)
    if own is None:
        return
    check = rule.check
    by_area = {name: ctx.hits_by_sentence(f"{rule.code}:area:{name}") for name in check.areas}
    for i, sent in enumerate(ctx.sentences):
        block = ctx.block_of(i)
        if block is not None and block.kind == BlockKind.HEADING:
            continue
        if by_area[own].get(i) or not ctx.holds(check.when, i):
            continue
        counts = {name: len(by_area[name].get(i, [])) for name in check.areas if name != own}
        other, n = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
        if other is None or n < check.min_hits:
            continue
        yield Hit(
            sent.start_char, sent.end_char, i, ctx.sentence_text(i), {"area": other, "own": own}
        )


CHECK = CheckType(
    name="area",
    schema=AreaCheck,
    level="sentence",
    summary=(
        "Compares the policy area of goal and obligation sentences with the document's own "
        "area, read from its title"
    ),
    prepare=prepare,
    run=run,
    document_area=document_area,
)

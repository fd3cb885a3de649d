"""``required``: a document-level check that the document says something (has a term or a
heading of a kind), optionally only when a trigger is present."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from policycheck import regexes
from policycheck.checks.base import CheckType, Context, Hit, TermIndex
from policycheck.document import BlockKind
from policycheck.findings import MAX_QUOTE, clip
from policycheck.schema import Condition, Regex, Strict, TermSet, Text

if TYPE_CHECKING:
    from policycheck.findings import FileResult
    from policycheck.ruleset import Rule


class RequiredCheck(Strict):
    """The document must mention ``evidence`` (or have a heading matching ``headings``),
    when ``trigger`` is present (always, when it is empty). Evidence counts only in a sentence
    where ``when`` holds ("12 procent" describes the situation, "ska öka till 12 procent" does
    not)."""

    type: Literal["required"]
    evidence: TermSet
    """term set"""
    when: Condition = Condition()
    """conditions on the sentence of the evidence: "12 procent" describes today, "ska öka
    till 12 procent" does not"""
    headings: list[Regex] = []
    """regexes: a heading matching one counts"""
    trigger: TermSet = TermSet()
    """term set: check only when present"""
    in_title: bool = False
    """whether the document's title counts as evidence: it names what the document is about
    ("Nationell hemlöshetsstrategi", "Uppdrag att följa upp …"), which says nothing of its
    financing or follow-up, but an assignment's title may name who carries it out"""
    looked_for: Text
    """said in the finding"""


def prepare(rule: Rule, index: TermIndex) -> None:
    index.add(f"{rule.code}:evidence", rule.check.evidence)
    if not rule.check.trigger.is_empty():
        index.add(f"{rule.code}:trigger", rule.check.trigger)


def evidence(rule: Rule, ctx: Context) -> str | None:
    """The first sentence or heading that satisfies the rule, if any (in the title only
    where ``in_title``)."""
    check = rule.check
    text = ctx.document.text
    title = None if check.in_title else ctx.title
    for pattern in check.headings:
        rx = regexes.compile(pattern)
        for block in ctx.document.blocks:
            if (
                block.kind == BlockKind.HEADING
                and block != title
                and rx.search(text[block.start : block.end])
            ):
                return text[block.start : block.end]
    for start, end in ctx.hits(f"{rule.code}:evidence"):
        if title is not None and title.start <= start < title.end:
            continue
        i = ctx.sentence_at_or_after(start, end)
        if i is not None and ctx.holds(check.when, i, (start, end)):
            return ctx.sentence_text(i)
    return None


def triggered(rule: Rule, ctx: Context) -> tuple[bool, str]:
    if rule.check.trigger.is_empty():
        return True, ""
    hits = ctx.hits(f"{rule.code}:trigger")
    if not hits:
        return False, ""
    i = ctx.sentence_of(hits[0][0])
    return True, ctx.sentence_text(i) if i is not None else ""


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    fired, trigger_sentence = triggered(rule, ctx)
    if not fired:
        return
    if evidence(rule, ctx) is None:
        yield Hit(0, 0, None, "", {"trigger": trigger_sentence})


def looked_for(rule: Rule, lang: str) -> str:
    return rule.check.looked_for.get(lang)


def annotate(rule: Rule, ctx: Context, result: FileResult) -> None:
    """The passage that satisfies the rule, for the reports (``--verbose``, the statement)."""
    found = evidence(rule, ctx)
    if found:
        result.evidence[rule.code] = clip(found, MAX_QUOTE)


CHECK = CheckType(
    name="required",
    schema=RequiredCheck,
    level="document",
    summary="Checks that the document as a whole says something",
    prepare=prepare,
    run=run,
    looked_for=looked_for,
    annotate=annotate,
)

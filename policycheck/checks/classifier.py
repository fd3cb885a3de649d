"""``classifier``: sentences the critique model (``policycheck.models.critique_model``) scores
at or above a threshold for one critique point, where rules cannot name the pattern. Each hit
covers its sentence; ``{words}`` in the message names the words that drove the score and
``{score}`` the score."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from policycheck.checks.base import CheckType, Context, Hit, TermIndex
from policycheck.nlp import leads_in
from policycheck.schema import Condition, Strict

if TYPE_CHECKING:
    from policycheck.ruleset import Rule


class ClassifierCheck(Strict):
    """Sentences the critique model scores at least ``threshold`` for ``label``."""

    type: Literal["classifier"]
    model: str
    """a shipped critique model: `sv_critique`"""
    label: str
    """the critique point it scores; the finding covers the sentence, `{words}` in the
    message names the words that drove the score and `{score}` is the score"""
    threshold: float = Field(ge=0.0, le=1.0)
    """the score a sentence needs"""
    min_words: int = Field(3, ge=0)
    """headings and fragments are not statements"""
    when: Condition = Condition()
    """conditions the sentence must meet: what the critique point excludes by definition ("a
    figure or a source is not an unsupported claim"), so the model judges only the rest"""


def prepare(rule: Rule, index: TermIndex) -> None:
    """Load the model now, so that a missing model or label fails the run at its start."""
    from policycheck.models.critique_model import require_for

    require_for(rule, rule.check.model, rule.check.label)


def judges(check: ClassifierCheck, ctx: Context, i: int) -> bool:
    """Whether the check judges sentence ``i`` at all, whatever its score: a statement of
    enough words, not a lead-in, that meets ``when``."""
    sent = ctx.sentences[i]
    if sum(1 for t in sent if t.is_alpha) < check.min_words:
        return False
    if leads_in(sent):  # what it introduces follows
        return False
    return ctx.holds(check.when, i)


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    check = rule.check
    for i, score in enumerate(ctx.critique_scores(check.model, check.label)):
        if score < check.threshold or not judges(check, ctx, i):
            continue
        sent = ctx.sentences[i]
        words = ctx.critique_drivers(check.model, check.label, i)
        # the hit is the sentence: it is the sentence that was judged; the message names the
        # words that weighed most
        yield Hit(
            sent.start_char,
            sent.end_char,
            i,
            ctx.sentence_text(i),
            {"words": ", ".join(f"”{w}”" for w in words), "score": f"{score:.2f}"},
        )


CHECK = CheckType(
    name="classifier",
    schema=ClassifierCheck,
    level="sentence",
    summary=(
        "Scores each sentence with the critique model, a small classifier learned from "
        "sentences reviewers labelled, and reports those at or above a threshold; names the "
        "words that drove the score"
    ),
    prepare=prepare,
    run=run,
)

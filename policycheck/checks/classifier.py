"""``classifier``: sentences the critique model (``policycheck.models.critique_model``) scores
at or above a threshold for one critique point, where rules cannot name the pattern. Each hit
covers its sentence; ``{words}`` in the message names the words that drove the score and
``{score}`` the score."""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.checks.base import Context, Hit, TermIndex
from policycheck.ruleset import Rule, RuleFileError


def prepare(rule: Rule, index: TermIndex) -> None:
    """Load the model now, so that a missing model or label fails the run at its start."""
    from policycheck.models.critique_model import ModelError, require

    try:
        require(rule.check.model, rule.check.label)
    except ModelError as exc:
        raise RuleFileError(f"rule {rule.code} ({rule.alias}): {exc}") from None


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    check = rule.check
    for i, score in enumerate(ctx.critique_scores(check.model, check.label)):
        if score < check.threshold:
            continue
        sent = ctx.sentences[i]
        if sum(1 for t in sent if t.is_alpha) < check.min_words:
            continue
        if sent[-1].text in (":", ";"):  # a lead-in: what it introduces follows
            continue
        if not ctx.holds(check.when, i):
            continue
        words = ctx.critique_drivers(check.model, check.label, i)
        # the hit is the sentence: it is the sentence that was judged; the message names the
        # words that weighed most
        yield Hit(
            sent.start_char,
            sent.end_char,
            i,
            ctx.text[sent.start_char : sent.end_char],
            {"words": ", ".join(f"”{w}”" for w in words), "score": f"{score:.2f}"},
        )

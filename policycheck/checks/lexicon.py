"""``lexicon``: words and phrases (written form, lemma, compound head or regex), with
exceptions and sentence conditions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from policycheck.checks.base import CheckType, Context, Hit, TermIndex, overlaps
from policycheck.schema import Condition, Strict, TermSet

if TYPE_CHECKING:
    from policycheck.ruleset import Rule


class LexiconCheck(Strict):
    """Words and phrases in each sentence."""

    type: Literal["lexicon"]
    match: TermSet
    """a term set"""
    exceptions: TermSet = TermSet()
    """a term set: matches overlapping these are dropped"""
    when: Condition = Condition()
    """conditions on the sentence"""
    once_per_document: bool = False
    """report each wording once"""
    once_per_sentence: bool = False
    """report the first match of a sentence only"""


def prepare(rule: Rule, index: TermIndex) -> None:
    index.add(f"{rule.code}:match", rule.check.match)
    index.add(f"{rule.code}:except", rule.check.exceptions)


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    yield from filter_hits(rule, ctx, ctx.hits_by_sentence(f"{rule.code}:match"))


def filter_hits(rule: Rule, ctx: Context, by_sentence: dict[int, list[tuple[int, int]]]):
    """Apply exceptions, sentence conditions and once-per-document to matched spans."""
    check = rule.check
    exceptions = ctx.hits_by_sentence(f"{rule.code}:except")
    seen: set[str] = set()
    for i in sorted(by_sentence):
        last_end = -1
        for start, end in _longest_first(by_sentence[i]):
            if start < last_end:  # overlapping alternatives: report the longest once
                continue
            if not ctx.holds(check.when, i, (start, end)):
                continue
            if overlaps((start, end), exceptions.get(i, [])):
                continue
            text = ctx.text[start:end]
            if check.once_per_document:
                key = text.lower()
                if key in seen:
                    continue
                seen.add(key)
            last_end = end
            yield Hit(start, end, i, text)
            if check.once_per_sentence:
                break


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0])))


CHECK = CheckType(
    name="lexicon",
    schema=LexiconCheck,
    level="sentence",
    summary="Looks for words and phrases in each sentence",
    prepare=prepare,
    run=run,
)

"""``pattern``: spaCy Matcher token patterns, with the same exceptions and conditions as
``lexicon``. Patterns on tags, morphology or dependencies need a trained pipeline; such rules
say so in ``requires``."""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.checks.base import Context, Hit, TermIndex
from policycheck.checks.lexicon import filter_hits
from policycheck.ruleset import Rule


def prepare(rule: Rule, index: TermIndex) -> None:
    index.add_patterns(f"{rule.code}:match", rule.check.patterns)
    index.add(f"{rule.code}:except", rule.check.exceptions)


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    yield from filter_hits(rule, ctx, ctx.hits_by_sentence(f"{rule.code}:match"))

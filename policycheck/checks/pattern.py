"""``pattern``: spaCy Matcher token patterns, with the same exceptions and conditions as
``lexicon``. Patterns on tags, morphology or dependencies need a trained pipeline; such rules
say so in ``requires``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from policycheck.checks.base import CheckType, Context, Hit, TermIndex
from policycheck.checks.lexicon import filter_hits
from policycheck.schema import Condition, Strict, TermSet

if TYPE_CHECKING:
    from policycheck.ruleset import Rule


class PatternCheck(Strict):
    """spaCy Matcher token patterns (``Matcher`` syntax, upper-case attribute names)."""

    type: Literal["pattern"]
    patterns: list[list[dict]]
    """list of patterns in Matcher syntax"""
    exceptions: TermSet = TermSet()
    """as for `lexicon`"""
    when: Condition = Condition()
    """as for `lexicon`"""
    once_per_document: bool = False
    """as for `lexicon`"""
    once_per_sentence: bool = False
    """as for `lexicon`"""


_NEEDS = {"POS": "tags", "TAG": "tags", "MORPH": "morph", "DEP": "parser"}


def needs(check: PatternCheck) -> set[str]:
    """The capabilities the token patterns use (POS and TAG need tags, MORPH morphology, DEP
    the parser): spaCy refuses to match them on a Doc without."""
    out: set[str] = set()
    for pattern in check.patterns:
        for token in pattern if isinstance(pattern, list) else []:
            for attr in token if isinstance(token, dict) else []:
                if isinstance(attr, str) and attr.upper() in _NEEDS:
                    out.add(_NEEDS[attr.upper()])
    return out


def prepare(rule: Rule, index: TermIndex) -> None:
    index.add_patterns(f"{rule.code}:match", rule.check.patterns)
    index.add(f"{rule.code}:except", rule.check.exceptions)


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    yield from filter_hits(rule, ctx, ctx.hits_by_sentence(f"{rule.code}:match"))


CHECK = CheckType(
    name="pattern",
    schema=PatternCheck,
    level="sentence",
    summary="Looks for word patterns (with parts of speech) in each sentence",
    prepare=prepare,
    run=run,
    needs=needs,
)

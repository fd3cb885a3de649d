"""``metric``: measures with thresholds — words per sentence, and LIX (läsbarhetsindex:
words per sentence + percentage of words longer than six letters) per paragraph or document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from policycheck.checks.base import CheckType, Context, Hit, TermIndex
from policycheck.document import BlockKind
from policycheck.nlp import ends_sentence
from policycheck.schema import Strict

if TYPE_CHECKING:
    from policycheck.ruleset import Rule


class MetricCheck(Strict):
    """A measure of the text against a limit."""

    type: Literal["metric"]
    measure: Literal["sentence_words", "lix"]
    """`sentence_words`: words per sentence, or `lix`: läsbarhetsindex"""
    max: float
    """the limit"""
    unit: Literal["sentence", "paragraph", "document"] = "sentence"
    """what LIX is measured over"""
    min_words: int = 0
    """LIX of very short texts says nothing"""


def prepare(rule: Rule, index: TermIndex) -> None:
    """Metrics need no terms."""


def words(text: str) -> list[str]:
    """The words of a text as a reader counts them: runs between spaces that hold a letter or
    digit ("M-16-21" and "agency’s" are one word each, a dash is none)."""
    return [w for w in text.split() if any(c.isalnum() for c in w)]


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    check = rule.check
    if check.measure == "sentence_words":
        for first, last in _whole_sentences(ctx):
            start, end = ctx.sentences[first].start_char, ctx.sentences[last].end_char
            text = ctx.text[start:end]
            n = len(words(text))
            if n > check.max:
                block = ctx.block_of(first)
                if block is not None and block.kind == BlockKind.TABLE_CELL:
                    continue
                yield Hit(start, end, first, text, {"value": str(n), "max": f"{check.max:g}"})
    elif check.measure == "lix":
        yield from _lix(rule, ctx)


def _continued(ctx: Context) -> set[int]:
    """The sentences that go on from the one before in the same block (``nlp.ends_sentence``:
    a sentence as written, cut where it grew too long): the metrics count it whole."""
    return ctx.once("continued sentences", lambda: _find_continued(ctx))


def _find_continued(ctx: Context) -> set[int]:
    return {
        i
        for i in range(1, len(ctx.sentences))
        if ctx.block_of(i) is not None
        and ctx.block_of(i) is ctx.block_of(i - 1)
        and not ends_sentence(ctx.sentences[i - 1])
    }


def _whole_sentences(ctx: Context) -> Iterator[tuple[int, int]]:
    """The first and last sentence of each sentence as written."""
    continued = _continued(ctx)
    first = 0
    for i in range(1, len(ctx.sentences) + 1):
        if i not in continued:
            yield first, i - 1
            first = i


def lix(words: list[str], sentences: int) -> float:
    if not words or not sentences:
        return 0.0
    long_words = sum(len(w) > 6 for w in words)
    return len(words) / sentences + 100 * long_words / len(words)


def _lix(rule: Rule, ctx: Context) -> Iterator[Hit]:
    check = rule.check
    continued = _continued(ctx)
    numbered = list(enumerate(ctx.sentences))
    if check.unit == "document":
        groups = [(0, len(ctx.text), numbered, None)]
    else:
        by_block: dict[int, list] = {}
        for i, sent in numbered:
            block = ctx.block_of(i)
            if block is not None and block.kind == BlockKind.PARAGRAPH:
                by_block.setdefault(block.start, []).append((i, sent))
        groups = [
            (sents[0][1].start_char, sents[-1][1].end_char, sents, 0) for sents in by_block.values()
        ]
    for start, end, sents, first in groups:
        text_words = [
            w.strip(".,;:!?()”“\"'«»")
            for _i, s in sents
            for w in words(ctx.text[s.start_char : s.end_char])
        ]
        if len(text_words) < check.min_words:
            continue
        value = lix(text_words, sum(i not in continued for i, _s in sents))
        if value > check.max:
            values = {"value": f"{value:.0f}", "max": f"{check.max:g}"}
            if first is None:
                yield Hit(0, 0, None, "", values)
            else:
                yield Hit(start, end, ctx.sentence_of(start), "", values)


CHECK = CheckType(
    name="metric",
    schema=MetricCheck,
    level="sentence/document",
    summary="Measures the text against a limit",
    prepare=prepare,
    run=run,
)

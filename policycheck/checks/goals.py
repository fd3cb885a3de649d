"""``goals``: the goal analysis. Finds the goals of a document and takes each apart into what
changes (indicator), from what (baseline), to what (target), by when (deadline) and who is
responsible (owner). Goals that lack a required element are findings; the whole analysis goes
into the file's result, so ``policycheck goals`` and the findings never disagree."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from policycheck import regexes
from policycheck.checks.base import CheckType, Context, Hit, TermIndex
from policycheck.document import BlockKind, Document
from policycheck.findings import MAX_QUOTE, MAX_VALUE, clip
from policycheck.nlp import leads_in
from policycheck.schema import Regex, Strict, TermSet, Text

if TYPE_CHECKING:
    from policycheck.findings import FileResult
    from policycheck.ruleset import Rule

Element = Literal["indicator", "baseline", "target", "deadline", "owner"]
GOAL_ELEMENTS: tuple[str, ...] = get_args(Element)
"""What a measurable goal names: what changes, from what, to what, by when, and who answers."""


class GoalElements(Strict):
    """What a measurable goal names, each found by a term set in the goal's sentence."""

    indicator: TermSet
    baseline: TermSet
    target: TermSet
    deadline: TermSet
    owner: TermSet


class GoalsCheck(Strict):
    """Goal analysis: finds goals (sentences with ``markers``, items under a heading matching
    ``headings``) and reports those that lack a ``required`` element."""

    type: Literal["goals"]
    markers: TermSet
    """term set: a sentence with one states a goal, and a paragraph with one that ends in ":"
    or ";" introduces a list of goals"""
    not_goals: TermSet = TermSet()
    """sentences with these are never goals: definitions, ..."""
    headings: list[Regex] = []
    """the items under a heading matching one are goals"""
    elements: GoalElements
    """a term set each for indicator, baseline, target, deadline, owner"""
    required: list[Element]
    """the elements a goal must name"""
    labels: dict[Element, Text]
    """the elements' names in the message"""


@dataclass
class Goal:
    """One goal and what it names of each element (None: not named)."""

    sentence: int
    start: int
    end: int
    text: str
    elements: dict[str, str | None] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def prepare(rule: Rule, index: TermIndex) -> None:
    check = rule.check
    index.add(f"{rule.code}:marker", check.markers)
    index.add(f"{rule.code}:not", check.not_goals)
    for name in GOAL_ELEMENTS:
        index.add(f"{rule.code}:{name}", getattr(check.elements, name))


def _goal_sentences(rule: Rule, ctx: Context) -> list[tuple[int, int]]:
    """(first sentence, last sentence of its scope) for every goal, in text order."""
    check = rule.check
    markers = ctx.hits_by_sentence(f"{rule.code}:marker")
    negatives = ctx.hits_by_sentence(f"{rule.code}:not")
    headings = [regexes.compile(p) for p in check.headings]
    text = ctx.document.text
    goals: dict[int, int] = {}
    under_goal_heading = False
    goal_intro = False  # the paragraph before a list ends with ":" (or ";") and names goals
    sentences_by_block: dict[int, list[int]] = {}
    for i in range(len(ctx.sentences)):
        block = ctx.block_of(i)
        if block is not None:
            sentences_by_block.setdefault(block.start, []).append(i)
    for block in ctx.document.blocks:
        block_text = text[block.start : block.end]
        members = sentences_by_block.get(block.start, [])
        if block.kind == BlockKind.HEADING:
            under_goal_heading = any(h.search(block_text) for h in headings)
            goal_intro = False
            continue
        if block.kind == BlockKind.LIST_ITEM and (under_goal_heading or goal_intro):
            if members and members[0] not in negatives:
                goals[members[0]] = members[-1]
            continue
        goal_intro = bool(members) and leads_in(ctx.sentences[members[-1]])
        goal_intro = goal_intro and any(i in markers for i in members)
        for n, i in enumerate(members):
            if i in markers and i not in negatives and not leads_in(ctx.sentences[i]):
                # the next sentence of the block can complete the goal ("... senast 2010.")
                nxt = members[n + 1] if n + 1 < len(members) else i
                goals[i] = nxt if nxt not in markers else i
    return sorted(goals.items())


# What a goal must say in its own sentence; the sentence after it in the same block may add
# when and who ("... till 60 procent. Målet ska vara nått 2010.").
_IN_GOAL_SENTENCE = ("indicator", "baseline", "target")


def _is_label(ctx: Context, i: int) -> bool:
    """A bare numbered label such as "Mål 3." that the sentence splitter cut off its goal."""
    text = ctx.sentence_text(i)
    return len(text.split()) <= 3 and text.endswith((".", ":")) and any(c.isdigit() for c in text)


def analyse(rule: Rule, ctx: Context) -> list[Goal]:
    """The goals of the document, each taken apart (once per document and rule)."""
    return ctx.once(("goals", rule.code), lambda: _analyse(rule, ctx))


def _analyse(rule: Rule, ctx: Context) -> list[Goal]:
    check = rule.check
    out = []
    absorbed: set[int] = set()  # goal sentences already joined to their label
    for first, last in _goal_sentences(rule, ctx):
        if first in absorbed:
            continue
        goal_end = ctx.sentences[first].end_char
        # "Mål 3." + "Bostad först bör införas nationellt." is one goal
        if (
            first + 1 < len(ctx.sentences)
            and _is_label(ctx, first)
            and ctx.block_of(first + 1) is ctx.block_of(first)
        ):
            goal_end = ctx.sentences[first + 1].end_char
            last = max(last, first + 1)
            absorbed.add(first + 1)
        start = ctx.sentences[first].start_char
        end = ctx.sentences[last].end_char
        goal = Goal(first, start, goal_end, ctx.text[start:goal_end])
        for name in GOAL_ELEMENTS:
            stop = goal_end if name in _IN_GOAL_SENTENCE else end
            hits = ctx.hits(f"{rule.code}:{name}")  # sorted: the first at or after start
            k = bisect.bisect_left(hits, (start,))
            first_hit = hits[k] if k < len(hits) and hits[k][0] < stop else None
            goal.elements[name] = ctx.text[first_hit[0] : first_hit[1]] if first_hit else None
        if goal.elements["indicator"] is None and goal.elements["target"] is not None:
            # "öka till 60 procent" names what is measured through its target
            goal.elements["indicator"] = goal.elements["target"]
        goal.missing = [e for e in check.required if goal.elements[e] is None]
        out.append(goal)
    return out


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    lang = ctx.lang
    labels = rule.check.labels
    for goal in analyse(rule, ctx):
        if goal.missing:
            names = [labels[m].get(lang) if m in labels else m for m in goal.missing]
            yield Hit(
                goal.start,
                goal.end,
                goal.sentence,
                goal.text,
                {"missing": _join(names, ctx.language_data.or_)},
            )


def _join(names: list[str], conjunction: str) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def record(code: str, goal: Goal, document: Document) -> dict:
    """A goal of the goal analysis as plain data, for the reports (``FileResult.goals``)."""
    loc = document.locate(goal.start, goal.end)
    return {
        "rule": code,
        "text": clip(goal.text, MAX_QUOTE),
        "line": loc.line,
        "column": loc.column,
        "page": loc.page,
        "paragraph": loc.paragraph,
        "elements": {k: v if v is None else clip(v, MAX_VALUE) for k, v in goal.elements.items()},
        "missing": list(goal.missing),
    }


def annotate(rule: Rule, ctx: Context, result: FileResult) -> None:
    """The whole goal analysis goes into the result (``policycheck goals``, the reports), so
    the table and the findings never disagree."""
    result.goals.extend(record(rule.code, g, ctx.document) for g in analyse(rule, ctx))


CHECK = CheckType(
    name="goals",
    schema=GoalsCheck,
    level="sentence",
    summary=(
        "Finds the goals of the document (goal sentences, items under a goals heading) and "
        "takes each apart into indicator, baseline, target value, deadline and owner; see "
        "`policycheck goals FILE`"
    ),
    prepare=prepare,
    run=run,
    annotate=annotate,
)

"""``goals``: the goal analysis. Finds the goals of a document and takes each apart into what
changes (indicator), from what (baseline), to what (target), by when (deadline) and who is
responsible (owner). Goals that lack a required element are findings; the whole analysis is
kept on the context, so ``policycheck goals`` and the findings never disagree."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from policycheck import regexes
from policycheck.checks.base import Context, Hit, TermIndex
from policycheck.document import BlockKind
from policycheck.ruleset import GOAL_ELEMENTS, Rule


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
    for i, sent in enumerate(ctx.sentences):
        block = ctx.document.block_at(sent.start_char)
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
        goal_intro = block_text.rstrip().endswith((":", ";")) and any(i in markers for i in members)
        for n, i in enumerate(members):
            lead_in = ctx.sentences[i].text.endswith((":", ";"))
            if i in markers and i not in negatives and not lead_in:
                # the next sentence of the block can complete the goal ("... senast 2010.")
                nxt = members[n + 1] if n + 1 < len(members) else i
                goals[i] = nxt if nxt not in markers else i
    return sorted(goals.items())


# What a goal must say in its own sentence; the sentence after it in the same block may add
# when and who ("... till 60 procent. Målet ska vara nått 2010.").
_IN_GOAL_SENTENCE = ("indicator", "baseline", "target")


def _is_label(ctx: Context, i: int) -> bool:
    """A bare numbered label such as "Mål 3." that the sentence splitter cut off its goal."""
    text = ctx.sentences[i].text
    return len(text.split()) <= 3 and text.endswith((".", ":")) and any(c.isdigit() for c in text)


def analyse(rule: Rule, ctx: Context) -> list[Goal]:
    check = rule.check
    out = []
    absorbed: set[int] = set()  # goal sentences already joined to their label
    for first, last in _goal_sentences(rule, ctx):
        if first in absorbed:
            continue
        goal_end = ctx.sentences[first].end_char
        if first + 1 < len(ctx.sentences) and _is_label(ctx, first):
            # "Mål 3." + "Bostad först bör införas nationellt." is one goal
            same_block = ctx.document.block_at(ctx.sentences[first + 1].start_char)
            if same_block is ctx.document.block_at(ctx.sentences[first].start_char):
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
    goals = analyse(rule, ctx)
    ctx.goals[rule.code] = goals
    lang = ctx.lang
    labels = rule.check.labels
    for goal in goals:
        if goal.missing:
            names = [labels[m].get(lang) if m in labels else m for m in goal.missing]
            yield Hit(
                goal.start,
                goal.end,
                goal.sentence,
                goal.text,
                {"missing": _join(names, lang)},
            )


def _join(names: list[str], lang: str) -> str:
    if len(names) < 2:
        return "".join(names)
    conj = {"sv": "eller", "en": "or"}.get(lang, "or")
    return f"{', '.join(names[:-1])} {conj} {names[-1]}"

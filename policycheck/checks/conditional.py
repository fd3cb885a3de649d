"""``conditional``: a term that is used (after "s.k.", in quotes, or from a list) must be
defined somewhere in the document: by a definition pattern ("med X avses"), by standing in a
definitions section, or by the configured accepted vocabulary. Reported once, at first use."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from policycheck import regexes
from policycheck.checks.base import _HAS_SPECIAL, CheckType, Context, Hit, TermIndex
from policycheck.document import BlockKind
from policycheck.schema import Regex, Strict, TermSet

if TYPE_CHECKING:
    from policycheck.ruleset import Rule


class Candidates(Strict):
    """What may be a term that needs a definition."""

    after: list[str] = []
    """the word after these markers ("s.k.")"""
    quoted: bool = False
    """words in quotation marks"""
    max_quoted_words: int = 3
    quoted_not_after: list[str] = []
    """quoted words right after these are an alternative wording, not a term ("eller ”X”");
    quoted words followed by "(" are explained on the spot and are skipped too"""
    quoted_names: bool = True
    """whether quoted words that open with a capital letter inside a sentence count: with
    `false` they are read as a name or a title ("utvecklingssatsningen ”Länsstyrelserna
    utvecklar jämställdhet”"), not a term of art"""
    terms: TermSet = TermSet()
    """a curated list of terms that need a definition"""


class Definitions(Strict):
    """How a document defines a term: ``{term}`` in a pattern stands for the term."""

    patterns: list[Regex] = []
    """regexes with `{term}`"""
    headings: list[Regex] = []
    """a section with such a heading defines every term in it"""


class ConditionalCheck(Strict):
    """Candidates used (X) must be defined (Y) somewhere in the document."""

    type: Literal["conditional"]
    candidates: Candidates
    """`after: [s.k.]`, `quoted`, `max_quoted_words`, `quoted_not_after`, `terms`"""
    defined_by: Definitions
    """`patterns` with `{term}`, `headings` of definition sections"""
    once_per_document: bool = True
    """report a term and its other forms at the first use only"""


_QUOTED = re.compile(r"[”“\"«»„]([^”“\"«»„\n]{2,80}?)[”“\"«»]")
_URL_BEFORE = re.compile(r"\((?:https?://|www\.)[^\s)]*\s+$")


def _opens_sentence(ctx: Context, start: int) -> bool:
    """Whether what starts at offset ``start`` stands first in its sentence (or block)."""
    i = ctx.sentence_of(start)
    return i is None or not ctx.text[ctx.sentences[i].start_char : start].strip(" *-–•#")


# a capitalised word and a preposition right before a term: "Delegationen mot segregation"
_NAME_BEFORE = re.compile(r"(?-i:[A-ZÅÄÖ])[\wåäö-]+[^\S\n]+(?:mot|för|om|av|och)[^\S\n]+$")


def _in_name(ctx: Context, start: int) -> bool:
    """Whether a listed term at ``start`` is part of a name or title rather than a concept of
    the text: it is capitalised inside a sentence ("utgiftsområde 13 Integration och
    jämställdhet"), or follows a capitalised word and a preposition that do not open the
    sentence ("Delegationen mot segregation")."""
    if ctx.text[start : start + 1].isupper():
        return not _opens_sentence(ctx, start)
    m = _NAME_BEFORE.search(ctx.text, max(0, start - 40), start)
    return m is not None and not _opens_sentence(ctx, m.start())


# a list of three or more items in a sentence: "jämställdhet, integration och mångfald"
_ITEM = r"[\w-]+(?:[^\S\n]+[\w-]+){0,2}"
_ENUMERATION = re.compile(
    rf"{_ITEM}(?:,[^\S\n]+{_ITEM})+,?[^\S\n]+(?:och|samt|eller)[^\S\n]+{_ITEM}"
)


def _in_enumeration(ctx: Context, span: tuple[int, int]) -> bool:
    """Whether a listed term is one item of a list of three or more: one concern among
    several, not the concept the sentence turns on (the guide labels a term that carries the
    meaning of the sentence)."""
    i = ctx.sentence_of(span[0])
    if i is None:
        return False
    sent = ctx.sentences[i]
    return any(
        m.start() <= span[0] and span[1] <= m.end()
        for m in _ENUMERATION.finditer(ctx.text, sent.start_char, sent.end_char)
    )


def prepare(rule: Rule, index: TermIndex) -> None:
    cands = rule.check.candidates
    if cands.after:
        index.add(f"{rule.code}:after", TermSet(terms=cands.after))
    if not cands.terms.is_empty():
        index.add(f"{rule.code}:terms", cands.terms)


def candidates(rule: Rule, ctx: Context) -> Iterator[tuple[int, int]]:
    """Character spans of candidate terms, in text order."""
    cands = rule.check.candidates
    doc = ctx.doc
    spans: list[tuple[int, int]] = []
    starts = ctx.token_starts()
    for _, end in ctx.hits(f"{rule.code}:after"):
        token = _token_at(doc, starts, end)
        if token is None:
            continue
        if token.text in '”“"«»„':  # s.k. "term"
            m = _QUOTED.match(ctx.text, token.idx)
            if m:
                spans.append(m.span(1))
            continue
        if token.is_alpha:
            spans.append((token.idx, _term_end(doc, token)))
    if cands.quoted:
        not_after = tuple(w.lower() for w in cands.quoted_not_after)
        for m in _QUOTED.finditer(ctx.text):
            words = m.group(1).split()
            if not (1 <= len(words) <= cands.max_quoted_words and m.group(1)[:1].isalpha()):
                continue
            before = ctx.text[max(0, m.start() - 30) : m.start()].rstrip(" ,").lower()
            if ctx.text[m.end() : m.end() + 3].lstrip().startswith("("):
                continue
            if any(re.search(r"(?:^|\W)" + re.escape(w.strip()) + r"$", before) for w in not_after):
                continue
            if _URL_BEFORE.search(ctx.text, max(0, m.start() - 300), m.start()):
                continue  # a link's title: [text](https://… "title")
            if (
                not cands.quoted_names
                and m.group(1)[:1].isupper()
                and not _opens_sentence(ctx, m.start())
            ):
                continue
            spans.append(m.span(1))
    spans.extend(
        span
        for span in ctx.hits(f"{rule.code}:terms")
        if not _in_name(ctx, span[0]) and not _in_enumeration(ctx, span)
    )
    # a term is reported at its first use in running text, not in a heading, and overlapping
    # candidates ("urbana ungdomskulturen", "ungdomskulturen") count once, the longest
    last_end = -1
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        block = ctx.document.block_at(start)
        if start < last_end or (block is not None and block.kind == BlockKind.HEADING):
            continue
        last_end = end
        yield start, end


def _term_end(doc, token) -> int:
    """End of the term that starts at ``token``: with part-of-speech tags, an adjective or noun
    followed by nouns ("so-called equity assessment"); without them, the one word."""
    end = token.idx + len(token.text)
    if token.pos_ not in ("ADJ", "NOUN", "PROPN"):
        return end
    for nxt in doc[token.i + 1 : token.i + 4]:
        if nxt.pos_ not in ("NOUN", "PROPN") or nxt.is_punct:
            break
        end = nxt.idx + len(nxt.text)
    return end


def _token_at(doc, starts: list[int], char: int):
    """The first non-space token at or after ``char``."""
    for i in range(bisect.bisect_left(starts, char), len(doc)):
        if not doc[i].is_space:
            return doc[i]
    return None


def _stem(term: str) -> str:
    """A prefix that finds the term's other inflections ("analyser" -> "analys")."""
    word = term.lower()
    return word[: max(4, len(word) - 3)] if len(word) > 6 else word


def _term_pattern(term: str) -> str:
    parts = [re.escape(_stem(w)) + r"\w*" for w in term.split()]
    return r"\s+".join(parts)


def same_term(a: str, b: str) -> bool:
    """Whether two spellings are forms of one term ("konsekvensanalyser", "konsekvensanalys")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    shorter = min(len(a), len(b))
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    return shorter >= 5 and common >= shorter - 2 and abs(len(a) - len(b)) <= 4


MAX_TERMS = 500
"""A document's first 500 different candidate terms are looked up for a definition (each
lookup compiles the rule's definition patterns for the term); a notice says when there were
more. Drafts have tens; thousands of quoted words made the lookups quadratic."""


def defined(rule: Rule, ctx: Context, term: str, lookup: _Lookup | None = None) -> bool:
    if any(same_term(term, accepted) for accepted in ctx.accepted_terms):
        return True
    lookup = lookup or _Lookup(rule, ctx)
    text = ctx.document.text
    tp = _term_pattern(term)
    windows = lookup.windows(term)
    for pattern in rule.check.defined_by.patterns:
        rx = regexes.compile(pattern.replace("{term}", f"[”“\"«»']?{tp}[”“\"«»']?"))
        deadline = regexes.Deadline(sum(e - s for s, e in windows))
        if any(next(rx.finditer(text, s, e, deadline), None) for s, e in windows):
            return True
    term_rx = re.compile(r"\b" + tp, re.IGNORECASE)
    # the term opens a definition in a definitions section ("Stadsdel: ...", "Stadsdel – ...")
    return any(term_rx.match(entry) for entry in lookup.section_entries)


class _Lookup:
    """What the definition lookups of one document share: its lower-cased text (to find the
    sentences a term's first word occurs in, the only places a definition pattern can match),
    and the blocks of its definitions sections."""

    def __init__(self, rule: Rule, ctx: Context) -> None:
        self.ctx = ctx
        text = ctx.document.text
        self.lower = text.lower() if not (_HAS_SPECIAL and _HAS_SPECIAL.search(text)) else None
        self.section_entries = _definition_entries(rule, ctx)

    def windows(self, term: str) -> list[tuple[int, int]]:
        """The spans of the sentences that hold the stem of ``term``'s first word."""
        ctx, whole = self.ctx, [(0, len(self.ctx.document.text))]
        words = term.lower().split()
        if self.lower is None or not words:
            return whole
        stem = _stem(words[0])
        spans: list[tuple[int, int]] = []
        at = self.lower.find(stem)
        while at >= 0:
            i = ctx.sentence_of(at)
            if i is None:
                return whole
            sentence = ctx.sentences[i]
            if spans and spans[-1][1] >= sentence.start_char:
                spans[-1] = (spans[-1][0], sentence.end_char)
            else:
                spans.append((sentence.start_char, sentence.end_char))
            at = self.lower.find(stem, sentence.end_char)
        return spans


def _definition_entries(rule: Rule, ctx: Context) -> list[str]:
    """The texts of the blocks inside the document's definitions sections (a heading that
    matches ``defined_by.headings``, down to the next heading of its level or above)."""
    headings = [regexes.compile(p) for p in rule.check.defined_by.headings]
    if not headings:
        return []
    text = ctx.document.text
    entries = []
    inside_level: int | None = None
    for block in ctx.document.blocks:
        block_text = text[block.start : block.end]
        if block.kind == BlockKind.HEADING:
            if inside_level is not None and block.level <= inside_level:
                inside_level = None
            if any(h.search(block_text) for h in headings):
                inside_level = block.level or 1
            continue
        if inside_level is not None:
            entries.append(block_text.lstrip("•-*– "))
    return entries


def run(rule: Rule, ctx: Context) -> Iterator[Hit]:
    seen: dict[str, list[str]] = {}  # by their first three letters, which same terms share
    known: dict[str, bool] = {}  # term (lower case) -> defined
    lookup = _Lookup(rule, ctx)
    text = ctx.text
    for start, end in candidates(rule, ctx):
        term = text[start:end].strip()
        key = term.lower()
        similar = seen.setdefault(key[:3], [])
        if rule.check.once_per_document and any(same_term(term, t) for t in similar):
            continue
        similar.append(term)
        if key not in known:
            if len(known) >= MAX_TERMS:
                ctx.notices.append(
                    f"{rule.code}: only the first {MAX_TERMS} different terms were looked up "
                    "for a definition"
                )
                return
            known[key] = defined(rule, ctx, term, lookup)
        if known[key]:
            continue
        yield Hit(start, end, ctx.sentence_of(start), term, {"term": term})


CHECK = CheckType(
    name="conditional",
    schema=ConditionalCheck,
    level="sentence",
    summary="Checks that a term that is used is also defined",
    prepare=prepare,
    run=run,
)

"""What every check type shares: what a check type is (:class:`CheckType`), one index of all
term sets, matched once per document, and the per-document context that checks read
(sentences, hits, sentence features)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policycheck import regexes
from policycheck.document import Block, BlockKind
from policycheck.nlp import Pipeline, compound_heads, ends_sentence, sentence_spans
from policycheck.schema import Condition, Near, TermSet
from policycheck.token_patterns import TokenPatterns

if TYPE_CHECKING:
    from pydantic import BaseModel
    from spacy.tokens import Doc, Span

    from policycheck.document import Document
    from policycheck.findings import FileResult, Finding
    from policycheck.languages import LanguageData
    from policycheck.ruleset import Rule
    from policycheck.suppress import Unused

Span_ = tuple[int, int]  # character offsets in Document.text


def _special_case_chars() -> str:
    """Characters that re.IGNORECASE matches with others of a different str.lower() (dotless
    ı with i, long ſ with s, ...): a text with one of them gets every regex run. The `regex`
    module that runs rule regexes (policycheck.regexes) matches no more of them."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # another Python: a class that never matches, no regex skipped
        return ""
    chars = {chr(c) for k, v in _EXTRA_CASES.items() for c in (k, *v)}
    return "".join(sorted(c for c in chars if not c.isascii())) + "\u0130"


_SPECIAL = _special_case_chars()
_HAS_SPECIAL = re.compile(f"[{re.escape(_SPECIAL)}]") if _SPECIAL else None


def _needles(pattern: str) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of ``pattern`` (compiled with IGNORECASE)
    contains, or None: the literal words it cannot match without. Where none of them occurs in
    the lower-cased text the regex cannot match, and a substring search is far cheaper than
    running it (``\\b\\w*(?:a|b)`` backtracks at every letter of every word)."""
    try:
        from re import _constants as c
        from re import _parser
    except ImportError:
        return None
    if _HAS_SPECIAL is None:
        return None

    def best(seq) -> set[str] | None:
        options: list[set[str]] = []
        run: list[str] = []
        for op, av in [*seq, (None, None)]:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                options.append({"".join(run)})
                run = []
            if op is c.BRANCH:
                alternatives = [best(alt) for alt in av[1]]
                if all(alternatives):
                    options.append(set().union(*alternatives))
            elif op is c.SUBPATTERN:
                found = best(av[3])
                if found:
                    options.append(found)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                found = best(av[2])
                if found:
                    options.append(found)
        return max(options, key=lambda o: min(map(len, o)), default=None)

    try:
        found = best(_parser.parse(pattern, re.IGNORECASE))
    except Exception:  # an unusual pattern: simply run it
        return None
    if not found or min(map(len, found)) < 3:
        return None
    needles = {n.lower() for n in found}
    if any(_HAS_SPECIAL.search(n) or n.lower() != n for n in needles):
        return None
    return tuple(sorted(needles))


_BLOCK_BREAK = re.compile(r"\n\n+")
_SLICE = 65_536  # tokens read into Python lists at a time
_WINDOW_GAP = 1_000  # characters between two windows of a regex that are read as one


def _needle_blocks(lower: str, needle: str, blocks: list[int]) -> frozenset[int] | None:
    """The blocks that hold ``needle``; None when that is more than half of them."""
    hit: set[int] = set()
    i = lower.find(needle)
    while i >= 0:
        b = bisect.bisect_right(blocks, i) - 1
        hit.add(b)
        if 2 * len(hit) > len(blocks):
            return None
        i = lower.find(needle, blocks[b + 1]) if b + 1 < len(blocks) else -1
    return frozenset(hit)


def _windows(
    lower: str,
    needles: tuple[str, ...],
    blocks: list[int],
    whole: bool = False,
    known: dict[str, frozenset[int] | None] | None = None,
) -> list[tuple[int, int]]:
    """The runs of blocks (``blocks``: their start offsets) that hold one of ``needles``, with
    gaps of up to ``_WINDOW_GAP`` characters between them read through: the only parts of
    the text where the regex can have a match that the checks keep. A match that
    runs across a block boundary also runs across a sentence end, and ``Context.hits`` drops
    those; lookbehinds and ``\\b`` at a window's start still see the text before it. With
    ``whole`` (a pattern anchored at the end), the whole text if any needle occurs, else none.
    ``known`` keeps each needle's blocks for the other patterns of the same text."""
    end_of_text = len(lower)
    if whole:
        return [(0, end_of_text)] if any(n in lower for n in needles) else []
    known = {} if known is None else known
    hit: set[int] = set()
    for needle in needles:
        if needle not in known:
            known[needle] = _needle_blocks(lower, needle, blocks)
        found = known[needle]
        if found is not None:
            hit |= found
        if found is None or 2 * len(hit) > len(blocks):
            return [(0, end_of_text)]  # most of the text: one pass is cheaper
    windows: list[tuple[int, int]] = []
    for b in sorted(hit):
        start = blocks[b]
        end = blocks[b + 1] if b + 1 < len(blocks) else end_of_text
        # a short gap is read through: a search per window costs more than a few lines
        if windows and start - windows[-1][1] <= _WINDOW_GAP:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _anchored_at_end(pattern: str) -> bool:
    """Whether ``pattern`` may have ``$`` or ``\\Z``, which would match at a window's end (a
    literal ``\\$`` counts too: the whole text is always safe)."""
    return "$" in pattern or "\\Z" in pattern


@dataclass(frozen=True)
class CheckType:
    """A check type, as its module (``policycheck/checks/<name>.py``) defines it: the schema
    of a rule's ``check:``, what it does, and the functions the engine calls. The registry
    (``policycheck.checks``) builds the rule schema and the docs table from these."""

    name: str  # the ``type`` in a rule file
    schema: type[BaseModel]  # what the rule's ``check:`` holds (its ``type`` a Literal)
    level: str  # sentence, document or both: where its findings stand (docs)
    summary: str  # what it does, one sentence (docs/rules.md, ``policycheck explain``)
    prepare: Callable[[Rule, TermIndex], None]  # add its term sets and patterns to the index
    run: Callable[[Rule, Context], Iterator[Hit]]  # the hits on one document
    # the pipeline capabilities the check's own data use (beyond the rule's ``requires``)
    needs: Callable[[Any], set[str]] | None = None
    # optional hooks, called for the rules of this type that run on a file:
    # what a document-level finding says was looked for
    looked_for: Callable[[Rule, str], str] | None = None
    # after ``run``: add to the file's result what the reports show besides findings
    annotate: Callable[[Rule, Context, FileResult], None] | None = None
    # after the suppression comments are applied: findings about the comments themselves
    after_suppressions: Callable[[Rule, list[Unused], Document, str, str], list[Finding]] | None = (
        None
    )
    # the document's own policy area, read from it (the first rule with the hook decides)
    document_area: Callable[[Rule, Context], str | None] | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing a check found: a span of the text, or the whole document (start = end = 0
    and ``sentence`` None)."""

    start: int
    end: int
    sentence: int | None  # index into Context.sentences
    match: str = ""
    values: dict[str, str] = field(default_factory=dict)  # extra message fields


class TermIndex:
    """All term sets of a run, compiled into one PhraseMatcher and the token patterns so that each
    document is scanned once, whatever the number of rules."""

    def __init__(self, pipeline: Pipeline, features: dict[str, TermSet]) -> None:
        self.pipeline = pipeline
        self.features = features
        self._sets: dict[str, TermSet] = {}
        self._heads: dict[str, frozenset[str]] = {}
        # each regex with the strings it cannot match without (see _needles) and whether it
        # must see the whole text (see _windows)
        self._regex: dict[str, list[tuple[regexes.RuleRegex, tuple[str, ...] | None, bool]]] = {}
        self._compiled = False
        self._head_cache: dict[str, frozenset[str]] = {}
        self._all_heads: frozenset[str] = frozenset()
        self._token_patterns: dict[str, list[list[dict]]] = {}
        self._single_lemmas: dict[int, list[str]] = {}  # lemma hash -> keys
        for name, ts in features.items():
            self.add(f"feature:{name}", ts)

    def add(self, key: str, terms: TermSet) -> None:
        if self._compiled:
            raise RuntimeError("TermIndex.add after compile")
        self._sets[key] = terms

    def add_patterns(self, key: str, patterns: list[list[dict]]) -> None:
        if self._compiled:
            raise RuntimeError("TermIndex.add_patterns after compile")
        self._token_patterns.setdefault(key, []).extend(patterns)

    def compile(self) -> None:
        from spacy.matcher import PhraseMatcher

        nlp = self.pipeline.nlp
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        token_patterns = {key: list(p) for key, p in self._token_patterns.items()}
        all_heads: set[str] = set()
        for key, ts in self._sets.items():
            if ts.terms:
                self.phrases.add(key, [nlp.make_doc(t) for t in ts.terms])
            # one-word lemmas by a lookup per token (see scan), longer ones as token patterns:
            # a Matcher pattern per word is tried at every token
            words = [lemma.lower().split() for lemma in ts.lemmas]
            for one in {w[0] for w in words if len(w) == 1}:
                self._single_lemmas.setdefault(nlp.vocab.strings.add(one), []).append(key)
            longer = [[{"LEMMA": w} for w in lemma] for lemma in words if len(lemma) > 1]
            if longer:
                token_patterns.setdefault(key, []).extend(longer)
            if ts.heads:
                self._heads[key] = frozenset(h.lower() for h in ts.heads)
                all_heads |= self._heads[key]
            if ts.regex:
                self._regex[key] = [
                    (regexes.compile(p), _needles(p), _anchored_at_end(p)) for p in ts.regex
                ]
        self.tokens = TokenPatterns(nlp.vocab, token_patterns)
        self._all_heads = frozenset(all_heads)
        self._compiled = True

    def heads_of(self, word: str) -> frozenset[str]:
        """The compound heads (from all head lists) of ``word``, cached for the run."""
        lower = word.lower()
        if lower not in self._head_cache:
            self._head_cache[lower] = compound_heads(
                lower, self._all_heads, self.pipeline.lemma_lookup
            )
        return self._head_cache[lower]

    def scan(
        self, doc: Doc, text: str | None = None, sentences: list[tuple[int, int]] | None = None
    ) -> dict[str, list[Span_]]:
        """Every key's matches in ``doc`` (whose text is ``text`` and whose sentences span
        these tokens) as character spans, sorted. Token pattern matches are looked for only
        within a sentence (see ``token_patterns``)."""
        from spacy.attrs import IDX, IS_ALPHA, IS_STOP, LEMMA, LENGTH, ORTH

        if not self._compiled:
            self.compile()
        found: dict[str, list[Span_]] = defaultdict(list)
        strings = doc.vocab.strings
        # the token attributes in one C call: creating a Token per word costs more than the
        # rest of this pass; read as Python lists a slice at a time (a list of lists for a
        # million words would hold 250 MB)
        table = doc.to_array([ORTH, LEMMA, IDX, LENGTH, IS_ALPHA, IS_STOP])
        starts: list[int] = table[:, 2].tolist() if len(table) else []
        lengths: list[int] = table[:, 3].tolist() if len(table) else []
        matches = self.phrases(doc) if len(self.phrases) else []
        if sentences is None:
            sentences = [(sent.start, sent.end) for sent in sentence_spans(doc)]
        if len(self.tokens):
            matches += self.tokens.matches(doc, sentences)
        for match_id, s, e in matches:
            found[strings[match_id]].append((starts[s], starts[e - 1] + lengths[e - 1]))
        single, heads = self._single_lemmas, self._heads
        head_keys: dict[int, list[str]] = {}  # a word's keys by its compound heads
        for offset in range(0, len(table), _SLICE):
            rows = table[offset : offset + _SLICE].tolist()
            for orth, lemma, start, length, alpha, stop in rows:
                keys = single.get(lemma)
                if keys:
                    for key in keys:
                        found[key].append((start, start + length))
                # function words have misleading lemmas ("ska" -> "skola")
                if not heads or length < 3 or not alpha or stop:
                    continue
                keys = head_keys.get(orth)
                if keys is None:
                    word_heads = self.heads_of(strings[orth])
                    keys = head_keys[orth] = [k for k, hs in heads.items() if word_heads & hs]
                for key in keys:
                    found[key].append((start, start + length))
        text = doc.text if text is None else text
        lower = text.lower() if _HAS_SPECIAL and not _HAS_SPECIAL.search(text) else None
        blocks = [0, *(m.end() for m in _BLOCK_BREAK.finditer(text))] if lower else []
        known: dict[str, frozenset[int] | None] = {}  # each needle's blocks (see _windows)
        # a regex match counts within one sentence (Context.hits): the sentences' offsets
        units = (
            [starts[s] for s, _e in sentences],
            [starts[e - 1] + lengths[e - 1] for _s, e in sentences],
        )
        for key, patterns in self._regex.items():
            for pattern, needles, anchored in patterns:
                windows = [(0, len(text))]
                if needles and lower is not None:
                    windows = _windows(lower, needles, blocks, whole=anchored, known=known)
                try:
                    found[key].extend(pattern.spans(text, windows, units))
                except regexes.RegexFailure as exc:
                    exc.owner = exc.owner or key
                    raise
        for spans in found.values():
            spans.sort()
        return found

    def resolve(self, key: str, found: dict[str, list[Span_]]) -> list[Span_]:
        """Matches of ``key`` including those of the features its term set refers to."""
        spans = list(found.get(key, ()))
        ts = self._sets.get(key)
        if ts is not None:
            for name in ts.features:
                spans.extend(found.get(f"feature:{name}", ()))
            spans.sort()
        return spans


class Context:
    """One analysed document as the checks see it."""

    def __init__(
        self,
        document: Document,
        doc: Doc,
        index: TermIndex,
        accepted_terms: frozenset[str] = frozenset(),
        *,
        lang: str = "en",
        policy_area: str | None = None,
        document_type: str | None = None,
        title: Block | None = None,
        language_data: LanguageData | None = None,
    ) -> None:
        self.document = document
        self.doc = doc
        self.index = index
        self.accepted_terms = accepted_terms
        self.lang = lang
        self.policy_area = policy_area
        self.document_type = document_type
        # the document's title (engine.find_title: below any letterhead; None where the text
        # opens with running text)
        self.title = title
        self._language_data = language_data
        # the analysed text, read once: Doc.text joins every token's text on each access
        self.text: str = doc.text
        self.notices: list[str] = []  # said in the file's result (a limit that was reached)
        self._once: dict[Any, Any] = {}
        self.sentences: list[Span] = sentence_spans(doc)
        self._starts = [s.start_char for s in self.sentences]
        self._found = index.scan(doc, self.text, [(s.start, s.end) for s in self.sentences])
        self._resolved: dict[str, list[Span_]] = {}
        self._by_sentence: dict[str, dict[int, list[Span_]]] = {}
        self._token_starts: list[int] | None = None
        self._critique_features: list | None = None
        self._critique_scores: dict[str, list[dict[str, float]]] = {}

    @property
    def title_text(self) -> str | None:
        """The title's words, or ``None`` without a title."""
        return None if self.title is None else self.document.title_text(self.title)

    @property
    def language_data(self) -> LanguageData:
        """The document's language data (``policycheck.languages``)."""
        if self._language_data is None:
            from policycheck import languages

            self._language_data = languages.get(self.lang)
        return self._language_data

    def once(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, the first time ``key`` is asked for on this document: what a check
        type's ``run`` and its hooks share (the goal analysis)."""
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

    def hits(self, key: str) -> list[Span_]:
        """Matches of ``key``, leaving out any that run across a sentence or block boundary
        (a regex can): what they matched is not one statement."""
        if key not in self._resolved:
            spans = []
            for start, end in self.index.resolve(key, self._found):
                i = self.sentence_of(start)
                if i is None or end <= self.sentences[i].end_char:
                    spans.append((start, end))
            self._resolved[key] = spans
        return self._resolved[key]

    def sentence_of(self, char: int) -> int | None:
        i = bisect.bisect_right(self._starts, char) - 1
        if i < 0 or char >= self.sentences[i].end_char:
            return None
        return i

    def sentence_at_or_after(self, start: int, end: int) -> int | None:
        """The sentence holding ``start``, or, when ``start`` falls on the space between
        sentences, the one the span ``[start, end)`` runs into."""
        i = self.sentence_of(start)
        if i is None:
            i = bisect.bisect_left(self._starts, start)
            if i >= len(self.sentences) or self.sentences[i].start_char >= end:
                return None
        return i

    def hits_by_sentence(self, key: str) -> dict[int, list[Span_]]:
        if key not in self._by_sentence:
            grouped: dict[int, list[Span_]] = defaultdict(list)
            for span in self.hits(key):
                i = self.sentence_of(span[0])
                if i is not None:
                    grouped[i].append(span)
            self._by_sentence[key] = grouped
        return self._by_sentence[key]

    def feature(self, name: str, sentence: int) -> bool:
        return sentence in self.hits_by_sentence(f"feature:{name}")

    def token_starts(self) -> list[int]:
        """The character offset of every token, in order (computed once)."""
        if self._token_starts is None:
            from spacy.attrs import IDX

            self._token_starts = self.doc.to_array([IDX]).ravel().tolist()
        return self._token_starts

    def token_index(self, char: int) -> int:
        """Index of the token that starts at or holds character ``char``."""
        return max(0, bisect.bisect_right(self.token_starts(), char) - 1)

    def near(self, item: Near, span: Span_) -> bool:
        """Whether ``item.feature`` occurs within its token distance of ``span``, in the same
        sentence."""
        sentence = self.sentence_of(span[0])
        lo = self.token_index(span[0]) - item.before
        hi = self.token_index(max(span[0], span[1] - 1)) + item.after
        for s, e in self.hits_by_sentence(f"feature:{item.feature}").get(sentence, ()):
            if self.token_index(s) <= hi and self.token_index(max(s, e - 1)) >= lo:
                return True
        return False

    def holds(self, cond: Condition, sentence: int, span: Span_ | None = None) -> bool:
        """Whether the sentence meets the condition. ``all`` and ``any`` hold in the sentence;
        ``none`` must hold neither in it nor in ``cond.window`` sentences either side (a source
        in the next sentence backs a claim), nor, with ``cond.lead_in``, in the lead-in of the
        list the sentence is an item of. ``Near`` items are tested against ``span``."""
        lo = max(0, sentence - cond.window)
        hi = min(len(self.sentences) - 1, sentence + cond.window)

        def here(item: str | Near) -> bool:
            if isinstance(item, Near):
                return span is not None and self.near(item, span)
            return self.feature(item, sentence)

        lead_in = self.lead_in(sentence) if cond.lead_in else None

        def around(item: str | Near) -> bool:
            if isinstance(item, Near):
                return here(item)
            # a list item goes on from its lead-in ("Myndigheten ska: - kartlägga ...")
            if lead_in is not None and self.feature(item, lead_in):
                return True
            if cond.around is not None and item not in cond.around:
                return here(item)
            return any(self.feature(item, i) for i in range(lo, hi + 1))

        if cond.all and not all(here(n) for n in cond.all):
            return False
        if cond.any and not any(here(n) for n in cond.any):
            return False
        if cond.not_under and self.under(cond.not_under, sentence):
            return False
        return not any(around(n) for n in cond.none)

    def under(self, patterns: list[str], sentence: int) -> bool:
        """Whether sentence ``sentence`` stands in a section whose heading matches one of
        ``patterns``: the heading itself, or one above it whose section it is still in (a
        subsection of "Vision" is part of the vision). The document's title heads no section:
        a title "Vision 2030 för äldreomsorgen" does not make every sentence an aim."""
        headings = self.once("section headings", self._section_headings)[sentence]
        rxs = [regexes.compile(p) for p in patterns]
        return any(rx.search(h) for h in headings for rx in rxs)

    def _section_headings(self) -> list[tuple[str, ...]]:
        """For each sentence, the headings of the sections it stands in, outermost first."""
        out: list[tuple[str, ...]] = []
        open_: list[tuple[int, str]] = []  # (level, text) of the sections open here
        seen: Block | None = None
        for i in range(len(self.sentences)):
            block = self.block_of(i)
            if block is not None and block.kind is BlockKind.HEADING and block is not seen:
                seen = block
                # a heading closes the sections of its own level and below
                open_ = [(lv, t) for lv, t in open_ if lv < max(block.level, 1)]
                if block != self.title:
                    text = self.document.text[block.start : block.end]
                    open_.append((max(block.level, 1), text))
            out.append(tuple(t for _, t in open_))
        return out

    def block_of(self, sentence: int) -> Block | None:
        """The block sentence ``sentence`` stands in (looked up once per document)."""

        def blocks() -> list[Block | None]:
            return [self.document.block_at(s.start_char) for s in self.sentences]

        return self.once("sentence blocks", blocks)[sentence]

    def lead_in(self, sentence: int) -> int | None:
        """The sentence a list item goes on from: the one right before its list, in a
        paragraph, when it does not end as a sentence does ("Myndigheten ska:", "Av anslaget
        ska"; ``nlp.ends_sentence``). Blocks are not nested: an item of a list inside another
        list item has none, and a list right after another one has the first one's."""
        return self.once("lead-ins", self._lead_ins)[sentence]

    def _lead_ins(self) -> list[int | None]:
        out: list[int | None] = [None] * len(self.sentences)
        opener: int | None = None  # the lead-in of the list being read
        in_list = False
        for i in range(len(self.sentences)):
            block = self.block_of(i)
            if block is None or block.kind is not BlockKind.LIST_ITEM:
                in_list = False
                continue
            if not in_list:
                prev = self.block_of(i - 1) if i else None
                opener = (
                    i - 1
                    if prev is not None
                    and prev.kind is BlockKind.PARAGRAPH
                    and not ends_sentence(self.sentences[i - 1])
                    else None
                )
                in_list = True
            out[i] = opener
        return out

    def sentence_text(self, i: int) -> str:
        """The text of sentence ``i`` (a slice of the text: ``Span.text`` joins its tokens)."""
        sent = self.sentences[i]
        return self.text[sent.start_char : sent.end_char]

    def critique_features(self):
        """The critique model's features of each sentence (computed once per document)."""
        if self._critique_features is None:
            from policycheck.models.critique_model import sentence_features

            self._critique_features = sentence_features(self)
        return self._critique_features

    def critique_scores(self, model: str, label: str) -> list[float]:
        """Each sentence's score for ``label`` by the critique model ``model`` (every label is
        scored at once, the first time one is asked for)."""
        if model not in self._critique_scores:
            from policycheck.models.critique_model import load_model

            m = load_model(model)
            self._critique_scores[model] = m.scores_of(self.critique_features())
        return [s[label] for s in self._critique_scores[model]]

    def critique_drivers(self, model: str, label: str, sentence: int, most: int = 3) -> list[str]:
        """The words behind the features that raised sentence ``sentence``'s score most."""
        from policycheck.models.critique_model import load_model

        feats = self.critique_features()[sentence]
        first_span = {}
        for name, span in feats:
            if span is not None:
                first_span.setdefault(name, span)
        words: list[str] = []
        for name, _weight in load_model(model).drivers(feats, label, most=12):
            span = first_span.get(name)
            word = self.text[span[0] : span[1]] if span else ""
            if word and word not in words and self._telling(span):
                words.append(word)
            if len(words) >= most:
                break
        return words

    def _telling(self, span: Span_) -> bool:
        """Whether the words of ``span`` tell a reader something: a letter, and (where the
        pipeline tags words) a content word or a modal, not only "och", "att" or "som"."""
        if not any(c.isalpha() for c in self.text[span[0] : span[1]]):
            return False
        first, last = self.token_index(span[0]), self.token_index(max(span[0], span[1] - 1))
        tags = {t.pos_ for t in self.doc[first : last + 1]}
        return not tags - {""} or bool(tags & _TELLING_POS)


# the parts of speech whose words can explain a critique model's score (AUX: "kan", "bör")
_TELLING_POS = frozenset({"NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "NUM"})


def overlaps(a: Span_, spans: list[Span_]) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)

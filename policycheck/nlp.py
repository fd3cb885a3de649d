"""Language processing: detect the language, build the spaCy pipeline, analyse a document.

One pipeline per language and model, loaded once per process (:func:`shared_pipeline`). For
Swedish the project's own trained pipeline is used when it is installed
(``policycheck.models``); otherwise, and for other languages, a blank spaCy language with a
lookup lemmatizer (spacy-lookups-data) and a rule-based sentence splitter. What the splitter
and the detection know of each language is its data (``policycheck.languages``). Nothing is
downloaded.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from policycheck.document import Document
from policycheck.errors import PipelineError
from policycheck.notices import Notice

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from policycheck.languages import LanguageData
    from policycheck.models.lemma import Table

MODELS_DIR = Path(__file__).resolve().parent / "models"
SHIPPED: dict[str, str] = {"sv": "sv_policycheck"}
"""Language -> the folder (under ``policycheck/models``) of the trained pipeline shipped for it."""

_SENTENCE_END = frozenset({".", "!", "?", "…", "..."})
_OPENERS = frozenset("\"”“«»'(‘’[•–-")

MAX_SENTENCE_TOKENS = 200
"""A sentence longer than this is cut into sentences of this many tokens: a "sentence" of a
whole megabyte (a file with no full stop) made every finding in it cost its length."""

# What spaCy's tokenizer sees is bounded: its prefix and suffix search is quadratic in a run
# of punctuation (20,000 "&" took 55 s, a megabyte never ended). A longer run of punctuation
# becomes tokens of MAX_PUNCT_RUN characters without the tokenizer; other runs of non-space
# characters reach it at most MAX_RUN characters at a time. The text stays the same.
MAX_PUNCT_RUN = 8
MAX_RUN = 200
_PUNCT_RUN = re.compile(rf"(?:[^\w\s]|_){{{MAX_PUNCT_RUN + 1},}}")
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def detect_language(
    text: str, function_words: Mapping[str, frozenset[str]] | None = None, default: str = ""
) -> str:
    """The language whose ``function_words`` (by language; default: those of the bundled
    packs) are most frequent in ``text``; ``default`` (Swedish) when none occurs."""
    from policycheck import languages

    function_words = function_words or languages.function_words()
    default = default or languages.DEFAULT
    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    scores = {lang: sum(w in fw for w in words) for lang, fw in function_words.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == default), default=default)
    return best if scores.get(best, 0) > 0 else default


@dataclass
class Pipeline:
    """A loaded spaCy pipeline and what it can tell."""

    nlp: Language
    lang: str
    name: str  # shown in reports: "policycheck-sv (trained)", "blank sv + lookup lemmas", ...
    capabilities: frozenset[str]  # subset of {"lemma", "tags", "morph", "parser"}
    notices: list[str] = field(default_factory=list)
    lemma_lookup: Callable[[str], str | None] = field(default=lambda word: None)

    # longer texts are analysed in pieces of about this size: spaCy is faster per word on
    # pieces of a few thousand words than on one long Doc, and needs less memory
    chunk_chars: int = 20_000

    def analyse(
        self, document: Document, on_piece: Callable[[int, int], None] | None = None
    ) -> Doc:
        """The analysed text; ``on_piece(done, pieces)`` after each piece (a progress bar)."""
        pieces = self.pieces(document.text)
        if len(pieces) == 1:
            return self.nlp(tokenise(self.nlp, pieces[0]))
        import numpy
        from spacy.tokens import Doc

        # one piece at a time (batch_size=1): a batch would hold the activations of all of them
        docs = []
        tokenised = (tokenise(self.nlp, piece) for piece in pieces)
        for doc in self.nlp.pipe(tokenised, batch_size=1):
            # the tok2vec output kept on each Doc (0.5 kB a token) is read by no rule
            doc.tensor = numpy.zeros((0,), dtype="float32")
            docs.append(doc)
            if on_piece is not None:
                on_piece(len(docs), len(pieces))
        return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])

    def pieces(self, text: str) -> list[str]:
        """``text`` as it is analysed: whole, or, when longer than ``chunk_chars`` (or spaCy's
        ``max_length``), in pieces cut at blank lines, where sentences end anyway. A big Doc
        holds its tok2vec and parser activations all at once (2.5 GB for 100,000 words); in
        pieces the memory stays that of one piece and the time linear in the text."""
        return _pieces(text, min(self.nlp.max_length, self.chunk_chars))


def _pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, after a blank line where there
    is one (else after a line break or a space); joined they give ``text`` again."""
    out, start = [], 0
    while len(text) - start > size:
        end, half = start + size, start + size // 2
        cut = text.rfind("\n\n", start, end) + 2
        if cut <= half:
            cut = text.rfind("\n", start, end) + 1
        if cut <= half:
            cut = text.rfind(" ", start, end) + 1
        if cut <= start:
            cut = end
        # a run of blank lines stays with the piece before it
        while cut < len(text) and text[cut] == "\n":
            cut += 1
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def tokenise(nlp: Language, text: str) -> Doc:
    """``text`` tokenised by ``nlp``'s tokenizer, with runs of punctuation and long runs of
    non-space characters bounded (see :data:`MAX_PUNCT_RUN`, :data:`MAX_RUN`)."""
    if not (_PUNCT_RUN.search(text) or _LONG_RUN.search(text)):
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    docs: list[Doc] = []
    pos = 0
    for m in _PUNCT_RUN.finditer(text):
        if m.start() > pos:
            docs += _bounded_runs(nlp, text[pos : m.start()])
        run = m.group()
        space = m.end() < len(text) and text[m.end()] == " "  # the space after the last token
        words = [run[i : i + MAX_PUNCT_RUN] for i in range(0, len(run), MAX_PUNCT_RUN)]
        docs.append(Doc(nlp.vocab, words=words, spaces=[False] * (len(words) - 1) + [space]))
        pos = m.end() + space
    if pos < len(text):
        docs += _bounded_runs(nlp, text[pos:])
    return Doc.from_docs(docs, ensure_whitespace=False)


def _bounded_runs(nlp: Language, text: str) -> list[Doc]:
    """``text`` tokenised in parts cut inside runs of over :data:`MAX_RUN` non-space
    characters, every :data:`MAX_RUN` characters."""
    cuts = [0]
    for m in _LONG_RUN.finditer(text):
        cuts.extend(range(m.start() + MAX_RUN, m.end(), MAX_RUN))
    cuts.append(len(text))
    return [nlp.make_doc(text[a:b]) for a, b in pairwise(cuts)]


def _lemma_table(lang: str) -> Table | None:
    """The lemma lookup table for ``lang`` (``policycheck.models.lemma.lookup_table``, which
    keeps it for the process), or None when spacy-lookups-data has none."""
    try:
        from policycheck.models.lemma import lookup_table
    except ImportError:
        return None
    try:
        return lookup_table(lang)
    except LookupError:
        return None


def _register_components() -> None:
    from spacy.language import Language

    if "policycheck_sentences" in Language.factories:
        return

    @Language.factory(
        "policycheck_sentences", default_config={"abbreviations": [], "sentence_final": []}
    )
    def make_sentence_splitter(
        nlp: Language, name: str, abbreviations: list[str], sentence_final: list[str]
    ):
        return SentenceSplitter(frozenset(abbreviations), frozenset(sentence_final))

    @Language.factory("policycheck_lookup_lemmas", default_config={"lang": "sv"})
    def make_lookup_lemmatizer(nlp: Language, name: str, lang: str):
        return LookupLemmatizer(_lemma_table(lang) or {})


class SentenceSplitter:
    """Sets sentence starts: at every block (blank line in the text), after a full stop,
    question or exclamation mark that does not end a known abbreviation (or ends one of
    ``sentence_final`` before a capital), and after :data:`MAX_SENTENCE_TOKENS` tokens
    without one."""

    def __init__(
        self, abbreviations: frozenset[str], sentence_final: frozenset[str] = frozenset()
    ) -> None:
        self.abbreviations = abbreviations
        self.sentence_final = sentence_final

    def __call__(self, doc: Doc) -> Doc:
        # Collects the starts in a list and sets them in one go: spaCy's Token.is_sent_start
        # setter scans the whole document on every call, which made this quadratic.
        n = len(doc)
        if n == 0:
            return doc
        texts = [t.text for t in doc]
        spaces = [t.is_space for t in doc]
        follows = [bool(t.whitespace_) for t in doc]
        values = [0] * n  # 1 starts a sentence, -1 does not, 0 unset
        values[0] = {True: 1, False: -1, None: 0}[doc[0].is_sent_start]  # as spaCy set it
        start_next = True
        for i, text in enumerate(texts):
            if spaces[i] and "\n" in text:
                values[i] = 1 if start_next or i == 0 else -1
                start_next = True
                continue
            if i > 0:
                values[i] = 1 if start_next else -1
            start_next = False
            # the tokenizer may split "prop." or "enl." into word + full stop
            if (
                text == "."
                and i > 0
                and not follows[i - 1]
                and (texts[i - 1] + ".").lower() in self.abbreviations
            ):
                continue
            if text in _SENTENCE_END or (
                text.endswith(".") and len(text) > 1 and text.lower() not in self.abbreviations
            ):
                start_next = i + 1 < n and _can_start_sentence(texts[i + 1], spaces[i + 1])
            elif text.lower() in self.sentence_final:
                # "m.m. Det" ends a sentence, "t.ex. Svenska Bostäder" does not
                nxt = texts[i + 1] if i + 1 < n else ""
                start_next = nxt[:1].isupper() and len(nxt) > 1
        # an overlong sentence is cut every MAX_SENTENCE_TOKENS tokens
        length = 0
        for i in range(n):
            if values[i] == 1:
                length = 0
            elif length >= MAX_SENTENCE_TOKENS and not spaces[i]:
                values[i] = 1
                length = 0
            length += 1
        import numpy
        from spacy.attrs import SENT_START

        doc.from_array([SENT_START], numpy.array(values, dtype="int64").astype("uint64"))
        return doc


def _can_start_sentence(text: str, is_space: bool) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in _OPENERS or is_space


class LookupLemmatizer:
    """Lemmas from a lookup table, trying the word as written and in lower case."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        from policycheck.models.lemma import lookup

        table = self.table
        for token in doc:
            lemma = lookup(table, token.text)
            token.lemma_ = lemma.lower() if lemma else token.text.lower()
        return doc


BLANK = "blank"  # --model blank: the blank pipeline even when a trained one is shipped


@dataclass(frozen=True)
class PipelineSource:
    """Which pipeline a language and ``--model`` load, decided without loading it (nor
    importing spaCy): what :func:`build_pipeline` loads and the result cache keys on."""

    lang: str
    kind: Literal["blank", "shipped", "model"]
    model: str | None = None  # --model as given (kind "model")
    path: Path | None = None  # the pipeline's folder: the shipped one, or a --model path


def pipeline_source(lang: str, model: str | None = None) -> PipelineSource:
    """``model`` (a spaCy package name or path) if given and not "blank", else the shipped
    trained pipeline for the language if one is meant to ship (loading falls back to the
    blank one, with a notice, when it is missing), else the blank one."""
    if model == BLANK:
        return PipelineSource(lang, "blank")
    if model:
        return PipelineSource(lang, "model", model, Path(model) if Path(model).exists() else None)
    if lang in SHIPPED:
        return PipelineSource(lang, "shipped", path=MODELS_DIR / SHIPPED[lang])
    return PipelineSource(lang, "blank")


def shipped_model_path(lang: str) -> Path | None:
    """The folder of the trained pipeline shipped for ``lang``, or None if there is none (or
    it was never built in this checkout)."""
    name = SHIPPED.get(lang)
    path = MODELS_DIR / name if name else None
    if path is None or not ((path / "config.cfg").is_file() and (path / "meta.json").is_file()):
        return None
    return path


_shared: dict[tuple, Pipeline] = {}
_shared_lock = threading.Lock()


def shared_pipeline(
    lang: str, model: str | None = None, data: LanguageData | None = None
) -> Pipeline:
    """:func:`build_pipeline`, once per process for each language, model and language data:
    every checker, and every call of the library functions, shares it."""
    from policycheck import languages

    data = data if data is not None else languages.get(lang)
    # what the pipeline is made of: the language data's lists (the reports' words are not)
    key = (lang, model, data.spacy_language, data.abbreviations, data.sentence_final_abbreviations)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = build_pipeline(lang, model, data)
        return _shared[key]


def forget_pipelines() -> None:
    """Drop the process's shared pipelines (tests that change how pipelines load)."""
    with _shared_lock:
        _shared.clear()


def build_pipeline(
    lang: str, model: str | None = None, data: LanguageData | None = None
) -> Pipeline:
    """The pipeline for ``lang`` (see :func:`pipeline_source`); ``data`` is the language's
    data (default: its bundled pack's)."""
    import spacy

    from policycheck import languages

    data = data if data is not None else languages.get(lang)
    _register_components()
    notices: list[str] = []
    source = pipeline_source(lang, model)
    if source.kind == "model":
        try:
            nlp = spacy.load(model)
        except Exception as exc:  # spaCy raises OSError, ValueError, config errors ...
            reason = " ".join(str(exc).split())[:200]
            raise PipelineError(f"cannot load the spaCy pipeline '{model}': {reason}") from None
        return _wrap_loaded(nlp, lang, f"{model}", notices, data)
    if source.kind == "shipped":
        shipped = _load_shipped(lang, notices, data)
        if shipped is not None:
            return shipped
    return blank_pipeline(lang, notices, data)


def _splitter_config(data: LanguageData) -> dict:
    return {
        "abbreviations": sorted(data.abbreviations),
        "sentence_final": sorted(data.sentence_final_abbreviations & data.abbreviations),
    }


def blank_pipeline(
    lang: str, notices: list[str] | None = None, data: LanguageData | None = None
) -> Pipeline:
    """A blank spaCy language with lookup lemmas and the rule-based sentence splitter."""
    import spacy

    from policycheck import languages

    data = data if data is not None else languages.get(lang)
    _register_components()
    notices = notices if notices is not None else []
    nlp = spacy.blank(data.spacy_language or lang)
    nlp.add_pipe("policycheck_sentences", config=_splitter_config(data))
    table = _lemma_table(lang)
    has_table = table is not None
    if has_table:
        nlp.add_pipe("policycheck_lookup_lemmas", config={"lang": lang})
    else:
        notices.append(Notice("no-lemma-table", lang=lang))
    name = f"blank {lang} + lookup lemmas" if has_table else f"blank {lang}"
    return Pipeline(
        nlp,
        lang,
        name,
        frozenset({"lemma"} if has_table else set()),
        notices,
        lemma_lookup=_lookup_function(table),
    )


def _load_shipped(lang: str, notices: list[str], data: LanguageData) -> Pipeline | None:
    try:
        from policycheck import models
    except ImportError:
        return None
    if shipped_model_path(lang) is None:
        notices.append(
            Notice("pipeline-missing", lang=lang, path=f"policycheck/models/{SHIPPED[lang]}")
        )
        return None
    try:
        nlp = models.load_shipped_model(lang)
    except Exception as exc:  # any failure to load falls back, with a notice
        # one stable line: exception texts can hold addresses and span several lines
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        reason = re.sub(r" at 0x[0-9a-f]+", "", reason)
        notices.append(Notice("pipeline-broken", lang=lang, reason=reason))
        return None
    name = f"policycheck-{lang} {nlp.meta.get('version', '')}"
    return _wrap_loaded(nlp, lang, name, notices, data)


def _wrap_loaded(
    nlp: Language, lang: str, name: str, notices: list[str], data: LanguageData
) -> Pipeline:
    """Adds our sentence splitter in front of a trained pipeline and records what it can do."""
    names = set(nlp.pipe_names)
    if "policycheck_sentences" not in names:
        first = nlp.pipe_names[0] if nlp.pipe_names else None
        config = _splitter_config(data)
        if first is not None and first in ("tok2vec",):
            nlp.add_pipe("policycheck_sentences", config=config, after=first)
        else:
            nlp.add_pipe("policycheck_sentences", config=config, first=True)
    caps = set()
    if names & {"lemmatizer", "trainable_lemmatizer", "policycheck_lemmas"}:
        caps.add("lemma")
    if "tagger" in names:
        caps.add("tags")
    if "morphologizer" in names:
        caps.update({"morph", "tags"})
    if "parser" in names:
        caps.add("parser")
    lookup = _lookup_function(_lemma_table(lang))
    return Pipeline(nlp, lang, name.strip(), frozenset(caps), notices, lemma_lookup=lookup)


def _lookup_function(table: Table | None) -> Callable[[str], str | None]:
    return table.get if table is not None else lambda word: None


# An inflection the lemma table may not know: "metodstödet" is "metodstöd" + "et".
MAX_ENDING = 4


def compound_heads(
    word: str, heads: frozenset[str], lemma_of: Callable[[str], str | None]
) -> frozenset[str]:
    """The lemmas in ``heads`` that end the (Swedish-style) compound ``word``.

    "folkhälsoinsatser" has the head "insats", "integrationskonsekvensanalyser" the head
    "analys": the word ends in a form of the head, after a first part of at least two letters
    (which may end in the linking -s- or -o-). The word itself counts too. A tail counts when
    its lemma is a head, or when it is a head plus an ending of up to four letters that the
    lemma table does not list. Every matching head is returned, so that one rule's heads never
    hide another's ("metodstödet" has both "metodstöd" and "stöd").
    """
    lower = word.lower()
    found = set()
    for cut in (0, *range(2, len(lower) - 2)):
        tail = lower[cut:]
        lemma = lemma_of(tail) or tail
        if lemma in heads:
            found.add(lemma)
        for ending in range(1, min(MAX_ENDING, len(tail) - 3) + 1):
            if tail[:-ending] in heads:
                found.add(tail[:-ending])
    return frozenset(found)


_CLOSERS = frozenset("\"”“»'’)]")


def ends_sentence(span: Span) -> bool:
    """Whether ``span`` ends as a sentence does: a full stop, question or exclamation mark,
    before any closing quotes or brackets. Within a block, a sentence that does not was cut by
    :class:`SentenceSplitter` at :data:`MAX_SENTENCE_TOKENS`, or where a long text was cut
    into pieces (``Pipeline.pieces``)."""
    for token in reversed(span):
        text = token.text
        if text in _CLOSERS:
            continue
        return text in _SENTENCE_END or text.endswith(".")
    return False


def leads_in(span: Span) -> bool:
    """Whether ``span`` introduces what follows it (a list, a goal): it ends with a colon or
    semicolon ("Myndigheten ska:")."""
    return len(span) > 0 and span[-1].text in (":", ";")


def sentence_spans(doc: Doc) -> list[Span]:
    """Sentences of the analysed document, without the blank-line tokens between blocks (as
    ``doc.sents``, read from the token attributes in one call: a Token per word costs more)."""
    from spacy.attrs import IS_SPACE, SENT_START

    if not len(doc) or "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        bounds = [(sent.start, sent.end) for sent in doc.sents]
        space = [t.is_space for t in doc]
    else:
        table = doc.to_array([SENT_START, IS_SPACE]).reshape(len(doc), -1)
        starts = [0] + [i for i, v in enumerate(table[1:, 0].tolist(), 1) if v == 1]
        bounds = list(zip(starts, [*starts[1:], len(doc)], strict=True))
        space = table[:, 1].tolist()
    spans = []
    for start, end in bounds:
        while start < end and space[start]:
            start += 1
        while end > start and space[end - 1]:
            end -= 1
        if end > start:
            spans.append(doc[start:end])
    return spans

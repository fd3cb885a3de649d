"""Combine the trained lemmatizer with a training lexicon and the spacy-lookups-data table.

The trained ``trainable_lemmatizer`` (edit trees) generalises from about 39k training
tokens; it misses irregular forms it has seen ("männen" -> "man") and capitalised forms
("Kvinnorna"), and guesses on words it has never seen. The Swedish lookup table of
spacy-lookups-data (660k forms) knows many more words, but follows other conventions than UD
for closed-class words ("det" -> "en") and has errors ("finns" -> "finne"). This component,
placed after the lemmatizer, picks per token (measured on Talbanken dev, docs/model.md):

1. the training lemma, if the (form, UPOS) pair occurs in the training data with one lemma
   (for a capitalised word that is not a PROPN, also the lower-cased form: "Beslutet");
2. else, for an open-class word (NOUN, VERB, ADJ, ADV, PROPN) whose exact form never occurs
   in the training data, the lookup lemma, if the table has the form (as written, or
   lower-cased);
3. else the trained lemmatizer's lemma.

A second component, ``policycheck_lookup_lemma_feature``, runs first in the pipeline and sets
each token's lemma to its lookup lemma so that the tok2vec layer can embed it as a feature
(``LEMMA`` in ``MultiHashEmbed``); the trained lemmatizer overwrites it later.

The table ships as an indexed SQLite file (policycheck/models/lookups/, written by
``python training/build_lookups.py`` from the installed spacy-lookups-data) and is read one
word at a time, so starting costs nothing; without that file the gzipped JSON table of
spacy-lookups-data is read into a dict on first use (about 0.4 s). Nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

FACTORY = "policycheck_lemma_lookup"
FEATURE_FACTORY = "policycheck_lookup_lemma_feature"
DEFAULT_LOOKUP_POS = ("NOUN", "VERB", "ADJ", "ADV", "PROPN")
_DATA_FILE = "lexicon.json"
LOOKUPS_DIR = Path(__file__).resolve().parent / "lookups"


class Table(Protocol):
    def get(self, key: str, default: str | None = None, /) -> str | None: ...


class LemmaTable:
    """A lemma table in a read-only SQLite file, queried per word and remembered per process.

    A document has a few thousand different words; reading only those is far cheaper than
    building a dict of all 660 000 forms at every start.
    """

    _MEMO_LIMIT = 500_000

    def __init__(self, path: Path) -> None:
        self.path = path
        self._memo: dict[str, str | None] = {}
        self._con: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.Lock()
        self._query("")  # fail here, on a missing or broken file, not on the first word

    def _connection(self) -> sqlite3.Connection:
        # SQLite connections must not cross fork() (``--jobs`` workers): one per process
        if self._con is None or self._pid != os.getpid():
            uri = f"{self.path.as_uri()}?mode=ro&immutable=1"
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def _query(self, key: str) -> str | None:
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT lemma FROM lemma WHERE form = ?", (key,))
                .fetchone()
            )
        return row[0] if row else None

    def get(self, key: str, default: str | None = None, /) -> str | None:
        memo = self._memo
        if key in memo:
            value = memo[key]
        else:
            value = self._query(key)
            if len(memo) >= self._MEMO_LIMIT:
                memo.clear()
            memo[key] = value
        return default if value is None else value

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None


_tables: dict[str, Table] = {}
_lock = threading.Lock()


def json_lookup_table(lang: str) -> dict[str, str]:
    """The ``lemma_lookup`` table of the installed spacy-lookups-data for ``lang``, as a dict."""
    from spacy.util import load_language_data, registry

    if lang not in registry.lookups:
        raise LookupError(f"spacy-lookups-data has no tables for {lang!r}")
    data = registry.lookups.get(lang)
    if "lemma_lookup" not in data:
        raise LookupError(f"spacy-lookups-data has no lemma_lookup for {lang!r}")
    return load_language_data(data["lemma_lookup"])


def lookup_table(lang: str = "sv") -> Table:
    """The lemma lookup table for ``lang`` (cached): the shipped SQLite file if there is one,
    else spacy-lookups-data's JSON table."""
    with _lock:
        if lang not in _tables:
            path = LOOKUPS_DIR / f"{lang}_lemma_lookup.sqlite"
            table: Table | None = None
            if path.is_file():
                try:
                    table = LemmaTable(path)
                except sqlite3.Error:
                    table = None  # a broken file: the JSON table gives the same lemmas
            _tables[lang] = table if table is not None else json_lookup_table(lang)
        return _tables[lang]


def lookup(table: Table, word: str) -> str | None:
    """The lemma ``table`` lists for ``word`` as written, else lower-cased; None if neither."""
    lemma = table.get(word)
    if lemma is None and not word.islower():
        lemma = table.get(word.lower())
    return lemma


def lexicon_key(form: str, pos: str) -> str:
    """Key of a (form, UPOS) pair in the training lexicon."""
    return f"{form}\t{pos}"


class LemmaCombiner:
    """Choose each token's lemma from the training lexicon, the lookup table or the model."""

    def __init__(self, vocab: Vocab, name: str, lookup_pos: Iterable[str], lang: str) -> None:
        self.vocab = vocab
        self.name = name
        self.lookup_pos = frozenset(lookup_pos)
        self.lang = lang
        self.lexicon: dict[str, str] = {}
        self.known_forms: frozenset[str] = frozenset()

    def set_training_data(self, lexicon: Mapping[str, str], known_forms: Iterable[str]) -> None:
        """Set the unambiguous (form, UPOS) -> lemma lexicon and all forms seen in training."""
        self.lexicon = dict(lexicon)
        self.known_forms = frozenset(known_forms)

    def lookup(self, text: str) -> str | None:
        """The lookup lemma of ``text`` (tried as written, then lower-cased), or None."""
        return lookup(lookup_table(self.lang), text)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            text, pos = token.text, token.pos_
            lemma = self.lexicon.get(lexicon_key(text, pos))
            if lemma is None and pos != "PROPN" and not text.islower():
                lemma = self.lexicon.get(lexicon_key(token.lower_, pos))
            if lemma is None and pos in self.lookup_pos and text not in self.known_forms:
                lemma = self.lookup(text)
            if lemma is not None:
                token.lemma_ = lemma
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = {"lexicon": self.lexicon, "known_forms": sorted(self.known_forms)}
        (path / _DATA_FILE).write_text(
            json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf8"
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LemmaCombiner:
        data = json.loads((Path(path) / _DATA_FILE).read_text(encoding="utf8"))
        self.set_training_data(data["lexicon"], data["known_forms"])
        return self


@Language.factory(
    FACTORY,
    default_config={"lookup_pos": list(DEFAULT_LOOKUP_POS), "lang": "sv"},
    requires=["token.pos", "token.lemma"],
    assigns=["token.lemma"],
)
def make_lemma_combiner(
    nlp: Language, name: str, lookup_pos: list[str], lang: str
) -> LemmaCombiner:
    """spaCy factory for :class:`LemmaCombiner`."""
    return LemmaCombiner(nlp.vocab, name, lookup_pos, lang)


class LookupLemmaFeature:
    """Set each token's lemma to its lookup lemma (or lower-cased form) as a tok2vec feature.

    Runs first in the pipeline so that ``MultiHashEmbed`` can embed ``LEMMA``; the trained
    lemmatizer later overwrites the lemma.
    """

    def __init__(self, vocab: Vocab, name: str, lang: str) -> None:
        self.vocab = vocab
        self.name = name
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        table = lookup_table(self.lang)
        for token in doc:
            token.lemma_ = lookup(table, token.text) or token.lower_
        return doc


@Language.factory(FEATURE_FACTORY, default_config={"lang": "sv"}, assigns=["token.lemma"])
def make_lookup_lemma_feature(nlp: Language, name: str, lang: str) -> LookupLemmaFeature:
    """spaCy factory for :class:`LookupLemmaFeature`."""
    return LookupLemmaFeature(nlp.vocab, name, lang)

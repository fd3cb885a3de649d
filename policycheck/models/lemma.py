"""Combine the trained lemmatizer with the spacy-lookups-data Swedish lookup table.

The trained ``trainable_lemmatizer`` (edit trees) is good on words like those it was trained
on; the lookup table (660k Swedish forms) knows far more words but follows other
conventions than UD for closed-class words and has some errors. This component keeps the
trained lemma, except for open-class tokens whose lower-cased form never occurred in the
training data: for those the lookup lemma is used when the table has the form.

The table is read from the installed spacy-lookups-data package on first use (about 0.7 s)
and cached for the process; nothing is downloaded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

FACTORY = "policycheck_lemma_lookup"
DEFAULT_POS = ("NOUN", "VERB", "ADJ", "PROPN")
_FORMS_FILE = "known_forms.json"

_tables: dict[str, dict[str, str]] = {}
_lock = threading.Lock()


def lookup_table(lang: str = "sv") -> dict[str, str]:
    """Return the ``lemma_lookup`` table of spacy-lookups-data for ``lang`` (cached)."""
    with _lock:
        if lang not in _tables:
            from spacy.util import load_language_data, registry

            if lang not in registry.lookups:
                raise LookupError(f"spacy-lookups-data has no tables for {lang!r}")
            data = registry.lookups.get(lang)
            if "lemma_lookup" not in data:
                raise LookupError(f"spacy-lookups-data has no lemma_lookup for {lang!r}")
            _tables[lang] = load_language_data(data["lemma_lookup"])
        return _tables[lang]


class LookupLemmaCombiner:
    """Overwrite trained lemmas of unseen open-class words with the lookup lemma."""

    def __init__(self, vocab: Vocab, name: str, pos: Iterable[str], lang: str) -> None:
        self.vocab = vocab
        self.name = name
        self.pos = frozenset(pos)
        self.lang = lang
        self.known_forms: frozenset[str] = frozenset()

    def set_known_forms(self, forms: Iterable[str]) -> None:
        """Set the lower-cased word forms seen in training (their trained lemma is kept)."""
        self.known_forms = frozenset(forms)

    def lookup(self, text: str) -> str | None:
        """The lookup lemma of ``text`` (tried as written, then lower-cased), or None."""
        table = lookup_table(self.lang)
        lemma = table.get(text)
        if lemma is None and not text.islower():
            lemma = table.get(text.lower())
        return lemma

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ not in self.pos or token.lower_ in self.known_forms:
                continue
            lemma = self.lookup(token.text)
            if lemma is not None:
                token.lemma_ = lemma
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / _FORMS_FILE).write_text(
            json.dumps(sorted(self.known_forms), ensure_ascii=False), encoding="utf8"
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LookupLemmaCombiner:
        forms_file = Path(path) / _FORMS_FILE
        if forms_file.exists():
            self.set_known_forms(json.loads(forms_file.read_text(encoding="utf8")))
        return self


@Language.factory(
    FACTORY,
    default_config={"pos": list(DEFAULT_POS), "lang": "sv"},
    requires=["token.pos", "token.lemma"],
    assigns=["token.lemma"],
)
def make_lookup_lemma_combiner(
    nlp: Language, name: str, pos: list[str], lang: str
) -> LookupLemmaCombiner:
    """spaCy factory for :class:`LookupLemmaCombiner`."""
    return LookupLemmaCombiner(nlp.vocab, name, pos, lang)

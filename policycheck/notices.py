"""Notices: what a report says about how a file was read or checked ("decoded as cp1252"),
in the report's language. Made before the document's language is known, a notice carries its
text in every language and is shown in the one of the file's report."""

from __future__ import annotations

NOTICES: dict[str, dict[str, str]] = {
    "cp1252": {
        "en": "not valid UTF-8; decoded as cp1252",
        "sv": "inte giltig UTF-8; avkodad som cp1252",
    },
    "latin-1": {
        "en": "not valid UTF-8 or cp1252; decoded as latin-1",
        "sv": "varken giltig UTF-8 eller cp1252; avkodad som latin-1",
    },
    "invalid-utf8": {
        "en": "not valid UTF-8 at line:column {places} (invalid bytes: {count}, replaced by �)",
        "sv": "ogiltig UTF-8 på rad:kolumn {places} (ogiltiga byte: {count}, ersatta med �)",
    },
    "no-lemma-table": {
        "en": "no lemma table for '{lang}': lemmas are lower-cased words",
        "sv": "ingen lemmatabell för '{lang}': lemman är orden med gemener",
    },
    "pipeline-missing": {
        "en": "the shipped {lang} pipeline is missing ({path}; rebuild with "
        "`python training/build_model.py`); using the blank pipeline: rules that need tags "
        "use their fallback or are skipped",
        "sv": "den medföljande språkmodellen för {lang} saknas ({path}; bygg den med "
        "`python training/build_model.py`); använder den tomma pipelinen: regler som kräver "
        "ordklasser kör sin reservvariant eller hoppas över",
    },
    "pipeline-broken": {
        "en": "the shipped {lang} pipeline could not be loaded ({reason}); using the blank "
        "pipeline: rules that need tags use their fallback or are skipped",
        "sv": "den medföljande språkmodellen för {lang} kunde inte läsas in ({reason}); "
        "använder den tomma pipelinen: regler som kräver ordklasser kör sin reservvariant "
        "eller hoppas över",
    },
}


class Notice(str):
    """A notice: as a string its English text; :meth:`in_language` gives another."""

    texts: dict[str, str]

    def __new__(cls, key: str, **params: object) -> Notice:
        texts = {lang: text.format(**params) for lang, text in NOTICES[key].items()}
        return _make(texts)

    def __reduce__(self):  # pickled to worker processes and into the cache
        return _make, (self.texts,)

    def in_language(self, lang: str | None) -> str:
        return self.texts.get(lang or "en", str(self))


def _make(texts: dict[str, str]) -> Notice:
    notice = str.__new__(Notice, texts["en"])
    notice.texts = texts
    return notice


def localise(note: str, lang: str | None) -> str:
    """A notice in ``lang``; a plain string (from code that has no translations) as it is."""
    return note.in_language(lang) if isinstance(note, Notice) else str(note)

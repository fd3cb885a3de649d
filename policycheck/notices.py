"""Notices: what a report says about how a file was read or checked ("decoded as cp1252"),
in the report's language. Made before the document's language is known, a notice carries its
text in every language and is shown in the one of the file's report. The texts are the
``notices`` of each language's data (``rules/<lang>/language.yaml``)."""

from __future__ import annotations


class Notice(str):
    """A notice: as a string its English text; :meth:`in_language` gives another."""

    texts: dict[str, str]

    def __new__(cls, key: str, **params: object) -> Notice:
        from policycheck.languages import notice_texts

        texts = {lang: text.format(**params) for lang, text in notice_texts(key).items()}
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

"""Language data: what policycheck knows of a language besides its rules.

A language is a rule pack folder with a ``language.yaml`` (``rules/<code>/language.yaml``, or
``<folder>/<code>/language.yaml`` in an extra rule folder of the configuration): the words that
detect it, the abbreviations the sentence splitter knows, the words that tell a heading from a
wrapped line, how a reviewer cites a page, and the reports' own words. The accepted languages
are the packs that have one; nothing about a language is in the code.

Files are read before their language is known, so the readers use the words of every bundled
language at once (:func:`bundled_words`), as one list covering the languages policycheck ships.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from policycheck.errors import RuleFileError
from policycheck.schema import Regex

FILE = "language.yaml"  # one of resources.PACK_FILES
DEFAULT = "sv"
"""Swedish first: the language of a text in which no language's words are found."""
FALLBACK = "en"
"""The language of the report words a language does not have."""


class Cite(BaseModel):
    """How a reviewer cites a place in the draft: ``{page}``, ``{paragraph}``, ``{nth}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    page: str
    paragraph: str
    page_paragraph: str
    page_nth_paragraph: str | None = None  # with ``ordinals``: "sid. 3, första stycket"
    ordinals: tuple[str, ...] = ()


class NounForm(BaseModel):
    """Another form of a document noun, used where the title matches ``title`` (a regex):
    "Riktlinje för …" is one guideline, "Riktlinjer för …" several."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: Regex
    the: str
    this: str
    name: str | None = None


class DocumentNoun(BaseModel):
    """How a rule's text names the document checked: ``{document}`` ("strategin") and
    ``{this_document}`` ("denna strategi"), and how a statement names the draft (``name``:
    "Förslaget till riktlinjer"; else the type as written); or the first of ``forms`` whose
    pattern the document's title matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    the: str
    this: str
    name: str | None = None
    forms: tuple[NounForm, ...] = ()

    def for_title(self, title: str | None) -> NounForm | DocumentNoun:
        from policycheck import regexes

        if title:
            for form in self.forms:
                if regexes.compile(form.title).search(title):
                    return form
        return self


DOCUMENT = "document"
"""The key of ``document_nouns`` for a document of no known type."""


class LanguageData(BaseModel):
    """A ``language.yaml``; see ``rules/sv/language.yaml`` for what each key is for."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: str = ""  # the folder's name, set on loading
    name: str
    spacy: str | None = None  # the spaCy language of the blank pipeline (default: the code)
    function_words: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    sentence_final_abbreviations: frozenset[str] = frozenset()
    run_on_abbreviations: tuple[str, ...] = ()
    heading_never_ends_with: frozenset[str] = frozenset()
    suspended_hyphen_followers: frozenset[str] = frozenset()
    numbered_item_words: tuple[str, ...] = ()
    or_: str = Field("or", alias="or")
    quotes: tuple[str, str] = ("“", "”")
    inner_quotes: tuple[str, str] = ("‘", "’")  # a quotation inside a quoted passage
    locale: str | None = None
    document_nouns: dict[str, DocumentNoun] = {}
    cite: Cite | None = None
    labels: dict[str, dict[str, Any]] = {}
    notices: dict[str, str] = {}

    @property
    def spacy_language(self) -> str:
        return self.spacy or self.code

    def document_fields(
        self, document_type: str | None, title: str | None = None
    ) -> dict[str, str]:
        """The fields ``{document}`` and ``{this_document}`` of a rule's texts for a document of
        this type (``None``: of no known type, or the rule described on its own) and title."""
        noun = self.document_nouns.get(document_type or DOCUMENT) or self.document_nouns.get(
            DOCUMENT, _NO_NOUN
        )
        form = noun.for_title(title)
        return {"document": form.the, "this_document": form.this}

    def draft_name(self, document_type: str, title: str | None = None) -> str:
        """The type as a statement names the draft ("Förslaget till {name}")."""
        noun = self.document_nouns.get(document_type)
        form = noun.for_title(title) if noun is not None else None
        return (form and form.name) or (noun and noun.name) or document_type


_NO_NOUN = DocumentNoun(the="the document", this="this document")


def name_document(
    text: str, lang: str, document_type: str | None = None, title: str | None = None
) -> str:
    """``text`` (a rule's) with ``{document}`` and ``{this_document}`` filled in for a document
    of ``document_type`` with ``title`` (``None``: the rule described on its own, not on a
    document)."""
    for key, value in get(lang).document_fields(document_type, title).items():
        text = text.replace("{" + key + "}", value)
    return text


def _bundled_folder() -> Path:
    from policycheck.resources import rules_dir

    return rules_dir()


# Languages that extra rule folders added in this process: the reports of a file checked under
# such a configuration are written in the main process, which read the configuration first
_ADDED: dict[str, Path] = {}


@cache
def pack_folders(extra: tuple[Path, ...] = ()) -> dict[str, Path]:
    """Each language's pack folder: the bundled ones, then those of ``extra`` rule folders
    that add a language (a subfolder with a ``language.yaml``); the first one wins. Read once
    per process (do not change the mapping)."""
    found: dict[str, Path] = {}
    for index, root in enumerate((_bundled_folder(), *extra)):
        try:
            subfolders = sorted(p for p in Path(root).iterdir() if p.is_dir())
        except OSError:
            continue
        for folder in subfolders:
            if not folder.name.startswith(".") and (folder / FILE).is_file():
                found.setdefault(folder.name, folder)
                if index:
                    _ADDED.setdefault(folder.name, folder)
    return found


def codes(extra: tuple[Path, ...] = ()) -> list[str]:
    """The accepted languages: the packs with a ``language.yaml``, sorted."""
    return sorted(pack_folders(tuple(extra)))


def get(code: str | None, extra: tuple[Path, ...] = ()) -> LanguageData:
    """The data of language ``code``: from its pack, or else from a rule folder that added it
    earlier in this process (a language without either: no words, English labels)."""
    folder = pack_folders(tuple(extra)).get(code or "") or _ADDED.get(code or "")
    if folder is None:
        return LanguageData(code=code or "", name=code or "")
    return _load(folder / FILE, folder.name)


@cache
def _load(path: Path, code: str) -> LanguageData:
    from policycheck.ruleset import format_validation, read_yaml

    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: expected a mapping (the language's data)")
    try:
        return LanguageData.model_validate({**data, "code": code})
    except ValidationError as exc:
        raise RuleFileError(f"{path}: {format_validation(exc, source=path)}") from None


def function_words(extra: tuple[Path, ...] = ()) -> dict[str, frozenset[str]]:
    """Each accepted language's function words, for telling them apart."""
    return {code: get(code, tuple(extra)).function_words for code in codes(tuple(extra))}


@cache
def bundled_words(key: str) -> frozenset[str]:
    """The words of list ``key`` of every bundled language together (for reading, before a
    document's language is known)."""
    out: set[str] = set()
    for code in codes():
        out.update(getattr(get(code), key))
    return frozenset(out)


def labels(lang: str | None, section: str) -> dict[str, Any]:
    """The report words of ``section`` in ``lang``, English where ``lang`` has none."""
    out = dict(get(FALLBACK).labels.get(section, {}))
    if lang and lang != FALLBACK:
        out.update(get(lang).labels.get(section, {}))
    return out


def counted(count: int, word: str, lang: str | None) -> str:
    """ "2 varningar", "1 finding": ``count`` and the word ``word`` of the ``totals`` labels
    (a severity, ``finding``, ``file``) in its singular or plural."""
    return f"{count} {labels(lang, 'totals')[word][count != 1]}"


def reported_in(lang: str | None) -> str:
    """The language a report on a document in ``lang`` is written in: its own when its pack
    has the reports' words, else English."""
    return lang if lang and get(lang).labels else FALLBACK


def notice_texts(key: str) -> dict[str, str]:
    """A notice's text in every bundled language that has it."""
    return {code: get(code).notices[key] for code in codes() if key in get(code).notices}


def cite(page: int | None, paragraph: int | None, lang: str | None) -> str:
    """Where a finding stands, as a reviewer cites a draft: "sid. 3, första stycket" in
    Swedish, "p. 3, para. 1" in English; "" without page or paragraph."""
    form = get(lang).cite or get(FALLBACK).cite
    if form is None:
        return ""
    if page and paragraph:
        if form.page_nth_paragraph and paragraph <= len(form.ordinals):
            return form.page_nth_paragraph.format(page=page, nth=form.ordinals[paragraph - 1])
        return form.page_paragraph.format(page=page, paragraph=paragraph)
    if page:
        return form.page.format(page=page)
    return form.paragraph.format(paragraph=paragraph) if paragraph else ""

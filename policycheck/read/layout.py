"""The layout heuristics the readers share: what makes a line a heading or a list item when no
markup says so (plain text, PDF, Word paragraphs without a heading style).

A heading is short (:data:`MAX_HEADING_CHARS`, :data:`MAX_HEADING_WORDS`), has a letter, and
does not end as a sentence or a wrapped line does: with punctuation, a hyphen, or a word a
heading never ends with ("och", "the"). Those words, and the other words below, are language
data (``rules/<lang>/language.yaml``); a file is read before its language is known, so the
words of every bundled language count together.
"""

from __future__ import annotations

import re
from functools import cache

from policycheck.languages import bundled_words, codes, get

MAX_HEADING_CHARS = 80
MAX_HEADING_WORDS = 10
HEADING_NEVER_ENDS = ".,;:!?-\u00ad–"
"""A line that ends with one of these ends a sentence or breaks a word: no heading."""

BULLET_GLYPHS = "•·▪◦●○■□▫➢►✓✔*+\\-–—\uf000-\uf0ff"
"""Characters that mark a list item (a regex character class's content), with the private
use area where Word's Symbol and Wingdings bullets land in extracted text."""

SECTION_NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)\.?[ \t\u00a0]+\S")
"""A section number before a heading's text: "3 Mål", "3.2. Mål"."""


def heading_length(text: str) -> bool:
    """``text`` (a stripped line) is short enough for a heading, has a letter and does not
    end with punctuation or a hyphen."""
    return (
        0 < len(text) <= MAX_HEADING_CHARS
        and len(text.split()) <= MAX_HEADING_WORDS
        and text[-1] not in HEADING_NEVER_ENDS
        and any(ch.isalpha() for ch in text)
    )


def ends_with_function_word(text: str) -> bool:
    """``text`` ends with a word headings never end with (a preposition, a conjunction, an
    article, an auxiliary): a line wrapped in running text ("... i samarbete med")."""
    return bool(text.strip()) and text.rsplit(None, 1)[-1].lower() in _never_last()


@cache
def _never_last() -> frozenset[str]:
    return bundled_words("heading_never_ends_with")


@cache
def run_on_abbreviation() -> re.Pattern[str]:
    """A line that ends with an abbreviation ("t.ex.", "e.g.", "s.k."): it runs on into the
    next line, whatever the next line looks like."""
    listed = sorted(
        {a.rstrip(".") for code in codes() for a in get(code).run_on_abbreviations}, key=str
    )
    known = "|".join(re.escape(a) for a in listed) or "(?!)"
    return re.compile(rf"(?:^|\s)(?:\w\.){{2,}}$|(?:^|\s)(?:{known})\.$")


@cache
def numbered_item() -> re.Pattern[str]:
    """A numbered goal or item line without a bullet ("Mål 2. Ingen ska bo på gatan"): a list
    item of its own, never a heading or the continuation of the line before."""
    words = "|".join(re.escape(w) for w in sorted(bundled_words("numbered_item_words")))
    return re.compile(rf"(?:{words or '(?!)'})\s+\d{{1,3}}[.:)]\s+\S", re.IGNORECASE)

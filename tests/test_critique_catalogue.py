"""The critique catalogue (seeds/critique.yaml) against the seed it quotes.

The seed is PDF-extracted text. Quotes in the catalogue are compared with the seed after a
small normalisation written out here on purpose (not imported from policycheck, so that this
test checks the catalogue independently of the reader code):

* the running page headers ("DNR 106-555/2004", "SID. n (7)") are removed;
* a word hyphenated at a line end (the hyphen is the line's last character) is re-joined,
  without the hyphen, when the next non-blank line starts with a lower-case letter;
* all whitespace is collapsed to single spaces.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

import pytest
import yaml

from .conftest import shared_file

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "000_774ca0d1615432bc.txt"
SEED = REPO / "seeds" / SEED_NAME
CATALOGUE = REPO / "seeds" / "critique.yaml"

IDS = [
    "measurable-goals",
    "concrete-guidance",
    "weak-modal",
    "vague-concepts",
    "undefined-terms",
    "unsupported-claims",
    "participation-form",
    "loaded-framing",
    "misplaced-goal",
    "situation-analysis",
    "financing",
    "previous-evaluation",
    "national-eu-link",
    "governance",
    "consultation",
    "implementation-capacity",
]
DOCUMENT_LEVEL = {
    "financing",
    "previous-evaluation",
    "national-eu-link",
    "consultation",
    "situation-analysis",
    "implementation-capacity",
    "governance",
}
POINT_KEYS = {"id", "title", "summary", "quotes", "section", "page", "level", "automated"}

# The seed's section headings, in order.
SECTIONS = [
    "Förslag till beslut",
    "Sammanfattning",
    "Bakgrund",
    "Förslaget till integrationspolicy för Stockholms stad i sammanfattning",
    "Förvaltningens synpunkter",
    "Stockholm – en stad i Sverige och i Europa",
    "Sveriges handlingsplan mot fattigdom och social utestängning 2003 – 2005",
    "Några konkreta kommentarer till förslaget till integrationspolicy",
    "Bilagor",
]

HEADER_RE = re.compile(r"^\s*(?:DNR 106-555/2004|SID\. \d+ \(\d+\))\s*$")
SID_RE = re.compile(r"^\s*SID\. (\d+) \((\d+)\)\s*$")
# A page whose running header was lost begins with a line indented by exactly one space.
PAGE_START_RE = re.compile(r"^ \S")


def normalise(raw: str) -> tuple[str, list[int]]:
    """Normalise the seed; return the text and, per character, its 1-based source line."""
    tokens: list[tuple[str, int]] = []
    join_next = False
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if HEADER_RE.match(line):
            continue
        words = line.split()
        if not words:
            continue  # a blank line neither breaks nor makes a hyphenation
        if join_next and words[0][0].islower():
            word, origin = tokens.pop()
            tokens.append((word[:-1] + words[0], origin))
            words = words[1:]
        tokens.extend((word, lineno) for word in words)
        join_next = re.search(r"\w-$", line) is not None
    text_parts: list[str] = []
    origins: list[int] = []
    for word, lineno in tokens:
        if text_parts:
            text_parts.append(" ")
            origins.append(lineno)
        text_parts.append(word)
        origins.extend([lineno] * len(word))
    return "".join(text_parts), origins


def page_starts(raw: str) -> list[int]:
    """The 1-based line on which each page of the seed begins (index 0 = page 1)."""
    return [
        lineno
        for lineno, line in enumerate(raw.splitlines(), start=1)
        if SID_RE.match(line) or PAGE_START_RE.match(line)
    ]


def occurrences(text: str, quote: str) -> list[int]:
    found, start = [], text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


@pytest.fixture(scope="module")
def raw() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_text(raw: str) -> tuple[str, list[int]]:
    return normalise(raw)


@pytest.fixture(scope="module")
def catalogue() -> dict:
    with CATALOGUE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def points(catalogue: dict) -> list[dict]:
    return catalogue["points"]


def all_quotes() -> list[tuple[str, str]]:
    with CATALOGUE.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return [(p["id"], q) for p in data["points"] for q in p["quotes"]]


def test_catalogue_names_the_seed(catalogue: dict) -> None:
    assert catalogue["seed"] == SEED_NAME
    assert SEED.is_file()


def test_ids_present_once_in_order(points: list[dict]) -> None:
    assert [p["id"] for p in points] == IDS


@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_point_fields(points: list[dict], index: int) -> None:
    point = points[index]
    assert set(point) == POINT_KEYS
    for field in ("title", "summary"):
        assert set(point[field]) == {"sv", "en"}, field
        for lang in ("sv", "en"):
            assert isinstance(point[field][lang], str) and point[field][lang].strip()
    quotes = point["quotes"]
    assert isinstance(quotes, list) and quotes
    assert all(isinstance(q, str) and q.strip() == q and q for q in quotes)
    assert len(set(quotes)) == len(quotes)
    assert point["section"] in SECTIONS
    page = point["page"]
    assert page is None or (type(page) is int and 1 <= page <= 7)
    assert point["level"] in {"sentence", "document"}
    expected_level = "document" if point["id"] in DOCUMENT_LEVEL else "sentence"
    assert point["level"] == expected_level
    assert type(point["automated"]) is bool


@pytest.mark.parametrize(("point_id", "quote"), all_quotes())
def test_quote_is_verbatim_in_seed(seed_text: tuple[str, list[int]], point_id: str, quote: str):
    text, _ = seed_text
    assert quote in text, f"{point_id}: quote not found in the seed: {quote!r}"


def _mutate(quote: str) -> str:
    """Change one letter near the middle of the quote."""
    letters = [i for i, c in enumerate(quote) if c.isalpha()]
    i = letters[len(letters) // 2]
    replacement = "x" if quote[i] != "x" else "y"
    return quote[:i] + replacement + quote[i + 1 :]


@pytest.mark.parametrize(("point_id", "quote"), all_quotes())
def test_changed_quote_is_rejected(seed_text: tuple[str, list[int]], point_id: str, quote: str):
    text, _ = seed_text
    assert _mutate(quote) not in text


def test_normalisation(seed_text: tuple[str, list[int]]) -> None:
    text, origins = seed_text
    assert len(text) == len(origins)
    assert "  " not in text and "\n" not in text
    assert "DNR 106-555/2004" not in text and "SID." not in text
    # hyphenated at a line end, and across a page header
    assert "integrationskonsekvensanalyser göras" in text
    assert "integrationskonsekvens- analyser" not in text
    assert "Varför står ”utanför Stockholms tullar” med i meningen?" in text
    # a hyphen followed by a space is a real one
    assert "sysselsättnings- och utbildningsnivåer" in text
    assert "planerings- och beslutsprocesser" in text
    # the seed's typos stay
    assert "synliggöra, moverka och bryta fördomar, rasism" in text
    assert "Varför inte byta detta kan mot ett ”ska”?" in text
    assert "Varför inte byta detta kan mot ett ”skа”?" not in text  # Cyrillic a


def test_page_breaks_agree_with_surviving_headers(raw: str) -> None:
    starts = page_starts(raw)
    lines = raw.splitlines()
    headers = [(i + 1, SID_RE.match(line)) for i, line in enumerate(lines) if SID_RE.match(line)]
    assert headers, "no running header survived"
    for lineno, match in headers:
        page, total = int(match.group(1)), int(match.group(2))
        assert starts[page - 1] == lineno
        assert len(starts) == total
    assert starts[0] == 1
    sizes = [b - a for a, b in zip(starts, [*starts[1:], len(lines) + 1], strict=True)]
    assert all(30 <= size <= 60 for size in sizes), sizes


def _section_lines(raw: str, section: str) -> tuple[int, int]:
    stripped = [line.strip() for line in raw.splitlines()]
    heading_lines = [stripped.index(heading) + 1 for heading in SECTIONS]
    assert heading_lines == sorted(heading_lines)
    i = SECTIONS.index(section)
    end = heading_lines[i + 1] if i + 1 < len(SECTIONS) else len(stripped) + 1
    return heading_lines[i], end


@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_section_and_page_of_first_quote(
    raw: str, seed_text: tuple[str, list[int]], points: list[dict], index: int
) -> None:
    point = points[index]
    text, origins = seed_text
    first, end = _section_lines(raw, point["section"])
    lines = [origins[o] for o in occurrences(text, point["quotes"][0])]
    in_section = [line for line in lines if first <= line < end]
    assert in_section, f"first quote not under {point['section']!r} (lines {lines})"
    page = bisect.bisect_right(page_starts(raw), in_section[0])
    assert point["page"] == page


def test_seed_matches_shared_copy() -> None:
    assert SEED.read_bytes() == shared_file("seeds", SEED_NAME).read_bytes()

"""The term index's shortcuts give what the plain scan gives: regexes run only over the blocks
that hold their literal words, one-word lemmas are looked up per token."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policycheck.checks.base import _BLOCK_BREAK, _anchored_at_end, _needles, _windows
from policycheck.packs import pack

ROOT = Path(__file__).resolve().parent.parent


def _kept(spans: list[tuple[int, int]], text: str) -> set[tuple[int, int]]:
    """The matches Context.hits can keep: those within one block."""
    return {(s, e) for s, e in spans if e > s and "\n\n" not in text[s:e].rstrip("\n")}


def _full(pattern: re.Pattern[str], text: str) -> set[tuple[int, int]]:
    return _kept([m.span() for m in pattern.finditer(text)], text)


def _windowed(source: str, text: str) -> set[tuple[int, int]]:
    pattern = re.compile(source, re.IGNORECASE)
    needles = _needles(source)
    lower = text.lower()
    blocks = [0, *(m.end() for m in _BLOCK_BREAK.finditer(text))]
    windows = (
        _windows(lower, needles, blocks, whole=_anchored_at_end(source))
        if needles
        else [(0, len(text))]
    )
    spans = [m.span() for start, end in windows for m in pattern.finditer(text, start, end)]
    return _kept(spans, text)


def _pack_regexes() -> list[str]:
    found = []
    for rule in pack("sv").rules:
        for terms in _term_sets(rule.check.model_dump()):
            found.extend(terms.get("regex", []))
    for ts in pack("sv").features.values():
        found.extend(ts.regex)
    return sorted(set(found))


def _term_sets(node):
    if isinstance(node, dict):
        if "regex" in node and isinstance(node["regex"], list):
            yield node
        for value in node.values():
            yield from _term_sets(value)
    elif isinstance(node, list):
        for value in node:
            yield from _term_sets(value)


EDGE_TEXT = (
    "Kommunen ska arbeta för ökad integration.\n\n"
    "Insatserna ska följas upp\n\nsenast 2026 av nämnden:\n\n"
    "Uppföljning visar att målen nåtts. Det saknas indikatorer.\n\n"
    "Åtgärder behövs"
)


@pytest.mark.parametrize(
    "source",
    [
        r"\binsats\w*\b[^.!?]{0,60}\bföljas upp",  # runs across a block: dropped either way
        r"(?<=\n)uppföljning\w*",  # lookbehind at a window's start sees the text before it
        r"\båtgärder\s*behövs$",  # anchored at the end: never windowed
        r"nämnden:\s*$",
        r"\b\w*(?:integration|indikator)\w*",
    ],
)
def test_windows_give_the_full_scan_on_edge_cases(source: str) -> None:
    pattern = re.compile(source, re.IGNORECASE)
    assert _windowed(source, EDGE_TEXT) == _full(pattern, EDGE_TEXT)


def test_anchors_are_recognised() -> None:
    assert _anchored_at_end(r":\s*$")
    assert _anchored_at_end(r"(?m)x$")
    assert _anchored_at_end(r"(a|b\Z)")
    assert not _anchored_at_end(r"\bfoo\b")
    assert not _anchored_at_end(r"^foo")  # ^ at a window's start is what it is in the text


def test_windows_give_the_full_scan_for_every_pack_regex_on_real_text() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.md"))]
    texts.append(EDGE_TEXT)
    sources = _pack_regexes()
    assert len(sources) > 100
    for text in texts:
        for source in sources:
            pattern = re.compile(source, re.IGNORECASE)
            assert _windowed(source, text) == _full(pattern, text), source


def test_one_word_lemmas_are_found_per_token() -> None:
    from policycheck.engine import Checker
    from policycheck.options import Options
    from policycheck.read import read_path

    checker = Checker(Options())
    document = read_path(ROOT / "examples" / "utkast-integrationspolicy.md")
    state = checker.language("sv")
    doc = state.pipeline.analyse(document)
    index = state.index
    found = index.scan(doc)
    one_word = {
        key: ts.lemmas
        for key, ts in index._sets.items()
        if ts.lemmas and all(" " not in lemma for lemma in ts.lemmas)
    }
    assert one_word
    hits = 0
    for key, lemmas in one_word.items():
        wanted = {lemma.lower() for lemma in lemmas}
        expected = {(t.idx, t.idx + len(t.text)) for t in doc if t.lemma_ in wanted}
        assert expected <= set(found.get(key, [])), key
        hits += len(expected)
    assert hits > 10


def test_without_cpythons_regex_parser_every_regex_simply_runs(monkeypatch) -> None:
    """The needles come from CPython's private ``re._parser`` (no public module parses a
    regex): on a Python without it, or where it fails, a regex runs over the whole text."""
    import sys

    assert _needles(r"\bverka\s+för\b") == ("verka",)
    monkeypatch.delattr(re, "_parser")
    monkeypatch.setitem(sys.modules, "re._parser", None)  # the import fails
    assert _needles(r"\bverka\s+för\b") is None


def test_token_patterns_match_as_spacys_own_matcher(checkers) -> None:
    """Token patterns run per document (a REGEX predicate as the set of the document's strings
    it finds) and only over the sentences that hold a word a pattern requires: the matches
    within a sentence are those spaCy's own Matcher gives over the whole document, for every
    pack pattern, with other predicates beside a REGEX, and on a second document."""
    from spacy.matcher import Matcher

    from policycheck.checks.base import TermIndex
    from policycheck.nlp import sentence_spans
    from policycheck.read import read_path

    state = checkers["sv"].language("sv")
    patterns = {
        **state.index._token_patterns,
        "prov:not-in": [[{"LOWER": {"REGEX": "^insats", "NOT_IN": ["insatser"]}}]],
        "prov:two": [[{"POS": "NOUN", "LOWER": {"REGEX": "(ningen|heten)$"}}, {"LOWER": "ska"}]],
        "prov:optional": [[{"LOWER": "inte", "OP": "?"}, {"LEMMA": "öka"}]],
    }
    assert len(patterns) > 3  # the Swedish pack has token patterns
    index = TermIndex(state.pipeline, {})
    spacy_own = Matcher(state.pipeline.nlp.vocab)
    for key, value in patterns.items():
        index.add_patterns(key, value)
        spacy_own.add(key, value)
    texts = [
        read_path(ROOT / "examples" / "utkast-integrationspolicy.md").text,
        "Insatsen och insatser ska följas upp. Förbättringen ska ske snabbt. Tryggheten ska öka.",
    ]
    for text in texts:
        doc = state.pipeline.nlp(text)
        sentences = [(s.start, s.end) for s in sentence_spans(doc)]
        expected: dict[str, list[tuple[int, int]]] = {}
        for match_id, s, e in spacy_own(doc):
            if any(a <= s and e <= b for a, b in sentences):
                span = doc[s:e]
                expected.setdefault(doc.vocab.strings[match_id], []).append(
                    (span.start_char, span.end_char)
                )
        found = index.scan(doc, sentences=sentences)
        assert {k: sorted(v) for k, v in expected.items()} == dict(found)
    assert set(found) >= {"prov:not-in", "prov:two", "prov:optional"}  # in the second text
    assert all(index.tokens._answers.values())  # the regexes' answers are remembered


def test_a_pattern_runs_only_where_its_required_word_is() -> None:
    from policycheck.token_patterns import _anchor

    assert _anchor([{"LOWER": {"IN": ["ska", "bör"]}}, {"POS": "VERB"}]) == (
        "LOWER",
        frozenset({"ska", "bör"}),
    )
    # the fewest words win; an optional or negated token names no required word
    assert _anchor([{"LEMMA": {"IN": ["a", "b", "c"]}}, {"TEXT": "x"}]) == ("ORTH", {"x"})
    assert _anchor([{"LOWER": "inte", "OP": "?"}, {"POS": "VERB"}]) is None
    assert _anchor([{"LOWER": "inte", "OP": "!"}, {"LOWER": "x", "OP": "{1,3}"}]) == (
        "LOWER",
        {"x"},
    )
    assert _anchor([{"LOWER": "x", "OP": "{0,3}"}]) is None


def test_a_match_across_a_sentence_end_does_not_hide_one_inside_the_next() -> None:
    """Context.hits drops a match that runs past its sentence; the search starts again right
    after its start, so the match it swallowed is still found."""
    from policycheck import regexes

    text = "Kommunen kan anordna vandringar. Belysningen bör förbättras i parker."
    pattern = regexes.compile(r"\b(?:kan|bör)\b(?:\s+[\w.]+){0,4}?\s+förbättras\b")
    second = text.index("Belysningen")
    units = ([0, second], [second - 1, len(text)])
    (span,) = pattern.spans(text, [(0, len(text))], units)
    assert text[span[0] : span[1]] == "bör förbättras"
    # without the sentences, the first match swallows the second
    (whole,) = pattern.spans(text, [(0, len(text))])
    assert text[whole[0] : whole[1]].startswith("kan anordna")

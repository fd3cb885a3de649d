"""The token patterns of a run (spaCy ``Matcher`` syntax), matched on one document at a time.

Two things make this more than one ``Matcher`` over the whole document:

* spaCy runs a pattern's ``{"REGEX": ...}`` with :mod:`re`, which no time bound can stop, and
  any predicate other than plain equality costs a Python call (and a ``Token``) per word. So a
  REGEX predicate becomes, per document, ``{"IN": [...]}`` of the document's distinct strings
  of that attribute that the regex finds, run through :mod:`policycheck.regexes` under one time
  bound for the document and remembered across documents.
* A pattern that names the words of one of its required tokens (``{"LOWER": {"IN": [...]}}``,
  ``{"LEMMA": "vara"}``) can only match in a sentence with such a word, so it runs only over
  the runs of sentences that have one. The checks keep only matches inside one sentence
  (``Context.hits``), so this gives the same hits as a run over the whole document.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policycheck import regexes

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

Match = tuple[int, int, int]  # match id, start token, end token
_MEMO = 100_000  # distinct strings remembered per token regex
_ALIASES = {"TEXT": "ORTH"}  # spaCy's
_WORD_ATTRS = ("ORTH", "LOWER", "LEMMA", "NORM")  # attributes that name the word itself
_AT_LEAST = re.compile(r"\{(\d+)(?:,\d*)?\}")


class PatternError(ValueError):
    """A token pattern spaCy's Matcher refuses; ``key`` says whose it is."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key = key
        self.message = message


def _attr(name: str) -> str:
    return _ALIASES.get(name.upper(), name.upper())


def _is_regex(attr: object, value: object) -> bool:
    return attr != "_" and isinstance(value, dict) and isinstance(value.get("REGEX"), str)


def _token_regexes(pattern: list[dict]) -> list[tuple[str, str]]:
    """The (attribute, regex) of each REGEX predicate of a token pattern."""
    return [
        (_attr(attr), value["REGEX"])
        for token in pattern
        if isinstance(token, dict)
        for attr, value in token.items()
        if _is_regex(attr, value)
    ]


def _with_sets(pattern: list[dict], found: dict[tuple[str, str], list[str]]) -> list[dict]:
    """``pattern`` with each REGEX predicate replaced by the strings it ``found``."""
    out = []
    for token in pattern:
        token = dict(token)
        for attr, value in list(token.items()):
            if _is_regex(attr, value):
                rest = {k: v for k, v in value.items() if k != "REGEX"}
                token[attr] = {**rest, "IN": found.get((_attr(attr), value["REGEX"]), [])}
        out.append(token)
    return out


def _required(op: object) -> bool:
    """Whether a token with this ``OP`` is in every match ("!" is not: it matches no word)."""
    if op is None or op in ("+", "1"):
        return True
    m = _AT_LEAST.fullmatch(op) if isinstance(op, str) else None
    return bool(m and int(m.group(1)) >= 1)


def _anchor(pattern: list[dict]) -> tuple[str, frozenset[str]] | None:
    """A word every match of ``pattern`` contains, as (attribute, the strings it can be): the
    required token that names the fewest; None if no required token names its word."""
    best: tuple[str, frozenset[str]] | None = None
    for token in pattern:
        if not isinstance(token, dict) or not _required(token.get("OP")):
            continue
        for attr, value in token.items():
            if not isinstance(attr, str) or _attr(attr) not in _WORD_ATTRS:
                continue
            if isinstance(value, str):
                values = frozenset([value])
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                values = frozenset(v for v in value["IN"] if isinstance(v, str))
            else:
                continue
            if best is None or len(values) < len(best[1]):
                best = (_attr(attr), values)
    return best


class TokenPatterns:
    """All token patterns of a run, by key; ``matches`` gives them on one document."""

    def __init__(self, vocab: Vocab, patterns: dict[str, list[list[dict]]]) -> None:
        from spacy.matcher import Matcher

        self.whole = Matcher(vocab, validate=True)  # no anchor: over the whole document
        self.anchored = Matcher(vocab, validate=True)
        self._anchors: list[tuple[str, frozenset[str]]] = []
        # patterns with REGEX predicates, and each (attribute, regex)'s answers so far
        self._with_regex: dict[str, list[list[dict]]] = {}
        self._answers: dict[tuple[str, str], dict[str, bool]] = {}
        self._owner: dict[tuple[str, str], str] = {}  # the first key that has it
        for key, found in patterns.items():
            pairs = [(p, _token_regexes(p)) for p in found]
            plain = [p for p, rx in pairs if not rx]
            with_regex = [p for p, rx in pairs if rx]
            try:
                self._add(self.whole, self.anchored, key, plain, self._anchors)
                if with_regex:  # spaCy's checks now; the sets are filled in per document
                    Matcher(vocab, validate=True).add(key, [_with_sets(p, {}) for p in with_regex])
            except (ValueError, TypeError, KeyError) as exc:  # spaCy's MatchPatternError, ...
                raise PatternError(key, " ".join(str(exc).split())) from None
            if with_regex:
                self._with_regex[key] = with_regex
            for pair in (pair for _p, rx in pairs for pair in rx):
                self._answers.setdefault(pair, {})
                self._owner.setdefault(pair, key)

    def __len__(self) -> int:
        return len(self.whole) + len(self.anchored) + len(self._with_regex)

    @staticmethod
    def _add(
        whole: Matcher,
        anchored: Matcher,
        key: str,
        patterns: list[list[dict]],
        anchors: list[tuple[str, frozenset[str]]],
    ) -> None:
        found = [(p, _anchor(p)) for p in patterns]
        on_whole = [p for p, a in found if a is None]
        on_runs = [p for p, a in found if a is not None]
        if on_whole:
            whole.add(key, on_whole)
        if on_runs:
            anchored.add(key, on_runs)
            anchors.extend(a for _p, a in found if a is not None)

    def matches(self, doc: Doc, sentences: list[tuple[int, int]]) -> list[Match]:
        """Every pattern's matches in ``doc``, whose sentences span these tokens."""
        from spacy.matcher import Matcher

        if not len(doc):
            return []
        out: list[Match] = self.whole(doc) if len(self.whole) else []
        anchors = list(self._anchors)
        matchers = [self.anchored]
        if self._with_regex:
            found = self._regex_sets(doc)
            whole, anchored = Matcher(doc.vocab), Matcher(doc.vocab)
            for key, patterns in self._with_regex.items():
                self._add(whole, anchored, key, [_with_sets(p, found) for p in patterns], anchors)
            if len(whole):
                out += whole(doc)
            matchers.append(anchored)
        runs = self._runs(doc, sentences, anchors)
        for matcher in matchers:
            if len(matcher):
                out += [(m, s + a, e + a) for a, b in runs for m, s, e in matcher(doc[a:b])]
        return out

    @staticmethod
    def _runs(
        doc: Doc, sentences: list[tuple[int, int]], anchors: list[tuple[str, frozenset[str]]]
    ) -> list[tuple[int, int]]:
        """The runs of consecutive sentences that hold an anchor's word, as token ranges."""
        import numpy as np
        from spacy.attrs import IDS
        from spacy.strings import get_string_id

        if not sentences or not anchors:
            return []
        columns = sorted({attr for attr, _values in anchors})
        table = doc.to_array([IDS[a] for a in columns]).reshape(len(doc), -1)
        starts = np.array([s for s, _e in sentences])
        ends = np.array([e for _s, e in sentences])
        wanted = np.zeros(len(sentences), dtype=bool)
        for attr, values in anchors:
            hashes = np.array([get_string_id(v) for v in values], dtype=table.dtype)
            at = np.nonzero(np.isin(table[:, columns.index(attr)], hashes))[0]
            k = np.searchsorted(starts, at, side="right") - 1
            inside = (k >= 0) & (at < ends[np.maximum(k, 0)])
            wanted[k[inside]] = True
        runs: list[tuple[int, int]] = []
        for k in np.nonzero(wanted)[0].tolist():
            if runs and k > 0 and wanted[k - 1]:
                runs[-1] = (runs[-1][0], sentences[k][1])
            else:
                runs.append(sentences[k])
        return runs

    def _regex_sets(self, doc: Doc) -> dict[tuple[str, str], list[str]]:
        """For each (attribute, regex): the document's strings of the attribute it finds."""
        from spacy.attrs import IDS

        strings = doc.vocab.strings
        deadline = regexes.Deadline(doc[-1].idx + len(doc[-1]))  # the text length (Doc.text joins)
        columns = sorted({attr for attr, _rx in self._answers})
        table = doc.to_array([IDS[a] for a in columns]).reshape(len(doc), -1)
        distinct = {
            a: [strings[h] for h in set(table[:, k].tolist())] for k, a in enumerate(columns)
        }
        found: dict[tuple[str, str], list[str]] = {}
        for (attr, pattern), seen in self._answers.items():
            rx = regexes.compile(pattern, ignore_case=False)  # spaCy's REGEX is case-sensitive
            hits = []
            for value in distinct[attr]:
                answer = seen.get(value)
                if answer is None:
                    if len(seen) >= _MEMO:
                        seen.clear()
                    try:
                        answer = seen[value] = rx.search(value, deadline) is not None
                    except regexes.RegexFailure as exc:
                        exc.owner = exc.owner or self._owner[(attr, pattern)]
                        raise
                if answer:
                    hits.append(value)
            found[(attr, pattern)] = sorted(hits)
        return found

"""The critique model: a small linear classifier that scores each sentence per critique point.

Rules find what a pattern can name; a reviewer also judges what a pattern cannot (a claim about
a trend with nothing behind it, an aim in words too vague to follow up). This model learns that
from sentences labelled by the gold set's guide (``training/train_classifier.py``). It reads
the structure a dependency parse gives, in the manner of the requirement-smell checkers:

- words: lemmas and lemma pairs of the sentence, and the last letters of long nouns and
  adjectives (the head of a Swedish compound);
- the clause: the main verb, its modal and auxiliary verbs, voice and tense, its subject (none,
  a pronoun, which noun), whether the sentence opens with an infinitive or has no finite verb,
  comparatives and superlatives, figures, years and per cent;
- the rule pack's named features (``features.yaml``: a source, a figure, an actor, a forum ...)
  in the sentence and in the sentences either side;
- where it stands: the kind of block (heading, list item, paragraph, table cell), the words of
  the heading above it, and of a run-in heading ("Syfte och ändamål: ...") at its start.

A sentence's score for a label is the logistic function of the sum of the weights of its
features; the features with the largest positive weights are the ones that drove a finding,
and each points back at the words it came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policycheck.checks.base import Context

MODELS_DIR = Path(__file__).parent
FEATURE_VERSION = 4

Span_ = tuple[int, int]
# a sentence's features, each with the span of text it came from (None: the sentence); a
# feature may come more than once
Features = list[tuple[str, Span_ | None]]

_SKIP_POS = frozenset({"PUNCT", "SPACE", "SYM", "NUM", "X"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
_SUBJECT = frozenset({"nsubj", "nsubj:pass", "expl", "csubj"})
_AUX = frozenset({"aux", "aux:pass", "cop"})
_MORPH_KEYS = ("VerbForm", "Voice", "Tense", "Degree", "Mood")
_MARKERS = frozenset({"*", "-", "–", "—", "•", "·", "+"})
_LENGTHS = ((6, "xs"), (12, "s"), (25, "m"), (40, "l"))


@cache
def _morph(value: str) -> dict[str, str]:
    out = {}
    for part in value.split("|"):
        key, _, val = part.partition("=")
        if key in _MORPH_KEYS:
            out[key] = val
    return out


def _length_bucket(n: int) -> str:
    for limit, name in _LENGTHS:
        if n < limit:
            return name
    return "xl"


def sentence_features(ctx: Context, feature_names: Iterable[str] | None = None) -> list[Features]:
    """The features of every sentence of ``ctx``, in order."""
    names = list(ctx.index.features if feature_names is None else feature_names)
    present = [set() for _ in ctx.sentences]
    spans_of: list[dict[str, list[Span_]]] = [{} for _ in ctx.sentences]
    for name in names:
        for i, spans in ctx.hits_by_sentence(f"feature:{name}").items():
            present[i].add(name)
            spans_of[i][name] = spans
    heading_words = _heading_words(ctx)
    tokens = _Tokens(ctx.doc)
    out: list[Features] = []
    n = len(ctx.sentences)
    for i, sent in enumerate(ctx.sentences):
        feats: Features = []
        add = feats.append
        add(("bias:sentence", None))
        block = ctx.block_of(i)
        add((f"blk:{block.kind.value if block else 'none'}", None))
        for word in heading_words.get(block.start if block else -1, ()):
            add((f"h:{word}", None))
        for name in present[i]:
            for span in spans_of[i][name]:
                add((f"f:{name}", span))
        if i > 0:
            for name in present[i - 1]:
                add((f"pf:{name}", None))
        if i + 1 < n:
            for name in present[i + 1]:
                add((f"nf:{name}", None))
        start = _after_run_in_label(tokens, sent.start, sent.end)
        for j in range(sent.start, start):
            if tokens.s(tokens.pos[j]) in _CONTENT_POS:
                add((f"h:{tokens.lemma_of(j)}", None))
        mood = _clause_features(tokens, start, sent.end, add)
        add((f"mood:{mood}", None))
        for name in present[i]:
            add((f"fx:{name}|{mood}", None))
        out.append(feats)
    return out


class _Tokens:
    """The token attributes the features read, taken from the Doc in one call (a Token object
    per word costs more than the features themselves), with their strings looked up once."""

    def __init__(self, doc) -> None:
        from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LEMMA, MORPH, ORTH, POS

        table = doc.to_array([ORTH, LEMMA, POS, MORPH, DEP, HEAD, IDX, IS_SPACE])
        if len(table):
            self.orth, self.lemma, self.pos, self.morph, self.dep = (
                table[:, k].tolist() for k in range(5)
            )
            self.head = table[:, 5].astype("int64").tolist()  # relative offsets
            self.idx = table[:, 6].tolist()
            self.space = table[:, 7].tolist()
        else:
            self.orth = self.lemma = self.pos = self.morph = self.dep = []
            self.head = self.idx = self.space = []
        self._strings = doc.vocab.strings
        self._cache: dict[int, str] = {}
        self._morphs: dict[int, dict[str, str]] = {}  # read-only: shared by equal analyses
        self._lowered: dict[int, str] = {}  # lemma -> its lower case

    def s(self, key: int) -> str:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._strings[key] if key else ""
        return found

    def text(self, i: int) -> str:
        return self.s(self.orth[i])

    def span(self, i: int) -> Span_:
        return (self.idx[i], self.idx[i] + len(self.text(i)))

    def lemma_of(self, i: int) -> str:
        key = self.lemma[i]
        found = self._lowered.get(key)
        if found is None:
            found = self._lowered[key] = self.s(key).lower()
        return found or self.text(i).lower()

    def morph_of(self, i: int) -> dict[str, str]:
        key = self.morph[i]
        found = self._morphs.get(key)
        if found is None:
            found = self._morphs[key] = _morph(self.s(key))
        return found


def _after_run_in_label(tok: _Tokens, start: int, end: int) -> int:
    """Where the sentence proper begins after a run-in heading ("Syfte och ändamål: Som
    organisation behöver vi ...", "Ansvar: Nämnden ..."): up to four words and no verb or
    pronoun, the first capitalised, then a colon and a sentence of at least three words. Such a
    label is read as the heading of what follows, not as words of the sentence."""
    words = 0
    for i in range(start, min(end, start + 7)):
        text = tok.text(i)
        if words == 0 and text in _MARKERS:
            continue
        if text == ":":
            rest = sum(1 for j in range(i + 1, end) if tok.text(j)[:1].isalpha())
            first = next((j for j in range(start, i) if not tok.space[j]), None)
            capital = first is not None and tok.text(first)[:1].isupper()
            if 1 <= words <= 4 and rest >= 3 and capital:
                return i + 1
            return start
        if tok.space[i]:
            continue
        if not text.isalpha() or tok.s(tok.pos[i]) in ("VERB", "AUX", "PRON"):
            return start
        words += 1
    return start


def _heading_words(ctx: Context) -> dict[int, tuple[str, ...]]:
    """For each block (by start offset), the lemmas of the content words of the nearest heading
    above it (the block itself, for a heading)."""
    from policycheck.document import BlockKind

    words: tuple[str, ...] = ()
    out: dict[int, tuple[str, ...]] = {}
    lookup = ctx.index.pipeline.lemma_lookup
    vocab = ctx.doc.vocab
    for block in ctx.document.blocks:
        if block.kind == BlockKind.HEADING:
            text = ctx.document.text[block.start : block.end].lower()
            found = []
            for word in text.split():
                word = word.strip(".,:;()”\"'–-0123456789")
                if len(word) >= 3 and not vocab[word].is_stop:
                    found.append(lookup(word) or word)
            words = tuple(dict.fromkeys(found))[:6]
        out[block.start] = words
    return out


# the kind of statement, by the modal and auxiliary verbs of the main clause
_INTENT = frozenset({"skola", "ska", "skall", "måste", "vilja", "komma"})
_WEAK = frozenset({"kunna", "kan", "böra", "bör", "få"})
_NEED = frozenset({"behöva", "syfta", "avse", "sträva", "eftersträva"})


def _clause_features(tok: _Tokens, start: int, end: int, add) -> str:
    """Add the features of the words and main clause of tokens ``start:end``; return the
    sentence's mood: intent (ska, måste, vill), weak (kan, bör, får), need (behöver, syftar
    till), past (a past or perfect tense), pres (a present tense, no modal), inf (opens with an
    infinitive: a task or an aim in a list), nominal (no finite verb) or none."""
    ids = [i for i in range(start, end) if not tok.space[i]]
    while ids and tok.text(ids[0]) in _MARKERS:  # a list item's bullet
        ids = ids[1:]
    if not ids:
        return "none"
    add((f"len:{_length_bucket(len(ids))}", None))
    pos_of = {i: tok.s(tok.pos[i]) for i in ids}
    words = [i for i in ids if pos_of[i] not in _SKIP_POS]
    prev = None
    finite = False
    for i in ids:
        text = tok.text(i)
        span = (tok.idx[i], tok.idx[i] + len(text))
        pos = pos_of[i]
        if pos == "NUM" or text[:1].isdigit():
            add(("num", span))
            if len(text) == 4 and text[:2] in ("19", "20") and text.isdigit():
                add(("year", span))
        if text == "%":
            add(("pct", span))
        if pos in _SKIP_POS:
            continue
        lemma = tok.lemma_of(i)
        add((f"w:{lemma}", span))
        if prev is not None:
            add((f"b:{prev[0]}_{lemma}", (prev[1][0], span[1])))
        prev = (lemma, span)
        if pos in ("NOUN", "ADJ") and len(lemma) >= 9:
            add((f"s:{lemma[-5:]}", span))
        morph = tok.morph_of(i)
        degree = morph.get("Degree")
        if degree in ("Cmp", "Sup") and pos in ("ADJ", "ADV"):
            add((f"deg:{degree}", span))
        if morph.get("VerbForm") == "Fin":
            finite = True
    if words:
        first = words[0]
        vf = tok.morph_of(first).get("VerbForm", "")
        add((f"start:{pos_of[first]}:{vf}", tok.span(first)))
    if not finite:
        add(("nofinite", None))
    if tok.text(ids[-1]) == ":":
        add(("colon_end", None))
    root = next((i for i in ids if tok.s(tok.dep[i]) == "ROOT"), None)
    opens_inf = bool(words) and tok.morph_of(words[0]).get("VerbForm") == "Inf"
    if root is None:
        return "inf" if opens_inf else ("nominal" if not finite else "none")
    rspan = tok.span(root)
    rmorph = tok.morph_of(root)
    root_lemma = tok.lemma_of(root)
    add((f"root:{root_lemma}", rspan))
    add((f"rootpos:{pos_of[root]}", rspan))
    for key in ("VerbForm", "Voice", "Tense"):
        if key in rmorph:
            add((f"r{key.lower()}:{rmorph[key]}", rspan))
    subject = None
    modals = []
    for i in range(start, end):
        if i == root or i + tok.head[i] != root:
            continue
        dep = tok.s(tok.dep[i])
        if dep in _SUBJECT and subject is None:
            subject = i
        elif dep in _AUX:
            modals.append(i)
    passive = rmorph.get("Voice") == "Pass"
    for aux in modals:
        lemma = tok.lemma_of(aux)
        add((f"aux:{lemma}", tok.span(aux)))
        if passive:
            add((f"aux:{lemma}+pass", tok.span(aux)))
    aux_lemmas = {tok.lemma_of(a) for a in modals} | {tok.text(a).lower() for a in modals}
    if aux_lemmas & _INTENT:
        mood = "intent"
    elif aux_lemmas & _WEAK:
        mood = "weak"
    elif root_lemma in _NEED and rmorph.get("VerbForm") == "Fin":
        mood = "need"
    elif rmorph.get("Tense") == "Past" or (
        rmorph.get("VerbForm") in ("Sup", "Part") and ("ha" in aux_lemmas)
    ):
        mood = "past"
    elif rmorph.get("VerbForm") == "Fin" or finite:
        mood = "pres"
    elif opens_inf:
        mood = "inf"
    else:
        mood = "nominal"
    subject_word = "none" if subject is None else tok.lemma_of(subject)
    # who does what in which mood: "regeringen har beslutat" reports an action of its own,
    # "arbetslösheten har ökat" asserts a trend
    add((f"sm:{subject_word}|{mood}", rspan))
    add((f"rm:{root_lemma}|{mood}", rspan))
    if subject is None:
        add(("subj:none", rspan))
        if passive:
            add(("pass+nosubj", rspan))
    else:
        sspan = tok.span(subject)
        spos = pos_of.get(subject, tok.s(tok.pos[subject]))
        add((f"subj:{spos}", sspan))
        if spos in ("PRON", "PROPN", "NOUN", "DET"):
            add((f"subjl:{subject_word}", sspan))
    return mood


# --- the model --------------------------------------------------------------------------


@dataclass
class CritiqueModel:
    """Weights per label and feature; a sentence's score is the logistic of their sum."""

    name: str
    labels: tuple[str, ...]
    weights: dict[str, dict[str, float]]  # label -> feature -> weight
    bias: dict[str, float]
    meta: dict

    def __post_init__(self) -> None:
        import numpy as np

        # one row of weights (a column per label) per feature: a sentence's sums are the sum
        # of its features' rows, taken for all sentences of a document at once
        self._row: dict[str, int] = {}
        for label in self.labels:
            for feature in self.weights[label]:
                self._row.setdefault(feature, len(self._row))
        self._matrix = np.zeros((len(self._row), len(self.labels)))
        for k, label in enumerate(self.labels):
            for feature, w in self.weights[label].items():
                self._matrix[self._row[feature], k] = w
        self._bias = np.array([self.bias[label] for label in self.labels])

    def scores_of(self, sentences: list[Features]) -> list[dict[str, float]]:
        """Each sentence's score for every label (each feature counts once), all sentences of
        a document at once."""
        import numpy as np

        rows, owners = [], []
        row = self._row
        for n, feats in enumerate(sentences):
            found = {row[f] for f, _span in feats if f in row}
            rows.extend(found)
            owners.extend([n] * len(found))
        owner = np.array(owners, dtype=np.intp)
        picked = self._matrix[np.array(rows, dtype=np.intp)]
        z = np.tile(self._bias, (len(sentences), 1))
        for k in range(len(self.labels)):  # a sum per sentence, a label at a time
            z[:, k] += np.bincount(owner, weights=picked[:, k], minlength=len(sentences))
        probs = (1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))).tolist()
        return [dict(zip(self.labels, p, strict=True)) for p in probs]

    def drivers(self, feats: Features, label: str, most: int = 3) -> list[tuple[str, float]]:
        """The features that raised the score most, with their weights (largest first)."""
        weights = self.weights[label]
        found = {f: weights[f] for f, _span in feats if weights.get(f, 0.0) > 0}
        return sorted(found.items(), key=lambda fw: -fw[1])[:most]

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "feature_version": FEATURE_VERSION,
            "labels": list(self.labels),
            "bias": self.bias,
            "weights": self.weights,
            "meta": self.meta,
        }


class ModelError(Exception):
    """A critique model that cannot be used."""


def model_path(name: str) -> Path:
    return MODELS_DIR / f"{name}.json"


@cache
def load_model(name: str) -> CritiqueModel:
    """The shipped critique model ``name`` (``policycheck/models/<name>.json``)."""
    path = model_path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"critique model '{name}' cannot be read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise ModelError(f"critique model '{name}' is not valid JSON ({exc})") from None
    if data.get("feature_version") != FEATURE_VERSION:
        raise ModelError(
            f"critique model '{name}' was trained on features version "
            f"{data.get('feature_version')}, this policycheck computes version {FEATURE_VERSION}"
        )
    return CritiqueModel(
        name=data["name"],
        labels=tuple(data["labels"]),
        weights=data["weights"],
        bias=data["bias"],
        meta=data.get("meta", {}),
    )


def require(name: str, label: str) -> CritiqueModel:
    """The model ``name``, which must score ``label``."""
    model = load_model(name)
    if label not in model.labels:
        raise ModelError(
            f"the critique model '{name}' has no label '{label}' "
            f"(it has: {', '.join(model.labels)})"
        )
    return model


def require_for(rule, name: str, label: str, key: str = "") -> CritiqueModel:
    """:func:`require` for a rule that uses the model (its check, or its ``key``: ``gate``):
    a missing model or label fails the run at its start, naming the rule."""
    from policycheck.errors import RuleFileError

    try:
        return require(name, label)
    except ModelError as exc:
        where = f"rule {rule.code} ({rule.alias}): " + (f"{key}: " if key else "")
        raise RuleFileError(f"{where}{exc}") from None

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
  the heading above it.

A sentence's score for a label is the logistic function of the sum of the weights of its
features; the features with the largest positive weights are the ones that drove a finding,
and each points back at the words it came from.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policycheck.checks.base import Context

MODELS_DIR = Path(__file__).parent
# what the features are read from: a pipeline without these cannot feed the model
MODEL_NEEDS = frozenset({"lemma", "tags", "morph", "parser"})
FEATURE_VERSION = 2

Span_ = tuple[int, int]
Features = dict[str, list[Span_]]  # feature -> the character spans it came from

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


def _add(feats: Features, name: str, span: Span_ | None = None) -> None:
    spans = feats.setdefault(name, [])
    if span is not None:
        spans.append(span)


def sentence_features(ctx: Context, feature_names: Iterable[str] | None = None) -> list[Features]:
    """The features of every sentence of ``ctx``, in order."""
    document = ctx.document
    names = list(ctx.index.features if feature_names is None else feature_names)
    present = [set() for _ in ctx.sentences]
    spans_of: list[dict[str, list[Span_]]] = [{} for _ in ctx.sentences]
    for name in names:
        for i, spans in ctx.hits_by_sentence(f"feature:{name}").items():
            present[i].add(name)
            spans_of[i][name] = spans
    heading_words = _heading_words(ctx)
    out: list[Features] = []
    n = len(ctx.sentences)
    for i, sent in enumerate(ctx.sentences):
        feats: Features = {}
        _add(feats, "bias:sentence")
        block = document.block_at(sent.start_char)
        _add(feats, f"blk:{block.kind.value if block else 'none'}")
        for word in heading_words.get(block.start if block else -1, ()):
            _add(feats, f"h:{word}")
        for name in present[i]:
            for span in spans_of[i][name]:
                _add(feats, f"f:{name}", span)
        if i > 0:
            for name in present[i - 1]:
                _add(feats, f"pf:{name}")
        if i + 1 < n:
            for name in present[i + 1]:
                _add(feats, f"nf:{name}")
        mood = _clause_features(sent, feats)
        _add(feats, f"mood:{mood}")
        for name in present[i]:
            _add(feats, f"fx:{name}|{mood}")
        out.append(feats)
    return out


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


def _clause_features(sent, feats: Features) -> str:
    """Add the features of the sentence's words and main clause; return its mood: intent
    (ska, måste, vill), weak (kan, bör, får), need (behöver, syftar till), past (a past or
    perfect tense), pres (a present tense, no modal), inf (opens with an infinitive: a task or
    an aim in a list), nominal (no finite verb) or none."""
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[0].text in _MARKERS:  # a list item's bullet
        tokens = tokens[1:]
    if not tokens:
        return "none"
    _add(feats, f"len:{_length_bucket(len(tokens))}")
    words = [t for t in tokens if t.pos_ not in _SKIP_POS]
    prev = None
    finite = False
    for t in tokens:
        span = (t.idx, t.idx + len(t.text))
        pos = t.pos_
        if pos == "NUM" or t.text[:1].isdigit():
            _add(feats, "num", span)
            if len(t.text) == 4 and t.text[:2] in ("19", "20") and t.text.isdigit():
                _add(feats, "year", span)
        if t.text == "%":
            _add(feats, "pct", span)
        if pos in _SKIP_POS:
            continue
        lemma = t.lemma_.lower() or t.lower_
        _add(feats, f"w:{lemma}", span)
        if prev is not None:
            _add(feats, f"b:{prev[0]}_{lemma}", (prev[1][0], span[1]))
        prev = (lemma, span)
        if pos in ("NOUN", "ADJ") and len(lemma) >= 9:
            _add(feats, f"s:{lemma[-5:]}", span)
        morph = _morph(str(t.morph))
        degree = morph.get("Degree")
        if degree in ("Cmp", "Sup") and pos in ("ADJ", "ADV"):
            _add(feats, f"deg:{degree}", span)
        if morph.get("VerbForm") == "Fin":
            finite = True
    if words:
        first = words[0]
        vf = _morph(str(first.morph)).get("VerbForm", "")
        _add(feats, f"start:{first.pos_}:{vf}", (first.idx, first.idx + len(first.text)))
    if not finite:
        _add(feats, "nofinite")
    if tokens[-1].text == ":":
        _add(feats, "colon_end")
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    opens_inf = bool(words) and _morph(str(words[0].morph)).get("VerbForm") == "Inf"
    if root is None:
        return "inf" if opens_inf else ("nominal" if not finite else "none")
    rspan = (root.idx, root.idx + len(root.text))
    rmorph = _morph(str(root.morph))
    _add(feats, f"root:{root.lemma_.lower()}", rspan)
    _add(feats, f"rootpos:{root.pos_}", rspan)
    for key in ("VerbForm", "Voice", "Tense"):
        if key in rmorph:
            _add(feats, f"r{key.lower()}:{rmorph[key]}", rspan)
    subject = None
    modals = []
    for child in root.children:
        if child.dep_ in _SUBJECT and subject is None:
            subject = child
        elif child.dep_ in _AUX:
            modals.append(child)
    passive = rmorph.get("Voice") == "Pass"
    for aux in modals:
        aspan = (aux.idx, aux.idx + len(aux.text))
        lemma = aux.lemma_.lower()
        _add(feats, f"aux:{lemma}", aspan)
        if passive:
            _add(feats, f"aux:{lemma}+pass", aspan)
    aux_lemmas = {a.lemma_.lower() for a in modals} | {a.lower_ for a in modals}
    root_lemma = root.lemma_.lower()
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
    subject_word = "none" if subject is None else subject.lemma_.lower()
    # who does what in which mood: "regeringen har beslutat" reports an action of its own,
    # "arbetslösheten har ökat" asserts a trend
    _add(feats, f"sm:{subject_word}|{mood}", rspan)
    _add(feats, f"rm:{root_lemma}|{mood}", rspan)
    if subject is None:
        _add(feats, "subj:none", rspan)
        if passive:
            _add(feats, "pass+nosubj", rspan)
    else:
        sspan = (subject.idx, subject.idx + len(subject.text))
        _add(feats, f"subj:{subject.pos_}", sspan)
        if subject.pos_ in ("PRON", "PROPN", "NOUN", "DET"):
            _add(feats, f"subjl:{subject.lemma_.lower()}", sspan)
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

    def score(self, feats: Features, label: str) -> float:
        weights = self.weights[label]
        z = self.bias[label] + sum(weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def drivers(self, feats: Features, label: str, most: int = 3) -> list[tuple[str, float]]:
        """The features that raised the score most, with their weights (largest first)."""
        weights = self.weights[label]
        found = [(f, weights[f]) for f in feats if weights.get(f, 0.0) > 0]
        found.sort(key=lambda fw: -fw[1])
        return found[:most]

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

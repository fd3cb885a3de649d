"""Sentence features and labels of labelled documents, for training and measuring the critique
model (cached in training/output/features-<source>.pkl)."""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policycheck.evaluate import SENTENCE_LABELS
from training.critique_data import LabelledDocument

OUTPUT = Path(__file__).resolve().parent / "output"


@dataclass
class Row:
    doc: str  # LabelledDocument.id
    start: int  # the sentence in the document text
    end: int
    text: str
    features: dict[str, list[tuple[int, int]]]
    targets: dict[str, float]  # label -> share of reviewers who labelled it
    rules: frozenset[str] = frozenset()  # sentence rules that hit it (before any gate)
    judged: frozenset[str] = frozenset()  # labels whose learned rule judges it (any score)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def targets_for(span: tuple[int, int], doc: LabelledDocument) -> dict[str, float]:
    """For each label, the share of reviewers who labelled a sentence that covers most of this
    one (or that this one covers most of)."""
    out: dict[str, float] = {}
    for label in SENTENCE_LABELS:
        votes = 0
        for ann in doc.annotations:
            for s in ann.sentences:
                if label not in s.labels:
                    continue
                shared = _overlap(span, (s.start, s.end))
                if shared and 2 * shared >= min(span[1] - span[0], s.end - s.start):
                    votes += 1
                    break
        if votes:
            out[label] = votes / len(doc.annotations)
    return out


def rule_hits(checker, ctx) -> list[set[str]]:
    """For each sentence, the sentence rules (other than learned ones) that hit it, before
    any gate: what the gates are tuned on."""
    from policycheck.checks import CHECKS

    hits: list[set[str]] = [set() for _ in ctx.sentences]
    for rule in checker.language(ctx.lang).rules:
        if rule.level != "sentence" or rule.check.type == "classifier":
            continue
        if checker.severity_of(rule, ctx.document_type) == "off":
            continue
        for hit in CHECKS[rule.check.type].run(rule, ctx):
            if hit.sentence is not None:
                hits[hit.sentence].add(rule.code)
    return hits


def judged_by(ctx) -> list[set[str]]:
    """For each sentence, the labels whose bundled learned rule would judge it at all (enough
    words, not a lead-in, its ``when`` met), whatever the model's score: the sentences a
    learned rule's threshold is tuned on."""
    from policycheck.checks.classifier import judges
    from policycheck.packs import pack

    learned = [r.check for r in pack(ctx.lang).rules if r.check.type == "classifier"]
    return [
        {check.label for check in learned if judges(check, ctx, i)}
        for i in range(len(ctx.sentences))
    ]


def featurize(docs: list[LabelledDocument], checker) -> list[Row]:
    from policycheck.models.critique_model import sentence_features
    from policycheck.read import read_bytes

    rows: list[Row] = []
    for doc in docs:
        name = doc.id.rsplit("/", 1)[-1]
        document = read_bytes(doc.text.encode("utf-8"), f"{name}.txt", ".txt", max_size=None)
        ctx = checker.context(document)
        feats = sentence_features(ctx)
        hits = rule_hits(checker, ctx)
        judged = judged_by(ctx)
        for sent, pairs, h, j in zip(ctx.sentences, feats, hits, judged, strict=True):
            start, end = document.original_span(sent.start_char, sent.end_char)
            f: dict[str, list[tuple[int, int]]] = {}
            for name, span in pairs:
                f.setdefault(name, [])
                if span is not None:
                    f[name].append(span)
            targets = targets_for((start, end), doc)
            text = doc.text[start:end]
            rows.append(Row(doc.id, start, end, text, f, targets, frozenset(h), frozenset(j)))
    return rows


def sv_checker():
    """A checker of the bundled Swedish rules without the critique model: no learned rules,
    no gates (the model is what is being trained)."""
    from dataclasses import replace

    from policycheck.engine import Checker
    from policycheck.options import Options
    from policycheck.packs import pack

    def without_model(lang: str):
        full = pack(lang, ())
        rules = [
            r.model_copy(update={"gate": None}) for r in full.rules if r.check.type != "classifier"
        ]
        return replace(full, rules=rules)

    return Checker(Options(language="sv"), packs=without_model)


def cached_rows(source: str, docs_fn, refresh: bool = False) -> list[Row]:
    """Rows of a source, from the cache when the documents and features are unchanged."""
    import hashlib

    from policycheck.models.critique_model import FEATURE_VERSION

    docs = docs_fn()
    key = hashlib.sha256()
    key.update(str(FEATURE_VERSION).encode())
    # this file too: a row it writes may gain a field
    key.update(Path(__file__).read_bytes())
    for path in sorted((Path(__file__).resolve().parent.parent / "policycheck").rglob("*.py")):
        key.update(path.read_bytes())
    for path in sorted((Path(__file__).resolve().parent.parent / "rules" / "sv").glob("*.yaml")):
        key.update(path.read_bytes())
    for d in docs:
        key.update(d.id.encode())
        key.update(d.text.encode())
        for a in d.annotations:
            for s in a.sentences:
                key.update(f"{a.annotator}{s.start}{s.end}{sorted(s.labels)}".encode())
    cache = OUTPUT / f"features-{source}.pkl"
    if cache.exists() and not refresh:
        stored_key, rows = pickle.loads(cache.read_bytes())
        if stored_key == key.hexdigest():
            return rows
    rows = featurize(docs, sv_checker())
    OUTPUT.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps((key.hexdigest(), rows)))
    return rows

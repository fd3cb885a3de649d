"""Train the critique model (policycheck/models/sv_critique.json) from labelled sentences.

    python training/train_classifier.py            # cross-validate, train, write the model
    python training/train_classifier.py --cv-only  # only the cross-validated figures

Training data: ../shared/silver (one reviewer a text) and training/labels (two reviewers a
text; see critique_data.py). ../shared/gold is never trained on. Every figure this script
reports is cross-validated by document: the folds split documents, never sentences of one
document, and the regularisation and each label's threshold are chosen on the folds' held-out
predictions. One logistic regression per label (scikit-learn, only needed here: ``pip install
-e ".[train]"``); the weights are written as plain JSON and read by policycheck without it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policycheck.models.critique_model import (
    FEATURE_VERSION,
    CritiqueModel,
    model_path,
)
from training import critique_data
from training.featurize import Row, cached_rows

ROOT = Path(__file__).resolve().parent.parent
MODEL_NAME = "sv_critique"
# the labels the model scores: every sentence label with enough examples to learn from
LABELS = (
    "weak-modal",
    "measurable-goals",
    "vague-concepts",
    "undefined-terms",
    "unsupported-claims",
    "concrete-guidance",
    "participation-form",
    "governance",
)
C_GRID = (0.03, 0.1, 0.3, 1.0)
# a feature seen in fewer training documents is dropped: what only one or two documents
# use says more about them than about the critique point
MIN_DOCS = 3
MIN_PRECISION = 0.6  # thresholds: the best F1 among those with at least this precision


def training_rows(refresh: bool = False) -> list[Row]:
    rows = cached_rows("silver", critique_data.silver, refresh)
    if (critique_data.LABELS / "manifest.json").exists():
        rows += cached_rows("double", critique_data.double, refresh)
    return rows


def folds(docs: list[str], k: int, seed: int = 13) -> list[set[str]]:
    """``k`` groups of documents of about equal size."""
    order = sorted(set(docs))
    random.Random(seed).shuffle(order)
    return [set(order[i::k]) for i in range(k)]


def _vocabulary(rows: list[Row]) -> dict[str, int]:
    docs: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for f in r.features:
            docs[f].add(r.doc)
    kept = sorted(f for f, d in docs.items() if len(d) >= MIN_DOCS)
    return {f: i for i, f in enumerate(kept)}


def _matrix(rows: list[Row], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    data, indices, indptr = [], [], [0]
    for r in rows:
        cols = sorted({vocab[f] for f in r.features if f in vocab})
        indices += cols
        data += [1.0] * len(cols)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def _fit(rows: list[Row], label: str, c: float, vocab: dict[str, int]):
    """A logistic regression for ``label``; a sentence labelled by some of its reviewers
    counts as that share positive and the rest negative."""
    import numpy as np
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    x = _matrix(rows, vocab)
    share = np.array([r.targets.get(label, 0.0) for r in rows])
    pos, neg = share > 0, share < 1
    xs = vstack([x[pos], x[neg]])
    ys = np.concatenate([np.ones(pos.sum()), np.zeros(neg.sum())])
    ws = np.concatenate([share[pos], 1 - share[neg]])
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(xs, ys, sample_weight=ws)
    return model


def out_of_fold(rows: list[Row], label: str, c: float, k: int) -> list[float]:
    groups = folds([r.doc for r in rows], k)
    scores = [0.0] * len(rows)
    for held in groups:
        train = [r for r in rows if r.doc not in held]
        vocab = _vocabulary(train)
        model = _fit(train, label, c, vocab)
        test_idx = [i for i, r in enumerate(rows) if r.doc in held]
        probs = model.predict_proba(_matrix([rows[i] for i in test_idx], vocab))[:, 1]
        for i, p in zip(test_idx, probs, strict=True):
            scores[i] = float(p)
    return scores


def pr_at(rows: list[Row], scores: list[float], label: str, threshold: float):
    """Precision against any reviewer, recall of the sentences all reviewers labelled."""
    flagged = [s >= threshold for s in scores]
    predicted = sum(flagged)
    right = sum(f and r.targets.get(label, 0) > 0 for f, r in zip(flagged, rows, strict=True))
    agreed = [r.targets.get(label, 0) == 1 for r in rows]
    found = sum(f and a for f, a in zip(flagged, agreed, strict=True))
    p = right / predicted if predicted else 0.0
    rec = found / sum(agreed) if sum(agreed) else 0.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    return p, rec, f1, predicted


def best_threshold(rows: list[Row], scores: list[float], label: str) -> tuple[float, tuple]:
    best = None
    for t in [x / 100 for x in range(20, 96)]:
        p, r, f1, n = pr_at(rows, scores, label, t)
        key = (p >= MIN_PRECISION, f1)
        if best is None or key > best[0]:
            best = (key, t, (p, r, f1, n))
    return best[1], best[2]


def cross_validate(rows: list[Row], k: int) -> dict[str, dict]:
    results = {}
    for label in LABELS:
        if not any(r.targets.get(label) for r in rows):
            continue
        best = None
        for c in C_GRID:
            scores = out_of_fold(rows, label, c, k)
            t, (p, r, f1, n) = best_threshold(rows, scores, label)
            if best is None or f1 > best["f1"]:
                best = {"C": c, "threshold": t, "precision": p, "recall": r, "f1": f1, "n": n}
        best["positives"] = sum(1 for r in rows if r.targets.get(label))
        results[label] = best
        print(
            f"{label:20s} C={best['C']:<5} t={best['threshold']:.2f} "
            f"P={best['precision']:.2f} R={best['recall']:.2f} F1={best['f1']:.2f} "
            f"flagged={best['n']} positives={best['positives']}",
            flush=True,
        )
    return results


def train(rows: list[Row], cv: dict[str, dict], prune: float = 1e-3) -> CritiqueModel:
    vocab = _vocabulary(rows)
    names = sorted(vocab, key=vocab.get)
    weights, bias = {}, {}
    for label, choice in cv.items():
        model = _fit(rows, label, choice["C"], vocab)
        coef = model.coef_[0]
        weights[label] = {
            names[i]: round(float(w), 4) for i, w in enumerate(coef) if abs(w) >= prune
        }
        bias[label] = round(float(model.intercept_[0]), 4)
    docs = sorted({r.doc for r in rows})
    meta = {
        "trained_on": {
            "documents": len(docs),
            "sentences": len(rows),
            "sources": sorted({d.split("/")[0] for d in docs}),
        },
        "cross_validation": {
            label: {k: (round(v, 3) if isinstance(v, float) else v) for k, v in c.items()}
            for label, c in cv.items()
        },
        "licence": "Derived from labels of Swedish government texts (not protected, 9 § URL).",
    }
    return CritiqueModel(MODEL_NAME, tuple(cv), weights, bias, meta)


def write_thresholds(cv: dict[str, dict]) -> None:
    """Set each classifier rule's threshold to the cross-validated one."""
    for path in sorted((ROOT / "rules" / "sv").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"type: classifier\n(?:.*\n)*?\s+label: ([\w-]+)", text)
        if not m or m.group(1) not in cv:
            continue
        new = re.sub(
            r"(\n\s+threshold: )[\d.]+", rf"\g<1>{cv[m.group(1)]['threshold']:.2f}", text, count=1
        )
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: threshold {cv[m.group(1)]['threshold']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--refresh", action="store_true", help="featurize again")
    args = parser.parse_args()
    try:
        rows = training_rows(args.refresh)
    except critique_data.DataMissing as exc:
        raise SystemExit(f"train_classifier: {exc}") from None
    print(f"{len(rows)} sentences of {len({r.doc for r in rows})} documents", flush=True)
    cv = cross_validate(rows, args.folds)
    if args.cv_only:
        return
    model = train(rows, cv)
    path = model_path(MODEL_NAME)
    data = model.to_json()
    assert data["feature_version"] == FEATURE_VERSION
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    size = path.stat().st_size
    print(f"wrote {path.relative_to(ROOT)} ({size / 1e6:.2f} MB)")
    write_thresholds(cv)


if __name__ == "__main__":
    main()

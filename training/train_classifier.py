"""Train the critique model (policycheck/models/sv_critique.json) from labelled sentences.

    python training/train_classifier.py            # cross-validate, train, write the model
    python training/train_classifier.py --cv-only  # only the cross-validated figures

Training data: ../shared/silver (one reviewer a text) and training/labels (two reviewers a
text; see critique_data.py). ../shared/gold is never trained on. Every figure this script
reports is cross-validated by document: the folds split documents, never sentences of one
document, and the regularisation and each label's threshold are chosen on the folds' held-out
predictions (averaged over three fold splits; about 15 minutes on two cores). One logistic
regression per label (scikit-learn, only needed here: ``pip install -e ".[train]"``); the
weights are written as plain JSON and read by policycheck without it.
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
from training.featurize import Row, cached_rows, rule_hits, sv_checker

ROOT = Path(__file__).resolve().parent.parent
# the bundled example draft: what its rules report there, no gate may silence
EXAMPLE_DRAFT = ROOT / "examples" / "utkast-integrationspolicy.md"
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
# a label's model gates rules only when its cross-validated F1 is at least this: a model no
# better than that is no judge of what a rule found
MIN_GATE_F1 = 0.4
# thresholds whose held-out F1 is this close to the best count as equally good (flat_top)
F1_TOLERANCE = 0.005
# cross-validation is repeated with these fold splits and the held-out scores averaged
SPLIT_SEEDS = (13, 29, 7)


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
    """Each sentence's held-out score, averaged over the fold splits of SPLIT_SEEDS: one split
    of 250 documents puts a few telling documents together by chance, and a threshold chosen
    on its scores moves with them."""
    scores = [0.0] * len(rows)
    for seed in SPLIT_SEEDS:
        for held in folds([r.doc for r in rows], k, seed):
            train = [r for r in rows if r.doc not in held]
            vocab = _vocabulary(train)
            model = _fit(train, label, c, vocab)
            test_idx = [i for i, r in enumerate(rows) if r.doc in held]
            probs = model.predict_proba(_matrix([rows[i] for i in test_idx], vocab))[:, 1]
            for i, p in zip(test_idx, probs, strict=True):
                scores[i] += float(p) / len(SPLIT_SEEDS)
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
        key = (p >= MIN_PRECISION, f1 if p >= MIN_PRECISION else p)
        if best is None or key > best[0]:
            best = (key, t, (p, r, f1, n))
    return best[1], best[2]


def cross_validate(rows: list[Row], k: int) -> tuple[dict[str, dict], dict[str, list[float]]]:
    """Per label: the regularisation with the best held-out F1, its threshold and figures, and
    the held-out scores of every sentence under it."""
    results, oof = {}, {}
    for label in LABELS:
        if not any(r.targets.get(label) for r in rows):
            continue
        best = None
        for c in C_GRID:
            scores = out_of_fold(rows, label, c, k)
            t, (p, r, f1, n) = best_threshold(rows, scores, label)
            if best is None or f1 > best["f1"]:
                best = {"C": c, "threshold": t, "precision": p, "recall": r, "f1": f1, "n": n}
                oof[label] = scores
        best["positives"] = sum(1 for r in rows if r.targets.get(label))
        results[label] = best
        print(
            f"{label:20s} C={best['C']:<5} t={best['threshold']:.2f} "
            f"P={best['precision']:.2f} R={best['recall']:.2f} F1={best['f1']:.2f} "
            f"flagged={best['n']} positives={best['positives']}",
            flush=True,
        )
    return results, oof


GATES = [g / 20 for g in range(0, 19)]  # 0 (no gate) to 0.9


def _union_figures(rows, scores, label, codes, gates, threshold, learned=True, allowed=None):
    """Sentence-level precision, recall and F1 of the rules of ``codes`` (each reporting where
    the model scores at least its gate) together with the learned rule (``threshold``, on the
    sentences ``allowed``)."""
    predicted = right = found = agreed = 0
    allowed = allowed or [True] * len(rows)
    for r, s, ok in zip(rows, scores, allowed, strict=True):
        flag = (learned and ok and s >= threshold) or any(
            c in r.rules and s >= gates[c] for c in codes
        )
        share = r.targets.get(label, 0.0)
        agreed += share == 1
        if flag:
            predicted += 1
            right += share > 0
            found += share == 1
    p = right / predicted if predicted else 0.0
    rec = found / agreed if agreed else 0.0
    return p, rec, (2 * p * rec / (p + rec) if p + rec else 0.0), predicted


def flat_top(thresholds: list[float], key) -> float:
    """The highest threshold whose key is as good as the best, up to F1_TOLERANCE: held-out F1
    is often flat over a range of thresholds, and its exact peak there is noise; the highest
    threshold of the range gives the most precise findings for the same F1."""
    keys = {t: key(t) for t in thresholds}
    best = max(keys.values())
    return max(
        t for t, k in keys.items() if k[:-1] == best[:-1] and k[-1] >= best[-1] - F1_TOLERANCE
    )


def tune_gates(
    rows, oof, cv, rule_labels: dict[str, list[str]], learned: dict, ungated: set[str]
) -> dict[str, dict]:
    """For each label, a gate per rule answering it and the learned rule's threshold, chosen
    together on the held-out scores: the best F1 among the settings with precision of at
    least MIN_PRECISION; where no setting reaches it, among those at least as precise as the
    label's rules alone; where none is, the most precise (coordinate ascent, three rounds)."""
    out = {}
    for label, scores in oof.items():
        codes = sorted(c for c, labels in rule_labels.items() if label in labels)
        gates = dict.fromkeys(codes, 0.0)
        may_gate = cv[label]["f1"] >= MIN_GATE_F1
        allowed = [label not in learned or label in r.judged for r in rows]
        threshold = cv[label]["threshold"]
        rules_only = _union_figures(rows, scores, label, codes, dict.fromkeys(codes, 0.0), 1, False)
        # the model may add findings or hold back a rule's, but not make the label's findings
        # less precise than MIN_PRECISION, or where that is out of reach, than its rules alone
        floor = min(MIN_PRECISION, rules_only[0]) if rules_only[3] else MIN_PRECISION

        def key(g, t, scores=scores, label=label, codes=codes, allowed=allowed, floor=floor):
            p, r, f1, _ = _union_figures(rows, scores, label, codes, g, t, allowed=allowed)
            # where no setting is precise enough, the most precise: a rule that is mostly
            # wrong costs the reader more than the few sentences it would find
            return (p >= MIN_PRECISION, p >= floor, f1 if p >= floor else p)

        for _round in range(3):
            for code in [c for c in codes if c not in ungated] if may_gate else ():
                gates[code] = max(GATES, key=lambda g, c=code: key({**gates, c: g}, threshold))
            threshold = flat_top(
                [x / 100 for x in range(20, 100)], lambda t, g=gates, k=key: k(g, t)
            )
        p, r, f1, n = _union_figures(rows, scores, label, codes, gates, threshold, allowed=allowed)
        out[label] = {
            "threshold": threshold,
            "gates": gates,
            "precision": p,
            "recall": r,
            "f1": f1,
            "n": n,
            "rules_alone": dict(zip(("precision", "recall", "f1", "n"), rules_only, strict=True)),
        }
        print(
            f"{label:20s} rules alone P={rules_only[0]:.2f} R={rules_only[1]:.2f} "
            f"F1={rules_only[2]:.2f} | with the model P={p:.2f} R={r:.2f} F1={f1:.2f} "
            f"t={threshold:.2f} gates={ {c: g for c, g in gates.items() if g} }",
            flush=True,
        )
    return out


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


def example_score(model: CritiqueModel, checker, code: str, text: str, label: str) -> float:
    """The model's highest score for ``label`` over the sentences of a rule's example."""
    from policycheck.models.critique_model import sentence_features
    from policycheck.read import markdown

    ctx = checker.context(markdown.build(text, f"{code}.md"))
    return max((s[label] for s in model.scores_of(sentence_features(ctx))), default=0.0)


def draft_scores(model: CritiqueModel, checker) -> dict[str, list[dict[str, float]]]:
    """Per rule, the model's scores of the sentences of the bundled example draft (written
    after the draft the seed reviews) that the rule reports."""
    from policycheck.models.critique_model import sentence_features
    from policycheck.read import markdown

    ctx = checker.context(markdown.build(EXAMPLE_DRAFT.read_text(encoding="utf-8"), "draft.md"))
    scores = model.scores_of(sentence_features(ctx))
    reported: dict[str, list[dict[str, float]]] = defaultdict(list)
    for i, codes in enumerate(rule_hits(checker, ctx)):
        for code in codes:
            reported[code].append(scores[i])
    return reported


def respect_examples(model: CritiqueModel, tuned: dict[str, dict], checker) -> None:
    """Lower each gate below the model's score of every flag example of its rule, and of every
    sentence the rule reports in the bundled example draft: a gate may not silence what the
    rule's own examples, or the seed's draft, show it must report (they are written for the
    rule and the seed's point; the training texts are mostly government assignments). A gate
    below 0.10 says next to nothing and is dropped."""
    from policycheck.packs import pack

    rules = {r.code: r for r in pack("sv").rules}
    in_draft = draft_scores(model, checker)
    for label, t in tuned.items():
        for code, gate in list(t["gates"].items()):
            if not gate:
                continue
            floor = min(
                [example_score(model, checker, code, e, label) for e in rules[code].examples.flag]
                + [s[label] for s in in_draft.get(code, [])],
                default=1.0,
            )
            kept = round(min(gate, floor - 0.01), 2)
            t["gates"][code] = kept if kept >= 0.10 else 0.0
            if t["gates"][code] != gate:
                print(f"{code}: gate {gate:.2f} -> {t['gates'][code]:.2f} (its examples)")


def check_learned_examples(model: CritiqueModel, tuned: dict[str, dict], checker) -> list[str]:
    """The learned rules' flag examples that the new threshold no longer reaches. A learned
    rule's examples show what the model reports, so after retraining such an example must be
    replaced (the rule tests fail until it is); the threshold is not lowered to keep it."""
    from policycheck.packs import pack

    stale = []
    for rule in pack("sv").rules:
        if rule.check.type != "classifier" or rule.check.label not in tuned:
            continue
        threshold = tuned[rule.check.label]["threshold"]
        for text in rule.examples.flag:
            score = example_score(model, checker, rule.code, text, rule.check.label)
            if score < threshold:
                stale.append(f"{rule.code}: scores {score:.2f} < {threshold:.2f}: {text}")
    return stale


def write_rule_settings(tuned: dict[str, dict]) -> None:
    """Write the tuned settings into the Swedish rule files: each learned rule's threshold,
    and each other sentence rule's gate (none where the tuning chose none)."""
    for path in sorted((ROOT / "rules" / "sv").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = text
        learned = re.search(r"\n  type: classifier\n(?:  .*\n)*?  label: ([\w-]+)", text)
        if learned and learned.group(1) in tuned:
            t = tuned[learned.group(1)]["threshold"]
            new = re.sub(r"(\n  threshold: )[\d.]+", rf"\g<1>{t:.2f}", new, count=1)
        code = re.search(r"^code: (PC\d+)", text, re.M)
        critique = re.search(r"^critique: \[([\w-]+)", text, re.M)
        if code and critique and not learned:
            label = critique.group(1)
            gate = tuned.get(label, {}).get("gates", {}).get(code.group(1), 0.0)
            new = re.sub(r"^gate: .*\n", "", new, flags=re.M)
            if gate > 0:
                line = f"gate: {{model: {MODEL_NAME}, label: {label}, min: {gate:.2f}}}\n"
                new = re.sub(r"^check:", line + "check:", new, count=1, flags=re.M)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: updated")


def _sentence_rules() -> tuple[dict[str, list[str]], set[str]]:
    """The bundled Swedish sentence rules other than learned ones, with their critique ids, and
    those that may not be gated: the goal analysis (``policycheck goals`` lists every goal,
    and its findings must match that table)."""
    from policycheck.packs import pack

    rules = [r for r in pack("sv").rules if r.level == "sentence" and r.check.type != "classifier"]
    return {r.code: list(r.critique) for r in rules}, {
        r.code for r in rules if r.check.type == "goals"
    }


def _learned_checks() -> dict:
    """The bundled learned rules' checks, by the label they score."""
    from policycheck.packs import pack

    return {r.check.label: r.check for r in pack("sv").rules if r.check.type == "classifier"}


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
    cv, oof = cross_validate(rows, args.folds)
    rule_labels, ungated = _sentence_rules()
    tuned = tune_gates(rows, oof, cv, rule_labels, _learned_checks(), ungated)
    if args.cv_only:
        return
    model = train(rows, cv)
    checker = sv_checker()  # scores the rules' examples
    respect_examples(model, tuned, checker)
    model.meta["tuned"] = {
        label: {k: (round(v, 3) if isinstance(v, float) else v) for k, v in t.items()}
        for label, t in tuned.items()
    }
    path = model_path(MODEL_NAME)
    data = model.to_json()
    assert data["feature_version"] == FEATURE_VERSION
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    size = path.stat().st_size
    print(f"wrote {path.relative_to(ROOT)} ({size / 1e6:.2f} MB)")
    write_rule_settings(tuned)
    for line in check_learned_examples(model, tuned, checker):
        print(f"replace this example: {line}")


if __name__ == "__main__":
    main()

"""Compare ways of combining the trained lemmatizer with the lookup table on Talbanken dev.

Usage: ``python training/lemma_strategies.py [--model PATH]`` (default: the shipped model).
Prints lemma accuracy (all tokens, as spaCy's ``lemma_acc``) for each strategy; the one the
shipped ``policycheck_lemma_lookup`` component implements is marked.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_model import TRAIN_FILES, training_forms
from evaluate import dev_examples

OPEN = {"NOUN", "VERB", "ADJ", "PROPN"}


def main(argv: list[str] | None = None) -> int:
    import spacy

    from policycheck.models import shipped_model_path
    from policycheck.models.lemma import FACTORY, lookup_table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=shipped_model_path("sv"))
    args = parser.parse_args(argv)

    nlp = spacy.load(args.model)
    known = set(training_forms(TRAIN_FILES))
    table = lookup_table("sv")
    known_words = set(table.values()) | set(table)

    def lookup(text: str) -> str | None:
        lemma = table.get(text)
        return table.get(text.lower()) if lemma is None else lemma

    rows = []  # (form, upos, trained lemma, gold lemma, lookup lemma)
    examples = dev_examples(nlp)
    with nlp.select_pipes(disable=[p for p in (FACTORY,) if p in nlp.pipe_names]):
        for eg in examples:
            doc = nlp(eg.predicted)
            for pred, gold in zip(doc, eg.reference, strict=True):
                rows.append((pred.text, pred.pos_, pred.lemma_, gold.lemma_, lookup(pred.text)))

    Strategy = Callable[[str, str, str, str | None], bool]
    strategies: list[tuple[str, Strategy]] = [
        ("trained only", lambda f, p, t, lk: False),
        ("lookup always (all POS)", lambda f, p, t, lk: True),
        ("lookup always, open-class POS", lambda f, p, t, lk: p in OPEN),
        ("unseen form, any POS", lambda f, p, t, lk: f.lower() not in known),
        (
            "unseen form, open-class POS  [shipped]",
            lambda f, p, t, lk: p in OPEN and f.lower() not in known,
        ),
        (
            "unseen form, NOUN/VERB/ADJ",
            lambda f, p, t, lk: p in OPEN - {"PROPN"} and f.lower() not in known,
        ),
        (
            "trained lemma not a known word",
            lambda f, p, t, lk: t not in known_words and t.lower() not in known_words,
        ),
        (
            "unseen open-class, or trained lemma unknown",
            lambda f, p, t, lk: (
                (p in OPEN and f.lower() not in known)
                or (t not in known_words and t.lower() not in known_words)
            ),
        ),
    ]
    unseen = sum(1 for f, *_ in rows if f.lower() not in known)
    print(f"dev tokens: {len(rows)}, forms unseen in training: {unseen}")
    print("| strategy | lemma acc | changed |")
    print("| --- | ---: | ---: |")
    for name, use_lookup in strategies:
        correct = changed = 0
        for form, pos, trained, gold, lk in rows:
            lemma = trained
            if lk is not None and use_lookup(form, pos, trained, lk):
                changed += lk != trained
                lemma = lk
            correct += lemma == gold
        print(f"| {name} | {correct / len(rows):.4f} | {changed} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

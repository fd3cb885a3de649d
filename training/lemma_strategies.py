"""Compare ways of combining the trained lemmatizer with the lookup table on Talbanken dev.

Usage: ``python training/lemma_strategies.py [--model PATH] [--data DIR]`` (default: the
shipped model, the UD files in ../shared/data/ud).
Prints lemma accuracy (all tokens, as spaCy's ``lemma_acc``) for each strategy; the one that
the shipped ``policycheck_lemma_lookup`` component implements is marked. "lexicon" is the
unambiguous (form, UPOS) -> lemma lexicon of the training data; "unseen" means the form
never occurs in the training data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_model import DATA, TRAIN_FILES, training_lexicon, ud_files
from evaluate import dev_examples, dev_path

OPEN = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
OPEN_ADV = OPEN | {"ADV"}

# (form, UPOS, trained lemma, gold lemma)
Row = tuple[str, str, str, str]


def main(argv: list[str] | None = None) -> int:
    import spacy

    from policycheck.models import shipped_model_path
    from policycheck.models.lemma import FACTORY, lexicon_key, lookup_table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=shipped_model_path("sv"))
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the CoNLL-U files")
    args = parser.parse_args(argv)

    dev = dev_path(args.data)
    nlp = spacy.load(args.model)
    lexicon, forms = training_lexicon(ud_files(args.data, TRAIN_FILES))
    exact = set(forms)
    lower = {f.lower() for f in forms}
    table = lookup_table("sv")

    def lookup(text: str) -> str | None:
        lemma = table.get(text)
        return table.get(text.lower()) if lemma is None else lemma

    rows: list[Row] = []
    with nlp.select_pipes(disable=[p for p in (FACTORY,) if p in nlp.pipe_names]):
        for eg in dev_examples(nlp, dev):
            for pred, gold in zip(nlp(eg.predicted), eg.reference, strict=True):
                rows.append((pred.text, pred.pos_, pred.lemma_, gold.lemma_))

    def unseen_lower(form: str, pos: str) -> bool:
        return form.lower() not in lower

    def unseen_exact(form: str, pos: str) -> bool:
        return form not in exact

    def combine(
        use_lexicon: bool,
        use_lookup: Callable[[str, str], bool] | None,
        lower_lexicon: bool = False,
    ) -> Callable[[Row], str]:
        def lemma(row: Row) -> str:
            form, pos, trained, _ = row
            if use_lexicon and (known := lexicon.get(lexicon_key(form, pos))) is not None:
                return known
            lower_key = lexicon_key(form.lower(), pos)
            if lower_lexicon and pos != "PROPN" and (known := lexicon.get(lower_key)) is not None:
                return known
            if use_lookup is not None and use_lookup(form, pos):
                return lookup(form) or trained
            return trained

        return lemma

    strategies: list[tuple[str, Callable[[Row], str]]] = [
        ("trained lemmatizer only", combine(False, None)),
        ("lookup for every token (all POS)", combine(False, lambda f, p: True)),
        ("lookup for every open-class token", combine(False, lambda f, p: p in OPEN)),
        ("lookup if lower-cased form unseen, any POS", combine(False, unseen_lower)),
        (
            "lookup if lower-cased form unseen, open class",
            combine(False, lambda f, p: p in OPEN and unseen_lower(f, p)),
        ),
        ("lookup if exact form unseen, any POS", combine(False, unseen_exact)),
        ("training lexicon only", combine(True, None)),
        ("lexicon + lookup if exact form unseen, any POS", combine(True, unseen_exact)),
        (
            "lexicon + lookup if exact form unseen, open class + ADV",
            combine(True, lambda f, p: p in OPEN_ADV and unseen_exact(f, p)),
        ),
        (
            "lexicon (also lower-cased) + lookup if exact form unseen, open class + ADV  [shipped]",
            combine(True, lambda f, p: p in OPEN_ADV and unseen_exact(f, p), True),
        ),
        (
            "lexicon (also lower-cased) + lookup if lower-cased unseen, open class + ADV",
            combine(True, lambda f, p: p in OPEN_ADV and unseen_lower(f, p), True),
        ),
    ]
    n_unseen = sum(1 for row in rows if unseen_exact(row[0], row[1]))
    print(f"dev tokens: {len(rows)}, forms unseen in training (exact): {n_unseen}\n")
    print("| strategy | lemma acc | tokens changed |")
    print("| --- | ---: | ---: |")
    for name, lemma in strategies:
        chosen = [lemma(row) for row in rows]
        correct = sum(c == row[3] for c, row in zip(chosen, rows, strict=True))
        changed = sum(c != row[2] for c, row in zip(chosen, rows, strict=True))
        print(f"| {name} | {correct / len(rows):.4f} | {changed} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

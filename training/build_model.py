"""Rebuild policycheck's Swedish spaCy pipeline from UD Swedish-Talbanken and Swedish-PUD.

Usage (from the repository root)::

    python training/build_model.py            # convert, train, package
    python training/build_model.py --data DIR     # the CoNLL-U files from DIR
    python training/build_model.py --skip-train   # re-package training/output/train/model-best

The CoNLL-U files (see ``TRAIN_FILES``, ``DEV_FILES``) are read from ``../shared/data/ud``
beside the repository by default; they are not kept in the repository (README: Licence).

Steps: CoNLL-U -> DocBin (training/corpus/), ``spacy train`` with training/config.cfg
(scratch output in training/output/), then package model-best with the lookup-lemma
combination into policycheck/models/sv_policycheck/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

# One thread: the machine is small and shared; this also keeps runs reproducible.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "ud"  # default of --data
CORPUS = ROOT / "training" / "corpus"
OUTPUT = ROOT / "training" / "output"
CONFIG = ROOT / "training" / "config.cfg"
TARGET = ROOT / "policycheck" / "models" / "sv_policycheck"

TRAIN_FILES = ("sv_talbanken-ud-test.conllu", "sv_pud-ud-test.conllu")
DEV_FILES = ("sv_talbanken-ud-dev.conllu",)
SENTS_PER_DOC = 10
MODEL_VERSION = "0.1.0"
LICENSE = "LICENSE-CC-BY-SA-4.0.txt"  # beside the CoNLL-U files; copied into the package


def ud_files(folder: Path, names: tuple[str, ...]) -> list[Path]:
    """The paths of ``names`` in ``folder``; exits with a one-line message if one is absent."""
    paths = [folder / name for name in names]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        print(
            f"{folder}: {', '.join(missing)} not found; get UD Swedish-Talbanken and "
            "Swedish-PUD (README: Licence, docs/model.md: Data) and pass --data DIR",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return paths


def convert(files: list[Path], out: Path) -> int:
    """Convert CoNLL-U files to one DocBin (10 sentences a doc); return the doc count."""
    from spacy.tokens import DocBin
    from spacy.training.converters import conllu_to_docs

    db = DocBin(store_user_data=False)
    for path in files:
        text = path.read_text(encoding="utf8")
        for doc in conllu_to_docs(text, n_sents=SENTS_PER_DOC, no_print=True):
            db.add(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    db.to_disk(tmp)
    os.replace(tmp, out)  # atomic: a concurrent run never reads a half-written corpus
    return len(db)


def training_lexicon(files: list[Path]) -> tuple[dict[str, str], list[str]]:
    """The unambiguous (form, UPOS) -> lemma lexicon and all word forms of the training files."""
    from collections import Counter, defaultdict

    from policycheck.models.lemma import lexicon_key

    lemmas: defaultdict[str, Counter[str]] = defaultdict(Counter)
    forms: set[str] = set()
    for path in files:
        for line in path.read_text(encoding="utf8").splitlines():
            cols = line.split("\t")
            if len(cols) == 10 and cols[0].isdigit():
                forms.add(cols[1])
                lemmas[lexicon_key(cols[1], cols[3])][cols[2]] += 1
    lexicon = {key: next(iter(c)) for key, c in lemmas.items() if len(c) == 1}
    return lexicon, sorted(forms)


def train(config: Path, output: Path, overrides: dict[str, object]) -> None:
    """Train with spaCy's trainer (CPU) into ``output``."""
    from spacy.cli.train import train as spacy_train

    import policycheck.models  # noqa: F401  (registers policycheck's factories)

    if output.exists():
        shutil.rmtree(output)
    spacy_train(config, output, use_gpu=-1, overrides=overrides)


def package(model_best: Path, target: Path, data: Path = DATA) -> None:
    """Copy model-best into the package with the lookup-lemma combination added."""
    import spacy

    import policycheck.models  # noqa: F401  (registers the lemma factory)
    from policycheck.models.lemma import FACTORY

    nlp = spacy.load(model_best)
    major, minor = spacy.__version__.split(".")[:2]
    nlp.add_pipe(FACTORY, after="trainable_lemmatizer")
    nlp.get_pipe(FACTORY).set_training_data(*training_lexicon(ud_files(data, TRAIN_FILES)))
    nlp.meta.update(
        {
            "name": "policycheck",
            "version": MODEL_VERSION,
            "description": "Swedish tagger, morphologizer, lemmatizer and parser for policycheck, "
            "trained on UD Swedish-Talbanken (test) and UD Swedish-PUD.",
            # Any patch release of this spaCy minor version loads it (spaCy would otherwise
            # ask for at least the patch release it was trained with).
            "spacy_version": f">={major}.{minor}.0,<{major}.{int(minor) + 1}.0",
            "license": "CC BY-SA 4.0",
            "author": "policycheck developers",
            "sources": [
                {
                    "name": "UD Swedish-Talbanken",
                    "url": "https://github.com/UniversalDependencies/UD_Swedish-Talbanken",
                    "license": "CC BY-SA 4.0",
                    "author": "Einarsson 1976; Nivre and Megyesi 2007; "
                    "UD conversion by Nivre and Smith",
                },
                {
                    "name": "UD Swedish-PUD",
                    "url": "https://github.com/UniversalDependencies/UD_Swedish-PUD",
                    "license": "CC BY-SA 4.0",
                    "author": "CoNLL 2017 shared task; Nivre et al.",
                },
            ],
        }
    )
    if target.exists():
        shutil.rmtree(target)
    nlp.to_disk(target)
    shutil.copy(data / LICENSE, target / "LICENSE")
    (target / "README.md").write_text(
        "# sv_policycheck\n\nBuilt by `python training/build_model.py`; see docs/model.md.\n"
        "Licence: CC BY-SA 4.0 (LICENSE). Trained on Talbanken (Einarsson 1976; Nivre and "
        "Megyesi 2007; UD conversion by Nivre and Smith) and Swedish-PUD (CoNLL 2017 shared "
        "task; Nivre et al.).\n",
        encoding="utf8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-train", action="store_true", help="only re-package model-best")
    parser.add_argument(
        "--data", type=Path, default=DATA, help=f"folder of the CoNLL-U files (default: {DATA})"
    )
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--output", type=Path, default=OUTPUT / "train")
    parser.add_argument("--target", type=Path, default=TARGET)
    parser.add_argument("--no-package", action="store_true", help="train only")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="config override, e.g. --set components.tok2vec.model.encode.width=128",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if not args.skip_train:
        n_train = convert(ud_files(args.data, TRAIN_FILES), CORPUS / "train.spacy")
        n_dev = convert(ud_files(args.data, DEV_FILES), CORPUS / "dev.spacy")
        print(f"converted: {n_train} train docs, {n_dev} dev docs", flush=True)
        overrides: dict[str, object] = {
            "paths.train": str(CORPUS / "train.spacy"),
            "paths.dev": str(CORPUS / "dev.spacy"),
        }
        for item in args.set:
            key, _, value = item.partition("=")
            overrides[key] = json.loads(value)
        train(args.config, args.output, overrides)
    if not args.no_package:
        package(args.output / "model-best", args.target, args.data)
        print(f"packaged into {args.target}", flush=True)
    print(f"done in {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Measure the Swedish pipeline: accuracy on Talbanken dev, size, load time, speed.

Usage (from the repository root)::

    python training/evaluate.py                    # the shipped model
    python training/evaluate.py --model PATH       # any pipeline directory
    python training/evaluate.py --json out.json    # also write the figures as JSON
    python training/evaluate.py --data DIR         # Talbanken dev from DIR

Prints a Markdown table next to the published figures of spaCy's sv_core_news_sm. Speed is
measured on one thread (BLAS and OpenMP limited to 1) over the raw dev texts, tokenizer
included, after a warm-up (so the lookup table is already loaded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from build_model import DATA, DEV_FILES, ud_files  # noqa: E402

#: Published accuracy of spaCy's sv_core_news_sm 3.x (trained on the full Talbanken train).
SV_CORE_NEWS_SM = {
    "pos_acc": 0.951,
    "tag_acc": 0.935,
    "morph_acc": 0.941,
    "lemma_acc": 0.949,
    "dep_uas": 0.819,
    "dep_las": 0.767,
}
ROWS = [
    ("UPOS", "pos_acc"),
    ("XPOS", "tag_acc"),
    ("Morphology (UFeats)", "morph_acc"),
    ("Lemma, trained lemmatizer only", "lemma_acc_trained"),
    ("Lemma, with lookup combination", "lemma_acc"),
    ("UAS", "dep_uas"),
    ("LAS", "dep_las"),
    ("Sentence F", "sents_f"),
]


def conllu_sentences(path: Path, limit: int | None = None) -> list[str]:
    """The sentence blocks of a CoNLL-U file (optionally only the first ``limit``)."""
    blocks = [b for b in path.read_text(encoding="utf8").strip().split("\n\n") if b.strip()]
    return blocks[:limit] if limit else blocks


def dev_path(data: Path = DATA) -> Path:
    """Talbanken dev in the folder of the UD files (exits with a message if it is absent)."""
    return ud_files(data, DEV_FILES)[0]


def dev_examples(nlp: object, path: Path, limit: int | None = None) -> list:
    """Examples (gold from CoNLL-U, 10 sentences a doc as in training) for ``nlp``."""
    from spacy.tokens import Doc, DocBin
    from spacy.training import Example
    from spacy.training.converters import conllu_to_docs

    text = "\n\n".join(conllu_sentences(path, limit)) + "\n"
    golds = conllu_to_docs(text, n_sents=10, no_print=True)
    vocab = nlp.vocab  # type: ignore[attr-defined]
    examples = []
    for gold in DocBin(docs=golds).get_docs(vocab):  # re-read into the model's vocab
        words = [t.text for t in gold]
        spaces = [bool(t.whitespace_) for t in gold]
        examples.append(Example(Doc(vocab, words=words, spaces=spaces), gold))
    return examples


def dev_texts(path: Path) -> list[str]:
    """The ``# text =`` lines of a CoNLL-U file."""
    prefix = "# text = "
    lines = path.read_text(encoding="utf8").splitlines()
    return [line[len(prefix) :] for line in lines if line.startswith(prefix)]


def accuracy(nlp: object, examples: list) -> dict[str, float]:
    """Scores with and without the lookup-lemma combination."""
    from policycheck.models.lemma import FACTORY

    scores = nlp.evaluate(examples)  # type: ignore[attr-defined]
    result = {key: float(scores[key]) for _, key in ROWS if key in scores}
    if FACTORY in nlp.pipe_names:  # type: ignore[attr-defined]
        with nlp.select_pipes(disable=[FACTORY]):  # type: ignore[attr-defined]
            result["lemma_acc_trained"] = float(nlp.evaluate(examples)["lemma_acc"])  # type: ignore[attr-defined]
    else:
        result["lemma_acc_trained"] = result["lemma_acc"]
    return result


def dir_size(path: Path) -> int:
    """Total size in bytes of the files under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def load_times(path: Path, runs: int = 3) -> tuple[float, float]:
    """(best cold-process seconds incl. ``import spacy``, best ``spacy.load`` seconds)."""
    code = (
        "import time; t0 = time.perf_counter(); import spacy, policycheck.models; "
        f"t1 = time.perf_counter(); spacy.load({str(path)!r}); t2 = time.perf_counter(); "
        "print(t2 - t0, t2 - t1)"
    )
    cold, load = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
        cold.append(float(out[0]))
        load.append(float(out[1]))
    return min(cold), min(load)


def words_per_second(nlp: object, texts: list[str], repeats: int = 7) -> dict[str, float]:
    """Words/s of ``nlp.pipe`` over ``texts`` on one thread, tokenizer included.

    Each of ``repeats`` passes is timed by wall clock and by CPU time (``time.process_time``:
    what one core delivers even when other processes share the machine). Returns the median
    and best of each.
    """
    list(nlp.pipe(texts[:50]))  # type: ignore[attr-defined]  # warm-up, loads lookup table
    wall, cpu = [], []
    for _ in range(repeats):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        n_words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))  # type: ignore[attr-defined]
        wall.append(n_words / (time.perf_counter() - start_wall))
        cpu.append(n_words / (time.process_time() - start_cpu))
    return {
        "words_per_s": statistics.median(wall),
        "words_per_s_best": max(wall),
        "words_per_cpu_s": statistics.median(cpu),
        "words_per_cpu_s_best": max(cpu),
    }


def lookup_first_use() -> float:
    """Seconds to open the lemma lookup table (paid once per process, on first use)."""
    from policycheck.models import lemma

    lemma._tables.clear()
    start = time.perf_counter()
    lemma.lookup_table("sv")
    return time.perf_counter() - start


def render(figures: dict[str, float]) -> str:
    """The Markdown accuracy table."""
    lines = [
        "| Talbanken dev | sv_policycheck | sv_core_news_sm (published) |",
        "| --- | ---: | ---: |",
    ]
    for label, key in ROWS:
        ref = SV_CORE_NEWS_SM.get(key if key != "lemma_acc_trained" else "lemma_acc")
        ref_text = f"{ref:.3f}" if ref is not None and key != "lemma_acc_trained" else "–"
        lines.append(f"| {label} | {figures[key]:.3f} | {ref_text} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import spacy

    from policycheck.models import shipped_model_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=shipped_model_path("sv"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    parser.add_argument(
        "--data", type=Path, default=DATA, help=f"folder of the CoNLL-U files (default: {DATA})"
    )
    args = parser.parse_args(argv)
    if args.model is None:
        parser.error("no shipped model; build it with `python training/build_model.py`")

    dev = dev_path(args.data)
    nlp = spacy.load(args.model)
    figures = accuracy(nlp, dev_examples(nlp, dev))
    print(render(figures))
    if not args.no_speed:
        figures["size_mb"] = dir_size(args.model) / 1e6
        figures["cold_load_s"], figures["load_s"] = load_times(args.model)
        figures["lookup_first_use_s"] = lookup_first_use()
        figures.update(words_per_second(nlp, dev_texts(dev)))
        print()
        print(f"size on disk:           {figures['size_mb']:.1f} MB")
        print(f"spacy.load:             {figures['load_s']:.2f} s")
        print(f"cold (import + load):   {figures['cold_load_s']:.2f} s")
        print(f"lookup table, 1st use:  {figures['lookup_first_use_s']:.2f} s")
        print(
            f"speed, 1 thread, CPU:   {figures['words_per_cpu_s']:,.0f} words per CPU second "
            f"(median of 7; best {figures['words_per_cpu_s_best']:,.0f})"
        )
        print(
            f"speed, 1 thread, wall:  {figures['words_per_s']:,.0f} words/s "
            f"(median of 7; best {figures['words_per_s_best']:,.0f}; lower if the machine is busy)"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

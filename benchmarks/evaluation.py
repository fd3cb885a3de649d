"""Measure policycheck against the reviewers and write docs/evaluation.md.

    python benchmarks/evaluation.py            # needs ../shared (gold, silver, corpus)
    python benchmarks/evaluation.py --no-write # print the tables only

Everything on the page is measured when the script runs, side by side: policycheck as it is
(``policycheck eval ../shared/gold``), a plain word list (the ARM/QuARS approach), the two
reviewers against each other, and the critique model's cross-validated figures on the training
documents (read from the shipped model, written there by training/train_classifier.py). The
gold texts are read from ../shared and never quoted. The hand-written analysis under the tables
is benchmarks/evaluation-notes.md.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policycheck import __version__  # noqa: E402
from policycheck.evaluate import (  # noqa: E402
    SENTENCE_LABELS,
    GoldDocument,
    Prediction,
    Score,
    load_gold,
    predictions_from,
    score,
)

SHARED = ROOT.parent / "shared"
PAGE = ROOT / "docs" / "evaluation.md"
NOTES = Path(__file__).resolve().parent / "evaluation-notes.md"

# The word list: one list per critique point, as a requirement-smell tool of the ARM/QuARS kind
# would have it (weak phrases, options, vague and subjective words, universals, implicit
# actors), and for each document question the words whose absence it reports.
WORD_LIST: dict[str, list[str]] = {
    "weak-modal": [
        "kan",
        "bör",
        "får",
        "kunna",
        "eventuellt",
        "vid behov",
        "om möjligt",
        "i mån av",
        "sträva",
        "verka för",
        "arbeta för",
    ],
    "measurable-goals": [
        "mål",
        "målet",
        "målen",
        "syfte",
        "syftet",
        "syftar",
        "öka",
        "ökad",
        "minska",
        "stärka",
        "stärkt",
        "förbättra",
        "förbättrad",
        "utveckla",
    ],
    "vague-concepts": [
        "alla",
        "samtliga",
        "hela",
        "god",
        "goda",
        "hållbar",
        "hållbart",
        "effektiv",
        "effektivt",
        "tydlig",
        "tydligt",
        "hög",
        "bättre",
        "relevanta",
        "berörda",
        "långsiktig",
        "långsiktigt",
        "trygg",
        "attraktiv",
    ],
    "undefined-terms": ["s.k.", "så kallad", "så kallade", "så kallat", "”"],
    "unsupported-claims": [
        "ökar",
        "minskar",
        "har ökat",
        "har minskat",
        "allt fler",
        "leder till",
        "beror på",
        "bidrar till",
        "bidragit till",
    ],
    "concrete-guidance": ["insatser", "åtgärder", "arbetet", "satsningar", "initiativ"],
    "participation-form": [
        "delaktighet",
        "inflytande",
        "dialog",
        "medverkan",
        "delta",
        "involvera",
    ],
    "governance": ["man ska", "ska tas fram", "ska utarbetas", "ska genomföras", "ska göras"],
}
WORD_LIST_DOCUMENT: dict[str, list[str]] = {
    "financing": ["budget", "kronor", "anslag", "finansier", "kostnad", "medel"],
    "previous-evaluation": ["utvärdering", "utvärderats", "erfarenheter", "resultat"],
    "national-eu-link": ["nationell", "nationella", "lag", "eu", "agenda 2030", "riksdag"],
    "governance": ["ansvarar", "ansvar", "uppdrar", "i uppdrag", "nämnden", "styrelsen"],
    "follow-up": ["uppföljning", "följs upp", "redovisa", "indikator", "nyckeltal"],
    "consultation": ["remiss", "samråd", "dialog", "synpunkter"],
    "situation-analysis": ["statistik", "procent", "kartläggning", "andel", "antal"],
}


def _contains(text: str, words: Iterable[str]) -> bool:
    lower = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}", lower) for w in words)


def word_list_predictions(documents: list[GoldDocument]) -> list[Prediction]:
    """The word list on the same sentences policycheck reads (its sentence splitter)."""
    from policycheck.engine import Checker
    from policycheck.options import Options
    from policycheck.read import read_path

    checker = Checker(Options(language="sv"))
    out: list[Prediction] = []
    for d in documents:
        document = read_path(d.path)
        ctx = checker.context(document)
        for sent in ctx.sentences:
            start, end = document.original_span(sent.start_char, sent.end_char)
            text = d.text[start:end]
            labels = tuple(lab for lab, words in WORD_LIST.items() if _contains(text, words))
            if labels:
                out.append(Prediction(d.name, labels, "sentence", start, end, "wordlist", text))
        missing = tuple(
            q for q, words in WORD_LIST_DOCUMENT.items() if not _contains(d.text, words)
        )
        if missing:
            out.append(Prediction(d.name, missing, "document", code="wordlist"))
    return out


def policycheck_predictions(documents: list[GoldDocument]) -> list[Prediction]:
    import policycheck

    name_of = {str(d.path): d.name for d in documents}
    results = list(policycheck.check_paths(list(name_of), max_size=None))
    return predictions_from(results, name_of)


def double_agreement() -> Score | None:
    """The training labels' two reviewers against each other."""
    try:
        from training import critique_data
    except ImportError:
        return None
    docs = [d for d in critique_data.double() if len(d.annotations) == 2]
    gold = [GoldDocument(d.id, Path(d.id), d.text, d.annotations) for d in docs]
    return score(gold, [])


def validation_score() -> Score | None:
    """policycheck on the validation texts (training/validation: labelled like the training
    texts, never trained on), checked from a temporary folder: their text stays in ../shared."""
    import tempfile

    try:
        from training import critique_data
    except ImportError:
        return None
    try:
        docs = critique_data.validation()
    except critique_data.DataMissing:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        documents = []
        for d in docs:
            path = Path(tmp) / f"{d.id.split('/', 1)[1]}.txt"
            path.write_text(d.text, encoding="utf-8")
            documents.append(GoldDocument(path.name, path, d.text, d.annotations))
        return score(documents, policycheck_predictions(documents))


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _overall_row(name: str, s: Score) -> str:
    """A table row: the overall precision, recall, F1 and document accuracy of ``s``."""
    c = s.overall
    right = sum(a.correct for a in s.answers)
    return (
        f"| {name} | {_f(c.precision)} ({c.right}/{c.predicted}) | {_f(c.recall)} "
        f"({c.found}/{c.agreed}) | {_f(c.f1)} | {_f(s.document_accuracy)} "
        f"({right}/{len(s.answers)}) |"
    )


def validation_section(val: Score) -> list[str]:
    same, asked = val.documents_agreement
    lines = [
        "",
        f"## A second held-out test: {len(val.documents)} more government texts",
        "",
        f"{len(val.documents)} further texts of `../shared/corpus/regeringen.jsonl.gz` "
        "(government assignments and a few strategies; none in the gold, silver or training "
        "sets) were labelled by two reviewers working apart, by the same guide, and kept out of "
        "training (`training/validation/`, offsets only). The choices of this round (how "
        "thresholds and gates are tuned, which learned rules exist) were checked here as well as "
        "on the cross-validated training documents before gold was measured. Three document "
        "rules (consultation, previous evaluation, national and EU link) were extended with forms "
        "first seen in these texts, so their document figure is not a held-out one; the sentence "
        "figures are.",
        "",
        "| | precision | recall | F1 | document questions |",
        "| --- | ---: | ---: | ---: | ---: |",
        _overall_row("policycheck", val),
        f"| the two reviewers against each other | | | "
        f"{_f(val.as_dict()['agreement']['overall_f1'])} | {same}/{asked} agree |",
        "",
        "| critique point | agreed | P | R | F1 | reviewers F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label in SENTENCE_LABELS:
        b = val.by_label[label]
        if b.agreed or b.predicted:
            lines.append(
                f"| {label} | {b.agreed} | {_f(b.precision)} ({b.right}/{b.predicted}) | "
                f"{_f(b.recall)} | {_f(b.f1)} | {_f(val.agreement[label].f1)} |"
            )
    return lines


def page(
    documents: list[GoldDocument],
    pc: Score,
    wl: Score,
    double: Score | None,
    seconds: float,
    val: Score | None = None,
) -> str:
    from policycheck.models.critique_model import load_model

    model = load_model("sv_critique")
    meta = model.meta
    agree = pc.as_dict()["agreement"]
    lines = [
        "# Evaluation",
        "",
        "<!-- Generated by benchmarks/evaluation.py; edit benchmarks/evaluation-notes.md. -->",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with policycheck {__version__} on "
        f"`../shared/gold`: {len(documents)} real Swedish documents (municipal strategy and "
        "riktlinje, national strategy follow-ups, a policy overview, government assignments) that "
        "nobody tuned on, each labelled sentence by sentence by two reviewers working "
        "independently (`../shared/gold/GUIDE.md`). Reproduce with "
        "`policycheck eval ../shared/gold` (add `--misses` and `--false` for the sentences "
        f"behind the numbers; {seconds:.0f} s here). The same command scores your own labelled "
        "drafts: see [Scoring your own rules](#scoring-your-own-rules).",
        "",
        "Definitions (the gold set's README): a sentence finding is *right* when it overlaps a "
        "sentence either reviewer gave its critique point; **precision** = right / all sentence "
        "findings; a sentence and point are *agreed* when both reviewers labelled it; "
        "**recall** = agreed pairs some finding overlaps / agreed pairs; **document accuracy** "
        "is over the document questions where both reviewers give the same present/missing "
        "answer; the reviewers' F1 (A against B) is the ceiling.",
        "",
        "## Overall",
        "",
        "| | precision | recall | F1 | document questions |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, s in (("policycheck", pc), ("word list (ARM/QuARS-style)", wl)):
        lines.append(_overall_row(name, s))
    same, asked = pc.documents_agreement
    lines += [
        "| policycheck before this work (issue 12's baseline) | 0.30 (27/90) | 0.11 (17/159) "
        "| 0.16 | 0.69 (44/64) |",
        f"| the two reviewers against each other | | | {_f(agree['overall_f1'])} | "
        f"{same}/{asked} agree |",
        "",
        "The targets set for this work were precision ≥ 0.80, recall ≥ 0.70 and document "
        "accuracy ≥ 0.90, and for each critique point with at least 8 agreed pairs precision "
        "≥ 0.6 and recall ≥ 0.5. **They are not met**; the table below says where.",
        "",
        "## By critique point",
        "",
        "| critique point | agreed | policycheck P | R | F1 | word list P | R | F1 | "
        "reviewers F1 | target met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label in SENTENCE_LABELS:
        c, w = pc.by_label[label], wl.by_label[label]
        if not (c.agreed or c.predicted or w.predicted):
            continue
        if c.agreed >= 8:
            met = (c.precision or 0) >= 0.6 and (c.recall or 0) >= 0.5
            target = "yes" if met else "no"
        else:
            target = "(fewer than 8 pairs)"
        lines.append(
            f"| {label} | {c.agreed} | {_f(c.precision)} ({c.right}/{c.predicted}) | "
            f"{_f(c.recall)} | {_f(c.f1)} | {_f(w.precision)} | {_f(w.recall)} | {_f(w.f1)} | "
            f"{_f(pc.agreement[label].f1)} | {target} |"
        )
    lines += [
        "",
        "## Document questions",
        "",
        "| question | policycheck | word list |",
        "| --- | ---: | ---: |",
    ]
    wl_q = wl.by_question()
    for q, (correct, n) in pc.by_question().items():
        if n:
            lines.append(f"| {q} | {correct}/{n} | {wl_q[q][0]}/{wl_q[q][1]} |")
    if val is not None:
        lines += validation_section(val)
    lines += ["", "## By rule (on the gold documents)", ""]
    lines += [
        "Sentence rules: findings on a sentence either reviewer so labelled (right) and not "
        "(wrong). Document rules: questions answered correctly and not; `(question)` rows count "
        "the documents where a question the reviewers answer *missing* got no finding.",
        "",
        "| rule | right | wrong | doc correct | doc incorrect | doc missed |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for code, counts in pc.by_rule.items():
        cells = [
            str(counts.get(k, 0)) for k in ("right", "wrong", "correct", "incorrect", "missed")
        ]
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    trained = meta.get("trained_on", {})
    lines += [
        "",
        "## The critique model, cross-validated",
        "",
        "Learned rules (check type `classifier`) and gates read a small linear model over "
        "features of the parse (`policycheck/models/sv_critique.json`, "
        f"{model_size():.1f} MB; `training/train_classifier.py`). It was trained on "
        f"{trained.get('documents', '?')} documents ({trained.get('sentences', '?')} "
        "sentences) that are not in the gold set: ../shared/silver (90 government texts, one "
        "reviewer each) and 161 texts of ../shared/corpus labelled for this work by two "
        "reviewers each, by the same guide (`training/labels/`, offsets only). The figures below "
        "are five-fold cross-validated by document on those training documents, over three "
        "fold splits: each document's sentences are scored by models that never saw it, and the "
        "regularisation, thresholds and gates are chosen on the mean of these held-out scores. "
        "The gold figures above are a further held-out test: no gold document was trained on, "
        "and no sentence rule or threshold was tuned on one (three document-question forms "
        "were found by reading gold's missed answers; the notes below say which).",
        "",
        "| critique point | positives | model alone P | R | F1 | rules alone P | R | "
        "rules + model P | R | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    cv, tuned = meta.get("cross_validation", {}), meta.get("tuned", {})
    for label, c in cv.items():
        t = tuned.get(label, {})
        ra = t.get("rules_alone", {})
        lines.append(
            f"| {label} | {c.get('positives')} | {_f(c.get('precision'))} | "
            f"{_f(c.get('recall'))} | {_f(c.get('f1'))} | {_f(ra.get('precision'))} | "
            f"{_f(ra.get('recall'))} | {_f(t.get('precision'))} | {_f(t.get('recall'))} | "
            f"{_f(t.get('f1'))} |"
        )
    from policycheck.packs import pack

    gated = [f"{r.code} ({r.alias}, at {r.gate.min:.2f})" for r in pack("sv").rules if r.gate]
    lines += ["", "Gated rules: " + (", ".join(gated) if gated else "none") + "."]
    if double is not None:
        dq_same, dq_asked = double.documents_agreement
        lines += [
            "",
            "The training labels' own agreement (reviewer A against reviewer B on the 161 "
            "texts labelled twice), the ceiling for the figures above:",
            "",
            "| critique point | agreed pairs | reviewers F1 |",
            "| --- | ---: | ---: |",
        ]
        for label in SENTENCE_LABELS:
            a = double.agreement[label]
            if a.first or a.second:
                lines.append(f"| {label} | {double.by_label[label].agreed} | {_f(a.f1)} |")
        overall = double.as_dict()["agreement"]["overall_f1"]
        lines += [
            f"| all | {double.overall.agreed} | {_f(overall)} |",
            "",
            f"Document questions: the two reviewers give the same answer to {dq_same} of "
            f"{dq_asked}.",
        ]
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


def model_size() -> float:
    from policycheck.models.critique_model import model_path

    return model_path("sv_critique").stat().st_size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not write the docs page")
    args = parser.parse_args()
    gold = SHARED / "gold"
    if not gold.is_dir():
        raise SystemExit(f"evaluation: {gold} not found (../shared beside the repository)")
    documents = load_gold([gold])
    started = time.perf_counter()
    pc = score(documents, policycheck_predictions(documents))
    seconds = time.perf_counter() - started
    wl = score(documents, word_list_predictions(documents))
    double = double_agreement()
    text = page(documents, pc, wl, double, seconds, validation_score())
    if args.no_write:
        print(text)
    else:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(ROOT)}")
    for name, s in (("policycheck", pc), ("word list", wl)):
        c = s.overall
        print(f"{name}: P {_f(c.precision)} R {_f(c.recall)} doc {_f(s.document_accuracy)}")


if __name__ == "__main__":
    main()

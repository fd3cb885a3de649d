"""The shipped Swedish spaCy pipeline (policycheck/models/sv_policycheck).

Accuracy is checked on the first 80 sentences of UD Swedish-Talbanken dev (1,841
tokens, a few seconds) against the targets of issue 3: UPOS >= 0.93, lemma (with the
lookup combination) >= 0.94, LAS >= 0.70. The thresholds are the targets themselves, not
loosened: the slice is not harder than the whole dev set (the shipped model scores UPOS 0.947,
lemma 0.969, LAS 0.753 on it, against 0.945, 0.966, 0.746 on all of dev; docs/model.md), so a
model that misses a target here has really regressed.

Skipped when the model directory is absent (it is committed, so CI has it); the accuracy
tests also when Talbanken dev is absent from ../shared/data/ud (not kept in the repository).
"""

from __future__ import annotations

import pytest

from policycheck.models import (
    ModelNotAvailable,
    load_shipped_model,
    shipped_model_path,
)

from .conftest import shared_file

N_SENTENCES = 80

pytestmark = pytest.mark.skipif(
    shipped_model_path("sv") is None,
    reason="policycheck/models/sv_policycheck is absent; build it with "
    "`python training/build_model.py`",
)


@pytest.fixture(scope="module")
def nlp():
    return load_shipped_model("sv")


@pytest.fixture(scope="module")
def dev_scores(nlp) -> dict[str, float]:
    from spacy.tokens import Doc, DocBin
    from spacy.training import Example
    from spacy.training.converters import conllu_to_docs

    dev = shared_file("data", "ud", "sv_talbanken-ud-dev.conllu")
    blocks = dev.read_text(encoding="utf8").strip().split("\n\n")[:N_SENTENCES]
    golds = conllu_to_docs("\n\n".join(blocks) + "\n", n_sents=10, no_print=True)
    examples = []
    for gold in DocBin(docs=golds).get_docs(nlp.vocab):  # gold strings into the model's vocab
        words = [t.text for t in gold]
        spaces = [bool(t.whitespace_) for t in gold]
        examples.append(Example(Doc(nlp.vocab, words=words, spaces=spaces), gold))
    assert sum(len(eg.reference) for eg in examples) > 1000
    return nlp.evaluate(examples)


def test_shipped_model_path_and_meta() -> None:
    path = shipped_model_path("sv")
    assert path is not None and path.is_dir()
    assert path.name == "sv_policycheck"
    assert shipped_model_path("xx") is None


def test_load_unknown_language_raises_clearly() -> None:
    with pytest.raises(ModelNotAvailable, match="no spaCy pipeline for language 'xx'"):
        load_shipped_model("xx")


def test_pipeline_components(nlp) -> None:
    assert nlp.lang == "sv"
    for name in ("tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser"):
        assert name in nlp.pipe_names
    assert "policycheck_lemma_lookup" in nlp.pipe_names
    assert nlp.meta["license"] == "CC BY-SA 4.0"


def test_upos_accuracy(dev_scores) -> None:
    assert dev_scores["pos_acc"] >= 0.93


def test_lemma_accuracy_with_lookup_combination(dev_scores) -> None:
    assert dev_scores["lemma_acc"] >= 0.94


def test_las(dev_scores) -> None:
    assert dev_scores["dep_las"] >= 0.70


def test_passive_after_modal_auxiliary(nlp) -> None:
    doc = nlp("Riktlinjer och nyckeltal ska utarbetas.")
    ska, utarbetas = doc[3], doc[4]
    assert ska.text == "ska" and ska.pos_ == "AUX"
    assert utarbetas.text == "utarbetas"
    assert "Pass" in utarbetas.morph.get("Voice")
    assert utarbetas.lemma_ == "utarbeta"


def test_deponent_finnas(nlp) -> None:
    # Deponent verbs end in -s without being passive. The UD data marks "finnas" with
    # Voice=Pass in about a quarter of its occurrences, so the model's Voice feature is not
    # reliable for deponents; the lemma is: "finnas" (not "finna"), which lets rules
    # tell a deponent from a passive by lemma.
    doc = nlp("Det kan finnas problem.")
    kan, finnas = doc[1], doc[2]
    assert kan.pos_ == "AUX"
    assert finnas.pos_ == "VERB"
    assert finnas.lemma_ == "finnas"

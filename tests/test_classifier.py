"""The ``classifier`` check type, gates and deferring rules, on a toy critique model written
here, and the shipped critique model's contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policycheck.engine import Checker
from policycheck.models import critique_model
from policycheck.options import Options
from policycheck.packs import pack
from policycheck.read import markdown
from policycheck.ruleset import RuleFileError

TOY = {
    "name": "toy",
    "feature_version": critique_model.FEATURE_VERSION,
    "labels": ["weak-modal", "unsupported-claims"],
    "bias": {"weak-modal": -5.0, "unsupported-claims": -5.0},
    "weights": {
        "weak-modal": {"w:läxhjälp": 10.0, "w:sträva": 1.0},
        "unsupported-claims": {"w:ensamhet": 10.0},
    },
    "meta": {},
}

LEARNED = """code: PC951
alias: toy-learned
language: sv
critique: [weak-modal]
severity: warning
level: sentence
requires: [lemma, tags, morph, parser]
defer: true
title: {{sv: Lärd, en: Learned}}
message: {{sv: "Frivilligt (avgjorde: {{words}}; {{score}})", en: "Optional ({{words}})"}}
rationale: {{sv: x, en: x}}
suggestion: {{sv: x, en: x}}
examples:
  flag: [Skolorna ska sträva efter läxhjälp.]
  pass: [Skolorna ska erbjuda mat.]
check:
  type: classifier
  model: {model}
  label: {label}
  threshold: 0.5
  when: {when}
"""

GATED = """code: PC952
alias: toy-gated
language: sv
critique: [unsupported-claims]
severity: warning
level: sentence
gate: {{model: toy, label: unsupported-claims, min: {gate}}}
title: {{sv: Grind, en: Gate}}
message: {{sv: "Påstående", en: "Claim"}}
rationale: {{sv: x, en: x}}
suggestion: {{sv: x, en: x}}
examples:
  flag: [Ensamheten är stor.]
  pass: [Vädret är fint.]
check:
  type: lexicon
  match: {{terms: [är stor, är fint]}}
"""


@pytest.fixture
def toy(tmp_path: Path, monkeypatch) -> Path:
    models = tmp_path / "models"
    models.mkdir()
    (models / "toy.json").write_text(json.dumps(TOY, ensure_ascii=False), encoding="utf-8")
    shutil.copy(critique_model.model_path("sv_critique"), models)  # the bundled rules' gates
    monkeypatch.setattr(critique_model, "MODELS_DIR", models)
    critique_model.load_model.cache_clear()
    yield tmp_path
    critique_model.load_model.cache_clear()


def checker(folder: Path, *, model: str | None = None, select=("PC95", "PC10")) -> Checker:
    return Checker(
        Options(language="sv", model=model, select=select), packs=lambda lang: pack(lang, (folder,))
    )


def rules(tmp: Path, *texts: str) -> Path:
    folder = tmp / "rules"
    folder.mkdir(exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"r{i}.yaml").write_text(text, encoding="utf-8")
    return folder


def learned(model: str = "toy", label: str = "weak-modal", when: str = "{}") -> str:
    return LEARNED.format(model=model, label=label, when=when)


def test_flags_the_sentence_and_names_its_words(toy: Path) -> None:
    folder = rules(toy, learned())
    text = "Skolorna ska erbjuda läxhjälp varje vecka. Eleverna äter lunch."
    result = checker(folder).check(markdown.build(text, "d.md"))
    (f,) = [f for f in result.findings if f.code == "PC951"]
    assert f.match == f.sentence == "Skolorna ska erbjuda läxhjälp varje vecka."
    assert "”läxhjälp”" in f.message and "0.99" in f.message


def test_defers_to_the_rules_of_its_point(toy: Path) -> None:
    """PC101 reports the "kan" of this sentence: the learned rule stays silent there."""
    folder = rules(toy, learned())
    result = checker(folder).check(markdown.build("Kommunen kan erbjuda läxhjälp.", "d.md"))
    codes = [f.code for f in result.findings]
    assert "PC101" in codes and "PC951" not in codes
    alone = checker(folder, select=("PC95",)).check(
        markdown.build("Kommunen kan erbjuda läxhjälp.", "d.md")
    )
    assert [f.code for f in alone.findings] == ["PC951"]


def test_condition_limits_what_is_judged(toy: Path) -> None:
    folder = rules(toy, learned(label="unsupported-claims", when="{none: [figure, source]}"))
    sure = checker(folder).check(markdown.build("Ensamheten bland äldre växer.", "d.md"))
    assert [f.code for f in sure.findings] == ["PC951"]
    backed = checker(folder).check(markdown.build("Ensamheten växer med 12 procent.", "d.md"))
    assert backed.findings == []


@pytest.mark.parametrize(("gate", "reported"), [("0.5", True), ("0.999", False)])
def test_gate(toy: Path, gate: str, reported: bool) -> None:
    folder = rules(toy, GATED.format(gate=gate))
    result = checker(folder).check(markdown.build("Ensamheten är stor. Vädret är fint.", "d.md"))
    matches = [f.match for f in result.findings if f.code == "PC952"]
    assert matches == (["är stor"] if reported else [])  # "Vädret" scores low: never


def test_without_a_parse_learned_rules_are_skipped_and_gates_open(toy: Path) -> None:
    folder = rules(toy, learned(), GATED.format(gate="0.999"))
    result = checker(folder, model="blank").check(
        markdown.build("Skolorna ska erbjuda läxhjälp. Vädret är fint.", "d.md")
    )
    assert "PC951" in result.skipped_rules
    assert [f.match for f in result.findings if f.code == "PC952"] == ["är fint"]


@pytest.mark.parametrize(
    ("model", "label", "error"),
    [
        ("missing", "weak-modal", "critique model 'missing' cannot be read"),
        ("toy", "governance", "has no label 'governance'"),
    ],
)
def test_a_rule_naming_a_missing_model_or_label(toy, model, label, error) -> None:
    folder = rules(toy, learned(model=model, label=label))
    with pytest.raises(RuleFileError, match=error) as info:
        checker(folder).check(markdown.build("Text.", "d.md"))
    assert "PC951" in str(info.value)


def test_a_model_of_other_features_is_refused(toy: Path) -> None:
    stale = dict(TOY, feature_version=critique_model.FEATURE_VERSION - 1)
    (critique_model.MODELS_DIR / "toy.json").write_text(json.dumps(stale), encoding="utf-8")
    folder = rules(toy, learned())
    with pytest.raises(RuleFileError, match="trained on features version"):
        checker(folder).check(markdown.build("Text.", "d.md"))


def test_the_shipped_model_serves_the_bundled_rules() -> None:
    model = critique_model.load_model("sv_critique")
    assert critique_model.model_path("sv_critique").stat().st_size < 20e6
    for rule in pack("sv").rules:
        for name, label in [
            *([(rule.check.model, rule.check.label)] if rule.check.type == "classifier" else []),
            *([(rule.gate.model, rule.gate.label)] if rule.gate else []),
        ]:
            assert name == "sv_critique" and label in model.labels, rule.code
    cv = model.meta["cross_validation"]
    assert set(cv) == set(model.labels)
    assert model.meta["trained_on"]["documents"] >= 200


@pytest.mark.parametrize(
    ("text", "heading", "first_word"),
    [
        ("Syfte och ändamål: Som organisation behöver vi använda data bättre.", "syfte", "som"),
        ("- Ansvar: Nämnden ska följa upp planen varje år.", "ansvar", "nämnd"),
        # a verb makes it a sentence of its own, not a label
        ("Regeringen beslutar: Myndigheten ska göra detta.", None, "regering"),
        ("Mål: 90 procent.", None, "mål"),
    ],
)
def test_a_run_in_heading_is_read_as_a_heading(
    checkers, text: str, heading, first_word: str
) -> None:
    ctx = checkers["sv"].context(markdown.build(text, "d.md"))
    if "parser" not in ctx.index.pipeline.capabilities:
        pytest.skip("needs the trained pipeline")
    names = [name for name, _ in critique_model.sentence_features(ctx)[0]]
    assert [n for n in names if n.startswith("h:")][:1] == ([f"h:{heading}"] if heading else [])
    assert next(n for n in names if n.startswith("w:")) == f"w:{first_word}"


def test_scores_are_the_logistic_of_the_summed_weights() -> None:
    """All sentences are scored at once; each sentence's score per label is the logistic of
    its bias and the weights of its distinct known features."""
    import math

    model = critique_model.CritiqueModel(
        "prov",
        ("a", "b"),
        {"a": {"x": 1.5, "y": -0.5}, "b": {"y": 2.0}},
        {"a": -1.0, "b": 0.25},
        {},
    )
    sentences = [
        [("x", None), ("x", (0, 1)), ("unknown", None)],  # x counts once
        [("x", None), ("y", None)],
        [],  # nothing known: the bias alone
    ]

    def logistic(z: float) -> float:
        return 1.0 / (1.0 + math.exp(-z))

    expected = [
        {"a": logistic(-1.0 + 1.5), "b": logistic(0.25)},
        {"a": logistic(-1.0 + 1.5 - 0.5), "b": logistic(0.25 + 2.0)},
        {"a": logistic(-1.0), "b": logistic(0.25)},
    ]
    got = model.scores_of(sentences)
    assert [set(s) for s in got] == [{"a", "b"}] * 3
    for g, e in zip(got, expected, strict=True):
        assert g == pytest.approx(e)
    assert model.scores_of([]) == []


def test_the_words_named_are_content_words_or_modals(toy: Path) -> None:
    """A reader learns nothing from being told that "och" weighed in the model."""
    weights = {"w:och": 9.0, "w:läxhjälp": 10.0, "w:kunna": 8.0, "w:att": 7.0, "w:mat": 1.0}
    model = {**TOY, "name": "toy2", "weights": {**TOY["weights"], "weak-modal": weights}}
    (toy / "models" / "toy2.json").write_text(json.dumps(model), encoding="utf-8")
    folder = rules(toy, learned(model="toy2"))
    text = "Eleverna kan få läxhjälp och mat för att lära sig mer."
    result = checker(folder).check(markdown.build(text, "d.md"))
    (f,) = [f for f in result.findings if f.code == "PC951"]
    assert "(avgjorde: ”läxhjälp”, ”kan”, ”mat”;" in f.message

"""What the trained Swedish pipeline adds to the rules: s-passives told from deponents, plain
present-tense passives, nominalisations by part of speech. Skipped when it cannot load."""

from __future__ import annotations

import pytest

from policycheck.engine import Checker
from policycheck.nlp import build_pipeline
from policycheck.options import Options
from policycheck.read import markdown


@pytest.fixture(scope="module")
def trained() -> Checker:
    pipeline = build_pipeline("sv")
    if "morph" not in pipeline.capabilities:
        pytest.skip(f"the trained Swedish pipeline is not available: {pipeline.notices}")
    return Checker(Options(language="sv"), pipelines=lambda lang, model: pipeline)


def codes(checker: Checker, text: str) -> set[str]:
    result = checker.check(markdown.build(text, "t.md"))
    assert not result.fallback_rules and not result.skipped_rules
    return {f.code for f in result.findings}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Insatser genomförs i alla stadsdelar.", True),  # present-tense passive, no actor
        ("En handlingsplan ska tas fram under året.", True),
        ("Med utgångspunkt från målen ska riktlinjer och nyckeltal utarbetas.", True),
        ("Det ska finnas en mötesplats i varje stadsdelsnämndsområde.", False),  # deponent
        ("Alla ska trivas på sin arbetsplats.", False),  # deponent
        ("Anhörigstöd indelas i indirekt och direkt form.", False),  # descriptive passive
        ("Insatserna genomförs av socialförvaltningen.", False),  # the actor is named
    ],
)
def test_passive_obligations(trained: Checker, text: str, flagged: bool) -> None:
    assert ("PC510" in codes(trained, text)) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Förvaltningen ska genomföra en kartläggning av behoven.", True),
        ("Regeringen gör en satsning på kulturen.", True),
        ("Förvaltningen ska kartlägga behoven.", False),
        ("Skolan ska genomföra nationella prov i årskurs 3.", False),
    ],
)
def test_nominalisation(trained: Checker, text: str, flagged: bool) -> None:
    assert ("PC291" in codes(trained, text)) is flagged


def test_gates_spare_the_example_draft(trained: Checker) -> None:
    """A gate lets a rule report only where the critique model agrees; training lowers each
    gate so that it silences nothing its rule reports in the bundled example draft (written
    after the draft the seed reviews). Every gated rule reports the same there with and
    without its gate."""
    from policycheck.packs import pack
    from training.featurize import sv_checker

    from .conftest import ROOT

    bare = sv_checker()  # the rules without gates, as training tunes the gates against them
    draft = (ROOT / "examples" / "utkast-integrationspolicy.md").read_text(encoding="utf-8")
    gated_codes = {r.code for r in pack("sv").rules if r.gate is not None}
    assert gated_codes

    def spans(checker: Checker) -> set[tuple[str, int]]:
        result = checker.check(markdown.build(draft, "utkast.md"))
        return {(f.code, f.location.start_offset) for f in result.findings if f.code in gated_codes}

    assert spans(trained) == spans(bare)


def test_training_tunes_a_learned_rule_on_the_sentences_it_judges(trained: Checker) -> None:
    """Training tunes each learned rule's threshold on the sentences the rule would judge at
    all (``judges``): not a lead-in, not a fragment, and its ``when`` met (a claim with a
    source is no unsupported claim)."""
    from training.featurize import judged_by, sv_checker

    text = (
        "Arbetslösheten är en av nutidens största hälsorisker.\n\n"
        "Staden ska göra följande:\n\n"
        "Trygghet\n\n"
        "Enligt SCB:s rapport från 2023 är arbetslösheten en av nutidens största hälsorisker.\n"
    )
    ctx = sv_checker().context(markdown.build(text, "t.md"))
    judged = judged_by(ctx)
    assert len(judged) == 4
    assert "unsupported-claims" in judged[0]
    assert judged[1] == judged[2] == set()
    assert "unsupported-claims" not in judged[3]

"""``required`` (policycheck/checks/required.py): the document must say something, when a
trigger is present; the passage that satisfies it goes into the result."""

from __future__ import annotations

from .conftest import bundled_check

CHECK = {
    "type": "required",
    "evidence": {"terms": ["budget"]},
    "headings": ["(?i)^finansiering"],
    "trigger": {"terms": ["åtgärd"]},
    "looked_for": {"sv": "en budget", "en": "a budget"},
}


def test_a_document_without_the_evidence_gets_one_document_finding(run_rule) -> None:
    result = run_rule("PC401", CHECK, "Varje åtgärd ska genomföras.")
    (finding,) = result.findings
    assert finding.scope == "document" and finding.evidence == "en budget"
    assert result.evidence == {}


def test_evidence_in_a_sentence_or_a_heading_satisfies_it(run_rule) -> None:
    result = run_rule("PC401", CHECK, "Varje åtgärd ska genomföras.\n\nDen har en budget.")
    assert result.findings == [] and result.evidence == {"PC401": "Den har en budget."}
    result = run_rule("PC401", CHECK, "# Plan\n\n## Finansiering\n\nVarje åtgärd ska genomföras.")
    assert result.findings == [] and result.evidence == {"PC401": "Finansiering"}


def test_the_title_counts_only_where_in_title(run_rule) -> None:
    # the title names what the document is about, not how it is financed
    for text in (
        "# Finansiering av vården\n\nVarje åtgärd ska genomföras.",
        "# En budget för kulturen\n\nVarje åtgärd ska genomföras.",
    ):
        assert len(run_rule("PC401", CHECK, text).findings) == 1
        assert run_rule("PC401", {**CHECK, "in_title": True}, text).findings == []


def test_without_the_trigger_nothing_is_required(run_rule) -> None:
    assert run_rule("PC401", CHECK, "Staden ska genomföras.").findings == []
    untriggered = {**CHECK, "trigger": {}}
    assert len(run_rule("PC401", untriggered, "Staden ska genomföras.").findings) == 1


def test_when_limits_the_sentences_whose_evidence_counts(run_rule) -> None:
    check = {**bundled_check("PC310"), "evidence": {"terms": ["procent"]}, "headings": []}
    check["when"] = {"none": ["task"]}
    assert len(run_rule("PC310", check, "Andelen ska öka till 60 procent.").findings) == 1
    assert run_rule("PC310", check, "Andelen är 52 procent.").findings == []

"""``area`` (policycheck/checks/area.py): goals and obligations about another policy area than
the document's own, read from its title or given by ``policy-area``."""

from __future__ import annotations

from .conftest import bundled_check

CHECK = {
    "type": "area",
    "areas": {
        "skola": {"terms": ["skola", "elever", "lärare"]},
        "trafik": {"terms": ["trafik", "cykelbanor", "bussar"]},
    },
    "min_hits": 2,
}
TEXT = (
    "# Plan för elever i skola\n\n"
    "Staden ska bygga cykelbanor och köpa bussar. Eleverna ska läsa mer.\n"
)


def test_a_sentence_about_another_area_is_reported(run_rule) -> None:
    result = run_rule("PC520", CHECK, TEXT)
    assert result.policy_area == "skola"  # from the title (the document_area hook)
    (finding,) = result.findings
    assert finding.sentence == "Staden ska bygga cykelbanor och köpa bussar."


def test_min_hits_and_the_configured_area(run_rule) -> None:
    assert run_rule("PC520", {**CHECK, "min_hits": 3}, TEXT).findings == []
    result = run_rule("PC520", CHECK, TEXT, policy_area="trafik")
    assert result.policy_area == "trafik"
    assert result.findings == []  # no sentence has two words of another area


def test_without_an_area_of_its_own_nothing_is_compared(run_rule) -> None:
    text = "# Plan\n\nStaden ska bygga cykelbanor och köpa bussar.\n"
    result = run_rule("PC520", CHECK, text)
    assert result.policy_area is None and result.findings == []
    assert bundled_check("PC520")["type"] == "area"

"""The Swedish document-level rules against the example drafts: the faulty draft lacks what the
reviewer missed, the revised draft has it all; and small documents that show each rule's
typical evidence (or, for PC402, no earlier programme) get no finding."""

from __future__ import annotations

import pytest

from policycheck.checks.required import RequiredCheck
from policycheck.engine import Checker
from policycheck.options import Options
from policycheck.packs import pack
from policycheck.read import markdown, read_path
from policycheck.ruleset import RulePack
from policycheck.schema import Condition, TermSet
from tests.conftest import DRAFT, REVISED

DOCUMENT_RULES = ("PC401", "PC402", "PC403", "PC404", "PC405", "PC406", "PC310", "PC112")


def codes(checkers, document) -> set[str]:
    return {f.code for f in checkers["sv"].check(document).findings}


def check_text(checkers, text: str) -> set[str]:
    return codes(checkers, markdown.build(text, "liten.md"))


def test_faulty_draft_lacks_what_the_reviewer_missed(checkers) -> None:
    found = codes(checkers, read_path(DRAFT))
    # financing, previous-evaluation, national-eu-link, consultation (the acceptance)
    assert {"PC401", "PC402", "PC403", "PC404"} <= found
    # the draft has none of these either
    assert {"PC405", "PC406", "PC310", "PC112"} <= found


def test_revised_draft_has_everything(checkers) -> None:
    result = checkers["sv"].check(read_path(REVISED))
    assert not {f.code for f in result.findings} & set(DOCUMENT_RULES)
    assert set(DOCUMENT_RULES) <= set(result.evidence)


def test_revised_draft_evidence_is_the_right_section(checkers) -> None:
    evidence = checkers["sv"].check(read_path(REVISED)).evidence
    assert evidence["PC402"].startswith("Erfarenheter av integrationsprogrammet")
    assert evidence["PC403"].startswith("Utgångspunkter i nationella mål")
    assert evidence["PC404"] == "Remiss"
    assert evidence["PC310"] == "Nuläge"
    assert "uppföljning" in evidence["PC112"]


def test_finding_says_what_was_looked_for(checkers) -> None:
    findings = checkers["sv"].check(read_path(DRAFT)).findings
    by_code = {f.code: f for f in findings if f.code in DOCUMENT_RULES}
    for code, finding in by_code.items():
        assert finding.scope == "document", code
        assert finding.evidence, f"{code} does not say what it looked for"
    assert "stadens integrationsprogram från 1997" in by_code["PC402"].message


# PC402 applies only to a document that replaces or continues an earlier programme
NO_EARLIER_PROGRAMME = [
    "Staden ska minska skillnaderna mellan olika delar av staden.",
    "Detta är kommunens första strategi för digitalisering. Den gäller 2025–2028.",
    "Integrationspolicy för Stockholms stad 2005–2010. Policyn utvärderas under 2010.",
    "Kommunen ersätter resekostnader för förtroendevalda enligt reglementet.",
]


@pytest.mark.parametrize("text", NO_EARLIER_PROGRAMME)
def test_previous_evaluation_needs_an_earlier_programme(checkers, text: str) -> None:
    assert "PC402" not in check_text(checkers, text)


# one small document per rule, written the way real documents satisfy it
SATISFIED = [
    ("PC402", "Planen ersätter handlingsplanen 2016–2020. Den har utvärderats av revisorerna."),
    ("PC403", "Stödet ges enligt 5 kap. 10 § socialtjänstlagen (2001:453)."),
    ("PC403", "Strategin utgår från Agenda 2030 och EU:s strategi för social inkludering."),
    ("PC404", "Förslaget har remitterats till invandrar- och handikapporganisationerna."),
    ("PC404", "Under samråd inför framtagandet av strategin har brukarna fått komma till tals."),
    ("PC405", "Policyn gäller för alla kommunens nämnder och bolag."),
    ("PC405", "Kommunstyrelsen ansvarar för att planen följs upp."),
    ("PC310", "I dag har 23 procent av invånarna i stadsdelen förvärvsarbete."),
    ("PC310", "# Plan\n\n## Nuläge\n\nArbetslösheten är högst i de norra stadsdelarna."),
    ("PC401", "# Plan\n\n## Kostnader\n\nKostnaderna tas av kommunstyrelsen."),
    ("PC112", "Målen följs upp årligen i nämndernas verksamhetsberättelser."),
    ("PC112", "Resultaten mäts med nyckeltalen i bilaga 1."),
    ("PC406", "Alla chefer erbjuds kompetensutveckling om bemötande."),
    ("PC406", "Samordnaren ger metodstöd till verksamheterna."),
    ("PC406", "Verksamheterna får metodstödet från FoU-enheten."),
]


@pytest.mark.parametrize(
    ("code", "text"), SATISFIED, ids=[f"{c}-{i}" for i, (c, _) in enumerate(SATISFIED)]
)
def test_rule_is_satisfied(checkers, code: str, text: str) -> None:
    assert code not in check_text(checkers, text)


# evidence that only looks like evidence
NOT_ENOUGH = [
    # key figures that are only to be drawn up are no follow-up
    ("PC112", "Med utgångspunkt från målen ska riktlinjer och nyckeltal utarbetas."),
    ("PC112", "Det finns ingen uppföljning av programmet."),
    ("PC112", "Handläggaren följer upp beslutet efter tre månader."),
    # a heading on cost-effective measures is no section on the money
    (
        "PC401",
        "# Plan\n\n## Ändamålsenliga och kostnadseffektiva insatser\n\nInsatserna ska vara få.",
    ),
    # a target is not a description of today
    ("PC310", "Andelen förvärvsarbetande ska öka till 60 procent år 2010."),
    # "förslag", "underlag" and "anslag" are not laws; a school's national programme is no
    # national goal
    ("PC403", "Förslaget och underlaget finansieras med ett anslag från staden."),
    ("PC403", "Alla elever ska kunna välja ett nationellt program på gymnasiet."),
    # a referral to a clinic is no consultation; dialogue in casework neither
    ("PC404", "Läkaren skriver en remiss till specialistvården."),
    ("PC404", "Handläggaren ska i samråd med den enskilde bedöma behovet."),
    # shared responsibility of all citizens, or a committee's field, binds no one to the policy
    ("PC405", "Alla ska vara delaktiga i och medansvariga för samhällsutvecklingen."),
    ("PC405", "Stadsdelsnämnderna ansvarar för förskolan."),
    # an evaluation that was not made is no account
    ("PC402", "Planen ersätter den tidigare handlingsplanen. Den har inte utvärderats."),
]


@pytest.mark.parametrize(
    ("code", "text"), NOT_ENOUGH, ids=[f"{c}-{i}" for i, (c, _) in enumerate(NOT_ENOUGH)]
)
def test_look_alike_is_not_evidence(checkers, code: str, text: str) -> None:
    assert code in check_text(checkers, text)


# government assignments: the reviewers count a dated reporting duty as follow-up, consultation
# with named bodies during the work as consultation, the addressee as the one responsible
ASSIGNMENT = """# Uppdrag att stärka stödet till anhöriga

Regeringen uppdrar åt Socialstyrelsen att fortsätta arbetet med stöd till anhöriga.
Uppdraget ska genomföras i samråd med Sveriges Kommuner och Regioner.
Socialstyrelsen får för uppdragets genomförande använda 3 miljoner kronor under 2026.
Arbetet ska utgå från 5 kap. 10 § socialtjänstlagen (2001:453).
Uppdraget ska redovisas till Regeringskansliet senast den 1 mars 2027.
"""


def test_assignment_answers_the_document_questions(checkers) -> None:
    found = check_text(checkers, ASSIGNMENT)
    assert not {"PC401", "PC403", "PC404", "PC405", "PC112"} & found
    # it continues earlier work and says nothing of how it went; no figure of today
    assert {"PC402", "PC310"} <= found


def test_required_evidence_counts_only_where_when_holds(checkers) -> None:
    """A ``when`` on a required check: evidence in a sentence that fails it does not count."""
    base = pack("sv")
    rule = base.by_code()["PC310"]
    check = RequiredCheck(
        type="required",
        evidence=TermSet(terms=["procent"]),
        when=Condition(none=["task"]),
        looked_for=rule.check.looked_for,
    )
    custom = RulePack("sv", [rule.model_copy(update={"check": check})], base.features)
    pipeline = checkers["sv"].language("sv").pipeline
    checker = Checker(
        Options(language="sv"), packs=lambda lang: custom, pipelines=lambda lang, m: pipeline
    )

    def flagged(text: str) -> bool:
        return any(f.code == "PC310" for f in checker.check(markdown.build(text, "x.md")).findings)

    assert flagged("Andelen ska öka till 60 procent.")
    assert not flagged("Andelen är 52 procent.")

"""What kind of document a report takes the text for: a rule's message names it as what it is
("strategin", "uppdraget", not always "policyn"; the fields {document} and {this_document} of
the language's document_nouns), and a text that is no policy at all gets a notice."""

from __future__ import annotations

import pytest

from policycheck import languages
from policycheck.api import check_text
from policycheck.packs import pack
from policycheck.report.explain import explain_rule

BODY = "\n\nKommunen ska öka cyklingen i centrum.\n"


@pytest.mark.parametrize(
    ("title", "noun"),
    [
        ("Strategi för cykling", "omsätta strategin i praktiken"),
        ("Uppdrag till Trafikverket att öka cyklingen", "omsätta uppdraget i praktiken"),
        ("Riktlinjer för cykling", "omsätta riktlinjerna i praktiken"),
        # the title's own word and number: one guideline, a routine, a guidance
        ("Riktlinje för cykling", "omsätta riktlinjen i praktiken"),
        ("Riktlinjer och rutiner för cykling", "omsätta riktlinjerna i praktiken"),
        ("Rutin för cykelparkering", "omsätta rutinen i praktiken"),
        ("Vägledning för cykling", "omsätta vägledningen i praktiken"),
        ("Cykling i centrum", "omsätta dokumentet i praktiken"),
    ],
)
def test_document_rule_names_the_document_type(title: str, noun: str) -> None:
    result = check_text(f"# {title}{BODY}", format="markdown", language="sv", select=["PC406"])
    (finding,) = result.findings
    assert noun in finding.message
    assert "{" not in finding.message + finding.suggestion


def test_this_document_in_a_suggestion() -> None:
    result = check_text(
        "# Program för boende\n\nLevande stadsdelar förutsätter en mångfald av boendeformer.\n",
        format="markdown",
        language="sv",
        select=["PC211"],
    )
    assert result.findings
    assert all("avses i detta program" in f.suggestion for f in result.findings)


def test_a_rule_described_on_its_own_says_the_document() -> None:
    text = explain_rule([pack("sv")], "PC211")
    assert text is not None
    assert "avses i detta dokument" in text and "{this_document}" not in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_document_type_has_a_noun(lang: str) -> None:
    """A type added to features.yaml without a noun would read "the document" silently."""
    nouns = languages.get(lang).document_nouns
    assert languages.DOCUMENT in nouns
    assert set(pack(lang).document_types) <= set(nouns)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_rule_text_names_a_field_the_engine_lacks(lang: str) -> None:
    """{document} and {this_document} are the only fields every finding has besides a check's
    own ({match}, {term}, ...): a misspelt one would be printed as written."""
    import re

    for rule in pack(lang).rules:
        for text in (rule.message.get(lang), rule.suggestion.get(lang)):
            for name in re.findall(r"\{(\w*doc\w*)\}", text):
                assert name in ("document", "this_document"), (rule.code, name)


def test_a_text_that_is_no_policy_gets_a_notice() -> None:
    """A text whose title names no document type and that commits to nothing (no "ska") is
    checked all the same, with a notice: its document findings assume a policy."""
    weather = check_text(
        "# Vädret i helgen\n\nDet blir soligt på lördag.\n", format="markdown", language="sv"
    )
    assert any(n.startswith("texten ser inte ut som ett styrdokument") for n in weather.notices)
    assert weather.findings  # checked all the same
    for text in (
        "# Strategi för vädret\n\nDet blir soligt.\n",
        "# Vädret\n\nStaden ska mäta.\n",
        "# Cykling i centrum\n\nKommunen bör öka cyklingen.\n",  # a weak draft is a draft
    ):
        result = check_text(text, format="markdown", language="sv")
        assert not any("styrdokument" in n for n in result.notices), text
    english = check_text(
        "# Weekend weather\n\nIt was sunny on Saturday.\n", format="markdown", lang="en"
    )
    assert any(n.startswith("this does not look like a policy") for n in english.notices)


def test_the_statement_and_the_word_comments_carry_the_notice(tmp_path, cli) -> None:
    """A statement must not read as a confident review of a text that is no policy."""
    import io

    import docx

    news = tmp_path / "nyhet.md"
    news.write_text("# Badhuset öppnar senare\n\nBadhuset öppnade i fjol.\n", encoding="utf-8")
    code, out, _err = cli([str(news), "--format", "remissvar", "--no-cache"])
    assert "texten ser inte ut som ett styrdokument" in out.split("## ")[0]
    word = tmp_path / "nyhet.docx"
    cli([str(news), "--format", "docx", "-o", str(word), "--no-cache"])
    comments = [c.text for c in docx.Document(io.BytesIO(word.read_bytes())).comments]
    assert any("texten ser inte ut som ett styrdokument" in c for c in comments)


def test_the_title_below_a_letterhead_names_the_type(tmp_path, cli) -> None:
    """Municipal documents open with a letterhead ("Sundsvalls kommun", "Kommunstyrelsen",
    "Dnr …"): the title below it still names the document type, and a statement is about it."""
    draft = tmp_path / "riktlinje.txt"
    draft.write_text(
        "Sundsvalls kommun\nKommunstyrelsen\nDnr KS 2024/112\n\n"
        "Riktlinjer för anhörigstöd\n\n"
        "Kommunen ska ge stöd till anhöriga som vårdar en närstående.\n",
        encoding="utf-8",
    )
    code, out, _err = cli([str(draft), "--no-cache"])
    assert "dokumenttyp: riktlinje" in out.splitlines()[0]
    code, out, _err = cli([str(draft), "--format", "remissvar", "--no-cache"])
    assert out.startswith("# Yttrande över ”Riktlinjer för anhörigstöd”")
    # running text ends the top of the document: a type word further down names nothing
    later = check_text(
        "# Anteckningar\n\nVi träffades i dag och pratade om läget.\n\n"
        "## Strategi\n\nDet gick bra.\n",
        format="markdown",
        language="sv",
    )
    assert later.document_type is None


def test_a_title_without_a_form_takes_the_types_noun() -> None:
    data = languages.get("sv")
    assert data.document_fields("riktlinje", None)["document"] == "riktlinjerna"
    assert data.document_fields("riktlinje", "Anhörigstöd i hemtjänsten")["document"] == (
        "riktlinjerna"
    )
    assert data.document_fields("riktlinje", "Riktlinje för anhörigstöd")["this_document"] == (
        "denna riktlinje"
    )


def test_a_noun_form_with_a_broken_pattern_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"(?s)title.*invalid regular expression"):
        languages.NounForm(title="(", the="x", this="y")


@pytest.mark.parametrize(
    ("lang", "doc_type", "title", "name"),
    [
        ("sv", "riktlinje", "Riktlinje för anhörigstöd", "riktlinje"),
        ("sv", "riktlinje", "Riktlinjer för anhörigstöd", "riktlinjer"),
        ("sv", "riktlinje", None, "riktlinjer"),
        ("sv", "strategi", "Strategi för cykling", "strategi"),
        ("en", "action-plan", "Action plan for cycling", "action plan"),
        ("en", "guideline", "Guideline for open source", "guideline"),
    ],
)
def test_a_statement_names_the_draft_as_its_title_does(
    lang: str, doc_type: str, title: str | None, name: str
) -> None:
    assert languages.get(lang).draft_name(doc_type, title) == name

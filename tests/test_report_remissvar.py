"""``--format remissvar``: a draft statement in the seed's form, worded for the document's
language, type and area; Markdown, Word, or one file per document in a folder. Also the
``remissvar`` wording of the rule files themselves."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from policycheck.packs import all_packs
from policycheck.report.remissvar import excerpt

from .conftest import DRAFT, ROOT
from .test_critique_catalogue import SEED, normalise
from .test_read_docx_pdf import DRAFT_PAGES, make_pdf

# A guideline in another area than the seed's: nothing of the integration policy may show
GUIDELINE = """# Riktlinje för anhörigstöd

Anhöriga gör en stor insats och deras situation har blivit svårare de senaste åren.

Kommunen kan erbjuda anhöriga samtalsstöd och avlösning. Stödet ska vara tryggt och finnas i alla delar av kommunen.

Socialnämnden bör verka för att anhöriga får information om s.k. anhörigkonsulenter.

Medborgarna ska ha reella möjligheter att delta i utvecklingen av stödet.

Riktlinjerna ska följas upp.
"""  # noqa: E501
INTEGRATION_WORDS = re.compile(
    r"invandrar|integration|ytterstad|stockholm|rinkeby|bromma|stadsdel|storstadssatsning|"
    r"utrikes födda|tullar|2004",
    re.IGNORECASE,
)
ENGLISH = """# Open Source Guideline

Departments may publish their source code on a public platform.

This guideline applies to all City departments. The Chief Information Officer is responsible for carrying it out and reports to the Council each year.
"""  # noqa: E501


def statement(args: list[str], cli) -> str:
    code, out, err = cli([*args, "--format", "remissvar"])
    assert code == 1, err
    return out


def sections(md: str) -> dict[str, str]:
    """Heading -> the text under it, for the ## and ### headings."""
    parts = re.split(r"^#{2,3} (.+)$", md, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def test_integration_policy_in_the_seeds_form(cli) -> None:
    md = statement([str(DRAFT)], cli)
    title = "Integrationspolicy för Stockholms stad – förslag"
    assert md.startswith(f"# Yttrande över ”{title}”\n")
    parts = sections(md)
    assert list(parts)[:2] == ["Sammanfattning", "Synpunkter"] and "Det som är bra" in parts
    summary = parts["Sammanfattning"]
    assert summary.startswith("Förslaget till policy har brister")
    # the weightiest first: points the draft lacks as a whole before single sentences, in
    # the summary (four of them, then how many more) and in the comments
    assert "Förslaget säger inte hur åtagandena ska finansieras." in summary
    assert re.search(r"Därutöver har vi synpunkter på \d+ punkter till, se nedan\.$", summary)
    points = list(parts)
    assert points.index("Finansiering saknas") < points.index(
        "Svaga modala verb (kan/bör där ska avses)"
    )
    # a passage quoted, cited by line, the reviewer's question, what to write instead
    weak = parts["Svaga modala verb (kan/bör där ska avses)"]
    assert (
        "”I samband med utarbetandet av planer och byggprojekt kan s.k. "
        "integrationskonsekvensanalyser göras.” (rad 28). Varför inte byta detta ”kan” mot ett "
        "”ska”? Skriv ”ska” och ange vem som ansvarar"
    ) in weak
    # a document-level point: a paragraph of its own, in the seed's words for this area
    consultation = parts["Berörda organisationer har inte fått yttra sig"]
    assert "några invandrarorganisationer och till några handikapporganisationer" in consultation
    # two matches in one sentence are asked about together
    assert "för att ”levande” och ”attraktiva” ska räknas som nått?" in md


def test_other_areas_get_neutral_wording(tmp_path, cli) -> None:
    draft = tmp_path / "riktlinje.md"
    draft.write_text(GUIDELINE, encoding="utf-8")
    md = statement([str(draft)], cli)
    assert INTEGRATION_WORDS.findall(md.replace(str(draft), "")) == []
    parts = sections(md)
    # the document's type names the draft
    assert parts["Sammanfattning"].startswith("Förslaget till riktlinje har brister")
    assert "Remittera förslaget till de organisationer som berörs" in md
    assert "”Kommunen kan erbjuda anhöriga samtalsstöd och avlösning.” (rad 5)" in md
    # what passes: a document-level rule quotes what it found; rules that did not apply
    # (no earlier programme replaced) say nothing
    good = parts["Det som är bra"]
    assert "- Förslaget säger hur det ska följas upp. (”Riktlinjerna ska följas upp.”)" in good
    assert "tidigare arbetet" not in good


def test_a_point_whose_rules_are_ignored_for_the_file_is_not_praised(tmp_path, cli) -> None:
    """per-file-ignores turn a point's rules off for the file: nothing checked it, so the
    statement (and the review page, which reads the same statuses) cannot call it good."""
    draft = tmp_path / "riktlinje.md"
    draft.write_text(GUIDELINE, encoding="utf-8")
    (tmp_path / "policycheck.toml").write_text(
        '[per-file-ignores]\n"*.md" = ["PC1", "PC4"]\n', encoding="utf-8"
    )
    good = sections(statement([str(draft)], cli))["Det som är bra"]
    assert "följas upp" not in good and "ska”" not in good
    assert good  # the points whose rules ran still pass


def statement_of(text: str, tmp_path: Path, cli) -> str:
    """The statement on a Markdown draft of ``text``."""
    draft = tmp_path / "utkast.md"
    draft.write_text(text, encoding="utf-8")
    return statement([str(draft)], cli)


def test_a_draft_without_goals_is_not_praised_for_its_goals(tmp_path, cli) -> None:
    """Praise such as "Inga mål vilar på värdeord" is empty for a draft that states no goal;
    a draft with a goal gets it."""
    title = "# Riktlinje för parkering\n\nBesökare parkerar vid entrén.\n\n"
    good = sections(statement_of(title + "Personalen parkerar i garaget.\n", tmp_path, cli))
    good = good["Det som är bra"]
    assert "Inga mål vilar på värdeord" not in good and "Inga mål hör hemma" not in good
    assert "Inga åtaganden formuleras med ”kan”" in good  # praise that needs no goals stays
    goal = "Andelen besökare som hittar en plats ska öka från 70 till 90 procent till 2027.\n"
    good = sections(statement_of(title + goal, tmp_path, cli))["Det som är bra"]
    assert "Inga mål vilar på värdeord utan innehåll." in good
    # without the goal analysis (PC110 ignored) it is not known that the draft has none
    draft = tmp_path / "utkast.md"
    md = statement([str(draft), "--ignore", "PC110"], cli)
    assert "Inga mål vilar på värdeord utan innehåll." in sections(md)["Det som är bra"]


def test_praise_quotes_a_long_sentence_around_its_evidence(tmp_path, cli) -> None:
    """The passage that satisfied a document-level rule is quoted around the words it found
    ("… i dialog med pensionärsrådet …"), not cut off before them."""
    long = (
        "Planen utgår från de äldres behov av trygghet, gemenskap, god mat, meningsfull "
        "sysselsättning, en tillgänglig utemiljö och en omsorg som ser hela människan och "
        "hennes sammanhang, och den har tagits fram i dialog med pensionärsrådet.\n"
    )
    md = statement_of("# Plan för äldreomsorgen\n\n" + long, tmp_path, cli)
    good = sections(md)["Det som är bra"]
    assert "i dialog med pensionärsrådet" in good


def test_one_question_for_several_sentences_is_asked_in_the_plural(tmp_path, cli) -> None:
    """Sentences that get the same question share a paragraph; the question then speaks of
    them all ("dessa"), and of one sentence in the singular ("detta")."""
    one = "# Plan för trygghet\n\nKommunen kan anordna fler nattvandringar i centrum.\n\n"
    md = statement_of(one + "Nämnden kan erbjuda fler platser i fritidsgårdarna.\n", tmp_path, cli)
    assert "Varför inte byta dessa ”kan” mot ”ska”?" in md
    assert "byta detta ”kan”" not in md
    assert "Varför inte byta detta ”kan” mot ett ”ska”?" in statement_of(one, tmp_path, cli)


def test_the_sentences_left_unquoted_are_counted_in_the_right_number(tmp_path, cli) -> None:
    """Five sentences are quoted; of a sixth the paragraph says "ett ställe till", of more
    "2 ställen till"."""
    body = "".join(
        f"Nämnden kan erbjuda {what}.\n\n"
        for what in ("läxhjälp", "simskola", "körskola", "sommarjobb", "kollo", "bokcirklar")
    )
    md = statement_of("# Plan för fritiden\n\n" + body, tmp_path, cli)
    assert "och ett ställe till." in md and "1 ställen" not in md
    md = statement_of(
        "# Plan för fritiden\n\n" + body + "Nämnden kan erbjuda dans.\n", tmp_path, cli
    )
    assert "och 2 ställen till." in md


def test_a_text_that_opens_with_running_text_is_named_by_its_file(tmp_path, cli) -> None:
    """No title-like block at the top: a section heading further down ("Mål") is no title, and
    neither is the first sentence; the statement names the file."""
    draft = tmp_path / "utkast.txt"
    draft.write_text(
        "Kommunen kan erbjuda stöd till anhöriga som vårdar en närstående i hemmet.\n\n"
        "## Mål\n\nFler anhöriga ska få stöd.\n",
        encoding="utf-8",
    )
    md = statement([str(draft)], cli)
    assert md.startswith("# Yttrande över ”utkast.txt”")


def test_english_documents_get_an_english_statement(tmp_path, cli) -> None:
    draft = tmp_path / "open.md"
    draft.write_text(ENGLISH, encoding="utf-8")
    md = statement([str(draft)], cli)
    assert md.startswith("# Statement on “Open Source Guideline”\n")
    parts = sections(md)
    assert list(parts)[:2] == ["Summary", "Comments"] and "What the draft does well" in parts
    assert parts["Summary"].startswith("The draft guideline has weaknesses")
    assert (
        "“Departments may publish their source code on a public platform.” (line 3). Why not "
        "replace this “may” with “shall” or “will”?"
    ) in md
    assert not re.search(r"[åäö]|Förslag|Yttrande", md)


def test_cited_by_page_and_paragraph_in_a_pdf(tmp_path, cli) -> None:
    draft = tmp_path / "utkast.pdf"
    draft.write_bytes(make_pdf(DRAFT_PAGES))
    md = statement([str(draft), "--select", "PC101"], cli)
    assert "”Staden kan erbjuda språkkurser.” (sid. 2, andra stycket)." in md


def test_word_statement_and_one_per_document(tmp_path, cli) -> None:
    draft = tmp_path / "riktlinje.md"
    draft.write_text(GUIDELINE, encoding="utf-8")
    out = tmp_path / "yttrande.docx"
    code, stdout, err = cli([str(draft), "--format", "remissvar", "-o", str(out)])
    assert code == 1 and not stdout, err
    word = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Head")]
    assert headings[:3] == [
        ("Heading 1", "Yttrande över ”Riktlinje för anhörigstöd”"),
        ("Heading 2", "Sammanfattning"),
        ("Heading 2", "Synpunkter"),
    ]
    assert any(p.text.startswith("Förslaget till riktlinje har") for p in word.paragraphs)
    # a folder of drafts: one statement per document, in the -o folder
    english = tmp_path / "open.md"
    english.write_text(ENGLISH, encoding="utf-8")
    folder = tmp_path / "yttranden"
    code, stdout, err = cli([str(draft), str(english), "--format", "remissvar", "-o", str(folder)])
    assert code == 1 and not stdout, err
    written = sorted(p.name for p in folder.iterdir())
    assert written == ["open-remissvar.md", "riktlinje-remissvar.md"]
    assert (folder / "open-remissvar.md").read_text().startswith("# Statement on")
    assert (folder / "riktlinje-remissvar.md").read_text().startswith("# Yttrande över")


def test_draft_text_is_markdown_escaped(tmp_path, cli) -> None:
    draft = tmp_path / "utkast.md"
    draft.write_text("# Policy *för* <b>alla</b>\n\nStaden kan erbjuda [stöd].\n", encoding="utf-8")
    md = statement([str(draft), "--select", "PC101"], cli)
    assert "Staden kan erbjuda \\[stöd\\]." in md
    assert "<b>" not in md


def test_excerpt_cuts_around_the_match() -> None:
    long = " ".join(["ord"] * 60) + " staden kan erbjuda stöd " + " ".join(["fler"] * 60)
    cut = excerpt(long, "kan", limit=80)
    assert cut.startswith("…") and cut.endswith("…") and "staden kan erbjuda" in cut
    assert len(cut) <= 82 and "  " not in cut
    assert excerpt("Kort mening.", "Kort") == "Kort mening."


# -- the rule files' remissvar wording -------------------------------------------------------


RULES = [r for p in all_packs() for r in p.rules]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.language}-{r.code}")
def test_every_rule_has_a_remissvar_wording(rule) -> None:
    words = rule.remissvar
    assert words is not None, "add a remissvar block to the rule file"
    for text in (words.summary, words.question, words.passed):
        assert text.get("sv").strip() and text.get("en").strip()
    # the neutral wording is neutral
    neutral = [words.summary, words.question, words.passed, words.suggestion]
    # ambiguous-area is about the word "stadsdel" itself
    allowed = {"stadsdel"} if rule.alias == "ambiguous-area" else set()
    for text in filter(None, neutral):
        found = INTEGRATION_WORDS.findall(text.get("sv") + " " + text.get("en"))
        assert {w.lower() for w in found} <= allowed, rule.code


def _seed_text() -> str:
    return normalise(SEED.read_text(encoding="utf-8"))[0]


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.remissvar and r.remissvar.seed_wording], ids=lambda r: r.code
)
def test_seed_wording_is_the_seeds_own(rule) -> None:
    """The seed's words, verbatim (with the finding's match where the seed quotes one)."""
    words = rule.remissvar.seed_wording.get("sv").replace("{match}", "utanför Stockholms tullar")
    assert words in _seed_text()


def test_readme_excerpt_is_current(cli) -> None:
    """The README shows an excerpt of the example draft's statement as it is made today."""
    md = statement([str(DRAFT)], cli)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```markdown\n(# Yttrande över.*?)\n```", readme, re.DOTALL)
    assert block is not None
    for paragraph in block.group(1).split("\n\n"):
        if paragraph.strip() != "…":
            assert paragraph in md, paragraph
    assert Path(DRAFT).name in md


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("“Open data” means data.", "en", "“‘Open data’ means data.”"),
        ("Begreppet ”trygghet” används.", "sv", "”Begreppet ’trygghet’ används.”"),
        ('"Robust fiber" är ett koncept.', "sv", "”’Robust fiber’ är ett koncept.”"),
        ("Inget citat här.", "sv", "”Inget citat här.”"),
    ],
)
def test_a_quotation_inside_a_quoted_passage_takes_the_inner_marks(
    text: str, lang: str, expected: str
) -> None:
    from policycheck.report.review import quoted

    assert quoted(text, lang) == expected

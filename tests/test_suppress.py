"""Inline suppressions (``<!-- policycheck: ... -->``) and the unused-suppression report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycheck.engine import Checker
from policycheck.findings import FileResult
from policycheck.options import Options
from policycheck.read import markdown, text
from policycheck.suppress import parse

WEAK = "Staden kan erbjuda språkkurser."  # PC101 weak-modal at column 8


def check_md(checkers, source: str) -> FileResult:
    return checkers["sv"].check(markdown.build(source, "policy.md"))


def found(result: FileResult, code: str) -> list[tuple[int, int]]:
    return [(f.location.line, f.location.column) for f in result.findings if f.code == code]


# -- parsing -------------------------------------------------------------------------------


def test_parse_every_form() -> None:
    source = (
        "<!-- policycheck: disable=PC101 -->\n"
        "<!--policycheck:enable=PC101-->\n"
        "<!-- policycheck: disable-next-line=weak-modal, PC2 -- citat ur lagtext -->\n"
        "\n"
        "Text.\n"
        "<!-- policycheck: disable-file -->\n"
        "<!-- policycheck: disable-next-line -- utan regler -->\n"
    )
    d = parse(source)
    actions = ["disable", "enable", "disable-next-line", "disable-file", "disable-next-line"]
    assert [x.action for x in d] == actions
    assert d[0].selectors == ("PC101",) and d[0].line == 1
    assert d[1].selectors == ("PC101",)
    assert d[2].selectors == ("weak-modal", "PC2")
    assert d[2].reason == "citat ur lagtext"
    assert d[2].target == 5  # the next line with text, past the blank one
    assert d[3].selectors == () and d[3].reason == ""
    assert d[4].selectors == () and d[4].reason == "utan regler"
    assert d[4].target is None  # nothing follows
    assert d[2].spec == "disable-next-line=weak-modal,PC2"


def test_stacked_comments_target_the_text_below() -> None:
    source = (
        "<!-- policycheck: disable-next-line=PC101 -->\n"
        "<!-- policycheck: disable-next-line=PC210 -->\n"
        "Text.\n"
    )
    assert [d.target for d in parse(source)] == [3, 3]


def test_markdown_code_shows_directives_without_applying_them() -> None:
    source = (
        "```markdown\n<!-- policycheck: disable-file -->\n```\n\n"
        "Skriv `<!-- policycheck: disable-file -->` överst, eller\n"
        "`x <!-- policycheck: disable-file --> y`.\n"
        "<!-- policycheck: disable=PC101 -->\n"
    )
    assert [d.line for d in parse(source, markdown=True)] == [7]
    assert len(parse(source)) == 4  # plain text has no code blocks


FRAGMENTS = ["<!--", "-->", " policycheck:", "disable", "-next-line", "-file", "enable", "="]
FRAGMENTS += ["PC101", ",", " -- ", "skäl", "\n", "\n\n", "Staden kan.", "`", "```\n", " "]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_parse_is_robust(source: str) -> None:
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    for markdown_ in (False, True):
        for d in parse(source, markdown=markdown_):
            assert source[d.start : d.end] == d.text
            assert "\n" not in d.text
            assert starts[d.line - 1] <= d.start
            assert d.target is None or d.target > d.line
    # the text reader drops directives but keeps every offset of the original
    document = text.build(source, "x.txt")
    assert document.original == source
    for d in parse(source):
        assert d.text not in document.text


# -- applying them ---------------------------------------------------------------------------


def test_disable_next_line(checkers) -> None:
    source = f"# Policy\n\n<!-- policycheck: disable-next-line=PC101 -->\n{WEAK}\n\n{WEAK}\n"
    result = check_md(checkers, source)
    assert found(result, "PC101") == [(6, 8)]
    assert found(result, "PC900") == []


def test_disable_and_enable(checkers) -> None:
    source = (
        f"# Policy\n\n{WEAK}\n\n"
        "<!-- policycheck: disable=weak-modal -- citat ur lagtext -->\n"
        f"{WEAK}\n\n{WEAK}\n\n"
        "<!-- policycheck: enable=weak-modal -->\n"
        f"{WEAK}\n"
    )
    result = check_md(checkers, source)
    assert found(result, "PC101") == [(3, 8), (11, 8)]
    assert found(result, "PC900") == []


def test_disable_all_then_enable_one(checkers) -> None:
    source = (
        "# Policy\n\n<!-- policycheck: disable -->\n\n"
        "Staden kan erbjuda s.k. integrationskonsekvensanalyser.\n\n"
        "<!-- policycheck: enable=PC101 -->\n\n"
        "Staden kan erbjuda s.k. bostadsanalyser.\n"
    )
    result = check_md(checkers, source)
    assert found(result, "PC101") == [(9, 8)]
    assert found(result, "PC210") == []  # still disabled after the partial enable


def test_disable_to_the_end_of_the_file(checkers) -> None:
    source = f"# Policy\n\n{WEAK}\n\n<!-- policycheck: disable=PC1 -->\n\n{WEAK}\n\n{WEAK}\n"
    assert found(check_md(checkers, source), "PC101") == [(3, 8)]  # a code prefix


def test_disable_file_by_critique_id_covers_document_findings(checkers) -> None:
    source = f"# Policy\n\n{WEAK}\n\n<!-- policycheck: disable-file=financing -->\n"
    result = check_md(checkers, source)
    assert found(result, "PC401") == []
    assert found(result, "PC101") == [(3, 8)]
    assert found(result, "PC900") == []


def test_document_findings_need_disable_file(checkers) -> None:
    # a range from line 1 covers the sentences, not "the document lacks financing"
    source = f"<!-- policycheck: disable -->\n# Policy\n\n{WEAK}\n"
    result = check_md(checkers, source)
    assert found(result, "PC101") == []
    assert found(result, "PC401") == [(1, 1)]


def test_plain_text_comments_are_not_prose(checkers) -> None:
    source = (
        "Riktlinje för språk\n\n"
        "<!-- policycheck: disable-next-line=PC101 -- citat -->\n"
        f"{WEAK}\n\nStaden kan erbjuda läxhjälp.\n"
    )
    document = text.build(source, "policy.txt")
    assert "policycheck" not in document.text and "<!--" not in document.text
    result = checkers["sv"].check(document)
    assert found(result, "PC101") == [(6, 8)]
    assert all("<!--" not in f.sentence for f in result.findings if f.code != "PC900")


# -- unused suppressions (PC900) ------------------------------------------------------------


def test_unused_disable_next_line_is_reported(checkers) -> None:
    source = (
        "# Policy\n\n<!-- policycheck: disable-next-line=weak-modal -->\n"
        "Staden ska erbjuda kurser.\n"
    )
    result = check_md(checkers, source)
    (finding,) = [f for f in result.findings if f.code == "PC900"]
    assert (finding.location.line, finding.location.column) == (3, 1)
    assert finding.severity == "info" and finding.alias == "unused-suppression"
    assert "”weak-modal”" in finding.message
    assert finding.sentence == "<!-- policycheck: disable-next-line=weak-modal -->"


def test_only_the_idle_selectors_are_reported(checkers) -> None:
    source = f"# Policy\n\n<!-- policycheck: disable-next-line=PC101,PC999,PC290 -->\n{WEAK}\n"
    result = check_md(checkers, source)
    assert found(result, "PC101") == []
    unknown, idle = [f.message for f in result.findings if f.code == "PC900"]
    assert unknown.startswith("Undantaget ”PC999” nämner ingen regel")  # a misspelt code
    assert idle.startswith("Undantaget ”PC290” undantar ingenting här")  # nothing to suppress


@pytest.mark.parametrize(
    ("selector", "said"),
    [
        ("PC1O1", "”PC1O1” nämner ingen regel (PC101?)."),  # the letter O for a zero
        ("weak-modl", "”weak-modl” nämner ingen regel (weak-modal?)."),
        ("bogus", "”bogus” nämner ingen regel."),
    ],
)
def test_a_selector_that_names_no_rule_says_so(checkers, selector: str, said: str) -> None:
    source = f"# Policy\n\n<!-- policycheck: disable-next-line={selector} -->\n{WEAK}\n"
    result = check_md(checkers, source)
    (finding,) = [f for f in result.findings if f.code == "PC900"]
    assert finding.message == f"Undantaget {said} Rätta det eller ta bort det ur kommentaren."
    assert found(result, "PC101") == [(4, 8)]  # it suppressed nothing


def test_unknown_action_and_redundant_directive(checkers) -> None:
    source = (
        "# Policy\n\n<!-- policycheck: disabel=PC101 -->\n"
        "<!-- policycheck: disable-file=PC101 -->\n\n"
        f"<!-- policycheck: disable-next-line=PC101 -->\n{WEAK}\n"
    )
    result = check_md(checkers, source)
    assert found(result, "PC101") == []
    # the narrowest directive gets the credit; the file-wide one is redundant
    assert found(result, "PC900") == [(3, 1), (4, 1)]


def test_enable_is_never_unused(checkers) -> None:
    source = f"# Policy\n\n<!-- policycheck: enable=PC101 -->\n{WEAK}\n"
    assert found(check_md(checkers, source), "PC900") == []


def test_rules_that_did_not_run_are_not_reported() -> None:
    checker = Checker(Options(language="sv", select=("PC101", "PC900")))
    source = f"# Policy\n\n<!-- policycheck: disable-file=financing -->\n{WEAK}\n"
    result = checker.check(markdown.build(source, "policy.md"))
    assert found(result, "PC900") == []  # PC401 did not run: used or not is unknown
    assert found(result, "PC101") == [(4, 8)]


def test_unused_suppression_can_be_ignored() -> None:
    checker = Checker(Options(language="sv", ignore=("unused-suppression",)))
    source = "# Policy\n\n<!-- policycheck: disable-next-line=PC999 -->\nText.\n"
    assert found(checker.check(markdown.build(source, "policy.md")), "PC900") == []


@pytest.mark.parametrize(
    "command", [["rules"], ["explain", "PC900"], ["explain", "unused-suppression"]]
)
def test_listed_and_explained(command, cli) -> None:
    code, out, _ = cli(command)
    assert code == 0
    assert "PC900" in out and "unused-suppression" in out


def test_cli_end_to_end(tmp_path, monkeypatch, cli) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy.md").write_text(
        f"# Policy\n\n<!-- policycheck: disable-next-line=weak-modal -- citat -->\n{WEAK}\n\n"
        "<!-- policycheck: disable-next-line=PC210 -->\nStaden ska erbjuda kurser.\n",
        encoding="utf-8",
    )
    code, out, _ = cli(["policy.md", "--select", "PC101,PC210,PC900", "-q"])
    assert out.splitlines() == [
        "policy.md:6:1: PC900 Undantaget ”PC210” undantar ingenting här. Ta bort det ur "
        "kommentaren."
    ]
    assert code == 0  # info does not fail the run


def test_html_comments_suppress_too(tmp_path, monkeypatch, cli) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy.html").write_text(
        "<html><body><h1>Språkpolicy</h1>\n"
        "<!-- policycheck: disable-next-line=PC101 -->\n"
        f"<p>{WEAK}</p>\n<p>Staden kan erbjuda läxhjälp.</p>\n</body></html>\n",
        encoding="utf-8",
    )
    _code, out, _ = cli(["policy.html", "--select", "PC101,PC900", "-q"])
    assert [line.split(" ")[0] for line in out.splitlines()] == ["policy.html:4:11:"]

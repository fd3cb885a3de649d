"""``explain`` prefers the language of --lang or of the config, else Swedish, and names the
other language's variant; ``critique POINT`` shows that one point."""

from __future__ import annotations

from pathlib import Path


def _first_line(args: list[str], cli) -> tuple[int, str, str]:
    code, out, err = cli(["explain", *args])
    return code, out.splitlines()[0] if out else "", out + err


def test_explain_defaults_to_swedish(tmp_path: Path, monkeypatch, cli) -> None:
    monkeypatch.chdir(tmp_path)  # no config file here or above (tmp)
    code, first, out = _first_line(["PC401"], cli)
    assert code == 0
    assert first == "PC401 (financing): Finansiering saknas"
    assert "Språk: sv." in out
    assert out.rstrip().endswith(
        "Finns också för språket en: PC401 (financing), `policycheck explain PC401 --lang en`"
    )


def test_explain_follows_lang_and_config(tmp_path: Path, monkeypatch, cli) -> None:
    monkeypatch.chdir(tmp_path)
    code, first, out = _first_line(["PC401", "--lang", "en"], cli)
    assert first == "PC401 (financing): No financing"
    assert "Also in Swedish: PC401 (financing), `policycheck explain PC401 --lang sv`" in out
    (tmp_path / "policycheck.toml").write_text('language = "en"\n', encoding="utf-8")
    assert _first_line(["financing"], cli)[1] == "PC401 (financing): No financing"
    # a rule only one language has is shown from it, with no other variant named
    code, first, out = _first_line(["PC120"], cli)
    assert code == 0 and "Språk: sv." in out and "Finns också" not in out


def test_critique_one_point(cli) -> None:
    code, out, _ = cli(["critique", "weak-modal"])
    assert code == 0
    assert out.startswith("weak-modal — Svaga modala verb")
    assert "measurable-goals" not in out and "kritikpunkter har regler" not in out
    assert "PC101 weak-modal (sv)" in out
    # its words are those of the titles' language, not English in a Swedish listing
    assert "[mening]" in out and "regler: PC101" in out and ", s. 6" in out


def test_a_points_level_is_that_of_its_rules(cli) -> None:
    """measurable-goals has sentence rules (PC110) and a document rule (PC112)."""
    code, out, _ = cli(["critique", "measurable-goals"])
    assert code == 0 and "[mening, dokument]" in out.splitlines()[0]


def test_explain_a_critique_point_lists_its_rules(cli) -> None:
    """--select takes critique ids, so explain does too: the point and its rules."""
    code, out, _ = cli(["explain", "measurable-goals"])
    assert code == 0
    assert out.startswith("measurable-goals — Mål utan mått") and "PC110 measurable-goal" in out
    # an alias that is also a point's id stays the rule
    assert cli(["explain", "weak-modal"])[1].startswith("PC101 (weak-modal)")


def test_critique_unknown_point(cli) -> None:
    code, out, err = cli(["critique", "weak-modl"])
    assert code == 2 and out == ""
    assert (
        err.strip()
        == "policycheck: error: no critique point 'weak-modl' (did you mean weak-modal?)"
    )


def _section(out: str, heading: str) -> list[str]:
    """The lines under ``heading`` up to the next blank line."""
    lines = out.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_explain_pass_examples_are_not_suggestions(tmp_path: Path, monkeypatch, cli) -> None:
    monkeypatch.chdir(tmp_path)
    from policycheck.packs import all_packs
    from policycheck.report.explain import find_rule

    rule = find_rule(all_packs(), "PC102", "sv")
    assert rule is not None and rule.examples.pass_
    code, out, _ = cli(["explain", "PC102"])
    assert code == 0
    # Swedish headings by default; the suggestion alone under "Skriv i stället"
    for heading in ("Vad regeln gör", "Varför det spelar roll", "Exempel", "Skriv i stället"):
        assert heading in out.splitlines()
    assert "What it does" not in out and "Use instead" not in out
    assert "Allvarlighetsgrad: varning." in out and "Svarar mot: weak-modal" in out
    instead = " ".join(_section(out, "Skriv i stället"))
    assert "✓" not in instead and "Skriv ”ska”" in instead
    not_flagged = _section(out, "Flaggas inte")
    assert len([x for x in not_flagged if "✓" in x]) == len(rule.examples.pass_)
    code, out, _ = cli(["explain", "PC102", "--lang", "en"])
    assert code == 0
    for heading in ("What it does", "Why it matters", "Example", "Use instead", "Not flagged"):
        assert heading in out.splitlines()
    assert "✓" not in " ".join(_section(out, "Use instead"))


def test_explain_unknown_rule_suggests_names(cli) -> None:
    code, out, err = cli(["explain", "weak-modl"])
    assert code == 2 and out == ""
    assert err.startswith("policycheck: error: no rule 'weak-modl' (did you mean weak-modal")
    code, out, err = cli(["explain", "PC1O1"])
    assert code == 2 and "did you mean PC101" in err
    code, _, err = cli(["explain", "nothing-like-it"])
    assert code == 2 and "(see: policycheck rules)" in err


def test_swedish_explain_says_what_each_check_type_does_in_swedish() -> None:
    """Every check type has a Swedish summary, so ``explain`` in Swedish has no English
    sentence about what the rule does (the English is the check type's own summary)."""
    from policycheck import languages
    from policycheck.checks import CHECKS
    from policycheck.packs import pack
    from policycheck.report.explain import explain_rule

    swedish = languages.labels("sv", "explain")["check_types"]
    assert set(swedish) == set(CHECKS)
    for rule in pack("sv").rules:
        text = explain_rule([pack("sv")], rule.code, "sv")
        assert CHECKS[rule.check.type].summary not in text, rule.code
        assert "reported only where" not in text and "no other rule" not in text, rule.code


def test_a_quote_the_rationale_holds_is_not_repeated(cli) -> None:
    code, out, _ = cli(["explain", "PC406"])
    assert code == 0 and " ".join(out.split()).count("bibringas det samlade kunnande") == 1


def test_a_quote_the_rationale_holds_in_part_is_cited_not_repeated(cli) -> None:
    """PC401's rationale quotes the part of the seed's sentence that matters: the sentence is
    not printed again, only where it stands."""
    code, out, _ = cli(["explain", "PC401"])
    flat = " ".join(out.split())
    assert code == 0 and flat.count("ambitionsnivå i integrationsarbetet ska finansieras") == 1
    assert "Remissvaret: Sammanfattning, s. 1." in flat

"""Languages are data (``rules/<lang>/language.yaml``, ``policycheck.languages``): the bundled
packs say all the reports need, and a third language comes from data alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck import languages
from policycheck.nlp import detect_language
from policycheck.resources import rules_dir

TOY = """\
name: Toki Pona
spacy: xx
function_words: [li, e, la, pi, mi, sina, ona, ni, lon, tawa]
abbreviations: []
or: anu
quotes: ["«", "»"]
labels:
  totals:
    finding: [ike, ike]
    file: [lipu, lipu]
    in: lon
"""

TOY_RULE = """\
code: PC801
alias: toki-ken
language: tok
critique: [weak-modal]
severity: warning
level: sentence
title: {tok: ken li lili}
message: {tok: "«{match}» li ken ala. o kepeken «wile»."}
rationale: {tok: jan lawa li wile sona e pali.}
suggestion: {tok: o sitelen e «wile».}
examples:
  flag: ["jan pali li ken pali e ni."]
  pass: ["jan pali li wile pali e ni."]
check:
  type: lexicon
  match: {terms: [ken]}
"""

TOY_TEXT = "jan pali li ken pali e ni. ona li pona.\n"


@pytest.fixture
def toy(tmp_path: Path, monkeypatch) -> Path:
    """A folder whose configuration adds the toy language, with a file written in it."""
    pack = tmp_path / "regler" / "tok"
    pack.mkdir(parents=True)
    (pack / "language.yaml").write_text(TOY, encoding="utf-8")
    (pack / "toki-ken.yaml").write_text(TOY_RULE, encoding="utf-8")
    (tmp_path / "policycheck.toml").write_text('rules = ["regler/"]\n', encoding="utf-8")
    (tmp_path / "lipu.txt").write_text(TOY_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_third_language_from_data_alone(toy: Path, cli) -> None:
    code, report = cli.json(["lipu.txt", "--no-cache"])
    assert code == 1
    (file,) = report["files"]
    assert file["language"] == "tok"  # detected from its function words
    assert file["pipeline"] == "blank tok"
    (finding,) = file["findings"]
    assert finding["code"] == "PC801"
    assert finding["message"] == "«ken» li ken ala. o kepeken «wile»."
    assert [p["status"] for p in file["scorecard"] if p["critique"] == "weak-modal"] == ["findings"]
    # the reports' words: its own where it has them, English where not
    code, out, _ = cli(["lipu.txt", "--no-cache"])
    assert out.splitlines()[-1] == "1 ike (0 errors, 1 warning, 0 info) lon 1 lipu"
    # --lang accepts it where the configuration adds it (and only there: the test below)
    assert cli(["lipu.txt", "--lang", "tok", "--no-cache", "-q"])[0] == 1


def test_an_unknown_language_is_a_usage_error(tmp_path: Path, cli, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(TOY_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["a.txt", "--lang", "tok"])
    assert code == 2 and out == ""
    assert err.strip() == "policycheck: error: --lang must be one of en, sv, not 'tok'"
    (tmp_path / "policycheck.toml").write_text('language = "tok"\n', encoding="utf-8")
    code, _, err = cli(["a.txt"])
    assert code == 2 and "policycheck.toml: language: no rule pack for 'tok' (choose en, sv)" in err


def test_the_library_checks_a_text_in_the_toy_language(toy: Path) -> None:
    import policycheck

    result = policycheck.check_text(TOY_TEXT, rules=[toy / "regler"])
    assert result.language == "tok"
    assert [f.code for f in result.findings] == ["PC801"]


def test_accepted_languages_are_the_packs_with_data(toy: Path) -> None:
    assert languages.codes() == ["en", "sv"]
    assert languages.codes((toy / "regler",)) == ["en", "sv", "tok"]
    words = languages.function_words((toy / "regler",))
    assert detect_language(TOY_TEXT, words) == "tok"
    assert detect_language(TOY_TEXT) == "sv"  # no bundled language's words: Swedish first


def test_bundled_languages_have_every_report_word() -> None:
    english = languages.get("en").labels
    for code in languages.codes():
        data = languages.get(code)
        assert data.name and data.function_words and data.abbreviations, code
        assert set(data.labels) == set(english), code
        for section, words in english.items():
            assert set(data.labels[section]) == set(words), (code, section)
        assert set(data.notices) == set(languages.get("en").notices), code
        assert (rules_dir() / code / languages.FILE).is_file()


def test_a_broken_language_file_names_the_file_and_key(tmp_path: Path) -> None:
    from policycheck.errors import RuleFileError

    folder = tmp_path / "tok"
    folder.mkdir()
    (folder / "language.yaml").write_text("name: x\nfunction_word: [a]\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        languages.get("tok", (tmp_path,))
    assert (
        str(exc.value)
        == f"{folder / 'language.yaml'}: function_word (line 2): Extra inputs are not permitted"
    )


def test_cite_and_quotes_follow_the_language() -> None:
    from policycheck.report.review import quoted

    assert languages.cite(3, 1, "sv") == "sid. 3, första stycket"
    assert languages.cite(3, 11, "sv") == "sid. 3, stycke 11"
    assert languages.cite(None, 4, "en") == "para. 4"
    assert languages.cite(3, 1, "de") == "p. 3, para. 1"  # no pack: English
    assert quoted("x", "sv") == "”x”" and quoted("x", "en") == "“x”"
    json.dumps(languages.get("sv").labels)  # plain data

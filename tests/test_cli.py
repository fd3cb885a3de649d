"""The command line as users run it: reports, exit codes, errors, configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from policycheck import languages
from policycheck.critique import load_catalogue
from policycheck.packs import all_packs

from .conftest import DRAFT, REVISED


def test_draft_text_report(cli) -> None:
    code, out, _ = cli([str(DRAFT)])
    assert code == 1
    # the seed's "kan ... göras" sentence, at its line and column in the Markdown file
    assert f"{DRAFT}:28:54 PC101" in out
    assert "»kan« s.k. integrationskonsekvensanalyser göras" in out
    assert f"{DRAFT}:1:1 PC401" in out
    # the scorecard shows every critique point in catalogue order
    titles = [p.title_in("sv") for p in load_catalogue()]
    positions = [out.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "anmärkningar (" in out.splitlines()[-1]  # a Swedish report's totals in Swedish


def test_draft_json_report(cli) -> None:
    code, report = cli.json([str(DRAFT)])
    assert code == 1
    (file,) = report["files"]
    assert file["language"] == "sv" and file["format"] == "markdown"
    weak = [f for f in file["findings"] if f["code"] == "PC101"]
    assert (weak[0]["line"], weak[0]["column"], weak[0]["match"]) == (28, 54, "kan")
    original = DRAFT.read_text(encoding="utf-8")
    assert original[weak[0]["start_offset"] : weak[0]["end_offset"]] == "kan"
    financing = [f for f in file["findings"] if f["code"] == "PC401"]
    assert financing[0]["scope"] == "document"
    assert (financing[0]["line"], financing[0]["column"]) == (1, 1)
    assert financing[0]["critique"] == ["financing"]
    assert report["pipelines"]["sv"]["name"] == file["pipeline"]


def test_json_is_deterministic(cli) -> None:
    _, first, _ = cli([str(DRAFT), "--format", "json"])
    _, second, _ = cli([str(DRAFT), "--format", "json"])
    assert first == second


def test_check_subcommand_is_the_default(cli) -> None:
    a = cli(["check", str(DRAFT), "-q"])
    b = cli([str(DRAFT), "-q"])
    assert a == b and a[0] == 1


def test_fail_on_and_select(cli) -> None:
    assert cli([str(DRAFT), "--fail-on", "never"])[0] == 0
    assert cli([str(DRAFT), "--fail-on", "error"])[0] == 0
    code, report = cli.json([str(DRAFT), "--select", "financing"])
    assert {f["code"] for f in report["files"][0]["findings"]} == {"PC401"}
    _code, report = cli.json([str(DRAFT), "--ignore", "PC1,PC4"])
    assert not {f["code"] for f in report["files"][0]["findings"]} & {"PC101", "PC401"}


def test_revised_draft_passes_engine_rules(cli) -> None:
    code, report = cli.json([str(REVISED), "--select", "PC101,PC210,PC401"])
    assert report["files"][0]["findings"] == []
    assert code == 0
    assert "PC401" in report["files"][0]["evidence"]


def test_revised_draft_goals_are_not_reported(cli) -> None:
    """The revised draft's goals are written as the reviewer asks (indicator, baseline, target,
    deadline, owner): neither the goal analysis nor the learned goal rule may report them."""
    _, report = cli.json([str(REVISED), "--select", "measurable-goals", "--no-cache"])
    sentence_findings = [f for f in report["files"][0]["findings"] if f["code"] != "PC112"]
    assert sentence_findings == []


def test_missing_file_among_good_ones(tmp_path: Path, cli) -> None:
    missing = tmp_path / "saknas.txt"
    code, report = cli.json([str(missing), str(DRAFT)])
    assert code == 2
    errors = {f["path"]: f["error"] for f in report["files"]}
    assert errors[str(missing)] and errors[str(DRAFT)] is None
    assert report["files"][1]["findings"]
    code, out, err = cli([str(missing), str(DRAFT)])
    assert code == 2 and "Traceback" not in out + err
    assert f"{missing}:" in out


def test_broken_rule_file(tmp_path: Path, cli) -> None:
    rules = tmp_path / "egna-regler"
    rules.mkdir()
    (rules / "trasig.yaml").write_text(
        "code: PC801\nalias: trasig\nlanguage: sv\ncritique: [weak-modal]\nseverity: fatal\n",
        encoding="utf-8",
    )
    (tmp_path / "policycheck.toml").write_text('rules = ["egna-regler"]\n', encoding="utf-8")
    draft = tmp_path / "utkast.txt"
    draft.write_text("Staden kan göra det.\n", encoding="utf-8")
    code, out, err = cli([str(draft)])
    assert code == 2
    message = (out + err).strip()
    assert "Traceback" not in message and len(message.splitlines()) == 1
    assert "trasig.yaml" in message and "PC801" in message and "severity" in message


def test_broken_config(tmp_path: Path, cli) -> None:
    (tmp_path / "policycheck.toml").write_text('slect = ["PC101"]\n', encoding="utf-8")
    draft = tmp_path / "utkast.txt"
    draft.write_text("Staden kan göra det.\n", encoding="utf-8")
    code, out, err = cli([str(draft)])
    assert code == 2
    message = (out + err).strip()
    assert "policycheck.toml" in message and "slect" in message and "Traceback" not in message
    (tmp_path / "policycheck.toml").write_text("select = [\n", encoding="utf-8")
    code, out, err = cli([str(draft)])
    assert code == 2 and "not valid TOML" in out + err


def test_usage_errors(cli) -> None:
    assert cli([str(DRAFT), "--format", "xml"])[0] == 2
    assert cli([str(DRAFT), "--fail-on", "sometimes"])[0] == 2
    assert cli([str(DRAFT), "--config", "/nonexistent.toml"])[0] == 2
    assert cli(["explain", "PC999"])[0] == 2


def test_config_discovery(tmp_path: Path, cli) -> None:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    draft = folder / "utkast.txt"
    draft.write_text("Staden kan erbjuda språkkurser.\n", encoding="utf-8")
    code, report = cli.json([str(draft)])
    assert {f["code"] for f in report["files"][0]["findings"]} >= {"PC101", "PC401"}
    (tmp_path / "pyproject.toml").write_text(
        '[tool.policycheck]\nselect = ["weak-modal", "financing"]\nignore = ["financing"]\n'
        '[tool.policycheck.severity]\nPC101 = "error"\n',
        encoding="utf-8",
    )
    code, report = cli.json([str(draft)])
    findings = report["files"][0]["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("PC101", "error")]
    # a nearer policycheck.toml wins; per-file ignores by glob
    (tmp_path / "a" / "policycheck.toml").write_text(
        '[per-file-ignores]\n"b/*.txt" = ["weak-modal"]\n', encoding="utf-8"
    )
    code, report = cli.json([str(draft)])
    codes = {f["code"] for f in report["files"][0]["findings"]}
    assert "PC401" in codes and "PC101" not in codes
    # command-line flags override the file
    _code, report = cli.json([str(draft), "--select", "PC101"])
    assert {f["code"] for f in report["files"][0]["findings"]} == set()


def test_accepted_vocabulary(tmp_path: Path, cli) -> None:
    draft = tmp_path / "utkast.txt"
    draft.write_text("Staden ska göra s.k. konsekvensanalyser.\n", encoding="utf-8")
    _, report = cli.json([str(draft), "--select", "PC210"])
    assert [f["match"] for f in report["files"][0]["findings"]] == ["konsekvensanalyser"]
    (tmp_path / "policycheck.toml").write_text(
        'accepted-vocabulary = ["konsekvensanalys"]\n', encoding="utf-8"
    )
    _, report = cli.json([str(draft), "--select", "PC210"])
    assert report["files"][0]["findings"] == []


def test_stdin(cli) -> None:
    text = "Staden kan erbjuda språkkurser.\n".encode()
    code, out, _ = cli(["-", "-q"], stdin=text)
    assert code == 1
    assert "-:1:8: PC101" in out


def test_source_map_through_the_report(tmp_path: Path, cli) -> None:
    """Line and column point into the original file after CRLF, cp1252 and a hyphen join."""
    text = (
        "Rubrik\r\n\r\nI samband med byggprojekt ska s.k. integrations-\r\n"
        "analyser göras och\u00a0staden kan erbjuda språkkurser.\r\n"
    )
    draft = tmp_path / "utkast.txt"
    draft.write_bytes(text.encode("cp1252"))
    _code, report = cli.json([str(draft), "--select", "PC101,PC210"])
    file = report["files"][0]
    assert file["encoding"] == "cp1252" and file["notices"]
    by_code = {f["code"]: f for f in file["findings"]}
    term = by_code["PC210"]
    assert term["match"] == "integrationsanalyser"
    assert (term["line"], term["column"], term["end_line"]) == (3, 36, 4)
    assert text[term["start_offset"] : term["end_offset"]] == "integrations-\r\nanalyser"
    weak = by_code["PC101"]
    assert (weak["line"], weak["column"]) == (4, 27)
    assert text[weak["start_offset"] : weak["end_offset"]] == "kan"


def test_rules_explain_critique(cli) -> None:
    code, out, _ = cli(["rules"])
    assert code == 0
    codes = [r.code for p in all_packs() for r in p.rules]
    assert all(c in out for c in codes)
    for p in all_packs():
        for rule in p.rules:
            for name in (rule.code, rule.alias):
                code, out, _ = cli(["explain", name, "--lang", rule.language])
                assert code == 0
                lab = languages.labels(rule.language, "explain")
                for section in ("what", "why", "example", "instead"):
                    assert f"\n{lab[section]}\n" in out
    code, out, _ = cli(["critique"])
    assert code == 0
    for point in load_catalogue():
        assert point.id in out
    assert "16 av 16 kritikpunkter har regler." in out  # in the language of the titles
    code, out, _ = cli(["critique", "--lang", "en"])
    assert "16 of 16 critique points have rules." in out and "[sentence]" in out


def test_light_commands_do_not_import_spacy() -> None:
    for args in (["--help"], ["--version"], ["rules"], ["explain", "PC101"], ["critique"]):
        script = (
            "import sys\n"
            f"sys.argv = ['policycheck', *{args!r}]\n"
            "from policycheck.cli import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code or 0\n"
            "print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY', code)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        ).stdout
        assert out.strip().endswith("NO-SPACY 0"), (args, out[-300:])


def test_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "policycheck", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("policycheck ")


def test_goals_command(cli) -> None:
    code, out, _ = cli(["goals", str(DRAFT)])
    assert code == 1  # the draft's goals lack target values and deadlines
    assert "Minska skillnaderna" in out and "0/3" in out
    code, out, _ = cli(["goals", str(REVISED)])
    assert code == 0 and "✗" not in out
    # the table and the findings come from one analysis
    _, report = cli.json([str(DRAFT), "--select", "PC110"])
    file = report["files"][0]
    assert len(file["goals"]) == 3
    incomplete = [g for g in file["goals"] if g["missing"]]
    assert len(incomplete) == len(file["findings"]) == 3
    assert {f["line"] for f in file["findings"]} == {g["line"] for g in incomplete}


def test_document_type(tmp_path: Path, cli) -> None:
    _, report = cli.json([str(DRAFT), "--select", "PC102"])
    assert report["files"][0]["document_type"] == "policy"
    plan = tmp_path / "plan.md"
    plan.write_text("# Handlingsplan för integration\n\nNämnderna bör samverka.\n", "utf-8")
    _, report = cli.json([str(plan), "--select", "PC102"])
    assert report["files"][0]["document_type"] == "handlingsplan"
    assert report["files"][0]["findings"][0]["severity"] == "error"
    _, report = cli.json([str(plan), "--select", "PC102", "--document-type", "policy"])
    assert report["files"][0]["findings"][0]["severity"] == "info"
    code, out, err = cli([str(plan), "--document-type", "roman"])
    assert code == 2 and "unknown document type 'roman'" in out + err
    # a name as written in a title is the type
    _, report = cli.json([str(plan), "--select", "PC102", "--document-type", "Policy"])
    assert report["files"][0]["document_type"] == "policy"


def test_a_document_type_of_one_language_in_a_mixed_run(tmp_path: Path, cli) -> None:
    """--document-type handlingsplan over Swedish and English files: the Swedish ones take it,
    the English ones read theirs from the title and say so; a type no language has stops."""
    (tmp_path / "sv.md").write_text("# Plan för trygghet\n\nKommunen kan vandra.\n", "utf-8")
    (tmp_path / "en.md").write_text("# Safety plan\n\nThe City may hold walks.\n", "utf-8")
    _, report = cli.json([str(tmp_path), "--document-type", "handlingsplan", "--no-cache"])
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["sv.md"]["document_type"] == "handlingsplan"
    assert by_name["en.md"]["document_type"] == "plan"
    assert any("'handlingsplan' is not one of en's" in n for n in by_name["en.md"]["notices"])
    code, _out, err = cli([str(tmp_path), "--document-type", "roman"])
    assert code == 2 and err.startswith("policycheck: error: --document-type: unknown")


def test_an_unknown_policy_area_is_an_error(tmp_path: Path, cli) -> None:
    """An unknown area quietly turned misplaced-goal off."""
    code, _out, err = cli([str(DRAFT), "--policy-area", "integrering"])
    assert code == 2 and "--policy-area: unknown policy area 'integrering' (known: " in err
    (tmp_path / "policycheck.toml").write_text('policy-area = "foo"\n', encoding="utf-8")
    draft = tmp_path / "utkast.md"
    draft.write_text("# Plan\n\nKommunen kan vandra.\n", encoding="utf-8")
    code, _out, err = cli([str(draft)])
    assert code == 2 and "policycheck.toml: policy-area: unknown policy area 'foo'" in err
    assert cli([str(DRAFT), "--policy-area", "integration", "-q"])[0] == 1


def test_document_type_help_names_every_type() -> None:
    from policycheck.cli import DocumentTypeOption

    help_text = DocumentTypeOption.__metadata__[0].help
    for pack in all_packs():
        for name in pack.document_types:
            assert f" {name}" in help_text, name


def test_an_option_value_that_names_a_subcommand_is_not_one(cli) -> None:
    """Only the first word can be a subcommand: in "-f text DRAFT", text is the format."""
    expected = cli([str(DRAFT), "--format", "text", "-q"])
    assert expected[0] == 1
    assert cli(["--format", "text", str(DRAFT), "-q"]) == expected
    assert cli(["-f", "text", "-q", str(DRAFT)]) == expected


def test_output_folder_only_for_formats_that_write_one_file_per_document(
    cli, tmp_path: Path
) -> None:
    folder = tmp_path / "rep"
    folder.mkdir()
    for output in (f"{tmp_path}/new/", str(folder)):
        code, out, err = cli([str(DRAFT), "--format", "json", "-o", output])
        assert code == 2 and out == ""
        assert err.startswith(f"policycheck: error: -o {output}: a folder, but --format json")
    assert not (tmp_path / "new").exists() and not any(folder.iterdir())
    code, _out, _err = cli([str(DRAFT), str(REVISED), "--format", "remissvar", "-o", str(folder)])
    assert code == 1 and len(list(folder.iterdir())) == 2


def test_the_output_files_suffix_picks_the_format_when_none_is_given(
    cli, tmp_path: Path, monkeypatch
) -> None:
    """An official's "-o granskad.docx" gets the draft with comments, not a text report
    under a Word name; an explicit --format still wins."""
    import json
    import zipfile

    monkeypatch.delenv("POLICYCHECK_FORMAT", raising=False)
    assert cli([str(DRAFT), "-o", f"{tmp_path}/g.docx"])[0] == 1
    with zipfile.ZipFile(tmp_path / "g.docx") as word:
        assert "word/comments.xml" in word.namelist()
    cli([str(DRAFT), "-o", f"{tmp_path}/g.html"])
    assert (tmp_path / "g.html").read_text(encoding="utf-8").lstrip().startswith("<!")
    cli([str(DRAFT), "-o", f"{tmp_path}/g.sarif"])
    assert json.loads((tmp_path / "g.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    cli([str(DRAFT), "-o", f"{tmp_path}/g.json"])
    assert "files" in json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    cli([str(DRAFT), "-o", f"{tmp_path}/g.txt"])
    assert "språkmodell" in (tmp_path / "g.txt").read_text(encoding="utf-8")
    cli([str(DRAFT), "--format", "json", "-o", f"{tmp_path}/j.html"])
    assert "files" in json.loads((tmp_path / "j.html").read_text(encoding="utf-8"))


def test_several_documents_into_one_word_file_is_a_usage_error(cli, tmp_path: Path) -> None:
    code, out, err = cli([str(DRAFT), str(REVISED), "--format", "docx", "-o", f"{tmp_path}/a.docx"])
    assert code == 2 and out == ""
    expected = f"several documents: give -o a folder ({tmp_path}/a/), not {tmp_path}/a.docx"
    assert err == f"policycheck: error: {expected}\n"


def test_traceback_on_request(cli, monkeypatch) -> None:
    """POLICYCHECK_TRACEBACK=1 lets an internal error through with its traceback."""
    import pytest

    def bug(options):
        raise RuntimeError("oväntat fel")

    monkeypatch.setattr("policycheck.run.run_check", bug)
    monkeypatch.setenv("POLICYCHECK_TRACEBACK", "1")
    with pytest.raises(RuntimeError, match="oväntat fel"):
        cli([str(DRAFT)])


def test_readme_example_report_is_current(cli, monkeypatch) -> None:
    """Every line the README shows of the example draft's report is in the report today."""
    import re

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "policycheck examples/utkast-integrationspolicy.md"
    block = re.search(rf"```text\n\$ {command}\n(.*?)\n```", readme, re.DOTALL)
    assert block is not None
    monkeypatch.chdir(ROOT)
    _code, out, _err = cli(command.split()[1:])
    lines = [line for line in block.group(1).splitlines() if line.strip() not in ("", "…", "...")]
    assert len(lines) > 20
    for line in lines:
        assert line in out, line

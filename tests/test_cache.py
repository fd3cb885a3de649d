"""The result cache: a second run reuses results and reports the same; a change to the file,
a rule file, the settings or the pipeline makes it check again; --no-cache bypasses it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from policycheck import cache, execute, packs
from policycheck.engine import Checker

from .conftest import DRAFT, ROOT

RULE = (ROOT / "rules" / "sv" / "hedge.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A folder with a draft, an extra rule folder and its policycheck.toml; the cache in
    tmp_path/cache; every real check counted."""
    (tmp_path / "egna-regler").mkdir()
    rule = RULE.replace("code: PC103", "code: PC901").replace("alias: hedge", "alias: mitt")
    (tmp_path / "egna-regler" / "mitt.yaml").write_text(rule, encoding="utf-8")
    (tmp_path / "policycheck.toml").write_text('rules = ["egna-regler"]\n', encoding="utf-8")
    shutil.copy(DRAFT, tmp_path / "utkast.md")
    monkeypatch.setenv("POLICYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    checked: list[str] = []
    real = Checker.check

    def counting(self, document):
        checked.append(document.path)
        return real(self, document)

    monkeypatch.setattr(Checker, "check", counting)
    monkeypatch.setattr(sys.modules[__name__], "CHECKED", checked, raising=False)
    return tmp_path


CHECKED: list[str] = []


def checks(cli, *args: str) -> tuple[int, str, int]:
    """Run on utkast.md; return the exit code, the report and how many files were checked."""
    before = len(CHECKED)
    code, out = cli(["utkast.md", *args])[:2]
    return code, out, len(CHECKED) - before


def test_second_run_hits_the_cache(project: Path, cli) -> None:
    code1, text1, n1 = checks(cli)
    code2, text2, n2 = checks(cli)
    assert (n1, n2) == (1, 0)
    assert (code1, text1) == (code2, text2) and "PC901" in text1
    _, json1, _ = checks(cli, "--format", "json")
    _, json2, n = checks(cli, "--format", "json", "--no-cache")
    assert n == 1 and json1 == json2
    assert (project / "cache" / "CACHEDIR.TAG").is_file()


def test_no_cache_bypasses(project: Path, cli) -> None:
    checks(cli)
    _, _, n = checks(cli, "--no-cache")
    assert n == 1
    shutil.rmtree(project / "cache")
    _, _, n = checks(cli, "--no-cache")
    assert n == 1 and not (project / "cache").exists()


def test_changed_file_is_checked_again(project: Path, cli) -> None:
    _, text1, _ = checks(cli)
    draft = project / "utkast.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nStaden bör om möjligt agera.\n")
    _, text2, n = checks(cli)
    assert n == 1 and text1 != text2


def test_changed_rule_file_invalidates(project: Path, cli) -> None:
    _, text1, _ = checks(cli)
    rule = project / "egna-regler" / "mitt.yaml"
    text = rule.read_text(encoding="utf-8").replace("severity: warning", "severity: error")
    rule.write_text(text.replace("document_types: {policy: info, riktlinje: info}\n", ""))
    packs.pack.cache_clear()  # a new process would read the rules again
    code, text2, n = checks(cli, "--fail-on", "error")
    assert n == 1 and code == 1 and text1 != text2


@pytest.mark.parametrize(
    "args",
    [["--select", "PC1"], ["--ignore", "hedge"], ["--document-type", "plan"], ["--lang", "sv"]],
)
def test_changed_settings_invalidate(project: Path, args, cli) -> None:
    checks(cli)
    _, text, n = checks(cli, *args)
    assert n == 1
    _, again, n = checks(cli, *args)
    assert n == 0 and again == text


def test_changed_config_invalidates(project: Path, cli) -> None:
    checks(cli)
    toml = project / "policycheck.toml"
    toml.write_text(toml.read_text() + 'accepted-vocabulary = ["språkliga rikedom"]\n')
    _, _, n = checks(cli)
    assert n == 1


def test_pipeline_identity_invalidates(project: Path, monkeypatch, tmp_path, cli) -> None:
    checks(cli)
    _, _, n = checks(cli, "--model", "blank")
    assert n == 1
    # a model folder's key follows its files
    model = tmp_path / "modell"
    model.mkdir()
    (model / "meta.json").write_text("{}")
    key1 = cache.pipeline_key("sv", str(model))
    cache.pipeline_key.cache_clear()
    (model / "meta.json").write_text('{"version": "2"}')
    assert cache.pipeline_key("sv", str(model)) != key1
    cache.pipeline_key.cache_clear()
    # and so does the spaCy version
    monkeypatch.setattr(cache, "_version", lambda dist: "99.0")
    assert cache.pipeline_key("sv", str(model)) != key1
    cache.pipeline_key.cache_clear()


def test_read_errors_and_stdin_are_not_cached(project: Path, cli) -> None:
    (project / "trasig.md").write_bytes(b"\x00\x01")
    code, out = cli(["trasig.md"])[:2]
    assert code == 2
    assert not list((project / "cache").rglob("*.json")) if (project / "cache").exists() else True
    assert cache.file_key("-", "d" * 64, "r", "p") is None


def test_round_trip_of_a_result(checkers) -> None:
    from policycheck.read import read_path

    result = checkers["sv"].check(read_path(DRAFT))
    assert cache.result_from_dict(cache.result_to_dict(result)) == result


def test_cached_run_does_not_load_the_pipeline(project: Path, monkeypatch, cli) -> None:
    (project / "english.md").write_text((ROOT / "examples" / "README.md").read_text())
    outputs = {}
    for fmt in ("text", "json", "sarif"):
        outputs[fmt] = cli(["utkast.md", "english.md", "--format", fmt])[:2]

    def no_spacy(*args, **kwargs):
        raise AssertionError("the pipeline was loaded for cached results")

    execute.forget()  # as in a new process: nothing loaded
    monkeypatch.setattr("policycheck.nlp.build_pipeline", no_spacy)
    for fmt in ("text", "json", "sarif"):
        again = cli(["utkast.md", "english.md", "--format", fmt])[:2]
        assert again == outputs[fmt]


def test_cached_run_imports_no_spacy(project: Path) -> None:
    """A run whose files all come from the cache does not even import spaCy (a second
    importing it through the critique model's package, 1 s of a 2 s run, went unnoticed)."""
    import os
    import subprocess

    code = (
        "import sys\n"
        "from policycheck.cli import main\n"
        "sys.argv = ['policycheck', 'utkast.md']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('spacy' in sys.modules, file=sys.stderr)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=project,
            env=os.environ.copy(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        for _ in range(2)
    ]
    assert runs[0].stderr.strip().splitlines()[-1] == "True"  # checked: the pipeline ran
    assert runs[1].stderr.strip().splitlines()[-1] == "False", runs[1].stderr
    assert runs[1].stdout == runs[0].stdout

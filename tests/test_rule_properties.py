"""Rule files and configuration over arbitrary input: a pull request can supply both.

Whatever the bytes of a rule file, ``features.yaml`` or ``policycheck.toml``, loading it gives
a rule or a one-line :class:`RuleFileError` / :class:`ConfigError` naming the file, and a
rule that loads either compiles and runs or fails with a :class:`RuleFileError` (a bad token
pattern) or an error result for the document (a regex past its time bound): never another
exception.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycheck.config import ConfigError, load_config
from policycheck.critique import catalogue_ids
from policycheck.document import document_from_text
from policycheck.engine import Checker
from policycheck.options import Options
from policycheck.packs import pack
from policycheck.ruleset import (
    RuleFileError,
    RulePack,
    _check_references,
    load_features,
    load_rule_file,
)

from .conftest import ROOT
from .test_read_properties import _mutations

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# a rule with token patterns (REGEX among them) and a lexicon rule with regexes and features
_PATTERN_RULE = (
    (ROOT / "rules" / "sv" / "nominalisation.yaml")
    .read_text(encoding="utf-8")
    .replace("code: PC291", "code: PC991")
    .replace("alias: nominalisation", "alias: prov-monster")
    .replace("requires: [tags]\n", "")
    .encode()
)
_LEXICON_RULE = (
    (ROOT / "rules" / "sv" / "financing.yaml")
    .read_text(encoding="utf-8")
    .replace("code: PC401", "code: PC992")
    .replace("alias: financing", "alias: prov-lexikon")
    .encode()
)
_FEATURES = (ROOT / "rules" / "sv" / "features.yaml").read_bytes()
_CONFIG = b"""select = ["ALL"]
ignore = ["long-sentence"]
fail-on = "warning"
accepted-vocabulary = ["stadsdel"]
document-type = "plan"
policy-area = "integration"
language = "sv"
[severity]
PC101 = "error"
[per-file-ignores]
"bilagor/*.md" = ["PC290"]
"""

# text made of what YAML and TOML are made of, and what breaks them
_MARKUP = st.text(
    st.sampled_from([*"abkcode:-[]{}&*!|>'\"#=.\n ,0123456789åäö\t%@`?\\", "\x00", "\ufeff"]),
    max_size=300,
)
any_bytes = st.binary(max_size=300) | _MARKUP.map(lambda t: t.encode("utf-8", "surrogatepass"))


def _one_line(message: str, path: Path) -> None:
    assert str(path) in message and "\n" not in message and len(message) < 1000, message


def _write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(data=_mutations(_PATTERN_RULE) | _mutations(_LEXICON_RULE) | any_bytes)
def test_rule_files_load_compile_and_run_or_fail_in_one_line(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, "regel.yaml", data)
        try:
            rule = load_rule_file(path)
            bundled = pack("sv")
            candidate = RulePack(
                "sv",
                rules=[rule],
                features=bundled.features,
                document_types=bundled.document_types,
                sources={rule.code: path},
            )
            _check_references(candidate, catalogue_ids())
            checker = Checker(Options(language="sv", model="blank"), packs=lambda lang: candidate)
            result = checker.check(document_from_text("Staden ska genomföra en kartläggning."))
        except RuleFileError as exc:
            _one_line(str(exc), path)
            return
        assert result.error is None or str(path) in result.error


def _loads_or_fails_in_one_line(data: bytes, name: str, load, error: type[Exception]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, name, data)
        try:
            load(path)
        except error as exc:
            _one_line(str(exc), path)


@SETTINGS
@given(data=_mutations(_FEATURES) | any_bytes)
def test_features_files_load_or_fail_in_one_line(data: bytes) -> None:
    _loads_or_fails_in_one_line(data, "features.yaml", load_features, RuleFileError)


@SETTINGS
@given(data=_mutations(_CONFIG) | any_bytes)
def test_configuration_loads_or_fails_in_one_line(data: bytes) -> None:
    _loads_or_fails_in_one_line(data, "policycheck.toml", load_config, ConfigError)


def test_bundled_rule_files_pass_the_checks_a_run_skips() -> None:
    """A run does not check the regular expressions of policycheck's own rule files (they
    cost most of the rules' load time); this test is that check, on every bundled file."""
    from policycheck.languages import FILE as LANGUAGE_FILE
    from policycheck.resources import rules_dir

    files = sorted(p for p in rules_dir().glob("*/*.yaml") if p.name != LANGUAGE_FILE)
    assert len(files) > 40
    for path in files:
        if path.name == "features.yaml":
            load_features(path)
        else:
            load_rule_file(path)


@pytest.mark.parametrize(
    ("types", "said"),
    [
        ("{plan: ['plan(']}", "document_types: plan.0 (line 1): invalid regular expression"),
        ("{plan: 'plan'}", "document_types: plan (line 1): Input should be a valid list"),
    ],
)
def test_a_broken_document_type_is_a_one_line_error(tmp_path: Path, types: str, said: str) -> None:
    path = tmp_path / "features.yaml"
    path.write_text(f"document_types: {types}\nfeatures: {{}}\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_features(path)
    assert str(caught.value).startswith(f"{path}: {said}")


def test_a_bundled_document_type_is_not_syntax_checked_on_load(tmp_path: Path) -> None:
    path = tmp_path / "features.yaml"
    path.write_text("document_types: {plan: ['plan(']}\nfeatures: {}\n", encoding="utf-8")
    assert load_features(path, bundled=True)[1] == {"plan": ["plan("]}


def test_loading_the_bundled_pack_skips_the_syntax_check(monkeypatch) -> None:
    """What the test above checks is skipped on the way a run loads the bundled rules, and
    only there: a user's rule file is still checked."""
    from policycheck import regexes
    from policycheck.resources import rules_dir
    from policycheck.ruleset import load_pack

    checked: list[str] = []
    real = regexes.check_syntax
    monkeypatch.setattr(regexes, "check_syntax", lambda p: checked.append(p) or real(p))
    load_pack("sv", [rules_dir()], catalogue_ids(), bundled=rules_dir())
    assert checked == []
    load_rule_file(rules_dir() / "sv" / "unsupported-claim.yaml")
    assert checked

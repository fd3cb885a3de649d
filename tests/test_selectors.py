"""A mistyped or unknown selector is a usage error naming the nearest valid names, never a run
that quietly checks nothing; lists may be comma- or space-separated."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.options import split_selectors

from .conftest import ROOT

TEXT = "Policy för bibliotek\n\nStaden kan erbjuda läxhjälp.\n"


@pytest.fixture
def draft(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "utkast.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("flag", "value", "near"),
    [
        ("--select", "PC1O1", "PC101"),  # letter O for zero
        ("--select", "PC9999", None),
        ("--select", "weak-modl", "weak-modal"),
        ("--ignore", "financng", "financing"),
        ("--select", "PC101,nosuch", None),
    ],
)
def test_unknown_selector_is_exit_2(draft, flag, value, near, cli) -> None:
    code, out, err = cli([draft.name, flag, value])
    assert code == 2 and out == ""
    bad = value.split(",")[-1]
    assert err.startswith(f"policycheck: error: {flag}: no rule or critique point '{bad}' (")
    if near:
        assert f"did you mean {near}" in err
    else:
        assert "policycheck rules" in err or "did you mean" in err


@pytest.mark.parametrize("value", ["PC101 PC401", "PC101,PC401", "PC101, PC401"])
def test_lists_separated_by_commas_or_spaces(draft, value, cli) -> None:
    code, out, _err = cli([draft.name, "-q", "--select", value])
    assert code == 1
    assert [line.split()[1] for line in out.splitlines()] == ["PC401", "PC101"]


def test_split_selectors() -> None:
    assert split_selectors(["PC101 PC401", "a,b", " c ,, "]) == ("PC101", "PC401", "a", "b", "c")


def test_valid_selectors_of_every_kind(draft, cli) -> None:
    # code, prefix, alias, critique id (also one no rule answers here), ALL, lower case
    for value in ("PC101", "PC1", "weak-modal", "financing", "ALL", "pc101"):
        code, _out, err = cli([draft.name, "-q", "--select", value])
        assert code == 1, (value, err)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('select = ["PC9999"]\n', "select"),
        ('ignore = ["PC101", "weak-modl"]\n', "ignore"),
        ('[severity]\nPC9O1 = "error"\n', "severity"),
        ('[per-file-ignores]\n"*.txt" = ["nosuch"]\n', "per-file-ignores.*.txt"),
    ],
)
def test_unknown_selector_in_the_config(draft, toml, key, cli) -> None:
    config = draft.parent / "policycheck.toml"
    config.write_text(toml, encoding="utf-8")
    code, out, err = cli([draft.name])
    assert code == 2 and out == ""
    assert err.startswith(f"policycheck: error: {config}: {key}: no rule or critique point")


def test_a_rule_from_the_configs_rule_folder_is_known(draft, cli) -> None:
    rule = (ROOT / "rules" / "sv" / "weak-modal.yaml").read_text(encoding="utf-8")
    rule = rule.replace("code: PC101", "code: PC950").replace("alias: weak-modal", "alias: mitt")
    (draft.parent / "egna").mkdir()
    (draft.parent / "egna" / "mitt.yaml").write_text(rule, encoding="utf-8")
    (draft.parent / "policycheck.toml").write_text(
        'rules = ["egna"]\nselect = ["PC950"]\n', encoding="utf-8"
    )
    code, out, err = cli([draft.name, "-q"])
    assert code == 1, err
    assert out.split()[1] == "PC950"
    code, _out, err = cli([draft.name, "-q", "--select", "mitt"])
    assert code == 1, err

"""Options (policycheck/options.py) and the configuration files that give them
(policycheck/config.py): merged once per file, flags over file over defaults; discovery read
once per folder; each file judged against its own ``fail-on``."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck import config
from policycheck.config import Configs
from policycheck.errors import ConfigError
from policycheck.options import Options

WEAK = "Staden kan erbjuda språkkurser.\n"  # PC101, a warning


def test_flags_over_the_file_over_the_defaults() -> None:
    flags = Options(select=["PC1"], ignore=["PC102"], language="sv")
    file = Options(select=["PC2"], ignore="PC103, PC104", fail_on="error", policy_area="skola")
    merged = flags.over(file)
    assert merged.select == ("PC1",)  # given: the flag wins
    assert merged.ignore == ("PC102", "PC103", "PC104")  # ignores add up
    assert merged.fail_on == "error" and merged.policy_area == "skola"  # not given: the file's
    assert merged.language == "sv"
    assert Options().threshold == "warning" and merged.threshold == "error"


def test_the_key_is_stable_and_says_everything() -> None:
    a = Options(accepted_vocabulary=["Stadsdel", "nyckeltal"])
    b = Options(accepted_vocabulary=["nyckeltal", "stadsdel"])
    assert a.key() == b.key() and a.accepted_vocabulary == {"stadsdel", "nyckeltal"}
    assert Options(model="blank").key() != Options().key()


def test_a_configuration_file_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "policycheck.toml"
    path.write_text('fail-on = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="fail-on: Input should be"):
        Configs().options_for(str(tmp_path / "a.md"))
    path.write_text('model = "sv_core_news_sm"\n', encoding="utf-8")  # a flag only
    with pytest.raises(ConfigError, match="model: unknown key"):
        Configs().options_for(str(tmp_path / "a.md"))
    path.write_text('document-type = "budget"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"policycheck.toml: document-type: unknown document"):
        Configs().options_for(str(tmp_path / "a.md"))
    path.write_text('document-type = "riktlinje"\n', encoding="utf-8")
    assert Configs().options_for(str(tmp_path / "a.md")).document_type == "riktlinje"


def test_a_tool_table_in_policycheck_toml_says_where_it_belongs(tmp_path: Path, cli) -> None:
    path = tmp_path / "policycheck.toml"
    path.write_text('[tool.policycheck]\nselect = ["PC101"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(WEAK, encoding="utf-8")
    code, out, err = cli([str(tmp_path / "a.md")])
    assert code == 2 and out == ""
    assert err.strip() == (
        f"policycheck: error: {path}: [tool.policycheck] belongs in pyproject.toml; in "
        "policycheck.toml the keys go at the top level (select = [...], not under a table)"
    )
    # the same table in pyproject.toml is the configuration
    path.unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.policycheck]\nselect = ["PC101"]\n')
    assert Configs().options_for(str(tmp_path / "a.md")).select == ("PC101",)


def test_discovery_reads_each_folder_and_file_once(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "policycheck.toml").write_text('ignore = ["PC290"]\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "pyproject.toml").write_text("[project]\nname = 'y'\n", encoding="utf-8")  # no table
    reads: list[Path] = []
    table = config._table
    monkeypatch.setattr(config, "_table", lambda path: reads.append(path) or table(path))
    configs = Configs(Options(ignore=["PC101"]))
    first = configs.options_for(str(deep / "x.md"))
    for name in ("y.md", "z.md"):
        assert configs.options_for(str(deep / name)) is first  # merged once
    assert configs.options_for(str(tmp_path / "a" / "w.md")) is first
    assert first.ignore == ("PC101", "PC290")
    # the pyproject.toml without a table is read once to learn that, the config file once
    assert sorted(reads) == [deep / "pyproject.toml", tmp_path / "policycheck.toml"]


def test_each_file_is_judged_against_its_own_fail_on(tmp_path: Path, cli) -> None:
    relaxed = tmp_path / "relaxed"
    relaxed.mkdir()
    (relaxed / "policycheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    (relaxed / "a.md").write_text(WEAK, encoding="utf-8")
    strict = tmp_path / "strict"
    strict.mkdir()
    (strict / "b.md").write_text(WEAK, encoding="utf-8")  # no configuration: warning
    a, b = str(relaxed / "a.md"), str(strict / "b.md")
    assert cli([a, "-q"])[0] == 0
    assert cli([b, "-q"])[0] == 1
    # whichever comes first: the strict file fails the run, the relaxed one does not
    assert cli([a, b, "-q"])[0] == 1 and cli([b, a, "-q"])[0] == 1
    # the flag is for all of them
    assert cli([a, b, "-q", "--fail-on", "never"])[0] == 0
    assert cli([a, b, "-q", "--fail-on", "info"])[0] == 1


def test_a_wrong_type_in_the_config_file_is_said_in_its_words(tmp_path: Path) -> None:
    """ "a list of strings", not pydantic's "a valid frozenset"."""
    path = tmp_path / "policycheck.toml"
    path.write_text('accepted-vocabulary = "trygghet"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="accepted-vocabulary: Input should be a list of strings"):
        config.load_config(path)

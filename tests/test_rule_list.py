"""``policycheck rules`` reads the rule files without validating them (to start fast); its
list must be exactly what the validated packs say, and a broken file still gets the
validated loader's message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policycheck import packs, rule_list
from policycheck.packs import all_packs
from policycheck.ruleset import RuleFileError

from .conftest import ROOT


def _validated_rows(lang: str | None = None) -> list[tuple[str, ...]]:
    return [rule_list.row(r.model_dump()) for p in all_packs(lang) for r in p.rules]


@pytest.mark.parametrize("lang", [None, "sv", "en"])
def test_the_list_is_the_validated_packs(lang: str | None) -> None:
    assert rule_list.rule_rows(lang) == _validated_rows(lang)


def test_the_command_prints_the_list(cli) -> None:
    code, out, _ = cli(["rules", "--lang", "sv"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == list(rule_list.HEADER)
    assert lines[1].split()[:3] == ["PC101", "weak-modal", "sv"]
    assert len(lines) == 1 + len(all_packs("sv")[0].rules)


def test_a_broken_rule_file_gets_the_validated_message(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "sv" / "weak-modal.yaml").write_text(
        "code: PC101\nalias: weak-modal\n", encoding="utf-8"
    )
    monkeypatch.setattr(rule_list, "rules_dir", lambda: tmp_path / "rules")
    monkeypatch.setattr(packs, "rules_dir", lambda: tmp_path / "rules")
    packs.pack.cache_clear()
    try:
        with pytest.raises(RuleFileError, match=r"weak-modal\.yaml: rule PC101 \(weak-modal\)"):
            rule_list.rule_rows("sv")
    finally:
        packs.pack.cache_clear()


def test_no_pydantic_import_for_the_list() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from policycheck.rule_list import rule_rows; rule_rows(); "
        "print('pydantic' in sys.modules or 'policycheck.ruleset' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

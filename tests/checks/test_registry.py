"""The registry of check types (policycheck/checks/__init__.py): one module per type, the rule
schema's union built from them, and the check-type table of docs/rules.md generated from them
(``python -m policycheck.checks docs/rules.md``)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

import policycheck.checks
from policycheck.checks import CHECKS, CheckSchema, docs_table, field_docs, with_docs_table
from policycheck.checks.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
RULES_MD = ROOT / "docs" / "rules.md"


def test_every_check_module_is_registered() -> None:
    modules = {
        m.name
        for m in pkgutil.iter_modules(policycheck.checks.__path__)
        if m.name not in ("base", "__main__")
    }
    assert {name.replace("-", "_") for name in CHECKS} == modules
    for name, check in CHECKS.items():
        assert check.schema.model_fields["type"].annotation.__args__ == (name,)
        assert check.summary and check.level and check.schema.__doc__


def test_the_schema_union_is_built_from_the_registry() -> None:
    adapter = TypeAdapter(CheckSchema)
    check = adapter.validate_python({"type": "metric", "measure": "lix", "max": 40})
    assert type(check) is CHECKS["metric"].schema
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        adapter.validate_python({"type": "no-such-type"})


def test_every_key_of_every_check_type_is_documented() -> None:
    for check in CHECKS.values():
        fields = set(check.schema.model_fields) - {"type"}
        assert fields <= set(field_docs(check.schema)), check.name


def test_the_docs_table_is_up_to_date() -> None:
    page = RULES_MD.read_text(encoding="utf-8")
    assert with_docs_table(page) == page, "run: python -m policycheck.checks docs/rules.md"
    for name in CHECKS:
        assert f"| `{name}` |" in docs_table()


def test_the_command_rewrites_a_stale_table(tmp_path: Path, capsys) -> None:
    stale = tmp_path / "rules.md"
    page = RULES_MD.read_text(encoding="utf-8")
    stale.write_text(page.replace("| `metric` |", "| `metrics` |"), encoding="utf-8")
    assert main(["--check", str(stale)]) == 1
    assert capsys.readouterr().out == f"{stale}: out of date\n"
    assert main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == page
    assert main(["--check", str(stale)]) == 0
    # as CI or a contributor runs it
    done = subprocess.run(
        [sys.executable, "-m", "policycheck.checks", "--check", str(RULES_MD)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout

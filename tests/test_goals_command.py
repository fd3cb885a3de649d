"""``policycheck goals``: no empty table when there are no goals; -o, --document-type and the
result cache as in ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.engine import Checker

PLAN = "# Handlingsplan mot hemlöshet\n\n## Mål\n\nMål 1. Hemlöshet ska förebyggas.\n"
NO_GOALS = "Policy för bibliotek\n\nBiblioteken är öppna alla dagar.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "plan.md").write_text(PLAN, encoding="utf-8")
    (tmp_path / "utan.txt").write_text(NO_GOALS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_goals_is_one_line_without_a_table(folder, cli) -> None:
    code, out, _ = cli(["goals", "utan.txt"])
    assert code == 0
    assert out.strip() == "utan.txt: Inga mål hittades."


def test_output_file(folder, cli) -> None:
    code, out, _ = cli(["goals", "plan.md", "-o", "rapporter/mal.txt"])
    assert code == 1 and out == ""
    report = (folder / "rapporter" / "mal.txt").read_text(encoding="utf-8")
    assert "Mål 1. Hemlöshet ska förebyggas." in report and "0/1 mål" in report


def test_document_type(folder, cli) -> None:
    code, out, _ = cli(["goals", "plan.md", "-f", "json", "--document-type", "policy"])
    assert '"document_type": "policy"' in out
    code, _out, err = cli(["goals", "plan.md", "--document-type", "roman"])
    assert code == 2 and "unknown document type 'roman'" in err


def test_results_come_from_the_cache(folder, monkeypatch, cli) -> None:
    checked: list[str] = []
    real = Checker.check

    def counting(self, document):
        checked.append(document.path)
        return real(self, document)

    monkeypatch.setattr(Checker, "check", counting)
    first = cli(["goals", "plan.md"])
    second = cli(["goals", "plan.md"])
    assert first == second and checked == ["plan.md"]
    cli(["goals", "plan.md", "--no-cache"])
    assert checked == ["plan.md", "plan.md"]

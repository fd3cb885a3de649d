"""``policycheck goals``: no empty table when there are no goals; -o, --document-type and the
result cache as in ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.engine import Checker

from .test_cli import run

PLAN = "# Handlingsplan mot hemlöshet\n\n## Mål\n\nMål 1. Hemlöshet ska förebyggas.\n"
NO_GOALS = "Policy för bibliotek\n\nBiblioteken är öppna alla dagar.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "plan.md").write_text(PLAN, encoding="utf-8")
    (tmp_path / "utan.txt").write_text(NO_GOALS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_goals_is_one_line_without_a_table(folder, capsys, monkeypatch) -> None:
    code, out, _ = run(["goals", "utan.txt"], capsys, monkeypatch)
    assert code == 0
    assert out.strip() == "utan.txt: Inga mål hittades."


def test_output_file(folder, capsys, monkeypatch) -> None:
    code, out, _ = run(["goals", "plan.md", "-o", "rapporter/mal.txt"], capsys, monkeypatch)
    assert code == 1 and out == ""
    report = (folder / "rapporter" / "mal.txt").read_text(encoding="utf-8")
    assert "Mål 1. Hemlöshet ska förebyggas." in report and "0/1 mål" in report


def test_document_type(folder, capsys, monkeypatch) -> None:
    code, out, _ = run(
        ["goals", "plan.md", "-f", "json", "--document-type", "policy"], capsys, monkeypatch
    )
    assert '"document_type": "policy"' in out
    code, _out, err = run(["goals", "plan.md", "--document-type", "roman"], capsys, monkeypatch)
    assert code == 2 and "unknown document type 'roman'" in err


def test_results_come_from_the_cache(folder, capsys, monkeypatch) -> None:
    checked: list[str] = []
    real = Checker.check

    def counting(self, document):
        checked.append(document.path)
        return real(self, document)

    monkeypatch.setattr(Checker, "check", counting)
    first = run(["goals", "plan.md"], capsys, monkeypatch)
    second = run(["goals", "plan.md"], capsys, monkeypatch)
    assert first == second and checked == ["plan.md"]
    run(["goals", "plan.md", "--no-cache"], capsys, monkeypatch)
    assert checked == ["plan.md", "plan.md"]

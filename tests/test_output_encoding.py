"""A console that cannot encode the report's symbols gets stand-ins, not a crash; an internal
error is exit 2 with one line on stderr, never 1 (which means findings)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from policycheck import cli as cli_module

TEXT = "Policy för bibliotek\n\nStaden kan erbjuda läxhjälp.\n"


def _run_to(encoding: str, args: list[str], monkeypatch) -> tuple[int, str]:
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding=encoding)
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "argv", ["policycheck", *args])
    monkeypatch.setenv("NO_COLOR", "1")
    with pytest.raises(SystemExit) as exc:
        cli_module.main()
    stream.flush()
    return exc.value.code or 0, buffer.getvalue().decode(encoding)


def test_cp1252_stdout_gets_stand_ins(tmp_path: Path, monkeypatch) -> None:
    draft = tmp_path / "utkast.txt"
    draft.write_text(TEXT.replace(" kan ", " ska "), encoding="utf-8")
    code, out = _run_to("cp1252", [str(draft), "--select", "PC101,PC401"], monkeypatch)
    assert code == 1  # findings, not a crash
    weak = next(line for line in out.splitlines() if "Svaga modala verb" in line)
    assert weak.rstrip().endswith("OK")  # ✓: weak-modal passed
    assert "Dokumentet säger inte hur åtagandena ska finansieras." in out  # cp1252 keeps å, ä


def test_stand_ins(cli) -> None:
    cli_module._tolerant_output()  # registers the error handler
    text = "✓ ✗ → ” ≥ Ω ő"
    assert text.encode("ascii", "policycheck-stand-in") == b'OK X -> " >= ? o'
    assert text.encode("cp1252", "policycheck-stand-in") == "OK X -> ” >= ? o".encode("cp1252")


def test_explain_on_a_cp1252_console(monkeypatch) -> None:
    code, out = _run_to("cp1252", ["explain", "PC101"], monkeypatch)
    assert code == 0
    assert "\nX " in out or "  X " in out  # the ✗ of the flagged examples


def test_internal_error_is_exit_2(tmp_path: Path, monkeypatch, cli) -> None:
    def broken(options):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr("policycheck.run.run_check", broken)
    draft = tmp_path / "utkast.txt"
    draft.write_text(TEXT, encoding="utf-8")
    code, out, err = cli([str(draft)])
    assert code == 2 and out == ""
    assert err.startswith("policycheck: internal error: RuntimeError: something unexpected")
    assert len(err.strip().splitlines()) == 1


def test_goal_table_lines_on_a_cp1252_console(tmp_path: Path, monkeypatch) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan för bibliotek\n\n## Mål\n\n- Fler ska låna böcker.\n", encoding="utf-8")
    _code, out = _run_to("cp1252", ["goals", str(plan)], monkeypatch)
    assert "Fler ska låna böcker" in out
    assert "??" not in out and "+-" in out and "|" in out


def test_box_drawing_stand_ins(cli) -> None:
    cli_module._tolerant_output()
    assert "┏━┳┓┃│─┼╇┡".encode("ascii", "policycheck-stand-in") == b"+-++||-+++"

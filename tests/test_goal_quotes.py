"""A numbered goal ("Mål 1. Hemlöshet ska förebyggas.") is quoted whole, not as its label."""

from __future__ import annotations

from pathlib import Path

PLAN = """# Handlingsplan mot hemlöshet

## Mål

Mål 1. Hemlöshet ska förebyggas.

Mål 2. Ingen ska bo eller leva på gatan.

- Mål 3. Antalet vräkningar ska minska.
"""
GOALS = [
    "Mål 1. Hemlöshet ska förebyggas.",
    "Mål 2. Ingen ska bo eller leva på gatan.",
    "Mål 3. Antalet vräkningar ska minska.",
]


def test_numbered_goals_are_quoted_whole(tmp_path: Path, cli) -> None:
    path = tmp_path / "plan.md"
    path.write_text(PLAN, encoding="utf-8")
    _code, report = cli.json([str(path), "--select", "PC110"])
    findings = report["files"][0]["findings"]
    assert [f["sentence"] for f in findings] == GOALS
    assert [f["match"] for f in findings] == GOALS
    _code, out, _ = cli([str(path), "--select", "PC110"])
    quoted = [line.strip() for line in out.splitlines() if line.startswith("      ")]
    assert quoted == GOALS

"""``-j N``: worker processes give the same report, in the same order, as one process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import DRAFT, EXAMPLES, REVISED


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("POLICYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    docs = tmp_path / "utkast"
    docs.mkdir()
    for i in range(3):
        shutil.copy(DRAFT, docs / f"a{i}-utkast.md")
        shutil.copy(REVISED, docs / f"b{i}-reviderad.md")
    shutil.copy(EXAMPLES / "README.md", docs / "c-english.md")  # another language
    (docs / "d-trasig.md").write_bytes(b"\x00\x01\x02")  # unreadable: binary
    (docs / "e-tom.txt").write_text("   \n")  # unreadable: empty
    unreadable = docs / "f-las-ej.md"
    unreadable.write_text("Staden ska.\n")
    unreadable.chmod(0)
    return docs


@pytest.mark.parametrize("jobs", ["2", "0"])
def test_jobs_give_the_same_json(folder: Path, jobs: str, cli) -> None:
    code1, one = cli([str(folder), "--format", "json", "--no-cache"])[:2]
    code2, many = cli([str(folder), "--format", "json", "--no-cache", "-j", jobs])[:2]
    assert code1 == code2 == 2  # unreadable files
    assert one == many
    assert '"error": "binary file (not text)"' in many
    if os.geteuid() != 0:  # root reads anything
        assert "f-las-ej.md" in many and "permission denied" in many


def test_jobs_with_the_cache(folder: Path, cli) -> None:
    _, one = cli([str(folder)])[:2]
    _, cached = cli([str(folder), "-j", "2"])[:2]
    (folder / "a0-utkast.md").write_text(
        DRAFT.read_text(encoding="utf-8") + "\nStaden kan erbjuda språkkurser.\n"
    )
    _, changed = cli([str(folder), "-j", "2"])[:2]
    _, fresh = cli([str(folder), "--no-cache"])[:2]
    assert one == cached and changed == fresh and changed != one


def test_negative_jobs_is_a_usage_error(folder: Path, cli) -> None:
    code, _ = cli([str(folder), "-j", "-1"])[:2]
    assert code == 2

"""A folder with no file to check is a warning on stderr (as in Ruff), not a silent pass."""

from __future__ import annotations

from pathlib import Path

from policycheck.read import iter_documents


def test_empty_folder_warns(tmp_path: Path, monkeypatch, cli) -> None:
    (tmp_path / "tom" / "sub").mkdir(parents=True)
    (tmp_path / "tom" / "sub" / "skript.py").write_text("pass\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["tom"])
    assert code == 0
    assert err.startswith("policycheck: warning: tom: no files to check under this folder")
    assert ".docx" in err and ".md" in err
    assert "in 0 files" in out


def test_a_folder_with_files_does_not_warn(tmp_path: Path, cli) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.txt").write_text("Policy\n\nStaden ska bygga.\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    _code, _out, err = cli([str(tmp_path / "a"), str(tmp_path / "b"), "-q"])
    assert "warning" in err and f"{tmp_path / 'b'}:" in err
    assert f"{tmp_path / 'a'}:" not in err


def test_everything_excluded_is_empty(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("Policy\n", encoding="utf-8")
    seen: list[str] = []
    items = list(iter_documents([str(tmp_path)], exclude=["*.txt"], on_empty=seen.append))
    assert items == [] and seen == [str(tmp_path)]

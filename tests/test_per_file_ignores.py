"""Per-file ignores match as in Ruff: a glob with a folder is relative to the config file's
folder, whatever the working folder and however the path is given; ``**`` spans folders,
``*`` does not; a glob without "/" matches file names anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.engine import path_matches

TEXT = "Policy för bibliotek\n\nStaden kan erbjuda läxhjälp.\n"


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("bilagor/*.md", "bilagor/bilaga.md", True),
        ("bilagor/*.md", "bilagor/sub/bilaga.md", False),  # * stays in one folder
        ("bilagor/**/*.md", "bilagor/sub/deep/bilaga.md", True),
        ("bilagor/**/*.md", "bilagor/bilaga.md", True),  # ** also matches no folder
        ("**/bilaga.md", "a/b/bilaga.md", True),
        ("*.md", "a/b/bilaga.md", True),  # no "/": the file name
        ("*.md", "a/b/bilaga.txt", False),
        ("bilaga[0-9].md", "x/bilaga3.md", True),
        ("bilaga[!0-9].md", "x/bilaga3.md", False),
        ("*.md", "-", False),
    ],
)
def test_path_matches(pattern: str, path: str, expected: bool) -> None:
    assert path_matches(pattern, path) is expected


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "policycheck.toml").write_text(
        '[per-file-ignores]\n"bilagor/*.txt" = ["PC101"]\n"arkiv/**/*.txt" = ["PC101"]\n',
        encoding="utf-8",
    )
    for rel in ("bilagor/bilaga.txt", "bilagor/sub/djup.txt", "arkiv/2004/a/gammal.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(TEXT, encoding="utf-8")
    return tmp_path


def _codes(report: dict) -> dict[str, set[str]]:
    return {f["path"]: {x["code"] for x in f["findings"]} for f in report["files"]}


def test_the_readme_example_with_a_relative_path(project, monkeypatch, cli) -> None:
    monkeypatch.chdir(project)
    args = ["bilagor/bilaga.txt", "bilagor/sub/djup.txt", "arkiv", "--select", "PC101"]
    _code, report = cli.json(args)
    assert _codes(report) == {
        "bilagor/bilaga.txt": set(),
        "bilagor/sub/djup.txt": {"PC101"},  # "*" does not reach into sub/
        "arkiv/2004/a/gammal.txt": set(),
    }


def test_relative_to_the_config_not_the_working_folder(project, monkeypatch, cli) -> None:
    monkeypatch.chdir(project / "bilagor")
    _code, report = cli.json(["bilaga.txt", "--select", "PC101"])
    assert _codes(report) == {"bilaga.txt": set()}
    monkeypatch.chdir(project.parent)
    path = f"{project.name}/bilagor/bilaga.txt"
    _code, report = cli.json([path, "--select", "PC101"])
    assert _codes(report) == {path: set()}


def test_readme_files_left_out_as_docs_ci_shows(tmp_path, monkeypatch, cli) -> None:
    """docs/ci.md, "Leave out README files": --exclude globs by name in any subfolder, and
    per-file-ignores "README*" = ["ALL"] for files named on the command line."""
    monkeypatch.chdir(tmp_path)
    weak = "# Policy\n\nStaden kan erbjuda kurser.\n"
    for name in ("policies/a.md", "policies/README.md", "policies/sub/readme.md", "policies/b.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(weak, encoding="utf-8")

    def checked(*args: str) -> list[str]:
        _code, report = cli.json([*args, "--select", "PC101", "--no-cache"])
        return [f["path"] for f in report["files"] if f["findings"]]

    kept = ["policies/a.md", "policies/b.md"]
    assert checked("policies/", "--exclude=README*", "--exclude=readme*") == kept
    assert checked("policies/", "--exclude=[Rr][Ee][Aa][Dd][Mm][Ee]*") == kept
    (tmp_path / "policycheck.toml").write_text(
        '[per-file-ignores]\n"README*" = ["ALL"]\n"readme*" = ["ALL"]\n', encoding="utf-8"
    )
    assert checked("policies/README.md", "policies/sub/readme.md", "policies/a.md") == [
        "policies/a.md"
    ]

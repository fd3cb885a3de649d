"""The pre-commit hook (.pre-commit-hooks.yaml) as a policy repository uses it.

``pre-commit try-repo`` clones this repository (with its uncommitted tracked changes), builds
a virtualenv and pip-installs policycheck into it, so the test needs the package registry and
takes about a minute (50 s here with a warm pip cache). That test is marked ``slow``:
deselect it with ``pytest -m "not slow"``. It is skipped when pre-commit or git is missing,
and when the hook environment cannot be installed (no network). The manifest and the GitHub
Action's definition are checked quickly without it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

NO_NETWORK = (
    "No matching distribution",
    "Could not find a version",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "NewConnectionError",
    "ProxyError",
    "Network is unreachable",
)


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def policy_repo(tmp_path: Path) -> Path:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if _git("ls-files", "--error-unmatch", ".pre-commit-hooks.yaml", cwd=ROOT).returncode:
        pytest.skip("not a git checkout with .pre-commit-hooks.yaml committed")
    repo = tmp_path / "policies"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / "policy.md").write_text(
        "# Språkpolicy\n\nStaden kan erbjuda språkkurser.\n", encoding="utf-8"
    )
    (repo / "script.py").write_text('print("Staden kan")\n', encoding="utf-8")
    _git("add", ".", cwd=repo)
    return repo


def test_manifest_is_valid() -> None:
    """The hook definition as pre-commit reads it (fast: no environment is built)."""
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("policycheck", "policycheck", "python")
    files = re.compile(hook["files"])
    for name in ("policy.md", "a/b.markdown", "notes.txt", "beslut.docx", "plan.pdf", "p.html"):
        assert files.search(name), name
    assert not files.search("script.py") and not files.search("README.md.bak")


def test_action_uploads_sarif() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"paths", "args", "sarif-file", "upload"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    script = "\n".join(s.get("run", "") for s in steps)
    assert "--format sarif --output" in script
    assert "${{" not in script  # inputs reach the shell through env only


@pytest.mark.slow
def test_hook_runs_with_try_repo(policy_repo: Path, tmp_path: Path) -> None:
    # a store of its own, so that the user's ~/.cache/pre-commit is left alone
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "policycheck"]
    command += ["--files", "policy.md", "script.py", "--color", "never"]
    try:
        proc = subprocess.run(
            command, cwd=policy_repo, env=env, capture_output=True, text=True, timeout=900
        )
    except subprocess.TimeoutExpired:
        pytest.skip("pre-commit took over 15 minutes to install the hook (slow network?)")
    out = proc.stdout + proc.stderr
    if proc.returncode and any(marker in out for marker in NO_NETWORK):
        pytest.skip("pre-commit could not install the hook environment (no package registry)")
    assert proc.returncode == 1, out
    assert "policycheck" in out and "Failed" in out
    assert "policy.md" in out and "PC101" in out  # the weak modal on line 3
    assert "script.py" not in out  # only policy documents are passed to the hook

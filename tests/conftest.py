"""Shared fixtures: one checker per language for the whole session (loading spaCy is slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.engine import Checker
from policycheck.options import Options

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DRAFT = EXAMPLES / "utkast-integrationspolicy.md"
REVISED = EXAMPLES / "utkast-integrationspolicy-reviderad.md"
# Data the project uses but does not keep (licences, size): ../shared beside the repository
SHARED = ROOT.parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file under ../shared/ (never copied into the repository); skips the test if absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"{path} is absent: shared data, not kept in the repository")
    return path


@pytest.fixture(scope="session")
def checkers() -> dict[str, Checker]:
    """A checker per language with every rule on, language forced (examples are short)."""
    return {lang: Checker(Options(language=lang)) for lang in ("sv", "en")}


@pytest.fixture(scope="session")
def blank_checkers() -> dict[str, Checker]:
    """As ``checkers``, with the blank pipeline: rules that need tags run their fallbacks."""
    return {lang: Checker(Options(language=lang, model="blank")) for lang in ("sv", "en")}


@pytest.fixture
def fresh_pipelines():
    """No pipeline or checker loaded before the test, and none it loaded kept after it: for
    tests that change how pipelines load (the process keeps them: ``policycheck.execute``)."""
    from policycheck import execute

    execute.forget()
    yield
    execute.forget()


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory, monkeypatch) -> None:
    """Each test its own result cache (policycheck.cache): none in the working folder, and no
    result of one test reused by another."""
    monkeypatch.setenv("POLICYCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))

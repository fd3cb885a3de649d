"""Shared fixtures: the command line run in this process (``cli``), one checker per language
for the whole session (loading spaCy is slow), each test its own result cache."""

from __future__ import annotations

import io
import json
import sys
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
JSON_SCHEMA = json.loads((ROOT / "policycheck" / "report" / "json-report.schema.json").read_text())


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


class CLI:
    """``policycheck ARGS`` as a user runs it, in this process: ``cli(args)`` gives the exit
    code, standard output and standard error; ``cli.json(args)`` the exit code and the JSON
    report, validated against its schema."""

    def __init__(self, capsys, monkeypatch) -> None:
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(
        self, args: list[str], *, stdin: bytes | None = None, color: bool = False
    ) -> tuple[int, str, str]:
        from policycheck.cli import main

        mp = self._monkeypatch
        mp.setattr(sys, "argv", ["policycheck", *args])
        mp.delenv("NO_COLOR", raising=False)
        mp.delenv("FORCE_COLOR", raising=False)
        mp.setenv("FORCE_COLOR" if color else "NO_COLOR", "1")
        if stdin is not None:
            mp.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        with pytest.raises(SystemExit) as exc:
            main()
        out = self._capsys.readouterr()
        return exc.value.code or 0, out.out, out.err

    def json(self, args: list[str]) -> tuple[int, dict]:
        import jsonschema

        code, out, _err = self([*args, "--format", "json"])
        report = json.loads(out)
        jsonschema.validate(report, JSON_SCHEMA)
        return code, report


@pytest.fixture
def cli(capsys, monkeypatch) -> CLI:
    """Run the command line: see :class:`CLI`."""
    return CLI(capsys, monkeypatch)

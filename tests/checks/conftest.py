"""The tests of each check type (``policycheck/checks/<type>.py``, one test module each): a
bundled rule of the type, its ``check:`` replaced by the one a test gives, run on a small
Markdown text with the session's Swedish pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter

from policycheck.checks import CheckSchema
from policycheck.engine import Checker
from policycheck.findings import FileResult
from policycheck.options import Options
from policycheck.packs import pack
from policycheck.read import markdown
from policycheck.ruleset import RulePack

RunRule = Callable[..., FileResult]


@pytest.fixture(scope="session")
def run_rule(checkers) -> RunRule:
    """``run_rule(code, check, text, **options)``: the result of the bundled rule ``code``
    with ``check`` (a rule file's ``check:`` as data; None: the rule's own) on ``text``."""
    bundled = pack("sv")
    pipeline = checkers["sv"].language("sv").pipeline
    adapter = TypeAdapter(CheckSchema)

    def run(code: str, check: dict[str, Any] | None, text: str, **options: Any) -> FileResult:
        rule = bundled.by_code()[code]
        if check is not None:
            rule = rule.model_copy(update={"check": adapter.validate_python(check)})
        custom = RulePack("sv", [rule], bundled.features, bundled.document_types)
        checker = Checker(
            Options(language="sv", **options),
            packs=lambda lang: custom,
            pipelines=lambda lang, model: pipeline,
        )
        return checker.check(markdown.build(text, "test.md"))

    return run


def bundled_check(code: str) -> dict[str, Any]:
    """The ``check:`` of bundled rule ``code`` as data, to change a key of in a test."""
    return pack("sv").by_code()[code].check.model_dump(by_alias=True)


def matches(result: FileResult) -> list[str]:
    """What each finding matched, in order."""
    assert result.error is None, result.error
    return [f.match for f in result.findings]

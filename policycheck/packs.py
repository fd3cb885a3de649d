"""The rule packs of a run: the bundled ones plus extra folders from the configuration."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from policycheck import languages as _languages
from policycheck.critique import catalogue_ids
from policycheck.resources import rules_dir
from policycheck.ruleset import RulePack, load_pack


@cache
def pack(lang: str, extra: tuple[Path, ...] = ()) -> RulePack:
    """The rules for ``lang`` from the bundled pack and ``extra`` folders."""
    return load_pack(lang, [rules_dir(), *extra], catalogue_ids(), bundled=rules_dir())


def languages(extra: Sequence[Path] = ()) -> list[str]:
    """The accepted languages: the bundled packs, and those ``extra`` folders add."""
    return _languages.codes(tuple(extra))


def all_packs(lang: str | None = None, extra: Sequence[Path] = ()) -> list[RulePack]:
    langs = [lang] if lang else languages(extra)
    return [pack(code, tuple(extra)) for code in langs]

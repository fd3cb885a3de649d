"""Options: everything that decides a file's result, in one place.

An :class:`Options` comes from three places: the command-line flags (or the keywords of the
library functions), a configuration file (``policycheck.toml`` or ``[tool.policycheck]`` in
``pyproject.toml``, read by ``policycheck.config``, which validates it with this class), and
the defaults below. They are merged once per configuration file (:meth:`Options.over`): a
flag that is given wins over the file, except ``ignore``, whose selectors add up; the file
wins over the defaults. The engine, the cache key and the exit code read the merged options.

How the run reads its inputs and writes its report (paths, format, jobs, cache, output) is no
option of a file's result: ``policycheck.run.RunOptions`` holds that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from policycheck.severity import DEFAULT_FAIL_ON, FailOn, Severity


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Selectors from flags or config entries, each of which may be a comma- or space-separated
    list ("PC101,PC401", "PC101 PC401")."""
    return tuple(x for v in values for x in re.split(r"[\s,]+", v) if x)


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Options(BaseModel):
    """What to check and how; in a configuration file the keys are kebab-case
    (``fail-on``, ``accepted-vocabulary``, ``per-file-ignores``)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True
    )

    select: tuple[str, ...] = ()
    """only these rules (codes, prefixes, aliases, critique ids, ALL); empty: all"""
    ignore: tuple[str, ...] = ()
    """skip these rules; flags and the configuration add up"""
    fail_on: FailOn | None = None
    """exit 1 on findings at or above this severity (default: warning)"""
    rules: tuple[Path, ...] = ()
    """extra rule folders (in a configuration file: relative to it)"""
    accepted_vocabulary: frozenset[str] = frozenset()
    """terms that count as defined (lower case)"""
    severity: dict[str, Severity] = {}
    """selector -> severity"""
    per_file_ignores: dict[str, tuple[str, ...]] = {}
    """glob -> selectors; a glob with a "/" matches the whole path (see engine.path_matches)"""
    language: str | None = None
    """the documents' language instead of detecting it"""
    document_type: str | None = None
    """the documents' type instead of reading it from the title"""
    policy_area: str | None = None
    """the documents' own policy area (misplaced-goal)"""
    model: str | None = None
    """a spaCy pipeline (installed name or path) or "blank"; a flag only (see FLAG_ONLY)"""

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return split_selectors(value)
        return value

    @field_validator("document_type", "language", mode="before")
    @classmethod
    def _lower_name(cls, value: object) -> object:
        # "Riktlinje", "SV": the names are the rule packs' lower-case ones
        return value.lower() if isinstance(value, str) else value

    @field_validator("per_file_ignores", mode="before")
    @classmethod
    def _split_each(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: cls._split(v) for k, v in value.items()}
        return value

    @field_validator("accepted_vocabulary", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        if isinstance(value, (list, tuple, set, frozenset)):
            return frozenset(v.lower() if isinstance(v, str) else v for v in value)
        return value

    def over(self, config: Options) -> Options:
        """These options (the flags) merged over ``config`` (a configuration file's): each
        option given here wins, except ``ignore``, which adds to the file's."""
        merged = {}
        for name in type(self).model_fields:
            mine, theirs = getattr(self, name), getattr(config, name)
            if name == "ignore":
                merged[name] = mine + theirs
            else:
                merged[name] = mine if mine else theirs
        return Options.model_construct(**merged)

    @property
    def threshold(self) -> str:
        """The ``fail-on`` severity, or the default."""
        return self.fail_on or DEFAULT_FAIL_ON

    def key(self) -> str:
        """A stable text of the options: what the result cache and the checkers are keyed by
        (the same in every process: sets are sorted)."""
        data = self.model_dump(mode="json")
        data["accepted_vocabulary"] = sorted(data["accepted_vocabulary"])
        return json.dumps(data, sort_keys=True)


FLAG_ONLY = frozenset({"model"})
"""Options a configuration file may not set: a pipeline is code that spaCy loads and runs,
and a configuration file may come from a pull request."""

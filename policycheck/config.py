"""Configuration: ``policycheck.toml`` or ``[tool.policycheck]`` in ``pyproject.toml``, found
from the checked file's folder upwards (the nearest wins; ``policycheck.toml`` before
``pyproject.toml`` in the same folder). Command-line flags override it.

Keys (kebab-case in TOML)::

    select = ["PC1", "financing"]        # codes, code prefixes, aliases or critique ids
    ignore = ["long-sentence"]
    fail-on = "warning"                  # error | warning | info | never
    rules = ["policy-rules/"]            # extra rule folders, relative to the config file
    accepted-vocabulary = ["stadsdel"]   # terms that count as defined
    document-type = "plan"               # instead of reading it from the title
    policy-area = "integration"          # the document's own area (misplaced-goal)
    [severity]                           # per rule (or prefix, alias, critique id)
    PC290 = "warning"
    [per-file-ignores]                   # glob -> selectors; as in Ruff, relative to the
    "bilagor/*.md" = ["PC290"]           # file's folder, ** spans folders (engine.path_matches)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from policycheck.findings import shorten

CONFIG_NAMES = ("policycheck.toml", "pyproject.toml")
FailOn = Literal["error", "warning", "info", "never"]


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


class _ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = []
    ignore: list[str] = []
    fail_on: FailOn | None = Field(None, alias="fail-on")
    rules: list[str] = []
    accepted_vocabulary: list[str] = Field([], alias="accepted-vocabulary")
    severity: dict[str, Literal["error", "warning", "info"]] = {}
    per_file_ignores: dict[str, list[str]] = Field({}, alias="per-file-ignores")
    language: Literal["sv", "en"] | None = None
    document_type: str | None = Field(None, alias="document-type")
    policy_area: str | None = Field(None, alias="policy-area")


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # None: no file found, defaults only
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    rule_folders: tuple[Path, ...] = ()
    accepted_vocabulary: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    language: str | None = None
    document_type: str | None = None
    policy_area: str | None = None
    warnings: tuple[str, ...] = ()  # said on standard error, once a run


MAX_CONFIG_BYTES = 1024 * 1024
"""A configuration file (policycheck.toml, pyproject.toml) over 1 MB is refused."""


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Selectors from flags or config entries, each of which may be a comma- or space-separated
    list ("PC101,PC401", "PC101 PC401")."""
    return tuple(x for v in values for x in re.split(r"[\s,]+", v) if x)


def _table(path: Path) -> dict | None:
    """The policycheck table of ``path``, or None if a pyproject.toml has none."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than 1 MB, the limit for a configuration file")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 (byte {exc.start + 1} is {raw[exc.start]:#04x}); "
            "save the file as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {shorten(str(exc), 200)}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("policycheck")
    return data


def load_config(path: Path) -> Config:
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.policycheck] table")
    try:
        model = _ConfigModel.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(shorten(str(p), 40) for p in err["loc"]) or "(top)"
        msg = "unknown key" if err["type"] == "extra_forbidden" else shorten(err["msg"], 200)
        raise ConfigError(f"{path}: {key}: {msg}") from None
    base = path.parent
    folders = []
    warnings = []
    for folder in model.rules:
        resolved = (base / folder).resolve()
        if not resolved.is_dir():
            raise ConfigError(f"{path}: rules: folder '{shorten(folder, 80)}' does not exist")
        if not resolved.is_relative_to(base.resolve()):
            # a pull request can change the configuration: rules from elsewhere are read
            # (and hashed for the cache) on every run
            warnings.append(
                f"{path}: rules: '{shorten(folder, 80)}' is outside the folder of the "
                "configuration; its rule files are read and run"
            )
        folders.append(resolved)
    return Config(
        path=path,
        select=split_selectors(model.select),
        ignore=split_selectors(model.ignore),
        fail_on=model.fail_on,
        rule_folders=tuple(folders),
        accepted_vocabulary=frozenset(t.lower() for t in model.accepted_vocabulary),
        severity=dict(model.severity),
        per_file_ignores={k: split_selectors(v) for k, v in model.per_file_ignores.items()},
        language=model.language,
        document_type=model.document_type,
        policy_area=model.policy_area,
        warnings=tuple(warnings),
    )


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` (a file or folder) upwards."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _table(path) is not None):
                return path
    return None


def config_for(start: Path, explicit: Path | None = None) -> Config:
    """The configuration that applies to ``start``: ``explicit`` if given, else the nearest."""
    path = explicit or find_config(start)
    return load_config(path) if path else Config()

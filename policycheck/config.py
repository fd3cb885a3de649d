"""Configuration files: ``policycheck.toml`` or ``[tool.policycheck]`` in ``pyproject.toml``,
found from the checked file's folder upwards (the nearest wins; ``policycheck.toml`` before
``pyproject.toml`` in the same folder). Their keys are the :class:`~policycheck.options.Options`
(kebab-case), which command-line flags override::

    select = ["PC1", "financing"]        # codes, code prefixes, aliases or critique ids
    ignore = ["long-sentence"]
    fail-on = "warning"                  # error | warning | info | never
    rules = ["policy-rules/"]            # extra rule folders, relative to the config file
    accepted-vocabulary = ["stadsdel"]   # terms that count as defined
    language = "sv"                      # a language policycheck has a pack for
    document-type = "plan"               # instead of reading it from the title
    policy-area = "integration"          # the document's own area (misplaced-goal)
    [severity]                           # per rule (or prefix, alias, critique id)
    PC290 = "warning"
    [per-file-ignores]                   # glob -> selectors; as in Ruff, relative to the
    "bilagor/*.md" = ["PC290"]           # file's folder, ** spans folders (engine.path_matches)

:class:`Configs` finds and reads them for one run: each folder is looked up once, each file
read once, and the options of each file merged with the flags once.

With several configuration files in one run, each file is checked, and its findings judged
against ``fail-on``, with the configuration that applies to it (the ``--fail-on`` flag, or
``--exit-zero``, for all of them).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path

from pydantic import ValidationError

from policycheck.errors import ConfigError, OptionsError
from policycheck.findings import shorten
from policycheck.options import FLAG_ONLY, Options

CONFIG_NAMES = ("policycheck.toml", "pyproject.toml")
MAX_CONFIG_BYTES = 1024 * 1024
"""A configuration file (policycheck.toml, pyproject.toml) over 1 MB is refused."""


@dataclass(frozen=True)
class ConfigFile:
    """A configuration file as read: its options (rule folders and per-file-ignore globs made
    absolute) and what to warn about."""

    path: Path
    options: Options
    warnings: tuple[str, ...] = ()


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
    tool = data.get("tool")
    if isinstance(tool, dict) and "policycheck" in tool:
        raise ConfigError(
            f"{path}: [tool.policycheck] belongs in pyproject.toml; in {path.name} the keys "
            "go at the top level (select = [...], not under a table)"
        )
    return data


def load_config(path: Path) -> ConfigFile:
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.policycheck] table")
    flag_only = sorted(k for k in table if k in FLAG_ONLY) if isinstance(table, dict) else []
    if flag_only:
        raise ConfigError(f"{path}: {flag_only[0]}: unknown key")
    try:
        options = Options.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(shorten(str(p), 40) for p in err["loc"]) or "(top)"
        msg = "unknown key" if err["type"] == "extra_forbidden" else shorten(err["msg"], 200)
        raise ConfigError(f"{path}: {key}: {_in_toml_words(msg)}") from None
    base = path.parent
    folders = []
    warnings = []
    for folder in options.rules:
        resolved = (base / folder).resolve()
        if not resolved.is_dir():
            raise ConfigError(f"{path}: rules: folder '{shorten(str(folder), 80)}' does not exist")
        if not resolved.is_relative_to(base.resolve()):
            # a pull request can change the configuration: rules from elsewhere are read
            # (and hashed for the cache) on every run
            warnings.append(
                f"{path}: rules: '{shorten(str(folder), 80)}' is outside the folder of the "
                "configuration; its rule files are read and run"
            )
        folders.append(resolved)
    if options.language is not None:
        from policycheck.packs import languages

        known = languages(folders)
        if options.language not in known:
            raise ConfigError(
                f"{path}: language: no rule pack for '{shorten(options.language, 20)}' "
                f"(choose {', '.join(known)})"
            )
    ignores = {_relative_glob(g, path): sels for g, sels in options.per_file_ignores.items()}
    options = options.model_copy(update={"rules": tuple(folders), "per_file_ignores": ignores})
    return ConfigFile(path, options, tuple(warnings))


def _relative_glob(glob: str, config_path: Path) -> str:
    """Per-file-ignore globs with a folder are relative to the config file's folder, as in
    Ruff: made absolute here, they are matched against each file's absolute path
    (``engine.path_matches``); a glob without "/" matches file names anywhere."""
    if "/" not in glob or Path(glob).is_absolute():
        return glob
    return f"{glob_escape(config_path.parent.resolve().as_posix())}/{glob}"


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` (a file or folder) upwards."""
    return Configs().find(start)


FLAG_NAMES = {
    "select": "--select",
    "ignore": "--ignore",
    "language": "--lang",
    "document_type": "--document-type",
    "policy_area": "--policy-area",
}
"""How the errors about the given options name them: on the command line, as flags ..."""
KEYWORD_NAMES = {
    "select": "select",
    "ignore": "ignore",
    "language": "lang",
    "document_type": "document_type",
    "policy_area": "policy_area",
}
"""... and in the library (``policycheck.api``), as keywords."""


class Configs:
    """The configuration of each checked file in one run, with ``flags`` over it: files found
    from each folder once, read once, merged with the flags and checked once. ``names``:
    how the errors name the given options (:data:`FLAG_NAMES` or :data:`KEYWORD_NAMES`)."""

    def __init__(
        self,
        flags: Options | None = None,
        explicit: Path | None = None,
        warn: Callable[[str], None] | None = None,
        names: dict[str, str] = FLAG_NAMES,
    ) -> None:
        self.flags = flags if flags is not None else Options()
        self.explicit = explicit
        self._warn = warn
        self._names = names
        self._found: dict[Path, Path | None] = {}  # folder -> its nearest config file
        self._merged: dict[Path | None, Options] = {}  # config file -> flags over it

    def find(self, start: Path) -> Path | None:
        """The nearest config file from ``start`` (a file or folder) upwards."""
        folder = (start if start.is_dir() else start.parent).resolve()
        if folder not in self._found:
            self._found[folder] = self._search(folder)
        return self._found[folder]

    def _search(self, folder: Path) -> Path | None:
        for name in CONFIG_NAMES:
            path = folder / name
            if path.is_file() and (name != "pyproject.toml" or _table(path) is not None):
                return path
        if folder.parent == folder:
            return None
        return self.find(folder.parent)

    def config_path(self, path: str) -> Path | None:
        """The config file that applies to the file at ``path`` ("-": standard input, whose
        configuration is found from the working folder)."""
        if self.explicit is not None:
            return self.explicit
        return self.find(Path.cwd() if path == "-" else Path(path))

    def options_for(self, path: str) -> Options:
        """The options the file at ``path`` is checked with: the flags over its config file
        over the defaults. Raises :class:`ConfigError` or :class:`OptionsError`."""
        return self.options_of(self.config_path(path))

    def options_of(self, config: Path | None) -> Options:
        """The flags over the config file ``config`` (None: no file, the defaults)."""
        if config not in self._merged:
            found = load_config(config) if config is not None else None
            if found is not None and self._warn is not None:
                for warning in found.warnings:
                    self._warn(f"warning: {warning}")
            file_options = found.options if found is not None else Options()
            merged = self.flags.over(file_options)
            check_options(self.flags, file_options, merged, config, self._names)
            self._merged[config] = merged
        return self._merged[config]


def _check_named(
    key: str,
    what: str,
    known: list[str],
    flags: Options,
    file: Options,
    config: Path | None,
    names: dict[str, str],
) -> None:
    """The option ``key`` (a document type, a policy area) of the flags and the file is one
    of ``known`` (when anything is known); else an error naming the flag or the file's key."""
    if not known:
        return
    hint = f"(known: {', '.join(known)})"
    given = getattr(file, key)
    if config is not None and given is not None and given not in known:
        raise ConfigError(f"{config}: {key.replace('_', '-')}: unknown {what} '{given}' {hint}")
    given = getattr(flags, key)
    if given is not None and given not in known:
        raise OptionsError(f"{names[key]}: unknown {what} '{given}' {hint}")


_TOML_WORDS = {
    "a valid frozenset": "a list of strings",
    "a valid tuple": "a list",
    "a valid list": "a list",
    "a valid dictionary": "a table",
    "a valid string": "a string",
}


def _in_toml_words(message: str) -> str:
    """A validation message in the words of the file ("a list", not "a valid frozenset")."""
    for python, toml in _TOML_WORDS.items():
        message = message.replace(python, toml)
    return message


def check_options(
    flags: Options,
    file: Options,
    merged: Options,
    config: Path | None,
    names: dict[str, str] = FLAG_NAMES,
) -> None:
    """Every selector of the flags and the config file names a rule (of any language, bundled
    or from the config's rule folders) or a critique point, and the language is one with a
    pack; else :class:`OptionsError` (a flag, named as ``names`` says) or
    :class:`ConfigError` (the file)."""
    from policycheck.engine import check_selectors
    from policycheck.packs import all_packs, languages

    packs = all_packs(None, merged.rules)
    rules = [r for p in packs for r in p.rules]
    check_selectors(flags.select, rules, names["select"])
    check_selectors(flags.ignore, rules, names["ignore"])
    if config is not None:
        for key, sels in (
            ("select", file.select),
            ("ignore", file.ignore),
            ("severity", tuple(file.severity)),
            *((f"per-file-ignores.{glob}", sels) for glob, sels in file.per_file_ignores.items()),
        ):
            try:
                check_selectors(sels, rules, key)
            except OptionsError as exc:
                raise ConfigError(f"{config}: {exc}") from None
    # a type of any language: where a file's language lacks it, its title decides (a notice)
    types = list(dict.fromkeys(t for p in packs for t in p.document_types))
    _check_named("document_type", "document type", types, flags, file, config, names)
    # an unknown area would quietly turn the area check (misplaced-goal) off
    areas = sorted(
        {a for p in packs for r in p.rules if r.check.type == "area" for a in r.check.areas}
    )
    _check_named("policy_area", "policy area", areas, flags, file, config, names)
    known = languages(merged.rules)
    if flags.language is not None and flags.language not in known:
        raise OptionsError(
            f"{names['language']} must be one of {', '.join(known)}, not '{flags.language}'"
        )

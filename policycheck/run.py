"""One ``policycheck check`` run: read the inputs, check each document with the settings that
apply to it, render the report and decide the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policycheck import __version__
from policycheck.config import Config, ConfigError, config_for, find_config, load_config
from policycheck.critique import load_catalogue
from policycheck.engine import Checker, Settings
from policycheck.findings import SEVERITY_RANK, FileResult
from policycheck.nlp import Pipeline, build_pipeline
from policycheck.packs import pack
from policycheck.read import DEFAULT_MAX_SIZE, ReadError, iter_documents
from policycheck.report import RunInfo, render
from policycheck.ruleset import RuleFileError

DEFAULT_FAIL_ON = "warning"


@dataclass
class RunOptions:
    paths: list[str]
    format: str = "text"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    lang: str | None = None
    model: str | None = None
    config: Path | None = None
    exclude: tuple[str, ...] = ()
    quiet: bool = False
    verbose: bool = False
    statistics: bool = False
    color: bool = False
    max_size: int | None = DEFAULT_MAX_SIZE  # bytes; None for no limit


@dataclass
class _Run:
    """Checkers per configuration, sharing one pipeline per language."""

    options: RunOptions
    pipelines: dict[str, Pipeline] = field(default_factory=dict)
    checkers: dict[Path | None, tuple[Config, Checker]] = field(default_factory=dict)

    def pipeline(self, lang: str, model: str | None) -> Pipeline:
        if lang not in self.pipelines:
            self.pipelines[lang] = build_pipeline(lang, model)
        return self.pipelines[lang]

    def checker_for(self, path: str) -> tuple[Config, Checker]:
        opts = self.options
        where = opts.config or (find_config(Path(path)) if path != "-" else find_config(Path.cwd()))
        if where not in self.checkers:
            config = load_config(where) if where else Config()
            settings = Settings(
                select=opts.select or config.select,
                ignore=opts.ignore + config.ignore,
                severity=config.severity,
                per_file_ignores={
                    _relative_glob(glob, config.path): sels
                    for glob, sels in config.per_file_ignores.items()
                },
                accepted_terms=config.accepted_vocabulary,
                lang=opts.lang or config.language,
                model=opts.model,
            )
            extra = config.rule_folders
            checker = Checker(lambda lang: pack(lang, extra), settings, self.pipeline)
            self.checkers[where] = (config, checker)
        return self.checkers[where]


def _relative_glob(glob: str, config_path: Path | None) -> str:
    """Per-file-ignore globs are relative to the config file's folder; paths in results are
    as the user gave them, so match on the absolute path."""
    if config_path is None or glob.startswith(("/", "*")):
        return glob
    return str(config_path.parent.resolve() / glob)


def run_check(options: RunOptions) -> tuple[str, int]:
    """Check everything; return the rendered report and the exit code."""
    run = _Run(options)
    results: list[FileResult] = []
    fail_on = options.fail_on
    try:
        if options.config is not None:
            config_for(Path.cwd(), options.config)  # fail early on a broken explicit config
        for item in iter_documents(
            options.paths, exclude=options.exclude, max_size=options.max_size
        ):
            if isinstance(item, ReadError):
                results.append(FileResult(path=item.path, error=item.message))
                continue
            config, checker = run.checker_for(item.path)
            fail_on = fail_on or config.fail_on
            result = checker.check(item)
            results.append(result)
    except (ConfigError, RuleFileError) as exc:
        return f"policycheck: error: {exc}", 2
    info = RunInfo(
        version=__version__,
        catalogue=load_catalogue(),
        rules=_active_rules(run),
        pipelines={
            lang: {"name": p.name, "capabilities": sorted(p.capabilities)}
            for lang, p in run.pipelines.items()
        },
        verbose=options.verbose,
        statistics=options.statistics,
        color=options.color,
    )
    if options.quiet and options.format == "text":
        output = _quiet(results)
    else:
        output = render(options.format, results, info)
    return output, exit_code(results, fail_on or DEFAULT_FAIL_ON)


def _active_rules(run: _Run) -> dict[str, dict]:
    rules: dict[str, dict] = {}
    for _config, checker in run.checkers.values():
        for lang in checker.loaded_languages():
            rules.setdefault(lang, {}).update({r.code: r for r in checker.language(lang).rules})
    return rules


def _quiet(results: list[FileResult]) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"{r.path}: error: {r.error}")
        for f in r.findings:
            loc = f.location
            lines.append(f"{f.path}:{loc.line}:{loc.column}: {f.code} {f.message}")
    return "\n".join(lines)


def exit_code(results: list[FileResult], fail_on: str) -> int:
    """2 if an input could not be read, 1 if a finding is at or above ``fail_on``, else 0."""
    if any(r.error for r in results):
        return 2
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings):
        return 1
    return 0

"""One ``policycheck check`` run: read the inputs, check each document with the settings that
apply to it, render the report and decide the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policycheck import __version__, baseline
from policycheck.baseline import BaselineError
from policycheck.config import Config, ConfigError, config_for, find_config, load_config
from policycheck.critique import load_catalogue
from policycheck.engine import Checker, Settings, SettingsError
from policycheck.findings import SEVERITY_RANK, FileResult
from policycheck.nlp import Pipeline, PipelineError, build_pipeline
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
    exit_zero: bool = False  # exit 0 even with findings (still 2 for unreadable input)
    baseline: Path | None = None  # report only findings not in this baseline
    write_baseline: Path | None = None  # record the findings as the baseline
    prune_baseline: bool = False  # rewrite the baseline without the fixed entries
    color: bool = False
    max_size: int | None = DEFAULT_MAX_SIZE  # bytes; None for no limit
    document_type: str | None = None  # else read from each document's title
    policy_area: str | None = None


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
                document_type=opts.document_type or config.document_type,
                policy_area=opts.policy_area or config.policy_area,
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
    except (ConfigError, RuleFileError, SettingsError, PipelineError) as exc:
        return f"policycheck: error: {exc}", 2
    rules = _active_rules(run)
    try:
        summary = _apply_baseline(options, results, rules)
    except BaselineError as exc:
        return f"policycheck: error: {exc}", 2
    info = RunInfo(
        version=__version__,
        catalogue=load_catalogue(),
        rules=rules,
        pipelines={
            lang: {"name": p.name, "capabilities": sorted(p.capabilities)}
            for lang, p in run.pipelines.items()
        },
        verbose=options.verbose,
        statistics=options.statistics,
        color=options.color,
        baseline=summary,
    )
    # --quiet: the findings only, one a line
    fmt = "concise" if options.quiet and options.format == "text" else options.format
    output = render(fmt, results, info)
    if options.exit_zero:
        fail_on = "never"
    return output, exit_code(results, fail_on or DEFAULT_FAIL_ON)


def _apply_baseline(
    options: RunOptions, results: list[FileResult], rules: dict[str, dict]
) -> baseline.Summary | None:
    """``--write-baseline`` records the findings, ``--baseline`` hides the recorded ones
    (and with ``--prune-baseline`` rewrites the file without the fixed ones)."""
    path = options.write_baseline or options.baseline
    if path is None:
        return None
    summary = baseline.Summary(str(path))
    if options.write_baseline is not None:
        unreadable = next((r for r in results if r.error), None)
        if unreadable is not None:
            raise BaselineError(
                f"{path}: not written, {unreadable.path} could not be read: {unreadable.error}"
            )
        entries = baseline.entries(results)
        baseline.save(path, entries)
        summary.written = True
    else:
        entries = baseline.load(path)
    active = {lang: set(codes) for lang, codes in rules.items()}
    remaining = baseline.apply(entries, results, active, summary)
    if options.prune_baseline and summary.fixed:
        baseline.save(path, remaining)
        summary.pruned = summary.fixed
    return summary


def _active_rules(run: _Run) -> dict[str, dict]:
    rules: dict[str, dict] = {}
    for _config, checker in run.checkers.values():
        for lang in checker.loaded_languages():
            rules.setdefault(lang, {}).update({r.code: r for r in checker.language(lang).rules})
    return rules


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

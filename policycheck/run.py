"""One ``policycheck check`` run: read the inputs, check each document with the settings that
apply to it, render the report and decide the exit code."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path

from policycheck import __version__, baseline
from policycheck.baseline import BaselineError
from policycheck.config import Config, ConfigError, config_for, find_config, load_config
from policycheck.critique import load_catalogue
from policycheck.document import Document
from policycheck.engine import Checker, Settings, SettingsError, check_selectors
from policycheck.findings import SEVERITY_RANK, FileResult, printable, printable_result
from policycheck.nlp import Pipeline, PipelineError, build_pipeline
from policycheck.packs import all_packs, pack
from policycheck.progress import Progress
from policycheck.read import (
    DEFAULT_MAX_SIZE,
    DEFAULT_SUFFIXES,
    ReadError,
    Skipped,
    count_inputs,
    iter_documents,
)
from policycheck.report import DOCUMENT_FORMATS, Report, ReportError, RunInfo, render
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
    jobs: int = 1  # worker processes across files; 0: one per CPU
    cache: bool = False  # reuse the results of unchanged files (policycheck.cache)
    output: Path | None = None  # -o, for the reports that write files (docx, remissvar)
    output_folder: bool = False  # -o was given as a folder (a trailing slash)
    width: int | None = None  # the terminal's columns, when the report goes to one
    progress: bool = False  # a progress bar on standard error (policycheck.progress)


@dataclass
class _Run:
    """Checkers per configuration, sharing one pipeline per language."""

    options: RunOptions
    pipelines: dict[str, Pipeline] = field(default_factory=dict)
    checkers: dict[Path | None, tuple[Config, Checker]] = field(default_factory=dict)
    ruleset_keys: dict[int, str] = field(default_factory=dict)  # by id(checker), for the cache
    # what the report names, in the order the languages came up: each language's pipeline,
    # and per checker (by id) the languages it checked, with their pipeline's capabilities
    pipeline_info: dict[str, dict] = field(default_factory=dict)
    languages: dict[int, dict[str, frozenset[str]]] = field(default_factory=dict)
    progress: Progress | None = None

    def pipeline(self, lang: str, model: str | None) -> Pipeline:
        if lang not in self.pipelines:
            self.pipelines[lang] = build_pipeline(lang, model)
        return self.pipelines[lang]

    def cache_key(self, document: Document, checker: Checker, config: Config) -> str | None:
        from policycheck import cache

        settings = checker.settings
        if id(checker) not in self.ruleset_keys:
            self.ruleset_keys[id(checker)] = cache.ruleset_key(settings, config.rule_folders)
        lang = checker.language_of(document)
        pipeline = cache.pipeline_key(lang, settings.model)
        return cache.file_key(
            document.path, document.digest, self.ruleset_keys[id(checker)], pipeline
        )

    def checker_for(self, path: str) -> tuple[Config, Checker]:
        opts = self.options
        where = opts.config or (find_config(Path(path)) if path != "-" else find_config(Path.cwd()))
        if where not in self.checkers:
            config = load_config(where) if where else Config()
            _check_selectors(opts, config)
            for warning in config.warnings:
                note(f"warning: {warning}")
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


def _check_selectors(opts: RunOptions, config: Config) -> None:
    """Every selector of the flags and the config file names a rule (of any language, bundled
    or from the config's rule folders) or a critique point; else a usage error."""
    rules = [r for p in all_packs(None, config.rule_folders) for r in p.rules]
    check_selectors(opts.select, rules, "--select")
    check_selectors(opts.ignore, rules, "--ignore")
    if config.path is not None:
        for key, sels in (
            ("select", config.select),
            ("ignore", config.ignore),
            ("severity", tuple(config.severity)),
            *((f"per-file-ignores.{glob}", sels) for glob, sels in config.per_file_ignores.items()),
        ):
            try:
                check_selectors(sels, rules, key)
            except SettingsError as exc:
                raise ConfigError(f"{config.path}: {exc}") from None


def _relative_glob(glob: str, config_path: Path | None) -> str:
    """Per-file-ignore globs with a folder are relative to the config file's folder, as in
    Ruff: made absolute here, they are matched against each file's absolute path
    (``engine.path_matches``); a glob without "/" matches file names anywhere."""
    if config_path is None or "/" not in glob or Path(glob).is_absolute():
        return glob
    return f"{glob_escape(config_path.parent.resolve().as_posix())}/{glob}"


def _warn_empty(folder: str) -> None:
    """A folder with nothing to check is worth a warning (as in Ruff), not a silent pass."""
    suffixes = ", ".join(sorted(DEFAULT_SUFFIXES))
    print(
        f"policycheck: warning: {folder}: no files to check under this folder "
        f"(looked for {suffixes}, except hidden and excluded ones)",
        file=sys.stderr,
    )


def run_check(options: RunOptions) -> tuple[Report, int]:
    """Check everything; return the rendered report and the exit code."""
    run = _Run(options)
    results: list[FileResult] = []
    documents: dict[str, Document] = {}  # for the reports that show the text
    fail_on = options.fail_on
    try:
        if options.config is not None:
            config_for(Path.cwd(), options.config)  # fail early on a broken explicit config
        items = iter_documents(
            options.paths, exclude=options.exclude, max_size=options.max_size, on_empty=_warn_empty
        )
        if options.format in DOCUMENT_FORMATS:
            items = _keeping(items, documents)
        if options.progress:
            run.progress = Progress(count_inputs(options.paths, exclude=options.exclude))
        for result, config in _check_documents(run, items):
            if config is not None:
                fail_on = fail_on or config.fail_on
            # paths and quotes come from files a pull request may supply: escape what could
            # drive a terminal or break a report format before anything is written
            results.append(printable_result(result))
            if run.progress is not None:
                run.progress.file_done()
    except (ConfigError, RuleFileError, SettingsError, PipelineError) as exc:
        return f"policycheck: error: {printable(str(exc))}", 2
    finally:
        if run.progress is not None:
            run.progress.close()
    rules = _active_rules(run)
    try:
        summary = _apply_baseline(options, results, rules)
    except BaselineError as exc:
        return f"policycheck: error: {exc}", 2
    info = RunInfo(
        version=__version__,
        catalogue=load_catalogue(),
        rules=rules,
        pipelines=dict(run.pipeline_info),
        verbose=options.verbose,
        statistics=options.statistics,
        color=options.color,
        baseline=summary,
        all_rules=_pack_rules(run),
        output=options.output,
        output_folder=options.output_folder,
        documents=documents,
        width=options.width,
    )
    # --quiet: the findings only, one a line
    fmt = "concise" if options.quiet and options.format == "text" else options.format
    try:
        output = render(fmt, results, info)
    except ReportError as exc:
        return f"policycheck: error: {exc}", 2
    if fmt in DOCUMENT_FORMATS:
        # these reports show the documents, not the files that could not be read: say so here
        for r in results:
            if r.error:
                print(f"policycheck: {r.path}: {r.error}", file=sys.stderr)
    if options.exit_zero:
        fail_on = "never"
    return output, exit_code(results, fail_on or DEFAULT_FAIL_ON)


def check_results(options: RunOptions) -> list[FileResult]:
    """Check everything and return each input's result, in input order, without a report
    (``policycheck eval`` scores them). Raises the errors that ``run_check`` reports with
    exit 2 (config, rule file, settings, pipeline)."""
    run = _Run(options)
    if options.config is not None:
        config_for(Path.cwd(), options.config)
    items = iter_documents(options.paths, exclude=options.exclude, max_size=options.max_size)
    return [result for result, _config in _check_documents(run, items)]


def _keeping(
    items: Iterable[Document | ReadError], documents: dict[str, Document]
) -> Iterator[Document | ReadError]:
    """The items, keeping each document by its path."""
    for item in items:
        if isinstance(item, Document):
            documents[item.path] = item
        yield item


_worker_run: _Run | None = None  # in a worker process: its checkers (inherited when forked)
_in_worker = False


def _init_worker(options: RunOptions, parent: int) -> None:
    global _worker_run, _in_worker
    _in_worker = True
    _exit_with_parent(parent)
    if _worker_run is None:
        _worker_run = _Run(options)


def _exit_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent``, the process that started it, does
    (killed, or ended by SIGTERM without shutting the pool down): the kernel's parent-death
    signal on Linux, and everywhere a thread that watches the parent's process id."""
    import threading
    import time

    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError, TypeError, ValueError):  # not Linux: the thread does it
        pass
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="policycheck-parent-watch", daemon=True).start()


def _check_in_worker(document: Document) -> FileResult:
    assert _worker_run is not None
    return _worker_run.checker_for(document.path)[1].check(document)


def _check_documents(
    run: _Run, items: Iterable[Document | ReadError | Skipped]
) -> Iterator[tuple[FileResult, Config | None]]:
    """Each input's result and configuration, in input order. Unchanged files come from the
    cache; with ``jobs`` > 1 the others are checked by worker processes, a few at a time, so
    that neither documents nor spaCy Docs pile up (only the results are kept)."""
    global _worker_run
    opts = run.options
    jobs = opts.jobs if opts.jobs > 0 else _cpus()
    store = None
    if opts.cache:
        from policycheck.cache import Cache

        store = Cache()
    pool = None
    window: deque = deque()  # (result or future, config, cache key, pipeline info, document)

    def settle(result, config, key, info, document):
        nonlocal pool
        if hasattr(result, "result"):  # a worker's future
            from concurrent.futures.process import BrokenProcessPool

            try:
                result = result.result()
            except BrokenProcessPool:
                # a worker died (killed, out of memory): every file it had is lost, so each
                # is checked again alone, and the one that kills its worker again is an error
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
                result = _check_alone(run, document)
        return _settle(run, store, result, config, key, info)

    try:
        for item in items:
            if isinstance(item, Skipped):
                if opts.verbose:
                    note(f"{item.path}: skipped: {item.reason}")
                continue
            if isinstance(item, ReadError):
                error = FileResult(path=item.path, error=item.message)
                window.append((error, None, None, None, None))
            else:
                config, checker = run.checker_for(item.path)
                key = run.cache_key(item, checker, config) if store else None
                cached = store.get(key) if store else None
                if cached is not None:  # the result, and the pipeline it was made with
                    window.append((cached[0], config, None, cached[1], None))
                elif jobs <= 1:
                    if run.progress is None:
                        result = checker.check(item)
                    else:  # the bar follows the pieces of a long text
                        run.progress.start_file(item.path)
                        result = checker.check(item, run.progress.piece)
                    window.append((result, config, key, None, None))
                else:
                    if pool is None:
                        # loaded before the workers start, so that forked ones inherit it
                        checker.language(checker.language_of(item))
                        _worker_run = run
                        pool = _pool(jobs, opts)
                    future = pool.submit(_check_in_worker, item)
                    window.append((future, config, key, None, item))
            while window and (len(window) > 4 * jobs or not hasattr(window[0][0], "result")):
                yield settle(*window.popleft())
        while window:
            yield settle(*window.popleft())
    finally:
        _worker_run = None
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _pool(jobs: int, options: RunOptions):
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_all_start_methods, get_context

    method = "fork" if "fork" in get_all_start_methods() else None
    return ProcessPoolExecutor(jobs, get_context(method), _init_worker, (options, os.getpid()))


def _check_alone(run: _Run, document: Document) -> FileResult:
    """Check ``document`` in a worker of its own: a worker died while checking it or a file
    next to it."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1, run.options)
    try:
        return pool.submit(_check_in_worker, document).result()
    except BrokenProcessPool:
        return FileResult(
            path=document.path,
            error="the worker process checking it ended unexpectedly (killed, or out of memory)",
        )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def note(message: str) -> None:
    """Say ``message`` on standard error, from the main process only (workers load their own
    configuration and would say it again)."""
    if not _in_worker:
        print(f"policycheck: {printable(message)}", file=sys.stderr)


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _settle(run: _Run, store, result: FileResult, config: Config | None, key: str | None, info):
    if config is not None and result.language:
        # the report names the pipeline and the rules of each language checked; a result from
        # the cache brings its pipeline's name and capabilities, so spaCy need not be loaded
        checker = run.checker_for(result.path)[1]
        if info is None:
            pipeline = checker.language(result.language).pipeline
            info = {"name": pipeline.name, "capabilities": sorted(pipeline.capabilities)}
        run.pipeline_info.setdefault(result.language, info)
        seen = run.languages.setdefault(id(checker), {})
        seen.setdefault(result.language, frozenset(info["capabilities"]))
    if store is not None and key is not None and info is not None:
        store.put(key, result, info)
    return result, config


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
        for lang, capabilities in run.languages.get(id(checker), {}).items():
            active = checker.active_rules(lang, capabilities)
            rules.setdefault(lang, {}).update({r.code: r for r in active})
    return rules


def _pack_rules(run: _Run) -> dict[str, dict]:
    rules: dict[str, dict] = {}
    for _config, checker in run.checkers.values():
        for lang in run.languages.get(id(checker), {}):
            rules.setdefault(lang, {}).update({r.code: r for r in checker.pack_rules(lang)})
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

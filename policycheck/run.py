"""One ``policycheck check`` run: read the inputs, check each document with the options that
apply to it (``policycheck.execute``), apply the baseline, render the report and decide the
exit code. Errors that stop the run are raised (``policycheck.errors``); the command line
prints them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from policycheck import __version__, baseline
from policycheck.config import Configs
from policycheck.critique import load_catalogue
from policycheck.document import Document
from policycheck.execute import check_documents, checker_for
from policycheck.findings import FileResult, printable, printable_result
from policycheck.options import Options
from policycheck.progress import Progress
from policycheck.read import (
    DEFAULT_MAX_SIZE,
    DEFAULT_SUFFIXES,
    ReadError,
    Skipped,
    count_inputs,
    iter_documents,
)
from policycheck.read.jsonl import RecordFields
from policycheck.report import DOCUMENT_FORMATS, Report, RunInfo, render
from policycheck.severity import at_or_above


@dataclass
class RunOptions:
    """How a run reads its inputs and writes its report; what decides each file's result is
    in ``options`` (the flags, merged over each file's configuration: ``policycheck.config``)."""

    paths: list[str]
    options: Options = field(default_factory=Options)  # the flags
    config: Path | None = None  # use this config file instead of searching for one
    format: str = "text"
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
    jobs: int = 1  # worker processes across files; 0: one per CPU
    cache: bool = False  # reuse the results of unchanged files (policycheck.cache)
    output: Path | None = None  # -o, for the reports that write files (docx, remissvar)
    output_folder: bool = False  # -o was given as a folder (a trailing slash)
    width: int | None = None  # the terminal's columns, when the report goes to one
    progress: bool = False  # a progress bar on standard error (policycheck.progress)
    records: RecordFields = field(default_factory=RecordFields)  # JSON Lines input's fields
    # each result as it is ready, for a report written as files finish (--format jsonl,
    # policycheck.report.jsonl); the run then keeps no result and its report is empty
    stream: Callable[[FileResult], None] | None = None


@dataclass
class Outcome:
    """What a run produced: the report, the exit code (0 nothing at or above ``fail-on``,
    1 findings, 2 an input that could not be read) and each input's result."""

    report: Report
    exit_code: int
    results: list[FileResult]


class StreamClosed(Exception):
    """The reader of a streamed report stopped reading (``| head``): the run stops there;
    ``exit_code`` is that of the results written so far, the one written last included."""

    def __init__(self, exit_code: int) -> None:
        super().__init__("standard output was closed")
        self.exit_code = exit_code


def note(message: str) -> None:
    """Say ``message`` on standard error."""
    print(f"policycheck: {printable(message)}", file=sys.stderr)


def _warn_empty(folder: str) -> None:
    """A folder with nothing to check is worth a warning (as in Ruff), not a silent pass."""
    suffixes = ", ".join(sorted(DEFAULT_SUFFIXES))
    note(
        f"warning: {folder}: no files to check under this folder "
        f"(looked for {suffixes}, except hidden and excluded ones)"
    )


def run_check(run: RunOptions) -> Outcome:
    """Check everything; return the report and the exit code. Raises a
    :class:`~policycheck.errors.PolicycheckError` when the run cannot go on (a bad
    configuration or rule file, options that fit no rule, a pipeline or a baseline that
    cannot be read, a report that cannot be made)."""
    from policycheck.cache import Cache

    if run.stream is not None and (run.baseline or run.write_baseline):
        raise baseline.BaselineError(
            f"--format {run.format} writes findings as files finish: it takes no baseline"
        )
    configs = Configs(run.options, run.config, warn=note)
    if run.config is not None:
        configs.options_of(run.config)  # fail early on a broken explicit config
    documents: dict[str, Document] = {}  # for the reports that show the text
    items = iter_documents(
        run.paths,
        exclude=run.exclude,
        max_size=run.max_size,
        on_empty=_warn_empty,
        records=run.records,
    )
    if run.format in DOCUMENT_FORMATS:
        items = _keeping(items, documents)
    progress = Progress(count_inputs(run.paths, exclude=run.exclude)) if run.progress else None
    results: list[FileResult] = []
    thresholds: list[str] = []  # each result's fail-on: the flag, its configuration's, or not
    checked = _Checked()
    streamed = 0  # the exit code of the results streamed so far
    try:
        for result in check_documents(
            items,
            configs.options_for,
            jobs=run.jobs,
            cache=Cache() if run.cache else None,
            progress=progress,
            on_skipped=_on_skipped(run.verbose),
        ):
            options = configs.options_for(result.path) if result.language else None
            checked.add(result, options)
            thresholds.append(options.threshold if options is not None else "never")
            # paths and quotes come from files a pull request may supply: escape what could
            # drive a terminal or break a report format before anything is written
            if run.stream is not None:  # written now, and only its exit code kept
                threshold = "never" if run.exit_zero else thresholds.pop()
                streamed = max(streamed, exit_code([result], [threshold]))
                try:
                    run.stream(printable_result(result))
                except BrokenPipeError:
                    raise StreamClosed(streamed) from None
            else:
                results.append(printable_result(result))
            if progress is not None:
                progress.file_done()
    finally:
        if progress is not None:
            progress.close()
    summary = _apply_baseline(run, results, checked.active_rules())
    info = RunInfo(
        version=__version__,
        catalogue=load_catalogue(),
        rules=checked.active_rules(),
        pipelines=checked.pipelines,
        verbose=run.verbose,
        statistics=run.statistics,
        color=run.color,
        baseline=summary,
        all_rules=checked.pack_rules(),
        output=run.output,
        output_folder=run.output_folder,
        documents=documents,
        width=run.width,
    )
    # --quiet: the findings only, one a line
    fmt = "concise" if run.quiet and run.format == "text" else run.format
    output = render(fmt, results, info)
    if fmt in DOCUMENT_FORMATS:
        # these reports show the documents, not the files that could not be read: say so here
        for r in results:
            if r.error:
                print(f"policycheck: {r.path}: {r.error}", file=sys.stderr)
    if run.exit_zero:
        thresholds = ["never"] * len(results)
    return Outcome(output, max(streamed, exit_code(results, thresholds)), results)


def _skipped_note(item: Skipped) -> None:
    note(f"{item.path}: skipped: {item.reason}")


def _on_skipped(verbose: bool) -> Callable[[Skipped], None]:
    """An empty file is worth a warning (as an empty folder is); a link not followed is said
    with ``--verbose`` only."""

    def said(item: Skipped) -> None:
        if item.empty:
            note(f"warning: {item.path}: {item.reason}, nothing to check")
        elif verbose:
            _skipped_note(item)

    return said


def _keeping(
    items: Iterable[Document | ReadError | Skipped], documents: dict[str, Document]
) -> Iterator[Document | ReadError | Skipped]:
    """The items, keeping each document by its path."""
    for item in items:
        if isinstance(item, Document):
            documents[item.path] = item
        yield item


class _Checked:
    """What the reports say about the run besides the results: the pipeline of each language
    checked, and the rules of the options and languages the files were checked with."""

    def __init__(self) -> None:
        self.pipelines: dict[str, dict] = {}  # language -> name, capabilities
        # options key -> (options, language -> the capabilities of its pipeline)
        self.used: dict[str, tuple[Options, dict[str, frozenset[str]]]] = {}

    def add(self, r: FileResult, options: Options | None) -> None:
        """Note the pipeline and options of a checked file (in the order they came up)."""
        if r.language is None or options is None:
            return
        if r.pipeline is None:  # a rule regex ran out of time: the result does not say
            pipeline = checker_for(options).language(r.language).pipeline
            info = {"name": pipeline.name, "capabilities": sorted(pipeline.capabilities)}
        else:
            info = {"name": r.pipeline, "capabilities": list(r.capabilities)}
        self.pipelines.setdefault(r.language, info)
        languages = self.used.setdefault(options.key(), (options, {}))[1]
        languages.setdefault(r.language, frozenset(info["capabilities"]))

    def active_rules(self) -> dict[str, dict]:
        rules: dict[str, dict] = {}
        for options, languages in self.used.values():
            checker = checker_for(options)
            for lang, capabilities in languages.items():
                active = checker.active_rules(lang, capabilities)
                rules.setdefault(lang, {}).update({r.code: r for r in active})
        return rules

    def pack_rules(self) -> dict[str, dict]:
        rules: dict[str, dict] = {}
        for options, languages in self.used.values():
            for lang in languages:
                pack = checker_for(options).pack_rules(lang)
                rules.setdefault(lang, {}).update({r.code: r for r in pack})
        return rules


def _apply_baseline(
    run: RunOptions, results: list[FileResult], rules: dict[str, dict]
) -> baseline.Summary | None:
    """``--write-baseline`` records the findings, ``--baseline`` hides the recorded ones
    (and with ``--prune-baseline`` rewrites the file without the fixed ones)."""
    path = run.write_baseline or run.baseline
    if path is None:
        return None
    summary = baseline.Summary(str(path))
    if run.write_baseline is not None:
        unreadable = next((r for r in results if r.error), None)
        if unreadable is not None:
            raise baseline.BaselineError(
                f"{path}: not written, {unreadable.path} could not be read: {unreadable.error}"
            )
        entries = baseline.entries(results)
        baseline.save(path, entries)
        summary.written = True
    else:
        entries = baseline.load(path)
    active = {lang: set(codes) for lang, codes in rules.items()}
    remaining = baseline.apply(entries, results, active, summary)
    if run.prune_baseline and summary.fixed:
        baseline.save(path, remaining)
        summary.pruned = summary.fixed
    return summary


def exit_code(results: list[FileResult], fail_on: list[str]) -> int:
    """2 if an input could not be read, 1 if a finding is at or above its file's ``fail-on``
    (``fail_on``, one per result: the flag, else the file's configuration, else warning),
    else 0."""
    if any(r.error for r in results):
        return 2
    for r, threshold in zip(results, fail_on, strict=True):
        if any(at_or_above(f.severity, threshold) for f in r.findings):
            return 1
    return 0

"""The command line: ``policycheck PATH...`` (= ``policycheck check PATH...``), ``rules``,
``explain``, ``critique``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage error, unreadable input,
invalid rule or config file. Heavy modules (spaCy, the engine) are imported only by ``check``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from policycheck import __version__
from policycheck.severity import FAIL_ON


def _lang_help(of: str = "the documents") -> str:
    """The help of a ``--lang`` option: the languages are the rule packs'."""
    return f"Language of {of}: a rule pack's (sv, en, or one a rule folder adds)."


app = typer.Typer(
    name="policycheck",
    help="Review a policy draft against a real reviewer's critique (Stockholm 2004).",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

COMMANDS = ("check", "goals", "eval", "text", "rules", "explain", "critique")

# options that check and goals share
DocumentTypeOption = Annotated[
    str | None,
    typer.Option(
        "--document-type",
        help="The document's type, as its language's rules name it (else read from the title): "
        "sv policy, program, strategi, plan, handlingsplan, riktlinje, uppdrag; en policy, "
        "program, strategy, plan, action-plan, guideline.",
    ),
]


def _fail(message: str) -> typer.Exit:
    """Print a one-line error and give the exit to raise (code 2)."""
    from policycheck.findings import printable

    typer.echo(f"policycheck: error: {printable(message)}", err=True)
    return typer.Exit(2)


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _size(value: str) -> int | None:
    """Bytes of a size such as "20MB", "500kB" or "1048576" (binary units); None for "none"."""
    import re

    if value.strip().lower() == "none":
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
    unit = m.group(2).lower() if m else ""
    unit = unit[:-1] if len(unit) == 2 and unit.endswith("b") else unit
    if not m or unit not in _UNITS:
        raise _fail(f"--max-size must be a size such as 20MB or none, not '{value}'")
    return int(float(m.group(1)) * _UNITS[unit])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policycheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Review a policy draft against a real reviewer's critique (Stockholm 2004)."""


def _use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to check; - for stdin.")],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            envvar="POLICYCHECK_FORMAT",
            help="text, json, jsonl (a finding a line, as files finish), concise, sarif, github, "
            "gitlab, junit; for people: docx (the draft with Word comments), remissvar (a draft "
            "statement), html (a review page). Default: what the -o file's suffix names "
            "(.docx, .html, .sarif, .json), else text.",
            show_default=False,
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Only these rules: codes, prefixes, aliases or critique ids."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rules (as --select).")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 on findings at or above: error|warning|info|never (default: warning, "
            "or the config file's fail-on).",
        ),
    ] = None,
    lang: Annotated[str | None, typer.Option(help=_lang_help())] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="A spaCy pipeline (installed name or path) instead of the shipped one; "
            "'blank' for tokenizer and lookup lemmas only."
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Use this config file instead of searching for one.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Glob of files to skip in folders.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print findings only, no scorecard or totals.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show suggestions and the evidence found.")
    ] = False,
    statistics: Annotated[bool, typer.Option(help="Count findings per rule.")] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even with findings (2 stays 2).")
    ] = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=(
                "Write the report to this file; with --format docx or remissvar, a folder "
                "(OUT/) for one file per document."
            ),
        ),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Report only findings not recorded in this baseline.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Record today's findings in this baseline file.")
    ] = None,
    prune_baseline: Annotated[
        bool, typer.Option("--prune-baseline", help="Drop fixed entries from the --baseline file.")
    ] = False,
    max_size: Annotated[
        str | None,
        typer.Option(
            "--max-size",
            help="Refuse files (and standard input) larger than this: 20MB (default), 500kB, none.",
        ),
    ] = None,
    document_type: DocumentTypeOption = None,
    policy_area: Annotated[
        str | None,
        typer.Option("--policy-area", help="The document's own policy area (misplaced-goal)."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=0, help="Worker processes across files; 0: one per CPU."),
    ] = 1,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Check every file again (cache: $POLICYCHECK_CACHE_DIR)."),
    ] = False,
    jsonl_text_field: Annotated[
        str,
        typer.Option("--jsonl-text-field", help="JSON Lines input: the field with the text."),
    ] = "text",
    jsonl_id_field: Annotated[
        str | None,
        typer.Option(
            "--jsonl-id-field",
            help="JSON Lines input: the field that names a record (default: id, else path, "
            "else the line number). The name's suffix picks the reader: .md/.markdown "
            "Markdown, .html/.htm HTML, else plain text.",
        ),
    ] = None,
) -> None:
    """Check policy documents and report weaknesses against the critique.

    A .jsonl or .jsonl.gz file is a corpus: each line's record is checked as a document,
    reported as FILE#ID (docs/scale.md)."""
    from policycheck import progress
    from policycheck.options import Options, split_selectors
    from policycheck.read.jsonl import RecordFields
    from policycheck.report import FOLDER_FORMATS, FORMATS, format_for_output
    from policycheck.run import RunOptions

    if format is None:
        format = format_for_output(output)
    if format not in FORMATS:
        raise _fail(f"unknown format '{format}' (choose {', '.join(FORMATS)})")
    if baseline is not None and write_baseline is not None:
        raise _fail("use --baseline or --write-baseline, not both")
    if prune_baseline and baseline is None:
        raise _fail("--prune-baseline needs --baseline FILE")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise _fail(f"--fail-on must be one of {', '.join(FAIL_ON)}, not '{fail_on}'")
    if config is not None and not config.is_file():
        raise _fail(f"{config}: config file not found")
    if format == "docx" and not output:
        raise _fail("--format docx writes Word files: give -o FILE.docx (-o FOLDER/ for several)")
    if (
        output
        and format not in FOLDER_FORMATS
        and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    ):
        raise _fail(
            f"-o {output}: a folder, but --format {format} writes one report for all the "
            f"documents: give -o a file (one file per document: --format "
            f"{' or '.join(sorted(FOLDER_FORMATS))})"
        )
    out_path = Path(output) if output else None
    flags = Options(
        select=split_selectors(select or ()),
        ignore=split_selectors(ignore or ()),
        fail_on=fail_on,
        language=lang,
        model=model,
        document_type=document_type,
        policy_area=policy_area,
    )
    run = RunOptions(
        paths=list(paths),
        options=flags,
        format=format,
        config=config,
        exclude=_split(exclude),
        quiet=quiet,
        verbose=verbose,
        statistics=statistics,
        exit_zero=exit_zero,
        baseline=baseline,
        write_baseline=write_baseline,
        prune_baseline=prune_baseline,
        **({"max_size": _size(max_size)} if max_size is not None else {}),
        color=_use_color() and output is None,  # no escape codes in report files
        jobs=jobs,
        cache=not no_cache,
        output=out_path,
        output_folder=bool(output) and output.endswith(("/", os.sep)),
        width=_terminal_width() if out_path is None else None,
        progress=progress.wanted(quiet),
        records=RecordFields(jsonl_text_field, jsonl_id_field),
    )
    _run(run, out_path)


def _terminal_width() -> int | None:
    """The terminal's columns (rich's console width) when standard output is a terminal."""
    if not sys.stdout.isatty():
        return None
    from rich.console import Console

    return Console(file=sys.stdout).width


def _write_report(path: Path, report: str | bytes | dict) -> None:
    """Write text, the bytes of a file, or files by name into the folder ``path``; each
    atomically: a failed write leaves an older report as it was."""
    from policycheck import atomic

    if isinstance(report, dict):
        for name, content in report.items():
            _write_report(path / name, content)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(report, bytes):
            atomic.write_bytes(path, report)
        else:
            atomic.write_text(path, report.rstrip("\n") + "\n")
    except OSError as exc:
        raise _fail(f"{path}: cannot write the report ({exc.strerror or exc})") from None


@app.command()
def goals(
    paths: Annotated[list[str], typer.Argument(help="Files or folders; - for stdin.")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: Annotated[str | None, typer.Option(help=_lang_help())] = None,
    config: Annotated[
        Path | None, typer.Option(help="Use this config file instead of searching for one.")
    ] = None,
    document_type: DocumentTypeOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Analyse every file again (cache: $POLICYCHECK_CACHE_DIR).",
        ),
    ] = False,
) -> None:
    """Show the goal analysis: each goal with its indicator, baseline, target, deadline, owner.

    Exit 1 when a goal lacks a required element (as the measurable-goals findings say)."""
    from policycheck import progress
    from policycheck.options import Options
    from policycheck.packs import all_packs
    from policycheck.run import RunOptions

    if format not in ("text", "json"):
        raise _fail(f"unknown format '{format}' (choose text or json)")
    if config is not None and not config.is_file():
        raise _fail(f"{config}: config file not found")
    packs = _packs_or_fail(all_packs, lang)
    codes = tuple(sorted({r.code for p in packs for r in p.rules if r.check.type == "goals"}))
    flags = Options(
        select=codes,
        fail_on="info",  # any goal that lacks an element fails, whatever the document type
        language=lang,
        document_type=document_type,
    )
    run = RunOptions(
        paths=list(paths),
        options=flags,
        format="goals" if format == "text" else "json",
        config=config,
        color=_use_color() and output is None,
        cache=not no_cache,
        width=_terminal_width() if output is None else None,
        progress=progress.wanted(False),
    )
    _run(run, output)


def _run(run, output: Path | None) -> typer.Exit:
    """Run the check; write the report to ``output`` or stdout, or the error that stopped
    the run to stderr; then exit."""
    from policycheck.errors import PolicycheckError
    from policycheck.run import run_check

    try:
        if run.format == "jsonl":
            raise typer.Exit(_run_streamed(run, output))
        outcome = run_check(run)
    except PolicycheckError as exc:
        raise _fail(str(exc)) from None
    if output is not None and outcome.report == {}:
        # a report of one file per document, and no document (all empty or unreadable)
        typer.echo(
            f"policycheck: warning: {output}: not written, no document was checked", err=True
        )
    elif output is not None:
        _write_report(output, outcome.report)
    elif outcome.report:
        try:
            typer.echo(outcome.report.rstrip("\n"))
        except BrokenPipeError:
            _stdout_closed()
    raise typer.Exit(outcome.exit_code)


def _stdout_closed() -> None:
    """The reader stopped reading (``| head``): what it read is what it wanted, so no message
    and the exit code of the findings (in every format); nothing more goes to stdout."""
    with contextlib.suppress(OSError):  # no second error when Python flushes at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _run_streamed(run, output: Path | None) -> int:
    """Run the check writing each file's findings as it is done (--format jsonl); the exit
    code."""
    from policycheck.report.jsonl import JsonlStream, opened
    from policycheck.run import StreamClosed, run_check

    try:
        with opened(output) as out:
            run.stream = JsonlStream(out).write
            return run_check(run).exit_code
    except StreamClosed as closed:  # the files not yet checked are left unchecked
        _stdout_closed()
        return closed.exit_code
    except OSError as exc:
        where = output or "standard output"
        raise _fail(f"{where}: cannot write the report ({exc.strerror or exc})") from None


@app.command()
def text(
    paths: Annotated[list[str], typer.Argument(help="Files or folders; - for stdin.")],
    lang: Annotated[
        str | None, typer.Option(help=_lang_help("the marks") + " Else detected.")
    ] = None,
    max_size: Annotated[
        str | None, typer.Option("--max-size", help="Refuse larger files (default 20MB).")
    ] = None,
) -> None:
    """Print the text policycheck read from each file, with the line numbers that reports'
    line:column refer to and page and paragraph marks (for Word and PDF files, the
    extracted text)."""
    from policycheck.nlp import detect_language
    from policycheck.packs import languages
    from policycheck.read import ReadError, Skipped, iter_documents
    from policycheck.report.extracted import render

    if lang is not None and lang not in languages():
        raise _fail(f"--lang must be one of {', '.join(languages())}, not '{lang}'")
    size = {"max_size": _size(max_size)} if max_size is not None else {}
    code = 0
    shown = 0
    for item in iter_documents(paths, **size):
        if isinstance(item, ReadError):
            typer.echo(f"{item.path}: error: {item.message}", err=True)
            code = 2
            continue
        if isinstance(item, Skipped):
            if item.empty:
                typer.echo(
                    f"policycheck: warning: {item.path}: {item.reason}, nothing to show", err=True
                )
            continue
        typer.echo(("\n" if shown else "") + render(item, lang or detect_language(item.text)))
        shown += 1
    raise typer.Exit(code)


@app.command("eval")
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(help="Annotation files (JSON, the gold set's format) or folders of them."),
    ],
    texts: Annotated[
        Path | None,
        typer.Option(help="Folder of the annotated texts (default: beside the annotations)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    misses: Annotated[
        bool, typer.Option("--misses", help="List the agreed pairs no finding overlaps.")
    ] = False,
    false: Annotated[
        bool, typer.Option("--false", help="List the findings on no sentence so labelled.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Only these rules: codes, prefixes, aliases or critique ids."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rules (as --select).")
    ] = None,
    lang: Annotated[str | None, typer.Option(help=_lang_help())] = None,
    document_type: DocumentTypeOption = None,
    model: Annotated[
        str | None, typer.Option(help="A spaCy pipeline instead of the shipped one, or blank.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Use this config file instead of searching for one.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check every text again.")] = False,
) -> None:
    """Score the checker against documents labelled by reviewers (the gold set's format).

    Precision, recall and F1 per critique point, document-question accuracy, the reviewers'
    own agreement (the ceiling) and counts per rule; see docs/evaluation.md."""
    from policycheck.api import check_paths
    from policycheck.errors import PolicycheckError
    from policycheck.evaluate import AnnotationError, load_gold, predictions_from, score
    from policycheck.options import split_selectors
    from policycheck.report.evaluation import render_json, render_text

    if format not in ("text", "json"):
        raise _fail(f"unknown format '{format}' (choose text or json)")
    try:
        documents = load_gold(gold, texts)
    except AnnotationError as exc:
        raise _fail(str(exc)) from None
    name_of = {str(d.path): d.name for d in documents}
    try:
        results = list(
            check_paths(
                list(name_of),
                select=split_selectors(select or ()),
                ignore=split_selectors(ignore or ()),
                lang=lang,
                document_type=document_type,
                model=model,
                config=config,
                max_size=None,
                cache=not no_cache,
            )
        )
    except PolicycheckError as exc:
        raise _fail(str(exc)) from None
    unreadable = [r for r in results if r.error]
    if unreadable:
        raise _fail(f"{name_of.get(unreadable[0].path)}: {unreadable[0].error}")
    result = score(documents, predictions_from(results, name_of))
    render = render_json if format == "json" else render_text
    report = render(result, documents, misses, false)
    if output is not None:
        _write_report(output, report)
    else:
        typer.echo(report)


@app.command()
def rules(
    lang: Annotated[str | None, typer.Option(help="Only rules for this language.")] = None,
) -> None:
    """List the rules."""
    from policycheck.rule_list import HEADER, rule_rows

    rows = [HEADER, *_packs_or_fail(rule_rows, lang)]
    width = _terminal_width()
    if width is not None:  # a table as wide as the terminal, the titles wrapped
        from rich.console import Console
        from rich.table import Table

        table = Table(*rows[0], box=None, header_style="bold", pad_edge=False)
        for row in rows[1:]:
            table.add_row(*row)
        Console(width=width, highlight=False).print(table)
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        typer.echo(
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[-1]
        )


def _packs_or_fail(loader, lang: str | None):
    try:
        return loader(lang)
    except Exception as exc:
        from policycheck.ruleset import RuleFileError  # imported late: pydantic is slow to load

        if isinstance(exc, RuleFileError):
            raise _fail(str(exc)) from None
        raise


def _preferred_language(lang: str | None) -> str:
    """--lang, else the language of the config file found from the working folder, else sv."""
    if lang:
        return lang
    from policycheck.config import find_config, load_config
    from policycheck.errors import ConfigError
    from policycheck.languages import DEFAULT

    try:
        found = find_config(Path.cwd())
        return (load_config(found).options.language if found else None) or DEFAULT
    except ConfigError as exc:
        raise _fail(str(exc)) from None


@app.command()
def explain(
    rule: Annotated[
        str,
        typer.Argument(
            help="A rule code (PC101) or alias (weak-modal); a critique point "
            "(measurable-goals) lists the rules that answer it."
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(help="Language of the rule pack (else the config's language, else sv)."),
    ] = None,
) -> None:
    """Explain a rule: what it does, why it matters, examples."""
    from policycheck.critique import catalogue_ids
    from policycheck.packs import all_packs
    from policycheck.report.explain import describe_critique, explain_rule

    packs = _packs_or_fail(all_packs, None)
    text = explain_rule(packs, rule, _preferred_language(lang))
    if text is None and rule in catalogue_ids():
        # --select takes critique ids too: the point, its seed words and its rules
        text = describe_critique(packs, _preferred_language(lang), rule)
    if text is None:
        from policycheck.errors import name_hint

        names = {n for p in packs for r in p.rules for n in (r.code, r.alias)}
        names |= set(catalogue_ids())
        raise _fail(f"no rule '{rule}' ({name_hint(rule, names)})")
    typer.echo(text)


@app.command()
def critique(
    point: Annotated[
        str | None, typer.Argument(help="One critique point (weak-modal); else all.")
    ] = None,
    lang: Annotated[str, typer.Option(help=_lang_help("the titles"))] = "sv",
) -> None:
    """List the critique points, the seed's words and the rules that answer each."""
    from policycheck.critique import catalogue_ids
    from policycheck.packs import all_packs
    from policycheck.report.explain import describe_critique

    if point is not None and point not in catalogue_ids():
        from policycheck.errors import name_hint

        hint = name_hint(point, catalogue_ids(), see="policycheck critique", cutoff=0.5)
        raise _fail(f"no critique point '{point}' ({hint})")
    packs = _packs_or_fail(all_packs, None)
    typer.echo(describe_critique(packs, lang, point))


# What a character the output stream cannot encode is written as (a cp1252 or ASCII console,
# PYTHONIOENCODING): a readable stand-in, else its accent-less form, else "?".
_STAND_INS = {
    "✓": "OK", "✗": "X", "→": "->", "…": "...", "”": '"', "“": '"', "„": '"', "’": "'",
    "‘": "'", "–": "-", "—": "-", "»": ">>", "«": "<<", "•": "*", "≥": ">=", "≤": "<=",
}  # fmt: skip


def _stand_in(exc: UnicodeError) -> tuple[str, int]:
    import unicodedata

    assert isinstance(exc, UnicodeEncodeError)
    out = []
    for ch in exc.object[exc.start : exc.end]:
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        for candidate in (_STAND_INS.get(ch, "") or _box_stand_in(ch), plain, "?"):
            try:
                if candidate:
                    candidate.encode(exc.encoding)
                    out.append(candidate)
                    break
            except UnicodeEncodeError:
                continue
    return "".join(out), exc.end


def _box_stand_in(ch: str) -> str:
    """A table's lines (rich draws them with box-drawing characters): - | and +."""
    import unicodedata

    name = unicodedata.name(ch, "")
    if not name.startswith("BOX DRAWINGS"):
        return ""
    # "HEAVY HORIZONTAL" is a line; "DOWN AND HORIZONTAL" a junction
    ways = set(name.split()) & {"UP", "DOWN", "LEFT", "RIGHT", "AND", "HORIZONTAL", "VERTICAL"}
    return {frozenset({"HORIZONTAL"}): "-", frozenset({"VERTICAL"}): "|"}.get(frozenset(ways), "+")


def _tolerant_output() -> None:
    """Let stdout and stderr write what their encoding cannot hold as stand-ins instead of
    failing (the report itself is the same; ``--output`` files are always UTF-8)."""
    import codecs
    import io

    codecs.register_error("policycheck-stand-in", _stand_in)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="policycheck-stand-in")


def main() -> None:
    """Entry point: ``policycheck PATH...`` means ``policycheck check PATH...``.

    An unexpected exception is an internal error: exit 2 with one line on stderr, never 1,
    which means findings."""
    _tolerant_output()
    try:
        _dispatch(sys.argv[1:])
    except Exception as exc:  # a bug: still one line and exit 2, never 1 ("findings")
        if os.environ.get("POLICYCHECK_TRACEBACK"):
            raise
        from policycheck.findings import printable, shorten

        reason = printable(shorten(f"{type(exc).__name__}: {exc}", 300))
        typer.echo(
            f"policycheck: internal error: {reason} (a bug: please report it; "
            "POLICYCHECK_TRACEBACK=1 shows where it happened)",
            err=True,
        )
        raise SystemExit(2) from None


def _dispatch(args: list[str]) -> None:
    # a subcommand is the first word; anything else is `check`'s (so that an option's value
    # that is also a subcommand's name, as in "-f text draft.md", is not taken for one)
    top_level_only = bool(args) and all(a in ("--help", "-h", "--version") for a in args)
    if args and args[0] not in COMMANDS and not top_level_only:
        args = ["check", *args]
    if args == ["-h"]:
        args = ["--help"]
    app(args=args, prog_name="policycheck")

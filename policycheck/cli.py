"""The command line: ``policycheck PATH...`` (= ``policycheck check PATH...``), ``rules``,
``explain``, ``critique``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage error, unreadable input,
invalid rule or config file. Heavy modules (spaCy, the engine) are imported only by ``check``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from policycheck import __version__

app = typer.Typer(
    name="policycheck",
    help="Review a policy draft against a real reviewer's critique (Stockholm 2004).",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

COMMANDS = ("check", "goals", "rules", "explain", "critique")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


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
        str,
        typer.Option(
            "--format",
            "-f",
            envvar="POLICYCHECK_FORMAT",
            help="text, json, concise, sarif, github, gitlab or junit.",
        ),
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option(help="Only these rules: codes, prefixes, aliases or critique ids."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rules (as --select).")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 on findings at or above: error|warning|info|never."),
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the documents: sv or en.")] = None,
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
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
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
    document_type: Annotated[
        str | None,
        typer.Option(
            "--document-type",
            help="policy, program, strategi, plan, handlingsplan or riktlinje (else the title).",
        ),
    ] = None,
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
) -> None:
    """Check policy documents and report weaknesses against the critique."""
    from policycheck.report import FORMATS
    from policycheck.run import RunOptions, run_check

    if format not in FORMATS:
        raise _fail(f"unknown format '{format}' (choose {', '.join(FORMATS)})")
    if baseline is not None and write_baseline is not None:
        raise _fail("use --baseline or --write-baseline, not both")
    if prune_baseline and baseline is None:
        raise _fail("--prune-baseline needs --baseline FILE")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise _fail(f"--fail-on must be one of {', '.join(FAIL_ON)}, not '{fail_on}'")
    if lang is not None and lang not in ("sv", "en"):
        raise _fail(f"--lang must be sv or en, not '{lang}'")
    if config is not None and not config.is_file():
        raise _fail(f"{config}: config file not found")
    options = RunOptions(
        paths=list(paths),
        format=format,
        select=_split(select),
        ignore=_split(ignore),
        fail_on=fail_on,
        lang=lang,
        model=model,
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
        document_type=document_type,
        policy_area=policy_area,
        jobs=jobs,
        cache=not no_cache,
    )
    report, code = run_check(options)
    # a run that failed as a whole (config, rules, baseline) returns its error, not a report
    failed = code == 2 and report.startswith("policycheck: error: ")
    if output is not None and not failed:
        _write_report(output, report)
    elif report:
        typer.echo(report.rstrip("\n"), err=failed and output is not None)
    raise typer.Exit(code)


def _write_report(path: Path, report: str) -> None:
    """Write the report atomically: a failed write leaves an older report as it was."""
    from policycheck import atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(path, report.rstrip("\n") + "\n")
    except OSError as exc:
        raise _fail(f"{path}: cannot write the report ({exc.strerror or exc})") from None


@app.command()
def goals(
    paths: Annotated[list[str], typer.Argument(help="Files or folders; - for stdin.")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: Annotated[str | None, typer.Option(help="Language of the documents: sv or en.")] = None,
    config: Annotated[
        Path | None, typer.Option(help="Use this config file instead of searching for one.")
    ] = None,
) -> None:
    """Show the goal analysis: each goal with its indicator, baseline, target, deadline, owner.

    Exit 1 when a goal lacks a required element (as the measurable-goals findings say)."""
    from policycheck.packs import all_packs
    from policycheck.run import RunOptions, run_check

    if format not in ("text", "json"):
        raise _fail(f"unknown format '{format}' (choose text or json)")
    packs = _packs_or_fail(all_packs, lang)
    codes = tuple(sorted({r.code for p in packs for r in p.rules if r.check.type == "goals"}))
    options = RunOptions(
        paths=list(paths),
        format="goals" if format == "text" else "json",
        select=codes,
        fail_on="info",  # any goal that lacks an element fails, whatever the document type
        lang=lang,
        config=config,
        color=_use_color(),
    )
    report, code = run_check(options)
    if report:
        typer.echo(report.rstrip("\n"))
    raise typer.Exit(code)


@app.command()
def rules(
    lang: Annotated[str | None, typer.Option(help="Only rules for this language.")] = None,
) -> None:
    """List the rules."""
    from policycheck.packs import all_packs

    packs = _packs_or_fail(all_packs, lang)
    rows = [("code", "alias", "lang", "severity", "level", "answers", "title")]
    for pack in packs:
        for r in pack.rules:
            answers = ",".join(r.critique) or "beyond"
            rows.append(
                (r.code, r.alias, r.language, r.severity, r.level, answers, r.title.get(r.language))
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        typer.echo(
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[-1]
        )


def _packs_or_fail(loader, lang: str | None):
    from policycheck.ruleset import RuleFileError

    try:
        return loader(lang)
    except RuleFileError as exc:
        raise _fail(str(exc)) from None


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule code (PC101) or alias (weak-modal).")],
    lang: Annotated[str | None, typer.Option(help="Language of the rule pack.")] = None,
) -> None:
    """Explain a rule: what it does, why it matters, examples."""
    from policycheck.packs import all_packs
    from policycheck.report.explain import explain_rule

    packs = _packs_or_fail(all_packs, lang)
    text = explain_rule(packs, rule)
    if text is None:
        raise _fail(f"no rule '{rule}' (see: policycheck rules)")
    typer.echo(text)


@app.command()
def critique(
    lang: Annotated[str, typer.Option(help="Language of titles: sv or en.")] = "sv",
) -> None:
    """List the critique points, the seed's words and the rules that answer each."""
    from policycheck.packs import all_packs
    from policycheck.report.explain import describe_critique

    packs = _packs_or_fail(all_packs, None)
    typer.echo(describe_critique(packs, lang))


def main() -> None:
    """Entry point: ``policycheck PATH...`` means ``policycheck check PATH...``."""
    args = sys.argv[1:]
    first = next((a for a in args if not a.startswith("-") or a == "-"), None)
    top_level_only = any(a in ("--help", "-h", "--version") for a in args) and first is None
    if args and first not in COMMANDS and not top_level_only:
        args = ["check", *args]
    if args == ["-h"]:
        args = ["--help"]
    try:
        app(args=args, prog_name="policycheck")
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
        sys.exit(2)

"""The terminal report: per file, a scorecard of the critique points, then the findings
grouped by critique point in catalogue order, each with its sentence and the match marked.
Its words are the document's language's (``labels`` in its ``language.yaml``)."""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from policycheck import languages
from policycheck.critique import SEED_LANGUAGE
from policycheck.findings import FileResult, Finding
from policycheck.report import RunInfo, scorecard, statistics
from policycheck.severity import SEVERITIES, counts

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
BEYOND = "beyond"


def _labels(lang: str | None) -> dict[str, str]:
    return languages.labels(lang, "text")


def _sentence(f: Finding, color: bool) -> Text:
    """The sentence with the match marked: highlighted in colour, between » « in plain text."""
    sentence = f.sentence
    at = _match_at(sentence, f.match)
    if at < 0 or f.match == sentence:
        return Text(sentence)
    out = Text(sentence[:at])
    if color:
        out.append(f.match, style="bold underline red")
    else:
        out.append(f"»{f.match}«")
    out.append(sentence[at + len(f.match) :])
    return out


def _match_at(sentence: str, match: str) -> int:
    """Where ``match`` stands in ``sentence``: its first occurrence as whole words ("kan", not
    the end of "samverkan"), else its first occurrence; -1 if none. (A finding's location
    gives the exact place; the sentence it quotes does not.)"""
    if not match:
        return -1
    whole = re.search(rf"(?<!\w){re.escape(match)}(?!\w)", sentence)
    return whole.start() if whole else sentence.find(match)


def _indented(console: Console, indent: int, text: Text) -> None:
    """Print ``text`` indented, its wrapped lines too (on a terminal, lines wrap at its width;
    elsewhere they are not wrapped at all)."""
    if console.soft_wrap:
        console.print(Text.assemble(" " * indent, text))
    else:
        console.print(Padding(text, (0, 0, 0, indent)))


def _group(f: Finding) -> str:
    return f.critique[0] if f.critique else BEYOND


def _render_file(console: Console, r: FileResult, run: RunInfo) -> None:
    lab = _labels(r.language)
    if r.error:
        console.print(f"[bold red]{escape(r.path)}[/]: {escape(r.error)}")
        return
    doc_type = f"{lab['document_type']}: {r.document_type}" if r.document_type else ""
    meta = ", ".join(
        x for x in (r.language, r.encoding, doc_type, f"{lab['pipeline']}: {r.pipeline}") if x
    )
    console.print(Text.assemble((r.path, "bold"), f"  ({meta})"))
    for notice in r.notices:
        console.print(f"  [dim]! {escape(notice)}[/]")
    if r.skipped_rules:
        console.print(f"  [dim]! {lab['skipped']}: {', '.join(r.skipped_rules)}[/]")
    if r.fallback_rules:
        console.print(f"  [dim]! {', '.join(r.fallback_rules)} {lab['fallback']}[/]")
    groups: dict[str, list[Finding]] = {}
    for f in r.findings:
        groups.setdefault(_group(f), []).append(f)

    console.print()
    width = max((len(p.title_in(r.language or "en")) for p in run.catalogue), default=20)
    titles = {p.id: p.title_in(r.language or "en") for p in run.catalogue}
    for line in scorecard(r, run.catalogue):
        if line.status == "findings":
            mark = Text(f"{line.findings}", style="bold yellow")
            if line.baselined:
                mark.append(f" (+{line.baselined} {lab['in_baseline']})", style="dim")
        elif line.status == "baselined":
            mark = Text(f"– {line.baselined} {lab['in_baseline']}", style="dim")
        elif line.status == "passed":
            mark = Text("✓", style="green")
        else:
            why = lab[line.reason or "no-rule"].format(type=r.document_type or "")
            mark = Text(f"– {lab['not_checked']} ({why})", style="dim")
        console.print(Text.assemble(f"  {titles[line.id].ljust(width)}  ", mark))
    if BEYOND in groups:
        console.print(
            Text.assemble(f"  {lab['beyond'].ljust(width)}  ", (str(len(groups[BEYOND])), "bold"))
        )

    order = [p.id for p in run.catalogue] + [BEYOND]
    quotes = {p.id: p.quotes for p in run.catalogue}
    for gid in order:
        findings = groups.get(gid)
        if not findings:
            continue
        console.print()
        heading = titles.get(gid, lab["beyond"])
        console.print(
            Text.assemble((heading, "bold underline"), f"  [{gid}]" if gid != BEYOND else "")
        )
        if quotes.get(gid) and languages.reported_in(r.language) == SEED_LANGUAGE:
            _indented(console, 2, Text(f"{lab['seed']}: ”{quotes[gid][0]}”", style="italic dim"))
        for f in findings:
            _render_finding(console, f, r.language, run)
    if run.verbose and r.evidence:
        console.print()
        for code, sentence in r.evidence.items():
            console.print(Text(f"  {code} {lab['found']}: {sentence}", style="green"))


def _render_finding(console: Console, f: Finding, lang: str | None, run: RunInfo) -> None:
    lab = _labels(lang)
    loc = f.location
    where = f"{f.path}:{loc.line}:{loc.column}"
    place = languages.cite(loc.page, loc.paragraph, lang)
    line = Text.assemble(
        (where, "bold"),
        f" ({place}) " if place else " ",
        (f.code, SEVERITY_STYLE.get(f.severity, "")),
        " ",
        f.message,
        (f"  [{f.alias}]", "dim"),
    )
    _indented(console, 2, line)
    if f.scope == "sentence" and f.sentence:
        _indented(console, 6, _sentence(f, run.color))
    elif f.evidence:
        looked = f"({lab['document']}; {lab['looked_for']}: {f.evidence})"
        _indented(console, 6, Text(looked, style="dim"))
    if run.verbose and f.suggestion:
        _indented(console, 6, Text(f"→ {f.suggestion}", style="dim"))


def report_language(results: list[FileResult]) -> str:
    """The language of a report's own words (totals): that of the files checked when they
    share one, else English."""
    langs = {r.language for r in results if r.language}
    return langs.pop() if len(langs) == 1 else "en"


def totals(counts: dict[str, int], files: int, failed: int, baseline, lang: str) -> str:
    """ "40 findings (0 errors, 20 warnings, 20 info) in 1 file; ..." in ``lang``."""
    t = languages.labels(lang, "totals")

    def n(count: int, word: str) -> str:
        return languages.counted(count, word, lang)

    total = sum(counts.values())
    parts = ", ".join(n(counts[s], s) for s in SEVERITIES)
    out = f"{n(total, 'finding')} ({parts}) {t['in']} {n(files, 'file')}"
    if failed:
        out += f"; {failed} {t['unreadable']}"
    if baseline is not None:
        b = baseline
        out += f"; {b.matched} {t['in_baseline']} {b.path}"
        out += f" ({t['written']})" if b.written else ""
        if b.fixed:
            many = b.fixed != 1  # [singular, plural]: "1 åtgärdad", "2 åtgärdade"
            after = t["pruned"] if b.pruned else t["prune_hint"]
            out += f", {b.fixed} {t['fixed'][many]} ({after[many]})"
    return out


def render(results: list[FileResult], run: RunInfo) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=run.color,
        no_color=not run.color,
        highlight=False,
        # on a terminal its width; elsewhere lines are not wrapped (100 columns for rules)
        width=run.width or (None if run.color else 100),
        soft_wrap=run.width is None and not run.color,
    )
    for i, r in enumerate(results):
        if i:
            console.print()
        _render_file(console, r, run)
    by_severity = counts(f.severity for r in results for f in r.findings)
    failed = sum(1 for r in results if r.error)
    if run.statistics:
        console.print()
        for code, alias, n in statistics(results):
            console.print(f"{n:6d}  {code}  {alias}")
    console.print()
    summary = totals(by_severity, len(results), failed, run.baseline, report_language(results))
    console.print(Text(summary, style="bold"))
    return buf.getvalue()

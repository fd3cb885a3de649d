"""The engine: runs a rule pack's checks over analysed documents and makes findings.

A ``Checker`` is made for one set of options (``policycheck.options``): it loads each
language's pipeline and compiles its rules into one shared term index the first time a
document in that language comes along. What a check type does is its own module's business
(``policycheck.checks``, whose hooks the engine calls without naming any type); the engine
knows only what every rule has: selection, severity by document type, per-file ignores,
suppression comments, and two rule-level keys that work on any sentence rule:

* ``gate: {model, label, min}``: a sentence is reported only where the critique model scores
  it at least ``min`` for ``label`` (ignored on a pipeline without a parse, which the model
  reads);
* ``defer: true``: the rule runs after the others, and reports a sentence only where no other
  rule of the same critique point did.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from itertools import takewhile
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck import regexes, suppress
from policycheck.checks import CHECKS
from policycheck.checks.base import Context, Hit, TermIndex
from policycheck.critique import SEED_AREA
from policycheck.document import Block, BlockKind, Document
from policycheck.errors import OptionsError, RuleFileError, name_hint
from policycheck.findings import (
    MAX_QUOTE,
    MAX_VALUE,
    FileResult,
    Finding,
    clip,
    make_finding,
    quote,
    shorten,
)
from policycheck.nlp import Pipeline, detect_language
from policycheck.notices import Notice, localise
from policycheck.options import Options
from policycheck.ruleset import MODEL_NEEDS, Rule, RulePack
from policycheck.token_patterns import PatternError

if TYPE_CHECKING:
    from spacy.tokens import Doc


def rule_matches(rule: Rule, selector: str) -> bool:
    """A selector names a rule by code, code prefix ("PC1"), alias, critique id or "ALL"."""
    sel = selector.strip()
    if not sel:
        return False
    if sel.upper() == "ALL":
        return True
    if sel.upper().startswith("PC") and rule.code.startswith(sel.upper()):
        return True
    return sel == rule.alias or sel in rule.critique


def check_selectors(selectors: Iterable[str], rules: list[Rule], where: str) -> None:
    """Raise :class:`OptionsError` for a selector that names no rule of ``rules`` and no
    critique point, with the nearest valid names: a mistyped selector must not quietly turn
    checking off."""
    from policycheck.critique import catalogue_ids

    points = catalogue_ids()
    for sel in selectors:
        if sel in points or any(rule_matches(r, sel) for r in rules):
            continue
        names = {r.code for r in rules} | {r.alias for r in rules} | points
        raise OptionsError(f"{where}: no rule or critique point '{sel}' ({name_hint(sel, names)})")


def selected(rules: Iterable[Rule], select: Iterable[str], ignore: Iterable[str]) -> list[Rule]:
    select, ignore = list(select), list(ignore)
    return [
        r
        for r in rules
        if (not select or any(rule_matches(r, s) for s in select))
        and not any(rule_matches(r, s) for s in ignore)
    ]


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as Ruff and .gitignore read it: ``*``, ``?`` and ``[...]`` stay within one
    folder, ``**`` spans any number of folders (``a/**/b`` also matches ``a/b``)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        close = pattern.find("]", i + 2) if c == "[" else -1
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif close > 0:
            body = "".join("\\" + ch if ch in "[\\" else ch for ch in pattern[i + 1 : close])
            out.append("[^" + body[1:] + "]" if body.startswith("!") else f"[{body}]")
            i = close
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def path_matches(pattern: str, path: str) -> bool:
    """Whether a per-file-ignores glob matches ``path`` (as given, or "-" for stdin): a
    pattern with a "/" against the path as given and its absolute form, one without against
    the file name alone, as in Ruff."""
    shown = path.replace("\\", "/")
    if "/" not in pattern:
        return bool(_glob_regex(pattern).match(shown.rsplit("/", 1)[-1]))
    regex = _glob_regex(pattern.replace("\\", "/"))
    if regex.match(shown):
        return True
    return path != "-" and bool(regex.match(Path(path).resolve().as_posix()))


# how many title-like blocks at the top may name the document type: a letterhead ("Sundsvalls
# kommun", "Kommunstyrelsen", "Dnr KS 2024/12") often stands above the title
TITLE_LINES = 5


def find_title(document: Document, pack: RulePack) -> tuple[Block | None, str | None]:
    """The document's title and the document type it names. Where a title-like block (a
    heading, or a short line with no full stop) at the top of the document (at most
    ``TITLE_LINES``: a letterhead, "Sundsvalls kommun", "Dnr KS 2024/12", often stands above
    the title) or its first heading names a document type, that one; else the first heading
    of the top, else its first block; None when the document opens with running text (a
    section heading further down, "Goal", is no title)."""
    first = document.title_block()
    # the top of the document ends where running text starts
    top = list(takewhile(partial(_title_like, document), document.blocks[:TITLE_LINES]))
    # a first block that opens with a sentence is no title
    candidates = [first] if first is not None and _title_like(document, first) else []
    for block in [*candidates, *(b for b in top if b is not first)]:
        text = document.text[block.start : block.end]
        for name, patterns in pack.document_types.items():
            try:
                if any(regexes.compile(p).search(text) for p in patterns):
                    return block, name
            except regexes.RegexFailure as exc:
                exc.owner = exc.owner or f"features.yaml: document_types.{name}"
                raise
    heading = next((b for b in top if b.kind == BlockKind.HEADING), None)
    return heading or (top[0] if top else None), None


def _title_like(document: Document, block: Block) -> bool:
    text = document.text[block.start : block.end]
    return block.kind == BlockKind.HEADING or not (
        text.rstrip().endswith((".", "!", "?")) or len(text.split()) > 15
    )


def _quoted(ctx: Context, hit: Hit) -> str:
    """The sentence a finding quotes, widened to the whole hit where the hit runs on past it
    (a numbered goal, "Mål 1." + "Hemlöshet ska förebyggas.", is one hit), and cut around the
    hit when it is longer than ``MAX_QUOTE``."""
    if hit.sentence is None:
        return ""
    sent = ctx.sentences[hit.sentence]
    lo, hi = min(sent.start_char, hit.start), max(sent.end_char, hit.end)
    text = ctx.text[lo:hi]
    lead = len(text) - len(text.lstrip())
    return quote(text.strip(), hit.start - lo - lead, hit.end - lo - lead)


@dataclass
class _Language:
    pipeline: Pipeline
    pack: RulePack
    index: TermIndex
    rules: list[Rule]  # runnable with this pipeline
    skipped: list[str]  # codes that need what the pipeline lacks
    fallbacks: list[str]  # codes that run their lexical fallback instead


class Checker:
    """Checks documents with one set of options. A language's pipeline and rules are loaded
    once, under a lock, so that threads may share a checker."""

    def __init__(
        self,
        options: Options | None = None,
        *,
        packs: Callable[[str], RulePack] | None = None,
        pipelines: Callable[[str, str | None], Pipeline] | None = None,
    ) -> None:
        self.options = options = options if options is not None else Options()
        self._packs = packs or _bundled_packs(options)
        self._pipelines = pipelines or _shared_pipelines(options)
        self._languages: dict[str, _Language] = {}
        self._lock = threading.Lock()

    def language(self, lang: str) -> _Language:
        if lang not in self._languages:
            with self._lock:
                if lang not in self._languages:
                    self._languages[lang] = self._load(lang)
        return self._languages[lang]

    def _load(self, lang: str) -> _Language:
        pipeline = self._pipelines(lang, self.options.model)
        pack = self._packs(lang)
        index = TermIndex(pipeline, pack.features)
        runnable, skipped, fallbacks = self.rules_for(pack, pipeline.capabilities)
        for rule in runnable:
            CHECKS[rule.check.type].prepare(rule, index)
            if rule.gate is not None:
                from policycheck.models.critique_model import require_for

                require_for(rule, rule.gate.model, rule.gate.label, "gate")
        try:
            index.compile()
        except PatternError as exc:
            message = shorten(exc.message, 300)
            raise RuleFileError(f"{self._owner(exc.key, pack)}: patterns: {message}") from None
        return _Language(pipeline, pack, index, runnable, skipped, fallbacks)

    def rules_for(
        self, pack: RulePack, capabilities: frozenset[str]
    ) -> tuple[list[Rule], list[str], list[str]]:
        """The selected rules that run with a pipeline of these capabilities (some as their
        fallback), the codes skipped, and the codes that run their fallback."""
        runnable, skipped, fallbacks = [], [], []
        for rule in selected(pack.rules, self.options.select, self.options.ignore):
            if rule.gate is not None and not capabilities >= MODEL_NEEDS:
                # the model reads the parse: without one, the rule reports as it would ungated
                rule = rule.model_copy(update={"gate": None})
            if set(rule.requires) <= capabilities:
                runnable.append(rule)
            elif rule.fallback is not None:
                runnable.append(rule.model_copy(update={"check": rule.fallback}))
                fallbacks.append(rule.code)
            else:
                skipped.append(rule.code)
        return runnable, skipped, fallbacks

    def active_rules(self, lang: str, capabilities: frozenset[str]) -> list[Rule]:
        """The rules that run for ``lang``, without loading its pipeline when it is not loaded
        (a run whose files all come from the cache)."""
        if lang in self._languages:
            return self._languages[lang].rules
        return self.rules_for(self._packs(lang), capabilities)[0]

    def pack_rules(self, lang: str) -> list[Rule]:
        """Every rule of the language's pack, selected or not."""
        return self._packs(lang).rules

    def language_of(self, document: Document) -> str:
        """The language the options name, else the one detected in the text (of the languages
        with a pack: bundled, or from the options' rule folders)."""
        from policycheck import languages

        if self.options.language:
            return self.options.language
        return detect_language(document.text, languages.function_words(self.options.rules))

    def check(
        self,
        document: Document,
        on_piece: Callable[[int, int], None] | None = None,
        *,
        analysed: Doc | None = None,
    ) -> FileResult:
        """The findings on ``document``; ``on_piece`` follows the analysis of a long one
        (progress), ``analysed`` is the analysis when it is done already (the benchmark times
        the two apart). A rule regex that runs past its time bound makes the result an error
        that names the rule (``policycheck.regexes``)."""
        lang = self.language_of(document)
        state = self.language(lang)
        doc = analysed if analysed is not None else state.pipeline.analyse(document, on_piece)
        try:
            return self._check_analysed(document, doc, lang, state)
        except regexes.RegexFailure as exc:
            exc.owner = self._owner(exc.owner, state.pack)
            return FileResult(path=document.path, language=lang, error=str(exc))

    @staticmethod
    def _owner(key: str, pack: RulePack) -> str:
        """The rule or feature a term index key (or rule code) belongs to, with its file."""
        if key.startswith("feature:"):
            return f"feature '{key.split(':', 1)[1]}'"
        code = key.split(":", 1)[0]
        rule = pack.by_code().get(code)
        if rule is None:
            return key
        return f"{pack.sources.get(code, '?')}: rule {code} ({rule.alias})"

    def context(self, document: Document) -> Context:
        """``document`` analysed, as the checks see it (training reads the critique model's
        features from it)."""
        lang = self.language_of(document)
        state = self.language(lang)
        return self._context(document, state.pipeline.analyse(document), lang, state)

    def _context(self, document: Document, doc, lang: str, state: _Language) -> Context:
        from policycheck import languages

        options = self.options
        title, named_type = find_title(document, state.pack)
        return Context(
            document,
            doc,
            state.index,
            options.accepted_vocabulary,
            lang=lang,
            policy_area=options.policy_area,
            document_type=_given_type(options, state.pack) or named_type,
            title=title,
            language_data=languages.get(lang, options.rules),
        )

    def _check_analysed(self, document: Document, doc, lang: str, state: _Language) -> FileResult:
        ctx = self._context(document, doc, lang, state)
        doc_type = ctx.document_type
        result = FileResult(
            path=document.path,
            language=lang,
            encoding=document.encoding,
            format=document.format,
            positions="extracted-text" if document.format in ("docx", "pdf") else "original",
            pipeline=state.pipeline.name,
            capabilities=sorted(state.pipeline.capabilities),
            notices=[localise(n, lang) for n in (*document.notes, *state.pipeline.notices)],
            skipped_rules=list(state.skipped),
            fallback_rules=list(state.fallbacks),
            document_type=doc_type,
            title=ctx.title_text,
            policy_area=self.options.policy_area or _document_area(state.rules, ctx),
            rule_critique={r.code: list(r.critique) for r in state.pack.rules},
        )
        ignored = self._file_ignores(document.path)
        ran: list[tuple[Rule, str]] = []  # the rules run on this file, with their severity
        seed_area = result.policy_area == SEED_AREA
        flagged: set[tuple[str, int]] = set()  # (critique point, sentence) already reported
        # rules that defer run last
        for rule in sorted(state.rules, key=lambda r: r.defer):
            if any(rule_matches(rule, sel) for sel in ignored):
                result.ignored_rules.append(rule.code)
                continue
            severity = self.severity_of(rule, doc_type)
            if severity == "off":
                result.off_rules.append(rule.code)
                continue
            ran.append((rule, severity))
            result.checked_rules.append(rule.code)
            check = CHECKS[rule.check.type]
            try:
                for hit in _reported(rule, check.run(rule, ctx), ctx, flagged):
                    finding = self._finding(rule, hit, ctx, lang, severity, seed_area)
                    result.findings.append(finding)
                if check.annotate is not None:
                    check.annotate(rule, ctx, result)
            except regexes.RegexFailure as exc:
                exc.owner = exc.owner or rule.code
                raise
        result.notices.extend(ctx.notices)
        given = self.options.document_type
        if given and _given_type(self.options, state.pack) is None:
            # a type of another language's pack (a run over files in several languages)
            known = ", ".join(state.pack.document_types)
            result.notices.append(
                Notice("type-not-in-language", type=given, lang=lang, known=known).in_language(lang)
            )
        if _not_a_policy(ctx) and not result.goals:
            result.notices.append(Notice("not-a-policy").in_language(lang))
        result.findings = self._apply_suppressions(document, result.findings, state, lang, ran)
        result.findings.sort(key=Finding.sort_key)
        return result

    def _apply_suppressions(
        self,
        document: Document,
        findings: list[Finding],
        state: _Language,
        lang: str,
        ran: list[tuple[Rule, str]],
    ) -> list[Finding]:
        """Drop the findings that inline comments suppress (``policycheck.suppress``); the
        rules whose check type has an ``after_suppressions`` hook report on the comments."""
        directives = suppress.parse(document.original, markdown=document.format == "markdown")
        if not directives:
            return findings
        rules = [rule for rule, _severity in ran]
        outcome = suppress.apply(directives, findings, rules, state.pack.rules, rule_matches)
        kept = outcome.kept
        for rule, severity in ran:
            hook = CHECKS[rule.check.type].after_suppressions
            if hook is not None:
                kept += hook(rule, outcome.unused, document, lang, severity)
        return kept

    def _file_ignores(self, path: str) -> list[str]:
        out: list[str] = []
        for pattern, sels in self.options.per_file_ignores.items():
            if path_matches(pattern, path):
                out.extend(sels)
        return out

    def severity_of(self, rule: Rule, document_type: str | None = None) -> str:
        """The rule's severity for this document type, after the configuration's overrides;
        "off" when the rule does not apply to the document type."""
        severity = rule.severity
        if document_type is not None:
            severity = rule.document_types.get(document_type, severity)
        for sel, sev in self.options.severity.items():
            if rule_matches(rule, sel):
                severity = sev
        return severity

    def _finding(
        self, rule: Rule, hit: Hit, ctx: Context, lang: str, severity: str, seed_area: bool
    ) -> Finding:
        document = ctx.document
        # what a finding quotes is bounded (findings.MAX_QUOTE, MAX_VALUE)
        fields = {
            **ctx.language_data.document_fields(ctx.document_type, ctx.title_text),
            "match": hit.match,
            **hit.values,
        }
        values = {k: clip(v, MAX_VALUE) for k, v in fields.items()}
        match = clip(hit.match, MAX_QUOTE)
        if hit.sentence is None and hit.start == hit.end:
            looked_for = CHECKS[rule.check.type].looked_for
            return make_finding(
                rule,
                lang,
                values,
                severity=severity,
                scope="document",
                path=document.path,
                location=document.document_location(),
                sentence="",
                match=match,
                evidence=looked_for(rule, lang) if looked_for is not None else "",
                seed_area=seed_area,
            )
        return make_finding(
            rule,
            lang,
            values,
            severity=severity,
            scope="sentence",
            path=document.path,
            location=document.locate(hit.start, hit.end),
            sentence=_quoted(ctx, hit),
            match=match,
            seed_area=seed_area,
        )


def _given_type(options: Options, pack: RulePack) -> str | None:
    """The configured document type where the file's language has it (a pack without types
    takes any)."""
    given = options.document_type
    if given and pack.document_types and given not in pack.document_types:
        return None
    return given


def _not_a_policy(ctx: Context) -> bool:
    """The text does not look like a policy document: its title names no document type and no
    sentence commits to or intends anything (the pack's ``obligation`` and ``intention``
    features: "ska", "bör", "vill"). Its document findings (no financing, no follow-up)
    assume one, so the report says so."""
    named = [f for f in ("obligation", "intention") if f in ctx.index.features]
    if ctx.document_type is not None or not named:
        return False
    return not any(ctx.hits(f"feature:{name}") for name in named)


def _reported(
    rule: Rule, hits: Iterable[Hit], ctx: Context, flagged: set[tuple[str, int]]
) -> Iterator[Hit]:
    """The hits of ``rule`` it reports, after its ``gate`` and ``defer`` (see the module
    docstring); notes the (critique point, sentence) of each."""
    gate = rule.gate
    scores = ctx.critique_scores(gate.model, gate.label) if gate else None
    for hit in hits:
        if hit.sentence is not None:
            if scores is not None and scores[hit.sentence] < gate.min:
                continue
            # every sentence the hit covers: a goal read with its run-in label ("Mål 1.
            # Hemlöshet ska förebyggas") spans the label's sentence and the goal's
            last = ctx.sentence_of(max(hit.start, hit.end - 1))
            last = hit.sentence if last is None else max(hit.sentence, last)
            points = [(c, i) for c in rule.critique for i in range(hit.sentence, last + 1)]
            if rule.defer and any(p in flagged for p in points):
                continue
            flagged.update(points)
        yield hit


def _document_area(rules: list[Rule], ctx: Context) -> str | None:
    """The policy area the document names, as the first rule whose check type reads one
    (``document_area``) reads it; None when no such rule runs."""
    for rule in rules:
        hook = CHECKS[rule.check.type].document_area
        if hook is not None:
            return hook(rule, ctx)
    return None


def _bundled_packs(options: Options) -> Callable[[str], RulePack]:
    from policycheck.packs import pack

    return lambda lang: pack(lang, options.rules)


def _shared_pipelines(options: Options) -> Callable[[str, str | None], Pipeline]:
    """The process's pipelines (``nlp.shared_pipeline``), with the language data of the
    options' rule folders."""
    from policycheck import languages, nlp

    def load(lang: str, model: str | None) -> Pipeline:
        return nlp.shared_pipeline(lang, model, languages.get(lang, options.rules))

    return load

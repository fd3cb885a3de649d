"""The engine: runs a rule pack's checks over analysed documents and makes findings.

``Checker`` is built once per run and settings: it loads each language's pipeline and compiles
its rules into one shared term index the first time a document in that language comes along.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policycheck.checks import CHECKS
from policycheck.checks.base import Context, Hit, TermIndex
from policycheck.document import Document
from policycheck.findings import FileResult, Finding
from policycheck.nlp import Pipeline, build_pipeline, detect_language
from policycheck.ruleset import Rule, RulePack


@dataclass(frozen=True)
class Settings:
    """What to check and how, after config files and command-line flags are merged."""

    select: tuple[str, ...] = ()  # empty: all rules
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # selector -> severity
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # glob -> sel.
    accepted_terms: frozenset[str] = frozenset()
    lang: str | None = None  # force a language instead of detecting it
    model: str | None = None


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


def selected(rules: Iterable[Rule], select: Iterable[str], ignore: Iterable[str]) -> list[Rule]:
    select, ignore = list(select), list(ignore)
    return [
        r
        for r in rules
        if (not select or any(rule_matches(r, s) for s in select))
        and not any(rule_matches(r, s) for s in ignore)
    ]


class _SafeFormat(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class _Language:
    pipeline: Pipeline
    pack: RulePack
    index: TermIndex
    rules: list[Rule]  # runnable with this pipeline
    skipped: list[str]  # codes that need what the pipeline lacks


class Checker:
    def __init__(
        self,
        packs: Callable[[str], RulePack],
        settings: Settings = Settings(),
        pipelines: Callable[[str, str | None], Pipeline] = build_pipeline,
    ) -> None:
        self._packs = packs
        self.settings = settings
        self._pipelines = pipelines
        self._languages: dict[str, _Language] = {}

    def language(self, lang: str) -> _Language:
        if lang not in self._languages:
            pipeline = self._pipelines(lang, self.settings.model)
            pack = self._packs(lang)
            index = TermIndex(pipeline, pack.features)
            rules = selected(pack.rules, self.settings.select, self.settings.ignore)
            runnable = [r for r in rules if set(r.requires) <= pipeline.capabilities]
            skipped = [r.code for r in rules if r not in runnable]
            for rule in runnable:
                CHECKS[rule.check.type].prepare(rule, index)
            index.compile()
            self._languages[lang] = _Language(pipeline, pack, index, runnable, skipped)
        return self._languages[lang]

    def loaded_languages(self) -> list[str]:
        return list(self._languages)

    def language_of(self, document: Document) -> str:
        return self.settings.lang or detect_language(document.text)

    def check(self, document: Document) -> FileResult:
        lang = self.language_of(document)
        state = self.language(lang)
        doc = state.pipeline.analyse(document)
        return self._check_analysed(document, doc, lang, state)

    def _check_analysed(self, document: Document, doc, lang: str, state: _Language) -> FileResult:
        ctx = Context(document, doc, state.index, self.settings.accepted_terms)
        result = FileResult(
            path=document.path,
            language=lang,
            encoding=document.encoding,
            format=document.format,
            positions="extracted-text" if document.format in ("docx", "pdf") else "original",
            pipeline=state.pipeline.name,
            notices=list(document.notes) + list(state.pipeline.notices),
            skipped_rules=list(state.skipped),
        )
        ignored = self._file_ignores(document.path)
        for rule in state.rules:
            if any(rule_matches(rule, sel) for sel in ignored):
                continue
            module = CHECKS[rule.check.type]
            for hit in module.run(rule, ctx):
                result.findings.append(self._finding(rule, hit, ctx, lang))
            if rule.check.type == "required":
                found = module.evidence(rule, ctx)
                if found:
                    result.evidence[rule.code] = found
        result.findings.sort(key=Finding.sort_key)
        return result

    def _file_ignores(self, path: str) -> list[str]:
        out: list[str] = []
        for pattern, sels in self.settings.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], pattern):
                out.extend(sels)
        return out

    def severity_of(self, rule: Rule) -> str:
        severity = rule.severity
        for sel, sev in self.settings.severity.items():
            if rule_matches(rule, sel):
                severity = sev
        return severity

    def _finding(self, rule: Rule, hit: Hit, ctx: Context, lang: str) -> Finding:
        document = ctx.document
        values = _SafeFormat(match=hit.match, **hit.values)
        message = rule.message.get(lang).format_map(values)
        if hit.sentence is None and hit.start == hit.end:
            scope, location, sentence = "document", document.document_location(), ""
            evidence = rule.check.looked_for.get(lang) if rule.check.type == "required" else ""
        else:
            scope = "sentence"
            location = document.locate(hit.start, hit.end)
            sentence = ctx.sentence_text(hit.sentence) if hit.sentence is not None else ""
            evidence = ""
        return Finding(
            code=rule.code,
            alias=rule.alias,
            severity=self.severity_of(rule),
            message=message,
            critique=tuple(rule.critique),
            scope=scope,
            path=document.path,
            location=location,
            sentence=sentence,
            match=hit.match,
            suggestion=rule.suggestion.get(lang).format_map(values),
            evidence=evidence,
        )

"""Rule files: their schema, loading and validation.

A rule pack is a folder ``rules/<lang>/`` of YAML files, one rule per file, plus an optional
``features.yaml`` of named term sets that rules use as sentence conditions ("the sentence
names an actor", "the sentence cites a source"). A rule is data: an id, its critique points,
messages, examples, and one ``check`` of a small set of types implemented in
``policycheck.checks``. Errors name the file, the rule and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from policycheck import regexes
from policycheck.findings import shorten

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
Capability = Literal["lemma", "tags", "morph", "parser"]


class RuleFileError(Exception):
    """A rule or feature file that cannot be used; the message names file, rule and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _valid_regex(pattern: str) -> str:
    # "{term}" stands for the term in definition patterns (checks.conditional)
    try:
        regexes.check_syntax(pattern.replace("{term}", "term"))
    except re.error as exc:
        raise ValueError(f"invalid regular expression {shorten(pattern)!r}: {exc}") from None
    return pattern


Regex = Annotated[str, AfterValidator(_valid_regex)]
"""A regular expression (Python's syntax), run case-insensitively with a time bound."""


class Text(_Strict):
    sv: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang, None) or self.en


class TermSet(_Strict):
    """Words and phrases to find. ``terms`` match the written words (case-insensitive),
    ``lemmas`` the base forms, ``heads`` the last part of a compound (or the word itself),
    ``regex`` the sentence text (case-insensitive)."""

    terms: list[str] = []
    lemmas: list[str] = []
    heads: list[str] = []
    regex: list[Regex] = []
    features: list[str] = []  # named term sets from features.yaml, merged in

    def is_empty(self) -> bool:
        return not (self.terms or self.lemmas or self.heads or self.regex or self.features)


class Near(_Strict):
    """A feature within ``before`` tokens before or ``after`` tokens after the match."""

    feature: str
    before: int = Field(3, ge=0, le=50)
    after: int = Field(3, ge=0, le=50)


class Condition(_Strict):
    """Conditions on the sentence of a match, by feature name: ``all`` and ``any`` must hold in
    the sentence, ``none`` neither in it nor in ``window`` sentences either side. A
    :class:`Near` entry holds only close to the match itself."""

    all: list[str | Near] = []
    any: list[str | Near] = []
    none: list[str | Near] = []
    window: int = Field(0, ge=0, le=3)
    # the ``none`` features also looked for in the ``window`` sentences either side (default:
    # all of them); a source next to a claim backs it, an intention next to it does not
    around: list[str] | None = None


class LexiconCheck(_Strict):
    type: Literal["lexicon"]
    match: TermSet
    exceptions: TermSet = TermSet()
    when: Condition = Condition()
    once_per_document: bool = False
    once_per_sentence: bool = False


class PatternCheck(_Strict):
    """spaCy Matcher token patterns (``Matcher`` syntax, upper-case attribute names)."""

    type: Literal["pattern"]
    patterns: list[list[dict]]
    exceptions: TermSet = TermSet()
    when: Condition = Condition()
    once_per_document: bool = False
    once_per_sentence: bool = False


class RequiredCheck(_Strict):
    """The document must mention ``evidence`` (or have a heading matching ``headings``),
    when ``trigger`` is present (always, when it is empty). Evidence counts only in a sentence
    where ``when`` holds ("12 procent" describes the situation, "ska öka till 12 procent" does
    not)."""

    type: Literal["required"]
    evidence: TermSet
    when: Condition = Condition()
    headings: list[Regex] = []
    trigger: TermSet = TermSet()
    looked_for: Text  # said in the finding: what was looked for


class Candidates(_Strict):
    after: list[str] = []  # the word after these markers ("s.k.")
    quoted: bool = False  # words in quotation marks
    max_quoted_words: int = 3
    # quoted words right after these are an alternative wording, not a term ("eller ”X”");
    # quoted words followed by "(" are explained on the spot and are skipped too
    quoted_not_after: list[str] = []
    terms: TermSet = TermSet()  # a curated list of terms that need a definition


class Definitions(_Strict):
    """How a document defines a term: ``{term}`` in a pattern stands for the term."""

    patterns: list[Regex] = []
    headings: list[Regex] = []  # a section with such a heading defines every term in it


class ConditionalCheck(_Strict):
    """Candidates used (X) must be defined (Y) somewhere in the document."""

    type: Literal["conditional"]
    candidates: Candidates
    defined_by: Definitions
    once_per_document: bool = True


class MetricCheck(_Strict):
    type: Literal["metric"]
    measure: Literal["sentence_words", "lix"]
    max: float
    unit: Literal["sentence", "paragraph", "document"] = "sentence"
    min_words: int = 0  # LIX of very short texts says nothing


class GoalElements(_Strict):
    """What a measurable goal names, each found by a term set in the goal's sentence."""

    indicator: TermSet
    baseline: TermSet
    target: TermSet
    deadline: TermSet
    owner: TermSet


GOAL_ELEMENTS = ("indicator", "baseline", "target", "deadline", "owner")


class GoalsCheck(_Strict):
    """Goal analysis: finds goals (sentences with ``markers``, items under a heading matching
    ``headings``) and reports those that lack a ``required`` element."""

    type: Literal["goals"]
    markers: TermSet
    not_goals: TermSet = TermSet()  # sentences with these are never goals (definitions, ...)
    headings: list[Regex] = []
    elements: GoalElements
    required: list[Literal["indicator", "baseline", "target", "deadline", "owner"]]
    labels: dict[Literal["indicator", "baseline", "target", "deadline", "owner"], Text]


class AreaCheck(_Strict):
    """A sentence meeting ``when`` whose words belong to another policy area than the
    document's own (from its title, or ``policy-area`` in the configuration)."""

    type: Literal["area"]
    areas: dict[str, TermSet]
    when: Condition = Condition()
    min_hits: int = Field(2, ge=1)


class ClassifierCheck(_Strict):
    """Sentences the critique model scores at least ``threshold`` for ``label``."""

    type: Literal["classifier"]
    model: str  # a shipped critique model (policycheck/models/<model>.json)
    label: str  # the critique point it scores
    threshold: float = Field(ge=0.0, le=1.0)
    min_words: int = Field(3, ge=0)  # headings and fragments are not statements
    # what the critique point excludes by definition ("a figure or a source is not an
    # unsupported claim"): the model judges only the sentences that meet it
    when: Condition = Condition()


class UnusedSuppressionCheck(_Strict):
    """Suppression comments that suppress nothing. No parameters: the engine reports them
    after applying the suppressions (``policycheck.suppress``)."""

    type: Literal["unused-suppression"]


Check = Annotated[
    LexiconCheck
    | PatternCheck
    | RequiredCheck
    | ConditionalCheck
    | MetricCheck
    | GoalsCheck
    | AreaCheck
    | ClassifierCheck
    | UnusedSuppressionCheck,
    Field(discriminator="type"),
]


class Gate(_Strict):
    """A sentence is reported only where the critique model ``model`` scores it at least
    ``min`` for ``label``: the rule says what it found, the model whether a reviewer would
    mind in this context."""

    model: str
    label: str
    min: float = Field(ge=0.0, le=1.0)


class Examples(_Strict):
    flag: list[str] = []
    pass_: list[str] = Field([], alias="pass")


class Remissvar(_Strict):
    """How a reviewer puts a finding of the rule in a written statement (``--format
    remissvar``, the Word comments, the HTML page), in words that fit any policy area. The
    seed's own integration-policy wording is kept for integration policies only:
    ``seed_wording`` and the rule's ``suggestion`` (whose examples may come from the seed)."""

    summary: Text  # the weakness in one sentence, for the statement's summary
    question: Text  # the reviewer's question about the passage (or the draft); may use {match}
    passed: Text  # what the draft does well when the rule finds nothing
    suggestion: Text | None = None  # neutral advice, where ``suggestion`` has seed examples
    seed_wording: Text | None = None  # the seed's own question or remark, for integration policies


class Rule(_Strict):
    code: Annotated[str, Field(pattern=r"^PC\d{3}$")]
    alias: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    language: str
    critique: list[str] = []
    beyond: str | None = None  # the source, when a rule goes beyond the seed's critique
    severity: Severity
    level: Literal["sentence", "document"]
    requires: list[Capability] = []
    heuristic: bool = False
    title: Text
    message: Text
    rationale: Text
    suggestion: Text
    examples: Examples = Examples()
    remissvar: Remissvar | None = None  # the wording of a statement; optional in extra rules
    # severity by document type ("plan": error, "policy": info, "off" to skip the rule)
    document_types: dict[str, Literal["error", "warning", "info", "off"]] = {}
    check: Check
    # used instead of ``check`` when the pipeline lacks what ``requires`` names
    fallback: Check | None = None
    # report a sentence only where no other rule for the same critique point did (a learned
    # rule that fills in behind the rules that can say exactly what they found)
    defer: bool = False
    gate: Gate | None = None

    @model_validator(mode="after")
    def _declares_what_its_patterns_need(self) -> Rule:
        # spaCy refuses to match POS, TAG, MORPH or DEP on a Doc without them: a rule that
        # uses them must say so, to be skipped (or run its fallback) on the blank pipeline
        declared = set(self.requires) | ({"tags"} if "morph" in self.requires else set())
        checks = (("check", self.check, declared), ("fallback", self.fallback, set()))
        for name, check, have in checks:
            missing = sorted(_pattern_needs(check) - have)
            if missing:
                needs = ", ".join(missing)
                where = "requires" if name == "check" else "fallback (runs without them)"
                raise ValueError(f"{name}.patterns need {needs}: declare it in {where}")
        return self


_PATTERN_NEEDS = {"POS": "tags", "TAG": "tags", "MORPH": "morph", "DEP": "parser"}


def _pattern_needs(check: object) -> set[str]:
    """The capabilities the token patterns of ``check`` use (see :data:`_PATTERN_NEEDS`)."""
    needs: set[str] = set()
    for pattern in getattr(check, "patterns", None) or []:
        for token in pattern if isinstance(pattern, list) else []:
            for attr in token if isinstance(token, dict) else []:
                if isinstance(attr, str) and attr.upper() in _PATTERN_NEEDS:
                    needs.add(_PATTERN_NEEDS[attr.upper()])
    return needs


@dataclass
class RulePack:
    """The rules and features for one language, from one or more folders."""

    language: str
    rules: list[Rule] = field(default_factory=list)
    features: dict[str, TermSet] = field(default_factory=dict)
    # document type -> regexes that recognise it in the title, in order of precedence
    document_types: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)  # rule code -> file

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}


MAX_RULE_FILE_BYTES = 256 * 1024
"""A rule file (or features.yaml) over 256 kB is refused: the largest bundled one is under
9 kB, and a 26 MB file of terms once took 7 GB to load."""
MAX_PACK_BYTES = 2 * 1024 * 1024
"""The rule files of one language, from all folders, may hold 2 MB together."""
MAX_RULE_FILES = 1000
"""A rule folder may hold this many rule files per language (one per code PC000-PC999)."""
MAX_YAML_DEPTH = 32
"""Mappings and lists in a rule file nest at most this deep (the bundled rules: 5)."""


def _format_validation(exc: ValidationError, most: int = 3) -> str:
    parts = []
    errors = exc.errors()
    for err in errors[:most]:
        loc = ".".join(shorten(str(p), 40) for p in err["loc"] if not str(p).endswith("Check"))
        msg = shorten(err["msg"].removeprefix("Value error, "), 200)
        parts.append(f"{loc or '(top)'}: {msg}")
    if len(errors) > most:
        parts.append(f"and {len(errors) - most} more")
    return "; ".join(parts)


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def rule_files(folder: Path, language: str) -> list[Path]:
    """The YAML files :func:`load_pack` reads from ``folder`` for ``language``:
    ``folder/<language>/*.yaml``, or ``folder/*.yaml`` when there is no such subfolder."""
    lang_dir = folder / language if (folder / language).is_dir() else folder
    if not lang_dir.is_dir():
        return []
    paths = sorted(p for p in lang_dir.glob("*.yaml") if p.is_file())
    if len(paths) > MAX_RULE_FILES:
        raise RuleFileError(
            f"{lang_dir}: {len(paths)} rule files (the limit is {MAX_RULE_FILES} a folder)"
        )
    return paths


def _read_yaml(path: Path) -> object:
    """The YAML document of a rule file. The file may come from a pull request: it is refused
    when larger than :data:`MAX_RULE_FILE_BYTES`, not UTF-8, nested deeper than
    :data:`MAX_YAML_DEPTH` or using aliases (``*name``: a few hundred bytes of them expand to
    gigabytes), each with a one-line message."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_RULE_FILE_BYTES + 1)
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_RULE_FILE_BYTES:
        limit = MAX_RULE_FILE_BYTES // 1024
        raise RuleFileError(f"{path}: larger than {limit} kB, the limit for a rule file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError(
            f"{path}: not UTF-8 (byte {exc.start + 1} is {data[exc.start]:#04x}); "
            "save the file as UTF-8"
        ) from None
    try:
        _check_structure(path, text)
        if _FAST_LOADER is not None:
            try:  # libyaml: eight times faster; on an error, the messages of the Python reader
                return yaml.load(text, Loader=_FAST_LOADER)
            except yaml.YAMLError:
                pass
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1})" if where else ""
        problem = shorten(str(getattr(exc, "problem", None) or exc), 120)
        raise RuleFileError(f"{path}: not valid YAML{at}: {problem}") from None


def _check_structure(path: Path, text: str) -> None:
    """Refuse aliases and deep nesting, from the parser's events (before anything is built:
    the YAML composer recurses, and expanding aliases is what takes the memory)."""
    depth = 0
    for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise RuleFileError(f"{path}: line {line}: YAML aliases (*name) are not allowed")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise RuleFileError(
                    f"{path}: line {line}: nested more than {MAX_YAML_DEPTH} levels deep"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _rule_name(data: dict) -> str:
    """How an error names the rule: its code and alias when they are short strings (the
    values are not validated yet, and may be anything)."""
    code, alias = data.get("code"), data.get("alias")
    code = shorten(code, 20) if isinstance(code, str) and code else None
    alias = shorten(alias, 40) if isinstance(alias, str) and alias else None
    if code and alias:
        return f"{code} ({alias})"
    return code or alias or "?"


def load_rule_file(path: Path) -> Rule:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: a rule file must hold one mapping (a rule)")
    try:
        return Rule.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(f"{path}: rule {_rule_name(data)}: {_format_validation(exc)}") from None


def load_features(path: Path) -> tuple[dict[str, TermSet], dict[str, list[str]]]:
    """The named features and the document types of a pack's ``features.yaml``."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("features"), dict):
        raise RuleFileError(f"{path}: expected a mapping with a 'features' mapping")
    types = data.get("document_types") or {}
    if not isinstance(types, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in types.values()
    ):
        raise RuleFileError(f"{path}: document_types: expected a mapping of lists of regexes")
    for name, patterns in types.items():
        for p in patterns:
            try:
                _valid_regex(p)
            except ValueError as exc:
                where = f"document_types.{shorten(str(name), 40)}"
                raise RuleFileError(f"{path}: {where}: {exc}") from None
    out = {}
    for name, spec in data["features"].items():
        try:
            out[str(name)] = TermSet.model_validate(spec or {})
        except ValidationError as exc:
            feature = shorten(str(name), 40)
            raise RuleFileError(f"{path}: feature {feature}: {_format_validation(exc)}") from None
    return out, {str(k): list(v) for k, v in types.items()}


def load_pack(
    language: str, folders: list[Path], critique_ids: frozenset[str] | None = None
) -> RulePack:
    """Load the rules of ``language`` from ``folders`` (each holding ``<language>/*.yaml`` or,
    for extra folders, the YAML files themselves) and check them as a whole."""
    pack = RulePack(language)
    total = 0
    for folder in folders:
        lang_dir = folder / language if (folder / language).is_dir() else folder
        for path in rule_files(folder, language):
            total += _size(path)
            if total > MAX_PACK_BYTES:
                limit = MAX_PACK_BYTES // (1024 * 1024)
                raise RuleFileError(
                    f"{path}: the '{language}' rule files hold over {limit} MB together (the limit)"
                )
            if path.name == "features.yaml":
                features, types = load_features(path)
                pack.features.update(features)
                pack.document_types.update(types)
                continue
            rule = load_rule_file(path)
            if rule.language != language:
                if lang_dir is folder:  # extra folder mixing languages: keep others out
                    continue
                raise RuleFileError(
                    f"{path}: rule {rule.code} ({rule.alias}): language: is "
                    f"'{rule.language}' but the file is in the '{language}' pack"
                )
            if rule.code in pack.sources:
                raise RuleFileError(
                    f"{path}: rule {rule.code} ({rule.alias}): code: already used by "
                    f"{pack.sources[rule.code]}"
                )
            pack.rules.append(rule)
            pack.sources[rule.code] = path
    _check_references(pack, critique_ids)
    pack.rules.sort(key=lambda r: r.code)
    return pack


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it says why


def _check_references(pack: RulePack, critique_ids: frozenset[str] | None) -> None:
    aliases: dict[str, str] = {}
    for rule in pack.rules:
        where = f"{pack.sources[rule.code]}: rule {rule.code} ({rule.alias})"
        if rule.alias in aliases:
            raise RuleFileError(f"{where}: alias: already used by {aliases[rule.alias]}")
        aliases[rule.alias] = rule.code
        if not rule.critique and not rule.beyond:
            raise RuleFileError(
                f"{where}: critique: name the critique points it answers, or say where it "
                "goes beyond them with 'beyond:'"
            )
        for cid in rule.critique:
            if critique_ids is not None and cid not in critique_ids:
                raise RuleFileError(f"{where}: critique: unknown critique id '{cid}'")
        for name in _feature_names(rule):
            if name not in pack.features:
                raise RuleFileError(f"{where}: check: unknown feature '{name}'")
        for doc_type in rule.document_types:
            if doc_type not in pack.document_types:
                raise RuleFileError(f"{where}: document_types: unknown document type '{doc_type}'")


def _feature_names(rule: Rule) -> list[str]:
    names: list[str] = []
    for c in (rule.check, rule.fallback):
        if c is not None:
            names.extend(_check_feature_names(c))
    return names


def _check_feature_names(check) -> list[str]:
    names: list[str] = []
    term_sets = [getattr(check, a, None) for a in ("match", "exceptions", "evidence", "trigger")]
    if isinstance(check, ConditionalCheck):
        term_sets.append(check.candidates.terms)
    if isinstance(check, GoalsCheck):
        term_sets += [check.markers, check.not_goals]
        term_sets += [getattr(check.elements, e) for e in GOAL_ELEMENTS]
    if isinstance(check, AreaCheck):
        term_sets += list(check.areas.values())
    for ts in term_sets:
        if isinstance(ts, TermSet):
            names.extend(ts.features)
    when = getattr(check, "when", None)
    if when is not None:
        for item in when.all + when.any + when.none:
            names.append(item.feature if isinstance(item, Near) else item)
    return names


def available_languages(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))

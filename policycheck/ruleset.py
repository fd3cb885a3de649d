"""Rule files: their schema, loading and validation.

A rule pack is a folder ``rules/<lang>/`` of YAML files, one rule per file, plus an optional
``features.yaml`` of named term sets that rules use as sentence conditions ("the sentence
names an actor", "the sentence cites a source") and the language's ``language.yaml``
(``policycheck.languages``). A rule is data: an id, its critique points, messages, examples,
and one ``check`` of the types in ``policycheck.checks``, each of which brings its own schema.
Errors name the file, the rule and the field.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import Field, TypeAdapter, ValidationError, model_validator

from policycheck.checks import CHECKS, CheckSchema
from policycheck.errors import RuleFileError
from policycheck.findings import shorten
from policycheck.languages import FILE as LANGUAGE_FILE
from policycheck.schema import BUNDLED, Condition, Regex, Strict, TermSet, Text, parts
from policycheck.severity import Severity, SeverityOrOff

Capability = Literal["lemma", "tags", "morph", "parser"]
# what the critique model's features are read from (policycheck.models.critique_model): a gated
# rule needs all of it, else it reports ungated (kept here, so that deciding that needs no spaCy)
MODEL_NEEDS: frozenset[str] = frozenset(get_args(Capability))


class Gate(Strict):
    """A sentence is reported only where the critique model ``model`` scores it at least
    ``min`` for ``label``: the rule says what it found, the model whether a reviewer would
    mind in this context."""

    model: str
    label: str
    min: float = Field(ge=0.0, le=1.0)


class Examples(Strict):
    flag: list[str] = []
    pass_: list[str] = Field([], alias="pass")


class Remissvar(Strict):
    """How a reviewer puts a finding of the rule in a written statement (``--format
    remissvar``, the Word comments, the HTML page), in words that fit any policy area. The
    seed's own integration-policy wording is kept for integration policies only:
    ``seed_wording`` and the rule's ``suggestion`` (whose examples may come from the seed)."""

    summary: Text  # the weakness in one sentence, for the statement's summary
    question: Text  # the reviewer's question about the passage (or the draft); may use {match}
    # the question asked of several quoted sentences at once ("Kan meningarna delas upp?"),
    # where ``question`` speaks of one
    question_many: Text | None = None
    passed: Text  # what the draft does well when the rule finds nothing
    suggestion: Text | None = None  # neutral advice, where ``suggestion`` has seed examples
    seed_wording: Text | None = None  # the seed's own question or remark, for integration policies
    # the praise speaks of the draft's goals ("Inga mål vilar på värdeord"): withheld where the
    # goal analysis ran and found none
    praise_needs: Literal["goals"] | None = None


class Rule(Strict):
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
    document_types: dict[str, SeverityOrOff] = {}
    check: CheckSchema
    # used instead of ``check`` when the pipeline lacks what ``requires`` names
    fallback: CheckSchema | None = None
    # rule-level keys, applied by the engine to any check type's sentence findings
    # (docs/rules.md, "Rule-level keys"): report a sentence only where no other rule for the
    # same critique point did, and only where the critique model scores it high enough
    defer: bool = False
    gate: Gate | None = None

    def suggestion_for(self, seed_area: bool) -> Text:
        """What to write instead, for a document of the seed's policy area (``suggestion``, with
        the seed's examples) or of another (the neutral ``remissvar.suggestion`` where the rule
        has one: ytterstaden and invandrarorganisationer fit only an integration policy)."""
        neutral = self.remissvar.suggestion if self.remissvar is not None else None
        return self.suggestion if seed_area or neutral is None else neutral

    @model_validator(mode="after")
    def _declares_what_its_check_needs(self) -> Rule:
        # spaCy refuses to match POS, TAG, MORPH or DEP on a Doc without them: a rule whose
        # check uses them must say so, to be skipped (or run its fallback) on the blank pipeline
        declared = set(self.requires) | ({"tags"} if "morph" in self.requires else set())
        checks = (("check", self.check, declared), ("fallback", self.fallback, set()))
        for name, check, have in checks:
            needs = CHECKS[check.type].needs if check is not None else None
            missing = sorted(needs(check) - have) if needs is not None else []
            if missing:
                where = "requires" if name == "check" else "fallback (runs without them)"
                raise ValueError(
                    f"{name}.patterns need {', '.join(missing)}: declare it in {where}"
                )
        return self

    @model_validator(mode="after")
    def _speaks_its_language(self) -> Rule:
        # a rule's texts are shown in its pack's language (English stands in for others)
        named = dict(_named_texts(self))
        for part in (self, *parts(self)):
            if isinstance(part, Text) and not part.has(self.language):
                where = next((n for n, t in named.items() if t is part), "a text")
                raise ValueError(f"{where} lacks the rule's language '{self.language}'")
        return self

    @model_validator(mode="after")
    def _fills_named_fields(self) -> Rule:
        # message and suggestions are filled with str.format_map: "{0}" or a lone brace would
        # stop the run at the first finding, so they stop the rule file's loading instead
        for name, text in _named_texts(self):
            if name not in _FORMATTED:
                continue
            for lang, value in text.root.items():
                try:
                    fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
                except ValueError as exc:
                    hint = "write {{ or }} for a brace"
                    raise ValueError(f"{name}.{lang}: {exc} ({hint})") from None
                for f in fields:
                    if not f.isidentifier():
                        raise ValueError(
                            f"{name}.{lang}: {{{f}}} is not a field name: name one, such as "
                            "{match} or {document} (docs/rules.md)"
                        )
        return self


_FORMATTED = ("message", "suggestion", "remissvar.suggestion")
"""The texts filled with a finding's fields (``findings.make_finding``)."""


def _named_texts(rule: Rule) -> Iterator[tuple[str, Text]]:
    """The rule's texts by their key in the rule file ("message", "remissvar.question")."""
    for name in ("title", "message", "rationale", "suggestion"):
        yield name, getattr(rule, name)
    if rule.remissvar is not None:
        for name in type(rule.remissvar).model_fields:
            value = getattr(rule.remissvar, name)
            if isinstance(value, Text):
                yield f"remissvar.{name}", value


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


def format_validation(
    exc: ValidationError, most: int = 3, source: Path | None = None, under: tuple = ()
) -> str:
    """The first ``most`` errors, each with where it is: the keys, and with ``source`` (the
    YAML file the data came from, found at the keys ``under`` there) the line of the value,
    or of the mapping that lacks a key."""
    parts = []
    errors = exc.errors()
    node = _composed(source) if source is not None else None
    for err in errors[:most]:
        loc = ".".join(shorten(str(p), 40) for p in err["loc"] if not _is_type_name(p))
        line = _line_of(node, (*under, *err["loc"])) if node is not None else None
        if line is not None:
            loc = f"{loc} (line {line})" if loc else f"line {line}"
        msg = shorten(err["msg"].removeprefix("Value error, "), 200)
        # a rule-wide check's message names its own key ("message.sv: …")
        parts.append(f"{loc}: {msg}" if loc else msg)
    if len(errors) > most:
        parts.append(f"and {len(errors) - most} more")
    return "; ".join(parts)


def _line_of(node: yaml.Node, loc: tuple) -> int | None:
    """The line of the value at ``loc`` in a composed YAML document, or of the deepest key
    of it there is (a missing key: none). Parts that are no key in the file (the union
    member pydantic names, a check's type tag) are passed over."""
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((kv for kv in node.value if kv[0].value == str(part)), None)
            if found is None:
                continue
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def _composed(path: Path) -> yaml.Node | None:
    """A rule file as YAML nodes with their lines, for an error message (read again only
    then: the file has been read and checked once already)."""
    try:
        return yaml.compose(
            path.read_text(encoding="utf-8"), Loader=_FAST_LOADER or yaml.SafeLoader
        )
    except (OSError, yaml.YAMLError):
        return None


def _is_type_name(part: object) -> bool:
    # pydantic names the union member in a location ("check.LexiconCheck.match"), and a
    # text's language as "root" hidden inside it: neither is a key in the file
    return str(part).endswith("Check") or part == "root"


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def rule_files(folder: Path, language: str) -> list[Path]:
    """The YAML files of the pack ``language`` in ``folder`` (rules, features, the language's
    data):
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


def read_yaml(path: Path) -> object:
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


def load_rule_file(path: Path, bundled: bool = False) -> Rule:
    """The rule of a rule file; ``bundled``: one of policycheck's own, whose regular
    expressions the test suite checks (they are not checked again)."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: a rule file must hold one mapping (a rule)")
    try:
        return Rule.model_validate(data, context={BUNDLED: bundled})
    except ValidationError as exc:
        where = format_validation(exc, source=path)
        raise RuleFileError(f"{path}: rule {_rule_name(data)}: {where}") from None


# a pack's document types: each a list of regexes a document's first heading is matched with
_DOCUMENT_TYPES = TypeAdapter(dict[str, list[Regex]])


def load_features(
    path: Path, bundled: bool = False
) -> tuple[dict[str, TermSet], dict[str, list[str]]]:
    """The named features and the document types of a pack's ``features.yaml`` (``bundled``: as
    for :func:`load_rule_file`)."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("features"), dict):
        raise RuleFileError(f"{path}: expected a mapping with a 'features' mapping")
    try:
        types = _DOCUMENT_TYPES.validate_python(
            data.get("document_types") or {}, context={BUNDLED: bundled}
        )
    except ValidationError as exc:
        where = format_validation(exc, source=path, under=("document_types",))
        raise RuleFileError(f"{path}: document_types: {where}") from None
    out = {}
    for name, spec in data["features"].items():
        try:
            out[str(name)] = TermSet.model_validate(spec or {}, context={BUNDLED: bundled})
        except ValidationError as exc:
            feature = shorten(str(name), 40)
            where = format_validation(exc, source=path, under=("features", name))
            raise RuleFileError(f"{path}: feature {feature}: {where}") from None
    return out, types


def load_pack(
    language: str,
    folders: list[Path],
    critique_ids: frozenset[str] | None = None,
    bundled: Path | None = None,
) -> RulePack:
    """Load the rules of ``language`` from ``folders`` (each holding ``<language>/*.yaml`` or,
    for extra folders, the YAML files themselves) and check them as a whole. ``bundled`` is
    the folder of policycheck's own rule files, if it is one of ``folders``."""
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
            if path.name == LANGUAGE_FILE:
                continue  # the language's data (policycheck.languages)
            if path.name == "features.yaml":
                features, types = load_features(path, folder == bundled)
                pack.features.update(features)
                pack.document_types.update(types)
                continue
            rule = load_rule_file(path, folder == bundled)
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
    """The named features the rule's check and fallback use, in term sets and conditions."""
    names: list[str] = []
    for check in (rule.check, rule.fallback):
        for part in parts(check) if check is not None else ():
            if isinstance(part, TermSet):
                names.extend(part.features)
            elif isinstance(part, Condition):
                names.extend(part.feature_names())
    return names

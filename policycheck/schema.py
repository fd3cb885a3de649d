"""What rule files are made of, below the rule itself: texts in several languages, term sets,
sentence conditions and regular expressions. The check types (``policycheck.checks``) build
their schemas from these; ``policycheck.ruleset`` builds the rule from the check types."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, ValidationInfo

from policycheck import regexes
from policycheck.findings import shorten


class Strict(BaseModel):
    """A part of a rule file: unknown keys are errors, and nothing changes once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# validation context key: the file is one of the bundled rule files
BUNDLED = "bundled"


def valid_regex(pattern: str, info: ValidationInfo) -> str:
    # the bundled rule files' patterns are checked by the test suite
    # (tests/test_rule_properties.py) instead of on every run. ``info`` has no default: pydantic
    # passes the validation context only to a validator whose second parameter is required
    if info.context and info.context.get(BUNDLED):
        return pattern
    # "{term}" stands for the term in definition patterns (checks.conditional)
    try:
        regexes.check_syntax(pattern.replace("{term}", "term"))
    except re.error as exc:
        raise ValueError(f"invalid regular expression {shorten(pattern)!r}: {exc}") from None
    return pattern


Regex = Annotated[str, AfterValidator(valid_regex)]
"""A regular expression (Python's syntax), run case-insensitively with a time bound."""

LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


class Text(RootModel[dict[LanguageCode, str]]):
    """A text in several languages, by language code (``{sv: ..., en: ...}``); a rule's texts
    must have the rule's own language. English stands in for a language a text lacks."""

    model_config = ConfigDict(frozen=True)
    root: Annotated[dict[LanguageCode, str], Field(min_length=1)]

    def get(self, lang: str) -> str:
        texts = self.root
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()))

    def has(self, lang: str) -> bool:
        return bool(self.root.get(lang))


class TermSet(Strict):
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


class Near(Strict):
    """A feature within ``before`` tokens before or ``after`` tokens after the match."""

    feature: str
    before: int = Field(3, ge=0, le=50)
    after: int = Field(3, ge=0, le=50)


class Condition(Strict):
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
    # the ``none`` features also looked for in the lead-in of a list item ("Myndigheten ska:
    # - kartlägga ..."): an item goes on from it, so a task or a report there is the item's too
    lead_in: bool = False
    # the heading of the sentence's section (the nearest above it) matches none of these
    # ("Vision", "Målbild": a vision written in the present tense is an aim, not a claim)
    not_under: list[Regex] = []

    def feature_names(self) -> list[str]:
        return [i.feature if isinstance(i, Near) else i for i in self.all + self.any + self.none]


def parts(model: BaseModel):
    """Every model inside ``model`` (its fields, lists and mappings of them), depth first:
    the term sets, conditions and texts a rule holds, whatever its check type."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, dict):
            items = list(value.values())
        else:
            items = list(value) if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, BaseModel):
                yield item
                if not isinstance(item, RootModel):
                    yield from parts(item)

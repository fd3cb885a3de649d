"""``policycheck rules``: the list of the bundled rules, read straight from their YAML files.

A lookup should answer at once, and most of the time of loading a rule pack goes into
importing pydantic and validating the rules (compiling every regular expression): ``check``
does that, and the test suite validates every bundled rule. Here the files are only read;
should one not read cleanly, the validated loader runs instead and reports what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from policycheck.resources import PACK_FILES, rules_dir

HEADER = ("code", "alias", "lang", "severity", "level", "answers", "title")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def row(rule: Mapping) -> tuple[str, ...]:
    """One line of the list, from a rule as a mapping (its YAML, or a validated rule dumped)."""
    lang = rule["language"]
    title = rule["title"].get(lang) or rule["title"]["en"]
    answers = ",".join(rule.get("critique") or ()) or "beyond"
    fields = (rule["code"], rule["alias"], lang, rule["severity"], rule["level"])
    return (*(str(f) for f in fields), answers, str(title))


def rule_rows(lang: str | None = None) -> list[tuple[str, ...]]:
    """The rows of the bundled rules of ``lang`` (else of every language), by language and
    code. Raises ``RuleFileError`` as the validated loader does for a broken rule file."""
    folder = rules_dir()
    langs = (
        [lang]
        if lang
        else sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    )
    rows = []
    try:
        for code in langs:
            rules = []
            for path in sorted((folder / code).glob("*.yaml")):
                if path.name not in PACK_FILES:
                    rules.append(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER))
            rows += sorted(row(r) for r in rules if r["language"] == code)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        from policycheck.packs import all_packs  # its error names the file and the key

        return [row(r.model_dump()) for p in all_packs(lang) for r in p.rules]
    return rows

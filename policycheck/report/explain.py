"""Texts about the rules themselves: ``policycheck explain`` and ``policycheck critique``."""

from __future__ import annotations

import re
import textwrap

from policycheck import languages
from policycheck.checks import CHECKS
from policycheck.critique import load_catalogue
from policycheck.ruleset import Rule, RulePack


def find_rules(packs: list[RulePack], name: str) -> list[Rule]:
    """The rules a code or alias names, one per language pack that has it."""
    return [r for p in packs for r in p.rules if name.upper() == r.code or name == r.alias]


def find_rule(packs: list[RulePack], name: str, lang: str | None = None) -> Rule | None:
    """The rule a code or alias names, from the ``lang`` pack where that has it."""
    rules = find_rules(packs, name)
    return next((r for r in rules if r.language == lang), rules[0] if rules else None)


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(
        " ".join(text.split()), width=88, initial_indent=indent, subsequent_indent=indent
    )


def explain_rule(packs: list[RulePack], name: str, lang: str | None = None) -> str | None:
    """The explanation of a rule, from the ``lang`` pack where it has the rule; it ends by
    naming the rule's variants in the other languages."""
    rule = find_rule(packs, name, lang)
    if rule is None:
        return None
    others = [r for r in find_rules(packs, name) if r.language != rule.language]
    lang = rule.language
    lab = languages.labels(lang, "explain")
    totals = languages.labels(lang, "totals")

    def severity_word(sev: str) -> str:  # "varning"
        return totals.get(sev, [sev])[0]

    points = {p.id: p for p in load_catalogue()}
    out = [f"{rule.code} ({rule.alias}): {rule.title.get(lang)}", ""]
    answers = ", ".join(f"{c} ({points[c].title_in(lang)})" for c in rule.critique if c in points)
    level = lab["levels"].get(rule.level, rule.level)
    meta = (
        f"  {lab['severity']}: {severity_word(rule.severity)}. "
        f"{lab['level']}: {level}. {lab['language']}: {lang}."
    )
    if rule.requires:
        meta += f" {lab['needs']}: {', '.join(rule.requires)}."
    if rule.heuristic:
        meta += f" {lab['heuristic']}"
    out.append(meta)
    out.append(f"  {lab['answers']}: {answers}" if answers else f"  {lab['beyond']}: {rule.beyond}")
    out += ["", lab["what"]]
    check = CHECKS[rule.check.type]
    what = lab["check_types"].get(check.name, check.summary)
    if check.looked_for is not None:
        what += f": {check.looked_for(rule, lang)}"
    # the rule-level keys (policycheck.engine)
    if rule.gate is not None:
        what += "; " + lab["gated"].format(min=f"{rule.gate.min:g}", label=rule.gate.label)
    if rule.defer:
        what += "; " + lab["deferred"]
    out.append(_wrap(what + "."))
    if rule.document_types:
        adjust = ", ".join(f"{t}: {severity_word(sev)}" for t, sev in rule.document_types.items())
        out.append(_wrap(f"{lab['by_type']}: {adjust}."))
    out += ["", lab["why"]]
    rationale = rule.rationale.get(lang)
    out.append(_wrap(rationale))
    for cid in rule.critique:
        point = points.get(cid)
        if not (point and point.quotes):
            continue
        page = ", " + lab["page"].format(page=point.page) if point.page else ""
        # the point's words, or only where they stand when the rationale quotes them already
        if _quotes_from(rationale, point.quotes[0]):
            out.append(_wrap(f"{lab['critique']}: {point.section}{page}."))
        else:
            out.append(_wrap(f"{lab['critique']} ({point.section}{page}): ”{point.quotes[0]}”"))
    if rule.examples.flag:
        out += ["", lab["example"]]
        out += [_wrap(f"✗ {e}") for e in rule.examples.flag]
    out += ["", lab["instead"]]
    out.append(_wrap(languages.name_document(rule.suggestion.get(lang), lang)))
    # the pass examples are sentences the rule leaves alone, not rewrites of the flagged ones
    if rule.examples.pass_:
        out += ["", lab["not_flagged"]]
        out += [_wrap(f"✓ {e}") for e in rule.examples.pass_]
    for other in others:
        also = lab["also_in"].format(
            language=languages.get(other.language).name, code=other.language
        )
        out += [
            "",
            f"{also}: {other.code} ({other.alias}), "
            f"`policycheck explain {other.code} --lang {other.language}`",
        ]
    return "\n".join(out)


def _quotes_from(text: str, quote: str, run: int = 6) -> bool:
    """``text`` quotes ``quote`` already: all of it, or a run of ``run`` of its words (the
    rationale often quotes the part of the seed's sentence that matters)."""
    words = re.findall(r"\w+", quote.lower())
    held = " ".join(re.findall(r"\w+", text.lower()))
    if len(words) <= run:
        return " ".join(words) in held
    return any(" ".join(words[i : i + run]) in held for i in range(len(words) - run + 1))


_LEVEL_ORDER = {"sentence": 0, "sentence/document": 1, "document": 2}


def describe_critique(packs: list[RulePack], lang: str = "sv", only: str | None = None) -> str:
    """The critique points (or the one ``only`` names) with the seed's words and their rules."""
    answering: dict[str, list[str]] = {}
    rule_levels: dict[str, set[str]] = {}  # the levels its rules work at: a point may have both
    for p in packs:
        for rule in p.rules:
            for cid in rule.critique:
                answering.setdefault(cid, []).append(f"{rule.code} {rule.alias} ({rule.language})")
                rule_levels.setdefault(cid, set()).add(rule.level)
    lab = languages.labels(lang, "explain")
    levels = lab.get("levels", {})
    out = []
    missing = []
    catalogue = load_catalogue()
    for point in catalogue:
        if only is not None and point.id != only:
            continue
        rules = answering.get(point.id, [])
        if not rules:
            missing.append(point.id)
        page = ", " + lab["page"].format(page=point.page) if point.page else ""
        found = sorted(rule_levels.get(point.id) or {point.level}, key=_LEVEL_ORDER.get)
        level = ", ".join(levels.get(x, x) for x in found)
        out.append(f"{point.id} — {point.title_in(lang)}  [{level}]")
        for quote in point.quotes[:2]:
            out.append(_wrap(f"”{quote}”", "    "))
        out.append(f"    {point.section}{page}")
        out.append("    " + lab["rules"].format(rules=", ".join(rules) or lab["no_rule"]))
        out.append("")
    if only is not None:
        return "\n".join(out).rstrip()
    covered = len(catalogue) - len(missing)
    out.append(lab["covered"].format(covered=covered, total=len(catalogue)))
    if missing:
        out.append(lab["uncovered"].format(points=", ".join(missing)))
    return "\n".join(out)

"""The check types rules are made of. Each module has ``prepare(rule, index)``, which adds
the rule's term sets and patterns to the shared index, and ``run(rule, ctx)``, which yields
hits for one document."""

from __future__ import annotations

from types import ModuleType

from policycheck.checks import (
    area,
    classifier,
    conditional,
    goals,
    lexicon,
    metric,
    pattern,
    required,
    unused_suppression,
)

CHECKS: dict[str, ModuleType] = {
    "lexicon": lexicon,
    "pattern": pattern,
    "required": required,
    "conditional": conditional,
    "metric": metric,
    "goals": goals,
    "area": area,
    "classifier": classifier,
    "unused-suppression": unused_suppression,
}

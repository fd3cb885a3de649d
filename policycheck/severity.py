"""Severity: how much a finding matters, and the one order every report and ``--fail-on`` use.

A rule has a severity (``error``, ``warning`` or ``info``), which a document type or the
configuration may change, or turn ``off``. ``--fail-on`` (``fail-on`` in the configuration)
names the lowest severity that makes the exit code 1, or ``never``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
"""Most severe first: the order reports list and count them in."""
RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

SeverityOrOff = Literal["error", "warning", "info", "off"]
"""A severity by document type: ``off`` skips the rule for that type."""

FailOn = Literal["error", "warning", "info", "never"]
FAIL_ON: tuple[str, ...] = (*SEVERITIES, "never")
DEFAULT_FAIL_ON = "warning"


def at_or_above(severity: str, threshold: str) -> bool:
    """Whether a finding of ``severity`` fails a run with ``--fail-on threshold``."""
    return threshold != "never" and RANK[severity] >= RANK[threshold]


def most_severe(severities: Iterable[str]) -> str:
    """The highest of ``severities`` (at least one)."""
    return max(severities, key=RANK.__getitem__)


def counts(severities: Iterable[str]) -> dict[str, int]:
    """How many of each severity, every severity present, most severe first."""
    out = dict.fromkeys(SEVERITIES, 0)
    for s in severities:
        out[s] += 1
    return out

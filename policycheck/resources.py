"""Where the bundled data lives: the rule packs and the seed with its critique catalogue.

In a wheel they sit inside the package (``policycheck/_data``); in a source checkout they
are the top-level ``rules/`` and ``seeds/`` folders, which is where people edit them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

PACK_FILES = ("features.yaml", "language.yaml")
"""The files of a rule pack folder that hold no rule: its named features, the language's
data (``policycheck.languages``)."""


@cache
def data_dir(name: str) -> Path:
    """The bundled folder ``name`` ("rules" or "seeds")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder '{name}' not found (broken installation?)")


def rules_dir() -> Path:
    return data_dir("rules")


def seeds_dir() -> Path:
    return data_dir("seeds")

"""The critique catalogue (``seeds/critique.yaml``): the points the model reviewer makes.

Every rule answers one or more of these points, and reports group findings by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from policycheck.resources import seeds_dir

SEED_LANGUAGE = "sv"
"""The language the seed is written in: its quotes are shown in reports in that language
(an English report quoting Swedish reads as a leak)."""

SEED_AREA = "integration"
"""The policy area the seed was written about: only a document of this area gets the seed's
own words and examples (elsewhere they read as out of place)."""


@dataclass(frozen=True, slots=True)
class CritiquePoint:
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    quotes: tuple[str, ...]
    section: str
    page: int | None
    level: str
    automated: bool

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


@cache
def load_catalogue(path: Path | None = None) -> tuple[CritiquePoint, ...]:
    """The critique points in catalogue order."""
    path = path or seeds_dir() / "critique.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple(
        CritiquePoint(
            id=p["id"],
            title=dict(p["title"]),
            summary=dict(p.get("summary") or {}),
            quotes=tuple(p.get("quotes") or ()),
            section=p.get("section", ""),
            page=p.get("page"),
            level=p.get("level", "sentence"),
            automated=bool(p.get("automated", False)),
        )
        for p in data["points"]
    )


def catalogue_ids() -> frozenset[str]:
    return frozenset(p.id for p in load_catalogue())

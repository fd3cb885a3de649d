"""Baselines: adopt policycheck on an old document and fail only on new weaknesses.

``policycheck --write-baseline FILE`` records today's findings; ``--baseline FILE`` reports
only findings that are not in it. A finding is identified across runs (here, and by the
SARIF and GitLab reports) without its line number, so that inserting a paragraph above an
old finding does not bring it back, while editing the flagged sentence does: by rule code,
file and a fingerprint of the sentence (:mod:`policycheck.identity`).

Matching is by multiset: a baseline with two identical entries hides at most two findings.
Entries left over are "fixed"; ``--prune-baseline`` drops them from the file. Entries count
as fixed only for files checked in this run and rules that ran on them, so that checking a
subset of the documents (or one with ``--select``) does not prune the others.

The file (JSON, sorted, stable for diffs)::

    {
      "version": 1,
      "tool": "policycheck",
      "findings": [
        {"file": "docs/policy.md", "code": "PC101", "fingerprint": "3f9c0a1e5b7d2c48",
         "alias": "weak-modal", "sentence": "Staden kan erbjuda språkkurser."}
      ]
    }

``alias`` and ``sentence`` are for people reading the file; matching ignores them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from policycheck import atomic
from policycheck.errors import PolicycheckError
from policycheck.findings import FileResult, Finding
from policycheck.identity import repo_path, sentence_fingerprint

VERSION = 1


class BaselineError(PolicycheckError):
    """A baseline file that cannot be read or written; the message names the file."""


@dataclass(frozen=True, order=True)
class Entry:
    file: str
    code: str
    fingerprint: str
    alias: str = field(default="", compare=False)
    sentence: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.code, self.fingerprint)

    @classmethod
    def of(cls, f: Finding) -> Entry:
        return cls(repo_path(f.path), f.code, sentence_fingerprint(f), f.alias, f.sentence)


@dataclass
class Summary:
    """What applying (or writing) a baseline did, for the reports."""

    path: str
    matched: int = 0  # findings hidden because the baseline has them
    fixed: int = 0  # baseline entries no finding matched any more
    pruned: int = 0  # entries removed from the file (--prune-baseline)
    written: bool = False  # the file was (re)written from this run (--write-baseline)

    def as_dict(self) -> dict:
        return {
            "file": self.path,
            "matched": self.matched,
            "fixed": self.fixed,
            "pruned": self.pruned,
            "written": self.written,
        }


def entries(results: Iterable[FileResult]) -> list[Entry]:
    return sorted(Entry.of(f) for r in results for f in r.findings)


def dump(items: Iterable[Entry]) -> str:
    data = {
        "version": VERSION,
        "tool": "policycheck",
        "findings": [
            {
                "file": e.file,
                "code": e.code,
                "fingerprint": e.fingerprint,
                "alias": e.alias,
                "sentence": e.sentence,
            }
            for e in sorted(items)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save(path: Path, items: Iterable[Entry]) -> None:
    """Write the baseline atomically: a failed write leaves the old one as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(path, dump(items))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None


def load(path: Path) -> list[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline not found (create it with --write-baseline {path})"
        ) from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not a baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a baseline (expected an object with 'findings')")
    if data.get("version") != VERSION:
        raise BaselineError(
            f"{path}: baseline version {data.get('version')!r} is not supported "
            f"(expected {VERSION}); write it again with --write-baseline"
        )
    out = []
    for i, item in enumerate(data["findings"]):
        try:
            out.append(
                Entry(
                    str(item["file"]),
                    str(item["code"]),
                    str(item["fingerprint"]),
                    str(item.get("alias", "")),
                    str(item.get("sentence", "")),
                )
            )
        except (KeyError, TypeError):
            raise BaselineError(
                f"{path}: findings[{i}]: needs 'file', 'code' and 'fingerprint'"
            ) from None
    return out


def apply(
    baseline: list[Entry],
    results: list[FileResult],
    active: dict[str, set[str]],
    summary: Summary,
) -> list[Entry]:
    """Remove from ``results`` the findings the baseline has; return the entries that still
    match (the baseline without the fixed ones). ``active`` maps a language to the codes of
    the rules that ran, which decides whether an unmatched entry is fixed or just not checked.
    """
    remaining: Counter[tuple[str, str, str]] = Counter(e.key for e in baseline)
    for r in results:
        kept = []
        for f in r.findings:
            key = Entry.of(f).key
            if remaining[key] > 0:
                remaining[key] -= 1
                summary.matched += 1
                r.baselined[f.code] = r.baselined.get(f.code, 0) + 1
            else:
                kept.append(f)
        r.findings = kept
    checked: dict[str, set[str]] = {}
    for r in results:
        if r.error is None:
            ran = active.get(r.language or "", set()) - set(r.skipped_rules)
            checked.setdefault(repo_path(r.path), set()).update(ran)
    keep: list[Entry] = []
    # entries beyond the matched ones, per key, are the fixed ones; drop from the end
    for e in reversed(sorted(baseline)):
        if remaining[e.key] > 0 and e.code in checked.get(e.file, ()):
            remaining[e.key] -= 1
            summary.fixed += 1
        else:
            keep.append(e)
    return sorted(keep)

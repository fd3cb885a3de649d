"""Finding identity: what makes a finding the same one across runs, for baselines
(:mod:`policycheck.baseline`) and the fingerprints of the SARIF and GitLab reports.

A finding is identified without its line number, so that inserting a paragraph above an old
finding does not make it new, while editing the flagged sentence does:

* rule code,
* file path as given, made relative to the working directory, with ``/`` separators,
* fingerprint of the sentence, lower-cased with white space collapsed (``"document"`` for a
  document-level finding, which thus matches by rule and file).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePath

from policycheck.findings import Finding

DOCUMENT = "document"  # the fingerprint of document-level findings


def normalise_sentence(text: str) -> str:
    return " ".join(text.lower().split())


def sentence_fingerprint(f: Finding) -> str:
    """What identifies the finding's sentence across edits elsewhere in the file."""
    if f.scope == "document":
        return DOCUMENT
    digest = hashlib.sha256(normalise_sentence(f.sentence or f.match).encode("utf-8"))
    return digest.hexdigest()[:16]


def repo_path(path: str, cwd: Path | None = None) -> str:
    """``path`` relative to the working directory when it lies inside it, with ``/``."""
    if path == "-":
        return path
    p = Path(path)
    if p.is_absolute():
        base = cwd or Path.cwd()
        for root in (base, base.resolve()):
            try:
                return p.relative_to(root).as_posix()
            except ValueError:
                continue
        return p.as_posix()
    # os.path.normpath folds "a/./b" and "a/../b"; PurePath keeps "..", which is wanted
    return PurePath(os.path.normpath(path)).as_posix()


def key(f: Finding) -> tuple[str, str, str]:
    """(file, code, sentence fingerprint): the finding's identity."""
    return (repo_path(f.path), f.code, sentence_fingerprint(f))


def occurrence_keys(findings: Iterable[Finding]) -> list[tuple[str, str, str, int]]:
    """(file, code, sentence fingerprint, n) per finding: n counts earlier identical ones, so
    that two findings of one rule in one sentence stay distinct (SARIF, GitLab)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for f in findings:
        k = key(f)
        out.append((*k, seen[k]))
        seen[k] += 1
    return out


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """A stable fingerprint per finding (32 hex digits), unique within the run."""
    return [
        hashlib.sha256("\0".join(map(str, k)).encode("utf-8")).hexdigest()[:32]
        for k in occurrence_keys(findings)
    ]

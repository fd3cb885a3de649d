"""The result cache: a re-run on unchanged files reuses their results, as Ruff's cache does.

One JSON file per checked file under the cache folder (``.policycheck_cache/`` in the current
folder, or ``$POLICYCHECK_CACHE_DIR``; ``--no-cache`` bypasses it). The key is a hash of

* the file: its bytes and the path shown in reports;
* the rule set: policycheck's version and source files (size and time stamp), the contents
  of the bundled rule and seed folders and of the configuration's extra rule folders, and the
  settings that change results (select, ignore, severity, per-file ignores, accepted
  vocabulary, document type, policy area, language, model);
* the pipeline: its language, the ``--model`` given, spaCy's and spacy-lookups-data's
  versions, and the files of the model folder (the shipped pipeline or a ``--model`` path).

Read errors are never cached, nor is standard input. A cache that cannot be written (a
read-only folder) is silently not used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from policycheck import __version__
from policycheck.document import Location
from policycheck.findings import FileResult, Finding

CACHE_VERSION = "2"
DEFAULT_DIR = ".policycheck_cache"
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    return Path(os.environ.get("POLICYCHECK_CACHE_DIR") or DEFAULT_DIR)


def _hash_tree(h, root: Path, contents: bool = True) -> None:
    """Feed every file under ``root`` (relative path and contents, or size and time stamp)."""
    if not root.exists():
        h.update(f"missing:{root}\0".encode())
        return
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        if "__pycache__" in path.parts:
            continue
        h.update(str(path.relative_to(root) if path != root else path.name).encode() + b"\0")
        if contents:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            st = path.stat()
            h.update(f"{st.st_size}:{st.st_mtime_ns}\0".encode())


@cache
def _code_key() -> str:
    """policycheck's version, its source files and its bundled rules and seeds."""
    from policycheck.resources import rules_dir, seeds_dir

    h = hashlib.sha256(f"policycheck {__version__} cache {CACHE_VERSION}\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(_PACKAGE)}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    _hash_tree(h, rules_dir())
    _hash_tree(h, seeds_dir())
    return h.hexdigest()


def ruleset_key(settings, rule_folders: tuple[Path, ...] = ()) -> str:
    """The rule set and the settings that change what a file's result is."""
    h = hashlib.sha256(_code_key().encode())
    for folder in rule_folders:
        h.update(f"rules:{folder}\0".encode())
        _hash_tree(h, Path(folder))
    fields = dataclasses.asdict(settings)
    fields["accepted_terms"] = sorted(fields["accepted_terms"])
    h.update(json.dumps(fields, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "none"


@cache
def pipeline_key(lang: str, model: str | None) -> str:
    """What the pipeline for ``lang`` is made of, without loading it (nor importing spaCy)."""
    h = hashlib.sha256(f"{lang}\0{model}\0".encode())
    h.update(f"spacy {_version('spacy')} lookups {_version('spacy-lookups-data')}\0".encode())
    folder = Path(model) if model and Path(model).exists() else None
    if folder is None and not model:
        folder = _PACKAGE / "models"  # the shipped pipelines (importing them imports spaCy)
    if folder is not None:
        _hash_tree(h, folder, contents=False)
    elif model:
        h.update(f"package {_version(model)}\0".encode())
    return h.hexdigest()


def file_key(path: str, ruleset: str, pipeline: str) -> str | None:
    """The key of ``path``'s result, or None when the file cannot be cached (standard input,
    a file that vanished)."""
    if path == "-":
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(f"{ruleset}\0{pipeline}\0{path}\0".encode())
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def result_to_dict(result: FileResult) -> dict:
    return dataclasses.asdict(result)


def result_from_dict(data: dict) -> FileResult:
    findings = [
        Finding(
            **{
                **f,
                "critique": tuple(f["critique"]),
                "location": Location(**f["location"]),
            }
        )
        for f in data["findings"]
    ]
    return FileResult(**{**data, "findings": findings})


class Cache:
    """Results by key in ``folder``; a miss or any broken entry gives None."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else cache_dir()
        self.hits = 0
        self.misses = 0
        self._writable = True

    def _path(self, key: str) -> Path:
        return self.folder / f"v{CACHE_VERSION}" / key[:2] / f"{key}.json"

    def get(self, key: str | None) -> tuple[FileResult, dict] | None:
        """The result and the name and capabilities of the pipeline that made it."""
        if key is None:
            return None
        try:
            with open(self._path(key), encoding="utf-8") as f:
                entry = json.load(f)
            result = result_from_dict(entry["result"])
            pipeline = {"name": entry["pipeline"]["name"]}
            pipeline["capabilities"] = list(entry["pipeline"]["capabilities"])
        except (OSError, ValueError, TypeError, KeyError):
            self.misses += 1
            return None
        self.hits += 1
        return result, pipeline

    def put(self, key: str | None, result: FileResult, pipeline: dict) -> None:
        if key is None or result.error is not None or not self._writable:
            return
        path = self._path(key)
        try:
            if not self.folder.exists():
                self.folder.mkdir(parents=True)
                # like Ruff's: never committed, never backed up
                (self.folder / ".gitignore").write_text("# policycheck cache\n*\n")
                (self.folder / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file is a cache directory tag created by policycheck.\n"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                entry = {"result": result_to_dict(result), "pipeline": pipeline}
                json.dump(entry, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            self._writable = False

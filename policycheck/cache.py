"""The result cache: a re-run on unchanged files reuses their results, as Ruff's cache does.

One file per checked file under the cache folder (``.policycheck_cache/`` in the current
folder, or ``$POLICYCHECK_CACHE_DIR``; ``--no-cache`` bypasses it). The key is a hash of

* the file: the bytes that were read and analysed (not the file read again, which may have
  changed meanwhile) and the path shown in reports;
* the rule set: policycheck's version and source files (size and time stamp), the contents
  of the bundled rule and seed folders and of the rule files the configuration's extra rule
  folders hold (``ruleset.rule_files``: no other file there is read), and the options that
  change results (``Options.key``: select, ignore, severity, per-file ignores, accepted
  vocabulary, document type, policy area, language, model);
* the pipeline, as ``nlp.pipeline_source`` decides it (the one function loading also uses):
  its language, the ``--model`` given, spaCy's and spacy-lookups-data's versions, the files of
  the pipeline's folder (the shipped pipeline or a ``--model`` path), the shipped lemma tables
  and critique models.

An entry is its SHA-256 checksum on the first line, then the result as JSON; on reading, an
entry whose checksum or schema does not hold (damaged, edited by hand) is a miss. Entries are
written atomically (``policycheck.atomic``). Read errors are never cached, nor is standard
input. A cache that cannot be written (a read-only folder, a full disk) is silently not used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from policycheck import __version__, atomic
from policycheck.findings import FileResult
from policycheck.options import Options

CACHE_VERSION = "4"
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


def _hash_rule_folder(h, folder: Path) -> None:
    """Feed the rule files the pack loader would read from ``folder``, and nothing else there:
    a ``rules`` entry may name any folder (``/``), and hashing it whole would read it all on
    every run. A file that cannot be read is hashed as such; loading it reports the error."""
    from policycheck.languages import codes
    from policycheck.ruleset import MAX_RULE_FILE_BYTES, rule_files

    h.update(f"rules:{folder}\0".encode(errors="surrogateescape"))
    paths = {p for lang in codes((folder,)) for p in rule_files(folder, lang)}
    for path in sorted(paths):
        h.update(str(path.relative_to(folder)).encode(errors="surrogateescape") + b"\0")
        try:
            with path.open("rb") as f:
                data = f.read(MAX_RULE_FILE_BYTES + 1)
        except OSError as exc:
            h.update(f"unreadable:{exc.errno}\0".encode())
            continue
        h.update(hashlib.sha256(data).digest())


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


def ruleset_key(options: Options) -> str:
    """The rule set and the options that change what a file's result is."""
    h = hashlib.sha256(_code_key().encode())
    for folder in options.rules:
        _hash_rule_folder(h, Path(folder))
    h.update(options.key().encode())
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
    from policycheck.nlp import MODELS_DIR, pipeline_source

    source = pipeline_source(lang, model)
    h = hashlib.sha256(f"{lang}\0{source.kind}\0{model}\0".encode(errors="surrogateescape"))
    h.update(f"spacy {_version('spacy')} lookups {_version('spacy-lookups-data')}\0".encode())
    if source.path is not None:
        _hash_tree(h, source.path, contents=False)
    elif source.kind == "model":
        h.update(f"package {_version(model or '')}\0".encode())
    # what every pipeline reads besides: the shipped lemma tables, and the critique models
    _hash_tree(h, MODELS_DIR / "lookups", contents=False)
    for path in sorted(MODELS_DIR.glob("*.json")):
        _hash_tree(h, path, contents=False)
    return h.hexdigest()


def file_key(path: str, digest: str, ruleset: str, pipeline: str) -> str | None:
    """The key of the result of checking the bytes with SHA-256 ``digest`` (as read from
    ``path``), or None when it cannot be cached (standard input, no digest)."""
    if path == "-" or not digest:
        return None
    h = hashlib.sha256(f"{ruleset}\0{pipeline}\0".encode())
    h.update(path.encode("utf-8", errors="surrogateescape") + b"\0" + digest.encode())
    return h.hexdigest()


class _Entry(BaseModel):
    """A cache entry's schema: the result as the dataclasses declare it (severities and
    scopes are literals there; the pipeline's name and capabilities are in it)."""

    model_config = ConfigDict(extra="forbid")
    result: FileResult


def result_to_dict(result: FileResult) -> dict:
    return dataclasses.asdict(result)


def result_from_dict(data: dict) -> FileResult:
    """A result from its dict, validated: wrong types, unknown severities raise ValueError."""
    return _Entry.model_validate({"result": data}).result


class Cache:
    """Results by key in ``folder``; a miss or any broken entry gives None."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else cache_dir()
        self.hits = 0
        self.misses = 0
        self._writable = True

    def _path(self, key: str) -> Path:
        return self.folder / f"v{CACHE_VERSION}" / key[:2] / f"{key}.json"

    def get(self, key: str | None) -> FileResult | None:
        """The result stored under ``key``, or None."""
        if key is None:
            return None
        try:
            checksum, _, payload = self._path(key).read_bytes().partition(b"\n")
            if hashlib.sha256(payload).hexdigest().encode() != checksum:
                raise ValueError("checksum")
            entry = _Entry.model_validate(json.loads(payload))
        except (OSError, ValueError, TypeError, RecursionError):
            self.misses += 1
            return None
        self.hits += 1
        return entry.result

    def put(self, key: str | None, result: FileResult) -> None:
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
            entry = {"result": result_to_dict(result)}
            payload = json.dumps(entry, ensure_ascii=True)  # lone surrogates stay escaped
            checksum = hashlib.sha256(payload.encode("ascii")).hexdigest()
            atomic.write_text(path, f"{checksum}\n{payload}", encoding="ascii")
        except OSError:
            self._writable = False

"""The labelled documents the critique model is trained and measured on.

Four sources, all labelled sentence by sentence by ``../shared/gold/GUIDE.md``:

- ``silver``: ``../shared/silver`` (90 government texts, one reviewer each; four with two);
- ``double``: texts of ``../shared/corpus`` labelled for policycheck by two independent
  reviewers; the labels are kept in ``training/labels/{A,B}/<id>.json`` as character offsets
  into the texts, which are read from ``../shared/corpus`` (never copied here);
- ``validation``: more corpus texts labelled like ``double`` (``training/validation``), never
  trained on: a second held-out test;
- ``gold``: ``../shared/gold`` (ten documents, two reviewers): only for measuring, never
  trained on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from policycheck.evaluate import Annotation, Labelled, load_gold, parse_annotation

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LABELS = Path(__file__).resolve().parent / "labels"
# labelled like LABELS, and never trained on: a second held-out test beside ../shared/gold
VALIDATION = Path(__file__).resolve().parent / "validation"


class DataMissing(Exception):
    """../shared (or a part of it) is not there."""


@dataclass
class LabelledDocument:
    id: str  # unique across sources: "silver/s012", "double/r004", "gold/20-..."
    source: str
    text: str
    annotations: list[Annotation]


def _need(path: Path) -> Path:
    if not path.exists():
        raise DataMissing(
            f"{path} not found: training and measuring read ../shared beside the repo"
        )
    return path


def silver(shared: Path = SHARED) -> list[LabelledDocument]:
    root = _need(shared / "silver")
    by_doc: dict[str, list[Path]] = {}
    for path in sorted((root / "labels").glob("*/*.json")):
        by_doc.setdefault(path.stem, []).append(path)
    out = []
    for stem, paths in sorted(by_doc.items()):
        text = (root / "texts" / f"{stem}.txt").read_text(encoding="utf-8")
        anns = [parse_annotation(p, {f"{stem}.txt": text}) for p in paths]
        out.append(LabelledDocument(f"silver/{stem}", "silver", text, anns))
    return out


@cache
def _corpus_records(shared: Path) -> dict[str, str]:
    path = _need(shared / "corpus" / "regeringen.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {rec["path"]: rec["text"] for rec in map(json.loads, fh)}


def corpus_text(source: str, path: str, shared: Path = SHARED) -> str:
    """A text of ``../shared/corpus``: a record of regeringen.jsonl.gz or a file."""
    if source == "regeringen.jsonl.gz":
        return _corpus_records(shared)[path]
    return _need(shared / "corpus" / path).read_text(encoding="utf-8")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def double(
    shared: Path = SHARED, labels: Path = LABELS, source: str = "double"
) -> list[LabelledDocument]:
    manifest = json.loads((labels / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for entry in manifest:
        text = corpus_text(entry["source"], entry["path"], shared)
        if digest(text) != entry["sha256"]:
            raise DataMissing(f"{entry['path']}: the text differs from the one labelled")
        anns = []
        for who in sorted(p.name for p in labels.iterdir() if p.is_dir()):
            path = labels / who / f"{entry['id']}.json"
            if path.exists():
                anns.append(_read_offsets(path, text))
        out.append(LabelledDocument(f"{source}/{entry['id']}", source, text, anns))
    return out


def validation(shared: Path = SHARED) -> list[LabelledDocument]:
    """Texts of ../shared/corpus labelled by two reviewers like ``double``, kept out of
    training: what the tuning of the rules and the model is checked on besides the gold set."""
    return double(shared, VALIDATION, "validation")


def _read_offsets(path: Path, text: str) -> Annotation:
    data = json.loads(path.read_text(encoding="utf-8"))
    sentences = [
        Labelled(
            s["start"], s["end"], frozenset(s["labels"]), text[s["start"] : s["end"]], s["why"]
        )
        for s in data["sentences"]
    ]
    return Annotation(data["doc"], data["annotator"], path, sentences, data["document"])


def gold(shared: Path = SHARED) -> list[LabelledDocument]:
    docs = load_gold([_need(shared / "gold")])
    return [LabelledDocument(f"gold/{d.name}", "gold", d.text, d.annotations) for d in docs]

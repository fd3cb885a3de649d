"""Import reviewers' label files (the gold set's format, sentences as text) into
``training/labels`` as character offsets, so that no text of ../shared is copied here.

    python training/import_labels.py WORKDIR

WORKDIR holds ``manifest.json`` (a list of {"file", "source", "path", ...}: which corpus text
each ``texts/<file>`` is), and one folder per reviewer (``A/``, ``B/``) of ``<id>.json`` label
files. Each text is checked against ../shared/corpus before its labels are stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policycheck.evaluate import parse_annotation
from training.critique_data import LABELS, corpus_text, digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    manifest = json.loads((args.workdir / "manifest.json").read_text(encoding="utf-8"))
    known = args.labels / "manifest.json"
    # imports add to (or replace entries of) what earlier imports brought
    entries = json.loads(known.read_text(encoding="utf-8")) if known.exists() else []
    imported = {Path(item["file"]).stem for item in manifest}
    entries = [e for e in entries if e["id"] not in imported]
    reviewers = sorted(p.name for p in args.workdir.iterdir() if p.is_dir() and p.name != "texts")
    for item in manifest:
        doc_id = Path(item["file"]).stem
        text = corpus_text(item["source"], item["path"])
        if (args.workdir / "texts" / item["file"]).read_text(encoding="utf-8") != text:
            raise SystemExit(f"{item['file']}: differs from {item['path']} in the corpus")
        found = 0
        for who in reviewers:
            src = args.workdir / who / f"{doc_id}.json"
            if not src.exists():
                continue
            ann = parse_annotation(src, {item["file"]: text})
            out = {
                "doc": doc_id,
                "annotator": who,
                "sentences": [
                    {"start": s.start, "end": s.end, "labels": sorted(s.labels), "why": s.why}
                    for s in ann.sentences
                ],
                "document": ann.answers,
            }
            dest = args.labels / who / f"{doc_id}.json"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            found += 1
        if found:
            entries.append(
                {
                    "id": doc_id,
                    "source": item["source"],
                    "path": item["path"],
                    "kind": item.get("kind", ""),
                    "title": item.get("title", ""),
                    "words": item.get("words", len(text.split())),
                    "sha256": digest(text),
                    "reviewers": found,
                }
            )
    entries.sort(key=lambda e: e["id"])
    known.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(imported)} documents imported; {len(entries)} in {args.labels}")


if __name__ == "__main__":
    main()

"""Write training documents in the gold set's format (texts/ and one folder per reviewer), so
that ``policycheck eval`` can score rules on them:

    python training/export_labelled.py OUT [--source silver|double|all|validation]
    policycheck eval OUT

Scores on these documents measure the rules against data they may have been written with
in view; the figures to quote come from ../shared/gold and from cross-validation. OUT must be
outside the repository (the texts come from ../shared).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training import critique_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--source", choices=("silver", "double", "all", "validation"), default="all"
    )
    args = parser.parse_args()
    if args.out.resolve().is_relative_to(critique_data.ROOT):
        raise SystemExit("export_labelled: OUT must be outside the repository")
    docs = []
    if args.source in ("silver", "all"):
        docs += critique_data.silver()
    if args.source in ("double", "all"):
        docs += critique_data.double()
    if args.source == "validation":  # the second held-out set: never in "all"
        docs += critique_data.validation()
    (args.out / "texts").mkdir(parents=True, exist_ok=True)
    for doc in docs:
        name = doc.id.replace("/", "-") + ".txt"
        (args.out / "texts" / name).write_text(doc.text, encoding="utf-8")
        for ann in doc.annotations:
            folder = args.out / ann.annotator
            folder.mkdir(exist_ok=True)
            data = {
                "doc": name,
                "annotator": ann.annotator,
                "sentences": [
                    {"text": s.text, "labels": sorted(s.labels), "why": s.why}
                    for s in ann.sentences
                ],
                "document": {q: {"status": a, "evidence": ""} for q, a in ann.answers.items()},
            }
            (folder / name.replace(".txt", ".json")).write_text(
                json.dumps(data, ensure_ascii=False), encoding="utf-8"
            )
    print(f"{len(docs)} documents written to {args.out}")


if __name__ == "__main__":
    main()

"""Write spacy-lookups-data's lemma table as an indexed SQLite file that policycheck ships.

Usage (from the repository root)::

    python training/build_lookups.py          # Swedish (the shipped pipeline's language)
    python training/build_lookups.py sv en    # more languages

Reading the gzipped JSON table of spacy-lookups-data and building a dict of its 660 000
Swedish forms takes about 0.4 s on every start; the SQLite file opens at once and is read
only for the words a document has (``policycheck.models.lemma.LemmaTable``). The file holds
the same pairs as the JSON table, and a ``meta`` table names the spacy-lookups-data version
it was built from. Output: policycheck/models/lookups/<lang>_lemma_lookup.sqlite.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policycheck.models.lemma import LOOKUPS_DIR, json_lookup_table  # noqa: E402


def build(lang: str, folder: Path = LOOKUPS_DIR) -> Path:
    """Write ``<lang>_lemma_lookup.sqlite`` into ``folder``; return its path."""
    table = json_lookup_table(lang)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{lang}_lemma_lookup.sqlite"
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany("INSERT INTO lemma VALUES (?, ?)", sorted(table.items()))
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("source", f"spacy-lookups-data {version('spacy-lookups-data')}"),
                ("table", f"{lang}_lemma_lookup"),
                ("entries", str(len(table))),
            ],
        )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, target)  # atomic: a running check never opens a half-written file
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("langs", nargs="*", default=["sv"], help="language codes (default: sv)")
    args = parser.parse_args(argv)
    for lang in args.langs:
        path = build(lang)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

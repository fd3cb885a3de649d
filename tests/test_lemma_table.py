"""The shipped SQLite lemma table: the same lemmas as spacy-lookups-data's JSON table, read
per word, safe across fork(), and a JSON fallback when the file is missing or broken."""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from policycheck.models import lemma

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = lemma.LOOKUPS_DIR / "sv_lemma_lookup.sqlite"


@pytest.fixture(scope="module")
def json_table() -> dict[str, str]:
    return lemma.json_lookup_table("sv")


def test_shipped_table_is_the_installed_json_table(json_table) -> None:
    table = lemma.LemmaTable(SHIPPED)
    con = sqlite3.connect(SHIPPED)
    meta = dict(con.execute("SELECT key, value FROM meta"))
    (count,) = con.execute("SELECT count(*) FROM lemma").fetchone()
    con.close()
    if meta["source"] != f"spacy-lookups-data {version('spacy-lookups-data')}":
        pytest.skip(f"built from {meta['source']}; rebuild: python training/build_lookups.py")
    assert count == len(json_table) == int(meta["entries"])
    rng = random.Random(7)
    for form in rng.sample(sorted(json_table), 3000):
        assert table.get(form) == json_table[form], form


def test_lookup_table_uses_the_shipped_file() -> None:
    assert isinstance(lemma.lookup_table("sv"), lemma.LemmaTable)


def test_misses_and_defaults(tmp_path: Path) -> None:
    table = _small_table(tmp_path, {"kvinnorna": "kvinna"})
    assert table.get("kvinnorna") == "kvinna"
    assert table.get("kvinnorna") == "kvinna"  # from the memo
    assert table.get("xyzzy") is None
    assert table.get("xyzzy", "xyzzy") == "xyzzy"
    assert "kvinnorna" in table and "xyzzy" not in table


def test_a_forked_process_opens_its_own_connection(tmp_path: Path) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("no fork() here")
    table = _small_table(tmp_path, {"husen": "hus", "barnen": "barn"})
    assert table.get("husen") == "hus"  # the parent's connection is open
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a new word goes to SQLite through a connection of its own
        try:
            ok = table.get("barnen") == "barn" and table._pid == os.getpid()
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
    assert table.get("barnen") == "barn"


def test_a_broken_file_falls_back_to_the_json_table(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "sv_lemma_lookup.sqlite").write_bytes(b"not a database" * 100)
    monkeypatch.setattr(lemma, "LOOKUPS_DIR", tmp_path)
    monkeypatch.setattr(lemma, "_tables", {})
    table = lemma.lookup_table("sv")
    assert isinstance(table, dict)
    assert table.get("kvinnorna") == "kvinna"


def test_a_missing_file_falls_back_to_the_json_table(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(lemma, "LOOKUPS_DIR", tmp_path)
    monkeypatch.setattr(lemma, "_tables", {})
    assert isinstance(lemma.lookup_table("sv"), dict)


def test_build_script_writes_the_table(tmp_path: Path, json_table) -> None:
    sys.path.insert(0, str(ROOT / "training"))
    try:
        import build_lookups
    finally:
        sys.path.remove(str(ROOT / "training"))
    path = build_lookups.build("sv", tmp_path)
    table = lemma.LemmaTable(path)
    for form in ("kvinnorna", "männen", "finns"):
        assert table.get(form) == json_table[form]


def _small_table(folder: Path, pairs: dict[str, str]) -> lemma.LemmaTable:
    path = folder / "t.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
    con.executemany("INSERT INTO lemma VALUES (?, ?)", pairs.items())
    con.commit()
    con.close()
    return lemma.LemmaTable(path)

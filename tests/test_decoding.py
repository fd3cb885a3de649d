"""A UTF-8 file with a few bad bytes stays UTF-8 (the bytes replaced, a notice says where),
instead of being re-read as cp1252; notices come in the language of the file's report."""

from __future__ import annotations

import pickle
from pathlib import Path

from policycheck.notices import Notice, localise
from policycheck.read import decode

SV = (
    "Policy för hemlöshet\n\n"
    "Mål 1. Hemlöshet ska förebyggas.\n\n"
    "Staden kan erbjuda bostäder åt fler. Nämnderna kan samverka med bostadsbolagen.\n"
)
EN = (
    "Housing policy\n\nThe city may offer more homes. The committees may work with the "
    "housing companies and the tenants' associations in every district.\n"
)


def _with_stray_byte(text: str, after: str) -> bytes:
    data = text.encode("utf-8")
    at = data.index(after.encode("utf-8")) + len(after.encode("utf-8"))
    return data[:at] + b"\xff" + data[at:]


def test_a_stray_byte_keeps_utf8_and_says_where() -> None:
    text, encoding, notes = decode(_with_stray_byte(SV, "Staden kan"))
    assert encoding == "utf-8"
    assert text == SV.replace("Staden kan", "Staden kan\ufffd")
    (note,) = notes
    assert "5:11" in note  # line 5, the column of the replaced byte
    assert "5:11" in note.in_language("sv") and "ogiltig UTF-8" in note.in_language("sv")


def test_places_are_listed_up_to_five() -> None:
    data = "åäö\n".encode() * 5 + b"a\xffb\xfe\n" * 7  # 15 valid characters, 14 bad bytes
    text, encoding, notes = decode(data)
    assert encoding == "utf-8" and text.count("\ufffd") == 14
    assert notes[0].startswith("not valid UTF-8 at line:column 6:2, 6:4, 7:2, 7:4, 8:2 …")
    assert "invalid bytes: 14" in notes[0]


def test_more_bad_bytes_than_valid_characters_is_cp1252() -> None:
    data = "åäö\n".encode() * 4 + b"a\xffb\xfe\n" * 7  # 12 valid, 14 bad
    assert decode(data)[1] == "cp1252"


def test_a_cp1252_file_is_still_cp1252() -> None:
    text, encoding, notes = decode(SV.encode("cp1252"))
    assert (text, encoding) == (SV, "cp1252")
    assert notes == ["not valid UTF-8; decoded as cp1252"]


def test_notices_survive_pickling_and_plain_strings_pass() -> None:
    note = pickle.loads(pickle.dumps(Notice("cp1252")))
    assert localise(note, "sv") == "inte giltig UTF-8; avkodad som cp1252"
    assert localise(note, "en") == localise(note, None) == "not valid UTF-8; decoded as cp1252"
    assert localise("plain", "sv") == "plain"


def test_same_findings_as_the_clean_file(tmp_path: Path, cli) -> None:
    clean, dirty = tmp_path / "ren.txt", tmp_path / "trasig.txt"
    clean.write_text(SV, encoding="utf-8")
    dirty.write_bytes(_with_stray_byte(SV, "Policy"))
    _code, report = cli.json([str(clean), str(dirty)])
    ok, bad = report["files"]
    assert bad["encoding"] == "utf-8"

    def found(file: dict) -> list[tuple[str, str]]:
        return [(f["code"], f["match"]) for f in file["findings"]]

    assert found(bad) == found(ok)
    assert not any("Ã" in f["sentence"] for f in bad["findings"])
    assert bad["notices"] == ["ogiltig UTF-8 på rad:kolumn 1:7 (ogiltiga byte: 1, ersatta med �)"]


def test_an_english_file_gets_english_notices(tmp_path: Path, cli) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(EN.replace("tenants'", "tenants’").encode("utf-8") + b"\xff\n")
    _code, report = cli.json([str(path)])
    (file,) = report["files"]
    assert file["language"] == "en"
    assert file["notices"][0].startswith("not valid UTF-8 at line:column 4:1")

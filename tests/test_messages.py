"""Messages a user reads: what to do with a .doc file, both sizes of a file that is too large,
and a report's totals in the language of its documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.baseline import Summary
from policycheck.read import UnreadableFile, read_path
from policycheck.report.text import totals


@pytest.mark.parametrize("suffix", [".doc", ".DOC", ".odt", ".rtf"])
def test_word_processor_formats_say_save_as_docx(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"gammal{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    with pytest.raises(UnreadableFile, match=r"save it as \.docx$"):
        read_path(path)


def test_too_large_gives_both_sizes_exactly(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    path.write_bytes(b"a" * (20 * 1024 * 1024 + 1))
    with pytest.raises(UnreadableFile) as exc:
        read_path(path)
    assert str(exc.value) == "file too large (20,971,521 bytes; the limit is 20,971,520 bytes)"
    path.write_bytes(b"a" * 3072)  # sizes that differ when rounded stay short
    with pytest.raises(UnreadableFile, match=r"\(3 kB; the limit is 2 kB\)"):
        read_path(path, max_size=2048)


def test_totals_in_swedish_and_english() -> None:
    counts = {"error": 1, "warning": 2, "info": 0}
    assert totals(counts, 1, 0, None, "sv") == "3 anmärkningar (1 fel, 2 varningar, 0 info) i 1 fil"
    assert totals(counts, 2, 1, None, "en") == (
        "3 findings (1 error, 2 warnings, 0 info) in 2 files; 1 could not be read"
    )
    one = {"error": 0, "warning": 1, "info": 0}
    assert totals(one, 2, 0, None, "sv").startswith("1 anmärkning (0 fel, 1 varning,")
    b = Summary("base.json")
    b.matched, b.fixed, b.written = 3, 1, True
    assert totals(one, 1, 0, b, "sv").endswith(
        "; 3 i baslinjen base.json (skriven), 1 åtgärdad (ta bort den med --prune-baseline)"
    )
    b.fixed, b.pruned, b.written = 2, 2, False
    assert totals(one, 1, 0, b, "sv").endswith("2 åtgärdade (borttagna)")
    b.fixed, b.pruned = 1, 1
    assert totals(one, 1, 0, b, "sv").endswith("1 åtgärdad (borttagen)")
    assert totals(one, 1, 0, b, "en").endswith("1 fixed (pruned)")


def test_report_totals_follow_the_documents(tmp_path: Path, cli) -> None:
    sv, en = tmp_path / "sv.txt", tmp_path / "en.txt"
    sv.write_text("Policy för bibliotek\n\nStaden kan erbjuda läxhjälp.\n", encoding="utf-8")
    en.write_text(
        "Library policy\n\nThe city may offer homework help in every library.\n",
        encoding="utf-8",
    )
    _code, out, _ = cli([str(sv), "--select", "PC101"])
    assert out.splitlines()[-1] == "1 anmärkning (0 fel, 1 varning, 0 info) i 1 fil"
    _code, out, _ = cli([str(en), "--select", "PC101"])
    assert out.splitlines()[-1] == "1 finding (0 errors, 1 warning, 0 info) in 1 file"
    _code, out, _ = cli([str(sv), str(en), "--select", "PC101"])
    assert out.splitlines()[-1].endswith("in 2 files")  # mixed languages: English

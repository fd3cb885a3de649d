"""A folder with no file to check is a warning on stderr (as in Ruff), not a silent pass."""

from __future__ import annotations

from pathlib import Path

from policycheck.read import iter_documents


def test_empty_folder_warns(tmp_path: Path, monkeypatch, cli) -> None:
    (tmp_path / "tom" / "sub").mkdir(parents=True)
    (tmp_path / "tom" / "sub" / "skript.py").write_text("pass\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["tom"])
    assert code == 0
    assert err.startswith("policycheck: warning: tom: no files to check under this folder")
    assert ".docx" in err and ".md" in err
    assert "in 0 files" in out


def test_a_folder_with_files_does_not_warn(tmp_path: Path, cli) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.txt").write_text("Policy\n\nStaden ska bygga.\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    _code, _out, err = cli([str(tmp_path / "a"), str(tmp_path / "b"), "-q"])
    assert "warning" in err and f"{tmp_path / 'b'}:" in err
    assert f"{tmp_path / 'a'}:" not in err


def test_everything_excluded_is_empty(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("Policy\n", encoding="utf-8")
    seen: list[str] = []
    items = list(iter_documents([str(tmp_path)], exclude=["*.txt"], on_empty=seen.append))
    assert items == [] and seen == [str(tmp_path)]


def test_an_empty_file_is_nothing_to_check(tmp_path: Path, monkeypatch, cli) -> None:
    """An empty or blank file (of any format) is a warning and no result, as an empty folder
    is, not an input that could not be read: a placeholder file does not fail a CI run."""
    monkeypatch.chdir(tmp_path)
    for name in ("tom.txt", "tom.docx", "tom.pdf"):
        Path(name).write_bytes(b"")
    Path("blank.md").write_bytes(b"  \n\n\t\n")
    Path("utkast.txt").write_text("Policy\n\nStaden kan erbjuda kurser.\n", encoding="utf-8")
    files = ["tom.txt", "tom.docx", "tom.pdf", "blank.md"]
    code, out, err = cli([*files, "--select", "PC101"])
    assert code == 0
    for name in files:
        assert f"policycheck: warning: {name}: empty file, nothing to check" in err
    assert "in 0 files" in out and "could not be read" not in out
    code, report = cli.json([*files, "utkast.txt", "--select", "PC101"])
    assert code == 1  # the draft's finding decides
    assert [f["path"] for f in report["files"]] == ["utkast.txt"]


def test_empty_standard_input_and_api(cli) -> None:
    from policycheck.api import check_text

    code, _out, err = cli(["-"], stdin=b"\n\n")
    assert code == 0 and "warning: -: empty file" in err
    result = check_text("  \n")
    assert result.error is None and result.findings == []
    assert result.notices == ["empty file: nothing to check"]
    assert check_text("", language="sv").notices == ["tom fil: inget att granska"]


def test_a_file_with_no_words_is_nothing_to_check(tmp_path: Path, monkeypatch, cli) -> None:
    """A placeholder in markup (a Markdown comment, an empty Word document or HTML page,
    punctuation or invisible characters only) holds nothing to check either: no document
    findings about a text that is not there."""
    import docx

    monkeypatch.chdir(tmp_path)
    Path("kommentar.md").write_text("<!-- TODO: skriv policyn -->\n# \n", encoding="utf-8")
    Path("tom.html").write_text("<html><body><div></div></body></html>", encoding="utf-8")
    Path("osynlig.txt").write_text("\u200b ... \u200b\n", encoding="utf-8")
    docx.Document().save("tom.docx")
    files = ["kommentar.md", "tom.html", "osynlig.txt", "tom.docx"]
    code, out, err = cli(files)
    assert code == 0 and "in 0 files" in out
    assert "warning: kommentar.md: no text, nothing to check" in err
    assert "warning: tom.html: no text in the HTML page, nothing to check" in err
    assert "warning: osynlig.txt: no text, nothing to check" in err
    assert "warning: tom.docx: no text in the Word document, nothing to check" in err


def test_a_word_report_of_no_document_says_it_is_not_written(tmp_path: Path, cli) -> None:
    (tmp_path / "tom.txt").write_bytes(b"")
    out = tmp_path / "yttrande.docx"
    code, _out, err = cli([str(tmp_path / "tom.txt"), "--format", "remissvar", "-o", str(out)])
    assert code == 0 and not out.exists()
    assert f"warning: {out}: not written, no document was checked" in err

"""``--format docx``: the draft back with a Word comment on each flagged passage.

The drafts are built here with python-docx: a flagged word split over two runs, a tracked
insertion and deletion, an existing comment, bold text and a footnote, so that every
expectation can be read off the code that made the file. The results are read back with
python-docx, and LibreOffice (headless) converts them to show that Word-compatible software
opens them with their comments.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from policycheck.read import read_path

from .test_read_docx_pdf import _add_footnotes, _run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SELECT = ["--select", "PC101,PC401,PC210"]


def make_draft(path: Path) -> Path:
    """A policy whose "kan" is typed over two runs (the "k" bold), a "kan" in a tracked
    insertion beside a tracked deletion, a "s.k." term, an existing comment and a footnote."""
    d = docx.Document()
    d.add_heading("Policy för anhörigstöd", level=1)
    p = d.add_paragraph("Staden ")
    p.add_run("k").bold = True
    p.add_run("an erbjuda samtalsstöd till anhöriga.")
    tracked = d.add_paragraph("Nämnden ")
    _run(tracked, "w:ins", "kan")
    _run(tracked, "w:del", "ska")
    tracked.add_run(" samverka med föreningarna.")
    q = d.add_paragraph("Handläggaren gör en s.k. anhörigkartläggning vid första besöket.")
    d.add_comment(q.runs, "Stämmer detta?", author="Kollega", initials="K")
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(_add_footnotes(buf.getvalue()))
    return path


def comments(path: Path) -> dict[int, tuple[str, str]]:
    """Comment id -> (author, text) of a Word file, read with python-docx."""
    return {c.comment_id: (c.author, c.text) for c in docx.Document(str(path)).comments}


def anchored(path: Path) -> dict[int, str]:
    """Comment id -> the document text between its range start and end (deletions left out)."""
    body = docx.Document(str(path)).element.body
    open_ranges: dict[int, list[str]] = {}
    out: dict[int, str] = {}
    for el in body.iter():
        if el.tag == f"{W}commentRangeStart":
            open_ranges[int(el.get(qn("w:id")))] = []
        elif el.tag == f"{W}commentRangeEnd":
            cid = int(el.get(qn("w:id")))
            out[cid] = "".join(open_ranges.pop(cid))
        elif el.tag == f"{W}t":
            for parts in open_ranges.values():
                parts.append(el.text or "")
    return out


def test_comments_anchor_on_the_flagged_words(tmp_path, cli) -> None:
    draft = make_draft(tmp_path / "utkast.docx")
    out = tmp_path / "granskad.docx"
    code, _out, err = cli([str(draft), *SELECT, "--format", "docx", "-o", str(out)])  # fmt: skip
    assert code == 1, err
    _code, report = cli.json([str(draft), *SELECT])
    findings = report["files"][0]["findings"]
    assert sorted(f["code"] for f in findings) == ["PC101", "PC101", "PC210", "PC401"]

    notes = comments(out)
    ranges = anchored(out)
    ours = {cid: text for cid, (author, text) in notes.items() if author == "policycheck"}
    assert len(ours) == len(findings)
    # the existing comment is kept, on its own passage
    (theirs,) = [cid for cid, (author, _t) in notes.items() if author == "Kollega"]
    assert notes[theirs][1] == "Stämmer detta?"
    assert ranges[theirs].startswith("Handläggaren gör")
    by_code: dict[str, list[str]] = {}
    for cid, text in ours.items():
        by_code.setdefault(text.split()[0], []).append(ranges[cid])
    # "kan" over two runs, and "kan" inside the tracked insertion: exactly those words
    assert by_code["PC101"] == ["kan", "kan"]
    assert by_code["PC210"] == ["anhörigkartläggning"]
    # the document as a whole: on the title
    assert by_code["PC401"] == ["Policy för anhörigstöd"]
    # each comment: the message, the point with the question, the suggestion (neutral here)
    (financing,) = [t for t in ours.values() if t.startswith("PC401")]
    lines = financing.splitlines()
    assert lines[0] == f"PC401 {findings[0]['message']}"
    assert lines[1] == "Finansiering saknas: Hur ska åtagandena finansieras?"
    assert lines[2].startswith("Förslag: Lägg till ett avsnitt om finansiering")
    assert "Remissvaret 2004" not in "".join(ours.values())  # not an integration policy


def test_the_draft_stays_as_it_was(tmp_path, cli) -> None:
    draft = make_draft(tmp_path / "utkast.docx")
    out = tmp_path / "granskad.docx"
    cli([str(draft), *SELECT, "--format", "docx", "-o", str(out)])
    # the same text, read the same way (tracked insertion in, deletion out, the footnote)
    assert read_path(out).text == read_path(draft).text
    before, after = docx.Document(str(draft)), docx.Document(str(out))
    for tag in ("ins", "del", "delText", "footnoteReference"):
        assert len(after.element.body.findall(f".//{W}{tag}")) == len(
            before.element.body.findall(f".//{W}{tag}")
        ), tag
    # the bold "k" is still bold, the runs around it are not
    runs = after.paragraphs[1].runs
    assert [(r.text, bool(r.bold)) for r in runs if r.text] == [
        ("Staden ", False),
        ("k", True),
        ("an", False),
        (" erbjuda samtalsstöd till anhöriga.", False),
    ]
    assert [s.name for s in after.styles] == [s.name for s in before.styles]
    assert "word/footnotes.xml" in zipfile.ZipFile(out).namelist()


def test_text_input_becomes_a_new_word_file(tmp_path, cli) -> None:
    draft = tmp_path / "utkast.md"
    draft.write_text(
        "# Policy för bibliotek\n\nStaden kan erbjuda läxhjälp.\n\n- Staden kan låna ut böcker.\n",
        encoding="utf-8",
    )
    out = tmp_path / "granskad.docx"
    code, _out, err = cli([str(draft), *SELECT, "--format", "docx", "-o", str(out)])  # fmt: skip
    assert code == 1, err
    word = docx.Document(str(out))
    assert [(p.style.name, p.text) for p in word.paragraphs] == [
        ("Heading 1", "Policy för bibliotek"),
        ("Normal", "Staden kan erbjuda läxhjälp."),
        ("List Bullet", "Staden kan låna ut böcker."),
    ]
    ranges = anchored(out)
    notes = comments(out)
    assert sorted((notes[cid][1].split()[0], ranges[cid]) for cid in notes) == [
        ("PC101", "kan"),
        ("PC101", "kan"),
        ("PC401", "Policy för bibliotek"),
    ]


def test_whole_document_comments_go_on_the_title_below_a_letterhead(tmp_path, cli) -> None:
    """The title is read below the letterhead (engine.find_title); the comments on the
    document as a whole and the file's title property go there, not on "Sundsvalls kommun"."""
    d = docx.Document()
    for line in ("Sundsvalls kommun", "Kommunstyrelsen", "Dnr KS 2024/12"):
        d.add_paragraph(line)
    d.add_paragraph("Handlingsplan för ökad trygghet")
    d.add_paragraph("Kommunen kan förbättra belysningen i parkerna.")
    draft = tmp_path / "brev.docx"
    d.save(str(draft))
    out = tmp_path / "granskad.docx"
    code, _out, err = cli([str(draft), *SELECT, "--format", "docx", "-o", str(out)])
    assert code == 1, err
    ranges = anchored(out)
    notes = comments(out)
    on = {notes[cid][1].split()[0]: ranges[cid] for cid in notes}
    assert on == {"PC101": "kan", "PC401": "Handlingsplan för ökad trygghet"}
    text_draft = tmp_path / "brev.md"
    text_draft.write_text(
        "Sundsvalls kommun\n\nKommunstyrelsen\n\nHandlingsplan för ökad trygghet\n\n"
        "Kommunen kan förbättra belysningen i parkerna.\n",
        encoding="utf-8",
    )
    cli([str(text_draft), *SELECT, "--format", "docx", "-o", str(out)])
    assert docx.Document(str(out)).core_properties.title == "Handlingsplan för ökad trygghet"
    assert "Handlingsplan för ökad trygghet" in anchored(out).values()


def test_docx_needs_an_output_file(tmp_path, cli) -> None:
    draft = tmp_path / "utkast.md"
    draft.write_text("# Policy\n\nStaden kan erbjuda stöd.\n", encoding="utf-8")
    code, out, err = cli([str(draft), "--format", "docx"])
    assert code == 2 and not out
    assert "give -o FILE.docx" in err
    # several documents and -o a file: a clear error, not a folder named like a file
    other = tmp_path / "annan.md"
    other.write_text("# Policy\n\nStaden kan erbjuda stöd.\n", encoding="utf-8")
    code, _out, err = cli(
        [str(draft), str(other), "--format", "docx", "-o", str(tmp_path / "g.docx")]
    )
    assert code == 2 and "several documents" in err
    assert not (tmp_path / "g.docx").exists()


# -- LibreOffice -------------------------------------------------------------------------


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    return found


def convert(files: list[Path], fmt: str, outdir: Path) -> None:
    """Convert with LibreOffice, headless, with a profile of its own (no user's settings)."""
    profile = outdir / "profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def test_libreoffice_opens_the_reviewed_draft(tmp_path, cli) -> None:
    soffice()
    draft = make_draft(tmp_path / "utkast.docx")
    out = tmp_path / "granskad.docx"
    cli([str(draft), *SELECT, "--format", "docx", "-o", str(out)])
    convert([out], "odt", tmp_path / "odt")
    content = zipfile.ZipFile(tmp_path / "odt" / "granskad.odt").read("content.xml").decode()
    # every comment (ours and the existing one) is an annotation in LibreOffice's document
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == len(
        comments(out)
    )
    assert "Hur ska åtagandena finansieras?" in content
    assert "samverka med föreningarna" in content

"""PDF goal lines without bullets ("Mål 1. …" one under the other) are items of their own,
so every goal reaches the goal analysis; ``policycheck text FILE`` shows the text that reports'
line:column refer to, with page and paragraph marks."""

from __future__ import annotations

from pathlib import Path

from policycheck.document import BlockKind
from policycheck.read import read_path

from .test_read_docx_pdf import Page, blocks, make_pdf, write

GOALS = [
    "Mål 1. Hemlöshet ska förebyggas",
    "Mål 2. Ingen ska bo eller leva på gatan",
    "Mål 3. Antalet vräkningar ska minska",
]
# as one paragraph (no space between the lines), once short, once as long lines that run to
# the right margin, where lines would otherwise read as one wrapped paragraph
LONG = [
    "Mål 1. Hemlöshet ska förebyggas genom att staden samarbetar med bostadsbolagen och med",
    "Mål 2. Ingen ska bo eller leva på gatan och den som förlorar sin bostad ska få hjälp med",
    "Mål 3. Antalet vräkningar ska minska genom tidiga hembesök och budgetrådgivning hos de",
]


def _plan(goal_lines: list[str]) -> list[Page]:
    return [
        [
            "Handlingsplan mot hemlöshet",
            [
                "Staden ska arbeta mot hemlöshet i alla stadsdelar. Socialnämnden ansvarar för",
                "att planen följs upp varje år och redovisas för kommunfullmäktige.",
            ],
            "Mål",
            goal_lines,
            ["Staden ska samarbeta med bostadsbolagen."],
        ]
    ]


def test_goal_lines_are_items_of_their_own(tmp_path: Path) -> None:
    for lines in (GOALS, LONG):
        doc = read_path(write(tmp_path / "plan.pdf", make_pdf(_plan(lines), header=False)))
        items = [text for kind, text, _page, _para in blocks(doc) if kind == "list_item"]
        assert items == lines
        assert all(
            b.kind is not BlockKind.HEADING
            for b in doc.blocks
            if "Mål 1" in doc.text[b.start : b.end]
        )


def test_every_goal_reaches_the_goal_analysis(tmp_path: Path, cli) -> None:
    path = write(tmp_path / "plan.pdf", make_pdf(_plan(GOALS), header=False))
    _code, report = cli.json([str(path), "--select", "PC110"])
    assert [g["text"] for g in report["files"][0]["goals"]] == GOALS


def test_text_command_shows_the_extracted_text(tmp_path: Path, cli) -> None:
    path = write(tmp_path / "plan.pdf", make_pdf(_plan(GOALS), header=False))
    code, out, _ = cli(["text", str(path)])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{path}  (pdf, utf-8; rad:kolumn i rapporterna avser raderna nedan)"
    # line number -> the line with its spaces collapsed
    numbered = {int(line.split()[0]): " ".join(line.split()[1:]) for line in lines[2:] if line}
    assert numbered[1] == "[sid. 1, rubrik] Handlingsplan mot hemlöshet"
    assert numbered[3].startswith("[sid. 1, första stycket] Staden ska arbeta")
    assert numbered[7] == "[sid. 1, andra stycket, punkt] Mål 1. Hemlöshet ska förebyggas"
    assert numbered[9] == "[sid. 1, tredje stycket, punkt] Mål 2. Ingen ska bo eller leva på gatan"
    # the line numbers are those of the findings
    _code, report = cli.json([str(path), "--select", "PC110"])
    for finding in report["files"][0]["findings"]:
        assert finding["sentence"] in numbered[finding["line"]]


def test_text_command_english_marks_and_errors(tmp_path: Path, cli) -> None:
    md = tmp_path / "policy.md"
    md.write_text("# Library policy\n\nThe city may open.\n\n- Every day.\n", encoding="utf-8")
    code, out, err = cli(["text", str(md), str(tmp_path / "saknas.md")])
    assert code == 2
    assert err.strip() == f"{tmp_path / 'saknas.md'}: error: no such file or directory"
    assert out.splitlines()[2:] == [
        "1  [heading]   # Library policy",
        "2",
        "3  [paragraph] The city may open.",
        "4",
        "5  [list item] - Every day.",
    ]


def test_text_command_passes_over_links_and_empty_files(tmp_path: Path, cli) -> None:
    """A folder's symbolic link is not followed and an empty file has no text to show: neither
    is an error (a link once reached the renderer and crashed the command)."""
    folder = tmp_path / "mapp"
    folder.mkdir()
    (folder / "a.txt").write_text("Hej.\n", encoding="utf-8")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "c.txt").write_bytes(b"")
    code, out, err = cli(["text", str(folder)])
    assert code == 0
    assert "Hej." in out and "b.txt" not in out + err
    assert err.strip() == f"policycheck: warning: {folder}/c.txt: empty file, nothing to show"


def test_every_kind_of_block_has_a_mark(cli, tmp_path: Path) -> None:
    """A table row was marked "[]": each kind of block needs its word in each language."""
    from policycheck import languages
    from policycheck.document import BlockKind

    for lang in ("sv", "en"):
        assert set(BlockKind) <= set(languages.labels(lang, "extracted")), lang
    md = tmp_path / "tabell.md"
    md.write_text("# Avgifter\n\n| Tjänst | Avgift |\n|---|---|\n| Hemtjänst | 300 kr |\n")
    code, out, _err = cli(["text", str(md), "--lang", "sv"])
    assert code == 0 and "[]" not in out
    assert "5  [tabellcell] | Hemtjänst | 300 kr |" in out

"""Word and PDF drafts: structure, page and paragraph numbers, and reviewer-style citations.

The fixtures are built by the tests (python-docx, fpdf2) so that every expectation can be
read off the code that made the file.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF

from policycheck.document import BlockKind, Document
from policycheck.languages import cite
from policycheck.read import DEFAULT_SUFFIXES, iter_documents, read_path

# -- PDF fixtures ------------------------------------------------------------------------

Page = list[str | list[str]]  # a heading (str) or a paragraph (its lines)


def make_pdf(pages: list[Page], *, header: bool = True) -> bytes:
    """A PDF laid out like a Word export: 11 pt text on 14 pt lines, 8 pt between
    paragraphs, 14 pt headings, and (``header``) a running header and a page number."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    for n, page in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.set_font("Helvetica", size=9)
            pdf.text(57, 40, "DNR 106-555/2004")
            pdf.text(460, 40, f"SID. {n} ({len(pages)})")
            pdf.text(295, 810, str(n))
        y = 100.0
        for item in page:
            if isinstance(item, str):
                pdf.set_font("Helvetica", style="B", size=14)
                pdf.text(57, y, item)
                y += 26
                continue
            pdf.set_font("Helvetica", size=11)
            for line in item:
                pdf.text(57, y, line)
                y += 14
            y += 8
    return bytes(pdf.output())


DRAFT_PAGES: list[Page] = [
    [
        "Integrationspolicy för Stockholms stad",
        "1 Inledning",
        [
            "Stockholm är en stad med invånare från hela världen. Staden ska verka för att",
            "sysselsättnings- och utbildningsnivåer höjs i alla stadsdelar och att integrations-",
            "arbetet följs upp varje år av kommunstyrelsen.",
        ],
        [
            "Arbetslösheten är en av nutidens största hälsorisker. Kommunstyrelsen ansvarar",
            "för att målen följs upp och redovisas för kommunfullmäktige varje år.",
        ],
    ],
    [
        "2 Mål",
        ["Alla stadsdelar ska ha en plan för mottagandet av nyanlända senast år 2006."],
        ["Staden kan erbjuda språkkurser."],
        [
            "Kommunstyrelsen ska redovisa hur många som har fått arbete efter avslutad",
            "introduktion.",
        ],
    ],
]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def blocks(doc: Document) -> list[tuple[str, str, int | None, int | None]]:
    return [(b.kind.value, doc.text[b.start : b.end], b.page, b.paragraph) for b in doc.blocks]


# -- PDF ---------------------------------------------------------------------------------


def test_pdf_pages_paragraphs_headers(tmp_path: Path) -> None:
    doc = read_path(write(tmp_path / "utkast.pdf", make_pdf(DRAFT_PAGES)))
    assert doc.format == "pdf"
    # running headers and page numbers are gone, from the text and from the original
    assert "DNR" not in doc.original and "SID." not in doc.original
    assert [(kind, page, para) for kind, _text, page, para in blocks(doc)] == [
        ("heading", 1, None),
        ("heading", 1, None),
        ("paragraph", 1, 1),
        ("paragraph", 1, 2),
        ("heading", 2, None),
        ("paragraph", 2, 1),
        ("paragraph", 2, 2),
        ("paragraph", 2, 3),
    ]
    first = blocks(doc)[2][1]
    # a word broken at a line end is joined; a suspended hyphen stays
    assert "integrationsarbetet följs" in first
    assert "sysselsättnings- och utbildningsnivåer" in first
    assert doc.blocks[0].level == 1 and doc.blocks[1].level == 1


def test_pdf_finding_cited_by_page_and_paragraph(tmp_path, cli) -> None:
    draft = write(tmp_path / "utkast.pdf", make_pdf(DRAFT_PAGES))
    code, report = cli.json([str(draft), "--select", "PC101"])
    (file,) = report["files"]
    assert file["format"] == "pdf" and file["positions"] == "extracted-text"
    (weak,) = [f for f in file["findings"] if f["sentence"] == "Staden kan erbjuda språkkurser."]
    assert (weak["code"], weak["match"], weak["page"], weak["paragraph"]) == (
        "PC101",
        "kan",
        2,
        2,
    )
    _code, out, _err = cli([str(draft), "--select", "PC101"])
    assert f"{draft}:{weak['line']}:{weak['column']} (sid. 2, andra stycket) PC101" in out
    assert code == 1


def test_pdf_headers_never_produce_findings(tmp_path, cli) -> None:
    # a header that would be a finding if it were read: "kan" in the running header
    pdf = FPDF(format="A4", unit="pt")
    bodies = ["ge alla nyanlända en plan.", "följa upp planerna.", "redovisa resultatet."]
    for n, body in enumerate(bodies, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.text(57, 40, f"Utkast: staden kan ändra texten, sid. {n + 2}")
        pdf.set_font("Helvetica", size=11)
        pdf.text(57, 100, f"Bilaga {n * 2}")  # numbers that do not follow the page: text
        pdf.text(57, 130, f"Staden ska {body}")
    draft = write(tmp_path / "h.pdf", bytes(pdf.output()))
    doc = read_path(draft)
    assert "Utkast" not in doc.text and doc.text.count("Staden ska") == 3
    assert doc.text.count("Bilaga") == 3
    _code, report = cli.json([str(draft), "--select", "PC101"])
    assert report["files"][0]["findings"] == []


def test_pdf_two_columns_in_column_order(tmp_path: Path) -> None:
    left = [
        "Staden ska ge alla nyanlända",
        "en introduktion inom tre",
        "månader efter ankomsten.",
        "Vänster spalt slutar här.",
    ]
    right = [
        "Höger spalt börjar med att",
        "stadsdelarna ska redovisa",
        "sitt arbete varje år till",
        "kommunstyrelsen i staden.",
    ]
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.text(57, 80, "Mål och uppföljning")
    pdf.set_font("Helvetica", size=11)
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        pdf.text(57, 110 + 14 * i, a)
        pdf.text(310, 110 + 14 * i, b)
    doc = read_path(write(tmp_path / "spalter.pdf", bytes(pdf.output())))
    text = doc.text
    assert text.startswith("Mål och uppföljning")
    assert "inom tre månader efter ankomsten." in text
    assert text.index("Vänster spalt slutar här.") < text.index("Höger spalt börjar")
    assert "stadsdelarna ska redovisa sitt arbete varje år till kommunstyrelsen" in text


def test_pdf_paragraph_runs_on_to_next_page(tmp_path: Path) -> None:
    pages: list[Page] = [
        [["Staden ska erbjuda alla nyanlända en plan för", "introduktion och"]],
        [["arbete inom tre månader."], ["Nästa stycke börjar här."]],
    ]
    doc = read_path(write(tmp_path / "brott.pdf", make_pdf(pages)))
    assert blocks(doc)[0][1:] == (
        "Staden ska erbjuda alla nyanlända en plan för introduktion och arbete inom tre månader.",
        1,
        1,
    )
    assert blocks(doc)[1][2:] == (2, 1)


# -- Word --------------------------------------------------------------------------------


_FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Se integrationsprogrammet från 2003.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def _add_footnotes(data: bytes) -> bytes:
    """python-docx cannot write footnotes: add the part, its content type and relationship."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif info.filename == "word/_rels/document.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            dst.writestr(info, part)
        dst.writestr("word/footnotes.xml", _FOOTNOTES)
    return out.getvalue()


def _run(paragraph, tag: str, text: str) -> None:
    """Append a tracked insertion (``w:ins``) or deletion (``w:del``) to ``paragraph``."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), "1" if tag == "w:ins" else "2")
    change.set(qn("w:author"), "Handläggare")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    change.append(run)
    paragraph._p.append(change)


def make_docx() -> bytes:
    """A Swedish draft: title, headings by style, number and bold, list, table, tracked
    changes and a footnote."""
    d = docx.Document()
    d.add_heading("Integrationspolicy för Stockholms stad", level=0)
    d.add_heading("1 Inledning", level=1)
    d.add_paragraph("Stockholm är en stad med invånare från hela världen.")
    p = d.add_paragraph("Staden ska verka för att alla får arbete.")
    ref = OxmlElement("w:r")
    note = OxmlElement("w:footnoteReference")
    note.set(qn("w:id"), "1")
    ref.append(note)
    p._p.append(ref)
    d.add_paragraph("3.2 Mål")
    d.add_paragraph("Staden kan erbjuda språkkurser.")
    swedish = d.styles.add_style("Rubrik 2", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("Uppföljning", style=swedish)
    d.add_paragraph("Arbetslösheten ska minska.", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Mål", (0, 1): "Ansvar", (1, 0): "Fler i arbete"}.items():
        table.cell(r, c).text = text
    table.cell(1, 1).text = "Stadsdelsnämnderna"
    bold = d.add_paragraph()
    bold.add_run("Bakgrund").bold = True
    tracked = d.add_paragraph("Staden ")
    _run(tracked, "w:ins", "ska")
    _run(tracked, "w:del", "kan")
    tracked.add_run(" följa upp målen.")
    buf = io.BytesIO()
    d.save(buf)
    return _add_footnotes(buf.getvalue())


def test_docx_structure(tmp_path: Path) -> None:
    doc = read_path(write(tmp_path / "utkast.docx", make_docx()))
    assert doc.format == "docx"
    got = [(kind, text, para) for kind, text, _page, para in blocks(doc)]
    assert got == [
        ("heading", "Integrationspolicy för Stockholms stad", None),
        ("heading", "1 Inledning", None),
        ("paragraph", "Stockholm är en stad med invånare från hela världen.", 1),
        ("paragraph", "Staden ska verka för att alla får arbete.", 2),
        ("heading", "3.2 Mål", None),
        ("paragraph", "Staden kan erbjuda språkkurser.", 3),
        ("heading", "Uppföljning", None),
        ("list_item", "Arbetslösheten ska minska.", 4),
        ("table_cell", "Mål", 5),
        ("table_cell", "Ansvar", 6),
        ("table_cell", "Fler i arbete", 7),
        ("table_cell", "Stadsdelsnämnderna", 8),
        ("heading", "Bakgrund", None),
        ("paragraph", "Staden ska följa upp målen.", 9),  # w:ins read, w:del not
        ("paragraph", "Se integrationsprogrammet från 2003.", None),  # the footnote
    ]
    assert [b.level for b in doc.blocks if b.kind is BlockKind.HEADING] == [1, 1, 2, 2, 2]
    assert all(b.page is None for b in doc.blocks)
    # the original is the extracted text: blocks separated by blank lines
    assert doc.original.startswith("Integrationspolicy för Stockholms stad\n\n1 Inledning\n\n")


def test_docx_finding_cited_by_paragraph(tmp_path, cli) -> None:
    draft = write(tmp_path / "utkast.docx", make_docx())
    code, report = cli.json([str(draft), "--select", "PC101"])
    (file,) = report["files"]
    assert (file["format"], file["positions"]) == ("docx", "extracted-text")
    (weak,) = [f for f in file["findings"] if f["match"] == "kan"]
    assert (weak["page"], weak["paragraph"], weak["line"]) == (None, 3, 11)
    original = read_path(draft).original
    assert original[weak["start_offset"] : weak["end_offset"]] == "kan"
    _code, out, _err = cli([str(draft), "--select", "PC101"])
    assert f"{draft}:11:8 (stycke 3) PC101" in out
    assert code == 1


def test_positions_for_text_formats(tmp_path, cli) -> None:
    draft = tmp_path / "utkast.md"
    draft.write_text("# Policy\n\nStaden kan erbjuda språkkurser.\n", encoding="utf-8")
    missing = tmp_path / "saknas.pdf"
    _code, report = cli.json([str(draft), str(missing)])
    assert [f["positions"] for f in report["files"]] == ["original", None]


PAGE = """<!DOCTYPE html>
<html lang="sv"><head><title>Policy</title><style>p { color: red }</style></head>
<body>
<header><nav><a href="/">Start</a> | <a href="/om">Staden kan hjälpa dig</a></nav></header>
<main>
<h1>Integrationspolicy f&ouml;r Stockholms stad</h1>
<p>Staden ska f&ouml;lja upp m&aring;len.<br>Staden <b>kan</b> erbjuda spr&#229;kkurser.
<p>Ett stycke utan sluttagg
<ul><li>Första punkten</li><li><p>Andra punkten</p></ul>
<table><tr><th>Mål</th><td>Ansvar &lt;KS&gt;</td></tr></table>
<script>var kan = "kan";</script>
</main>
<aside>Staden kan också tipsa.</aside>
<footer>Staden kan ändra sidan.</footer>
</body></html>
"""


def test_html_page(tmp_path, cli) -> None:
    page = tmp_path / "policy.html"
    page.write_text(PAGE, encoding="utf-8")
    doc = read_path(page)
    assert doc.format == "html"
    assert [(kind, text) for kind, text, _page, _para in blocks(doc)] == [
        ("heading", "Integrationspolicy för Stockholms stad"),
        ("paragraph", "Staden ska följa upp målen. Staden kan erbjuda språkkurser."),
        ("paragraph", "Ett stycke utan sluttagg"),
        ("list_item", "Första punkten"),
        ("list_item", "Andra punkten"),
        ("table_cell", "Mål"),
        ("table_cell", "Ansvar <KS>"),
    ]
    # navigation, aside, footer and script are not read: one "kan", placed in the HTML file
    code, report = cli.json([str(page), "--select", "PC101"])
    (file,) = report["files"]
    assert file["positions"] == "original"
    (weak,) = file["findings"]
    assert (weak["line"], weak["column"]) == (7, 56)
    assert PAGE[weak["start_offset"] : weak["end_offset"]] == "kan"


@pytest.mark.parametrize(
    ("page", "paragraph", "lang", "expected"),
    [
        (3, 1, "sv", "sid. 3, första stycket"),
        (5, 5, "sv", "sid. 5, femte stycket"),
        (2, 10, "sv", "sid. 2, tionde stycket"),
        (2, 11, "sv", "sid. 2, stycke 11"),
        (None, 4, "sv", "stycke 4"),
        (7, None, "sv", "sid. 7"),
        (3, 1, "en", "p. 3, para. 1"),
        (None, 4, "en", "para. 4"),
        (None, None, "sv", ""),
    ],
)
def test_cite(page, paragraph, lang, expected) -> None:
    assert cite(page, paragraph, lang) == expected


def test_folders_pick_up_word_and_pdf(tmp_path: Path) -> None:
    assert {".docx", ".pdf", ".html", ".htm"} <= DEFAULT_SUFFIXES
    folder = tmp_path / "remiss"
    (folder / "bilagor").mkdir(parents=True)
    write(folder / "utkast.docx", make_docx())
    write(folder / "bilagor" / "utkast.pdf", make_pdf(DRAFT_PAGES))
    (folder / "anteckning.txt").write_text("Staden ska göra det.\n", encoding="utf-8")
    (folder / "bilagor" / "sida.htm").write_text(PAGE, encoding="utf-8")
    results = list(iter_documents([str(folder)]))
    assert [(r.path, r.format) for r in results] == [
        (f"{folder}/anteckning.txt", "text"),
        (f"{folder}/bilagor/sida.htm", "html"),
        (f"{folder}/bilagor/utkast.pdf", "pdf"),
        (f"{folder}/utkast.docx", "docx"),
    ]


def test_english_documents_cited_plainly(tmp_path, cli) -> None:
    d = docx.Document()
    d.add_heading("Integration policy", level=0)
    d.add_paragraph("The city will publish a plan for every district.")
    d.add_paragraph("The city may offer language courses.")
    buf = io.BytesIO()
    d.save(buf)
    word = write(tmp_path / "policy.docx", buf.getvalue())
    pages: list[Page] = [
        ["Integration policy", ["The city will publish a plan for every district."]],
        [["The city will report on the plan every year."], ["The city may offer courses."]],
    ]
    pdf = write(tmp_path / "policy.pdf", make_pdf(pages))
    _code, out, _err = cli([str(word), str(pdf), "--select", "PC101"])
    assert f"{word}:5:10 (para. 2) PC101" in out
    assert "(p. 2, para. 2) PC101" in out


_WORDS = (
    "staden ska verka för att alla invånare får arbete och utbildning i hela Stockholm där "
    "integrationsarbetet följs upp varje år av kommunstyrelsen med stadsdelsnämnderna samt "
    "sysselsättningsnivåer"
).split()


def _word_export_draft(style: str) -> bytes:
    """A three-page Word draft with a running header, in one paragraph style."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"].paragraph_format
    if style == "indented":
        normal.space_after = Pt(0)
        normal.first_line_indent = Pt(18)
    elif style == "justified":
        normal.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    d.sections[0].header.paragraphs[0].text = "DNR 106-555/2004"
    d.add_heading("Integrationspolicy för Stockholms stad", 0)
    n = 0
    for section in range(1, 5):
        d.add_heading(f"{section} Avsnitt nummer {section}", 1)
        for paragraph in range(4):
            sentences = []
            for _ in range(1 + (section + paragraph) % 5):
                words = [_WORDS[(n + 7 * k) % len(_WORDS)] for k in range(8 + n % 12)]
                sentences.append(" ".join(words).capitalize() + ".")
                n += 1
            d.add_paragraph(" ".join(sentences))
        d.add_paragraph("Första punkten i listan", style="List Bullet")
        d.add_paragraph("Andra punkten i listan", style="List Bullet")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
@pytest.mark.parametrize("style", ["spaced", "justified", "indented"])
def test_pdf_exported_by_an_office_suite(style: str, tmp_path: Path) -> None:
    """A real office suite's PDF of a Word draft reads as the same blocks as the draft."""
    word = write(tmp_path / "utkast.docx", _word_export_draft(style))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pdf = read_path(tmp_path / "utkast.pdf")
    docx_doc = read_path(word)
    assert [(k, t) for k, t, _p, _n in blocks(pdf)] == [(k, t) for k, t, _p, _n in blocks(docx_doc)]
    assert "DNR" not in pdf.text
    assert max(b.page for b in pdf.blocks) >= 2


def test_docx_content_controls_and_table_of_contents(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    toc = parse_xml(
        f"<w:sdt {w}><w:sdtPr><w:docPartObj><w:docPartGallery w:val='Table of Contents'/>"
        "</w:docPartObj></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Innehåll</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>1 Inledning</w:t><w:tab/><w:t>3</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    control = parse_xml(
        f"<w:sdt {w}><w:sdtPr><w:alias w:val='Beslut'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Staden kan erbjuda språkkurser.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    d = docx.Document()
    d.add_heading("Integrationspolicy", level=0)
    body = d.element.body
    body.insert(1, toc)
    body.insert(2, control)
    d.add_paragraph("Staden ska följa upp målen.")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_path(write(tmp_path / "kontroller.docx", buf.getvalue()))
    assert [(kind, text, para) for kind, text, _page, para in blocks(doc)] == [
        ("heading", "Integrationspolicy", None),
        ("paragraph", "Staden kan erbjuda språkkurser.", 1),
        ("paragraph", "Staden ska följa upp målen.", 2),
    ]

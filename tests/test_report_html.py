"""``--format html``: one self-contained review page, every piece of document text escaped,
checked in a real browser: the system Chromium (Debian package ``chromium``) driven by
playwright's Python package, which is told where the browser is (``executable_path``), so
nothing is downloaded.

``POLICYCHECK_SCREENSHOT=docs/html-report.png python -m pytest tests/test_report_html.py``
renders the example draft's page into that file (the screenshot in the README).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import DRAFT, ROOT

CHROMIUM = os.environ.get("POLICYCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# as root, in a container: no sandbox; and nothing that talks to the network by itself
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HOSTILE = (
    "Policy för bibliotek\n\n"
    "Staden kan erbjuda <script>window.pwned = 1</script> läxhjälp & stöd.\n\n"
    'Biblioteken ska vara öppna <img src=x onerror="window.pwned = 2"> alla dagar.\n'
)


def page_of(args: list[str], out: Path, cli) -> str:
    code, stdout, err = cli([*args, "--format", "html", "-o", str(out)])
    assert code in (1, 2) and not stdout, err
    return out.read_text(encoding="utf-8")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "R&D <utkast>.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_document_text_is_escaped(hostile, tmp_path, cli) -> None:
    page = page_of([str(hostile)], tmp_path / "g.html", cli)
    assert "<script>window" not in page and "<img" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "R&amp;D &lt;utkast&gt;.txt" in page
    assert page.count("<script>") == 1  # the page's own filter script, and no other
    # self-contained: no external stylesheet, script, image or font
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert "@import" not in page and "url(" not in page


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(browser, path: Path, width: int = 1200):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    return page, requests


MARKED = """ids => ids.map(id => Array.from(document.querySelectorAll(`mark[data-f~="${id}"]`))
    .map(m => m.textContent).join(''))"""


def test_findings_highlighted_at_their_words(browser, tmp_path, cli) -> None:
    out = tmp_path / "g.html"
    page_of([str(DRAFT)], out, cli)
    _code, report = cli.json([str(DRAFT)])
    findings = report["files"][0]["findings"]
    page, requests = open_page(browser, out)
    ids = [f"d1-f{i}" for i in range(1, len(findings) + 1)]
    marked = page.evaluate(MARKED, ids)
    notes = page.evaluate("ids => ids.map(id => !!document.getElementById(id))", ids)
    assert all(notes)  # every finding has its note
    for f, text in zip(findings, marked, strict=True):
        if f["scope"] == "document":
            assert text == "", f["code"]
        else:  # the highlight covers exactly the words the finding is about
            assert " ".join(text.split()) == " ".join(f["match"].split()), (f["code"], f["match"])
    assert page.locator(".whole .note").count() == sum(
        1 for f in findings if f["scope"] == "document"
    )
    # the scorecard: one row per critique point, with a bar where there are findings
    assert page.locator(".scorecard tr").count() == 16
    assert page.locator(".scorecard svg.bar").count() >= 10
    assert page.locator("table.goals tbody tr").count() == 3
    # the filters: hiding a critique point hides its notes and takes the highlight off
    weak = page.locator('.note[data-point="weak-modal"]')
    n_weak = sum(1 for f in findings if f["critique"][0] == "weak-modal")
    assert n_weak >= 2 and weak.count() == n_weak and weak.first.is_visible()
    page.locator('.filters input[data-point="weak-modal"]').uncheck()
    assert not weak.first.is_visible()
    first_weak = weak.first.get_attribute("id")
    # the words only this finding is about (a mark shared with a visible finding stays on)
    classes = page.evaluate(
        "id => Array.from(document.querySelectorAll(`mark[data-f='${id}']`)).map(m => m.className)",
        first_weak,
    )
    assert classes and all("off" in c for c in classes if c)
    page.locator('.filters input[data-severity="info"]').uncheck()
    assert page.locator('.note[data-severity="info"]').first.is_hidden()
    # nothing but the page itself was loaded
    assert requests == [out.resolve().as_uri()]
    shot = os.environ.get("POLICYCHECK_SCREENSHOT")
    if shot:
        page.locator('.filters input[data-point="weak-modal"]').check()
        page.locator('.filters input[data-severity="info"]').check()
        page.set_viewport_size({"width": 1100, "height": 1000})
        # the text of the goals, highlighted, with the notes beside
        top = page.evaluate("() => document.querySelector('.row mark').getBoundingClientRect().top")
        page.evaluate(f"window.scrollBy(0, {top} - 140)")
        page.screenshot(path=str(ROOT / shot))
    page.close()


def test_hostile_draft_renders_as_text(browser, hostile, tmp_path, cli) -> None:
    out = tmp_path / "g.html"
    page_of([str(hostile), "--select", "PC101"], out, cli)
    page, _requests = open_page(browser, out)
    assert page.evaluate("window.pwned") is None  # neither the script nor the handler ran
    text = page.locator(".document").inner_text()
    assert "<script>window.pwned = 1</script>" in text
    assert '<img src=x onerror="window.pwned = 2">' in text
    assert page.evaluate(MARKED, ["d1-f1"]) == ["kan"]
    page.close()


def test_folder_overview(browser, tmp_path, cli) -> None:
    docs = tmp_path / "policyer"
    docs.mkdir()
    (docs / "a-bibliotek.md").write_text(
        "# Policy för bibliotek\n\nStaden kan erbjuda läxhjälp.\n\n"
        "Biblioteken finansieras inom kulturnämndens budget.\n",
        encoding="utf-8",
    )
    (docs / "b-idrott.md").write_text(
        "# Policy för idrott\n\nStaden ska bygga fler idrottshallar.\n", encoding="utf-8"
    )
    (docs / "c-trasig.docx").write_bytes(b"not a zip")
    out = tmp_path / "g.html"
    args = [str(docs), "--select", "PC101,PC401", "--format", "html", "-o", str(out)]
    code, _stdout, err = cli(args)
    assert code == 2  # one file could not be read: said on standard error and on the page
    assert err.startswith(f"policycheck: {docs}/c-trasig.docx: ")
    page, _requests = open_page(browser, out)
    rows = page.evaluate(
        """() => Array.from(document.querySelectorAll('table.overview tbody tr'))
        .map(tr => Array.from(tr.cells).map(td => td.textContent.trim()))"""
    )
    heads = page.evaluate(
        "() => Array.from(document.querySelectorAll('table.overview th.point'))"
        ".map(th => th.getAttribute('title'))"
    )
    weak, financing = heads.index("weak-modal"), heads.index("financing")
    assert [r[0] for r in rows] == [f"{docs}/a-bibliotek.md", f"{docs}/b-idrott.md",
                                    f"{docs}/c-trasig.docx"]  # fmt: skip
    assert (rows[0][1 + weak], rows[0][1 + financing]) == ("1", "✓")
    assert (rows[1][1 + weak], rows[1][1 + financing]) == ("✓", "1")
    assert rows[1][1 + heads.index("measurable-goals")] == "–"  # not checked: no rule selected
    assert "could not be read" in rows[2][1] or "kunde inte läsas" in rows[2][1]
    # each document's section is there, linked from its row
    assert page.locator("section.document").count() == 3
    page.locator("table.overview a", has_text="b-idrott.md").click()
    assert page.evaluate("location.hash") == "#doc-2"
    page.close()


def test_bar_tooltips_in_the_pages_language(tmp_path, cli) -> None:
    """The scorecard bars' tooltips count in the words of the page ("2 varningar"), as its
    filters do, not in the severity codes ("2 warning")."""
    draft = tmp_path / "plan.txt"
    draft.write_text(
        "Handlingsplan för kurser\n\nStaden kan erbjuda kurser. Förvaltningen kan se över "
        "lokalerna. Nämnden kan följa upp arbetet.\n",
        encoding="utf-8",
    )
    args = [str(draft), "--select", "PC101", "--no-cache"]
    page = page_of(args, tmp_path / "sv.html", cli)
    titles = re.findall(r"<title>([^<]*)</title></rect>", page)
    assert titles and all(
        re.fullmatch(r"1 (fel|varning|info)|\d+ (fel|varningar|info)", t) for t in titles
    ), titles
    assert re.search(r'data-severity="warning"> varning</label>', page)  # the filter's word
    english = tmp_path / "plan-en.txt"
    english.write_text(
        "Action plan for courses\n\nThe council should offer courses. The office should "
        "review the premises. The board could follow up the work.\n",
        encoding="utf-8",
    )
    args = [str(english), "--select", "weak-modal", "--lang", "en", "--no-cache"]
    page = page_of(args, tmp_path / "en.html", cli)
    titles = re.findall(r"<title>([^<]*)</title></rect>", page)
    assert titles and all(
        re.fullmatch(r"1 (error|warning|info)|\d+ (errors|warnings|info)", t) for t in titles
    ), titles

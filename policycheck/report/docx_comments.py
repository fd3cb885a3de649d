"""``--format docx``: the draft back as a Word file with a comment on each flagged passage.

A Word draft is copied as it is (its text, styles, tracked changes and comments stay) and gets
one comment per finding, anchored on the flagged words: the runs there are split at the
finding's offsets, which lead back to the XML through the reader's source map
(:func:`policycheck.read.docx.source_map`). Findings about the document as a whole, and those
in footnotes (where Word anchors no comment of ours), are comments on the title. Other inputs
(text, Markdown, PDF, HTML) become a new Word file of their text, headings and list items
with their styles, commented the same way.
"""

from __future__ import annotations

import bisect
import copy
import io
from pathlib import Path

from policycheck.document import BlockKind, Document
from policycheck.findings import FileResult, Finding
from policycheck.read.docx import text_pieces
from policycheck.report import Report, ReportError, RunInfo, output_name, review, wants_folder

AUTHOR = "policycheck"
INITIALS = "PC"
SUFFIX = "-granskad.docx"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(results: list[FileResult], run: RunInfo) -> Report:
    if run.output is None:
        raise ReportError(
            "--format docx writes Word files: give -o FILE.docx (-o FOLDER/ for one per document)"
        )
    readable = [r for r in results if not r.error]
    if wants_folder(run, len(readable)):
        taken: set[str] = set()
        return {output_name(r.path, SUFFIX, taken): reviewed(r, run) for r in readable}
    return reviewed(readable[0], run) if readable else {}


def reviewed(result: FileResult, run: RunInfo) -> bytes:
    """The document of ``result`` as a Word file with a comment on each finding."""
    document = run.documents[result.path]
    if result.format == "docx":
        word, paragraphs = _copy_of_draft(result.path)
        offsets = "original"  # the source map and the findings both count in document.original
    else:
        word, paragraphs = _new_document(document, result)
        offsets = "text"
    starts = [start for start, _end, _p in paragraphs]
    title = _title_paragraph(paragraphs, result.title)
    for finding in result.findings:
        note = review.comment(finding, result, run)
        span = _span(document, finding, offsets)
        i = bisect.bisect_right(starts, span[0]) - 1 if span else -1
        if span and i >= 0 and span[1] <= paragraphs[i][1] and paragraphs[i][2] is not None:
            start, _end, p = paragraphs[i]
            runs = _anchor(p, span[0] - start, span[1] - start)
        else:  # the document as a whole, or a footnote: a comment on the title
            if finding.scope != "document":
                note.insert(0, _quoted(finding, result))
            if title is None:
                continue
            runs = _anchor(title, 0, len(_text(title)))
        if runs is not None:
            word.add_comment(runs, "\n".join(note), author=AUTHOR, initials=INITIALS)
    if result.notices and title is not None:  # how the file was read or taken, on the title
        runs = _anchor(title, 0, len(_text(title)))
        if runs is not None:
            word.add_comment(runs, "\n".join(result.notices), author=AUTHOR, initials=INITIALS)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


def _title_paragraph(paragraphs: Paragraphs, title: str | None):
    """The paragraph of the title the check read (below any letterhead), else the first one:
    where the comments on the document as a whole go."""
    anchorable = [p for _s, _e, p in paragraphs if p is not None]
    if title:
        for p in anchorable:
            if _text(p).strip().startswith(title):
                return p
    return anchorable[0] if anchorable else None


def _quoted(finding: Finding, result: FileResult) -> str:
    lang = review.lang_of(result)
    return f"({review.labels(lang)['footnote']}) {review.quoted(finding.sentence, lang)}"


def _span(document: Document, finding: Finding, offsets: str) -> tuple[int, int] | None:
    if finding.scope == "document":
        return None
    if offsets == "original":
        loc = finding.location
        return (loc.start_offset, loc.end_offset) if loc.end_offset > loc.start_offset else None
    return review.text_span(document, finding)


Paragraphs = list[tuple[int, int, object]]
"""Each paragraph's span (in the offsets the findings are mapped to) and its w:p element
(None where no comment can be anchored: a footnote)."""


def _copy_of_draft(path: str):
    from policycheck.read.docx import source_map

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the draft again ({exc.strerror})") from None
    word, spans = source_map(data)
    return word, [(s.start, s.end, None if s.footnote else s.element) for s in spans]


_STYLES = {BlockKind.LIST_ITEM: "List Bullet"}


def _new_document(document: Document, result: FileResult):
    import docx

    word = docx.Document()
    paragraphs: Paragraphs = []
    for block in document.blocks:
        text = document.text[block.start : block.end]
        if block.kind is BlockKind.HEADING:
            p = word.add_heading(text, level=min(block.level or 1, 9))
        else:
            p = word.add_paragraph(text, style=_STYLES.get(block.kind))
        paragraphs.append((block.start, block.end, p._p))
    word.core_properties.title = review.document_title(result)
    return word, paragraphs


def _text(p) -> str:
    return "".join(text for _node, text in text_pieces(p))


def _anchor(p, start: int, end: int):
    """The python-docx runs that hold exactly ``[start, end)`` of the paragraph's text, split
    where the span begins or ends inside a run; None for an empty span."""
    from docx.text.run import Run

    if end <= start:
        return None
    _boundary(p, start)
    _boundary(p, end)
    first = last = None
    pos = 0
    for node, text in text_pieces(p):
        if text and start <= pos and pos + len(text) <= end:
            first = first if first is not None else node.getparent()
            last = node.getparent()
        pos += len(text)
    if first is None:
        return None
    return [Run(first, None), Run(last, None)]


def _boundary(p, at: int) -> None:
    """Make the paragraph's runs meet at text offset ``at``."""
    pos = 0
    for node, text in text_pieces(p):
        if text and pos <= at < pos + len(text):
            _split_run(node, at - pos)
            return
        pos += len(text)


def _split_run(node, k: int) -> None:
    """Split the run of ``node`` (a w:t, w:tab, ...) so that a new run starts at character
    ``k`` of the node; nothing when the run already starts there."""
    run = node.getparent()
    content = [c for c in run if c.tag != f"{_W}rPr"]
    i = content.index(node)
    if i == 0 and k == 0:
        return
    right = copy.deepcopy(run)
    right_content = [c for c in right if c.tag != f"{_W}rPr"]
    for c in content[i + 1 :]:
        run.remove(c)
    for c in right_content[:i]:
        right.remove(c)
    if k == 0:
        run.remove(node)
    else:
        text = node.text or ""
        node.text = text[:k]
        right_content[i].text = text[k:]
        for t in (node, right_content[i]):  # keep spaces at the cut
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.addnext(right)

"""``policycheck text FILE``: what policycheck read from a file, numbered as reports count
lines, with page and paragraph marks. For Word and PDF files, whose ``line:column`` refer
to the extracted text rather than to anything the user can open, this is that text."""

from __future__ import annotations

from policycheck import languages
from policycheck.document import BlockKind, Document


def mark(document: Document, index: int, lang: str) -> str:
    """The mark of block ``index``: its page and paragraph as reports cite them, and its kind
    ("sid. 2, tredje stycket", "sid. 1, rubrik")."""
    block = document.blocks[index]
    place = languages.cite(
        block.page, None if block.kind is BlockKind.HEADING else block.paragraph, lang
    )
    kind = languages.labels(lang, "extracted").get(block.kind, "")
    if block.kind is BlockKind.PARAGRAPH and place:
        kind = ""  # "sid. 1, tredje stycket" says it
    return ", ".join(x for x in (place, kind) if x)


def render(document: Document, lang: str = "en") -> str:
    """The document's original (decoded or extracted) text, one numbered line per line, each
    block's first line marked."""
    marks: dict[int, str] = {}
    for i, block in enumerate(document.blocks):
        if block.end > block.start:
            line = document.locate(block.start, block.start + 1).line
            marks.setdefault(line, mark(document, i, lang))
    width = max((len(m) for m in marks.values()), default=0) + 3  # "[", "]" and a space
    positions = languages.labels(lang, "extracted")["positions"]
    out = [f"{document.path}  ({document.format}, {document.encoding}; {positions})", ""]
    lines = document.original.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()  # blank lines at the end hold nothing a report can point at
    digits = len(str(len(lines)))
    for number, text in enumerate(lines, start=1):
        label = f"[{marks[number]}]" if marks.get(number) else ""
        out.append(f"{number:>{digits}}  {label:<{width}}{text.rstrip(chr(13))}".rstrip())
    return "\n".join(out)

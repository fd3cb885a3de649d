"""Word (.docx): paragraphs, headings, list items, table cells and footnotes, in order.

The archive is checked before python-docx opens it (a .docx is a zip of XML parts, and both
zips and XML can be made to explode): at most :data:`MAX_MEMBERS` parts, at most
:data:`MAX_UNCOMPRESSED` bytes when inflated, no large part that inflates more than
:data:`MAX_RATIO` times its compressed size, and no XML part with a DOCTYPE (entity
expansion, "billion laughs", needs one; Word never writes one), whatever the part is named
and however it is encoded (each part is parsed, as lxml would, without resolving anything).
Each part is inflated a chunk at a time and never beyond its declared size (``ZipFile.read``
would inflate a lying part whole), and python-docx gets an archive of exactly the parts
checked, stored uncompressed.

The text is read from the XML rather than python-docx's ``paragraph.text`` because that
skips tracked insertions and content controls: tracked insertions (``w:ins``) are read,
tracked deletions (``w:del``, ``w:moveFrom``) are not, and text boxes and drawings are
skipped. Headings come from the paragraph style ("Heading N", "Rubrik N", "Title", an outline
level, also through the style's base styles), from numbered headings ("3.2 Mål") and from
short all-bold paragraphs; list items from list styles or numbering.

The document's ``original`` is the extracted text, blocks separated by blank lines, so line and
column refer to that text. Blocks carry the paragraph number: paragraphs, list items and table
cells with text are counted from 1 in document order; headings and footnotes are not counted.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from policycheck.document import BlockKind, Document, DocumentBuilder
from policycheck.findings import shorten
from policycheck.read.decode import EmptyFile, UnreadableFile, size_text
from policycheck.read.layout import SECTION_NUMBER, heading_length

MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
"""A .docx that inflates to more than 100 MB is refused (drafts are well under 5 MB)."""
MAX_RATIO = 100
"""A part over :data:`_RATIO_FLOOR` that inflates more than 100 times is refused (XML text
compresses about 5-20 times; bombs thousands of times)."""
_RATIO_FLOOR = 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
_T, _TAB, _BR, _CR = (f"{_W}{n}" for n in ("t", "tab", "br", "cr"))
_NO_BREAK_HYPHEN, _SOFT_HYPHEN = f"{_W}noBreakHyphen", f"{_W}softHyphen"
# Subtrees that hold no text of the paragraph itself: properties, deleted text, text boxes
# and drawings (their own paragraphs), the fallback copy of alternate content.
_SKIP = frozenset(
    {
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}drawing",
        f"{_W}pict",
        f"{_W}object",
        f"{_W}txbxContent",
        f"{_MC}Fallback",
    }
)

_HEADING_STYLE = re.compile(r"(?:heading|rubrik|überschrift|titre)\s*(\d)", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"(?:title|rubrik|titel)", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list|lista|punkt|numrer", re.IGNORECASE)
# A table of contents repeats the headings with page numbers: not text of the draft
_TOC_STYLE = re.compile(r"toc\s*(?:\d|heading)|innehåll|table of contents", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Style:
    heading: int  # heading level, 0 if none
    listed: bool  # list style or numbering in the style
    toc: bool = False  # an entry of a table of contents


@dataclass
class _Para:
    kind: BlockKind
    text: str
    level: int = 0
    counted: bool = True
    element: object = None  # the w:p it was read from (w:footnote for a footnote)


def _check_archive(data: bytes) -> bytes:
    """Refuse what is not a safe .docx before anything inflates it, then inflate it with
    every part bounded: the archive python-docx is given, of exactly the parts checked here
    (stored, not compressed, so that it inflates nothing)."""
    if not data.strip(b"\x00 \t\r\n"):
        raise EmptyFile()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            "password-protected or old-format (.doc) Word file; save it as .docx without a password"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # BadZipFile, NotImplementedError (zip version), struct errors, ...
        if data.startswith(b"PK"):
            raise UnreadableFile("damaged .docx (truncated or corrupt zip archive)") from None
        raise UnreadableFile("not a .docx file (not a zip archive)") from None
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(f".docx has {len(infos)} parts (the limit is {MAX_MEMBERS})")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise UnreadableFile(
            f".docx inflates to {size_text(total)} (the limit is "
            f"{size_text(MAX_UNCOMPRESSED)}; a zip bomb?)"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise UnreadableFile(
                f".docx part {_name(info)} inflates {ratio:.0f} times (the limit is "
                f"{MAX_RATIO}; a zip bomb?)"
            )
    out = io.BytesIO()
    with archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as repacked:
        for info in infos:
            part = _inflate(archive, info)
            if _declares_dtd(part):
                raise UnreadableFile(
                    f".docx part {_name(info)} declares a DOCTYPE (refused: XML entity expansion)"
                )
            repacked.writestr(info.filename, part)
    return out.getvalue()


def _name(info: zipfile.ZipInfo) -> str:
    return shorten(info.filename, 80)


_CHUNK = 64 * 1024


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, inflated a chunk at a time and never beyond its declared size:
    ``ZipFile.read`` inflates a part whole (up to 2 GB) before it cuts it to that size."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                if size > info.file_size:  # zipfile stops at the declared size; in case not
                    raise UnreadableFile(f".docx part {_name(info)} is larger than declared")
                chunks.append(chunk)
    except UnreadableFile:
        raise
    except Exception:  # a bad CRC, an unknown compression, a truncated stream, ...
        raise UnreadableFile(f"damaged .docx (cannot inflate {_name(info)})") from None
    return b"".join(chunks)


def _declares_dtd(part: bytes) -> bool:
    """Whether an XML parser would find a document type declaration in ``part``, whatever
    its name and encoding: parsed as lxml parses it (python-docx uses lxml), but with no
    entity resolved and no DTD loaded. A part that is not XML declares none."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True
    )
    try:
        tree = etree.fromstring(part, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        if exc.position == (1, 1):
            return False  # not XML at all (an image): nothing in it is parsed
        # XML that python-docx cannot parse either, but an entity declared before the error
        # would be expanded on the way there
        return _declaration_in_text(part)
    except Exception:  # lxml refuses some inputs in other ways (encodings, ...)
        return _declaration_in_text(part)
    info = tree.docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def _declaration_in_text(part: bytes) -> bool:
    """``<!DOCTYPE`` or ``<!ENTITY`` in ``part`` read as UTF-8, UTF-16 or UTF-32 (with or
    without a byte order mark)."""
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        text = part.decode(encoding, errors="ignore")
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            return True
    return False


def _styles(document) -> dict[str, _Style]:
    """Style id -> what the style makes a paragraph, following base styles."""
    out: dict[str, _Style] = {}
    try:
        styles = list(document.styles)
    except Exception:  # a damaged styles part only costs us the headings
        return out
    for style in styles:
        heading, listed = 0, False
        seen = 0
        current = style
        while current is not None and seen < 10 and not heading:
            seen += 1
            name = current.name or ""
            ids = (name, current.style_id or "")
            for text in ids:
                if m := _HEADING_STYLE.fullmatch(text.strip()):
                    heading = max(1, int(m.group(1)))
                elif _TITLE_STYLE.fullmatch(text.strip()):
                    heading = 1
            lvl = current.element.xpath("./w:pPr/w:outlineLvl/@w:val")
            if not heading and lvl and lvl[0].isdigit() and int(lvl[0]) < 9:
                heading = int(lvl[0]) + 1
            listed = listed or bool(current.element.xpath("./w:pPr/w:numPr"))
            listed = listed or any(_LIST_STYLE.search(t) for t in ids)
            try:
                current = current.base_style
            except Exception:
                current = None
        if style.style_id:
            toc = any(_TOC_STYLE.search(t) for t in (style.name or "", style.style_id))
            out[style.style_id] = _Style(heading, listed, toc)
    return out


def text_pieces(element) -> Iterator[tuple[object, str]]:
    """The visible text of a paragraph (or a footnote) piece by piece, tracked deletions left
    out: each ``w:t``, ``w:tab``, ``w:br`` ... element (all inside a ``w:r``) with its text."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            yield child, child.text or ""
        elif tag == _TAB:
            yield child, "\t"
        elif tag in (_BR, _CR):
            yield child, "\n"
        elif tag == _NO_BREAK_HYPHEN:
            yield child, "-"
        elif tag == _SOFT_HYPHEN:
            yield child, "\u00ad"
        else:
            yield from text_pieces(child)


def _text(element) -> str:
    """The visible text of a paragraph (or a footnote), tracked deletions left out."""
    return "".join(text for _node, text in text_pieces(element))


def _all_bold(p) -> bool:
    """Every run with text is bold by direct formatting (a heading typed as bold text)."""
    runs = [r for r in p.iter(f"{_W}r") if any(t.text for t in r.iter(_T))]
    if not runs:
        return False
    for run in runs:
        b = run.find(f"{_W}rPr/{_W}b")
        if b is None or b.get(f"{_W}val", "true") in ("0", "false", "off"):
            return False
    return True


def _heading_shape(text: str) -> bool:
    text = text.strip()
    return heading_length(text) and (text[0].isupper() or text[0].isdigit())


def _paragraph(p, styles: dict[str, _Style], kind: BlockKind) -> _Para | None:
    text = _text(p)
    if not text.strip():
        return None
    style_id = p.xpath("string(./w:pPr/w:pStyle/@w:val)")
    style = styles.get(style_id, _Style(0, False))
    if style.toc:
        return None
    outline = p.xpath("string(./w:pPr/w:outlineLvl/@w:val)")
    level = style.heading or (int(outline) + 1 if outline.isdigit() and int(outline) < 9 else 0)
    stripped = text.strip()
    if not level and kind is BlockKind.PARAGRAPH and _heading_shape(stripped):
        if (m := SECTION_NUMBER.match(stripped)) and "." in m.group(1).rstrip("."):
            level = min(6, m.group(1).count(".") + 1)  # "3.2 Mål"
        elif m and not p.xpath("./w:pPr/w:numPr") and stripped[m.end() - 1].isupper():
            level = 1  # "3 Mål"
        elif _all_bold(p):
            level = 2
    if level and kind is BlockKind.PARAGRAPH:
        return _Para(BlockKind.HEADING, text, min(level, 6), counted=False, element=p)
    if kind is BlockKind.PARAGRAPH and (p.xpath("./w:pPr/w:numPr") or style.listed):
        kind = BlockKind.LIST_ITEM
    return _Para(kind, text, element=p)


def _gallery(sdt) -> str:
    """The building-block gallery of a content control ("Table of Contents", ...)."""
    # find() with full names: lxml gives w:sdt no python-docx class, so no "w:" xpath
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery.get(f"{_W}val", "") if gallery is not None else ""


def _blocks(container, styles: dict[str, _Style], kind: BlockKind) -> Iterator[_Para]:
    """Paragraphs of a body, cell or content control, in order, tables row by row."""
    for child in container:
        tag = child.tag
        if tag == _P:
            para = _paragraph(child, styles, kind)
            if para is not None:
                yield para
        elif tag == _TBL:
            for row in child.iter(_TR):
                if row.getparent() is not child:
                    continue  # rows of nested tables are read through their cell
                for cell in row.iter(_TC):
                    if cell.getparent() is row:  # a merged cell is one w:tc
                        yield from _blocks(cell, styles, BlockKind.TABLE_CELL)
        elif tag == _SDT and "Contents" in _gallery(child):
            continue  # Word's table of contents
        elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _blocks(child, styles, kind)


def _footnotes(document) -> list[_Para]:
    """Footnote texts (python-docx has no API for them; the part is read directly)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            root = etree.fromstring(rel.target_part.blob, parser)
            out = []
            for note in root.iter(f"{_W}footnote"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
                    continue
                text = " ".join(_text(p) for p in note.iter(_P)).strip()
                if text:
                    out.append(_Para(BlockKind.PARAGRAPH, text, counted=False, element=note))
            return out
    return []


def _open(data: bytes):
    """The python-docx document and its paragraphs in reading order, footnotes last (read from
    the checked archive: exactly the parts that were inflated and looked at)."""
    data = _check_archive(data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.find(f"{_W}body")
        if body is None:
            raise UnreadableFile("not a Word document (no document body)")
        styles = _styles(document)
        paras = list(_blocks(body, styles, BlockKind.PARAGRAPH))
        paras += _footnotes(document)
    except UnreadableFile:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged files
        if "content type" in str(exc) or isinstance(exc, KeyError):
            # another Office file (.xlsx, .pptx) renamed, or a zip without a document part
            raise UnreadableFile("a zip, but not a Word document") from None
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise UnreadableFile(f"damaged or not a Word document ({reason})") from None
    if not any(p.text.strip() for p in paras):
        raise EmptyFile("no text in the Word document")
    return document, paras


def read(data: bytes, path: str) -> Document:
    """Read a Word document (format ``"docx"``)."""
    return _build(_open(data)[1], path)


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    """A paragraph of the extracted text and where it came from."""

    start: int  # its span in the extracted text (``Document.original``)
    end: int
    element: object  # the w:p (in the body) or w:footnote it was read from
    footnote: bool
    heading: bool


def source_map(data: bytes):
    """The opened python-docx document and its paragraphs with their spans in the extracted
    text, which is the ``original`` of the :class:`Document` that :func:`read` makes of the
    same bytes, so a finding's offsets lead back to the XML it came from."""
    document, paras = _open(data)
    spans = []
    for start, p in zip(_starts(paras), paras, strict=True):
        footnote, heading = p.element.tag != _P, p.kind is BlockKind.HEADING
        spans.append(SourceParagraph(start, start + len(p.text), p.element, footnote, heading))
    return document, spans


def _starts(paras: list[_Para]) -> Iterator[int]:
    """Where each paragraph starts in the extracted text (paragraphs joined by blank lines)."""
    pos = 0
    for para in paras:
        yield pos
        pos += len(para.text) + 2


def _build(paras: list[_Para], path: str) -> Document:
    original = "\n\n".join(p.text for p in paras) + "\n"
    builder = DocumentBuilder(original)
    number = 0
    for pos, para in zip(_starts(paras), paras, strict=True):
        paragraph = None
        if para.counted:
            number += 1
            paragraph = number
        builder.add_block(
            para.kind, [(pos, pos + len(para.text))], level=para.level, paragraph=paragraph
        )
    return builder.build(path, format="docx")

"""Bad input gets a clear one-line error, and nothing else is lost.

Every broken file is made here, next to a good draft; each must give an error naming the file
and the problem, exit code 2, no traceback, and the good draft must still be checked.
"""

from __future__ import annotations

import errno
import io
import json
import os
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fpdf import FPDF

from policycheck.read import ReadError, UnreadableFile, docx, iter_documents, read_path

from .test_read_docx_pdf import DRAFT_PAGES, make_docx, make_pdf

GOOD = "Staden kan erbjuda språkkurser.\n"


def _zip_with(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The zip ``data`` (or an empty one) with some members replaced or added."""
    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(data)) if data else None
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist() if src else []:
            if info.filename not in replace:
                dst.writestr(info, src.read(info))
        for name, content in replace.items():
            dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _future_zip_version(data: bytes) -> bytes:
    """The zip with its first member marked as needing zip version 20.0 to extract."""
    at = data.index(b"PK\x01\x02") + 6  # central directory: version needed to extract
    return data[:at] + bytes([200, 0]) + data[at + 2 :]


BOMB_MEMBER = "word/document.xml"


def docx_bomb() -> bytes:
    """A document part of 30 MB of spaces: about 30 kB in the zip, a ratio near 1000."""
    body = b'<?xml version="1.0"?><w:document xmlns:w="x">' + b" " * (30 * 1024 * 1024)
    return _zip_with(make_docx(), {BOMB_MEMBER: body + b"</w:document>"})


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def _laughs_in(encoding: str) -> bytes:
    """The billion laughs without an XML declaration, in ``encoding`` (no byte order mark):
    lxml detects UTF-16 and UTF-32 from the first characters."""
    return LAUGHS.decode().split("?>", 1)[1].lstrip().encode(encoding)


def lying_docx(inflated: int = 30 * 1024 * 1024) -> bytes:
    """A .docx whose document part declares a small size but inflates to ``inflated`` bytes
    (``ZipFile.read`` inflates it whole before cutting it to the declared size)."""
    data = make_docx()
    real = zipfile.ZipFile(io.BytesIO(data)).read(BOMB_MEMBER)
    body = real.replace(b"</w:document>", b"<!--" + b" " * inflated + b"--></w:document>")
    data = _zip_with(data, {BOMB_MEMBER: body})
    # the central directory's uncompressed size (offset 24 of the entry) -> the real part's
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(BOMB_MEMBER)] != BOMB_MEMBER.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    return data[: entry + 24] + len(real).to_bytes(4, "little") + data[entry + 28 :]


def encrypted_pdf(user_password: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 30, "Staden kan erbjuda språkkurser.")
    pdf.set_encryption(owner_password="ägare", user_password=user_password)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """Pages with only pictures on them, as a scanner makes."""
    from PIL import Image

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(Image.new("L", (200, 280), 230), x=10, y=10, w=190)
    return bytes(pdf.output())


# name -> (make the file in a folder, a piece of the expected error); None: read fine
Maker = Callable[[Path], Path]


def _bytes(name: str, data: bytes | Callable[[], bytes]) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return make


def _fifo(folder: Path) -> Path:
    path = folder / "ror.txt"
    os.mkfifo(path)
    return path


def _dir(folder: Path) -> Path:
    path = folder / "mapp.txt"
    path.mkdir()
    return path


def _sparse(folder: Path) -> Path:
    path = folder / "stor.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MB without writing them
    return path


def _loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


def _missing(folder: Path) -> Path:
    return folder / "finns-inte.docx"


def _link_into_git(folder: Path) -> Path:
    """A link to a checkout's credentials, as a pull request could add it."""
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text(SECRET_CONFIG, encoding="utf-8")
    (folder / "anteckningar.txt").symlink_to(Path(".git") / "config")
    return folder / "anteckningar.txt"


def _link_outside(folder: Path) -> Path:
    """A link to a file outside the working folder (the tests run in ``folder``)."""
    outside = folder.parent / f"{folder.name}-utanfor.txt"
    outside.write_text(SECRET_CONFIG, encoding="utf-8")
    (folder / "lank.txt").symlink_to(outside)
    return folder / "lank.txt"


SECRET = "c2VjcmV0LXRva2Vu"
SECRET_CONFIG = f"""[http "https://github.com/"]
\textraheader = AUTHORIZATION: basic {SECRET}
Staden kan erbjuda språkkurser.
"""


CASES: dict[str, tuple[Maker, str | None]] = {
    "binary-txt": (_bytes("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20), "binary"),
    "docx-not-zip": (_bytes("text.docx", GOOD.encode()), "not a .docx file (not a zip"),
    "docx-truncated": (_bytes("halv.docx", lambda: make_docx()[:3000]), "damaged .docx"),
    "docx-old-or-encrypted": (
        _bytes("gammal.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        "password-protected or old-format",
    ),
    "docx-zip-version": (
        _bytes("framtid.docx", lambda: _future_zip_version(make_docx())),
        "damaged .docx",
    ),
    "docx-zip-bomb": (_bytes("bomb.docx", docx_bomb), "zip bomb"),
    "docx-billion-laughs": (
        _bytes("skratt.docx", lambda: _zip_with(make_docx(), {"word/document.xml": LAUGHS})),
        "DOCTYPE",
    ),
    "docx-entity-elsewhere": (
        _bytes("skratt2.docx", lambda: _zip_with(make_docx(), {"docProps/core.xml": LAUGHS})),
        "docProps/core.xml declares a DOCTYPE",
    ),
    "docx-zip-without-word": (
        _bytes("annan.docx", lambda: _zip_with(make_docx(), {"word/document.xml": b"<a/>"})),
        "not a Word document",
    ),
    "docx-plain-zip": (
        _bytes("arkiv.docx", lambda: _zip_with(b"", {"a.txt": b"hej"})),
        "a zip, but",
    ),
    "pdf-encrypted": (_bytes("hemlig.pdf", lambda: encrypted_pdf("hemligt")), "encrypted PDF"),
    "pdf-scanned": (_bytes("skannad.pdf", scanned_pdf), "run OCR first"),
    "pdf-corrupt": (_bytes("trasig.pdf", b"%PDF-1.7\n1 0 obj <<\n/Type /Catalog" * 3), "PDF"),
    "pdf-not-pdf": (_bytes("inte.pdf", b"GIF89a" + b"\x01" * 100), "not a PDF file"),
    "too-large": (_sparse, "file too large (50 MB; the limit is 20 MB)"),
    "fifo": (_fifo, "not a regular file"),
    "symlink-loop": (_loop, "symbolic link"),
    "missing": (_missing, "no such file or directory"),
    "link-into-git": (_link_into_git, "inside a .git folder (not read)"),
    "link-outside": (_link_outside, "symbolic link to a file outside the working folder"),
    "docx-doctype-odd-part-name": (
        _bytes("udda.docx", lambda: _zip_with(make_docx(), {"customXml/item9.bin": LAUGHS})),
        "customXml/item9.bin declares a DOCTYPE",
    ),
    "docx-doctype-utf16": (
        _bytes(
            "utf16.docx", lambda: _zip_with(make_docx(), {BOMB_MEMBER: _laughs_in("utf-16-le")})
        ),
        "declares a DOCTYPE",
    ),
    "docx-doctype-utf32": (
        _bytes(
            "utf32.docx", lambda: _zip_with(make_docx(), {BOMB_MEMBER: _laughs_in("utf-32-be")})
        ),
        "declares a DOCTYPE",
    ),
    "docx-lying-size": (
        _bytes("ljuger.docx", lambda: lying_docx(2 * 1024 * 1024)),
        f"damaged .docx (cannot inflate {BOMB_MEMBER})",
    ),
    "html-unclosed-tags": (
        _bytes("oavslutad.html", ("<p>Staden kan erbjuda språkkurser." + "<p>" * 5000).encode()),
        None,
    ),
    # read fine
    "cp1252": (_bytes("ansi.txt", GOOD.encode("cp1252")), None),
    "utf16-bom": (_bytes("utf16.txt", GOOD.encode("utf-16")), None),
    "pdf-owner-password-only": (_bytes("skyddad.pdf", lambda: encrypted_pdf("")), None),
}


@pytest.fixture
def fifo_writer() -> Iterator[list[Path]]:
    """Feeds any FIFO in the list if somebody opens it for reading, so that a regression
    fails the test instead of hanging it."""
    fifos: list[Path] = []
    stop = threading.Event()

    def feed() -> None:
        while not stop.is_set():
            for fifo in fifos:
                try:
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError as exc:
                    if exc.errno not in (errno.ENXIO, errno.ENOENT):
                        raise
                    continue
                os.write(fd, GOOD.encode())
                os.close(fd)
            time.sleep(0.01)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    yield fifos
    stop.set()
    thread.join(timeout=2)


def make_corpus(folder: Path, fifos: list[Path]) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    paths = {name: maker(folder) for name, (maker, _expected) in CASES.items()}
    fifos.append(paths["fifo"])
    return paths


@pytest.mark.parametrize("name", list(CASES))
def test_reader_error(name: str, tmp_path: Path, fifo_writer: list[Path], monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the working folder, as a checkout is in CI
    maker, expected = CASES[name]
    path = maker(tmp_path)
    if name == "fifo":
        fifo_writer.append(path)
    (result,) = list(iter_documents([str(path)]))
    if expected is None:
        assert not isinstance(result, ReadError), result
        assert "Staden kan erbjuda språkkurser." in result.text
    else:
        assert isinstance(result, ReadError), result
        assert result.path == str(path)
        assert expected in result.message
        assert "\n" not in result.message and len(result.message) < 200


def test_all_broken_inputs_in_one_run(tmp_path, monkeypatch, fifo_writer, cli) -> None:
    paths = make_corpus(tmp_path / "korpus", fifo_writer)
    monkeypatch.chdir(tmp_path / "korpus")  # the working folder, as a checkout is in CI
    good = tmp_path / "utkast.txt"
    good.write_text(GOOD, encoding="utf-8")
    args = [*(str(p) for p in paths.values()), str(good), "--select", "PC101"]

    code, out, err = cli(args)
    assert code == 2
    assert "Traceback" not in out + err
    assert SECRET not in out + err  # the links to credentials were not followed
    for name, path in paths.items():
        expected = CASES[name][1]
        if expected is not None:
            (line,) = [ln for ln in out.splitlines() if ln.startswith(f"{path}: ")]
            assert expected in line, line
    assert f"{good}:1:8 PC101" in out

    code, report = cli.json(args)
    assert code == 2
    assert SECRET not in json.dumps(report)
    by_path = {f["path"]: f for f in report["files"]}
    for name, path in paths.items():
        file = by_path[str(path)]
        if CASES[name][1] is None:
            assert file["error"] is None and [f["code"] for f in file["findings"]] == ["PC101"]
        else:
            assert CASES[name][1] in file["error"]
    assert [f["code"] for f in by_path[str(good)]["findings"]] == ["PC101"]


def test_folder_with_loops_and_broken_files(tmp_path, cli) -> None:
    folder = tmp_path / "remiss"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "upp").symlink_to(folder, target_is_directory=True)  # a loop
    _loop(folder)
    (folder / "utkast.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "trasig.docx").write_bytes(b"PK\x03\x04 inte en docx")
    (folder / "sub" / "utkast.pdf").write_bytes(make_pdf(DRAFT_PAGES))
    code, report = cli.json([str(folder), "--select", "PC101"])
    assert code == 2
    got = {f["path"]: (f["error"], len(f["findings"])) for f in report["files"]}
    assert got == {
        f"{folder}/sub/trasig.docx": ("damaged .docx (truncated or corrupt zip archive)", 0),
        f"{folder}/sub/utkast.pdf": (None, 1),
        f"{folder}/utkast.txt": (None, 1),
    }


def test_zip_bomb_refused_before_inflating(tmp_path: Path, monkeypatch) -> None:
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_bomb())
    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(UnreadableFile, match=r"inflates .* times"):
        read_path(path)
    assert BOMB_MEMBER not in opened


def test_docx_size_limit(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "utkast.docx"
    path.write_bytes(make_docx())
    monkeypatch.setattr(docx, "MAX_UNCOMPRESSED", 10_000)
    with pytest.raises(UnreadableFile, match=r"inflates to .* kB \(the limit is 9.8 kB"):
        read_path(path)
    monkeypatch.setattr(docx, "MAX_UNCOMPRESSED", 100 * 1024 * 1024)
    monkeypatch.setattr(docx, "MAX_MEMBERS", 3)
    with pytest.raises(UnreadableFile, match="parts"):
        read_path(path)


def test_size_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = _sparse(tmp_path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    with pytest.raises(UnreadableFile, match="too large"):
        read_path(path)


def test_max_size_option(tmp_path, cli) -> None:
    draft = tmp_path / "utkast.txt"
    draft.write_text(GOOD * 100, encoding="utf-8")  # 3.2 kB
    code, out, _ = cli([str(draft), "--max-size", "2kB", "-q"])
    assert code == 2 and f"{draft}: error: file too large (3.2 kB; the limit is 2 kB)" in out
    code, _out, _ = cli([str(draft), "--max-size", "1MB", "-q"])
    assert code == 1
    code, _out, _ = cli([str(draft), "--max-size", "none", "-q"])
    assert code == 1
    code, _out, err = cli([str(draft), "--max-size", "lagom"])
    assert code == 2 and "--max-size" in err and "Traceback" not in err


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    # named on the command line it is a folder to walk; read as a file it is refused
    with pytest.raises(UnreadableFile, match=r"^is a directory$"):
        read_path(_dir(tmp_path))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "last.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    try:
        (result,) = list(iter_documents([str(path)]))
    finally:
        path.chmod(0o644)
    assert isinstance(result, ReadError) and result.message == "permission denied"


def test_pdf_aes_without_cryptography(tmp_path: Path, monkeypatch) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    def no_aes(self, password):
        raise DependencyError("cryptography is required for AES")

    monkeypatch.setattr(PdfReader, "decrypt", no_aes)
    path = _bytes("aes.pdf", lambda: encrypted_pdf(""))(tmp_path)
    with pytest.raises(UnreadableFile, match="install the 'cryptography' package"):
        read_path(path)


def test_pdf_aes_pages_without_cryptography(tmp_path: Path, monkeypatch) -> None:
    # the password check may pass and the pages still need AES: the same documented message
    from pypdf import PageObject
    from pypdf.errors import DependencyError

    from policycheck.read.pdf import NEEDS_CRYPTOGRAPHY

    def aes_page(self, *args, **kwargs):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PageObject, "extract_text", aes_page)
    path = _bytes("aes-sidor.pdf", lambda: encrypted_pdf(""))(tmp_path)
    with pytest.raises(UnreadableFile) as exc:
        read_path(path)
    assert str(exc.value) == NEEDS_CRYPTOGRAPHY
    assert "install the 'cryptography' package" in NEEDS_CRYPTOGRAPHY

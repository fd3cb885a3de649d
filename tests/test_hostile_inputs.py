"""Hostile input in CI (issue 11): files, rule files and configuration from a pull request.

Each test makes a small input that once leaked a secret, hung the run, blew up the report,
poisoned the cache or crashed with a traceback, and checks what docs/security.md promises:
a one-line error naming the file, exit 2, the other files still checked, nothing lost. Tests
of time run the work in a subprocess with a timeout many times what it takes now (and far
below what it took before), so that they cannot be flaky.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest

from policycheck import cache, execute
from policycheck import run as run_module
from policycheck.findings import MAX_QUOTE
from policycheck.nlp import MAX_PUNCT_RUN, MAX_SENTENCE_TOKENS, blank_pipeline, tokenise

from .conftest import DRAFT, ROOT

GOOD = "Staden kan erbjuda språkkurser.\n"
SECRET = "c2VjcmV0LXRva2Vu"
GIT_CONFIG = f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n'


def one_line_error(out: str, path: str) -> str:
    """The line of the report that names ``path`` with an error."""
    (line,) = [ln for ln in out.splitlines() if ln.startswith(f"{path}: ")]
    return line


CLI = "from policycheck.cli import main; main()"


def in_subprocess(
    script: str,
    timeout: float,
    *,
    args: tuple[str, ...] = (),
    cwd: Path = ROOT,
    memory_gb: int | None = None,
    expect: int | None = 0,
) -> subprocess.CompletedProcess:
    """Run ``script`` (with ``args``) in a fresh interpreter, with at most ``memory_gb`` of
    address space; fail the test if it takes over ``timeout`` or exits other than ``expect``."""
    script = textwrap.dedent(script)
    if memory_gb:
        limit = (memory_gb << 30,) * 2
        script = f"import resource\nresource.setrlimit(resource.RLIMIT_AS, {limit})\n{script}"
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"took more than {timeout} s: superlinear again?")
    if expect is not None:
        assert done.returncode == expect, done.stdout[-2000:] + done.stderr[-2000:]
    return done


# -- 1. symbolic links and .git ---------------------------------------------------------


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch) -> Path:
    """A checkout as actions/checkout leaves it, with links a pull request could add."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text(GIT_CONFIG, encoding="utf-8")
    docs = repo / "docs"
    docs.mkdir()
    (docs / "utkast.txt").write_text(GOOD, encoding="utf-8")
    (docs / "notes.txt").symlink_to(Path("..") / ".git" / "config")
    (docs / "git").symlink_to(Path("..") / ".git", target_is_directory=True)
    outside = tmp_path / "hemlig.md"
    outside.write_text(f"Nyckeln är {SECRET}.\n", encoding="utf-8")
    (docs / "ute.md").symlink_to(outside)
    (docs / "samma.txt").symlink_to("utkast.txt")  # a link inside the folder
    (docs / "ut").symlink_to(tmp_path, target_is_directory=True)  # a folder outside
    monkeypatch.chdir(repo)
    return repo


def test_folder_walk_does_not_follow_links(checkout: Path, cli) -> None:
    code, out, err = cli(["docs", "--format", "json", "--no-cache"])
    assert code == 1 and SECRET not in out + err
    report = json.loads(out)
    assert [f["path"] for f in report["files"]] == ["docs/utkast.txt"]
    # --verbose says which links were left out
    code, out, err = cli(["docs", "--verbose", "--no-cache"])
    assert code == 1 and SECRET not in out + err
    for link in ("docs/git", "docs/notes.txt", "docs/samma.txt", "docs/ut", "docs/ute.md"):
        assert f"policycheck: {link}: skipped: symbolic link (not followed)" in err
    code, _out, err = cli(["docs", "--no-cache"])
    assert "skipped" not in err


def test_named_links_and_git_files_are_refused(checkout: Path, cli) -> None:
    named = ["docs/notes.txt", ".git/config", "docs/git", "docs/ute.md", "docs/ut/hemlig.md"]
    named += ["docs/samma.txt"]
    code, out, err = cli([*named, "docs/utkast.txt", "--no-cache"])
    assert code == 2 and SECRET not in out + err and "Traceback" not in err
    assert one_line_error(out, "docs/notes.txt").endswith("inside a .git folder (not read)")
    assert one_line_error(out, ".git/config").endswith("inside a .git folder (not read)")
    assert one_line_error(out, "docs/git").endswith("inside a .git folder (not read)")
    for path in ("docs/ute.md", "docs/ut/hemlig.md"):  # a link, or a linked folder
        assert one_line_error(out, path).endswith(
            "symbolic link to a file outside the working folder (not followed)"
        )
    # a link to a file in the working folder is read, and the other files are checked
    assert "docs/samma.txt:1:8 PC101" in out and "docs/utkast.txt:1:8 PC101" in out


# -- 2. regular expressions, tokenizer, sentences, HTML ------------------------------------

RULE = """\
code: PC901
alias: mitt
language: sv
critique: [weak-modal]
severity: warning
level: sentence
title: {sv: Mitt, en: Mine}
message: {sv: "”{match}”", en: "”{match}”"}
rationale: {sv: R, en: R}
suggestion: {sv: S, en: S}
"""


LEXICON = "check:\n  type: lexicon\n  match: {terms: [kan]}\n"


def user_rules(folder: Path, check: str, name: str = "mitt.yaml") -> Path:
    """A project in ``folder`` whose configuration adds one rule with ``check``."""
    (folder / "regler").mkdir(parents=True, exist_ok=True)
    (folder / "regler" / name).write_text(RULE + check, encoding="utf-8")
    (folder / "policycheck.toml").write_text('rules = ["regler"]\n', encoding="utf-8")
    return folder


SLOW = "Staden kan tänka sig " + "a" * 40 + "b.\n"  # (a|aa)+$ backtracks 2**40 ways here


@pytest.mark.parametrize(
    "check",
    [
        "check:\n  type: lexicon\n  match:\n    regex: ['(a|aa)+$']\n",
        # a REGEX in a spaCy token pattern, which spaCy would run with re
        "check:\n  type: pattern\n  patterns: [[{LOWER: {REGEX: '(a|aa)+$'}}]]\n",
    ],
    ids=["lexicon-regex", "token-pattern-regex"],
)
def test_slow_rule_regex_is_an_error_naming_the_rule(check: str, tmp_path: Path) -> None:
    user_rules(tmp_path, check)
    (tmp_path / "slow.txt").write_text(SLOW, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    # the bound made short for the test
    short_bound = "from policycheck import regexes as r\nr.SECONDS, r.SECONDS_PER_MB = 0.2, 0\n"
    done = in_subprocess(
        short_bound + CLI, 120, args=("slow.txt", "good.txt", "--no-cache"), cwd=tmp_path, expect=2
    )
    assert "Traceback" not in done.stderr
    line = one_line_error(done.stdout, "slow.txt")
    assert "regler/mitt.yaml: rule PC901 (mitt): regular expression '(a|aa)+$'" in line
    assert "took more than 0.2 s" in line and "the file was not checked" in line
    assert "good.txt:1:8 PC101" in done.stdout


def test_bundled_regexes_are_linear_on_digits_and_spaces() -> None:
    # 50 kB of "1 " took minutes (situation-analysis and financing were quadratic there)
    done = in_subprocess(
        """
        from policycheck.document import document_from_text
        from policycheck.engine import Checker
        from policycheck.options import Options
        from policycheck.packs import pack
        checker = Checker(Options(language="sv", model="blank", select=("PC310", "PC401")))
        for text in ("1 " * 25_000, "1 200 " * 8_000, "Staden 1 1 x " * 4_000):
            result = checker.check(document_from_text(text + "."))
            assert result.error is None, result.error
        print("ok")
        """,
        timeout=120,
    )
    assert done.stdout.strip() == "ok"


def test_punctuation_runs_are_tokenised_in_linear_time() -> None:
    # spaCy's tokenizer took 55 s on 20,000 "&"; the runs are broken before it sees them
    done = in_subprocess(
        """
        from policycheck.nlp import blank_pipeline, tokenise
        nlp = blank_pipeline("sv").nlp
        for text in ("&" * 60_000, "x " + "`" * 60_000, "((" * 30_000 + " x", "a&" * 60_000):
            assert tokenise(nlp, text).text == text
        print("ok")
        """,
        timeout=60,
    )
    assert done.stdout.strip() == "ok"


def test_many_quoted_terms_are_looked_up_in_bounded_time() -> None:
    # each quoted word was looked up for a definition over the whole text (4,000: 2 minutes)
    done = in_subprocess(
        """
        from policycheck.checks.conditional import MAX_TERMS
        from policycheck.document import document_from_text
        from policycheck.engine import Checker
        from policycheck.options import Options
        from policycheck.packs import pack
        checker = Checker(Options(language="sv", model="blank", select=("PC210",)))
        import hashlib
        letters = str.maketrans("0123456789", "ghijklmnop")
        words = [hashlib.md5(bytes(i)).hexdigest()[:9].translate(letters) for i in range(4000)]
        text = " ".join(f"Staden ska ”{w}” ordna. Med x avses y." for w in words)
        result = checker.check(document_from_text(text))
        assert 400 < len(result.findings) <= MAX_TERMS, len(result.findings)
        assert "PC210: only the first 500 different terms were looked up" in result.notices[-1]
        print("ok")
        """,
        timeout=60,
    )
    assert done.stdout.strip() == "ok"


def test_suppression_comments_are_read_in_linear_time() -> None:
    # a line of unclosed "<!-- policycheck: disable=" took cubic time to read as directives
    # (2,000 of them: over ten minutes), and 20,000 "<!-- policycheck:" in plain text 90 s
    done = in_subprocess(
        """
        from policycheck import suppress
        from policycheck.read import read_bytes
        line = "Staden kan. " + "<!-- policycheck: disable=weak-modal -- x " * 20_000
        assert suppress.parse(line, markdown=True) == []
        assert read_bytes(line.encode(), "x.txt", ".txt").text.startswith("Staden kan.")
        valid = "<!-- policycheck: disable-next-line=weak-modal -->\\n" * 20_000 + "Staden kan.\\n"
        directives = suppress.parse(valid, markdown=True)
        assert len(directives) == 20_000 and {d.target for d in directives} == {20_001}
        print("ok")
        """,
        timeout=60,
    )
    assert done.stdout.strip() == "ok"


def test_tokenise_keeps_the_text_and_bounds_runs() -> None:
    nlp = blank_pipeline("sv").nlp
    plain = "Staden kan (enligt beslut) erbjuda språkkurser… – se www.example.se/a?b=c."
    assert [t.text for t in tokenise(nlp, plain)] == [t.text for t in nlp.make_doc(plain)]
    text = "Före " + "&" * 50 + " efter " + "x" * 450 + "!!" + "=" * 20 + "\n\nslut"
    doc = tokenise(nlp, text)
    assert doc.text == text
    assert max(len(t.text) for t in doc if not t.is_alpha) <= MAX_PUNCT_RUN
    assert [t.text for t in doc][:2] == ["Före", "&" * MAX_PUNCT_RUN]
    assert "efter" in [t.text for t in doc] and doc[-1].text == "slut"


def test_html_reading_is_linear_on_unclosed_tags() -> None:
    # unclosed <p> made _flush walk the whole stack (980 kB: 17 s); a "<" that no ">"
    # follows made html.parser look to the end of the page each time (400 kB: 3 minutes)
    done = in_subprocess(
        """
        from policycheck.read import read_bytes
        for data in (b"<p>x " * 60_000, b"<p>x " + b"<a" * 200_000, b"<p>x " + b"</" * 100_000,
                     b"<p>x " + b"<!--" * 50_000, b"<ul>" + b"<li>x" * 50_000):
            assert read_bytes(data, "x.html", ".html").text.startswith("x")
        print("ok")
        """,
        timeout=60,
    )
    assert done.stdout.strip() == "ok"


def test_html_reading_keeps_its_structure() -> None:
    from policycheck.document import BlockKind
    from policycheck.read import read_bytes

    doc = read_bytes(
        b"<h2>Rubrik<p>inne</h2><p>Stycke<ul><li>Punkt<p>inne</ul>"
        b"<table><td>Cell</table><p>a < b <x",
        "x.html",
        ".html",
    )
    kinds = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    assert kinds == [  # an unclosed element's kind holds for what is inside it
        (BlockKind.HEADING, "Rubrik"),
        (BlockKind.HEADING, "inne"),
        (BlockKind.PARAGRAPH, "Stycke"),
        (BlockKind.LIST_ITEM, "Punkt"),
        (BlockKind.LIST_ITEM, "inne"),
        (BlockKind.TABLE_CELL, "Cell"),
        (BlockKind.PARAGRAPH, "a < b <x"),
    ]


def test_overlong_sentences_are_cut_and_quotes_capped(tmp_path: Path) -> None:
    # 1 MB with no full stop gave a 771 MB JSON report: every finding repeated its "sentence"
    text = "Staden kan erbjuda kurser och " * 4_000 + "x" * 300_000 + " kan\n"
    (tmp_path / "lang.txt").write_text(text, encoding="utf-8")
    args = ("lang.txt", "--model", "blank", "--no-cache", "-f", "json", "--select", "PC101,PC290")
    done = in_subprocess(CLI, 120, args=args, cwd=tmp_path, memory_gb=3, expect=1)
    findings = json.loads(done.stdout)["files"][0]["findings"]
    weak = [f for f in findings if f["code"] == "PC101"]
    assert len(weak) > 3_900
    assert max(len(f["sentence"]) for f in findings) <= MAX_QUOTE
    assert all(f["match"] in f["sentence"] for f in weak)  # the match is in what is quoted
    # a finding quotes its sentence and match, each at most MAX_QUOTE characters
    assert max(len(json.dumps(f, ensure_ascii=False)) for f in findings) < 3 * MAX_QUOTE
    # the sentence is analysed in pieces of MAX_SENTENCE_TOKENS tokens, but its length is
    # reported once, whole (every word of the text but the 300,000 x's, which are one)
    (longest,) = [f for f in findings if f["code"] == "PC290"]
    assert int(longest["message"].split()[2]) == 4_000 * 5 + 2 > MAX_SENTENCE_TOKENS


# -- 3. the cache ---------------------------------------------------------------------


@pytest.fixture
def cached(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("POLICYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "utkast.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_cache_keys_on_the_bytes_analysed(cached: Path, monkeypatch, cli) -> None:
    draft = cached / "utkast.txt"
    real_iter = run_module.iter_documents

    def swap_after_reading(*args, **kwargs):
        # another process replaces the file after it was read, before its key is made
        for item in real_iter(*args, **kwargs):
            draft.write_text("Staden ska erbjuda språkkurser.\n", encoding="utf-8")
            yield item

    monkeypatch.setattr(run_module, "iter_documents", swap_after_reading)
    code, out, _ = cli(["utkast.txt", "-q"])
    assert code == 1 and "PC101" in out  # the findings of what was read
    monkeypatch.setattr(run_module, "iter_documents", real_iter)
    cached_run = cli(["utkast.txt", "-q"])
    fresh = cli(["utkast.txt", "-q", "--no-cache"])
    assert cached_run == fresh and "PC101" not in fresh[1]


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "cache").rglob("*.json"))


@pytest.mark.parametrize("damage", ["severity", "edited", "garbage", "empty", "deep"])
def test_damaged_or_edited_cache_entries_are_misses(damage: str, cached: Path, cli) -> None:
    first = cli(["utkast.txt", "--format", "json"])
    (entry,) = _entries(cached)
    checksum, payload = entry.read_text().split("\n", 1)
    if damage == "severity":  # with a valid checksum: the schema refuses it
        payload = payload.replace('"severity": "warning"', '"severity": "fatal"')
        entry.write_text(f"{cache.hashlib.sha256(payload.encode()).hexdigest()}\n{payload}")
    elif damage == "edited":  # the checksum no longer holds
        entry.write_text(checksum + "\n" + payload.replace("språkkurser", "ingenting"))
    elif damage == "garbage":
        entry.write_bytes(b"\xff\x00 not json")
    elif damage == "empty":
        entry.write_text("")
    else:
        payload = "[" * 100_000 + "]" * 100_000
        entry.write_text(f"{cache.hashlib.sha256(payload.encode()).hexdigest()}\n{payload}")
    again = cli(["utkast.txt", "--format", "json"])
    assert again == first


def test_failed_cache_write_leaves_no_temp_file(cached: Path, monkeypatch, cli) -> None:
    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code, out, err = cli(["utkast.txt", "-q"])
    assert code == 1 and "PC101" in out and "Traceback" not in err
    leftovers = [p for p in (cached / "cache").rglob("*") if p.is_file()]
    assert all(p.name in (".gitignore", "CACHEDIR.TAG") for p in leftovers), leftovers


# -- 4. Word files --------------------------------------------------------------------


def test_lying_docx_part_is_read_in_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    from policycheck.read import UnreadableFile, read_path

    from .test_broken_inputs import lying_docx
    from .test_read_docx_pdf import make_docx

    path = tmp_path / "ljuger.docx"
    path.write_bytes(lying_docx(60 * 1024 * 1024))  # 60 MB declared as a few kB
    good = tmp_path / "utkast.docx"
    good.write_bytes(make_docx())
    read_path(good)  # the modules it imports do not count
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile, match=r"damaged \.docx"):
            read_path(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024  # zipfile's read() inflated all 60 MB


# -- 5 and 6. rule files and configuration -----------------------------------------------

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
code: *h
"""


def test_rule_file_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    user_rules(tmp_path, "", name="bomb.yaml")
    (tmp_path / "regler" / "bomb.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    (tmp_path / "utkast.txt").write_text(GOOD, encoding="utf-8")
    done = in_subprocess(CLI, 120, args=("utkast.txt",), cwd=tmp_path, memory_gb=2, expect=2)
    (line,) = (done.stdout + done.stderr).strip().splitlines()
    assert line.startswith(f"policycheck: error: {tmp_path}/regler/bomb.yaml: line 2: ")
    assert "aliases (*name) are not allowed" in line


def _deep_yaml(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (lambda: (RULE + "  # å ä ö\n").encode("cp1252"), "not UTF-8 (byte "),
        (lambda: _deep_yaml(40).encode(), "line 1: nested more than 32 levels deep"),
        (lambda: _deep_yaml(100_000).encode(), "(line 1): exceeded maximum nesting depth"),
        (lambda: (RULE + "#" * 300_000).encode(), "larger than 256 kB, the limit for a rule file"),
        (
            lambda: (RULE.replace("code: PC901", "code: [" + "1, " * 50_000 + "1]")).encode(),
            "rule mitt: code (line 1): Input should be a valid string",
        ),
        (
            lambda: (RULE + "check:\n  type: pattern\n  patterns: [[{NOPE: 1}]]\n").encode(),
            "rule PC901 (mitt): patterns: Invalid token patterns",
        ),
        (
            lambda: (RULE + "check:\n  type: pattern\n  patterns: [[{POS: NOUN}]]\n").encode(),
            "rule PC901 (mitt): check.patterns need tags: declare it in requires",
        ),
        (
            lambda: (RULE + "check:\n  type: required\n  evidence: {regex: ['(']}\n").encode(),
            # the line of the value, or of the mapping that lacks a key
            "evidence.regex.0 (line 13): invalid regular expression '(': missing ), unterminated",
        ),
        # message texts are filled by name: "{0}" or a lone brace stopped the run at the first
        # finding, as an internal error
        (
            lambda: (RULE.replace('en: "”{match}”"}', 'en: "{0} här"}') + LEXICON).encode(),
            "rule PC901 (mitt): message.en: {0} is not a field name: name one, such as {match}",
        ),
        (
            lambda: (
                RULE.replace("suggestion: {sv: S,", "suggestion: {sv: 'S }',") + LEXICON
            ).encode(),
            "rule PC901 (mitt): suggestion.sv: Single '}' encountered in format string",
        ),
        (
            lambda: (
                RULE.replace("title: {sv: Mitt, en: Mine}", "title: {en: Mine}") + LEXICON
            ).encode(),
            "rule PC901 (mitt): title lacks the rule's language 'sv'",
        ),
    ],
    ids=[
        "cp1252",
        "nested",
        "deep",
        "too-large",
        "huge-value",
        "bad-token-pattern",
        "pattern-needs-tags",
        "bad-regex",
        "positional-field",
        "lone-brace",
        "text-lacks-language",
    ],
)
def test_bad_rule_files_are_one_line_errors(
    content, expected: str, tmp_path: Path, monkeypatch, cli
) -> None:
    user_rules(tmp_path, "")
    (tmp_path / "regler" / "mitt.yaml").write_bytes(content())
    assert_run_fails(tmp_path / "regler" / "mitt.yaml", expected, cli, monkeypatch)


def assert_run_fails(culprit: Path, expected: str, cli, monkeypatch) -> None:
    """Checking a good draft beside ``culprit`` (a rule or configuration file) stops with one
    line that names it and says ``expected``, and exit 2."""
    folder = culprit.parent if culprit.name.endswith(".toml") else culprit.parent.parent
    (folder / "utkast.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(folder)
    code, out, err = cli(["utkast.txt", "--no-cache"])
    assert code == 2
    (line,) = (out + err).splitlines()
    assert line.startswith(f"policycheck: error: {culprit}: ")
    assert expected in line and len(line) < 500


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('select = ["weak-modal"]\n# åäö\n'.encode("cp1252"), "not UTF-8 (byte "),
        (b"a = " + b"[" * 100_000 + b"]" * 100_000, "not valid TOML"),
        (b"# " + b"x" * (1024 * 1024 + 1), "larger than 1 MB"),
        (b"[severity]\n" + b"A" * 100_000 + b' = "fatal"\n', "severity.AAAA"),
    ],
    ids=["cp1252", "nested", "too-large", "huge-key"],
)
def test_bad_configuration_is_a_one_line_error(
    content: bytes, expected: str, tmp_path: Path, monkeypatch, cli
) -> None:
    (tmp_path / "policycheck.toml").write_bytes(content)
    assert_run_fails(tmp_path / "policycheck.toml", expected, cli, monkeypatch)


def test_unreadable_rule_file_with_the_cache_on(tmp_path: Path, monkeypatch, cli) -> None:
    user_rules(tmp_path, "check:\n  type: lexicon\n  match: {terms: [kanske]}\n")
    (tmp_path / "utkast.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "regler" / "mitt.yaml"
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)  # root reads anything: deny it here
    monkeypatch.setenv("POLICYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["utkast.txt"])
    assert code == 2 and "Traceback" not in err
    assert (out + err).strip() == f"policycheck: error: {locked}: cannot read (Permission denied)"


def test_rules_outside_the_project_warn_and_only_rule_files_are_read(
    tmp_path: Path, monkeypatch, cli
) -> None:
    project = tmp_path / "projekt"
    project.mkdir()
    elsewhere = tmp_path / "annanstans"
    user_rules(elsewhere, "check:\n  type: lexicon\n  match: {terms: [kanske]}\n")
    for i in range(50):  # a big tree beside the rules: none of it is read or hashed
        (elsewhere / "regler" / "djup" / str(i)).mkdir(parents=True)
        (elsewhere / "regler" / "djup" / str(i) / "data.bin").write_bytes(b"x" * 1000)
    (project / "policycheck.toml").write_text('rules = ["../annanstans/regler", "/"]\n')
    (project / "utkast.txt").write_text("Staden kan kanske erbjuda språkkurser.\n")
    monkeypatch.setenv("POLICYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(project)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    code, out, err = cli(["utkast.txt", "-q"])
    assert code == 1 and "PC901" in out and "Traceback" not in err
    toml = project / "policycheck.toml"
    assert f"policycheck: warning: {toml}: rules: '../annanstans/regler' is outside" in err
    assert f"policycheck: warning: {toml}: rules: '/' is outside" in err
    assert not [p for p in opened if "djup" in p.parts]
    # the cached run gives the same report
    assert cli(["utkast.txt", "-q"])[:2] == (code, out)


def kill_one_worker(document, options):
    """Stands in for execute._check_in_worker in forked workers: the worker checking
    "dodlig.txt" dies as if killed (it does every time: the culprit)."""
    if document.path.endswith("dodlig.txt"):
        os._exit(9)
    return REAL_CHECK_IN_WORKER(document, options)


REAL_CHECK_IN_WORKER = execute._check_in_worker


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers inherit the stand-in by fork")
def test_killed_worker_is_an_error_for_its_file_only(tmp_path: Path, monkeypatch, cli):
    for name in ("a.txt", "b.txt", "dodlig.txt", "d.txt", "e.txt"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(execute, "_check_in_worker", kill_one_worker)
    code, out, err = cli([str(tmp_path), "-j", "2", "--no-cache", "-q"])
    assert code == 2 and "Traceback" not in err
    assert one_line_error(out, f"{tmp_path}/dodlig.txt").endswith(
        "error: the worker process checking it ended unexpectedly (killed, or out of memory)"
    )
    for name in ("a.txt", "b.txt", "d.txt", "e.txt"):
        assert f"{tmp_path}/{name}:1:8: PC101" in out


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "gitlab", "github", "junit"])
def test_file_name_that_is_not_utf8(fmt: str, tmp_path: Path, monkeypatch, cli) -> None:
    name = os.fsdecode(b"caf\xe9-\x1b[2J.txt")
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli([".", "--format", fmt, "--no-cache"])
    assert code == 1 and "Traceback" not in err
    shown = "caf\\xe9-\\x1b[2J.txt"  # the bytes that are not UTF-8 and the escape, escaped
    if fmt in ("json", "gitlab"):
        shown = json.dumps(shown)[1:-1]
    elif fmt == "sarif":
        shown = quote(shown)
    assert shown in out
    assert "\x1b" not in out
    out_file = tmp_path / "rapport.out"
    code, written, err = cli(
        [".", "--format", fmt, "-o", str(out_file), "--exclude", "rapport.out"]
    )
    assert code == 1 and written == "" and "Traceback" not in err
    assert out_file.read_text(encoding="utf-8") == out


def test_unreadable_subfolder_is_an_error(tmp_path: Path, monkeypatch, cli) -> None:
    (tmp_path / "las-ej").mkdir()
    (tmp_path / "las-ej" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "utkast.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def deny(path):
        if str(path).endswith("las-ej"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)  # root reads anything: deny it here
    code, out, err = cli([str(tmp_path), "--no-cache", "-q"])
    assert code == 2 and "Traceback" not in err
    assert f"{tmp_path}/las-ej: error: cannot read the folder (permission denied)" in out
    assert f"{tmp_path}/utkast.txt:1:8: PC101" in out


def test_internal_error_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, cli) -> None:
    def bug(options):
        raise RuntimeError("oväntat\nfel")

    monkeypatch.setattr(run_module, "run_check", bug)
    code, out, err = cli([str(DRAFT)])
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("policycheck: internal error: RuntimeError: oväntat fel (a bug")


# -- 7. writes --------------------------------------------------------------------------


def _full_disk(monkeypatch) -> None:
    def fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)


def test_failed_baseline_write_keeps_the_old_baseline(tmp_path: Path, monkeypatch, cli):
    (tmp_path / "utkast.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli(["utkast.txt", "--write-baseline", "bas.json"])[0] == 0
    before = (tmp_path / "bas.json").read_bytes()
    (tmp_path / "utkast.txt").write_text(GOOD + "Staden bör agera.\n", encoding="utf-8")
    _full_disk(monkeypatch)
    code, out, err = cli(["utkast.txt", "--write-baseline", "bas.json"])
    assert code == 2
    assert (out + err).strip() == (
        "policycheck: error: bas.json: cannot write the baseline (No space left on device)"
    )
    assert (tmp_path / "bas.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bas.json", "utkast.txt"]


def test_failed_report_write_keeps_the_old_report(tmp_path: Path, monkeypatch, cli):
    (tmp_path / "utkast.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli(["utkast.txt", "-o", "rapport.txt"])[0] == 1
    before = (tmp_path / "rapport.txt").read_bytes()
    _full_disk(monkeypatch)
    code, _out, err = cli(["utkast.txt", "-o", "rapport.txt", "-f", "json"])
    assert code == 2
    assert err.strip() == (
        "policycheck: error: rapport.txt: cannot write the report (No space left on device)"
    )
    assert (tmp_path / "rapport.txt").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.txt", "utkast.txt"]


# -- 8. workers -------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_end_with_their_parent(sig: int, tmp_path: Path) -> None:
    for i in range(40):  # enough work that the workers are busy when the parent dies
        (tmp_path / f"utkast{i:02}.md").write_text(DRAFT.read_text(encoding="utf-8"))
    env = {**os.environ, "POLICYCHECK_CACHE_DIR": str(tmp_path / "cache")}
    parent = subprocess.Popen(
        [sys.executable, "-m", "policycheck", str(tmp_path), "-j", "2", "--no-cache", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            workers = _children(parent.pid)
            time.sleep(0.1)
        assert len(workers) >= 2, "the workers did not start"
        parent.send_signal(sig)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for w in _children(parent.pid):
            os.kill(w, signal.SIGKILL)


# -- 9. what reaches the terminal --------------------------------------------------------

ESCAPES = (
    "Staden kan \x1b]0;titel\x07 erbjuda \x1b]52;c;c2VjcmV0\x07 kurser \x1b[2J och \x9b31m "
    "\u202egnäl\u202c\n"
)


def test_escape_sequences_do_not_reach_the_terminal(tmp_path: Path, monkeypatch, cli):
    name = "utkast-\x1b[2J-\x07.txt"
    (tmp_path / name).write_text(ESCAPES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for color in (True, False):
        code, out, err = cli([".", "--no-cache", "-v"], color=color)
        assert code == 1 and "PC101" in out
        for sequence in ("\x1b]", "\x07", "\x1b[2J", "\x9b", "\u202e"):
            assert sequence not in out + err
        assert "utkast-\\x1b[2J-\\x07.txt" in out


def test_stdout_and_output_file_are_the_same_bytes(tmp_path: Path, monkeypatch, cli):
    (tmp_path / "utkast-\x1b[31m.txt").write_text(ESCAPES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "junit", "concise"):
        code, out, _ = cli([".", "--no-cache", "-f", fmt, "--exclude", "r.out"])
        args = [".", "-f", fmt, "-o", "r.out", "--exclude", "r.out"]
        assert cli(args)[0] == code == 1
        assert (tmp_path / "r.out").read_bytes() == out.encode("utf-8")


def test_junit_stays_valid_with_control_characters(tmp_path: Path, monkeypatch, cli):
    # control characters in a file name and in a rule's message (YAML escapes)
    rule = RULE.replace('sv: "”{match}”"', 'sv: "”{match}”\\x01\\x0b\\e[2J"')
    (tmp_path / "regler").mkdir()
    (tmp_path / "regler" / "mitt.yaml").write_text(
        rule + "check:\n  type: lexicon\n  match: {terms: [språkkurser]}\n", encoding="utf-8"
    )
    (tmp_path / "policycheck.toml").write_text('rules = ["regler"]\n', encoding="utf-8")
    (tmp_path / "utkast-\x01\x0b.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli([".", "--no-cache", "-f", "junit"])
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))  # refuses characters XML 1.0 does not allow
    assert [s.get("name") for s in root.iter("testsuite")] == ["utkast-\\x01\\x0b.txt"]
    failures = {f.get("message") for f in root.iter("failure")}
    assert "1 finding: ”språkkurser”\\x01\\x0b\\x1b[2J" in failures


# -- 10. smaller ------------------------------------------------------------------------


@pytest.mark.parametrize("invisible", ["\u2060", "\u202e", "\u200e", "\u2066", "\u00ad", "\x1b"])
def test_invisible_characters_do_not_hide_a_weak_modal(invisible: str, checkers) -> None:
    from policycheck.document import document_from_text

    document = document_from_text(f"Staden k{invisible}an erbjuda språkkurser.")
    result = checkers["sv"].check(document)
    weak = [f for f in result.findings if f.code == "PC101"]
    assert [f.match for f in weak] == ["kan"]
    loc = weak[0].location
    assert document.original[loc.start_offset : loc.end_offset] == f"k{invisible}an"


def test_stdin_is_bounded_by_max_size(cli) -> None:
    big = GOOD.encode() * 200  # 6.4 kB
    code, out, _ = cli(["-", "--max-size", "2kB", "-q"], stdin=big)
    assert code == 2 and "-: error: file too large (more than the limit of 2 kB)" in out
    code, out, _ = cli(["-", "--max-size", "none", "-q"], stdin=big)
    assert code == 1 and out.count("PC101") == 200

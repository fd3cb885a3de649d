"""The terminal: reports as wide as the terminal, wrapped lines that keep their indent, and
the progress bar on standard error (shown on a terminal, after a delay; never with --quiet).
The bar's logic is tested with a clock and a display of the test's own: no timing."""

from __future__ import annotations

import io
import sys

import pytest

from policycheck import cli as cli_module
from policycheck import progress
from policycheck.options import Options
from policycheck.run import Outcome, RunOptions, run_check

from .conftest import DRAFT, ROOT

SENTENCE = "I samband med utarbetandet av planer och byggprojekt »kan« s.k. integrationskonsekvensanalyser göras."  # noqa: E501


@pytest.fixture
def terminal(monkeypatch):
    """Standard output is a terminal of the given width."""

    def set_width(width: int) -> None:
        monkeypatch.setattr(cli_module, "_terminal_width", lambda: width)

    monkeypatch.chdir(ROOT)
    return set_width


def test_text_report_follows_the_terminal(terminal, cli) -> None:
    terminal(60)
    _code, out, _err = cli([str(DRAFT.relative_to(ROOT))])
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 60
    # the weak-modal sentence wraps at words, every line of it indented as its first
    first = next(i for i, line in enumerate(lines) if line.startswith("      I samband med"))
    wrapped = [lines[first]]
    for line in lines[first + 1 :]:
        if not line.startswith("      ") or line.startswith("      ("):
            break
        wrapped.append(line)
    assert len(wrapped) > 1
    assert all(line.startswith("      ") and line[6] != " " for line in wrapped)
    assert " ".join(line.strip() for line in wrapped) == SENTENCE
    # finding lines wrap under their own indent, not at column 0
    assert all(line.startswith("  ") for line in lines if "PC1" in line or "PC4" in line)


def test_not_a_terminal_keeps_whole_lines(cli) -> None:
    """Piped or written to a file: one line per finding and per sentence, as before."""
    _code, out, _err = cli([str(DRAFT)])
    assert f"      {SENTENCE}" in out.splitlines()


def test_goals_table_and_rules_follow_the_terminal(terminal, cli) -> None:
    terminal(72)
    _code, out, _err = cli(["goals", str(DRAFT.relative_to(ROOT))])
    assert "Minska skillnaderna" in out.replace("\n", " ") or "Minska" in out
    assert max(len(line) for line in out.splitlines()) <= 72
    _code, out, _err = cli(["rules"])
    assert max(len(line) for line in out.splitlines()) <= 72
    assert "PC101" in out and "weak-modal" in out


# -- the progress bar ----------------------------------------------------------------------


class Display:
    """A stand-in for rich.progress.Progress that records what it was told."""

    def __init__(self) -> None:
        self.started = self.stopped = False
        self.updates: list[tuple[float, str]] = []

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def add_task(self, description: str, total=None) -> int:
        self.total = total
        return 1

    def update(self, task: int, completed: float, description: str) -> None:
        self.updates.append((completed, description))


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal_and_not_quiet() -> None:
    assert progress.wanted(False, Tty())
    assert not progress.wanted(True, Tty())
    assert not progress.wanted(False, io.StringIO())
    assert not progress.wanted(False, object())  # a stream without isatty


def test_bar_shows_after_the_delay_and_counts_files_and_pieces() -> None:
    now = [0.0]
    display = Display()
    bar = progress.Progress(3, delay=2.0, clock=lambda: now[0], make_display=lambda: display)
    bar.start_file("a.md")
    bar.file_done()
    assert not bar.shown and not display.started  # a quick start stays silent
    now[0] = 2.5
    bar.start_file("docs/stor.md")
    assert bar.shown and display.started and display.total == 3
    bar.piece(1, 4)
    bar.piece(2, 4)
    bar.file_done()
    assert display.updates == [(1, "stor.md"), (1.25, "stor.md"), (1.5, "stor.md"), (2, "stor.md")]
    bar.close()
    assert display.stopped and not bar.shown


def test_cli_turns_the_bar_on_and_off(tmp_path, monkeypatch, cli) -> None:
    seen: list[RunOptions] = []

    def fake_run(options: RunOptions):
        seen.append(options)
        return Outcome("", 0, [])

    monkeypatch.setattr("policycheck.run.run_check", fake_run)
    draft = tmp_path / "utkast.md"
    draft.write_text("# Policy\n\nStaden ska erbjuda stöd.\n", encoding="utf-8")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    cli([str(draft)])
    cli([str(draft), "--quiet"])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    cli([str(draft)])
    assert [o.progress for o in seen] == [True, False, False]


def test_run_reports_files_and_pieces(tmp_path, monkeypatch) -> None:
    """A text long enough to be analysed in pieces moves the bar within the file."""
    calls: list[tuple] = []

    class Recorder:
        def __init__(self, total) -> None:
            calls.append(("total", total))

        def start_file(self, path: str) -> None:
            calls.append(("file", path.rsplit("/", 1)[-1]))

        def piece(self, done: int, pieces: int) -> None:
            calls.append(("piece", done, pieces))

        def file_done(self) -> None:
            calls.append(("done",))

        def close(self) -> None:
            calls.append(("close",))

    monkeypatch.setattr("policycheck.run.Progress", Recorder)
    (tmp_path / "kort.md").write_text("# Policy\n\nStaden ska erbjuda stöd.\n", encoding="utf-8")
    paragraph = "Staden ska erbjuda stöd till alla som behöver det. " * 16
    (tmp_path / "lang.md").write_text(
        "# Policy\n\n" + "\n\n".join([paragraph] * 60) + "\n", encoding="utf-8"
    )
    flags = Options(model="blank", language="sv")
    run_check(RunOptions(paths=[str(tmp_path)], options=flags, progress=True))
    pieces = [c for c in calls if c[0] == "piece"]
    assert calls[0] == ("total", 2)
    assert calls[1] == ("file", "kort.md") and calls[2] == ("done",)
    assert calls[3] == ("file", "lang.md")
    assert len(pieces) >= 2 and pieces[-1][1] == pieces[-1][2]
    assert calls[-2:] == [("done",), ("close",)]


def test_the_match_is_marked_where_it_stands_as_a_word(tmp_path, cli) -> None:
    """ "kan" is marked as the word, not the end of "samverkan" that comes first."""
    draft = tmp_path / "k.txt"
    draft.write_text(
        "Policy\n\nKommunen ska i samverkan med regionen arbeta och staden kan erbjuda kurser.\n",
        encoding="utf-8",
    )
    _code, out, _err = cli([str(draft), "--select", "PC101", "--no-cache"])
    assert "i samverkan med regionen arbeta och staden »kan« erbjuda" in out

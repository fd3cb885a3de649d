"""JSON Lines: ``--format jsonl`` (a finding a line, streamed) and ``.jsonl``/``.jsonl.gz``
input (a record a document), on small generated corpora."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

import policycheck
from policycheck.engine import Checker
from policycheck.findings import FileResult
from policycheck.read import count_inputs, iter_documents
from policycheck.read.jsonl import RecordFields, record_format
from policycheck.report.jsonl import write_all
from policycheck.run import RunOptions, run_check

from .conftest import ROOT

SCHEMAS = ROOT / "policycheck" / "report"
REPORT_SCHEMA = json.loads((SCHEMAS / "json-report.schema.json").read_text(encoding="utf-8"))
LINE_SCHEMA = json.loads((SCHEMAS / "jsonl-line.schema.json").read_text(encoding="utf-8"))
_REGISTRY = Registry().with_resource(REPORT_SCHEMA["$id"], Resource.from_contents(REPORT_SCHEMA))
LINE_VALIDATOR = jsonschema.Draft202012Validator(LINE_SCHEMA, registry=_REGISTRY)

WEAK = "# Policy för kurser\n\nStaden kan erbjuda kurser. Förvaltningen bör se över lokalerna.\n"
PLAN = "Handlingsplan\n\nVi ska arbeta för ett gott samarbete med alla berörda.\n"
GOOD_ENOUGH = "Kommunen ska erbjuda kurser senast 2026.\n"


def records() -> list[dict]:
    return [
        {"path": "a/policy.md", "title": "Policy", "text": WEAK},
        {"path": "b/plan.txt", "text": PLAN},
        {"path": "c/kort.txt", "text": GOOD_ENOUGH},
    ]


def write_jsonl(path: Path, rows: list, *, raw_lines: dict[int, str] | None = None) -> Path:
    """``rows`` as JSON Lines (gzip for .gz), with ``raw_lines`` (index -> text) as given."""
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    for index, text in (raw_lines or {}).items():
        lines.insert(index, text)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


def lines_of(out: str) -> list[dict]:
    parsed = [json.loads(line) for line in out.splitlines()]
    for line in parsed:
        LINE_VALIDATOR.validate(line)
    return parsed


# --- --format jsonl ---------------------------------------------------------------------


def test_jsonl_lines_are_the_json_reports_findings_with_their_document(
    cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(WEAK, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAN, encoding="utf-8")
    code, out, err = cli(["a.md", "b.txt", "--format", "jsonl"])
    assert code == 1 and err == ""
    lines = lines_of(out)
    _, json_out, _ = cli(["a.md", "b.txt", "--format", "json"])
    report = json.loads(json_out)
    expected = [
        {**f, **{k: file[k] for k in ("language", "document_type", "format", "positions")}}
        for file in report["files"]
        for f in file["findings"]
    ]
    assert [{k: line[k] for k in expected[0]} for line in lines] == expected
    assert {line["file"] for line in lines} == {"a.md", "b.txt"}
    assert all(line["pipeline"] == report["pipelines"]["sv"]["name"] for line in lines)
    assert sum(1 for line in lines if line["code"] == "PC101") == 1


def test_jsonl_exit_codes(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(WEAK, encoding="utf-8")
    assert cli(["a.md", "-f", "jsonl", "--exit-zero"])[0] == 0
    assert cli(["a.md", "-f", "jsonl", "--fail-on", "never"])[0] == 0
    code, out, err = cli(["a.md", "missing.md", "-f", "jsonl"])
    assert code == 2
    assert err.strip() == "policycheck: missing.md: no such file or directory"
    assert {line["file"] for line in lines_of(out)} == {"a.md"}
    # streamed findings cannot be held back for a baseline: a usage error, one line
    code, out, err = cli(["a.md", "-f", "jsonl", "--write-baseline", "b.json"])
    assert code == 2 and out == "" and "takes no baseline" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "b.json").exists()


def test_jsonl_output_file(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(WEAK, encoding="utf-8")
    code, out, _ = cli(["a.md", "-f", "jsonl", "-o", "out/findings.jsonl"])
    assert code == 1 and out == ""
    written = (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8")
    assert {line["file"] for line in lines_of(written)} == {"a.md"}
    assert list((tmp_path / "out").iterdir()) == [tmp_path / "out" / "findings.jsonl"]
    code, _, err = cli(["a.md", "-f", "jsonl", "-o", "folder/"])
    assert (
        code == 2
        and "--format jsonl writes one report for all the documents: give -o a file" in err
    )


def test_writer_streams_each_result_before_the_next_is_made() -> None:
    out = io.StringIO()
    seen_before: list[int] = []

    def results():
        for i, text in enumerate((WEAK, PLAN)):
            seen_before.append(len(out.getvalue().splitlines()))
            yield policycheck.check_text(text, path=f"doc{i}.md", format="markdown", lang="sv")

    written = write_all(results(), out)
    lines = lines_of(out.getvalue())
    assert written == len(lines) and seen_before[0] == 0
    first = sum(1 for line in lines if line["file"] == "doc0.md")
    assert seen_before[1] == first > 0  # the first file's lines were out before the second


def test_run_writes_each_file_before_checking_the_next(tmp_path: Path, monkeypatch) -> None:
    for name, text in (("a.md", WEAK), ("b.txt", PLAN), ("c.txt", WEAK)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    events: list[str] = []
    real_check = Checker.check

    def check(self, document, *args, **kwargs):
        events.append(f"check {Path(document.path).name}")
        return real_check(self, document, *args, **kwargs)

    monkeypatch.setattr(Checker, "check", check)

    def stream(result: FileResult) -> None:
        events.append(f"write {Path(result.path).name} {len(result.findings)}")

    outcome = run_check(RunOptions(paths=[str(tmp_path)], format="jsonl", stream=stream))
    assert [e.rsplit(" ", 1)[0] if e.startswith("write") else e for e in events] == [
        "check a.md", "write a.md", "check b.txt", "write b.txt", "check c.txt", "write c.txt"
    ]  # fmt: skip
    assert outcome.exit_code == 1 and outcome.results == [] and outcome.report == ""


# --- JSON Lines input ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.jsonl.gz"])
def test_each_record_is_a_document_named_by_its_id(
    cli, tmp_path: Path, capsys, monkeypatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / name, records())
    code, out, err = cli([name, "-f", "json"])
    assert code == 1 and err == ""
    files = json.loads(out)["files"]
    ids = ["a/policy.md", "b/plan.txt", "c/kort.txt"]
    assert [f["path"] for f in files] == [f"{name}#{i}" for i in ids]
    assert [f["format"] for f in files] == ["markdown", "text", "text"]  # by the id's suffix
    assert files[0]["document_type"] == "policy" and files[1]["document_type"] == "handlingsplan"
    # the same findings as the text checked on its own, under the record's name
    for row, entry in zip(records(), files, strict=True):
        fmt = record_format(row["path"])
        alone = policycheck.check_text(row["text"], path=entry["path"], format=fmt).to_dict()
        assert entry["findings"] == alone["findings"]


def test_id_and_text_fields(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [{"nr": 7, "id": "x", "body": WEAK}, {"nr": 8, "body": PLAN}]
    write_jsonl(tmp_path / "c.jsonl", rows)
    args = ["c.jsonl", "-f", "json", "--jsonl-text-field", "body"]
    files = json.loads(cli([*args, "--jsonl-id-field", "nr"])[1])["files"]
    assert [f["path"] for f in files] == ["c.jsonl#7", "c.jsonl#8"]
    # by default: id, else path, else the line number
    files = json.loads(cli(args)[1])["files"]
    assert [f["path"] for f in files] == ["c.jsonl#x", "c.jsonl#L2"]
    # a later record without the text field: an error of its own
    write_jsonl(tmp_path / "d.jsonl", [{"id": "x", "text": WEAK}, {"id": "y", "body": PLAN}])
    code, out, _ = cli(["d.jsonl", "-q"])
    assert code == 2
    assert "d.jsonl#y: error: line 2: no 'text' field (--jsonl-text-field)" in out.splitlines()


@pytest.mark.parametrize(
    ("flag", "name", "role"),
    [("--jsonl-id-field", "nope", "id"), ("--jsonl-text-field", "body", "text")],
)
def test_a_field_the_first_record_lacks_is_one_error(
    cli, tmp_path: Path, monkeypatch, flag: str, name: str, role: str
) -> None:
    """A mistyped field name is one error for the file naming the fields there are, not one
    a record."""
    monkeypatch.chdir(tmp_path)
    rows = [{"kind": "a", "path": f"{i}.md", "text": WEAK, "title": "T"} for i in range(5)]
    write_jsonl(tmp_path / "c.jsonl", rows, raw_lines={0: "{not json"})
    code, out, err = cli(["c.jsonl", flag, name, "-f", "jsonl", "--no-cache"])
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "policycheck: c.jsonl: line 1: not valid JSON (Expecting property name enclosed in "
        "double quotes, column 2)",
        f"policycheck: c.jsonl: no field '{name}' (fields: kind, path, text, title) in the "
        f"first record (line 2): wrong {role} field name ({flag})?",
    ]


BAD_LINES = {
    1: "{not json",
    2: '["an", "array"]',
    3: '{"path": "n.txt", "text": 5}',
    4: '{"path": "e.txt", "text": "  "}',
    5: '{"text": "Ingen identitet."}',
    6: '{"path": "s.txt", "text": "halv \\ud800 surrogat"}',
}
BAD_MESSAGES = [
    ("c.jsonl", "line 2: not valid JSON (Expecting property name enclosed in double quotes, column 2)"),  # noqa: E501
    ("c.jsonl", "line 3: not a JSON object but an array"),
    ("c.jsonl#n.txt", "line 4: 'text' is a number, not a string"),
    ("c.jsonl#e.txt", "line 5: 'text' is empty"),
    ("c.jsonl", "line 6: no 'path' field to name the record by"),
    ("c.jsonl#s.txt", "line 7: 'text' is not Unicode text (a lone surrogate at 5)"),
]  # fmt: skip


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_records_are_reported_by_line_and_the_rest_checked(
    cli, tmp_path: Path, capsys, monkeypatch, jobs: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "c.jsonl", records(), raw_lines=BAD_LINES)
    args = ["c.jsonl", "--jsonl-id-field", "path", "-j", jobs, "--no-cache"]
    code, out, _ = cli([*args, "-f", "json"])
    assert code == 2
    files = json.loads(out)["files"]
    assert [(f["path"], f["error"]) for f in files if f["error"]] == BAD_MESSAGES
    checked = [f["path"] for f in files if not f["error"]]
    assert checked == ["c.jsonl#a/policy.md", "c.jsonl#b/plan.txt", "c.jsonl#c/kort.txt"]
    code, out, err = cli([*args, "-f", "jsonl"])
    assert code == 2
    assert err.splitlines() == [f"policycheck: {p}: {m}" for p, m in BAD_MESSAGES]
    assert {line["file"] for line in lines_of(out)} == set(checked)


def test_jobs_give_the_same_lines(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "c.jsonl.gz", records() * 3)
    outs = [cli(["c.jsonl.gz", "-f", "jsonl", "-j", jobs, "--no-cache"])[1] for jobs in ("1", "2")]
    assert outs[0] == outs[1] and len(outs[0].splitlines()) > 6


def test_unreadable_corpus_files(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain.jsonl.gz").write_text('{"id": 1, "text": "Hej."}\n', encoding="utf-8")
    whole = gzip.compress(json.dumps({"id": 1, "text": WEAK}).encode() * 50)
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    latin = '{"id": "l", "text": "Sm\xe5 kommuner."}\n'.encode("latin-1")
    (tmp_path / "latin.jsonl").write_bytes(latin)
    code, out, _ = cli(["plain.jsonl.gz", "cut.jsonl.gz", "latin.jsonl", "-f", "json"])
    assert code == 2
    errors = {f["path"]: f["error"] for f in json.loads(out)["files"] if f["error"]}
    assert errors["plain.jsonl.gz"].startswith("cannot read the JSON Lines file (Not a gzipped")
    assert errors["cut.jsonl.gz"].startswith("cannot read the JSON Lines file (")
    assert errors["latin.jsonl"] == "line 1: not UTF-8 (byte 24)"


def test_record_size_limit(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"id": "big", "text": "Ord. " * 1000}, *records()])
    items = list(iter_documents([str(tmp_path / "c.jsonl")], max_size=1000))
    first = items[0]
    assert not hasattr(first, "text") and "line 1: longer than 4,000 bytes" in first.message
    assert [getattr(i, "path", "") for i in items[1:]] == [
        f"{tmp_path}/c.jsonl#a/policy.md", f"{tmp_path}/c.jsonl#b/plan.txt",
        f"{tmp_path}/c.jsonl#c/kort.txt",
    ]  # fmt: skip
    write_jsonl(tmp_path / "d.jsonl", [{"id": "mid", "text": "Ord. " * 300}])
    (item,) = iter_documents([str(tmp_path / "d.jsonl")], max_size=1000)
    assert item.path.endswith("#mid")
    assert item.message == "line 1: text too large (1.5 kB; the limit is 1000 bytes)"


def test_progress_counts_records_and_folders_leave_corpora_alone(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl.gz", records(), raw_lines={1: ""})
    assert count_inputs([str(tmp_path / "c.jsonl.gz")]) == 3
    (tmp_path / "a.md").write_text(WEAK, encoding="utf-8")
    paths = [getattr(i, "path", None) for i in iter_documents([str(tmp_path)])]
    assert paths == [f"{tmp_path}/a.md"]


def test_record_fields_reach_the_library(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"key": "k1", "body": WEAK}])
    fields = RecordFields(text="body", id="key")
    (doc,) = iter_documents([str(tmp_path / "c.jsonl")], records=fields)
    assert doc.path.endswith("c.jsonl#k1") and "Staden kan" in doc.text


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)


@pytest.mark.parametrize(
    ("fmt", "fail_on", "expected"),
    [("jsonl", "warning", 1), ("jsonl", "never", 0), ("text", "warning", 1), ("json", "never", 0)],
)
def test_closed_stdout_is_quiet_in_every_format(tmp_path, fmt, fail_on, expected) -> None:
    """A reader that stops reading (``| head``): no message and the findings' exit code,
    whatever the format (jsonl used to exit 2 with "standard output was closed")."""
    import subprocess

    (tmp_path / "policy.md").write_text(WEAK, encoding="utf-8")
    args = [sys.executable, "-m", "policycheck", str(tmp_path), "--format", fmt]
    proc = subprocess.Popen(
        [*args, "--fail-on", fail_on, "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # closed before the report is written: every write meets EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == expected, err
    assert err == ""


def test_record_fields_reach_check_paths(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"key": "k1", "body": WEAK}, {"key": "k2", "body": PLAN}])
    fields = policycheck.RecordFields(text="body", id="key")
    results = list(policycheck.check_paths([tmp_path / "c.jsonl"], fields=fields, lang="sv"))
    assert [r.path for r in results] == [f"{tmp_path}/c.jsonl#k1", f"{tmp_path}/c.jsonl#k2"]
    assert all(r.error is None for r in results)
    assert "PC101" in {f.code for f in results[0].findings}
    (default,) = list(policycheck.check_paths([tmp_path / "c.jsonl"], lang="sv"))
    assert "no field 'text'" in default.error


def test_a_jsonl_file_with_no_record_is_an_empty_file(cli, tmp_path: Path) -> None:
    """No record at all (an empty or blank file, a gzip of nothing) is a warning, as an empty
    file is; a record with an empty text stays an error naming its line (docs/scale.md)."""
    (tmp_path / "tom.jsonl").write_text("\n\n", encoding="utf-8")
    (tmp_path / "tom.jsonl.gz").write_bytes(gzip.compress(b""))
    code, out, err = cli([str(tmp_path / "tom.jsonl"), str(tmp_path / "tom.jsonl.gz")])
    assert code == 0 and "in 0 files" in out
    assert f"warning: {tmp_path / 'tom.jsonl'}: no records, nothing to check" in err
    assert f"warning: {tmp_path / 'tom.jsonl.gz'}: no records, nothing to check" in err

"""Baselines: adopt policycheck on an old document and fail only on new weaknesses."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from policycheck import baseline, identity
from policycheck.identity import repo_path
from policycheck.packs import pack

from .conftest import JSON_SCHEMA

SELECT = ["--select", "PC101,PC401"]  # weak modals, and the document-level financing rule
OLD = """# Språkpolicy

Staden kan erbjuda språkkurser.

Stadsdelsnämnderna kan erbjuda läxhjälp.

Nämnden kan anordna kurser i svenska.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "policy.md").write_text(OLD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def concise(args: list[str], cli) -> tuple[int, list[str]]:
    code, out, err = cli([*args, *SELECT, "-f", "concise"])
    assert not err or code == 2, err
    return code, out.splitlines()


def summary(args: list[str], cli) -> dict:
    _code, out, _err = cli([*args, *SELECT, "-f", "json"])
    report = json.loads(out)
    jsonschema.validate(report, JSON_SCHEMA)
    return report["summary"]


def test_write_baseline_records_and_hides_everything(repo, cli) -> None:
    code, lines = concise(["docs/policy.md", "--write-baseline", "base.json"], cli)
    assert code == 0 and lines == []
    data = json.loads((repo / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == baseline.VERSION
    entries = data["findings"]
    assert [(e["file"], e["code"]) for e in entries] == [("docs/policy.md", "PC101")] * 3 + [
        ("docs/policy.md", "PC401")
    ]
    assert entries == sorted(entries, key=lambda e: (e["file"], e["code"], e["fingerprint"]))
    assert entries[-1]["fingerprint"] == identity.DOCUMENT
    assert {e["sentence"] for e in entries[:3]} >= {"Staden kan erbjuda språkkurser."}
    assert all("line" not in e for e in entries)  # no line numbers: insertions do not churn
    code, lines = concise(["docs/policy.md", "--baseline", "base.json"], cli)
    assert code == 0 and lines == []


def test_only_edited_and_new_sentences_are_reported(repo, cli) -> None:
    concise(["docs/policy.md", "--write-baseline", "base.json"], cli)
    new = (
        OLD.replace("# Språkpolicy\n", "# Språkpolicy\n\nEtt nytt inledande stycke.\n")
        .replace("läxhjälp.", "läxhjälp varje vecka.")
        .replace("Nämnden kan", "Staden kan erbjuda praktikplatser.\n\nNämnden kan")
    )
    (repo / "docs" / "policy.md").write_text(new, encoding="utf-8")
    code, lines = concise(["docs/policy.md", "--baseline", "base.json"], cli)
    assert code == 1
    weak = pack("sv").by_code()["PC101"].message.get("sv").format(match="kan")
    assert lines == [f"docs/policy.md:7:20: PC101 {weak}", f"docs/policy.md:9:8: PC101 {weak}"]
    s = summary(["docs/policy.md", "--baseline", "base.json"], cli)
    assert s["findings"] == 2
    assert s["baseline"] == {
        "file": "base.json",
        "matched": 3,  # the moved sentence, the untouched one, the document-level finding
        "fixed": 1,  # the entry of the sentence that was edited
        "pruned": 0,
        "written": False,
    }
    _code, out, _ = cli(["docs/policy.md", "--baseline", "base.json", *SELECT])
    assert out.splitlines()[-1].endswith(
        "; 3 i baslinjen base.json, 1 åtgärdad (ta bort den med --prune-baseline)"
    )


def test_prune_baseline(repo, cli) -> None:
    concise(["docs/policy.md", "--write-baseline", "base.json"], cli)
    policy = repo / "docs" / "policy.md"
    policy.write_text(OLD.replace("Staden kan erbjuda", "Staden ska erbjuda"), encoding="utf-8")
    args = ["docs/policy.md", "--baseline", "base.json", "--prune-baseline"]
    s = summary(args, cli)
    assert (s["findings"], s["baseline"]["fixed"], s["baseline"]["pruned"]) == (0, 1, 1)
    entries = json.loads((repo / "base.json").read_text(encoding="utf-8"))["findings"]
    assert len(entries) == 3
    assert "Staden kan erbjuda språkkurser." not in {e["sentence"] for e in entries}
    s = summary(["docs/policy.md", "--baseline", "base.json"], cli)
    assert (s["baseline"]["matched"], s["baseline"]["fixed"]) == (3, 0)


def test_duplicates_count(repo, cli) -> None:
    twice = OLD + "\nStaden kan erbjuda språkkurser.\n"
    (repo / "docs" / "policy.md").write_text(twice, encoding="utf-8")
    concise(["docs/policy.md", "--write-baseline", "base.json"], cli)
    thrice = twice + "\nStaden  KAN erbjuda\nspråkkurser.\n"  # same sentence, normalised
    (repo / "docs" / "policy.md").write_text(thrice, encoding="utf-8")
    code, lines = concise(["docs/policy.md", "--baseline", "base.json"], cli)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("docs/policy.md:11:")


def test_files_not_checked_are_not_fixed(repo, cli) -> None:
    (repo / "docs" / "annan.md").write_text(OLD, encoding="utf-8")
    concise(["docs", "--write-baseline", "base.json"], cli)
    # checking one file, or one rule, says nothing about the others
    s = summary(["docs/policy.md", "--baseline", "base.json"], cli)
    assert (s["baseline"]["matched"], s["baseline"]["fixed"]) == (4, 0)
    _code, out, _ = cli(
        ["docs", "--baseline", "base.json", "--select", "PC101", "-f", "json", "--prune-baseline"]
    )
    assert json.loads(out)["summary"]["baseline"]["fixed"] == 0
    assert len(json.loads((repo / "base.json").read_text())["findings"]) == 8


def test_paths_are_normalised(repo, cli) -> None:
    concise(["./docs/policy.md", "--write-baseline", "base.json"], cli)
    absolute = str(repo / "docs" / "policy.md")
    code, lines = concise([absolute, "--baseline", "base.json"], cli)
    assert code == 0 and lines == []
    assert repo_path("docs/../docs/./policy.md") == "docs/policy.md"
    assert repo_path("-") == "-"


def test_baseline_errors(repo, cli) -> None:
    code, _out, err = cli(["docs/policy.md", "--baseline", "saknas.json"])
    assert code == 2 and "--write-baseline saknas.json" in _out + err
    (repo / "old.json").write_text('{"version": 99, "findings": []}', encoding="utf-8")
    code, _, err = cli(["docs/policy.md", "--baseline", "old.json"])
    assert code == 2 and "version 99" in err
    (repo / "bad.json").write_text("[", encoding="utf-8")
    code, _, err = cli(["docs/policy.md", "--baseline", "bad.json"])
    assert code == 2 and "invalid JSON" in err
    code, _, err = cli(["docs/policy.md", "--baseline", "a.json", "--write-baseline", "b.json"])
    assert code == 2 and "not both" in err
    code, _, err = cli(["docs/policy.md", "--prune-baseline"])
    assert code == 2 and "--prune-baseline needs --baseline" in err


def test_unreadable_input_does_not_write(repo, cli) -> None:
    code, _, err = cli(["docs/policy.md", "saknas.md", "--write-baseline", "base.json"])
    assert code == 2 and "not written" in err
    assert not (repo / "base.json").exists()

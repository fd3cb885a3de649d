"""The library (policycheck.api, docs/api.md): check_text, check_path and check_paths give
the results the command line reports, as typed data that serialises to the JSON report."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

import policycheck
from policycheck import execute
from policycheck.options import Options
from policycheck.read import read_path

from .conftest import DRAFT, JSON_SCHEMA, REVISED, ROOT

WEAK = "Staden kan erbjuda språkkurser.\n"


def test_check_text() -> None:
    result = policycheck.check_text(WEAK, lang="sv", select=["PC101"])
    assert isinstance(result, policycheck.FileResult)
    assert result.path == "<text>" and result.language == "sv" and result.error is None
    (finding,) = result.findings
    assert isinstance(finding, policycheck.Finding)
    assert (finding.code, finding.match, finding.location.line) == ("PC101", "kan", 1)
    md = policycheck.check_text("# Mål\n\n" + WEAK, format="markdown", path="x.md", lang="sv")
    assert md.path == "x.md" and md.format == "markdown"


def test_options_by_keyword_or_object_and_their_errors() -> None:
    by_keyword = policycheck.check_text(WEAK, lang="sv", ignore=["PC101"])
    by_object = policycheck.check_text(WEAK, options=Options(language="sv", ignore=("PC101",)))
    assert by_keyword.to_dict() == by_object.to_dict()
    assert "PC101" not in {f.code for f in by_keyword.findings}
    with pytest.raises(policycheck.OptionsError, match=r"^selekt: unknown option$"):
        policycheck.check_text(WEAK, selekt=["PC101"])
    with pytest.raises(policycheck.OptionsError, match="no rule or critique point 'PC999'"):
        policycheck.check_text(WEAK, select=["PC999"])
    with pytest.raises(policycheck.OptionsError, match="format must be one of"):
        policycheck.check_text(WEAK, format="docx")
    with pytest.raises(policycheck.OptionsError, match=r"keyword options \(lang\), not both"):
        policycheck.check_text(WEAK, options=Options(), lang="sv")


def test_option_errors_name_the_keywords_not_the_flags() -> None:
    with pytest.raises(policycheck.OptionsError) as caught:
        policycheck.check_text(WEAK, select=["PC1O1"])
    assert str(caught.value).startswith("select: no rule or critique point 'PC1O1' (did you mean")
    with pytest.raises(policycheck.OptionsError, match=r"^ignore: no rule or critique point"):
        policycheck.check_text(WEAK, ignore=["no-such-rule"])
    with pytest.raises(policycheck.OptionsError, match=r"^lang must be one of .*, not 'xx'$"):
        policycheck.check_text(WEAK, lang="xx")
    with pytest.raises(policycheck.OptionsError, match=r"^select: "):
        policycheck.check_text(WEAK, options=Options(select=("PC1O1",)))


def test_check_path_is_what_the_command_line_reports(cli) -> None:
    result = policycheck.check_path(DRAFT)
    _code, report = cli.json([str(DRAFT), "--no-cache"])
    (file,) = report["files"]
    assert result.to_dict() == file
    missing = policycheck.check_path(ROOT / "no-such-file.md")
    assert missing.error and not missing.findings
    with pytest.raises(policycheck.OptionsError, match="a folder, not a file"):
        policycheck.check_path(ROOT / "examples")


def test_results_serialise_to_the_json_report() -> None:
    results = [policycheck.check_path(DRAFT), policycheck.check_text(WEAK)]
    report = policycheck.json_report(results)
    jsonschema.validate(report, JSON_SCHEMA)
    assert [f["path"] for f in report["files"]] == [str(DRAFT), "<text>"]
    assert json.loads(json.dumps(report)) == report


def test_check_paths_in_order_with_the_configuration_of_each(tmp_path: Path) -> None:
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / "policycheck.toml").write_text('ignore = ["weak-modal"]\n', encoding="utf-8")
    (quiet / "a.md").write_text(WEAK, encoding="utf-8")
    (tmp_path / "b.md").write_text(WEAK, encoding="utf-8")
    results = list(policycheck.check_paths([tmp_path / "b.md", quiet], lang="sv"))
    assert [Path(r.path).name for r in results] == ["b.md", "a.md"]
    b, a = ({f.code for f in r.findings} for r in results)
    assert "PC101" in b and "PC101" not in a
    with pytest.raises(policycheck.ConfigError, match=r"nope\.toml"):
        list(policycheck.check_paths([tmp_path], config=tmp_path / "nope.toml"))


def test_check_paths_with_workers(tmp_path: Path) -> None:
    for i in range(3):
        shutil.copy(DRAFT, tmp_path / f"a{i}.md")
        shutil.copy(REVISED, tmp_path / f"b{i}.md")
    one = [r.to_dict() for r in policycheck.check_paths([tmp_path])]
    two = [r.to_dict() for r in policycheck.check_paths([tmp_path], jobs=2)]
    assert one == two and len(one) == 6


@pytest.mark.usefixtures("fresh_pipelines")
def test_workers_started_by_spawn(tmp_path: Path, monkeypatch) -> None:
    """Workers get their state through the pool's initializer and each task, not from the
    parent's memory: the ``spawn`` start method (macOS, Windows) gives the same results."""
    monkeypatch.setattr(execute, "start_method", lambda: "spawn")
    texts = [WEAK, "Staden ska erbjuda kurser.\n", "The city may offer courses.\n"]
    documents = []
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
        documents.append(read_path(tmp_path / f"{i}.txt"))
    options = Options(model="blank")
    alone = [r.to_dict() for r in execute.check_documents(documents, lambda p: options)]
    spawned = execute.check_documents(documents, lambda p: options, jobs=2)
    assert [r.to_dict() for r in spawned] == alone
    assert [r["language"] for r in alone] == ["sv", "sv", "en"]


def test_the_stable_names_are_those_docs_api_lists() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([\w.]+)`", page, flags=re.MULTILINE)
    assert listed == policycheck.__all__
    for name in policycheck.__all__:
        assert getattr(policycheck, name) is not None
    with pytest.raises(AttributeError):
        _ = policycheck.no_such_name


def test_dask_checks_the_options_when_the_bag_is_built(tmp_path: Path) -> None:
    """A mistyped option fails where the bag is made, not in every task at compute()."""
    pytest.importorskip("dask.bag", reason="dask is not installed: pip install -e '.[dask]'")
    from policycheck.dask import check_bag, check_jsonl

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"path": "a.md", "text": WEAK}) + "\n", encoding="utf-8")
    with pytest.raises(policycheck.OptionsError, match=r"^select: .*did you mean PC101"):
        check_jsonl([corpus], select=["PC1O1"])
    with pytest.raises(policycheck.OptionsError, match=r"^lang must be one of"):
        check_jsonl([corpus], lang="xx")
    import dask.bag as db

    bag = check_bag(db.from_sequence([{"id": "a", "text": WEAK}]), select=["PC101"], lang="sv")
    (result,) = bag.compute(scheduler="sync")
    assert {f["code"] for f in result["findings"]} == {"PC101"}


def test_a_configuration_file_may_be_named_by_a_string(tmp_path: Path) -> None:
    from policycheck.errors import ConfigError

    config = tmp_path / "policycheck.toml"
    config.write_text('select = ["PC101"]\n', encoding="utf-8")
    result = policycheck.check_text("Staden kan erbjuda läxhjälp.", config=str(config))
    assert [f.code for f in result.findings] == ["PC101"]
    with pytest.raises(ConfigError, match="cannot read"):
        policycheck.check_text("x", config=str(tmp_path / "missing.toml"))

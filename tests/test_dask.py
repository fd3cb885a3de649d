"""policycheck.dask on a local cluster of two worker processes: the same results as the command
line's JSON report for the same records, each worker loading its pipeline once.

Needs the ``dask`` extra (``pip install -e ".[dask]"``; .ci/run installs it); skipped without
it. A sample of ../shared/corpus/regeringen.jsonl.gz is used where it is present, else
generated records. About 15 s (starting two workers that each load the pipeline)."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

pytest.importorskip("dask.bag", reason="dask is not installed: pip install -e '.[dask]'")
pytest.importorskip("distributed", reason="distributed is not installed: pip install -e '.[dask]'")

from distributed import get_task_stream

from policycheck.dask import check_bag, check_dataframe, check_jsonl, local_client
from policycheck.read.jsonl import RecordFields

from .conftest import SHARED

# starting two workers that each load the pipeline takes longer than a test should; CI runs
# the slow tests too (.ci/run: python -m pytest)
pytestmark = pytest.mark.slow

CORPUS = SHARED / "corpus" / "regeringen.jsonl.gz"

GENERATED = [
    "# Uppdrag till Skolverket att stödja huvudmän\n\nRegeringen uppdrar åt Statens skolverk att "
    "stödja huvudmännen. Uppdraget ska redovisas till Regeringskansliet senast den 1 mars 2026.",
    "# Policy för kurser\n\nStaden kan erbjuda kurser. Förvaltningen bör se över lokalerna.",
    "Handlingsplan\n\nVi ska arbeta för ett gott samarbete med alla berörda.",
]


def sample(tmp_path: Path) -> Path:
    """A small corpus: 24 records of the government corpus (a fixed draw, short texts) where
    ../shared has it, else generated ones; and one bad line, reported by both."""
    if CORPUS.is_file():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        short = [r for r in rows if r["words"] < 400]
        rows = random.Random(16).sample(short, 24)
    else:
        rows = [{"path": f"gen/{i}.md", "text": t} for i, t in enumerate(GENERATED * 4)]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(5, '{"path": "trasig.md", "text": null}')
    path = tmp_path / "sample.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return path


@pytest.fixture(scope="module")
def client():
    with local_client(2, lang="sv") as client:
        yield client


def _pipelines() -> list[int]:
    """The ids of the pipelines this process has loaded (run on each worker)."""
    from policycheck import nlp

    return sorted(id(p) for p in nlp._shared.values())


def test_dask_gives_the_command_lines_results(cli, client, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = sample(tmp_path)
    loaded = client.run(_pipelines)
    assert len(loaded) == 2 and all(len(ids) == 1 for ids in loaded.values())  # Preload
    bag = check_jsonl([corpus.name], records_per_partition=5)
    assert bag.npartitions == 5  # 25 lines, spread over the workers
    with get_task_stream(client) as tasks:
        results = bag.compute()
    code, out, _ = cli([corpus.name, "--format", "json", "--no-cache"])
    expected = json.loads(out)["files"]
    assert code == 2 and len(expected) == 25
    assert results == expected
    bad = [r for r in results if r["error"]]
    assert [(r["path"], r["error"]) for r in bad] == [
        ("sample.jsonl.gz#trasig.md", "line 6: 'text' is null, not a string")
    ]
    # both workers checked documents, and neither loaded its pipeline again
    assert client.run(_pipelines) == loaded
    assert {t["worker"] for t in tasks.data} == set(loaded)


def test_check_bag_of_dicts(client) -> None:
    import dask.bag as db

    rows = [{"key": f"k{i}", "body": t} for i, t in enumerate(GENERATED)] + [{"body": "Hej."}]
    bag = db.from_sequence(rows, npartitions=2)
    results = check_bag(bag, fields=RecordFields(text="body", id="key"), lang="sv").compute()
    assert [r["path"] for r in results] == ["k0", "k1", "k2", "<record>"]
    assert results[0]["document_type"] == "uppdrag" and results[0]["format"] == "text"
    assert "PC101" in {f["code"] for f in results[1]["findings"]}
    assert results[3]["error"] == "no 'key' field to name the record by"


def test_check_dataframe_gives_the_bags_results(client) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is not installed: pip install -e '.[dask]'")
    import dask.bag as db
    import dask.dataframe as dd

    rows = [{"key": f"k{i}", "body": t} for i, t in enumerate(GENERATED)]
    fields = RecordFields(text="body", id="key")
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=2)
    from_frame = check_dataframe(frame, fields=fields, lang="sv").compute()
    from_bag = check_bag(db.from_sequence(rows, npartitions=2), fields=fields, lang="sv").compute()
    assert from_frame == from_bag
    assert [r["path"] for r in from_frame] == ["k0", "k1", "k2"]
    with pytest.raises(ValueError, match="no column 'text'"):
        check_dataframe(frame)

"""The labels the critique model is trained on (training/labels) and those kept apart to test it
(training/validation): offsets into ../shared texts, two reviewers a text, no text copied into
the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.evaluate import DOCUMENT_QUESTIONS, SENTENCE_LABELS

TRAINING = Path(__file__).resolve().parent.parent / "training"
LABELS = TRAINING / "labels"
VALIDATION = TRAINING / "validation"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _manifest(folder: Path) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


MANIFEST = _manifest(LABELS)


@pytest.mark.parametrize(("folder", "least"), [(LABELS, 150), (VALIDATION, 50)])
def test_every_text_has_two_independent_label_files_without_text(folder: Path, least: int) -> None:
    manifest = _manifest(folder)
    assert len(manifest) >= least
    for entry in manifest:
        files = [folder / who / f"{entry['id']}.json" for who in ("A", "B")]
        assert all(f.exists() for f in files), entry["id"]
        for f in files:
            data = json.loads(f.read_text(encoding="utf-8"))
            assert set(data["document"]) <= set(DOCUMENT_QUESTIONS), f
            for s in data["sentences"]:
                assert "text" not in s and 0 <= s["start"] < s["end"], f
                assert set(s["labels"]) <= set(SENTENCE_LABELS), f


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize(("source", "folder"), [("double", LABELS), ("validation", VALIDATION)])
def test_labels_fit_the_texts_in_shared(source: str, folder: Path) -> None:
    from training import critique_data

    docs = getattr(critique_data, source)()
    assert len(docs) == len(_manifest(folder))
    assert all(d.id.startswith(f"{source}/") and len(d.annotations) == 2 for d in docs)
    for doc in docs:
        for ann in doc.annotations:
            for s in ann.sentences:
                assert s.end <= len(doc.text) and s.text.strip(), doc.id
    # none of them is a gold or silver text
    gold = {p.read_text(encoding="utf-8")[:300] for p in (SHARED / "gold" / "texts").glob("*")}
    silver = {p.read_text(encoding="utf-8")[:300] for p in (SHARED / "silver" / "texts").glob("*")}
    assert not {d.text[:300] for d in docs} & (gold | silver)


def test_validation_texts_are_not_trained_on() -> None:
    training = {(e["source"], e["path"]) for e in MANIFEST}
    assert not training & {(e["source"], e["path"]) for e in _manifest(VALIDATION)}
    assert not {e["sha256"] for e in MANIFEST} & {e["sha256"] for e in _manifest(VALIDATION)}


def test_the_second_held_out_set_exports_in_the_gold_format(tmp_path: Path, monkeypatch) -> None:
    """``export_labelled.py --source validation`` writes what ``policycheck eval`` reads: a
    text and two reviewers' files per document, sentences as text."""
    if not (SHARED / "corpus" / "regeringen.jsonl.gz").exists():
        pytest.skip("../shared/corpus is absent: the texts are not kept in the repository")
    import sys

    from training import export_labelled

    out = tmp_path / "dev"
    monkeypatch.setattr(sys, "argv", ["export_labelled.py", str(out), "--source", "validation"])
    export_labelled.main()
    texts = sorted(p.name for p in (out / "texts").iterdir())
    assert len(texts) == len(_manifest(VALIDATION))
    for who in ("A", "B"):
        labels = sorted(p.name for p in (out / who).iterdir())
        assert labels == [t.replace(".txt", ".json") for t in texts]
    first = json.loads((out / "A" / texts[0].replace(".txt", ".json")).read_text("utf-8"))
    text = (out / "texts" / texts[0]).read_text("utf-8")
    assert all(s["text"] in text for s in first["sentences"])

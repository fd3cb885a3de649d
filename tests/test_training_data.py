"""Data from ../shared stays there: the repository keeps no copy, and the training scripts read
the UD treebanks from ../shared/data/ud by default or from ``--data DIR``."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED

CONLLU = """# sent_id = 1
# text = Staden ska bygga.
1\tStaden\tstad\tNOUN\tNN\t_\t3\tnsubj\t_\t_
2\tska\tskola\tAUX\tVB\t_\t3\taux\t_\t_
3\tbygga\tbygga\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\tMAD\t_\t3\tpunct\t_\t_

"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# the shipped model carries its licence text, as CC BY-SA asks
ALLOWED = {"policycheck/models/sv_policycheck/LICENSE"}


def test_no_shared_data_file_is_kept_in_the_repository() -> None:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"{data} is absent: nothing to compare with")
    shared = {_digest(p): p for p in data.rglob("*") if p.is_file() and p.stat().st_size > 200}
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    copies = [
        (name, shared[d])
        for name in tracked
        if name
        and name not in ALLOWED
        and (ROOT / name).is_file()
        and (d := _digest(ROOT / name)) in shared
    ]
    assert copies == []


@pytest.fixture
def build_model():
    sys.path.insert(0, str(ROOT / "training"))
    try:
        import build_model
    finally:
        sys.path.remove(str(ROOT / "training"))
    return build_model


def test_the_default_data_folder_is_shared(build_model) -> None:
    assert ROOT.parent / "shared" / "data" / "ud" == build_model.DATA


def test_training_reads_the_data_folder_given(build_model, tmp_path: Path) -> None:
    for name in build_model.TRAIN_FILES:
        (tmp_path / name).write_text(CONLLU, encoding="utf8")
    files = build_model.ud_files(tmp_path, build_model.TRAIN_FILES)
    lexicon, forms = build_model.training_lexicon(files)
    assert forms == [".", "Staden", "bygga", "ska"]
    assert "stad" in lexicon.values()


def test_a_missing_data_folder_is_one_line_and_exit_2(build_model, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        build_model.ud_files(tmp_path, build_model.DEV_FILES)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}: sv_talbanken-ud-dev.conllu not found" in err
    assert "--data DIR" in err and len(err.strip().splitlines()) == 1

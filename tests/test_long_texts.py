"""A text longer than ``Pipeline.chunk_chars`` is analysed in pieces cut at blank lines: the Doc
has the same text, and the findings are those of the whole text."""

from __future__ import annotations

import dataclasses

import pytest

from policycheck.engine import Checker
from policycheck.nlp import _pieces, build_pipeline
from policycheck.options import Options
from policycheck.read import read_path

from .conftest import DRAFT, REVISED


@pytest.mark.parametrize("size", [1, 7, 80, 500])
def test_pieces_join_to_the_text_and_end_at_blank_lines(size: int) -> None:
    text = DRAFT.read_text(encoding="utf-8") + "\n\n" + REVISED.read_text(encoding="utf-8")
    pieces = _pieces(text, size)
    assert "".join(pieces) == text
    assert all(len(p.rstrip("\n")) <= size for p in pieces)  # blank lines stay with it
    if size >= 80:
        assert len(pieces) > 1
    if size >= 500:  # blank lines are where pieces end (a block is shorter than a piece)
        assert sum(p.endswith("\n\n") for p in pieces[:-1]) >= len(pieces) // 2


@pytest.mark.parametrize("model", [None, "blank"])
def test_findings_in_pieces_are_the_findings_of_the_whole(model: str | None) -> None:
    whole = build_pipeline("sv", model)
    pieces = dataclasses.replace(whole, chunk_chars=1_000)
    document = read_path(DRAFT)
    assert len(pieces.pieces(document.text)) > 3
    doc = pieces.analyse(document)
    assert doc.text == document.text
    assert [t.text for t in doc] == [t.text for t in whole.analyse(document)]

    def report(pipeline):
        checker = Checker(Options(language="sv"), pipelines=lambda lang, m: pipeline)
        result = checker.check(document)
        return [(f.code, f.sort_key(), f.message) for f in result.findings], result.goals

    assert report(pieces) == report(whole)

"""When the shipped Swedish pipeline is missing or broken, policycheck falls back to the blank
pipeline, says so, and still checks: rules that need tags run their fallback."""

from __future__ import annotations

import pytest

from policycheck import models, nlp

from .conftest import DRAFT


@pytest.mark.parametrize("how", ["missing", "broken"])
@pytest.mark.usefixtures("fresh_pipelines")
def test_falls_back_to_the_blank_pipeline(cli, monkeypatch, how: str) -> None:
    if how == "missing":
        monkeypatch.setattr(nlp, "shipped_model_path", lambda lang: None)
    else:

        def broken(lang: str):
            raise OSError("[E050] Can't find model 'sv_policycheck'")

        monkeypatch.setattr(models, "load_shipped_model", broken)
    code, report = cli.json([str(DRAFT), "--no-cache"])
    assert code == 1
    (file,) = report["files"]
    assert report["pipelines"]["sv"]["name"] == "blank sv + lookup lemmas"
    assert file["pipeline"] == "blank sv + lookup lemmas"
    notice = " ".join(file["notices"])
    # in the language of the document's report
    assert "tomma pipelinen" in notice and ("saknas" in notice or "E050" in notice)
    # the rules that need the trained pipeline say they ran their word-list fallback
    assert {"PC291", "PC510"} <= set(file["fallback_rules"])
    codes = {f["code"] for f in file["findings"]}
    assert {"PC101", "PC401", "PC510"} <= codes

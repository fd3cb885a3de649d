"""``explain`` prefers the language of --lang or of the config, else Swedish, and names the
other language's variant; ``critique POINT`` shows that one point."""

from __future__ import annotations

from pathlib import Path


def _first_line(args: list[str], cli) -> tuple[int, str, str]:
    code, out, err = cli(["explain", *args])
    return code, out.splitlines()[0] if out else "", out + err


def test_explain_defaults_to_swedish(tmp_path: Path, monkeypatch, cli) -> None:
    monkeypatch.chdir(tmp_path)  # no config file here or above (tmp)
    code, first, out = _first_line(["PC401"], cli)
    assert code == 0
    assert first == "PC401 (financing): Finansiering saknas"
    assert "Language: sv." in out
    assert out.rstrip().endswith(
        "Also in English: PC401 (financing), `policycheck explain PC401 --lang en`"
    )


def test_explain_follows_lang_and_config(tmp_path: Path, monkeypatch, cli) -> None:
    monkeypatch.chdir(tmp_path)
    code, first, out = _first_line(["PC401", "--lang", "en"], cli)
    assert first == "PC401 (financing): No financing"
    assert "Also in Swedish: PC401 (financing), `policycheck explain PC401 --lang sv`" in out
    (tmp_path / "policycheck.toml").write_text('language = "en"\n', encoding="utf-8")
    assert _first_line(["financing"], cli)[1] == "PC401 (financing): No financing"
    # a rule only one language has is shown from it, with no other variant named
    code, first, out = _first_line(["PC120"], cli)
    assert code == 0 and "Language: sv." in out and "Also in" not in out


def test_critique_one_point(cli) -> None:
    code, out, _ = cli(["critique", "weak-modal"])
    assert code == 0
    assert out.startswith("weak-modal — Svaga modala verb")
    assert "measurable-goals" not in out and "critique points have rules" not in out
    assert "PC101 weak-modal (sv)" in out


def test_critique_unknown_point(cli) -> None:
    code, out, err = cli(["critique", "weak-modl"])
    assert code == 2 and out == ""
    assert (
        err.strip()
        == "policycheck: error: no critique point 'weak-modl' (did you mean weak-modal?)"
    )

"""policycheck's benchmark: one command, one table, written to docs/performance.md.

    python benchmarks/run.py            # full: 1k to 1M words (takes a while)
    python benchmarks/run.py --quick    # small sizes, one repeat: proves the script works
    python benchmarks/run.py --no-write # print only

Every comparison is measured side by side in the same run, repeats interleaved, and reported
as a ratio next to the absolute figures (median, min and max of the repeats): the machine may
be shared and noisy. Timings are never asserted by the tests; the targets are checked here.

* floor: spaCy alone, ``nlp.pipe`` over the same documents' normalised text with the pipeline
  ``build_pipeline("sv")`` gives, a text over 20,000 characters in the same pieces the check
  analyses it in (``Pipeline.pieces``, one at a time); engine overhead = check / floor - 1
* cold start: ``policycheck --help``, ``rules`` and a check of the example draft, each against
  loading the same pipeline in a bare ``python -c``
* throughput and scaling: words/s for one big file and for many 1000-word files, and the peak
  memory (RSS) of the process that checks them
* parallel: ``-j 1`` against ``-j 2`` on a folder of 200 documents
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

DRAFT = ROOT / "examples" / "utkast-integrationspolicy.md"
OUT = ROOT / "docs" / "performance.md"
NOTES = HERE / "notes.md"  # what was optimised and why targets are missed, kept by hand
PARALLEL_WORDS = 500  # words per document of the -j folder
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}


# -- helpers ------------------------------------------------------------------------------


def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def fmt_s(values: list[float]) -> str:
    med, lo, hi = stats(values)
    if len(values) == 1:
        return f"{med:.2f} s"
    return f"{med:.2f} s ({lo:.2f}–{hi:.2f})"


def fmt_ratio(values: list[float]) -> str:
    med, lo, hi = stats(values)
    if len(values) == 1:
        return f"{med:.2f}×"
    return f"{med:.2f}× ({lo:.2f}–{hi:.2f})"


def mark(ok: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "–"}[ok]


def policycheck_cmd() -> list[str]:
    script = Path(sys.executable).parent / "policycheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "policycheck"]


def timed(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (kB) of ``cmd`` and its children, measured by a fresh wrapper
    process (RUSAGE_CHILDREN there covers this command only)."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "t = time.perf_counter() - t\n"
        "print(json.dumps([t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=True,
    ).stdout
    seconds, rss = json.loads(out)
    return seconds, rss


# -- child: runs inside a fresh process ----------------------------------------------------


def child(mode: str, path: str, jobs: int) -> None:
    """Check ``path`` the way ``policycheck check`` does (``policycheck.check_paths``), after a
    warm-up that loads the pipeline and rules; print seconds, words and peak RSS (kB) as JSON.

    mode "check": time only the checking of the documents (reading included, report not).
    """
    import policycheck

    list(policycheck.check_paths([str(DRAFT)], jobs=jobs))  # warm-up: pipeline, rules
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in _files(Path(path)))
    t = time.perf_counter()
    results = list(policycheck.check_paths([path], jobs=jobs))
    seconds = time.perf_counter() - t
    assert all(r.error is None for r in results), [r.error for r in results if r.error]
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "words": words, "rss": max(_peak_rss(), workers)}))


def phases() -> None:
    """The phases of a cold check of the example draft, timed one after the other in this
    fresh process; print them as JSON (seconds)."""
    clock = time.perf_counter
    out: dict[str, float] = {}
    t = clock()
    import policycheck.cli  # typer
    import policycheck.report  # the rule files' pydantic models
    import policycheck.run  # noqa: F401

    out["import typer, pydantic and policycheck"] = clock() - t
    from policycheck.engine import Checker
    from policycheck.options import Options
    from policycheck.packs import pack

    t = clock()
    pack("sv")
    out["read and validate the Swedish rule files"] = clock() - t
    t = clock()
    import spacy  # noqa: F401

    out["import spaCy"] = clock() - t
    from policycheck.nlp import build_pipeline

    t = clock()
    pipeline = build_pipeline("sv")
    out["load the pipeline (spacy.load)"] = clock() - t
    checker = Checker(Options(), pipelines=lambda lang, model: pipeline)
    t = clock()
    checker.language("sv")
    out["compile the term index"] = clock() - t
    from policycheck.read import read_path

    t = clock()
    document = read_path(DRAFT)
    doc = pipeline.analyse(document)
    out["read and analyse the draft (spaCy)"] = clock() - t
    t = clock()
    checker.check(document, analysed=doc)
    out["run the rules on it"] = clock() - t
    print(json.dumps(out))


def _peak_rss() -> int:
    """This process's peak RSS in kB. Linux keeps ru_maxrss across exec, so a process started
    by a big one would report the parent's peak: VmHWM is this program's own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(path.glob("*.md"))


def run_child(path: Path, jobs: int = 1) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", "check", str(path), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# -- the measurements ----------------------------------------------------------------------


def machine() -> dict:
    import spacy

    from policycheck import __version__
    from policycheck.nlp import build_pipeline

    pipeline = build_pipeline("sv")
    nproc = _output(["nproc"])
    commit = _output(["git", "rev-parse", "--short", "HEAD"])
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": nproc or str(os.cpu_count()),
        "platform": platform.platform(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "policycheck": f"{__version__} ({commit})" if commit else __version__,
        "pipeline": pipeline.name,
        "pipes": ", ".join(pipeline.nlp.pipe_names),
    }


def _output(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def bare_load_code() -> str:
    """A bare ``python -c`` that loads what ``build_pipeline("sv")`` loads."""
    from policycheck import models
    from policycheck.nlp import build_pipeline

    name = build_pipeline("sv").name
    path = models.shipped_model_path("sv")
    if not name.startswith("blank") and path is not None:
        # the shipped pipeline's lemma component is registered by policycheck.models
        return f"import spacy, policycheck.models; spacy.load({str(path)!r})"
    return (
        "import spacy, srsly, spacy_lookups_data, pathlib; nlp = spacy.blank('sv'); "
        "p = pathlib.Path(spacy_lookups_data.__file__).parent / 'data' / "
        "'sv_lemma_lookup.json.gz'; table = dict(srsly.read_gzip_json(p))"
    )


def overhead(work: Path, sizes: list[str], repeats: int) -> list[dict]:
    """Floor (nlp.pipe) against Checker.check on the same documents, interleaved."""
    from policycheck.engine import Checker
    from policycheck.options import Options
    from policycheck.read import read_path

    checker = Checker(Options())
    pipeline = checker.language("sv").pipeline
    nlp = pipeline.nlp
    rows = []
    for size in sizes:
        words = SIZES[size]
        for layout in ("one file", "1000-word files"):
            if layout == "one file":
                path, n = corpus.write_one_file(work / f"one-{size}", words)
                paths = [path]
            else:
                if words < 10_000 or words > 10_000:  # the scaling table has the others
                    continue
                folder, files, n = corpus.write_many_files(work / f"many-{size}", words)
                paths = sorted(folder.glob("*.md"))
            floor, check = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                if layout == "one file":  # as Pipeline.analyse: its pieces, one at a time
                    texts = pipeline.pieces(read_path(paths[0]).text)
                    for _doc in nlp.pipe(texts, batch_size=1):
                        pass
                else:
                    for _doc in nlp.pipe(read_path(p).text for p in paths):
                        pass
                floor.append(time.perf_counter() - t)
                t = time.perf_counter()
                for p in paths:
                    checker.check(read_path(p))
                check.append(time.perf_counter() - t)
            ratios = [c / f for c, f in zip(check, floor, strict=True)]
            rows.append(
                {
                    "size": size,
                    "layout": layout,
                    "words": n,
                    "floor": floor,
                    "check": check,
                    "ratio": ratios,
                }
            )
            print(
                f"  overhead {size:>4} {layout:16} floor {fmt_s(floor)}  check {fmt_s(check)}"
                f"  overhead {statistics.median(ratios) - 1:+.0%}",
                flush=True,
            )
    return rows


def cold_start(repeats: int) -> list[dict]:
    pc = policycheck_cmd()
    bare = [sys.executable, "-c", bare_load_code()]
    env = {**os.environ, "POLICYCHECK_CACHE_DIR": tempfile.mkdtemp(prefix="pc-bench-cache-")}
    commands = {
        "policycheck --help": [*pc, "--help"],
        "policycheck rules": [*pc, "rules"],
        "policycheck examples/utkast-integrationspolicy.md": [*pc, str(DRAFT), "--no-cache"],
        "policycheck … (second run, from the cache)": [*pc, str(DRAFT)],
    }
    times: dict[str, list[float]] = {name: [] for name in [*commands, "bare"]}
    for _ in range(repeats):
        times["bare"].append(timed(bare, env=env)[0])
        for name, cmd in commands.items():
            times[name].append(timed(cmd, cwd=ROOT, env=env)[0])
    rows = []
    for name in commands:
        ratios = [c / b for c, b in zip(times[name], times["bare"], strict=True)]
        rows.append({"command": name, "time": times[name], "ratio": ratios})
        print(f"  cold {name:50} {fmt_s(times[name])}  {fmt_ratio(ratios)} of bare", flush=True)
    rows.append({"command": "bare spaCy load", "time": times["bare"], "ratio": None})
    print(f"  cold bare spaCy load {fmt_s(times['bare'])}", flush=True)
    split: dict[str, list[float]] = {}
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, __file__, "--phases"], capture_output=True, text=True, check=True
        ).stdout
        for name, seconds in json.loads(out.strip().splitlines()[-1]).items():
            split.setdefault(name, []).append(seconds)
    rows.append({"command": "phases", "phases": split})
    return rows


def scaling(work: Path, sizes: list[str], repeats: int) -> list[dict]:
    rows = []
    for size in sizes:
        words = SIZES[size]
        one, _ = corpus.write_one_file(work / f"one-{size}", words)
        many = corpus.write_many_files(work / f"many-{size}", words)[0]
        for layout, path in (("one file", one), ("1000-word files", many)):
            runs = [run_child(path) for _ in range(repeats)]
            files = len(_files(path))
            rate = [r["words"] / r["seconds"] for r in runs]
            rss = [r["rss"] / 1024 for r in runs]
            rows.append(
                {
                    "size": size,
                    "layout": layout,
                    "files": files,
                    "words": runs[0]["words"],
                    "seconds": [r["seconds"] for r in runs],
                    "rate": rate,
                    "rss": rss,
                }
            )
            print(
                f"  scaling {size:>4} {layout:16} {files:5} files {statistics.median(rate):8.0f}"
                f" words/s  peak {max(rss):6.0f} MB",
                flush=True,
            )
    return rows


def parallel(work: Path, documents: int, repeats: int) -> dict:
    folder = work / f"parallel-{documents}"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(documents):
        (folder / f"draft-{n:04d}.md").write_text(corpus.document(PARALLEL_WORDS, 7_000 + n))
    pc = policycheck_cmd()
    base = [*pc, str(folder), "--no-cache", "--format", "json", "--output", os.devnull]
    cli = {1: [], 2: []}
    inproc = {1: [], 2: []}
    rss = {1: [], 2: []}
    for _ in range(repeats):
        for jobs in (1, 2):
            seconds, peak = timed([*base, "-j", str(jobs)])
            cli[jobs].append(seconds)
            rss[jobs].append(peak / 1024)
            inproc[jobs].append(run_child(folder, jobs)["seconds"])
    return {
        "documents": documents,
        "words": sum(len(p.read_text().split()) for p in folder.glob("*.md")),
        "cli": cli,
        "check": inproc,
        "rss": rss,
        "speedup_cli": [a / b for a, b in zip(cli[1], cli[2], strict=True)],
        "speedup_check": [a / b for a, b in zip(inproc[1], inproc[2], strict=True)],
    }


# -- the report ----------------------------------------------------------------------------


def report(facts: dict, over: list[dict], cold: list[dict], scale: list[dict], par: dict | None):
    lines = [
        "# Performance",
        "",
        "Generated by `python benchmarks/run.py` (see the script's docstring for what each",
        "figure means). Medians of the repeats with (min–max); ratios are taken per repeat,",
        "between runs made side by side.",
        "",
        f"- date: {facts['date']}",
        f"- machine: {facts['nproc']} CPUs (`nproc`), {facts['platform']}, {facts['cpu']}",
        f"- Python {facts['python']}, spaCy {facts['spacy']}, policycheck {facts['policycheck']}",
        f'- pipeline (`build_pipeline("sv")`): {facts["pipeline"]} — {facts["pipes"]}',
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    targets = []
    big = [r for r in over if r["size"] == "100k"]
    if big:
        worst = max(statistics.median(r["ratio"]) - 1 for r in big)
        # issue 12's budget, with the critique model (issue 7's was 25 % without it)
        targets.append(
            (
                "engine overhead ≤ 35 % at 100k words (critique model included)",
                f"{worst:+.0%}",
                worst <= 0.35,
            )
        )
    for row in cold:
        if row["command"] in ("policycheck --help", "policycheck rules"):
            med = statistics.median(row["time"])
            targets.append((f"`{row['command']}` < 0.3 s", f"{med:.2f} s", med < 0.3))
        if row["command"] == "policycheck examples/utkast-integrationspolicy.md":
            med = statistics.median(row["ratio"])
            targets.append(
                ("cold check of the example ≤ 1.3 × bare spaCy load", f"{med:.2f}×", med <= 1.3)
            )
    for layout in ("one file", "1000-word files"):
        rates = {
            r["size"]: statistics.median(r["rate"])
            for r in scale
            if r["layout"] == layout and r["size"] != "1k"
        }
        if len(rates) >= 2:
            ref = rates.get("10k") or next(iter(rates.values()))
            spread = max(abs(v / ref - 1) for v in rates.values())
            sizes = "–".join(rates)
            targets.append(
                (
                    f"words/s within ±20 % from {sizes} words ({layout})",
                    f"±{spread:.1%}",
                    spread <= 0.20,
                )
            )
    many = {r["size"]: max(r["rss"]) for r in scale if r["layout"] == "1000-word files"}
    if len(many) >= 2:
        lo, hi = min(many.values()), max(many.values())
        targets.append(
            (
                "peak memory independent of the number of files",
                f"{lo:.0f}–{hi:.0f} MB for {min(r['files'] for r in scale)}–"
                f"{max(r['files'] for r in scale)} files",
                hi <= lo * 1.25,
            )
        )
    if par is not None:
        med = statistics.median(par["speedup_check"])
        cli = statistics.median(par["speedup_cli"])
        targets.append(
            (
                f"`-j 2` ≥ 1.7× on {par['documents']} documents",
                f"{med:.2f}× checking, {cli:.2f}× whole command",
                med >= 1.7,
            )
        )
    for name, measured, ok in targets:
        lines.append(f"| {name} | {measured} | {mark(ok)} |")

    lines += [
        "",
        "## Engine overhead: policycheck's check against spaCy alone",
        "",
        "floor = `nlp.pipe` over the documents' normalised text (a text over 20,000 characters in",
        "the pieces the check analyses it in, one at a time); check = `Checker.check` on the",
        "same documents (reading included in both); overhead = check / floor − 1.",
        "",
        "| words | layout | floor | check | check / floor | overhead |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in over:
        lines.append(
            f"| {r['words']:,} | {r['layout']} | {fmt_s(r['floor'])} | {fmt_s(r['check'])} | "
            f"{fmt_ratio(r['ratio'])} | {statistics.median(r['ratio']) - 1:+.0%} |"
        )
    lines += [
        "",
        "## Cold start",
        "",
        "Each command in a new process (wall time), against a bare `python -c` that loads the",
        "same pipeline:",
        "",
        "```",
        bare_load_code(),
        "```",
        "",
        "| command | time | / bare load |",
        "|---|---:|---:|",
    ]
    split = next((r["phases"] for r in cold if r["command"] == "phases"), None)
    for r in cold:
        if r["command"] == "phases":
            continue
        ratio = fmt_ratio(r["ratio"]) if r["ratio"] else "1"
        lines.append(f"| `{r['command']}` | {fmt_s(r['time'])} | {ratio} |")
    if split:
        bare = statistics.median(next(r["time"] for r in cold if r["ratio"] is None))
        lines += [
            "",
            "Where a cold check's time goes: the same steps timed one after the other in a",
            "fresh process (`benchmarks/run.py --phases`; interpreter start, reading the",
            "command line and writing the report are not included):",
            "",
            "| step | time | / bare load |",
            "|---|---:|---:|",
        ]
        for name, values in split.items():
            share = statistics.median(values) / bare
            lines.append(f"| {name} | {fmt_s(values)} | {share:.2f}× |")
    lines += [
        "",
        "## Throughput, scaling and memory",
        "",
        "A fresh process per run checks the path as `policycheck check` does (`check_paths`),",
        "after a warm-up that loads the pipeline and the rules; the time covers reading and",
        "checking (not the report); peak memory is the process's maximum RSS.",
        "",
        "| words | layout | files | time | words/s | peak memory |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in scale:
        med, lo, hi = stats(r["rate"])
        lines.append(
            f"| {r['words']:,} | {r['layout']} | {r['files']} | {fmt_s(r['seconds'])} | "
            f"{med:,.0f} ({lo:,.0f}–{hi:,.0f}) | {max(r['rss']):,.0f} MB |"
        )
    if par is not None:
        lines += [
            "",
            f"## Parallel: {par['documents']} documents ({par['words']:,} words)",
            "",
            "Whole command: `policycheck FOLDER --no-cache --format json -j N` (wall time, peak",
            "RSS of any one process); checking: as in the table above, in one process with",
            "`jobs=N` (workers are forked after the pipeline is loaded).",
            "",
            "| | -j 1 | -j 2 | speed-up |",
            "|---|---:|---:|---:|",
            f"| whole command | {fmt_s(par['cli'][1])} | {fmt_s(par['cli'][2])} | "
            f"{fmt_ratio(par['speedup_cli'])} |",
            f"| checking | {fmt_s(par['check'][1])} | {fmt_s(par['check'][2])} | "
            f"{fmt_ratio(par['speedup_check'])} |",
            f"| peak memory | {max(par['rss'][1]):,.0f} MB | {max(par['rss'][2]):,.0f} MB | |",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    parser.add_argument("--no-write", action="store_true", help="do not write the docs page")
    parser.add_argument("--sizes", help="comma-separated, from 1k,10k,100k,1M")
    parser.add_argument("--repeats", type=int, help="repeats per measurement")
    parser.add_argument("--parallel-docs", type=int, help="documents for -j (default 200)")
    parser.add_argument(
        "--notes",
        type=Path,
        default=NOTES,
        help="a Markdown file appended to the page (default: benchmarks/notes.md)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--phases", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    if args.phases:
        phases()
        return
    sizes = (args.sizes or ("1k" if args.quick else "1k,10k,100k,1M")).split(",")
    repeats = args.repeats or (1 if args.quick else 3)
    documents = args.parallel_docs or (4 if args.quick else 200)
    work = Path(tempfile.mkdtemp(prefix="policycheck-bench-"))
    try:
        print("machine …", flush=True)
        facts = machine()
        print(json.dumps(facts, ensure_ascii=False), flush=True)
        print("cold start …", flush=True)
        cold = cold_start(repeats if args.quick else max(repeats, 5))
        print("engine overhead …", flush=True)
        over = overhead(work, [s for s in sizes if s != "1M"], repeats)
        print("throughput and scaling …", flush=True)
        scale = scaling(work, sizes, repeats)
        print("parallel …", flush=True)
        par = parallel(work, documents, repeats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(facts, over, cold, scale, par)
    if args.notes and args.notes.exists():
        text += "\n" + args.notes.read_text(encoding="utf-8")
    print()
    print(text)
    if not args.no_write:
        OUT.write_text(text, encoding="utf-8")
        print(f"written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Check the whole government corpus three ways, side by side, and write docs/scale.md.

    python benchmarks/scale.py                      # ../shared/corpus/regeringen.jsonl.gz
    python benchmarks/scale.py --limit 300 --no-write   # a quick look at the first records

Needs the dask extra (``pip install -e ".[dask]"``; psutil comes with it). One after the other,
each from cold (result cache off, pipelines loaded by the run):

- ``policycheck CORPUS --format jsonl -j 1`` and ``-j 2``: a new process each, as a user runs
  it; the wall time includes starting Python and loading the pipeline;
- ``policycheck.dask.check_jsonl`` on a ``LocalCluster`` of two worker processes (one thread
  each), the results written by the workers as JSON Lines (``to_textfiles``), as one would on
  a real cluster; the wall time is given with and without starting the cluster.

Peak memory is each process's peak resident set (``VmHWM``): sampled for the command line's
process and its pool workers, asked of the Dask workers at the end. From the Dask results
(every document's full result) come the most common findings and, for the documents read as
assignments (document type ``uppdrag``), the share that misses each document-level point.
The three runs' findings are compared: they must be the same. The hand-written part of the
page is benchmarks/scale-notes.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402  (a dependency of distributed: the dask extra)

from policycheck import __version__  # noqa: E402
from policycheck.rule_list import rule_rows  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "regeringen.jsonl.gz"
PAGE = ROOT / "docs" / "scale.md"
NOTES = Path(__file__).resolve().parent / "scale-notes.md"
TARGET_WORDS = 150_000_000  # all Swedish municipalities' steering documents, roughly
MB = 1024 * 1024


@dataclass
class Measured:
    """One way of running the corpus."""

    name: str
    wall: float  # seconds, everything
    check: float  # seconds, without starting the processes (Dask: the cluster)
    main_peak: int  # bytes: the process that ran it (the command line, or the Dask client)
    worker_peaks: list[int] = field(default_factory=list)  # bytes, each worker process
    workers: int = 1
    findings: list[tuple] = field(default_factory=list)  # (file, code, start, end), sorted
    exit_code: int | None = None
    cpu: float = 0.0  # CPU seconds (user + system) of every process that checked


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu() -> float:
    """This process's CPU seconds (run on each Dask worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _hwm(pid: int) -> int:
    """A process's peak resident set so far (bytes), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_command(name: str, corpus: Path, jobs: int, out: Path) -> Measured:
    """``policycheck CORPUS --format jsonl -j JOBS -o OUT`` in a new process."""
    command = [
        sys.executable, "-m", "policycheck", str(corpus), "--format", "jsonl",
        "-j", str(jobs), "--no-cache", "-o", str(out),
    ]  # fmt: skip
    peaks: dict[int, int] = {}
    cpu_before = _children_cpu()  # the command's and, once it has reaped them, its workers'
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    main = psutil.Process(process.pid)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            try:
                for p in [main, *main.children(recursive=True)]:
                    peaks[p.pid] = max(peaks.get(p.pid, 0), _hwm(p.pid))
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{name}: exit {process.returncode}: {err.decode()[-2000:]}")
    # the pool's resource tracker is a child too, but checks nothing: only real workers count
    workers = [v for pid, v in peaks.items() if pid != process.pid and v > 100 * MB]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return Measured(
        name,
        wall,
        wall,
        peaks.get(process.pid, 0),
        workers if jobs > 1 else [],
        jobs,
        sorted((f["file"], f["code"], f["start_offset"], f["end_offset"]) for f in lines),
        process.returncode,
        _children_cpu() - cpu_before,
    )


def run_dask(corpus: Path, out: Path) -> tuple[Measured, list[dict]]:
    """policycheck.dask on a LocalCluster of two worker processes, one thread each."""
    from policycheck.dask import check_jsonl, local_client

    started = time.perf_counter()
    with local_client(2, lang="sv") as client:
        ready = time.perf_counter()
        cpu_before = sum(client.run(_cpu).values())
        bag = check_jsonl([corpus])
        bag.map(lambda r: json.dumps(r, ensure_ascii=False)).to_textfiles(str(out / "*.jsonl"))
        finished = time.perf_counter()
        cpu = sum(client.run(_cpu).values()) - cpu_before
        peaks = list(client.run(lambda: _hwm(os.getpid())).values())
    results = []
    for part in sorted(out.glob("*.jsonl"), key=lambda p: int(p.stem)):
        results += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    findings = sorted(
        (r["path"], f["code"], f["start_offset"], f["end_offset"])
        for r in results
        for f in r["findings"]
    )
    measured = Measured(
        "Dask, 2 local workers", finished - started, finished - ready, _hwm(os.getpid()),
        peaks, 2, findings, None, cpu,
    )  # fmt: skip
    return measured, results


def corpus_sample(limit: int | None, folder: Path) -> tuple[Path, list[dict]]:
    """The corpus (or its first ``limit`` records, written to ``folder``) and its records."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    if limit is None:
        return CORPUS, records
    records = records[:limit]
    path = folder / "sample.jsonl.gz"
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_bytes(gzip.compress(data.encode("utf-8")))
    return path, records


# --- the page ------------------------------------------------------------------------------


def _s(seconds: float) -> str:
    return f"{seconds:,.1f} s"


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def speed_table(runs: list[Measured], documents: int, words: int) -> list[str]:
    base = runs[0].wall
    lines = [
        "| run | wall time | documents/s | words/s | speed-up vs `-j 1` | CPU time | words per "
        "CPU-second | peak memory: main process | peak memory: each worker |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        workers = ", ".join(_mb(p) for p in r.worker_peaks) or "– (checks in the main process)"
        wall = _s(r.wall) + (f" ({_s(r.check)} checking)" if r.check != r.wall else "")
        lines.append(
            f"| {r.name} | {wall} | {documents / r.wall:,.1f} | {words / r.wall:,.0f} | "
            f"{base / r.wall:.2f}× | {_s(r.cpu)} | {words / r.cpu:,.0f} | {_mb(r.main_peak)} | "
            f"{workers} |"
        )
    return lines


def top_findings(results: list[dict], titles: dict[str, tuple[str, str]]) -> list[str]:
    count: Counter[str] = Counter()
    documents: defaultdict[str, set[str]] = defaultdict(set)
    for r in results:
        for f in r["findings"]:
            count[f["code"]] += 1
            documents[f["code"]].add(r["path"])
    checked = sum(1 for r in results if not r["error"])
    lines = [
        "| rule | name | findings | documents | share of documents |",
        "|---|---|---:|---:|---:|",
    ]
    for code, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
        alias, title = titles.get(code, ("", ""))
        docs = len(documents[code])
        lines.append(f"| {code} `{alias}` | {title} | {n:,} | {docs:,} | {_pct(docs, checked)} |")
    return lines


def assignments(
    results: list[dict], kinds: dict[str, str], titles: dict[str, tuple[str, str]], levels: dict
) -> tuple[list[str], dict]:
    """Per document-level rule, the share of assignments (document type ``uppdrag``) it was
    checked on that miss it; and how the detected type meets the corpus's own kind."""
    uppdrag = [r for r in results if r["document_type"] == "uppdrag" and not r["error"]]
    lines = [
        "| rule | point | assignments checked | missing it | share missing |",
        "|---|---|---:|---:|---:|",
    ]
    for code in sorted(c for c, level in levels.items() if level == "document"):
        ran = [r for r in uppdrag if code in r["checked_rules"]]
        missing = sum(1 for r in ran if any(f["code"] == code for f in r["findings"]))
        alias, title = titles[code]
        if ran:
            lines.append(
                f"| {code} `{alias}` | {title} | {len(ran):,} | {missing:,} | "
                f"{_pct(missing, len(ran))} |"
            )
        else:
            lines.append(f"| {code} `{alias}` | {title} | 0 (off for assignments) | – | – |")
    kind_of = Counter((kinds.get(r["path"], "?"), r["document_type"] or "none") for r in results)
    return lines, {
        "uppdrag": len(uppdrag),
        "kinds": kind_of,
        "regeringsuppdrag": sum(n for (k, _), n in kind_of.items() if k == "regeringsuppdrag"),
    }


def projection(dask_run: Measured, words: int) -> tuple[list[str], dict]:
    """Workers for 150 million words in an hour: from the words a Dask worker checks per
    second of CPU (what a worker with a core of its own does), and from the wall time here
    (two workers sharing two busy cores: the pessimistic bound)."""
    per_core = words / dask_run.cpu
    per_worker_wall = words / dask_run.check / dask_run.workers
    hour = per_core * 3600
    needed = TARGET_WORDS / hour
    memory = max(dask_run.worker_peaks)
    with_margin = math.ceil(needed * 1.25)
    limit = math.ceil(memory * 1.5 / (256 * MB)) * 256 * MB
    lines = [
        f"- measured: the two Dask workers used {_s(dask_run.cpu)} of CPU for {words:,} words: "
        f"**{per_core:,.0f} words per CPU-second**, {hour / 1e6:,.1f} million words per "
        "worker-hour for a worker with a core of its own;",
        f"- 150 million words ÷ {hour / 1e6:,.1f} million words per worker-hour = "
        f"**{needed:,.1f} worker-hours**: {math.ceil(needed)} workers for one hour, "
        f"**{with_margin} with a 25 % margin** (start-up, stragglers, uneven partitions);",
        f"- from the wall time here instead ({per_worker_wall:,.0f} words/s per worker, on "
        f"cores shared with other work) it would be "
        f"{math.ceil(TARGET_WORDS / (per_worker_wall * 3600)):,} workers: the bound if the "
        "cluster's cores are as busy as this machine's were;",
        f"- memory: the largest worker peaked at **{_mb(memory)}** resident; give each worker "
        f"**{_mb(limit)}** (`--memory-limit`, 1.5× the peak) and one thread: "
        f"{with_margin} workers × {_mb(limit)} ≈ {with_margin * limit / 1024**3:,.0f} GB in all.",
    ]
    return lines, {"needed": needed, "with_margin": with_margin, "limit": limit}


def page(args, runs, results, records, dask_figures) -> str:
    documents = len(records)
    words = sum(len(r["text"].split()) for r in records)
    rows = rule_rows("sv")
    titles = {r[0]: (r[1], r[-1]) for r in rows}
    levels = {r[0]: r[4] for r in rows}
    kinds = {f"{args.corpus_name}#{r['path']}": r.get("kind", "?") for r in records}
    same = all(r.findings == runs[0].findings for r in runs[1:])
    cpu = os.cpu_count()
    assignment_lines, a = assignments(results, kinds, titles, levels)
    projection_lines, _ = dask_figures
    errors = sum(1 for r in results if r["error"])
    lines = [
        "# Checking a whole administration's documents",
        "",
        "Generated by `python benchmarks/scale.py` from measured numbers; the notes below the "
        "tables are benchmarks/scale-notes.md. How to run policycheck on a corpus: "
        "[JSON Lines in and out](#json-lines-in-and-out) and [Dask](#on-a-dask-cluster).",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {cpu} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"policycheck {__version__}",
        f"- corpus: `{args.corpus_label}`: **{documents:,} documents, {words:,} words** "
        f"(words split at white space), one JSON object a line (`path`, `title`, `kind`, `text`)",
        "- **the timings are noisy**: the machine's two cores are shared with other "
        "engineers' test runs, so a run may have had less than two cores for part of the "
        "time. The runs were made one after the other in one script run, from cold (no "
        "result cache); compare them with each other rather than with other pages.",
        "",
        "## Speed and memory",
        "",
        *speed_table(runs, documents, words),
        "",
        "Wall time is the whole command as a user runs it (starting Python, loading the "
        "pipeline, reading the gzip file, checking, writing the JSON Lines); for Dask, from "
        "starting the cluster (the time without it in brackets). Peak memory is each process's "
        "peak resident set; forked `-j` workers share the parent's pages, which each counts.",
        "",
        f"The three runs found {'the same' if same else '**different**'} findings "
        f"({len(runs[0].findings):,}: file, rule and position compared).",
        "",
        "## What the corpus lacks",
        "",
        f"The ten most common findings over the {documents - errors:,} documents checked:",
        "",
        *top_findings(results, titles),
        "",
        f"**Assignments.** {a['uppdrag']:,} documents were read as assignments (document type "
        f"`uppdrag`, from a title that opens with Uppdrag or Regeringsuppdrag); the corpus "
        f"says {a['regeringsuppdrag']:,} are government assignments (`kind`). The share of "
        "those read as assignments that miss each document-level point (a document rule's "
        "finding), among those the rule ran on:",
        "",
        *assignment_lines,
        "",
        "How the detected document type meets the corpus's own `kind`:",
        "",
        "| kind (corpus) | document type (policycheck) | documents |",
        "|---|---|---:|",
        *[
            f"| {k} | {t} | {n:,} |"
            for (k, t), n in sorted(a["kinds"].items(), key=lambda kv: (kv[0][0], -kv[1]))
        ],
        "",
        "## 150 million words",
        "",
        "Worked from the Dask run's per-worker figures (the checking, without starting the "
        "cluster):",
        "",
        *projection_lines,
    ]
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--no-write", action="store_true", help="print the page instead")
    args = parser.parse_args()
    if not CORPUS.is_file():
        raise SystemExit(f"scale: {CORPUS} not found (../shared beside the repository)")
    with tempfile.TemporaryDirectory(prefix="policycheck-scale-") as tmp:
        folder = Path(tmp)
        corpus, records = corpus_sample(args.limit, folder)
        args.corpus_name = str(corpus)
        args.corpus_label = "../shared/corpus/regeringen.jsonl.gz" + (
            f", first {args.limit} records" if args.limit else ""
        )
        runs = []
        for jobs in (1, 2):
            print(f"policycheck -j {jobs} ...", file=sys.stderr, flush=True)
            out = folder / f"j{jobs}.jsonl"
            runs.append(run_command(f"`policycheck -j {jobs}`", corpus, jobs, out))
            print(f"  {runs[-1].wall:.1f} s", file=sys.stderr)
        print("dask, 2 workers ...", file=sys.stderr, flush=True)
        (folder / "dask").mkdir()
        dask_run, results = run_dask(corpus, folder / "dask")
        print(f"  {dask_run.wall:.1f} s", file=sys.stderr)
        runs.append(dask_run)
        words = sum(len(r["text"].split()) for r in records)
        text = page(args, runs, results, records, projection(dask_run, words))
    if args.no_write:
        print(text)
    else:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

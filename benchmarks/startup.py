"""Start-up time of the quick commands, side by side with what no Python CLI can beat.

Usage: ``python benchmarks/startup.py [--runs N]`` (default 15). Runs each command N times in
turn (interleaved, so a busy machine slows all of them alike) and prints the best and the
median wall time: a bare ``python -c pass``, a bare ``import typer`` (and ``import typer,
pydantic``: typer imports pydantic as soon as a command has an option), ``policycheck
--help`` and ``policycheck rules`` (target: under 0.3 s, docs/performance.md).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def commands() -> dict[str, list[str]]:
    py = sys.executable
    pc = shutil.which("policycheck") or "policycheck"
    return {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import typer'": [py, "-c", "import typer"],
        "python -c 'import typer, pydantic'": [py, "-c", "import typer, pydantic"],
        "policycheck --help": [pc, "--help"],
        "policycheck rules": [pc, "rules"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    cmds = commands()
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(args.runs):
        for name, cmd in cmds.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    print(f"| command ({args.runs} runs) | best | median |")
    print("| --- | ---: | ---: |")
    for name, values in times.items():
        print(f"| `{name}` | {min(values):.3f} s | {statistics.median(values):.3f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

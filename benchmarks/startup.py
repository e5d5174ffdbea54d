"""Start-up benchmark: median wall time of awscalc commands next to ``python3 -c pass``.

A benchmark, not a test (CI machines are noisy). Run from the repository root with the
interpreter that has awscalc installed:

    python benchmarks/startup.py            # 15 runs of each command
    python benchmarks/startup.py --runs 40

Prints one row per command: median milliseconds and the ratio to ``python -c pass``
measured in the same run, so numbers from different machines stay comparable.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def commands() -> list[tuple[str, list[str]]]:
    """The command lines to time: a baseline, help, and an estimate of every example."""
    python = sys.executable
    script = Path(python).with_name("awscalc")  # the console script, as a user runs it
    awscalc = [str(script)] if script.exists() else [python, "-m", "awscalc"]
    rows = [
        ("python -c pass", [python, "-c", "pass"]),
        ("awscalc --help", [*awscalc, "--help"]),
        (COLD_HELP, [*awscalc, "--help"]),
        ("awscalc --version", [*awscalc, "--version"]),
    ]
    for example in sorted((REPO / "examples").glob("*.yaml")):
        rows.append((f"estimate {example.name}", [*awscalc, "estimate", str(example)]))
        rows.append((f"estimate {example.name} -f json",
                     [*awscalc, "estimate", str(example), "--format", "json"]))
    if subprocess.run([*awscalc, "transfer", "--help"], capture_output=True).returncode == 0:
        rows.append(("transfer 100TB -f json", [*awscalc, "transfer", "100TB", "-f", "json"]))
    return rows


# As installed for a user: bytecode caches are written and used. (Some environments set
# PYTHONDONTWRITEBYTECODE, which would recompile the package's source on every run.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# The first --help after installing (or after an upgrade): awscalc's cache is empty, so
# typer builds the commands; later ones are answered from the cache (see README).
COLD_HELP = "awscalc --help (first run: empty cache)"


def median_ms(argv: list[str], runs: int, empty_cache: bool = False) -> float:
    """Median wall time of ``argv`` over ``runs`` runs, after one warm-up run
    (``empty_cache``: each run with a new, empty awscalc cache folder)."""
    subprocess.run(argv, capture_output=True, check=True, env=ENV)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**ENV, "AWSCALC_CACHE_DIR": cache} if empty_cache else ENV
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=True, env=env)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Time every command and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rows = commands()
    baseline = None
    print(f"{'command':<45} {'median ms':>10} {'× python':>9}")
    for label, argv in rows:
        ms = median_ms(argv, args.runs, empty_cache=label == COLD_HELP)
        baseline = baseline or ms
        print(f"{label:<45} {ms:>10.1f} {ms / baseline:>9.1f}")


if __name__ == "__main__":
    main()

"""Projection benchmark: ``estimate --months 36`` against the single-month estimate.

A benchmark, not a test (CI machines are noisy). Run from the repository root with the
interpreter that has awscalc installed:

    python benchmarks/projection.py             # 7 runs of each command
    python benchmarks/projection.py --runs 15

Prints one row per shipped example: the median wall time of ``estimate -f json`` and of
``estimate --months 36 -f json`` and their ratio (target: at most 3×, issue #22).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
MONTHS = "36"


def awscalc() -> list[str]:
    """The console script as a user runs it (else ``python -m awscalc``)."""
    script = Path(sys.executable).with_name("awscalc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "awscalc"]


def pairs() -> list[tuple[str, list[str], list[str]]]:
    """``(example, single-month command, projection command)`` for every example."""
    command = awscalc()
    return [(example.name, [*command, "estimate", str(example), "-f", "json"],
             [*command, "estimate", str(example), "--months", MONTHS, "-f", "json"])
            for example in sorted((REPO / "examples").glob("*.yaml"))]


def median_ms(argv: list[str], runs: int) -> float:
    """Median wall time of ``argv`` over ``runs`` runs, after one warm-up run."""
    subprocess.run(argv, capture_output=True, check=True, env=ENV)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True, env=ENV)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    """Time every example both ways and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"| example | estimate (ms) | --months {MONTHS} (ms) | ratio |")
    print("|---|---:|---:|---:|")
    worst = 0.0
    for name, single, projected in pairs():
        one, many = median_ms(single, args.runs), median_ms(projected, args.runs)
        worst = max(worst, many / one)
        print(f"| {name} | {one:.0f} | {many:.0f} | {many / one:.2f}× |")
    print(f"\nworst ratio: {worst:.2f}× (target ≤ 3×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

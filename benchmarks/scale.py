"""Scale benchmark: ``awscalc estimate`` on generated specs of many resources.

A benchmark, not a test. Generates specs of N resources (a mix of Route 53, Lambda, S3
and CloudFront resources, as a large organisation's spec might hold) and prints the
median wall time of a full ``estimate --format json`` in a child process for each N
(of ``--runs`` runs, default 3), and the ratio of each time to the previous one:

    python benchmarks/scale.py                    # N = 1,000, 10,000, 100,000
    python benchmarks/scale.py 10000 100000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = [
    "{{service: route53, hosted_zones: 1, queries: {{standard: {n}M, alias: 2M}}}}",
    "{{service: lambda, memory: 512 MB, requests: {n}M, duration: 120 ms}}",
    "{{service: s3, storage: [{{class: STANDARD, size: {n} GB}}], data_transfer_out: 10 GB}}",
    "{{service: cloudfront, data_transfer_out: {n} GB, requests: 1M, "
    "viewers: {{north_america: 70%, europe: 30%}}}}",
]


def write_spec(count: int, directory: Path) -> Path:
    """A spec of ``count`` resources cycling through :data:`TEMPLATES`."""
    lines = ["name: scale-test", "region: us-east-1", "resources:"]
    for index in range(count):
        body = TEMPLATES[index % len(TEMPLATES)].format(n=index % 50 + 1)
        lines.append(f"  r{index:06d}: {body}")
    path = directory / f"scale-{count}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seconds(spec: Path) -> float | str:
    """Wall time of one ``estimate --format json`` of ``spec``, or its error message."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "awscalc", "estimate", str(spec),
                             "--format", "json"], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return result.stderr.strip() if result.returncode else elapsed


def main() -> None:
    """Time ``estimate`` for each resource count given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    previous = None
    with tempfile.TemporaryDirectory() as scratch:
        print(f"{'resources':>10} {'seconds':>9} {'× previous':>11}   (median of {args.runs})")
        for count in args.counts:
            spec = write_spec(count, Path(scratch))
            times = [seconds(spec) for _ in range(args.runs)]
            failed = [t for t in times if isinstance(t, str)]
            if failed:
                print(f"{count:>10} failed: {failed[0]}")
                continue
            median = statistics.median(times)  # type: ignore[type-var]
            ratio = f"{median / previous:.1f}" if previous else ""
            print(f"{count:>10} {median:>9.2f} {ratio:>11}")
            previous = median


if __name__ == "__main__":
    main()
